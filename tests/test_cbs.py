"""A city built from CBS "Kerncijfers wijken en buurten": the test file's figures come back in
the initial city, both CSV variants give the same city, and bad files or codes give one line
and exit code 2.

The expected figures are read from the fixture here with the csv module, independently of
wijksim.cbs. Tolerances (docs/model.md, "Building a city from CBS data"):
- households per buurt: exact (round(households x scale));
- tenure shares of a buurt's dwellings: 2 points, or one dwelling in a buurt of under 50
  (exact shares, rounded to whole dwellings);
- low- and high-income shares of a buurt's households: 5 points (the class mix reproduces
  the expected shares; households draw their capitals around their class means);
- shares of one-person households and of households with children: 5 points.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from dataclasses import replace
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from ruamel.yaml import YAML

from wijksim import cbs, city
from wijksim.city import build_city
from wijksim.classes import SCP_SHARES
from wijksim.compare import target_wijken
from wijksim.config import Scenario, ScenarioError, load_scenario, resolve_wijk
from wijksim.model import WijkModel
from wijksim.population import earnings, place_initial
from wijksim.state import ECON, State
from wijksim.validation import real_city

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
COMMA = DATA / "kerncijfers_test_GM9999.csv"
SEMICOLON = DATA / "kerncijfers_test_GM9999_puntkomma.csv"
IN_MOVERS = {"werkende_bovenlaag": 0.22, "jongere_kansrijken": 0.15, "rentenierende_bovenlaag": 0.05,
             "werkende_middengroep": 0.28, "laagopgeleide_gepensioneerden": 0.17, "onzekere_werkenden": 0.05,
             "precariaat": 0.08}
TENURE_TOL, INCOME_TOL, TYPES_TOL = 0.02, 0.05, 0.05


def scenario_dict(path: Path = COMMA, **city) -> dict:
    return {"name": "cbs-test", "run": {"years": 1, "seed": 7, "replications": 1, "burn_in_years": 0},
            "city": {"from_cbs": str(path), "gemeente": "GM9999", **city},
            "population": {"in_movers": {"classes": dict(IN_MOVERS)}}}


def fixture_rows(path: Path = COMMA) -> dict[str, dict[str, str]]:
    """The fixture's rows by code, its cells stripped (independent of wijksim.cbs)."""
    delimiter = ";" if path == SEMICOLON else ","
    with open(path, newline="", encoding="utf-8") as fh:
        return {r["Codering_3"].strip(): {k: v.strip() for k, v in r.items()} for r in csv.DictReader(fh, delimiter=delimiter)}


def num(row: dict, key: str) -> float | None:
    v = row[key].replace(",", ".")
    return None if v == "." else float(v)


def initial_city(sc: Scenario):
    """The city and its households as placed at the start (before network, classes and burn-in)."""
    layout = build_city(sc.city, sc.run.seed)
    s = State(layout.n_dwellings, sc.model.network.max_ties)
    place_initial(s, layout, sc, sc.run.seed)
    return layout, s


@pytest.fixture(scope="module")
def city_full():
    sc = Scenario.model_validate(scenario_dict())
    return sc, *initial_city(sc)


def test_initial_city_reproduces_the_cbs_figures(city_full):
    sc, layout, s = city_full
    plan = sc.city.cbs_plan
    rows = fixture_rows()
    living = s.living()
    hh_buurt = layout.dw_buurt[s.dwelling[living]]
    inc = earnings(s.cap[living, ECON], sc.model)  # CBS's low/high-income shares as ranks (docs/model.md)
    worst = {"tenure": 0.0, "income": 0.0, "types": 0.0}
    assert [b.figures.code for b in plan.buurten] == sorted(c for c in rows if c.startswith("BU9999"))
    for b, buurt in enumerate(plan.buurten):
        code = buurt.figures.code
        row = rows[code]
        wijk = rows["WK" + code[2:8]]
        assert layout.buurt_names[b] == f"{row['WijkenEnBuurten']} ({code})"
        # households: exactly CBS's count at scale 1, in round(households / occupancy) dwellings
        mine = hh_buurt == b
        assert mine.sum() == num(row, "HuishoudensTotaal_28")
        dws = layout.buurt_dw[layout.buurt_dw_start[b]:layout.buurt_dw_start[b + 1]]
        assert dws.size == round(mine.sum() / sc.model.demography.occupancy)
        # tenure of the buurt's dwellings: koop -> owner, corporatie -> social rent, overige -> private rent
        source = row if num(row, "Koopwoningen_40") is not None else wijk  # BU99990204: its wijk's mix
        cbs_t = np.array([num(source, k) for k in ("InBezitWoningcorporatie_42", "InBezitOverigeVerhuurders_43", "Koopwoningen_40")])
        cbs_t = cbs_t / cbs_t.sum()
        ten = layout.dw_tenure[dws]
        got = np.array([(ten == 0).mean(), (ten == 1).mean(), (ten == 3).mean()])
        assert (ten != 2).all()  # CBS does not tell middle rent apart
        tol = max(TENURE_TOL, 1 / dws.size)  # a buurt of a few dwellings: one dwelling
        if dws.size >= 100:
            worst["tenure"] = max(worst["tenure"], np.abs(got - cbs_t).max())
        assert np.abs(got - cbs_t).max() <= tol, (code, got, cbs_t)
        # income: low-income households (CBS lage-inkomensgrens) and the national top 20%
        low = num(row, "HuishoudensMetEenLaagInkomen_78")
        if low is None and num(row, "HuishOnderOfRondSociaalMinimum_79") is not None:  # Oude Haven
            low = num(row, "HuishOnderOfRondSociaalMinimum_79") * num(wijk, "HuishoudensMetEenLaagInkomen_78") / num(wijk, "HuishOnderOfRondSociaalMinimum_79")
        low = (low if low is not None else num(wijk, "HuishoudensMetEenLaagInkomen_78")) / 100
        high = (num(row, "k_20HuishoudensMetHoogsteInkomen_77") or num(wijk, "k_20HuishoudensMetHoogsteInkomen_77")) / 100
        assert buurt.figures.low_income == pytest.approx(low) and buurt.figures.high_income == pytest.approx(high)
        got_low = (inc[mine] < plan.low_income_limit).mean()
        got_high = (inc[mine] >= plan.high_income_limit).mean()
        if mine.sum() >= 100:  # BU99990204 has 25 households: too few to count shares
            worst["income"] = max(worst["income"], abs(got_low - low), abs(got_high - high))
            assert abs(got_low - low) <= INCOME_TOL, (code, got_low, low)
            assert abs(got_high - high) <= INCOME_TOL, (code, got_high, high)
            # household types: one-person (single, no children) and with children
            one = num(row, "Eenpersoonshuishoudens_29") / num(row, "HuishoudensTotaal_28")
            kids = num(row, "HuishoudensMetKinderen_31") / num(row, "HuishoudensTotaal_28")
            has_kids = (s.child_age[living][mine] >= 0).any(axis=1)
            got_one = ((s.single[living][mine] == 1) & ~has_kids).mean()
            worst["types"] = max(worst["types"], abs(got_one - one), abs(has_kids.mean() - kids))
            assert abs(got_one - one) <= TYPES_TOL, (code, got_one, one)
            assert abs(has_kids.mean() - kids) <= TYPES_TOL, (code, has_kids.mean(), kids)
    print(f"largest deviations: {worst}")


def test_buurten_with_more_elderly_get_more_elderly_heads(city_full):
    sc, layout, s = city_full
    plan = sc.city.cbs_plan
    living = s.living()
    hh_buurt = layout.dw_buurt[s.dwelling[living]]
    cbs_old = np.array([b.figures.old for b in plan.buurten])
    heads = np.array([(s.age[living][hh_buurt == b] >= 65).mean() for b in range(len(plan.buurten))])
    rank = lambda x: np.argsort(np.argsort(x))  # noqa: E731
    assert np.corrcoef(rank(cbs_old), rank(heads))[0, 1] > 0.7


def test_both_csv_variants_give_the_same_city():
    a = Scenario.model_validate(scenario_dict(COMMA, scale=0.3))
    b = Scenario.model_validate(scenario_dict(SEMICOLON, scale=0.3))
    pa, pb = a.city.cbs_plan, b.city.cbs_plan
    assert pa.buurt_names == pb.buurt_names and pa.wijk_names == pb.wijk_names
    for x, y in zip(pa.buurten, pb.buurten):
        assert (x.n_households, x.n_dwellings) == (y.n_households, y.n_dwellings)
        assert x.figures == y.figures
        np.testing.assert_allclose(x.classes, y.classes)
    (la, sa), (lb, sb) = initial_city(a), initial_city(b)
    for name in ("dw_x", "dw_y", "dw_buurt", "dw_tenure", "dw_band", "dw_family"):
        np.testing.assert_array_equal(getattr(la, name), getattr(lb, name))
    np.testing.assert_array_equal(sa.cap, sb.cap)
    np.testing.assert_array_equal(sa.dwelling, sb.dwelling)


def test_scale_and_selected_wijken():
    sc = Scenario.model_validate(scenario_dict(scale=0.1, wijken=["WK999903", "WK999901"]))
    plan = sc.city.cbs_plan
    rows = fixture_rows()
    assert sc.city.wijken == plan.wijk_names == ["Zuid (WK999903)", "Centrum (WK999901)"]
    for b in plan.buurten:
        assert b.n_households == round(num(rows[b.figures.code], "HuishoudensTotaal_28") * 0.1)
    layout = build_city(sc.city, 1)
    assert layout.n_dwellings == plan.n_dwellings
    # every buurt is one block of its own: no cell holds two dwellings, buurten do not interleave
    assert np.unique(layout.dw_y * layout.width + layout.dw_x).size == layout.n_dwellings
    for b in range(len(plan.buurten)):
        dws = layout.buurt_dw[layout.buurt_dw_start[b]:layout.buurt_dw_start[b + 1]]
        x, y = layout.dw_x[dws], layout.dw_y[dws]
        box = layout.cell_dw[y.min():y.max() + 1, x.min():x.max() + 1]
        inside = box[box >= 0]
        assert np.all(layout.dw_buurt[inside] == b)


def same_tenure_neighbours(layout) -> float:
    """The share of occupied Moore-neighbour cells whose dwelling has the same tenure."""
    same = total = 0
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            if (dx, dy) == (0, 0):
                continue
            x, y = layout.dw_x + dx, layout.dw_y + dy
            ok = (x >= 0) & (y >= 0) & (x < layout.width) & (y < layout.height)
            other = layout.cell_dw[y[ok], x[ok]]
            here = layout.dw_tenure[ok][other >= 0]
            same += (here == layout.dw_tenure[other[other >= 0]]).sum()
            total += (other >= 0).sum()
    return same / total


def test_tenure_lies_in_complexes():
    """A CBS city lays tenure out in blocks of about complex_size real dwellings (default 50:
    5 x 5 cells at scale 0.5); complex_size 1 scatters it. A grid city scatters by default and
    takes complexes when asked (50: 7 x 7 cells); a value other than the default survives the
    round trip through scenario.resolved.yaml's dump."""
    cbs_city = Scenario.model_validate(scenario_dict(scale=0.5)).city
    assert cbs_city.complex_size == 50 and city.complex_side(cbs_city) == 5
    scattered = build_city(Scenario.model_validate(scenario_dict(scale=0.5, complex_size=1)).city, 3)
    assert same_tenure_neighbours(build_city(cbs_city, 3)) > same_tenure_neighbours(scattered) + 0.2
    grid = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    assert grid.city.complex_size == 1
    data = grid.model_dump(mode="json")
    data["city"]["complex_size"] = 50
    blocks = Scenario.model_validate(Scenario.model_validate(data).model_dump(mode="json")).city
    assert blocks.complex_size == 50 and city.complex_side(blocks) == 7
    assert same_tenure_neighbours(build_city(blocks, 3)) > same_tenure_neighbours(build_city(grid.city, 3)) + 0.2


def test_interventions_name_a_cbs_wijk_by_name_code_or_both():
    names = ["Centrum (WK999901)", "Noord (WK999902)", "Noord-Oost (WK999903)"]
    assert resolve_wijk("Noord", names) == resolve_wijk("WK999902", names) == "Noord (WK999902)"
    assert resolve_wijk("Noord (WK999902)", names) == "Noord (WK999902)"
    assert resolve_wijk("Zuid", names) is None
    assert resolve_wijk("Noord", names + ["Noord (WK999904)"]) is None  # two wijken of that name
    assert resolve_wijk("Noord", ["Noord", "Zuid"]) == "Noord"  # a grid city: its own names


def test_the_file_s_other_gemeente_and_all_its_wijken():
    sc = Scenario.model_validate(scenario_dict() | {"city": {"from_cbs": str(COMMA), "gemeente": "GM9998"}})
    plan = sc.city.cbs_plan
    assert plan.selection.gemeente_name == "Testdorp (testbestand)"
    assert sc.city.wijken == ["Dorp (WK999800)"] and len(plan.buurten) == 2


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def fixture_table(path: Path = COMMA) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh, delimiter=";" if path == SEMICOLON else ","))


NATIONAL_HEADER = ["WijkenEnBuurten", "SoortRegio_2", "Codering_3", "AantalInwoners_5", "k_65JaarOfOuder_12",
                   "HuishoudensTotaal_28", "Eenpersoonshuishoudens_29", "HuishoudensZonderKinderen_30",
                   "HuishoudensMetKinderen_31", "Koopwoningen_40", "InBezitWoningcorporatie_42",
                   "InBezitOverigeVerhuurders_43", "k_20HuishoudensMetHoogsteInkomen_77", "HuishoudensMetEenLaagInkomen_78"]


def test_a_buurt_with_national_figures_gets_the_scp_mix(tmp_path):
    # 65+: 20% of 2,000 residents; households: 1,000, 32% with children; low income 6.3%, top 20% 20%
    row = ["1000", "400", "280", "320", "57", "30", "13", "20.0", "6.3"]
    path = write_csv(tmp_path / "nl.csv", [NATIONAL_HEADER,
                                           ["Gemiddeld", "Gemeente", "GM0001", "2000", "400", *row],
                                           ["Gemiddeld", "Wijk", "WK000100", "2000", "400", *row],
                                           ["Gemiddeld", "Buurt", "BU00010000", "2000", "400", *row]])
    sc = Scenario.model_validate(scenario_dict(path) | {"city": {"from_cbs": str(path), "gemeente": "GM0001"}})
    np.testing.assert_allclose(sc.city.cbs_plan.buurten[0].classes, SCP_SHARES / SCP_SHARES.sum(), atol=1e-6)
    # a Nederland row sets the national references: the same buurt is then below average
    path = write_csv(tmp_path / "with_nl.csv", [NATIONAL_HEADER, ["Nederland", "Land", "NL01", "2000", "400", *row[:-2], "25.0", "9.0"],
                                                ["Gemiddeld", "Buurt", "BU00010000", "2000", "400", *row]])
    sc = Scenario.model_validate(scenario_dict(path) | {"city": {"from_cbs": str(path), "gemeente": "GM0001"}})
    plan = sc.city.cbs_plan
    assert plan.national["low_income"] == pytest.approx(0.09) and plan.national["high_income"] == pytest.approx(0.25)
    assert any("Nederland row" in n for n in plan.notices)
    q = np.array(plan.buurten[0].classes)
    assert q[-1] < SCP_SHARES[-1] / SCP_SHARES.sum()  # fewer precariaat than nationally


def test_reader_matches_columns_of_other_years_and_titles(tmp_path):
    assert cbs.stem("HuishoudensTotaal_29") == cbs.stem("HuishoudensTotaal_28") == "huishoudenstotaal"
    assert cbs.stem("Huishoudens/Huishoudens totaal (aantal)") == "huishoudenstotaal"
    assert cbs.stem("k_20HuishoudensMetHoogsteInkomen_85") == cbs.stem("20% huishoudens met hoogste inkomen (%)")
    assert cbs.stem("Huish. onder of rond sociaal minimum (%)") == cbs.stem("HuishOnderOfRondSociaalMinimum_79")
    base = Scenario.model_validate(scenario_dict()).city.cbs_plan
    # 2024 numbering, a title line above the header and a footnote below the data
    rows = fixture_table()
    renumbered = [[h.rsplit("_", 1)[0] + "_" + str(int(h.rsplit("_", 1)[1]) + 7) if h.rsplit("_", 1)[-1].isdigit() else h
                   for h in rows[0]]] + rows[1:]
    path = write_csv(tmp_path / "2024.csv", [["Kerncijfers wijken en buurten 2024"], *renumbered, ["Bron: CBS"]])
    plan = Scenario.model_validate(scenario_dict(path)).city.cbs_plan
    assert [replace(b.figures, line=0) for b in plan.buurten] == [replace(b.figures, line=0) for b in base.buurten]
    # a raw OData export: codes in WijkenEnBuurten, no Codering, no names
    header = rows[0]
    i_wb, i_cod = header.index("WijkenEnBuurten"), header.index("Codering_3")
    raw = [[c for j, c in enumerate(r) if j != i_cod] for r in [header] + [r[:i_wb] + [r[i_cod]] + r[i_wb + 1:] for r in rows[1:]]]
    path = write_csv(tmp_path / "raw.csv", raw)
    plan = Scenario.model_validate(scenario_dict(path)).city.cbs_plan
    assert plan.buurt_names[0] == "BU99990101"
    assert [b.figures.households for b in plan.buurten] == [b.figures.households for b in base.buurten]
    assert any("no names" in n for n in plan.notices)
    # Windows-1252 (Excel on Windows), with an accented name
    text = COMMA.read_text(encoding="utf-8").replace("Binnenstad", "Binnenstad-Zuidwest Café")
    (tmp_path / "cp1252.csv").write_bytes(text.encode("cp1252"))
    plan = Scenario.model_validate(scenario_dict(tmp_path / "cp1252.csv")).city.cbs_plan
    assert plan.buurt_names[0] == "Binnenstad-Zuidwest Café (BU99990101)"
    assert any("Windows-1252" in n for n in plan.notices)


# The fixture's columns as the classic StatLine export titles them (83765NED, 2017), with its indent markers
CLASSIC_TITLES = {
    "WijkenEnBuurten": "", "Gemeentenaam_1": "||Gemeentenaam", "SoortRegio_2": "Soort regio", "Codering_3": "Codering",
    "AantalInwoners_5": "||Aantal inwoners", "k_65JaarOfOuder_12": "||65 jaar of ouder",
    "HuishoudensTotaal_28": "|||Huishoudens totaal", "Eenpersoonshuishoudens_29": "||Eenpersoonshuishoudens",
    "HuishoudensZonderKinderen_30": "||Huishoudens zonder kinderen", "HuishoudensMetKinderen_31": "||Huishoudens met kinderen",
    "GemiddeldeHuishoudensgrootte_32": "||Gemiddelde huishoudensgrootte", "PercentageEengezinswoning_36": "||Percentage eengezinswoning",
    "Koopwoningen_40": "|||Koopwoningen", "InBezitWoningcorporatie_42": "|||In bezit woningcorporatie",
    "InBezitOverigeVerhuurders_43": "|||In bezit overige verhuurders",
    "k_20HuishoudensMetHoogsteInkomen_77": "||20% huishoudens met hoogste inkomen",
    "HuishoudensMetEenLaagInkomen_78": "||Huishoudens met een laag inkomen",
    "HuishOnderOfRondSociaalMinimum_79": "||Huish. onder of rond sociaal minimum",
}


def test_classic_statline_export_gives_the_same_city(tmp_path):
    """The fixture re-written as the classic StatLine export (Rotterdam's files in ../shared/cbs-real):
    a title line, an empty line, ';Onderwerp', titles with indent markers and an untitled region
    column, a units row, decimal commas, a BOM and CRLF."""
    rows = fixture_table()
    keep = [i for i, h in enumerate(rows[0]) if h in CLASSIC_TITLES]
    header = [CLASSIC_TITLES[rows[0][i]] for i in keep]
    units = ["Wijken en buurten" if t == "" else "%" if "%" in t or "Percentage" in t or "In bezit" in t
             or "Koop" in t or "inkomen" in t or "minimum" in t else "aantal" for t in header]
    comma = (lambda c: c.strip().replace(".", ",") if re.fullmatch(r"-?\d+\.\d+", c.strip()) else c.strip())  # noqa: E731
    data = [[comma(r[i]) for i in keep] for r in rows[1:]]
    lines = [["Kerncijfers wijken en buurten 2022"] + [""] * (len(header) - 1), [""] * len(header),
             ["", "Onderwerp"] + [""] * (len(header) - 2), header, units, *data]
    text = io.StringIO()
    csv.writer(text, delimiter=";", lineterminator="\r\n").writerows(lines)
    path = tmp_path / "classic.csv"
    path.write_bytes(text.getvalue().encode("utf-8-sig"))
    base = Scenario.model_validate(scenario_dict()).city.cbs_plan
    plan = Scenario.model_validate(scenario_dict(path)).city.cbs_plan
    assert plan.buurt_names == base.buurt_names and plan.wijk_names == base.wijk_names
    assert [replace(b.figures, line=0) for b in plan.buurten] == [replace(b.figures, line=0) for b in base.buurten]
    assert plan.selection.gemeente_name == "Teststad (testbestand)"


def test_wijken_and_buurten_without_households_are_left_out_with_one_notice(tmp_path):
    rows = fixture_table()
    col = rows[0].index("HuishoudensTotaal_28")
    households = {"BU99990204": "0", "BU99990202": "4", "WK999903": "0"}  # Zuid: the wijk and all its buurten
    for r in rows:
        code = r[4].strip()
        if code in households or code.startswith("BU999903"):
            r[col] = households.get(code, "0")
    path = write_csv(tmp_path / "zero.csv", rows)
    sc = Scenario.model_validate(scenario_dict(path))  # the default: leave them out
    codes = [b.figures.code for b in sc.city.cbs_plan.buurten]
    assert "BU99990204" not in codes and "BU99990202" in codes and not any(c.startswith("BU999903") for c in codes)
    assert sc.city.wijken == ["Centrum (WK999901)", "Noord (WK999902)"]
    left_out = [n for n in sc.city.notices() if "left out" in n]
    assert len(left_out) == 1, left_out
    assert "1 wijk (WK999903) and 4 buurten (BU99990204, BU99990301, BU99990302, BU99990303) without households" in left_out[0]
    # a buurt of 4 households rounds to 0 at scale 0.1: left out too, whether skip is set or the default
    for city in ({}, {"empty_buurten": "skip"}):
        sc = Scenario.model_validate(scenario_dict(path, scale=0.1, **city))
        assert "BU99990202" not in [b.figures.code for b in sc.city.cbs_plan.buurten]
        assert any("1 buurt (BU99990202) with fewer households than one simulated household at city.scale 0.1 "
                   "left out" in n for n in sc.city.notices())
    # the resolved scenario pins the file by checksum
    data = sc.model_dump(mode="json")
    assert data["city"]["sha256"] == sc.city.sha256 and "grid" not in data["city"]
    assert "wijken" not in data["population"]
    path.write_text(path.read_text().replace("2410", "2420"))
    with pytest.raises(Exception, match="has changed"):
        Scenario.model_validate(data)


def test_resolved_scenario_repeats_the_run(tmp_path):
    sc = Scenario.model_validate(scenario_dict(scale=0.1))
    again = Scenario.model_validate(sc.model_dump(mode="json"))
    a, b = WijkModel(sc), WijkModel(again)
    a.run_years(1)
    b.run_years(1)
    ind = a.indicators()
    assert set(ind.loc[ind["level"] == "buurt", "unit"]) == set(sc.city.cbs_plan.buurt_names)
    assert ind.equals(b.indicators())


# -- the command line --------------------------------------------------------------------------------

def wijksim(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "wijksim.cli", *args], capture_output=True, text=True, cwd=cwd)


SCENARIO = """name: cbs
run: {{years: 1, seed: 3, replications: 1, burn_in_years: 0}}
city:
  from_cbs: {path}
  gemeente: {gemeente}
  wijken:
    - WK999901
    - {wijk}
  scale: 0.1
{city}population:
{population}  in_movers:
    classes: {{werkende_bovenlaag: 0.22, jongere_kansrijken: 0.15, rentenierende_bovenlaag: 0.05, werkende_middengroep: 0.28, laagopgeleide_gepensioneerden: 0.17, onzekere_werkenden: 0.05, precariaat: 0.08}}
"""


IN_MOVERS_TEXT = "{" + ", ".join(f"{k}: {v}" for k, v in IN_MOVERS.items()) + "}"


def scenario_text(path="data.csv", gemeente="GM9999", wijk="WK999902", population="", city=""):
    return SCENARIO.format(path=path, gemeente=gemeente, wijk=wijk, population=population, city=city)


def _edit(match: str, column: str, value: str):
    def edit(rows):
        col = rows[0].index(column)
        for r in rows:
            if r[4].strip() == match:
                r[col] = value
        return rows
    return edit


def _drop(column: str):
    def edit(rows):
        col = rows[0].index(column)
        return [r[:col] + r[col + 1:] for r in rows]
    return edit


def _blank(*columns: str):
    """Every cell of the columns '.', as in the 2018 table whose income figures were not yet published."""
    def edit(rows):
        for column in columns:
            col = rows[0].index(column)
            for r in rows[1:]:
                r[col] = "."
        return rows
    return edit


def _copy(rows):
    return rows


def _ragged(rows):
    rows[5] = rows[5][:10]
    return rows


BAD = {
    # name: (scenario text, csv text or a function editing the fixture's rows, expected text, where:
    #        "scenario:<needle>" for the scenario's line, "csv:<line>" for the CSV's line)
    "missing_file": (scenario_text(path="nope.csv"), None, "city.from_cbs: no such file", "scenario:from_cbs"),
    "foreign_csv": (scenario_text(), "datum,temperatuur\n2024-01-01,3.5\n", "not a CBS 'Kerncijfers wijken en buurten' table", "csv:1"),
    "needed_column": (scenario_text(), _drop("HuishoudensTotaal_28"), "needed column missing: HuishoudensTotaal", "csv:1"),
    "income_column": (scenario_text(), _drop("HuishoudensMetEenLaagInkomen_78"), "HuishoudensMetEenLaagInkomen", "csv:1"),
    "gemeente_not_in_file": (scenario_text(gemeente="GM0363"), _copy, "gemeente GM0363 is not in", "scenario:gemeente"),
    "wijk_not_in_file": (scenario_text(wijk="WK999909"), _copy, "wijk WK999909 is not in", "scenario:WK999909"),
    "bad_wijk_code": (scenario_text(wijk="Noord"), _copy, "'Noord' is not a wijk code", "scenario:Noord"),
    "zero_households": (scenario_text(city="  empty_buurten: error\n"), _edit("BU99990202", "HuishoudensTotaal_28", "0"),
                        "has 0 households", "csv:9"),
    "rounds_to_zero": (scenario_text(city="  empty_buurten: error\n"), _edit("BU99990202", "HuishoudensTotaal_28", "4"),
                       "round to 0 simulated households", "csv:9"),
    "no_income_figures": (scenario_text(), _blank("HuishoudensMetEenLaagInkomen_78", "HuishOnderOfRondSociaalMinimum_79"),
                          "no figures for GM9999 (every cell is '.' or empty)", "csv:1"),
    "not_a_number": (scenario_text(), _edit("BU99990102", "Koopwoningen_40", "veel"), "'veel' is not a number", "csv:5"),
    "not_a_percentage": (scenario_text(), _edit("BU99990102", "Koopwoningen_40", "140"), "not a percentage", "csv:5"),
    "ragged_row": (scenario_text(), _ragged, "fields where the header", "csv:6"),
    "empty_file": (scenario_text(), "", "empty file", "csv:"),
    "binary_file": (scenario_text(), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file", "csv:"),
    "population_wijken": (scenario_text(population="  wijken: {WK999901: %s}\n" % IN_MOVERS_TEXT), _copy,
                          "population.wijken: leave out for a city built from CBS data", "scenario:wijken: {WK999901"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_cbs_input_gives_one_line_exit_2_and_no_output(tmp_path, case):
    text, data, expected, where = BAD[case]
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(text)
    csv_path = tmp_path / "data.csv"
    if isinstance(data, bytes):
        csv_path.write_bytes(data)
    elif isinstance(data, str):
        csv_path.write_text(data)
    elif data is not None:
        write_csv(csv_path, data(fixture_table()))
    out = tmp_path / "out"
    for command in (["run", str(scenario), "--out", str(out)], ["validate", str(scenario)]):
        result = wijksim(*command)
        assert result.returncode == 2, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert expected in lines[0], lines[0]
        kind, _, needle = where.partition(":")
        if kind == "scenario":
            line = next(i for i, t in enumerate(text.splitlines(), 1) if needle in t)
            assert lines[0].startswith(f"wijksim: error: {scenario}:{line}: "), lines[0]
        else:
            assert lines[0].startswith(f"wijksim: error: {csv_path}:{needle}"), lines[0]
    assert not out.exists()
    assert not list(tmp_path.glob(".out*"))


def test_example_scenario_validates_with_a_notice_per_fallback_kind():
    result = wijksim("validate", str(ROOT / "scenarios" / "cbs-teststad.yaml"))
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout and "10 buurten" in result.stdout
    notices = [line for line in result.stderr.splitlines() if line.startswith("wijksim: notice: ")]
    assert len(notices) == len(set(notices)) >= 5
    assert any("low-income share missing for 1 buurt (BU99990103)" in n for n in notices)
    assert any("high-income share missing for 2 buurten (BU99990204, BU99990301)" in n for n in notices)


def test_cbs_scenario_runs_from_the_command_line(tmp_path):
    scenario = tmp_path / "cbs.yaml"
    scenario.write_text(scenario_text(path=str(COMMA), wijk="WK999903"))
    out = tmp_path / "out"
    result = wijksim("run", str(scenario), "--out", str(out), "--workers", "1", "--no-plots")
    assert result.returncode == 0, result.stderr
    ind = pd.read_parquet(out / "indicators.parquet")
    assert set(ind.loc[ind["level"] == "wijk", "unit"]) == {"Centrum (WK999901)", "Zuid (WK999903)"}
    assert "Villapark (BU99990302)" in set(ind.loc[ind["level"] == "buurt", "unit"])
    resolved = load_scenario(out / "scenario.resolved.yaml")
    assert resolved.city.from_cbs == str(COMMA) and resolved.city.wijken == ["Centrum (WK999901)", "Zuid (WK999903)"]


def test_interventions_target_cbs_wijken_by_name_or_code():
    d = scenario_dict(scale=0.1)
    d["interventions"] = [{"school_policy": {"wijken": ["Noord (WK999902)"], "years": [1, 1], "local_choice": True}}]
    sc = Scenario.model_validate(d)
    WijkModel(sc).run_years(1)
    d["interventions"][0]["school_policy"]["wijken"] = ["WK999902"]
    m = WijkModel(Scenario.model_validate(d))
    assert m.layout.wijk_names[m.interventions[0].wijken[0]] == "Noord (WK999902)"
    # the comparison and the report find the wijk's results under the name the indicators use
    assert target_wijken(Scenario.model_validate(d)) == ["Noord (WK999902)"]
    d["interventions"][0]["school_policy"]["wijken"] = ["Noord"]  # the name alone, as a modeller knows it
    assert Scenario.model_validate(d).interventions[0].school_policy.wijken == ["Noord (WK999902)"]
    d["interventions"][0]["school_policy"]["wijken"] = ["Zuidpunt"]
    with pytest.raises(Exception, match="Noord \\(WK999902\\)"):  # the error lists the city's wijken
        Scenario.model_validate(d)


def test_grid_keys_and_cbs_keys_do_not_mix(tmp_path):
    with pytest.raises(Exception, match="not used with from_cbs"):
        Scenario.model_validate(scenario_dict(grid={"width": 10, "height": 10}))
    path = tmp_path / "s.yaml"
    text = scenario_text(path=str(COMMA)).replace("  scale: 0.1\n", "  scal: 0.1\n")
    path.write_text(text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "scal:" in t)
    with pytest.raises(ScenarioError, match=rf"s.yaml:{line}: city.scal: unknown key; allowed keys: grid, from_cbs, gemeente, wijken, scale"):
        load_scenario(path)


# -- the real CBS files in ../shared/cbs-real (not in the repository) ------------------------------

def _shared_cbs() -> Path | None:
    """../shared/cbs-real next to this clone, else /work/shared/cbs-real; None when absent."""
    for folder in (ROOT.parent / "shared" / "cbs-real", Path("/work/shared/cbs-real")):
        if folder.is_dir():
            return folder
    return None


SHARED = _shared_cbs()
needs_shared = pytest.mark.skipif(SHARED is None, reason="the real CBS files are not here: ../shared/cbs-real "
                                                         "(next to this clone) is absent")
AMSTERDAM_2019 = "84583NED_2019_Amsterdam_GM0363_TypedDataSet.csv"
ROTTERDAM_2017 = "83765NED_2017_Rotterdam_GM0599_StatLine_export.csv"
ROTTERDAM_2018 = "84286NED_2018_Rotterdam_GM0599_StatLine_export.csv"
POPULATION_2024 = "85984NED_2024_Nederland_bevolking_StatLine.csv"
SAMPLE_2024 = "85984NED_2024_sample_7rows_StatLine_formatted.csv"


def real_buurten(name: str) -> dict[str, tuple[float, float | None]]:
    """Households and low-income share (%) per buurt, read here with the csv module (independent
    of wijksim.cbs): the TypedDataSet by its keys, the classic export by its titles under five
    header lines, with decimal commas."""
    rows = list(csv.reader(io.StringIO((SHARED / name).read_text(encoding="utf-8-sig")), delimiter=";"))
    if name == AMSTERDAM_2019:
        header, data, code, hh, low = rows[0], rows[1:], "Codering_3", "HuishoudensTotaal_28", "HuishoudensMetEenLaagInkomen_78"
    else:
        header, data = [h.lstrip("|") for h in rows[3]], rows[5:]
        code, hh, low = "Codering", "Huishoudens totaal", "Huishoudens met een laag inkomen"
    col = {h: i for i, h in enumerate(header)}
    value = (lambda cell: None if cell.strip() in ("", ".") else float(cell.strip().replace(",", ".")))  # noqa: E731
    return {r[col[code]].strip(): (value(r[col[hh]]) or 0.0, value(r[col[low]]))
            for r in data if r[col[code]].strip().startswith("BU")}


@needs_shared
@pytest.mark.parametrize("name, gemeente", [(AMSTERDAM_2019, "GM0363"), (ROTTERDAM_2017, "GM0599")])
def test_real_files_give_every_buurt_with_households(name, gemeente):
    expected = real_buurten(name)
    sel = cbs.select(cbs.read_table(SHARED / name), gemeente, None)
    kept = {c: v for c, v in expected.items() if round(v[0]) > 0}
    assert [b.code for b in sel.buurten] == sorted(kept)
    for b in sel.buurten:
        households, low = kept[b.code]
        assert b.households == households
        if low is not None:
            assert b.low_income == pytest.approx(low / 100)  # decimal comma in the classic export
    left_out = [n for n in sel.notices if "without households left out" in n]
    assert len(left_out) == 1 and f"{len(expected) - len(kept)} buurten" in left_out[0]


@needs_shared
@pytest.mark.parametrize("name, expected", [
    (ROTTERDAM_2018, "Huishoudens met een laag inkomen: no figures for GM0599 (every cell is '.' or empty)"),
    (POPULATION_2024, "needed columns missing: HuishoudensTotaal"),
    (SAMPLE_2024, "needed columns missing: HuishoudensTotaal"),
])
def test_real_files_without_the_needed_figures_give_one_line_and_exit_2(tmp_path, name, expected):
    scenario = tmp_path / "s.yaml"
    scenario.write_text(scenario_text(path=str(SHARED / name), gemeente="GM0599", wijk="WK059901")
                        .replace("    - WK999901\n", ""))
    result = wijksim("validate", str(scenario))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith(f"wijksim: error: {SHARED / name}:") and expected in lines[0], lines[0]


@needs_shared
@pytest.mark.parametrize("scenario, name", [("amsterdam-2019.yaml", AMSTERDAM_2019), ("rotterdam-2017.yaml", ROTTERDAM_2017)])
def test_real_city_scenarios_validate_in_a_fresh_clone_next_to_shared(tmp_path, scenario, name):
    """The scenario names the file as ../../shared/cbs-real/...: a clone at x/main with the shared
    folder at x/shared (here: a link to it) finds it; every wijk is taken, none listed by hand."""
    text = (ROOT / "scenarios" / scenario).read_text()
    assert f"from_cbs: ../../shared/cbs-real/{name}" in text and "\n  wijken:" not in text
    (tmp_path / "main" / "scenarios").mkdir(parents=True)
    (tmp_path / "main" / "scenarios" / scenario).write_text(text)
    (tmp_path / "shared").symlink_to(SHARED.parent, target_is_directory=True)
    result = wijksim("validate", "scenarios/" + scenario, cwd=tmp_path / "main")
    assert result.returncode == 0, result.stderr
    scale = float(re.search(r"\n  scale: ([0-9.]+)", text).group(1))
    kept = [c for c, (hh, _) in real_buurten(name).items() if round(hh * scale) > 0]
    assert f" {len({c[2:8] for c in kept})} wijken and {len(kept)} buurten " in result.stdout, result.stdout


def in_movers(name: str) -> dict:
    return dict(YAML(typ="safe").load((ROOT / "scenarios" / name).read_text())["population"]["in_movers"]["classes"])


def test_cbs_teststad_takes_the_in_mover_profile_of_the_baseline():
    """cbs-teststad says its in-mover mix is scenarios/baseline.yaml's (the kerncijfers do not
    describe in-movers): it must stay equal to it when the baseline is recalibrated."""
    assert "in-mover\n  # profile of scenarios/baseline.yaml" in (ROOT / "scenarios" / "cbs-teststad.yaml").read_text()
    assert in_movers("cbs-teststad.yaml") == in_movers("baseline.yaml")


@pytest.mark.parametrize("scenario", ["amsterdam-2019.yaml", "rotterdam-2017.yaml"])
def test_real_cities_say_how_their_in_mover_mix_was_found(scenario):
    """The real cities' in-movers hold their class shares still (wijksim in-movers); the file
    names the command that gives the mix, and the mix is its own, not the baseline's."""
    assert f"#   wijksim in-movers scenarios/{scenario}\n" in (ROOT / "scenarios" / scenario).read_text()
    assert in_movers(scenario) != in_movers("baseline.yaml")


# -- the real-city check of validate-model ----------------------------------------------------------

def _result(low_share: list[float], cbs_low: list[float | None], households: list[int], end_shift: float = 0.0) -> dict:
    units = [f"B{i}" for i in range(len(low_share))]
    years = [(0, low_share), (real_city.YEARS, [v + end_shift for v in low_share])]
    buurten = pd.DataFrame([{"replication": 0, "year": y, "unit": u, "households": n, "low_share": v}
                            for y, shares in years for u, n, v in zip(units, households, shares)])
    start = dict(zip(real_city.SHARES, [0.2, 0.1, 0.1, 0.25, 0.15, 0.1, 0.1]))
    end = start | {"share_precariaat": 0.12, "share_werkende_bovenlaag": 0.175, "share_jongere_kansrijken": 0.105}
    city = pd.DataFrame([{"replication": 0, "year": 0, "dissimilarity_class": 0.30, "dissimilarity_income": 0.20,
                          **start},
                         {"replication": 0, "year": real_city.YEARS, "dissimilarity_class": 0.36,
                          "dissimilarity_income": 0.21, **end}])
    return {"buurten": buurten, "city": city, "cbs_low": dict(zip(units, cbs_low)), "relet": 0.12}


def test_real_city_check_ranks_eligible_buurten_and_measures_drift():
    n = real_city.MIN_HOUSEHOLDS
    # the last two buurten break the order, but one is too small and the other has no CBS figure of its own
    r = _result([0.1, 0.2, 0.3, 0.4, 0.9, 0.05], [0.05, 0.06, 0.08, 0.12, 0.01, None], [n, n, n, n, n - 1, n])
    assert real_city.rho(r, 0) == pytest.approx(1.0) and len(real_city.eligible(r)) == 4
    r = _result([0.4, 0.3, 0.2, 0.1], [0.05, 0.06, 0.08, 0.12], [n] * 4)
    assert real_city.rho(r, real_city.YEARS) == pytest.approx(-1.0)
    again = {key: value.assign(replication=1) if isinstance(value, pd.DataFrame) else value for key, value in r.items()}
    table, extras = real_city.evaluate({"real_city_rotterdam_2017": [r, again]}, {"amsterdam_2019": "no such file"})
    assert list(table["target"]) == [t.key for t in real_city.targets("rotterdam_2017")]
    assert all(t.startswith("real_city_") for t in table["target"])
    result = dict(zip(table["target"], zip(table["model"], table["result"])))
    assert result["real_city_rotterdam_2017_rho"] == (pytest.approx(-1.0), "FAIL")
    assert result["real_city_rotterdam_2017_class_drift"] == (pytest.approx(0.06), "FAIL")  # tolerance 0.04
    assert result["real_city_rotterdam_2017_income_drift"] == (pytest.approx(0.01), "pass")  # tolerance 0.03
    text = "\n".join(real_city.report_lines(extras))
    assert "Amsterdam 2019: not run: no such file" in text and "0.300 → 0.360" in text
    assert "Rotterdam 2017: model 12.0%" in text
    assert "Rotterdam 2017: two lowest classes 20.0% → 22.0%; largest change -2.5 points (werkende bovenlaag)" in text


def test_pooled_rho_shrinks_the_noise_of_single_replications():
    """Each replication swaps two neighbouring buurten (rho 0.8); together they rank as CBS does."""
    n = real_city.MIN_HOUSEHOLDS
    cbs = [0.05, 0.06, 0.08, 0.12]
    a, b = _result([0.1, 0.3, 0.2, 0.4], cbs, [n] * 4), _result([0.2, 0.1, 0.35, 0.45], cbs, [n] * 4)
    b = {key: value.assign(replication=1) if isinstance(value, pd.DataFrame) else value for key, value in b.items()}
    assert real_city.rho(a, 0) == pytest.approx(0.8) and real_city.rho(b, 0) == pytest.approx(0.8)
    assert real_city.pooled_rho([a, b], 0) == pytest.approx(1.0)
    _, extras = real_city.evaluate({"real_city_amsterdam_2019": [a, b]}, {})
    assert "| 0.800 (1.000) |" in "\n".join(real_city.report_lines(extras))


@needs_shared
def test_real_city_job_on_a_small_rotterdam(tmp_path, monkeypatch):
    """The job on the real Rotterdam file at a small scale for one year: it returns the model's buurten
    and CBS's own low-income shares, and in year 0 the model ranks buurten as CBS does (class mixes
    are fitted to the CBS income figures)."""
    (tmp_path / "main" / "scenarios").mkdir(parents=True)
    text = re.sub(r"\n  scale: [0-9.]+", "\n  scale: 0.01", (ROOT / "scenarios" / "rotterdam-2017.yaml").read_text(), count=1)
    assert "\n  scale: 0.01" in text
    (tmp_path / "main" / "scenarios" / "rotterdam-2017.yaml").write_text(text)
    runs, skipped = real_city.configurations(tmp_path / "main" / "scenarios", 1)
    assert set(skipped) == {"amsterdam_2019", "rotterdam_2017"} and "no such file" in skipped["rotterdam_2017"]
    (tmp_path / "shared").symlink_to(SHARED.parent, target_is_directory=True)
    runs, skipped = real_city.configurations(tmp_path / "main" / "scenarios", 1)
    sc = runs["real_city_rotterdam_2017"]
    assert (sc.run.years, sc.run.replications) == (real_city.YEARS, 1)
    monkeypatch.setattr(real_city, "YEARS", 1)
    data = sc.model_dump(mode="json")
    data["run"]["burn_in_years"] = 0
    r = real_city.real_city_job(data, 0)
    assert set(r["buurten"]["year"]) == {0, 1}
    assert r["cbs_low"]["Stadsdriehoek (BU05990110)"] == pytest.approx(0.079)  # '7,9' in the file
    rho, n = real_city.rho(r, 0), len(real_city.eligible(r))
    assert n >= 30 and rho > 0.7, (rho, n)
    assert 0 < r["relet"] < 1
    assert r["city"][real_city.SHARES].sum(axis=1).to_numpy() == pytest.approx(1.0)
