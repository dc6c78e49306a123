"""10. Demography: ageing, deaths, out-migration and evictions (households leave the city),
and new households that keep occupancy near its target: starters (children who left home
and stay in the city, chosen in WijkModel.end_of_year) first, then in-movers from the
scenario's profile."""

import numpy as np
from numba import njit, prange

from .. import rng
from ..network import cut_all_ties
from ..population import fill_households, registered_since_18, reset_derived
from ..state import CULT, ECON, EMPLOYED, STUDENT, UNEMPLOYED, URGENT_DISPLACED, URGENT_STATUSHOUDER


@njit(parallel=True, cache=True)
def exits(seed, month, uid, alive, age, single, evict, leave, p):
    """Age households one month; flag those that leave the city (death, migration, eviction)."""
    for i in prange(alive.shape[0]):
        leave[i] = 0
        if alive[i] == 0:
            continue
        age[i] += 1.0 / 12.0
        death = np.exp(p.mortality_a + p.mortality_b * age[i]) / 12.0
        if rng.uniform(seed, uid[i], month, rng.DEATH, 0) < death:
            if single[i] or rng.uniform(seed, uid[i], month, rng.DEATH, 1) >= p.survivor_continues:
                leave[i] = 1
                continue
            single[i] = 1
        factor = p.young_migration_factor if age[i] < 35.0 else (p.old_migration_factor if age[i] >= 65.0 else 1.0)
        if rng.uniform(seed, uid[i], month, rng.OUT_MIGRATION, 0) < p.out_migration * factor / 12.0:
            leave[i] = 1
        if evict[i]:
            leave[i] = 1


def remove(m, slots):
    """Households in `slots` leave the city: ties cut, dwelling vacated, slot freed."""
    s = m.s
    for i in slots:
        cut_all_ties(s.nbr, s.w, i)
    m.counts["displaced_departed"] += int((s.urgent[slots] == URGENT_DISPLACED).sum())
    housed = s.dwelling[slots]
    m.dw_hh[housed[housed >= 0]] = -1
    s.dwelling[slots] = -1
    s.care[slots] = 0
    s.alive[slots] = 0
    m.levers.priority[slots] = 0  # a priority is the leaver's, not the slot's next household's


def create_in_movers(m, starters):
    """New households for the vacancies above the occupancy target: first starters (children
    who left home and stay), then in-movers drawn from the in-mover profile. Returns their slots."""
    s, p = m.s, m.config.model
    d = p.demography
    occupied = int(s.alive.sum())
    wanted = int(round(d.occupancy * s.n_slots)) - occupied
    free = np.flatnonzero(s.alive == 0)
    n = max(0, min(wanted, free.size))
    if n == 0:
        return free[:0]
    slots = free[:n]
    # The k-th new household of a month gets the same uid in every scenario run with the same
    # seed, so its draws are common random numbers even when scenarios differ in who left.
    first_uid = (m.month + rng.MONTH_OFFSET) * s.n_slots
    s.uid[slots] = first_uid + np.arange(n)
    s.next_uid = first_uid + s.n_slots
    u = m.draws(slots, rng.IN_MOVER)
    cls = np.searchsorted(np.cumsum(m.in_mover_shares), u * m.in_mover_shares.sum(), side="right")
    cls = np.minimum(cls, len(m.in_mover_shares) - 1).astype(np.int8)
    fill_households(s, slots, cls, m.month, p, m.seed)
    statushouder = m.draws(slots, rng.STATUSHOUDER) < p.housing.statushouder_share
    st_att = starters[:n]
    k = st_att.size
    statushouder[:k] = False  # starters grew up in the city
    s.urgent[slots[statushouder]] = URGENT_STATUSHOUDER
    s.reg_months[slots[statushouder]] = 0
    if k:
        first = slots[:k]
        s.age[first] = 18.0 + 4.0 * m.draws(first, rng.STARTER)
        s.cap[first, CULT] = st_att
        s.edu[first] = st_att
        s.earning[first] = np.clip(0.15 + 0.8 * st_att, 0.05, 1.0)
        s.cap[first, ECON] = d.starter_economic
        employed = np.where(m.draws(first, rng.JOB) < d.starter_employed, EMPLOYED, UNEMPLOYED)
        s.labour[first] = np.where(st_att > d.starter_study_above, STUDENT, employed)
        s.child_age[first] = -1.0
        s.single[first] = 1
        s.reg_months[first] = registered_since_18(s.age[first])
        reset_derived(s, first, p, m.seed, m.month)
    return slots


def step(m, starters, create: bool = True):
    """Exits, then (if `create`) new households; returns the slots of in-movers still to be housed."""
    s = m.s
    leave = np.zeros(s.n_slots, dtype=np.int8)
    exits(m.seed, m.month, s.uid, s.alive, s.age, s.single, s.evict, leave, m.kp["demography"])
    gone = np.flatnonzero(leave)
    m.counts["evictions"] += int(s.evict[gone].sum())
    m.counts["exits"] += gone.size
    remove(m, gone)
    return create_in_movers(m, starters) if create else np.zeros(0, dtype=np.int64)
