"""5. Labour market: job loss and job finding (helped by cultural and personal capital
and by employed ties, the kruiwagen, falling with time on benefit, raised in a basisbaan),
students entering the market, retirement by age."""

import numpy as np
from numba import njit, prange

from .. import rng
from ..state import BASISBAAN, CULT, EMPLOYED, PERS, RETIRED, STUDENT, UNEMPLOYED, WORK


@njit(parallel=True, cache=True)
def kernel(seed, month, uid, alive, cap, age, labour, labour_prev, months_unemployed, prob_age,
           nbr, w, p):
    """Ties' labour state is read from last month (`labour_prev`)."""
    for i in prange(alive.shape[0]):
        if alive[i] == 0:
            continue
        state = labour[i]
        if state == RETIRED:
            continue
        if age[i] >= p.retirement_age:
            labour[i] = RETIRED
            months_unemployed[i] = 0
            continue
        u = rng.uniform(seed, uid[i], month, rng.JOB, 0)
        if state == STUDENT:
            if age[i] >= p.study_end_age:
                labour[i] = UNEMPLOYED
        elif state == EMPLOYED:
            h = p.job_loss * np.exp(-p.job_loss_slope * (cap[i, CULT] - 0.5))
            if prob_age[i, WORK] > 0:
                h *= p.work_problem_factor
            if u < h:
                labour[i] = UNEMPLOYED
                months_unemployed[i] = 0
        elif state == UNEMPLOYED or state == BASISBAAN:
            if state == UNEMPLOYED:
                months_unemployed[i] += 1
            total, employed = 0.0, 0.0
            for k in range(nbr.shape[1]):
                j = nbr[i, k]
                if j >= 0:
                    total += w[i, k]
                    if labour_prev[j] == EMPLOYED:
                        employed += w[i, k]
            kruiwagen = employed / total if total > 0 else 0.0
            base = np.log(p.job_find / (1.0 - p.job_find))
            logit = base + p.job_find_slope * (cap[i, CULT] - 0.5) + p.personal_slope * (cap[i, PERS] - 0.5)
            find = (1.0 + p.kruiwagen * kruiwagen) / (1.0 + np.exp(-logit))
            # duration dependence: job finding falls with time on benefit (frozen while in a basisbaan)
            fresh = np.exp(-months_unemployed[i] / p.duration_scale)
            find *= p.duration_floor + (1.0 - p.duration_floor) * fresh
            if state == BASISBAAN:
                find *= p.basisbaan_find_factor
            if u < find:
                labour[i] = EMPLOYED
                months_unemployed[i] = 0


def step(m):
    s = m.s
    kernel(m.seed, m.month, s.uid, s.alive, s.cap, s.age, s.labour, s.labour.copy(),
           s.months_unemployed, s.prob_age, s.nbr, s.w, m.kp["labour"])
