"""6. Trust in institutions: returns to a capital-dependent baseline (raised where residents
co-decide, the participation lever), rises while helped, falls with unmet need and at escalation."""

from numba import njit, prange

from ..state import CULT, ECON


@njit(parallel=True, cache=True)
def kernel(alive, cap, trust, care, unmet, new_escalations, hh_buurt, buurt_trust, p):
    for i in prange(alive.shape[0]):
        if alive[i] == 0:
            continue
        base = p.base + p.capital_slope * (0.5 * (cap[i, ECON] + cap[i, CULT]) - 0.5) + buurt_trust[hh_buurt[i]]
        t = trust[i] + p.relax_rate * (base - trust[i])
        if care[i] > 0:
            t += p.help_gain
        t -= p.unmet_loss * unmet[i] + p.escalation_loss * new_escalations[i]
        trust[i] = min(1.0, max(0.0, t))


def step(m):
    s = m.s
    kernel(s.alive, s.cap, s.trust, s.care, s.unmet, s.new_escalations, m.hh_buurt, m.levers.trust_bonus,
           m.kp["trust"])
