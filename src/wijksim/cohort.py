"""The year-0 cohort: households followed from the start of a run, grouped by what they were then.

At year 0 (before any intervention acts) every living household is put in a cell by its wijk,
SCP class, tenure and whether it had children living at home. Each year the cohort's outcomes
are summed per cell over the members still in the city (same slot, same uid). A baseline and a
scenario run with the same seed start from the same year-0 state, so their cells hold the same
households: differences per cell are not confounded by households changing class or moving.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .params import CLASS_KEYS
from .state import EMPLOYED, BASISBAAN, UNEMPLOYED

TENURE_KEYS = ("social_rent", "private_rent", "middle_rent", "owner")  # order of state.SOCIAL_RENT..OWNER
# Sums per cell and year over the cohort members present; `present` and `in_start_wijk` count them.
SUMS = ("present", "in_start_wijk", "unresolved", "escalated", "escalations", "in_force", "working",
        "regular_work", "benefit", "lonely", "trust", "balance", "economic", "need", "helped", "cost")


class Cohort:
    """The households living in the city at year 0, with their cell, followed year by year."""

    def __init__(self, m):
        s, L = m.s, m.layout
        self.slots = s.living()
        self.uid = s.uid[self.slots].copy()
        wijk = L.buurt_wijk[m.hh_buurt[self.slots]]
        tenure = L.dw_tenure[s.dwelling[self.slots]]
        kids = (s.child_age[self.slots] >= 0).any(axis=1)
        self.wijk = wijk.astype(np.int64)
        n_wijk = len(L.wijk_names)
        self.dims = (n_wijk, len(CLASS_KEYS), len(TENURE_KEYS), 2)
        self.cell = np.ravel_multi_index((self.wijk, s.cls[self.slots].astype(np.int64),
                                          tenure.astype(np.int64), kids.astype(np.int64)), self.dims)
        self.size = np.bincount(self.cell, minlength=int(np.prod(self.dims)))
        self.records: list[pd.DataFrame] = []

    def record(self, m, year: int) -> None:
        """Sum this year's outcomes per cell over the members still in the city."""
        s, L, p = m.s, m.layout, m.config.model
        i = self.slots
        present = (s.alive[i] == 1) & (s.uid[i] == self.uid)
        j, cell = i[present], self.cell[present]
        in_force = np.isin(s.labour[j], (EMPLOYED, UNEMPLOYED, BASISBAAN)) & (s.age[j] < p.labour.retirement_age)
        values = {
            "present": np.ones(j.size),
            "in_start_wijk": L.buurt_wijk[m.hh_buurt[j]] == self.wijk[present],
            "unresolved": (s.prob_age[j] > 0).any(axis=1), "escalated": (s.prob_esc[j] > 0).any(axis=1),
            "escalations": s.yr_escalations[j], "in_force": in_force,
            "working": in_force & np.isin(s.labour[j], (EMPLOYED, BASISBAAN)),
            "regular_work": in_force & (s.labour[j] == EMPLOYED), "benefit": s.labour[j] == UNEMPLOYED,
            "lonely": s.w[j].sum(axis=1) < p.network.lonely_below, "trust": s.trust[j],
            "balance": s.dk[j] - s.dl[j], "economic": s.cap[j, 0],
            "need": s.yr_need[j] == 1, "helped": (s.yr_need[j] == 1) & (s.yr_helped[j] == 1), "cost": s.yr_cost[j],
        }
        n_cells = self.size.size
        sums = {k: np.bincount(cell, weights=np.asarray(v, dtype=float), minlength=n_cells) for k, v in values.items()}
        keep = np.flatnonzero(self.size)
        w, c, t, k = np.unravel_index(keep, self.dims)
        self.records.append(pd.DataFrame({
            "replication": m.replication, "year": year,
            "wijk": np.asarray(L.wijk_names, dtype=object)[w], "cls": np.asarray(CLASS_KEYS, dtype=object)[c],
            "tenure": np.asarray(TENURE_KEYS, dtype=object)[t], "children": k.astype(bool),
            "start": self.size[keep], **{name: sums[name][keep] for name in SUMS}}))

    def frame(self) -> pd.DataFrame:
        """All yearly records (long format: one row per replication, year and cell)."""
        return pd.concat(self.records, ignore_index=True)
