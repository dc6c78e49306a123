"""Ranks of the assumed parameters from a Morris screening with a policy (wijksim.sweep.screening)."""

import pandas as pd

from wijksim.paramdoc import Row, status
from wijksim.sweep.screening import ranks, ranks_markdown


def morris(rows):
    return pd.DataFrame([{"outcome": o, "factor": f, "mu": m, "mu_star": m, "sigma": 0.0, "mu_star_conf": 0.0}
                         for o, f, m in rows])


def test_ranks_use_the_largest_share_over_noord_and_city_means_only():
    t = morris([
        ("diff.take_up.Noord.mean", "a", 9.0), ("diff.take_up.Noord.mean", "b", 1.0),
        ("diff.trust.city.mean", "a", 1.0), ("diff.trust.city.mean", "b", 3.0),
        ("take_up.Noord.mean", "a", 1.0), ("take_up.Noord.mean", "b", 1.0),
        # a year-20 column and another wijk are not ranked on
        ("diff.take_up.Noord.last", "b", 1000.0), ("diff.take_up.Zuid.mean", "b", 1000.0),
        ("diff.take_up.Zuid.mean", "a", 0.0)])
    r = ranks(t).set_index("factor")
    assert r.loc["a", "policy_share"] == 0.9 and r.loc["a", "policy_outcome"] == "diff.take_up.Noord.mean"
    assert r.loc["b", "policy_share"] == 0.75 and r.loc["b", "policy_outcome"] == "diff.trust.city.mean"
    assert (r.loc["a", "policy_rank"], r.loc["b", "policy_rank"]) == (1, 2)
    assert r.loc["a", "baseline_share"] == 0.5 and r.loc["a", "baseline_rank"] == 1 == r.loc["b", "baseline_rank"]
    assert "| 1 | `a` |" in ranks_markdown(ranks(t))


def test_status_column_of_the_parameter_table():
    row = lambda name, source: Row(name, 0.1, [0, 1], "", source, "x")  # noqa: E731
    assert status(row("p", "assumed"), {}, {"p": (3, 7)}, 148) == \
        "assumed; screening rank 3 of 148 (policy effects), 7 (baseline)"
    assert status(row("p", "assumed"), {}, {}, 0) == "assumed; not screened"
    assert status(row("p", "calibrated to CBS"), {}, {}, 0) == "calibrated by hand"
    assert status(row("p", "calibrated to CBS"), {"p": (0.1, 0.25)}, {}, 0) == \
        "calibrated (ABC), posterior 5-95%: 0.1 to 0.25"
    assert status(row("p", "CBS 2024"), {}, {}, 0) == "sourced"
