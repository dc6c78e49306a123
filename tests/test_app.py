"""The web app's parts without a browser: lessons and settings, monthly indicators, the map,
the household view, guides and texts. (tests/test_app_e2e.py drives the app in Chromium.)"""

from __future__ import annotations

from pathlib import Path

import csv
import inspect
import io

import numpy as np
import pytest

from wijksim.app import charts, i18n, mapview
from wijksim.app.guide import guide_text
from wijksim.app.household import household_markdown
from wijksim.app.lessons import CONTROLS, LESSONS, defaults, lesson_for, with_settings
from wijksim.app.session import LessonModel, baseline_history
from wijksim.indicators import similar_neighbours
from wijksim.config import load_scenario

TEACHING = Path(__file__).resolve().parents[1] / "scenarios" / "teaching"


@pytest.fixture(scope="module")
def schelling():
    return LessonModel(str(TEACHING / "schelling.yaml"))


def test_every_teaching_scenario_is_valid_and_has_guides_in_both_languages():
    for path in sorted(TEACHING.glob("*.yaml")):
        sc = load_scenario(path)
        for lang in i18n.LANGUAGES:
            guide = path.with_name(f"{path.stem}.{lang}.md")
            assert guide.is_file(), guide
            assert guide_text(path, sc, lang) == guide.read_text(encoding="utf-8")
    assert set(LESSONS) <= {load_scenario(p).name for p in TEACHING.glob("*.yaml")}


def test_a_scenario_without_guide_shows_its_description(tmp_path):
    sc = load_scenario(TEACHING / "klasstad.yaml")
    text = guide_text(tmp_path / "other.yaml", sc, "en")
    assert i18n.t("no_guide", "en") in text and "classroom city" in text


def test_every_text_exists_in_both_languages():
    for table in (i18n.TEXTS, i18n.CLASS_NAMES, i18n.TENURE_NAMES, i18n.DOMAIN_NAMES, i18n.LABOUR_TEXT, i18n.CAPITAL_TEXT):
        for key, texts in table.items():
            assert set(texts) == set(i18n.LANGUAGES) and all(texts.values()), key
    for lesson in LESSONS.values():
        assert all(key in i18n.TEXTS for key in lesson.controls + lesson.charts)


def test_default_settings_leave_the_scenario_as_written_and_changes_add_interventions():
    sc = load_scenario(TEACHING / "klasstad.yaml")
    lesson = lesson_for(sc)
    assert with_settings(sc, defaults(sc, lesson)) == sc
    changed = with_settings(sc, {key: CONTROLS[key].hi if not CONTROLS[key].switch else True for key in CONTROLS})
    kinds = {kind: spec for kind, spec in changed.intervention_specs()}
    assert set(kinds) == {"wijkteam", "buurtgezinnen", "basisbaan", "housing_mix", "meeting_places", "connectors",
                          "school_policy"}
    assert all(spec.wijken == ["Noord"] and spec.years == [1, sc.run.years] for spec in kinds.values())
    assert kinds["basisbaan"].places == 300 and kinds["wijkteam"].access_point
    assert changed.model.housing.tolerance == CONTROLS["tolerance"].hi


def test_a_lesson_model_is_built_from_its_file_and_the_controls(schelling):
    assert set(inspect.signature(LessonModel).parameters) == {"lesson_file"} | set(CONTROLS)
    assert schelling.horizon == 120 and list(schelling.config.city.wijken) == ["Schellingwijk"]
    again = LessonModel(str(TEACHING / "schelling.yaml"), tolerance=schelling.defaults["tolerance"])
    assert again.is_baseline and again.history == schelling.history[:1]
    assert i18n.lesson_name("schelling", "nl") != i18n.lesson_name("schelling", "en")
    assert i18n.lesson_name("my-own-lesson", "nl") == "my-own-lesson"


def test_a_live_control_changes_the_running_model_and_others_refuse():
    m = LessonModel(str(TEACHING / "schelling.yaml"))
    for _ in range(3):
        m.step()
    m.set_live("tolerance", 0.2)
    assert m.config.model.housing.tolerance == 0.2 and m.kp["housing"].tolerance == 0.2
    assert not m.is_baseline
    m.set_live("tolerance", m.defaults["tolerance"])
    assert not m.is_baseline  # its history already differs from the baseline's
    m.step()
    assert m.month == 4
    with pytest.raises(ValueError):
        m.set_live("basisbaan", 50)


def test_charts_have_fixed_ranges_units_yearly_means_and_a_difference_view():
    live = [{"overburdened_share": 0.10 + 0.001 * m, "trust": 0.5} for m in range(25)]
    base = [{"overburdened_share": 0.10, "trust": 0.5} for _ in range(25)]
    keys = ("overburdened_share", "trust")
    values = charts.chart_data(keys, live, base, "nl", "Noord")
    assert [(c["lo"], c["hi"]) for c in values] == [(0.0, 20.0), (0.0, 100.0)]  # 10%, doubled: the run passes 10%
    assert values[0]["ticks"] == [[float(v), f"{v}%"] for v in range(0, 21, 4)]
    assert values[1]["ticks"][-1] == [100.0, "100"]
    small = [{"overburdened_share": 0.02, "trust": 0.5}, {"overburdened_share": 0.021, "trust": 0.5}]
    assert charts.chart_data(keys, small, None, "nl", "Noord")[0]["hi"] == 10.0  # fixed: no zoom into 2.0-2.1%
    assert values[0]["subtitle"] == "in wijk Noord" and values[0]["live"][3] == [3, 10.3]
    yearly = charts.chart_data(keys, live, base, "nl", "Noord", smooth=True)[0]["live"]
    assert yearly == [[0, 10.0], [12, pytest.approx(10.65)], [24, pytest.approx(11.85)]]
    diff = charts.chart_data(keys, live, base, "en", "Noord", diff=True)
    assert (diff[0]["lo"], diff[0]["hi"]) == (-8, 8) and diff[0]["live"][-1] == [24, pytest.approx(2.4)]
    assert diff[0]["baseline"] is None and diff[1]["live"][5] == [5, 0.0]
    assert charts.chart_data(keys, live, None, "nl", "", diff=True)[0]["live"] == []  # no baseline, no difference
    assert charts.chart_data(("dissimilarity_class",), [{"dissimilarity_class": 0.3}], None, "nl", "Noord")[0][
        "subtitle"] == i18n.t("whole_city", "nl")


def test_chart_data_as_csv_in_both_languages():
    live = [{"trust": 0.5}, {"trust": 0.25}]
    nl = charts.csv_text(("trust",), live, [{"trust": 0.5}, {"trust": 0.5}], "nl").splitlines()
    assert nl[0] == f"maand;{i18n.t('trust', 'nl')};{i18n.t('trust', 'nl')} — basisrun"
    assert nl[1:] == ["0;50;50", "1;25;50"]
    en = list(csv.reader(io.StringIO(charts.csv_text(("trust",), [{"trust": 0.125}], None, "en"))))
    assert en == [["month", i18n.t("trust", "en")], ["0", "12.5"]]  # the title's comma is quoted
    assert charts.csv_text(("trust",), [{"trust": 0.125}], None, "nl").splitlines()[1] == "0;12,5"


def test_schelling_lesson_runs_only_housing_and_segregates(schelling):
    assert schelling.lesson is LESSONS["schelling"]
    on = [k for k, v in schelling.config.model.processes.model_dump().items() if v]
    assert on == ["housing"]
    start = schelling.history[0]
    for _ in range(24):
        schelling.step()
    assert schelling.month == 24 and len(schelling.history) == 25 and schelling.running
    assert schelling.history[-1]["similar_share"] > start["similar_share"] + 0.1
    assert baseline_history(schelling) is None  # settings as written: no separate baseline


def test_similar_share_matches_the_housing_kernel(schelling):
    m = schelling
    before = similar_neighbours(m)[1]
    living = m.s.living()
    m.step()  # the housing kernel stores every household's share (s.similar) before anyone moves
    assert np.array_equal(m.s.living(), living)  # only housing runs: nobody arrives or leaves
    np.testing.assert_allclose(before, m.s.similar[living])


def test_changed_settings_run_beside_a_baseline_with_the_same_seed():
    tolerant = LessonModel(str(TEACHING / "schelling.yaml"), tolerance=0.15)
    assert not tolerant.is_baseline and tolerant.config.model.housing.tolerance == 0.15
    for _ in range(12):
        tolerant.step()
    base = baseline_history(tolerant)
    assert len(base) == 13 and base[0] == tolerant.history[0]  # same start: same seed
    assert base[-1]["similar_share"] > tolerant.history[-1]["similar_share"]


def test_map_image_and_click_to_household(schelling):
    m = schelling
    for mode in mapview.MODES:
        rgb = mapview.cell_colours(m, mode)
        assert rgb.shape == m.layout.cell_dw.shape + (3,)
        assert mapview.map_png(m, mode).startswith(b"\x89PNG")
    occupied = int(m.s.dwelling[m.s.living()[0]])
    h, w = m.layout.cell_dw.shape
    fx, fy = (m.layout.dw_x[occupied] + 0.5) / w, (m.layout.dw_y[occupied] + 0.5) / h
    assert mapview.dwelling_at(m, fx, fy) == occupied
    assert mapview.dwelling_at(m, 1.5, 0.5) == -1
    nl, en = household_markdown(m, occupied, "nl"), household_markdown(m, occupied, "en")
    assert "Klasse" in nl and "Kapitalen" in nl and "Class" in en and "Social ties" in en
    vacant = int(np.flatnonzero(m.dw_hh < 0)[0])
    assert household_markdown(m, vacant, "en") == i18n.t("empty_dwelling", "en")


def test_map_palette_legend_steps_and_wijk_names(schelling):
    assert len(set(mapview.CLASS_COLOURS)) == 7 and mapview.VACANT not in mapview.CLASS_COLOURS
    assert sorted(n for _, members in mapview.CLASS_BANDS for n in members) == list(range(7))
    groups = mapview.legend(schelling, "class", "nl")
    assert [title for title, _ in groups] == ["Midden", "Onderkant", ""]  # the two classes present, and vacant
    assert [label for _, items in groups for _, label in items] == ["Werkende middengroep", "Precariaat", "leeg"]
    steps = mapview.legend(schelling, "draaglast", "nl")[0][1]
    assert [label for _, label in steps] == ["geen draaglast", "0–0,1", "0,1–0,2", "0,2–0,3", "0,3–0,5", "≥ 0,5"]
    assert mapview.draaglast_step(np.array([0.0, 0.05, 0.1, 0.25, 0.4, 0.5, 2.0])).tolist() == [0, 1, 2, 3, 4, 5, 5]
    labels = mapview.wijk_labels(schelling)
    assert labels == [{"name": "Schellingwijk", "x": pytest.approx(0.5, abs=0.02), "y": pytest.approx(0.5, abs=0.02)}]


def test_classroom_mode_prints_a_qr_code_and_caps_the_speed(monkeypatch, capsys):
    from wijksim.app import server
    from wijksim.cli import parser

    qr = server.qr_text("http://192.168.1.20:8765")
    assert len(qr.splitlines()) >= 12 and {"█", "▄"} <= set(qr)  # two QR rows per text line
    assert server.lan_address().count(".") == 3
    args = parser().parse_args(["app", "--klas", "--no-open"])
    assert args.klas and args.host is None and args.max_speed is None
    seen = {}
    monkeypatch.setattr(server.os, "execve", lambda exe, command, env: seen.update(command=command, env=env))
    server.serve(None, klas=True, open_browser=False)
    assert seen["command"][seen["command"].index("--host") + 1] == "0.0.0.0"
    assert seen["env"][server.MAX_SPEED_ENV] == str(server.KLAS_MAX_SPEED)
    assert "Studenten openen" in capsys.readouterr().out
