"""Ranks of the assumed parameters from a Morris screening with a policy (wijksim.sweep.screening)."""

import numpy as np
import pandas as pd

from wijksim.paramdoc import Row, status
from wijksim.sweep.screening import ranks, ranks_markdown


def morris(columns: dict[str, dict[str, float]], conf: float = 0.0) -> pd.DataFrame:
    """Rows for every outcome column: 20 noise factors with mu* 1, plus the given factors."""
    rows = []
    for outcome, strong in columns.items():
        values = {**{f"noise{k}": 1.0 for k in range(20)}, **strong}
        rows += [{"outcome": outcome, "factor": f, "mu": m, "mu_star": m, "sigma": 0.0, "mu_star_conf": conf}
                 for f, m in values.items()]
    return pd.DataFrame(rows)


def test_only_factors_clearly_above_the_median_are_ranked_on_noord_and_city_means():
    t = morris({"diff.take_up.Noord.mean": {"a": 9.0, "b": 2.0},
                "diff.trust.city.mean": {"b": 4.0},
                "take_up.Noord.mean": {"a": 5.0},
                # a year-20 column and another wijk are not ranked on
                "diff.take_up.Noord.last": {"c": 100.0}, "diff.take_up.Zuid.mean": {"c": 100.0}})
    r = ranks(t).set_index("factor")
    assert (r.loc["a", "policy_rank"], r.loc["b", "policy_rank"]) == (1, 2)
    assert r.loc["b", "policy_outcome"] == "diff.trust.city.mean"  # 4x the median beats 2x
    assert r.loc["a", "baseline_rank"] == 1 and pd.isna(r.loc["b", "baseline_rank"])
    assert "c" not in r.index and pd.isna(r.loc["noise3", "policy_rank"])
    assert "| 1 | `a` |" in ranks_markdown(r.reset_index())


def test_a_wide_interval_keeps_a_factor_from_standing_out():
    r = ranks(morris({"diff.take_up.Noord.mean": {"a": 4.0}}, conf=3.5)).set_index("factor")
    assert pd.isna(r.loc["a", "policy_rank"])


def test_status_column_of_the_parameter_table():
    row = lambda name, source: Row(name, 0.1, [0, 1], "", source, "x")  # noqa: E731
    assert status(row("p", "assumed"), {}, {"p": (3.0, 7.0)}) == \
        "assumed; screening: rank 3 for policy effects, rank 7 for the baseline"
    assert status(row("p", "assumed"), {}, {"p": (np.nan, 2.0)}) == "assumed; screening: rank 2 for the baseline"
    assert status(row("p", "assumed"), {}, {"p": (np.nan, np.nan)}) == "assumed; screening: no clear effect"
    assert status(row("p", "assumed"), {}, {}) == "assumed; not screened"
    assert status(row("p", "calibrated to CBS"), {}, {}) == "calibrated by hand"
    assert status(row("p", "calibrated to CBS"), {"p": (0.1, 0.25)}, {}) == \
        "calibrated (ABC), posterior 5-95%: 0.1 to 0.25"
    assert status(row("p", "CBS 2024"), {}, {}) == "sourced"
