"""Wat bewoners belangrijk vinden: the scenarios ranked per wijk by residents' own priorities and
by the municipality's indicator set, side by side.

Scoring (a simple multi-criteria analysis): per criterion, a scenario's effect is its difference
from the baseline averaged over the horizon, counted as zero where the 90% interval contains
zero, turned so that higher is better, and divided by the largest such effect of any scenario on
that criterion (the best scenario scores 1, the baseline 0, a scenario that makes it worse below
0). The score is the weighted mean over criteria, times 100.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .schema import MUNICIPALITY_INDICATORS, RESIDENT_OUTCOMES, Priorities


def _criteria_effects(diffs: pd.DataFrame, unit: str, scenarios: list[str], criteria: dict[str, tuple[str, int]]) -> pd.DataFrame:
    """Scenario x criterion: the normalised effect (1 = the best scenario on that criterion)."""
    part = diffs[(diffs["period"] == "mean over years") & (diffs["unit"] == unit)]
    out = pd.DataFrame(0.0, index=scenarios, columns=list(criteria))
    for crit, (indicator, better) in criteria.items():
        for sc in scenarios:
            row = part[(part["scenario_name"] == sc) & (part["indicator"] == indicator)]
            if row.empty or not np.isfinite(row["difference"].iloc[0]):
                continue
            r = row.iloc[0]
            noise = not (r["p5"] > 0 or r["p95"] < 0)
            out.loc[sc, crit] = 0.0 if noise else better * r["difference"]
        top = out[crit].abs().max()
        out[crit] = out[crit] / top if top > 0 else 0.0
    return out


def _ranking(effects: pd.DataFrame, weights: dict[str, float], baseline: str) -> pd.Series:
    w = pd.Series({k: v for k, v in weights.items() if v > 0})
    scores = 100 * (effects[w.index] * w).sum(axis=1) / w.sum()
    scores[baseline] = 0.0
    # highest first; on a tie no new policy comes first: a package without a measurable effect does not beat it
    order = sorted(scores.index, key=lambda name: (-round(scores[name], 6), name != baseline))
    return scores[order]


def rankings(diffs: pd.DataFrame, units: list[str], scenarios: list[str], priorities: Priorities,
             baseline: str) -> list[dict]:
    """Per unit (city, wijken): residents' and the municipality's scores and rankings, the
    normalised effects behind them, and whether the two put the same scenario first."""
    out = []
    for unit in units:
        residents = priorities.default if unit == "city" else priorities.for_wijk(unit)
        r_eff = _criteria_effects(diffs, unit, scenarios, RESIDENT_OUTCOMES)
        m_eff = _criteria_effects(diffs, unit, scenarios, {k: (k, b) for k, b in MUNICIPALITY_INDICATORS.items()})
        r_rank = _ranking(r_eff, residents, baseline)
        m_rank = _ranking(m_eff, priorities.municipality, baseline)
        out.append({
            "unit": unit, "weights": residents, "residents": r_rank, "municipality": m_rank,
            "residents_effects": r_eff, "municipality_effects": m_eff,
            "same_first": r_rank.index[0] == m_rank.index[0],
            "same_order": list(r_rank.index) == list(m_rank.index),
        })
    return out
