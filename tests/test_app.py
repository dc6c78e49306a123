"""The web app's parts without a browser: lessons and settings, monthly indicators, the map,
the household view, guides and texts. (tests/test_app_e2e.py drives the app in Chromium.)"""

from __future__ import annotations

from pathlib import Path

import inspect

import numpy as np
import pytest
from mesa.visualization import Slider

from wijksim.app import i18n, mapview
from wijksim.app.guide import guide_text
from wijksim.app.household import household_markdown
from wijksim.app.lessons import CONTROLS, LESSONS, defaults, lesson_for, with_settings
from wijksim.app.page import model_params
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


def test_model_params_rebuild_the_model_the_way_solaraviz_does(schelling):
    params = model_params(schelling, "en")
    assert set(params) == {"lesson_file", "tolerance"}
    assert isinstance(params["tolerance"], Slider) and params["tolerance"].label.startswith("Tolerance")
    assert model_params(schelling, "nl")["tolerance"].label.startswith("Tolerantie")
    # SolaraViz's Reset calls the model class with the fixed values and the sliders' values
    assert set(inspect.signature(LessonModel).parameters) == {"lesson_file"} | set(CONTROLS)
    again = LessonModel(params["lesson_file"], tolerance=params["tolerance"].value)
    assert again.is_baseline and again.history == schelling.history[:1]


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
