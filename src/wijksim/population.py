"""Households: drawing their attributes from SCP class profiles, and placing them at the start."""

from __future__ import annotations

import numpy as np

from . import rng
from .city import CityLayout
from .config import Scenario
from .params import CLASS_KEYS, ModelParams
from .processes.housing import dwelling_rents, rent_draws, taxable_income
from .state import (BASISBAAN, CULT, ECON, EMPLOYED, MAX_CHILDREN, PERS, RETIRED, SOC, STUDENT,
                    UNEMPLOYED, State)


# CBS's equivalence factors (Welvaart in Nederland 2019, appendix A, table A.1): row = adults
# (1-4), column = children under 18 (0-4); the standardised income is income / factor.
CBS_EQUIVALENCE = np.array([[1.00, 1.33, 1.51, 1.76, 1.95],
                            [1.37, 1.67, 1.88, 2.06, 2.28],
                            [1.73, 1.95, 2.14, 2.32, 2.49],
                            [2.00, 2.19, 2.37, 2.53, 2.68]])


def earnings(econ, p: ModelParams) -> np.ndarray:
    """Net yearly earnings (EUR) of an employed main earner, rising with economic capital."""
    return p.income.median * np.exp(p.income.spread * (np.asarray(econ, dtype=np.float64) - 0.5))


def household_income(econ, labour, single, child_age, p: ModelParams) -> np.ndarray:
    """Yearly disposable household income (EUR, net, with vakantiegeld): earnings (a partner's
    too) rising with economic capital, at least the social minimum; bijstand; AOW plus a pension
    rising with economic capital; a student's income; a basisbaan's minimum wage; plus
    kinderbijslag per child at home. Arrays of equal length (child_age: one row per household)."""
    q = p.income
    econ, labour = np.asarray(econ, dtype=np.float64), np.asarray(labour)
    single = np.asarray(single) == 1
    social_minimum = np.where(single, q.bijstand_single, q.bijstand_couple)
    work = np.maximum(earnings(econ, p) * (1.0 + q.partner_share * ~single), social_minimum)
    pension = np.where(single, q.aow_single, q.aow_couple) + q.pension_median * np.exp(q.pension_spread * (econ - 0.5))
    base = np.select([labour == UNEMPLOYED, labour == RETIRED, labour == STUDENT, labour == BASISBAAN],
                     [social_minimum, pension, np.full(econ.shape, q.student), np.full(econ.shape, q.minimum_wage)],
                     work)
    return base + q.child_benefit * (np.asarray(child_age) >= 0).sum(axis=1)


def equivalence_factor(single, child_age) -> np.ndarray:
    """CBS's equivalence factor per household: one or two adults plus children of 18 or older
    at home, and children under 18 (both capped at CBS's table, 4 adults and 4 children)."""
    child_age = np.asarray(child_age)
    minors = ((child_age >= 0) & (child_age < 18)).sum(axis=1)
    adults = 2 - (np.asarray(single) == 1) + (child_age >= 18).sum(axis=1)
    return CBS_EQUIVALENCE[np.minimum(adults, 4) - 1, np.minimum(minors, 4)]


def class_counts(shares: list[float], n: int) -> np.ndarray:
    """Integer counts per class that sum to n (largest remainder)."""
    raw = np.asarray(shares) * n
    counts = np.floor(raw).astype(int)
    counts[np.argsort(-(raw - counts), kind="stable")[: n - counts.sum()]] += 1
    return counts


def fill_households(s: State, slots: np.ndarray, cls: np.ndarray, month: int, p: ModelParams, seed: int,
                    single_share: float | None = None, children_share: float | None = None):
    """Give the households in `slots` (uids already set) attributes drawn from their class profile.
    `single_share` and `children_share` replace demography.single_share and
    demography.children_share (a CBS buurt's own household types)."""
    single_share = p.demography.single_share if single_share is None else single_share
    children_share = p.demography.children_share if children_share is None else children_share
    uid = s.uid[slots]
    prof = [p.classes.profiles[k] for k in CLASS_KEYS]
    mean = np.array([[q.economic, q.cultural, q.social, q.personal] for q in prof])[cls]
    sd = p.classes.capital_sd
    for c in range(4):
        z = rng.normals(seed, uid, month, rng.INIT_HOUSEHOLD, 2 * c)
        s.cap[slots, c] = np.clip(mean[:, c] + sd * z, 0.01, 0.99)
    age_mu = np.array([q.age for q in prof])[cls]
    age_sd = np.array([q.age_sd for q in prof])[cls]
    age = np.clip(age_mu + age_sd * rng.normals(seed, uid, month, rng.INIT_HOUSEHOLD, 10), 18, 98)
    s.age[slots] = age
    u = rng.uniforms(seed, uid, month, rng.INIT_HOUSEHOLD, 12)
    employed = np.array([q.employed for q in prof])[cls]
    student = np.array([q.student for q in prof])[cls]
    ret_age = p.labour.retirement_age
    labour = np.where(u < employed, EMPLOYED, UNEMPLOYED)
    labour = np.where((age < p.labour.study_end_age) & (u < student), STUDENT, labour)
    labour = np.where(age >= ret_age, RETIRED, labour)
    s.labour[slots] = labour
    months = rng.uniforms(seed, uid, month, rng.INIT_HOUSEHOLD, 13) * 48
    s.months_unemployed[slots] = np.where(labour == UNEMPLOYED, months, 0).astype(np.int32)
    econ, cult = s.cap[slots, ECON], s.cap[slots, CULT]
    c = p.capitals
    earning = np.select(
        [labour == UNEMPLOYED, labour == RETIRED, labour == STUDENT],
        [econ + 0.2, (econ - c.pension_base) / c.pension_replacement, 0.3 + 0.6 * cult], econ)
    s.earning[slots] = np.clip(earning, 0.05, 1.0)
    participates = np.isin(labour, (EMPLOYED, STUDENT))
    s.edu[slots] = np.clip(cult - c.participation_gain * participates, 0.0, 1.0)
    s.health_base[slots] = s.cap[slots, PERS] + c.age_decline * np.maximum(0.0, age - 55)
    s.sociability[slots] = s.cap[slots, SOC]
    # a new household keeps its ties outside the city: enough tie capacity for its drawn social capital
    s.outside[slots] = -p.capitals.social_scale * np.log(1.0 - s.cap[slots, SOC])
    single = rng.uniforms(seed, uid, month, rng.INIT_HOUSEHOLD, 14) < single_share + 0.2 * (age > 70)
    s.single[slots] = single
    s.child_age[slots] = -1.0
    has_kids = (age >= 25) & (age <= 50) & (rng.uniforms(seed, uid, month, rng.INIT_HOUSEHOLD, 17) < children_share)
    n_kids = 1 + (rng.uniforms(seed, uid, month, rng.INIT_HOUSEHOLD, 18) * MAX_CHILDREN).astype(int)
    parent_cap = (econ + cult) / 2
    for k in range(MAX_CHILDREN):
        kid = has_kids & (k < n_kids)
        oldest = np.minimum(17.0, age - 20)
        kage = np.floor(rng.uniforms(seed, uid, month, rng.INIT_HOUSEHOLD, 20 + k) * oldest)
        s.child_age[slots, k] = np.where(kid, kage, -1.0)
        s.child_att[slots, k] = np.where(kid, 0.5 * 0.5 + 0.5 * parent_cap, 0.0)
    # registered for social rent at some time since turning 18 (a social tenant's count restarts
    # when it is housed: place_initial sets it to the months in the dwelling)
    s.reg_months[slots] = registered_since_18(18.0 + (age - 18.0) * rng.uniforms(seed, uid, month, rng.INIT_HOUSEHOLD, 40))
    for name in ("months_here", "care", "need", "unmet", "new_escalations", "evict", "similar", "yr_need",
                 "yr_sought", "yr_helped", "yr_moved", "yr_escalations", "yr_cost", "urgent", "urgent_months",
                 "yr_moved_from", "dk_net", "waiting", "yr_informal", "yr_waited"):
        getattr(s, name)[slots] = 0
    s.yr_benefit_months[slots] = -1  # arrived during the year: not counted in this year's bijstand exits
    s.prob_age[slots] = 0
    s.prob_esc[slots] = 0
    reset_derived(s, slots, p, seed, month)
    s.cls[slots] = cls
    s.school[slots] = -1
    s.alive[slots] = 1


def registered_since_18(age: np.ndarray) -> np.ndarray:
    """Months registered for social rent of someone who registered at 18 and was never housed by it."""
    return (12 * np.maximum(np.asarray(age) - 18.0, 0.0)).astype(np.int32)


def reset_derived(s: State, slots: np.ndarray, p: ModelParams, seed: int, month: int):
    """Set what follows from a new household's capitals: trust near its capital-dependent
    baseline, no draaglast, and its own draagkracht."""
    econ, cult = s.cap[slots, ECON], s.cap[slots, CULT]
    noise = 0.08 * rng.normals(seed, s.uid[slots], month, rng.INIT_HOUSEHOLD, 15)
    s.trust[slots] = np.clip(p.trust.base + p.trust.capital_slope * ((econ + cult) / 2 - 0.5) + noise, 0, 1)
    s.dl[slots] = 0.0
    s.dk_own[slots] = p.support.own_weight * s.cap[slots][:, [ECON, CULT, PERS]].mean(axis=1)
    s.dk[slots] = s.dk_own[slots]


def place_initial(s: State, layout: CityLayout, sc: Scenario, seed: int):
    """Create the starting households and put them in dwellings: per wijk of a grid city (with
    the wijk's class shares), per buurt of a city from CBS data (with the buurt's household
    count, class mix and household types); within it, households with more economic capital
    tend to get owner-occupied and higher-band dwellings."""
    p = sc.model
    slot = 0
    rent = dwelling_rents(layout.dw_tenure, layout.dw_band, rent_draws(seed, layout.n_dwellings), p.housing)
    if sc.city.is_cbs:
        plan = sc.city.cbs_plan
        for b, buurt in enumerate(plan.buurten):
            dws = layout.buurt_dw[layout.buurt_dw_start[b]:layout.buurt_dw_start[b + 1]]
            n_hh = buurt.n_households
            cls = np.repeat(np.arange(len(CLASS_KEYS)), class_counts(buurt.classes, n_hh)).astype(np.int8)
            slots = np.arange(slot, slot + n_hh)
            s.uid[slots] = slots
            fill_households(s, slots, cls, rng.INIT_MONTH, p, seed, buurt.single_share, buurt.children_share)
            _occupy(s, layout, dws, slots, seed, p, rent)
            slot += n_hh
    else:
        for w, wname in enumerate(layout.wijk_names):
            dws = np.flatnonzero(layout.dw_wijk == w)
            n_hh = int(round(p.demography.occupancy * dws.size))
            shares = [sc.population.wijken[wname][k] for k in CLASS_KEYS]
            cls = np.repeat(np.arange(len(CLASS_KEYS)), class_counts(shares, n_hh)).astype(np.int8)
            slots = np.arange(slot, slot + n_hh)
            s.uid[slots] = slots
            fill_households(s, slots, cls, rng.INIT_MONTH, p, seed)
            _occupy(s, layout, dws, slots, seed, p, rent)
            slot += n_hh
    s.next_uid = slot
    s.school[: slot] = layout.default_school[layout.dw_buurt[s.dwelling[:slot]]]


def _occupy(s: State, layout: CityLayout, dws: np.ndarray, slots: np.ndarray, seed: int, p: ModelParams,
            rent: np.ndarray):
    """Put the households in `slots` into a random len(slots) of the dwellings `dws` as the
    allocation rules would: social rent goes to households within the DAEB income limits (those
    with the least economic capital first; others only if too few are eligible), the cheapest
    social rent to the lowest incomes (passend toewijzen); the other dwellings go by price,
    households with more economic capital (and families) tending to get the better (and larger) ones."""
    n_hh = slots.size
    pick = rng.uniforms(seed, dws.astype(np.int64), rng.INIT_MONTH, rng.INIT_PLACE, 1)
    occupied = dws[np.argsort(pick, kind="stable")[:n_hh]]
    hh_key = 3.0 * s.cap[slots, ECON] + 0.8 * (s.child_age[slots, 0] >= 0) + rng.normals(seed, s.uid[slots], rng.INIT_MONTH, rng.INIT_PLACE, 2)
    q = p.housing
    limit = np.where(s.single[slots] == 1, q.daeb_limit_single, q.daeb_limit_multi)
    net = household_income(s.cap[slots, ECON], s.labour[slots], s.single[slots], s.child_age[slots], p)
    eligible = taxable_income(net, s.single[slots], s.child_age[slots], p) <= limit
    by_rule = np.lexsort((hh_key, ~eligible))  # positions: eligible first, each in ascending key
    social = occupied[layout.dw_tenure[occupied] == 0]
    other = occupied[layout.dw_tenure[occupied] != 0]
    tenants, rest = (np.sort(part) for part in (by_rule[:social.size], by_rule[social.size:]))
    tenants = slots[tenants[np.argsort(hh_key[tenants], kind="stable")]]
    s.dwelling[tenants] = social[np.argsort(rent[social], kind="stable")]
    rest = slots[rest[np.argsort(hh_key[rest], kind="stable")]]
    quality = (layout.dw_band[other] + 1.2 * (layout.dw_tenure[other] == 3) + 0.4 * layout.dw_family[other]
               + rng.normals(seed, other.astype(np.int64), rng.INIT_MONTH, rng.INIT_PLACE, 0))
    s.dwelling[rest] = other[np.argsort(quality, kind="stable")]
    s.months_here[slots] = (rng.uniforms(seed, s.uid[slots], rng.INIT_MONTH, rng.INIT_PLACE, 3) * 120).astype(np.int32)
    s.reg_months[tenants] = s.months_here[tenants]
