"""Voor wie: effects on the households followed from year 0 (cohort.py), per group they were in
at the start: SCP class, tenure, children at home, and wijk."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..compare import interval

# outcome -> (numerator, denominator, +1 more is better / -1 less is better, display scale)
OUTCOMES = {
    "escalated": ("escalated", "present", -1, 100.0),
    "unresolved": ("unresolved", "present", -1, 100.0),
    "work": ("working", "in_force", +1, 100.0),
    "lonely": ("lonely", "present", -1, 100.0),
    "trust": ("trust", "present", +1, 100.0),
    "economic": ("economic", "present", +1, 100.0),
    "help": ("helped", "need", +1, 100.0),
}
STAY = {"in_city": "present", "in_start_wijk": "in_start_wijk"}  # share of the cohort, last year


def group_effects(base: pd.DataFrame, scen: pd.DataFrame, by: str, start_wijken: list[str] | None = None) -> pd.DataFrame:
    """Per group of `by` ('cls', 'tenure', 'children', 'wijk'): the cohort's outcomes over years
    1..last (sums of household-years, so a household counts while it is in the city), scenario
    minus baseline per replication, with the 90% interval; and the share of the cohort still in
    the city and in its start wijk in the last year. `start_wijken` keeps households that
    started there."""
    rows = []
    frames = []
    for co in (base, scen):
        if start_wijken is not None:
            co = co[co["wijk"].isin(start_wijken)]
        frames.append(co)
    last = int(base["year"].max())
    for group in frames[0][by].drop_duplicates().tolist():
        row = {"group": group}
        parts = [f[f[by] == group] for f in frames]
        years = [p[p["year"] > 0].groupby("replication").sum(numeric_only=True) for p in parts]
        ends = [p[p["year"] == last].groupby("replication").sum(numeric_only=True) for p in parts]
        row["households"] = float(parts[0][parts[0]["year"] == 0].groupby("replication")["start"].sum().mean())
        for name, (num, den, _better, scale) in OUTCOMES.items():
            b = years[0][num] / years[0][den].replace(0, np.nan)
            s = years[1][num] / years[1][den].replace(0, np.nan)
            mean, lo, hi = interval(scale * (s - b.reindex(s.index)).to_numpy())
            row.update({f"{name}_base": scale * float(b.mean()), name: mean, f"{name}_lo": lo, f"{name}_hi": hi})
        for name, col in STAY.items():
            b = ends[0][col] / ends[0]["start"]
            s = ends[1][col] / ends[1]["start"]
            mean, lo, hi = interval(100 * (s - b.reindex(s.index)).to_numpy())
            row.update({f"{name}_base": 100 * float(b.mean()), name: mean, f"{name}_lo": lo, f"{name}_hi": hi})
        rows.append(row)
    return pd.DataFrame(rows)
