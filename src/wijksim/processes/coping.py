"""3. Coping: open problems are solved with a probability rising with draagkracht minus
draaglast, differing by domain and falling with the problem's age towards a chronic floor;
problems left open too long escalate (a domain's hazard, lowered by professional and network
help), cost money and erode personal capital; escalated debt or housing problems can end in
eviction."""

import numpy as np
from numba import njit, prange

from .. import rng
from ..state import DEBT, HOUSING, N_DOMAINS, PERS, SOCIAL_RENT


@njit(parallel=True, cache=True)
def kernel(seed, month, uid, alive, cap, dk, dl, dk_net, care, prob_age, prob_esc, new_escalations,
           evict, yr_escalations, yr_cost, p, q):
    """`p` the coping parameters, `q` the support parameters (for the network-help cap)."""
    for i in prange(alive.shape[0]):
        new_escalations[i] = 0
        evict[i] = 0
        if alive[i] == 0:
            continue
        margin = dk[i] - dl[i]
        solve = p.solve_max / (1.0 + np.exp(-p.solve_slope * (margin - p.solve_midpoint)))
        help_factor = p.escalation_care_factor if care[i] > 0 else 1.0
        if q.network_help_weight > 0:
            help_factor *= 1.0 - p.escalation_network_relief * dk_net[i] / q.network_help_weight
        for d in range(N_DOMAINS):
            if prob_age[i, d] == 0:
                continue
            factor = p.escalated_solve_factor if prob_esc[i, d] else 1.0
            fresh = np.exp(-(prob_age[i, d] - 1) / p.duration_scale)
            duration = p.chronic_floor + (1.0 - p.chronic_floor) * fresh
            own = solve * factor * p.solve_factor[d] * duration
            if prob_esc[i, d]:  # the specialist route closes escalated problems too
                own = own + p.escalated_resolution[d] - own * p.escalated_resolution[d]
            if rng.uniform(seed, uid[i], month, rng.SOLVE, d) < own:
                prob_age[i, d] = 0
                prob_esc[i, d] = 0
                continue
            if prob_age[i, d] < 32000:
                prob_age[i, d] += 1
            if prob_esc[i, d] == 0 and prob_age[i, d] > p.escalate_after:
                if rng.uniform(seed, uid[i], month, rng.ESCALATE, d) < p.escalate_hazard[d] * help_factor:
                    prob_esc[i, d] = 1
                    new_escalations[i] += 1
                    yr_escalations[i] += 1
                    yr_cost[i] += p.escalation_cost[d]
                    cap[i, PERS] = max(0.0, cap[i, PERS] - p.escalation_personal_loss)
            if prob_esc[i, d] and (d == DEBT or d == HOUSING):
                if rng.uniform(seed, uid[i], month, rng.EVICT, d) < p.eviction_hazard:
                    evict[i] = 1


def step(m):
    s = m.s
    kernel(m.seed, m.month, s.uid, s.alive, s.cap, s.dk, s.dl, s.dk_net, s.care, s.prob_age, s.prob_esc,
           s.new_escalations, s.evict, s.yr_escalations, s.yr_cost, m.kp["coping"], m.kp["support"])
    evicted = np.flatnonzero((s.evict == 1) & (s.alive == 1))
    m.counts["evictions_social"] += int((m.layout.dw_tenure[s.dwelling[evicted]] == SOCIAL_RENT).sum())
