"""7. Children (yearly): school attainment accrues from parental capitals, the school's
composition and policy; children reaching adulthood leave home with an adult income
position (for the rank-rank slope); births; high-capital parents may leave a weak school."""

import numpy as np
from numba import njit, prange

from .. import rng
from ..state import CULT, ECON, MAX_CHILDREN, NO_CHILD

SCHOOL_START = 4.0


@njit(parallel=True, cache=True)
def attainment(seed, year, uid, alive, cap, age, single, child_age, child_att, school, school_comp,
               comp_mean, school_extra, leave_age, left_score, left_att, p):
    """Age children one year and update attainment; fill left_score/left_att for leavers."""
    for i in prange(alive.shape[0]):
        for k in range(MAX_CHILDREN):
            left_score[i, k] = np.nan
        if alive[i] == 0:
            continue
        parent = 0.5 * (cap[i, ECON] + cap[i, CULT])
        comp = school_comp[school[i]] if school[i] >= 0 else comp_mean
        extra = school_extra[school[i]] if school[i] >= 0 else 0.0
        for k in range(MAX_CHILDREN):
            if child_age[i, k] == NO_CHILD:
                continue
            child_age[i, k] += 1.0
            if child_age[i, k] >= SCHOOL_START and child_age[i, k] < leave_age:
                target = ((1.0 - p.parent_weight - p.school_weight) * 0.5 + p.parent_weight * parent
                          + p.school_weight * (comp - comp_mean + 0.5) + extra
                          + p.attainment_noise * rng.normal(seed, uid[i], year, rng.CHILD, 4 * k))
                child_att[i, k] += p.learn_rate * (target - child_att[i, k])
            if child_age[i, k] >= leave_age:
                left_att[i, k] = child_att[i, k]
                left_score[i, k] = child_att[i, k] + p.adult_noise * rng.normal(seed, uid[i], year, rng.ADULT, 4 * k)
                child_age[i, k] = NO_CHILD
                child_att[i, k] = 0.0
        # births
        if 22.0 <= age[i] <= 42.0:
            free = -1
            for k in range(MAX_CHILDREN):
                if child_age[i, k] == NO_CHILD:
                    free = k
                    break
            chance = p.birth_rate * (0.5 if single[i] else 1.0)
            if free >= 0 and rng.uniform(seed, uid[i], year, rng.BIRTH, 0) < chance:
                child_age[i, free] = 0.0
                child_att[i, free] = 0.5 * 0.5 + 0.5 * parent


def school_composition(m):
    """Mean parental capital of the families at each school (a buurt index)."""
    s = m.s
    n_b = len(m.layout.buurt_names)
    kids = (s.alive == 1) & (s.school >= 0) & ((s.child_age >= SCHOOL_START).any(axis=1))
    parent = 0.5 * (s.cap[:, ECON] + s.cap[:, CULT])
    cnt = np.bincount(s.school[kids], minlength=n_b)
    tot = np.bincount(s.school[kids], weights=parent[kids], minlength=n_b)
    mean = parent[kids].mean() if kids.any() else 0.5
    return np.where(cnt > 0, tot / np.maximum(cnt, 1), mean), mean


def choose_schools(m, comp):
    """Default school of the buurt; parents above the flight threshold at a weaker-than-average
    school may move their children to the best school in the city (unless choice is local)."""
    s, p = m.s, m.kp["children"]
    default = m.layout.default_school[m.hh_buurt]
    local = m.levers.school_local[m.hh_buurt] == 1
    fled = (s.school >= 0) & (s.school != default) & ~local  # a fled family keeps its school until it moves
    s.school[:] = np.where(fled, s.school, default)
    schools = np.flatnonzero(m.layout.buurt_school)
    if schools.size == 0:
        return
    best = schools[np.argmax(comp[schools])]
    has_kids = (s.child_age >= SCHOOL_START).any(axis=1)
    weak = comp[np.maximum(default, 0)] < np.mean(comp[schools])
    cand = np.flatnonzero((s.alive == 1) & has_kids & weak & ~local & (s.cap[:, CULT] > p.flight_threshold)
                          & (s.school == default))
    flee = cand[m.draws(cand, rng.SCHOOL) < p.school_flight]
    s.school[flee] = best


def step_year(m):
    """Run the yearly children's process; return the leavers as (parent slot, child index, attainment, adult score)."""
    s, p = m.s, m.kp["children"]
    comp, mean = school_composition(m)
    choose_schools(m, comp)
    left_score = np.empty(s.child_age.shape)
    left_att = np.zeros(s.child_age.shape)
    attainment(m.seed, m.month, s.uid, s.alive, s.cap, s.age, s.single, s.child_age, s.child_att,
               s.school, comp, mean, m.levers.extended_day, m.kp["demography"].leave_home_age, left_score,
               left_att, p)
    parent, k = np.nonzero(~np.isnan(left_score))
    return parent, k, left_att[parent, k], left_score[parent, k]
