"""The model's state as a structure of arrays: the one place that knows every field and dtype.

Household arrays have one row per slot; there are as many slots as dwellings, since a
household always occupies one dwelling. A slot is free when `alive` is 0 and is reused
by a later in-mover, who gets a new `uid`.
"""

from __future__ import annotations

import numpy as np

# Labour states
EMPLOYED, UNEMPLOYED, RETIRED, BASISBAAN, STUDENT = 0, 1, 2, 3, 4
LABOUR_NAMES = ("employed", "unemployed", "retired", "basisbaan", "student")
# Capitals (columns of `cap`)
ECON, CULT, SOC, PERS = 0, 1, 2, 3
CAPITAL_NAMES = ("economic", "cultural", "social", "personal")
# Tenures (order matches config.TENURES)
SOCIAL_RENT, PRIVATE_RENT, MIDDLE_RENT, OWNER = 0, 1, 2, 3
# Urgency for social rent (`urgent` holds the first two; the others follow from the state)
NOT_URGENT, URGENT_DISPLACED, URGENT_STATUSHOUDER, URGENT_HOUSING_PROBLEM, URGENT_PRIORITY = 0, 1, 2, 3, 4
# How a social-rent vacancy was allocated (indicators)
BY_REGISTER, BY_LOTTERY, BY_URGENCY, FREE_MARKET = 0, 1, 2, 3
# Problem domains (order matches params.DOMAINS)
DEBT, HEALTH, FAMILY, WORK, HOUSING = 0, 1, 2, 3, 4
N_DOMAINS = 5
MAX_CHILDREN = 3
NO_CHILD = -1.0

HOUSEHOLD_FIELDS = {
    "alive": np.int8, "uid": np.int64, "dwelling": np.int32, "months_here": np.int32,
    "cls": np.int8, "earning": np.float64, "edu": np.float64, "health_base": np.float64,
    "sociability": np.float64, "age": np.float64, "single": np.int8, "labour": np.int8,
    "months_unemployed": np.int32, "trust": np.float64, "care": np.int16, "school": np.int32,
    "dk_own": np.float64, "dk": np.float64, "dl": np.float64, "similar": np.float64,
    "need": np.int8, "unmet": np.int8, "new_escalations": np.int16, "evict": np.int8,
    "dk_net": np.float64, "waiting": np.int16,  # network help received; months waiting for the wijkteam
    "outside": np.float64,  # tie capacity outside the city network (brought by a new household; basisbaan colleagues); fades (capitals)
    # social-rent register: months registered (inschrijfduur), urgency (URGENCY_*) and months urgent
    "reg_months": np.int32, "urgent": np.int8, "urgent_months": np.int32,
    # yearly accumulators, reset after each indicator record
    "yr_need": np.int8, "yr_sought": np.int8, "yr_helped": np.int8, "yr_moved": np.int8,
    "yr_escalations": np.int16, "yr_cost": np.float64,
    "yr_moved_from": np.int8,  # 1 + tenure of the dwelling last moved out of this year, 0 if none
    "yr_informal": np.int8, "yr_waited": np.int16,  # informal help while in need; months waited before admission
    "yr_benefit_months": np.int32,  # months on benefit at the start of the year, -1 if not on benefit
}
HOUSEHOLD_MATRICES = {  # name: (columns, dtype, fill)
    "cap": (4, np.float64, 0.0),
    "prob_age": (N_DOMAINS, np.int16, 0),
    "prob_esc": (N_DOMAINS, np.int8, 0),
    "child_age": (MAX_CHILDREN, np.float64, NO_CHILD),
    "child_att": (MAX_CHILDREN, np.float64, 0.0),
}


class State:
    """All arrays of one simulated city; attributes are numpy arrays."""

    def __init__(self, n_dwellings: int, max_ties: int):
        n = n_dwellings
        for name, dtype in HOUSEHOLD_FIELDS.items():
            setattr(self, name, np.zeros(n, dtype=dtype))
        for name, (cols, dtype, fill) in HOUSEHOLD_MATRICES.items():
            setattr(self, name, np.full((n, cols), fill, dtype=dtype))
        self.dwelling[:] = -1
        self.school[:] = -1
        self.nbr = np.full((n, max_ties), -1, dtype=np.int32)  # tie partner slots, -1 = empty
        self.w = np.zeros((n, max_ties), dtype=np.float64)  # tie strengths
        self.next_uid = 0

    @property
    def n_slots(self) -> int:
        return self.alive.shape[0]

    def living(self) -> np.ndarray:
        """Slots of households currently in the city."""
        return np.flatnonzero(self.alive)
