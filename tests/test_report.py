"""wijksim report: the numbers behind each section (cost-benefit account, priorities, year-0
cohort, rounding) on made-up tables, and the command on a small city (tests/report_case.py)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from report_case import report_folder, wijksim  # noqa: F401  (a fixture)
from wijksim.compare import _per_outcome
from wijksim.labels import round_sig, shown
from wijksim.report import build, mkba, priorities
from wijksim.report.schema import Mkba, Priorities
from wijksim.report.text import euro, number


def city_frames(years: int = 3, reps: int = 3, cost: float = 1000.0, saved: float = 100.0):
    """Baseline and scenario city rows: the scenario spends `cost` a year and saves `saved` a
    year in care; benefit and evictions equal, except replication noise in care."""
    rows_b, rows_s = [], []
    for r in range(reps):
        for y in range(years + 1):
            common = {"replication": r, "year": y, "unit": "city", "level": "city", "households": 1000.0,
                      "benefit_share": 0.1, "households_in_basisbaan": 0.0, "evictions_per_1000": 1.0}
            rows_b.append({**common, "cost_eur": 500.0, "intervention_cost_eur": 0.0})
            rows_s.append({**common, "cost_eur": 500.0 - saved - r, "intervention_cost_eur": cost if y else 0.0})
    return pd.DataFrame(rows_b), pd.DataFrame(rows_s)


def test_mkba_discounts_flows_and_gives_npv_and_bc_with_intervals():
    base, scen = city_frames()
    m = Mkba(discount_rate=0.0225)
    acc = mkba.account(base, scen, m)
    d = 1.0225 ** -np.arange(1, 4)
    cost = 1000 * d.sum()
    benefit = np.array([(100 + r) * d.sum() for r in range(3)])  # care saved, per replication
    assert acc.pv_cost == pytest.approx(cost)
    assert acc.npv[0] == pytest.approx((benefit - cost).mean())
    assert acc.npv[1] < acc.npv[0] < acc.npv[2]
    assert acc.bc[0] == pytest.approx((benefit / cost).mean())
    # nothing off benefit, no evictions avoided: those items are zero, whatever their unit values
    assert acc.items.set_index("item").loc[["bijstand", "taxes", "evictions"], "pv"].abs().max() == 0
    assert acc.npv_low == pytest.approx(acc.npv_high)


def test_mkba_counts_households_off_benefit_without_basisbaan_participants_twice():
    base, scen = city_frames(saved=0.0)
    scen["benefit_share"] = 0.09           # 10 fewer households on benefit...
    scen["households_in_basisbaan"] = 4.0  # ...of whom 4 are in a basisbaan (booked net of bijstand)
    acc = mkba.account(base, scen, Mkba(discount_rate=0.0))
    items = acc.items.set_index("item")
    assert items.loc["bijstand", "pv"] == pytest.approx(6 * 3 * Mkba().benefit_per_household_year.value)
    assert items.loc["taxes", "pv"] == pytest.approx(6 * 3 * Mkba().taxes_per_household_year_off_benefit.value)


def test_no_bc_ratio_without_cost():
    base, scen = city_frames(cost=0.0)
    assert np.isnan(mkba.account(base, scen, Mkba()).bc[0])


@pytest.mark.parametrize("spend, gains, expected", [
    (1000.0, [10.0, 11.0, 9.0], 100.0),          # beyond noise: cost per unit
    (1000.0, [10.0, -11.0, 2.0], np.nan),        # interval contains zero: none
    (1000.0, [1e-9, 1.1e-9, 0.9e-9], 1e12),      # tiny but certain: still a figure (it moved)
    (0.0, [10.0, 11.0, 9.0], np.nan),            # nothing spent here: none
    (1000.0, [-10.0, -11.0, -9.0], np.nan),      # worse: none
])
def test_cost_per_outcome_only_beyond_noise(spend, gains, expected):
    per = _per_outcome(spend, np.array(gains))[3]
    assert (np.isnan(per) and np.isnan(expected)) or per == pytest.approx(expected)


def test_rounding_and_labels():
    assert shown("escalated_share", 0.04876) == "4.9"
    assert shown("escalated_share", -0.00001, signed=True) == "+0.0"  # no "-0.0"
    assert shown("trust", 0.4351) == "43.5"
    assert round_sig(11781481645.3) == "11,800,000,000"
    assert round_sig(0.0012345) == "0.00123"
    assert number(1234.5, 1, "nl") == "1.234,5" and number(1234.5, 1, "en") == "1,234.5"
    assert euro(60_300_000, "nl") == "€ 60,3 mln" and euro(27_049, "nl") == "€ 27.000"


def diffs_table(effects: dict[str, dict[str, tuple[float, float, float]]]) -> pd.DataFrame:
    """A differences table for unit A: scenario -> indicator -> (difference, p5, p95)."""
    rows = []
    for sc, by in effects.items():
        for ind, (d, lo, hi) in by.items():
            rows.append({"period": "mean over years", "unit": "A", "indicator": ind, "difference": d, "p5": lo,
                         "p95": hi, "scenario_name": sc})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("diff, lo, hi, expected", [
    (-0.3, -0.5, -0.1, "good"),   # the printed interval -0.5 to -0.1 lies below zero
    (-0.1, -0.14, -0.04, "noise"),  # beyond chance, but printed as -0.1 to -0.0: it reaches zero
    (0.1, 0.04, 0.16, "noise"),
    (0.04, 0.01, 0.07, "noise"),  # the difference itself prints as 0.0
    (-0.1, -0.2, 0.05, "noise"),  # within chance
])
def test_an_effect_is_only_coloured_when_its_printed_interval_excludes_zero(diff, lo, hi, expected):
    assert build.tone(diff, lo, hi, -1, 1) == expected
    assert build.tone(diff, lo, hi, -1) == ("noise" if lo <= 0 <= hi else "good" if diff < 0 else "bad")


def test_priorities_per_class_rank_by_the_cohort_of_that_class():
    def table(escalated, help_):
        row = {"group": "precariaat"}
        for key, (d, lo, hi) in {"escalated": escalated, "help": help_, "economic": (0, -1, 1), "work": (0, -1, 1),
                                 "lonely": (0, -1, 1), "trust": (0, -1, 1)}.items():
            row.update({key: d, f"{key}_lo": lo, f"{key}_hi": hi})
        return pd.DataFrame([row])

    effects = {"a": table((-2.0, -3.0, -1.0), (1.0, -1.0, 3.0)), "b": table((-1.0, -1.5, -0.5), (5.0, 4.0, 6.0))}
    prio = Priorities(classes={"precariaat": {"problemen_uit_de_hand": 1, "hulp_als_nodig": 1, "kansen_kinderen": 1}})
    (r,) = priorities.class_rankings(effects, prio, "baseline")
    assert r["ranking"]["a"] == pytest.approx(50) and r["ranking"]["b"] == pytest.approx(75)  # (0.5 + 1) / 2
    assert r["left_out"] == ["kansen_kinderen"]  # not recorded per class


def test_priorities_rank_by_residents_and_municipality_and_say_where_they_differ():
    d = diffs_table({
        "jobs": {"employment_rate": (0.05, 0.04, 0.06), "lonely_share": (0.0, -0.01, 0.01),
                 "benefit_share": (-0.02, -0.03, -0.01), "escalations_per_1000": (-1, -2, -0.5)},
        "social": {"employment_rate": (0.001, -0.01, 0.012), "lonely_share": (-0.05, -0.06, -0.04),
                   "trust": (0.05, 0.04, 0.06)},
    })
    prio = Priorities(wijken={"A": {"eenzaamheid": 3, "werk": 1}})
    (r,) = priorities.rankings(d, ["A"], ["jobs", "social"], prio, "baseline")
    assert list(r["residents"].index) == ["social", "jobs", "baseline"]
    assert r["residents"]["social"] == pytest.approx(75)   # 3 of 4 weight, best on loneliness; work within noise
    assert r["residents"]["jobs"] == pytest.approx(25)
    assert r["municipality"].index[0] == "jobs"
    assert not r["same_first"]


def test_report_command_writes_a_self_contained_report(report_folder):
    html = (report_folder / "report.html").read_text(encoding="utf-8")
    for section in ("samenvatting", "effecten", "voor-wie", "bewoners", "kosten-baten", "zekerheid"):
        assert f'id="{section}"' in html
    assert "<html lang=\"nl\">" in html and "Maatschappelijke kosten en baten" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "nothing is fetched from elsewhere"
    text = re.sub(r"<[^>]+>|data:[^\"]+", " ", html)
    for raw in ("escalated_share", "employment_rate", "lonely_share"):
        assert raw not in text, raw  # human labels only
    assert not re.search(r"\bnan\b", text, re.IGNORECASE), "no NaN shown"
    assert "test buurtpeiling" in html  # the scenario's priorities are used
    assert "Per sociale klasse" in html and "Precariaat" in html  # and its priorities per class
    for name in ("comparison.md", "differences.csv", "costs.csv", "comparison.json", "cohort-baseline.parquet",
                 "cohort-policy.parquet", "scenarios/baseline.resolved.yaml", "scenarios/policy.resolved.yaml"):
        assert (report_folder / name).is_file(), name


def test_a_cbs_city_s_report_says_that_who_moves_in_is_assumed(tmp_path, report_folder):
    """For a gemeente built from CBS data the certainty section says that its in-movers are an
    assumption of the scenario; a made-up grid city's report does not."""
    root = Path(__file__).resolve().parents[1]
    text = (root / "scenarios" / "cbs-teststad.yaml").read_text()
    text = re.sub(r"from_cbs: \S+", f"from_cbs: {root / 'tests' / 'data' / 'kerncijfers_test_GM9999.csv'}", text)
    (tmp_path / "base.yaml").write_text(text.replace("  scale: 1.0 ", "  scale: 0.1 "))
    (tmp_path / "policy.yaml").write_text("name: policy\nextends: base.yaml\ninterventions:\n"
                                          "  - participation: {wijken: [WK999901], years: [1, 1], trust_gain: 0.1}\n")
    result = wijksim("report", str(tmp_path / "base.yaml"), str(tmp_path / "policy.yaml"), "--replications", "2",
                     "--years", "1", "--workers", "1", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    sentence = "Wie er de komende jaren in de stad komt wonen, staat niet in de CBS-cijfers."
    assert sentence in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert sentence not in (report_folder / "report.html").read_text(encoding="utf-8")


def test_report_rebuilds_in_english_from_the_folder(report_folder):
    result = wijksim("report", str(report_folder), "--lang", "en")
    assert result.returncode == 0, result.stderr
    html = (report_folder / "report.en.html").read_text(encoding="utf-8")
    assert "<html lang=\"en\">" in html and "Social costs and benefits" in html and "For whom?" in html


def test_cohort_follows_the_same_households_in_baseline_and_scenario(report_folder):
    base = pd.read_parquet(report_folder / "cohort-baseline.parquet")
    scen = pd.read_parquet(report_folder / "cohort-policy.parquet")
    key = ["replication", "year", "wijk", "cls", "tenure", "children"]
    b, s = base.set_index(key).sort_index(), scen.set_index(key).sort_index()
    assert b.index.equals(s.index)
    assert (b["start"] == s["start"]).all()  # formed at year 0, before any intervention
    year0 = b.xs(0, level="year")
    assert (year0["present"] == year0["start"]).all() and (year0["in_start_wijk"] == year0["start"]).all()
    assert (s["present"] <= s["start"]).all() and (s["in_start_wijk"] <= s["present"]).all()
    ind = pd.read_parquet(report_folder / "indicators-baseline.parquet")
    households = ind[(ind["unit"] == "city") & (ind["year"] == 0)].set_index("replication")["households"]
    assert (year0.groupby("replication")["start"].sum() == households).all()


def test_years_override_cuts_interventions_at_the_horizon(tmp_path, report_folder):
    scenarios = report_folder / "scenarios"
    result = wijksim("compare", str(scenarios / "baseline.resolved.yaml"), str(scenarios / "policy.resolved.yaml"),
                     "--years", "1", "--replications", "1", "--workers", "1", "--out", str(tmp_path / "cut"))
    assert result.returncode == 0, result.stderr
    notices = [line for line in result.stderr.splitlines() if line.startswith("wijksim: notice:")]
    assert notices == [f"wijksim: notice: {scenarios / 'policy.resolved.yaml'}: 2 intervention(s) cut at the horizon of "
                       "1 years: participation [1, 2], basisbaan [1, 2]"]


def test_priorities_errors_are_one_line(tmp_path):
    from report_case import SMALL

    path = tmp_path / "s.yaml"
    path.write_text(SMALL.replace("A: {werk: 3, vertrouwen: 1}", "C: {werk: 3}"))
    result = wijksim("validate", str(path))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert re.match(rf"wijksim: error: {re.escape(str(path))}:\d+: priorities.wijken.C: unknown wijk", result.stderr)
    path.write_text(SMALL.replace("vertrouwen: 1", "rust: 1"))
    result = wijksim("validate", str(path))
    assert result.returncode == 2 and "unknown outcome 'rust'" in result.stderr
    path.write_text(SMALL.replace("precariaat: {geldzorgen", "precaraat: {geldzorgen"))
    result = wijksim("validate", str(path))
    assert result.returncode == 2 and "priorities.classes: unknown class 'precaraat'" in result.stderr


def test_a_large_gemeente_s_wijken_without_a_clear_effect_are_folded_away():
    rows = [{"wijk": f"W{i}", "quiet": i % 2 == 0} for i in range(build.MAX_WIJK_ROWS)]
    assert build.fold(rows, lambda r: r["quiet"]) == {"shown": rows, "quiet": []}  # a small city: every wijk
    rows.append({"wijk": "extra", "quiet": True})
    folded = build.fold(rows, lambda r: r["quiet"])
    assert [r["wijk"] for r in folded["shown"]] == [f"W{i}" for i in range(1, build.MAX_WIJK_ROWS, 2)]
    assert len(folded["quiet"]) == len(rows) - len(folded["shown"])
