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

from .cohorts import OUTCOMES
from .schema import CLASS_OUTCOMES, MUNICIPALITY_INDICATORS, RESIDENT_OUTCOMES, Priorities


def _normalised(raw: dict[str, dict[str, tuple[float, float, float]]], scenarios: list[str],
                criteria: dict[str, int]) -> pd.DataFrame:
    """Scenario x criterion from raw (difference, p5, p95): zero within noise, turned so that higher
    is better, divided by the largest on that criterion (1 = the best scenario)."""
    out = pd.DataFrame(0.0, index=scenarios, columns=list(criteria))
    for crit, better in criteria.items():
        for sc in scenarios:
            diff, lo, hi = raw.get(sc, {}).get(crit, (np.nan, np.nan, np.nan))
            if np.isfinite(diff) and (lo > 0 or hi < 0):
                out.loc[sc, crit] = better * diff
        top = out[crit].abs().max()
        out[crit] = out[crit] / top if top > 0 else 0.0
    return out


def _criteria_effects(diffs: pd.DataFrame, unit: str, scenarios: list[str], criteria: dict[str, tuple[str, int]]) -> pd.DataFrame:
    """Scenario x criterion for a unit, from the differences table (means over the horizon)."""
    part = diffs[(diffs["period"] == "mean over years") & (diffs["unit"] == unit)].set_index(["scenario_name", "indicator"])
    raw = {sc: {crit: tuple(part.loc[(sc, ind), ["difference", "p5", "p95"]]) for crit, (ind, _) in criteria.items()
                if (sc, ind) in part.index} for sc in scenarios}
    return _normalised(raw, scenarios, {crit: better for crit, (_, better) in criteria.items()})


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


def class_rankings(effects: dict[str, pd.DataFrame], priorities: Priorities, baseline: str) -> list[dict]:
    """Per class with its own weights: the scenarios ranked by the cohort effects on the households of
    that class that started in the target wijken. `effects` maps scenario -> cohorts.group_effects
    by class. Outcomes the cohort does not record per class (leefbaarheid, kansen_kinderen) are
    left out and named."""
    scenarios = list(effects)
    out = []
    for cls, weights in priorities.classes.items():
        raw = {}
        for sc, table in effects.items():
            row = table[table["group"] == cls]
            if not row.empty:
                r = row.iloc[0]
                raw[sc] = {crit: (r[key], r[f"{key}_lo"], r[f"{key}_hi"]) for crit, key in CLASS_OUTCOMES.items()}
        if not raw:
            continue
        usable = {k: w for k, w in weights.items() if k in CLASS_OUTCOMES and w > 0}
        left_out = [k for k, w in weights.items() if k not in CLASS_OUTCOMES and w > 0]
        better = {crit: OUTCOMES[key][2] for crit, key in CLASS_OUTCOMES.items()}
        ranking = _ranking(_normalised(raw, scenarios, better), usable, baseline) if usable else None
        out.append({"cls": cls, "weights": weights, "ranking": ranking, "left_out": left_out})
    return out
