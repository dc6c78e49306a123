"""1. Setbacks (draaglast): new problems with hazards that rise as capitals fall and as
problems concentrate in the buurt."""

import numpy as np
from numba import njit, prange

from .. import rng
from ..state import CULT, ECON, EMPLOYED, N_DOMAINS, PERS, SOC, UNEMPLOYED


@njit(inline="always")
def exposed_capital(cap, labour, i, d):
    """The capital that protects against problems of domain d; -1 if not exposed."""
    if d == 0 or d == 4:  # debt, housing
        return cap[i, ECON]
    if d == 1:  # health
        return cap[i, PERS]
    if d == 2:  # family
        return 0.5 * (cap[i, PERS] + cap[i, SOC])
    if labour[i] == EMPLOYED or labour[i] == UNEMPLOYED:  # work
        return 0.5 * (cap[i, ECON] + cap[i, CULT])
    return -1.0


@njit(parallel=True, cache=True)
def kernel(seed, month, uid, alive, cap, labour, hh_buurt, buurt_excess, prob_age, p):
    for i in prange(alive.shape[0]):
        if alive[i] == 0:
            continue
        for d in range(N_DOMAINS):
            if prob_age[i, d] > 0:
                continue
            c = exposed_capital(cap, labour, i, d)
            if c < 0:
                continue
            h = p.base_hazard[d] * np.exp(p.vulnerability_slope * (0.5 - c)
                                          + p.concentration_slope * buurt_excess[hh_buurt[i]])
            if rng.uniform(seed, uid[i], month, rng.SETBACK, d) < min(h, p.max_hazard):
                prob_age[i, d] = 1


def step(m):
    s = m.s
    kernel(m.seed, m.month, s.uid, s.alive, s.cap, s.labour, m.hh_buurt, m.buurt_problem_excess,
           s.prob_age, m.kp["setbacks"])
