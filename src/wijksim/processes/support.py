"""2. Draagkracht and support: own capitals, help from ties with spare capacity (shared among
the helper's ties in trouble, and costing the helper), and professional help from a wijkteam
whose places follow need, taken up depending on trust, findability (an access point in the
buurt), staff one can relate to, and the problem's domain and severity; when the wijkteam is
full, those asking wait in a queue."""

import numpy as np
from numba import njit, prange

from .. import rng
from ..state import CULT, ECON, N_DOMAINS, PERS


@njit(parallel=True, cache=True)
def tie_demand(alive, prob_age, nbr, w, out):
    """Per household: summed strength of its ties with an open problem (who may draw on it)."""
    for i in prange(alive.shape[0]):
        out[i] = 0.0
        if alive[i] == 0:
            continue
        for k in range(nbr.shape[1]):
            j = nbr[i, k]
            if j >= 0:
                for d in range(N_DOMAINS):
                    if prob_age[j, d] > 0:
                        out[i] += w[i, k]
                        break


@njit(parallel=True, cache=True)
def draagkracht(seed, month, uid, alive, cap, prob_age, prob_esc, care, waiting, trust, nbr, w,
                spare_prev, demand, hh_buurt, buurt_access, buurt_bilingual, buurt_takeup, dk_own, dk, dl,
                dk_net, need, seek, p):
    """Compute draaglast and draagkracht; flag households in need and those seeking help (or
    still waiting for it). Ties' spare capacity is read from last month (`spare_prev`) and
    their demand from this month's problems before anyone acts, so the update is synchronous."""
    for i in prange(alive.shape[0]):
        need[i] = 0
        seek[i] = 0
        if alive[i] == 0:
            continue
        load = 0.0
        domain = -1e9
        escalated = 0.0
        for d in range(N_DOMAINS):
            if prob_age[i, d] > 0:
                load += p.problem_weight * (1.0 + p.escalated_extra * prob_esc[i, d])
                domain = max(domain, p.takeup_domain[d])
                escalated = max(escalated, float(prob_esc[i, d]))
        own = p.own_weight * (cap[i, ECON] + cap[i, CULT] + cap[i, PERS]) / 3.0
        pooled = 0.0
        for k in range(nbr.shape[1]):
            j = nbr[i, k]
            if j >= 0:
                pooled += w[i, k] * spare_prev[j] / (p.helper_load_norm + demand[j])
        network = p.network_help_weight * (1.0 - np.exp(-pooled / p.network_help_scale))
        given = spare_prev[i] * demand[i] / (p.helper_load_norm + demand[i])
        dl[i] = load + p.helping_cost * given
        dk_own[i] = own
        dk_net[i] = network
        dk[i] = own + network + (p.professional_help if care[i] > 0 else 0.0)
        if load > 0 and care[i] == 0 and own + network - load < p.need_margin:
            need[i] = 1
            if waiting[i] > 0:
                seek[i] = 1
                continue
            b = hh_buurt[i]
            low_capital = 1.0 if cap[i, ECON] + cap[i, CULT] < 1.0 else 0.0
            logit = (p.takeup_intercept + p.takeup_trust_slope * (trust[i] - 0.5)
                     + p.takeup_findable * buurt_access[b] + buurt_takeup[b]
                     + p.takeup_relatable * buurt_bilingual[b] * low_capital
                     + domain + p.takeup_escalated * escalated)
            if rng.uniform(seed, uid[i], month, rng.SUPPORT_SEEK, 0) < 1.0 / (1.0 + np.exp(-logit)):
                seek[i] = 1
        else:
            waiting[i] = 0


def wijk_places(fte_per_1000: np.ndarray, base_fte_per_1000: float, caseload: float, households: np.ndarray,
                demand: np.ndarray) -> np.ndarray:
    """Places per wijk: the city's regular team (base FTE per 1,000 households of the whole city)
    spread over the wijken in proportion to demand (in care plus asking), plus the extra FTE an
    intervention puts in a wijk, for that wijk alone."""
    base = base_fte_per_1000 * households.sum() / 1000.0 * caseload
    share = np.floor(base * demand / max(demand.sum(), 1))
    extra = np.floor(np.maximum(fte_per_1000 - base_fte_per_1000, 0.0) * households / 1000.0 * caseload)
    return share + extra


def allocate_care(seekers, keys, waiting, wijk_of, free_places):
    """Admit seekers within each wijk, longest waiting first, then in random-key order, up to its free places."""
    order = np.lexsort((keys, -waiting.astype(np.int64), wijk_of))
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
    demand = np.zeros(s.n_slots)
    tie_demand(s.alive, s.prob_age, s.nbr, s.w, demand)
    seek = np.zeros(s.n_slots, dtype=np.int8)
    draagkracht(m.seed, m.month, s.uid, s.alive, s.cap, s.prob_age, s.prob_esc, s.care, s.waiting, s.trust,
                s.nbr, s.w, spare_prev, demand, m.hh_buurt, lv.access_point, lv.bilingual_share[L.buurt_wijk],
                lv.takeup_bonus, s.dk_own, s.dk, s.dl, s.dk_net, s.need, seek, p)
    # Professional help: places per wijk follow need; admitted longest waiting first, then in random order.
    in_care = (s.care > 0) & (s.alive == 1)
    hh_wijk = L.buurt_wijk[m.hh_buurt]
    n_w = len(L.wijk_names)
    households = np.bincount(hh_wijk[s.alive == 1], minlength=n_w)
    care_w = np.bincount(hh_wijk[in_care], minlength=n_w)
    seekers = np.flatnonzero(seek)
    demand_w = care_w + np.bincount(hh_wijk[seekers], minlength=n_w)
    capacity = wijk_places(lv.wijkteam_fte_per_1000, m.config.model.support.wijkteam_fte_per_1000,
                           p.caseload_per_fte, households, demand_w)
    free = np.maximum(0, capacity - care_w).astype(np.int64)
    keys = m.draws(seekers, rng.SUPPORT_ORDER)
    admitted = allocate_care(seekers, keys, s.waiting[seekers], hh_wijk[seekers], free)
    # geometric length with mean care_months
    stop = 1.0 / max(p.care_months, 1.0)
    u = m.draws(admitted, rng.CARE_END)
    length = 1 + np.floor(np.log1p(-u) / np.log1p(-stop)) if stop < 1 else np.ones(admitted.size)
    s.care[admitted] = np.minimum(length, 120).astype(np.int16)
    s.dk[admitted] += p.professional_help
    s.yr_waited[admitted] = s.waiting[admitted]
    s.waiting[seekers] += 1  # those not admitted wait another month
    s.waiting[admitted] = 0
    s.unmet[:] = s.need
    s.unmet[admitted] = 0
    s.yr_need |= s.need
    s.yr_sought |= seek
    s.yr_helped[admitted] = 1
    s.yr_informal |= s.need & (s.dk_net >= p.informal_help_min * p.network_help_weight)
