"""4. Capitals: economic capital follows labour state and earning potential; personal
capital erodes under draaglast (including the burden of helping others) and with age, is
raised while in a basisbaan, and recovers; cultural capital moves slowly
towards education plus participation; social capital is recomputed from the network."""

import numpy as np
from numba import njit, prange

from ..state import BASISBAAN, CULT, DEBT, ECON, EMPLOYED, PERS, RETIRED, SOC, STUDENT, UNEMPLOYED


@njit(inline="always")
def economic_target(labour, earning, p):
    if labour == EMPLOYED:
        return earning
    if labour == UNEMPLOYED:
        return p.benefit_level
    if labour == BASISBAAN:
        return max(p.basisbaan_level, p.benefit_level)
    if labour == RETIRED:
        return p.pension_base + p.pension_replacement * earning
    return 0.5 * earning  # student


@njit(parallel=True, cache=True)
def kernel(alive, cap, cap_prev, labour, earning, edu, health_base, age, dl, prob_age, nbr, w, outside, p):
    """Update capitals; tie partners' capacity is read from last month (`cap_prev`); ties outside
    the city network (brought by a new household, or colleagues in a basisbaan) count too, and
    fade with outside_ties_halflife."""
    keep = 0.5 ** (1.0 / (12.0 * p.outside_ties_halflife))
    for i in prange(alive.shape[0]):
        if alive[i] == 0:
            continue
        target = economic_target(labour[i], earning[i], p)
        if prob_age[i, DEBT] > 0:
            target -= p.debt_penalty
        cap[i, ECON] += p.economic_rate * (target - cap[i, ECON])
        health = health_base[i] - p.age_decline * max(0.0, age[i] - 55.0) - p.burden_effect * dl[i]
        if labour[i] == BASISBAAN:
            health += p.basisbaan_personal_gain
        cap[i, PERS] += p.personal_rate * (health - cap[i, PERS])
        active = labour[i] == EMPLOYED or labour[i] == BASISBAAN or labour[i] == STUDENT
        culture = edu[i] + (p.participation_gain if active else 0.0)
        cap[i, CULT] += p.cultural_rate * (culture - cap[i, CULT])
        if labour[i] == BASISBAAN:
            outside[i] = max(outside[i], p.basisbaan_social_ties)
        pooled = outside[i]
        outside[i] *= keep
        for k in range(nbr.shape[1]):
            j = nbr[i, k]
            if j >= 0:
                pooled += w[i, k] * (cap_prev[j, ECON] + cap_prev[j, CULT] + cap_prev[j, PERS]) / 3.0
        cap[i, SOC] = 1.0 - np.exp(-pooled / p.social_scale)
        for c in range(4):
            cap[i, c] = min(1.0, max(0.0, cap[i, c]))


def step(m):
    s = m.s
    kernel(s.alive, s.cap, s.cap.copy(), s.labour, s.earning, s.edu, s.health_base, s.age, s.dl,
           s.prob_age, s.nbr, s.w, s.outside, m.kp["capitals"])
