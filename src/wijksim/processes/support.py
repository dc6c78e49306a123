"""2. Draagkracht and support: own capitals, help from ties with spare capacity, and
professional help from a wijkteam of finite capacity, taken up depending on trust,
findability (an access point in the buurt) and staff one can relate to."""

import numpy as np
from numba import njit, prange

from .. import rng
from ..state import CULT, ECON, N_DOMAINS, PERS


@njit(parallel=True, cache=True)
def draagkracht(seed, month, uid, alive, cap, prob_age, prob_esc, care, trust, nbr, w,
                spare_prev, hh_buurt, buurt_access, buurt_bilingual, buurt_takeup, dk_own, dk, dl, need, seek, p):
    """Compute draaglast and draagkracht; flag households in need and those seeking help.
    Ties' spare capacity is read from last month (`spare_prev`), so the update is synchronous."""
    for i in prange(alive.shape[0]):
        need[i] = 0
        seek[i] = 0
        if alive[i] == 0:
            continue
        load = 0.0
        for d in range(N_DOMAINS):
            if prob_age[i, d] > 0:
                load += p.problem_weight * (1.0 + p.escalated_extra * prob_esc[i, d])
        own = p.own_weight * (cap[i, ECON] + cap[i, CULT] + cap[i, PERS]) / 3.0
        pooled = 0.0
        for k in range(nbr.shape[1]):
            j = nbr[i, k]
            if j >= 0:
                pooled += w[i, k] * spare_prev[j]
        network = p.network_help_weight * (1.0 - np.exp(-pooled / p.network_help_scale))
        dl[i] = load
        dk_own[i] = own
        dk[i] = own + network + (p.professional_help if care[i] > 0 else 0.0)
        if load > 0 and care[i] == 0 and load > own + network:
            need[i] = 1
            b = hh_buurt[i]
            low_capital = 1.0 if cap[i, ECON] + cap[i, CULT] < 1.0 else 0.0
            logit = (p.takeup_intercept + p.takeup_trust_slope * (trust[i] - 0.5)
                     + p.takeup_findable * buurt_access[b] + buurt_takeup[b]
                     + p.takeup_relatable * buurt_bilingual[b] * low_capital)
            if rng.uniform(seed, uid[i], month, rng.SUPPORT_SEEK, 0) < 1.0 / (1.0 + np.exp(-logit)):
                seek[i] = 1


def allocate_care(seekers, keys, wijk_of, free_places):
    """Admit seekers in random-key order within each wijk, up to its free places."""
    order = np.lexsort((keys, wijk_of))
    w_sorted = wijk_of[order]
    first = np.searchsorted(w_sorted, w_sorted, side="left")
    rank = np.arange(order.size) - first
    return seekers[order[rank < free_places[w_sorted]]]


def count_down_care(s, care_cost_per_month: float):
    """End of the month: each household in care uses one month of it, at a cost."""
    in_care = (s.care > 0) & (s.alive == 1)
    s.yr_cost[in_care] += care_cost_per_month
    s.care[in_care] -= 1


def step(m):
    s, p, lv, L = m.s, m.kp["support"], m.levers, m.layout
    spare_prev = np.maximum(0.0, s.dk_own - s.dl)
    seek = np.zeros(s.n_slots, dtype=np.int8)
    draagkracht(m.seed, m.month, s.uid, s.alive, s.cap, s.prob_age, s.prob_esc, s.care, s.trust,
                s.nbr, s.w, spare_prev, m.hh_buurt, lv.access_point, lv.bilingual_share[L.buurt_wijk],
                lv.takeup_bonus, s.dk_own, s.dk, s.dl, s.need, seek, p)
    # Professional help: finite places per wijk, admitted in a random deterministic order.
    in_care = (s.care > 0) & (s.alive == 1)
    hh_wijk = L.buurt_wijk[m.hh_buurt]
    n_w = len(L.wijk_names)
    households = np.bincount(hh_wijk[s.alive == 1], minlength=n_w)
    capacity = np.floor(lv.wijkteam_fte_per_1000 * households / 1000.0 * p.caseload_per_fte)
    free = np.maximum(0, capacity - np.bincount(hh_wijk[in_care], minlength=n_w)).astype(np.int64)
    seekers = np.flatnonzero(seek)
    keys = m.draws(seekers, rng.SUPPORT_ORDER)
    admitted = allocate_care(seekers, keys, hh_wijk[seekers], free)
    # geometric length with mean care_months
    stop = 1.0 / max(p.care_months, 1.0)
    u = m.draws(admitted, rng.CARE_END)
    length = 1 + np.floor(np.log1p(-u) / np.log1p(-stop)) if stop < 1 else np.ones(admitted.size)
    s.care[admitted] = np.minimum(length, 120).astype(np.int16)
    s.dk[admitted] += p.professional_help
    s.unmet[:] = s.need
    s.unmet[admitted] = 0
    s.yr_need |= s.need
    s.yr_sought |= seek
    s.yr_helped[admitted] = 1
