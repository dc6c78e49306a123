"""One unit test (or a few) per process of MODEL.md: the direction and the size of each effect.

Most tests call a process's numba kernel directly on hand-made arrays (a `State` with many
identical rows per group, so dtypes match what the model passes and numba's cache is reused),
repeat it over several months (every month gives fresh counter-based draws) and compare the
observed rates with the kernel's formula under explicit tolerances. A few tests step the
tiny model's process wrappers to check the bookkeeping around the kernels.
"""

from __future__ import annotations

import numpy as np
import pytest

from wijksim.params import ModelParams
from wijksim.processes import (capitals, children, coping, demography, housing, kernel_params,
                               labour, network_dynamics, setbacks, support, trust)
from wijksim.state import (CULT, DEBT, ECON, EMPLOYED, FAMILY, HEALTH, HOUSING, N_DOMAINS, NO_CHILD,
                           PERS, RETIRED, SOC, STUDENT, UNEMPLOYED, WORK, BASISBAAN, State)

KP = kernel_params(ModelParams())
SEED = 20260101


def blank(n: int, max_ties: int = 8) -> State:
    """n living households with distinct uids and all capitals at 0.5."""
    s = State(n, max_ties)
    s.alive[:] = 1
    s.uid[:] = np.arange(n, dtype=np.int64)
    s.cap[:] = 0.5
    s.age[:] = 45.0
    s.labour[:] = EMPLOYED
    s.trust[:] = 0.5
    return s


def logistic(x):
    return 1.0 / (1.0 + np.exp(-x))


def assert_rate(observed, expected, rel, what=""):
    assert abs(observed - expected) <= rel * expected, f"{what}: observed {observed:.5f}, expected {expected:.5f} +- {rel:.0%}"


# --------------------------------------------------------------------------------------
# 1. Setbacks
# --------------------------------------------------------------------------------------

def _new_problem_rates(s, p, months=15, buurt_excess=None, hh_buurt=None):
    """Share of household-months with a new problem, per household and domain (prob_age reset monthly)."""
    n = s.n_slots
    hh_buurt = np.zeros(n, dtype=np.int32) if hh_buurt is None else hh_buurt
    excess = np.zeros(1) if buurt_excess is None else buurt_excess
    new = np.zeros((n, N_DOMAINS))
    for month in range(1, months + 1):
        s.prob_age[:] = 0
        setbacks.kernel(SEED, month, s.uid, s.alive, s.cap, s.labour, hh_buurt, excess, s.prob_age, p)
        new += s.prob_age == 1
    return new / months


def test_setbacks_low_capital_gets_more_problems_by_vulnerability_ratio():
    n = 2000
    s = blank(2 * n)
    s.cap[:n] = 0.3
    s.cap[n:] = 0.7
    p = KP["setbacks"]._replace(base_hazard=np.full(N_DOMAINS, 0.04), vulnerability_slope=2.0,
                                concentration_slope=0.0)
    rates = _new_problem_rates(s, p, months=30)
    low, high = rates[:n].mean(axis=0), rates[n:].mean(axis=0)
    for d in range(N_DOMAINS):  # every domain's exposed capital is 0.3 resp. 0.7 here
        assert_rate(low[d], 0.04 * np.exp(2.0 * 0.2), 0.10, f"low capital, domain {d}")
        assert_rate(high[d], 0.04 * np.exp(-2.0 * 0.2), 0.12, f"high capital, domain {d}")
    ratio = low.sum() / high.sum()
    assert_rate(ratio, np.exp(2.0 * 0.4), 0.08, "hazard ratio low/high capital")


def test_setbacks_concentration_raises_hazard_and_max_hazard_caps_it():
    n = 2000
    s = blank(3 * n)
    hh_buurt = np.repeat([0, 1, 2], n).astype(np.int32)
    s.cap[2 * n:] = 0.0  # extremely vulnerable: hazard far above the cap
    p = KP["setbacks"]._replace(base_hazard=np.full(N_DOMAINS, 0.03), vulnerability_slope=6.0,
                                concentration_slope=2.0, max_hazard=0.15)
    rates = _new_problem_rates(s, p, buurt_excess=np.array([0.0, 0.3, 0.0]), hh_buurt=hh_buurt)
    plain, concentrated, capped = (rates[k * n:(k + 1) * n].mean() for k in range(3))
    assert_rate(plain, 0.03, 0.08, "buurt at the city mean")
    assert_rate(concentrated / plain, np.exp(2.0 * 0.3), 0.10, "concentration ratio")
    assert_rate(capped, 0.15, 0.05, "capped hazard")


def test_setbacks_leave_open_problems_and_retirees_work_domain_alone():
    n = 500
    s = blank(n)
    s.labour[:] = RETIRED
    s.prob_age[:, DEBT] = 7
    p = KP["setbacks"]._replace(base_hazard=np.full(N_DOMAINS, 0.5), max_hazard=1.0)
    setbacks.kernel(SEED, 3, s.uid, s.alive, s.cap, s.labour, np.zeros(n, np.int32), np.zeros(1), s.prob_age, p)
    assert np.all(s.prob_age[:, DEBT] == 7), "an open problem must not be restarted"
    assert np.all(s.prob_age[:, WORK] == 0), "retirees are not exposed to work problems"
    assert (s.prob_age[:, HEALTH] == 1).mean() > 0.3


# --------------------------------------------------------------------------------------
# 2. Draagkracht and support
# --------------------------------------------------------------------------------------

def _draagkracht(s, p, month=1, spare_prev=None, access=0, bilingual=0.0, demand=None):
    n = s.n_slots
    seek = np.zeros(n, dtype=np.int8)
    spare = np.zeros(n) if spare_prev is None else spare_prev
    demand = np.zeros(n) if demand is None else demand
    support.draagkracht(SEED, month, s.uid, s.alive, s.cap, s.prob_age, s.prob_esc, s.care, s.waiting, s.trust,
                        s.nbr, s.w, spare, demand, np.zeros(n, np.int32), np.array([access], np.int8),
                        np.array([bilingual]), np.zeros(1), s.dk_own, s.dk, s.dl, s.dk_net, s.need, seek, p)
    return seek


def test_draaglast_and_draagkracht_formulas():
    p = KP["support"]
    s = blank(4)
    s.cap[:, ECON], s.cap[:, CULT], s.cap[:, PERS] = 0.6, 0.3, 0.9
    s.prob_age[0, [DEBT, HEALTH]] = 3
    s.prob_esc[0, DEBT] = 1
    # household 1 has two ties to households (2, 3) with spare capacity 0.4 and 0.2
    s.nbr[1, :2] = [2, 3]
    s.w[1, :2] = [0.5, 1.0]
    s.care[3] = 2
    spare = np.array([0.0, 0.0, 0.4, 0.2])
    _draagkracht(s, p, spare_prev=spare)
    own = p.own_weight * 0.6
    assert s.dl[0] == pytest.approx(p.problem_weight * (2 + p.escalated_extra))
    assert s.dk_own == pytest.approx(np.full(4, own))
    assert s.dk[0] == pytest.approx(own)
    pooled = (0.5 * 0.4 + 1.0 * 0.2) / p.helper_load_norm
    assert s.dk[1] == pytest.approx(own + p.network_help_weight * (1 - np.exp(-pooled / p.network_help_scale)))
    assert s.dk_net[1] == pytest.approx(s.dk[1] - own)
    assert s.dk[1] > s.dk[0], "help from ties with spare capacity raises draagkracht"
    assert s.dk[3] == pytest.approx(own + p.professional_help)


def test_network_help_is_shared_and_costs_the_helper():
    """A helper's spare capacity is divided over its ties with problems; giving help adds to its draaglast."""
    p = KP["support"]
    s = blank(3)
    s.nbr[0, 0], s.w[0, 0] = 2, 1.0
    s.nbr[1, 0], s.w[1, 0] = 2, 1.0
    spare = np.array([0.0, 0.0, 0.5])
    demand = np.zeros(3)
    support.tie_demand(s.alive, s.prob_age, s.nbr, s.w, demand)
    assert list(demand) == [0.0, 0.0, 0.0]
    _draagkracht(s, p, spare_prev=spare, demand=demand)
    alone = s.dk_net[0]
    assert s.dl[2] == 0.0, "no one in trouble draws on the helper"
    s.nbr[2, :2], s.w[2, :2] = [0, 1], [1.0, 1.0]
    s.prob_age[[0, 1], DEBT] = 2
    support.tie_demand(s.alive, s.prob_age, s.nbr, s.w, demand)
    assert list(demand) == [0.0, 0.0, 2.0]
    _draagkracht(s, p, spare_prev=spare, demand=demand)
    shared = 0.5 / (p.helper_load_norm + 2.0)
    assert s.dk_net[0] == pytest.approx(p.network_help_weight * (1 - np.exp(-shared / p.network_help_scale)))
    assert s.dk_net[0] < alone, "a helper with more ties in trouble gives each less"
    given = 0.5 * 2.0 / (p.helper_load_norm + 2.0)
    assert s.dl[2] == pytest.approx(p.helping_cost * given), "helping costs the helper"


def test_one_open_problem_is_need_when_capacity_margin_is_small():
    p = KP["support"]
    s = blank(2)
    s.cap[0, [ECON, CULT, PERS]] = 0.25   # own 0.25: 0.25 - 0.22 < need_margin
    s.cap[1, [ECON, CULT, PERS]] = 0.9    # own 0.9: 0.9 - 0.22 > need_margin
    s.prob_age[:, HEALTH] = 1
    _draagkracht(s, p)
    assert list(s.need) == [1, 0]

def test_help_seeking_rises_with_trust_and_findability():
    """Households in need seek help with probability logistic(intercept + slope (trust - 0.5) + ...)."""
    n, months = 2000, 10
    p = KP["support"]
    s = blank(2 * n)
    s.cap[:] = 0.1
    s.prob_age[:] = 1  # five open problems: draaglast 1.1 > draagkracht 0.1
    s.trust[:n], s.trust[n:] = 0.2, 0.8
    rates = {}
    for access in (0, 1):
        sought = np.zeros(2 * n)
        for month in range(1, months + 1):
            sought += _draagkracht(s, p, month=month, access=access)
        assert np.all(s.need == 1)
        rates[access] = sought[:n].mean() / months, sought[n:].mean() / months
    # bilingual_staff_share is 0 here, so low capital adds nothing to the log-odds
    for access in (0, 1):
        for k, trust_ in enumerate((0.2, 0.8)):
            expected = logistic(p.takeup_intercept + p.takeup_trust_slope * (trust_ - 0.5) + p.takeup_findable * access
                                + max(p.takeup_domain))  # all domains open: the largest domain term
            assert_rate(rates[access][k], expected, 0.10, f"seek rate trust {trust_} access {access}")
    assert rates[0][1] > 3 * rates[0][0]
    assert rates[1][0] > rates[0][0] and rates[1][1] > rates[0][1]


def test_no_need_without_problems_or_while_in_care():
    p = KP["support"]
    s = blank(3)
    s.cap[:] = 0.1
    s.prob_age[1:] = 1
    s.care[2] = 3
    seek = _draagkracht(s, p)
    assert list(s.need) == [0, 1, 0]
    assert seek[0] == 0 and seek[2] == 0


def _places(m, demand_w):
    """Expected places per wijk: the city's team spread by demand (no interventions here)."""
    p, L = m.kp["support"], m.layout
    households = np.bincount(L.buurt_wijk[m.hh_buurt[m.s.alive == 1]], minlength=len(L.wijk_names))
    return support.wijk_places(np.full(len(L.wijk_names), m.config.model.support.wijkteam_fte_per_1000),
                               m.config.model.support.wijkteam_fte_per_1000, p.caseload_per_fte, households, demand_w)


def test_wijkteam_places_follow_need_and_the_rest_wait(tiny_model):
    m = tiny_model
    s, L = m.s, m.layout
    p = m.kp["support"]
    s.prob_age[:] = 0
    west = (s.alive == 1) & (L.buurt_wijk[m.hh_buurt] == 0)
    s.prob_age[west] = 1  # everybody in West overburdened, nobody in Oost
    s.trust[:] = 1.0
    s.care[:] = 0
    s.waiting[:] = 0
    m.month += 1
    support.step(m)
    admitted = (s.care > 0)
    waiting = s.waiting > 0
    assert not (admitted | waiting)[~west].any()
    seekers = (admitted | waiting).sum()
    places = _places(m, np.array([seekers, 0]))
    assert places[1] == 0 and places[0] == np.floor(
        m.config.model.support.wijkteam_fte_per_1000 * (s.alive == 1).sum() / 1000 * p.caseload_per_fte)
    assert admitted.sum() == min(places[0], seekers), "all of the city's team works where the need is"
    assert np.all(s.yr_helped[admitted] == 1) and np.all(s.unmet[admitted] == 0)
    assert np.all(s.waiting[waiting] == 1) and np.all(s.unmet[waiting] == 1)
    # next month those waiting are first in line, before new seekers
    first_wait = np.flatnonzero(waiting)
    s.care[admitted] = 0  # their places free up
    s.yr_helped[:] = 0
    m.month += 1
    support.step(m)
    newly = np.flatnonzero(s.care > 0)
    assert set(newly) <= set(first_wait) or set(first_wait) <= set(newly)
    assert np.all(s.yr_waited[np.intersect1d(newly, first_wait)] == 1)


# Regression: support.step once counted care places still held by households that had left (dead slots).
def test_places_of_households_that_left_are_freed(tiny_model):
    m = tiny_model
    s, L = m.s, m.layout
    m.month += 1
    living = s.living()
    hh_wijk = L.buurt_wijk[m.hh_buurt]
    west = living[hh_wijk[living] == 0]
    s.prob_age[:] = 0
    s.care[:] = 0
    # a third of West's households are in care and then leave the city
    leavers = west[::3]
    s.care[leavers] = 6
    demography.remove(m, leavers)
    stayers = np.setdiff1d(west, leavers)
    s.prob_age[stayers] = 1
    s.trust[stayers] = 1.0
    support.step(m)
    seekers = ((s.care > 0) | (s.waiting > 0))[stayers].sum()
    capacity = _places(m, np.array([seekers, 0]))[0]
    assert 2 <= capacity < seekers
    assert (s.care[stayers] > 0).sum() == capacity


# --------------------------------------------------------------------------------------
# 3. Coping, escalation and eviction
# --------------------------------------------------------------------------------------

def _cope(s, p, month, q=KP["support"]):
    coping.kernel(SEED, month, s.uid, s.alive, s.cap, s.dk, s.dl, s.dk_net, s.care, s.prob_age, s.prob_esc,
                  s.new_escalations, s.evict, s.yr_escalations, s.yr_cost, p, q)


PLAIN = np.ones(N_DOMAINS)  # solve_factor without domain differences


def test_solving_is_faster_with_draagkracht_above_draaglast():
    n, months = 2000, 10
    p = KP["coping"]._replace(solve_factor=PLAIN)
    s = blank(2 * n)
    s.dk[:n], s.dl[:n] = 0.9, 0.4   # margin +0.5
    s.dk[n:], s.dl[n:] = 0.3, 0.6   # margin -0.3
    solved = np.zeros(2 * n)
    for month in range(1, months + 1):
        s.prob_age[:] = 1
        s.prob_esc[:] = 0
        _cope(s, p, month)
        solved += (s.prob_age == 0).sum(axis=1)
    rate = solved / (months * N_DOMAINS)
    for margin, got in ((0.5, rate[:n].mean()), (-0.3, rate[n:].mean())):
        expected = p.solve_max * logistic(p.solve_slope * (margin - p.solve_midpoint))
        assert_rate(got, expected, 0.10, f"solve rate at margin {margin}")
    assert rate[:n].mean() > 3 * rate[n:].mean()


def test_escalated_problems_are_solved_less_often():
    n, months = 2000, 10
    p = KP["coping"]._replace(escalated_solve_factor=0.5, solve_factor=PLAIN, escalated_resolution=np.zeros(N_DOMAINS))
    s = blank(n)
    s.dk[:] = 1.0
    solved_plain, solved_esc = 0, 0
    for month in range(1, months + 1):
        s.prob_age[:] = 1
        s.prob_esc[:] = 0
        s.prob_esc[:, [DEBT, HOUSING]] = 1
        _cope(s, p, month)
        solved_esc += (s.prob_age[:, [DEBT, HOUSING]] == 0).sum()
        solved_plain += (s.prob_age[:, [HEALTH, FAMILY, WORK]] == 0).sum()
    ratio = (solved_esc / 2) / (solved_plain / 3)
    assert_rate(ratio, 0.5, 0.12, "escalated/plain solve ratio")


def test_overdue_problems_escalate_with_cost_and_personal_loss():
    n, months = 2000, 15
    p = KP["coping"]._replace(solve_max=0.0, escalate_hazard=np.full(N_DOMAINS, 0.1), eviction_hazard=0.0)
    s = blank(n)
    escalated = 0
    for month in range(1, months + 1):
        s.prob_age[:] = 0
        s.prob_esc[:] = 0
        s.prob_age[:, HEALTH] = int(p.escalate_after) + 2   # overdue
        s.prob_age[:, FAMILY] = int(p.escalate_after) - 2   # not yet overdue
        s.cap[:, PERS] = 0.5
        s.yr_cost[:] = 0.0
        _cope(s, p, month)
        esc = s.prob_esc[:, HEALTH] == 1
        escalated += esc.sum()
        assert np.all(s.prob_esc[:, FAMILY] == 0), "a problem escalated before escalate_after"
        assert np.array_equal(s.new_escalations, esc.astype(np.int16))
        assert np.allclose(s.cap[esc, PERS], 0.5 - p.escalation_personal_loss)
        assert np.all(s.cap[~esc, PERS] == 0.5)
        assert np.allclose(s.yr_cost[esc], p.escalation_cost[HEALTH])
        assert np.all(s.yr_cost[~esc] == 0.0)
    assert_rate(escalated / (n * months), 0.1, 0.10, "escalation hazard")
    assert np.all(s.yr_escalations <= months)


def test_solving_falls_with_duration_towards_the_chronic_floor_and_differs_by_domain():
    n, months = 3000, 10
    p = KP["coping"]._replace(escalate_hazard=np.zeros(N_DOMAINS))
    s = blank(2 * n)
    s.dk[:], s.dl[:] = 0.9, 0.4
    solved = np.zeros((2 * n, N_DOMAINS))
    for month in range(1, months + 1):
        s.prob_age[:n], s.prob_age[n:] = 1, 61
        _cope(s, p, month)
        solved += s.prob_age == 0
    base = p.solve_max * logistic(p.solve_slope * (0.5 - p.solve_midpoint))
    fresh, old = solved[:n].mean(axis=0) / months, solved[n:].mean(axis=0) / months
    assert_rate(fresh[HEALTH], base * p.solve_factor[HEALTH], 0.1, "fresh health problem")
    assert_rate(fresh[DEBT], base * p.solve_factor[DEBT], 0.1, "fresh debt problem")
    floor = p.chronic_floor + (1 - p.chronic_floor) * np.exp(-60 / p.duration_scale)
    assert_rate(old[HEALTH], base * p.solve_factor[HEALTH] * floor, 0.15, "a problem open 5 years")


def test_the_specialist_route_closes_escalated_problems():
    n, months = 3000, 10
    p = KP["coping"]._replace(solve_max=0.0, escalate_hazard=np.zeros(N_DOMAINS), eviction_hazard=0.0)
    s = blank(n)
    solved = np.zeros(N_DOMAINS)
    for month in range(1, months + 1):
        s.prob_age[:], s.prob_esc[:] = 20, 1
        _cope(s, p, month)
        solved += (s.prob_age == 0).sum(axis=0)
    for d in (DEBT, HEALTH):
        assert_rate(solved[d] / (n * months), p.escalated_resolution[d], 0.12, f"specialist route, domain {d}")


def test_care_and_network_help_lower_escalation():
    n, months = 3000, 10
    p = KP["coping"]._replace(solve_max=0.0, escalate_hazard=np.full(N_DOMAINS, 0.1), eviction_hazard=0.0)
    q = KP["support"]
    s = blank(3 * n)
    s.care[n:2 * n] = 5
    s.dk_net[2 * n:] = q.network_help_weight
    escalated = np.zeros(3 * n)
    for month in range(1, months + 1):
        s.prob_age[:] = 0
        s.prob_esc[:] = 0
        s.prob_age[:, HEALTH] = int(p.escalate_after) + 2
        _cope(s, p, month, q)
        escalated += s.prob_esc[:, HEALTH]
    none, care, network = (escalated[k * n:(k + 1) * n].mean() / months for k in range(3))
    assert_rate(none, 0.1, 0.1, "escalation without help")
    assert_rate(care, 0.1 * p.escalation_care_factor, 0.12, "escalation in care")
    assert_rate(network, 0.1 * (1 - p.escalation_network_relief), 0.12, "escalation with full network help")


def test_escalated_debt_leads_to_eviction_but_escalated_health_does_not():
    n, months = 2000, 12
    p = KP["coping"]._replace(solve_max=0.0, eviction_hazard=0.1)
    s = blank(2 * n)
    evicted = np.zeros(2 * n)
    for month in range(1, months + 1):
        s.prob_age[:] = 0
        s.prob_esc[:] = 0
        s.prob_age[:n, DEBT], s.prob_esc[:n, DEBT] = 20, 1
        s.prob_age[n:, HEALTH], s.prob_esc[n:, HEALTH] = 20, 1
        _cope(s, p, month)
        evicted += s.evict
    assert_rate(evicted[:n].sum() / (n * months), 0.1, 0.10, "eviction hazard with escalated debt")
    assert evicted[n:].sum() == 0
    # the demography process makes every evicted household leave the city
    leave = np.zeros(2 * n, dtype=np.int8)
    q = KP["demography"]._replace(mortality_a=-30.0, out_migration=0.0)
    demography.exits(SEED, 7, s.uid, s.alive, s.age, s.single, s.evict, leave, q)
    assert np.array_equal(leave, s.evict)


def test_eviction_in_the_model_removes_the_household(tiny_model):
    m = tiny_model
    s = m.s
    m.kp["coping"] = m.kp["coping"]._replace(solve_max=0.0, eviction_hazard=1.0)
    m.kp["demography"] = m.kp["demography"]._replace(mortality_a=-30.0, out_migration=0.0)
    target = s.living()[:10]
    uids = s.uid[target].copy()
    dws = s.dwelling[target].copy()
    s.prob_age[:], s.prob_esc[:] = 0, 0  # no one else has a problem that could escalate (the warm start leaves some)
    s.prob_age[target, DEBT] = 30
    s.prob_esc[target, DEBT] = 1
    m.step()
    still = set(s.uid[s.living()].tolist())
    assert not still & set(uids.tolist())
    assert m.counts["evictions"] == 10
    assert m.counts["exits"] == 10
    for d in dws:  # the dwellings are vacant or taken by somebody new
        assert m.dw_hh[d] < 0 or s.uid[m.dw_hh[d]] not in uids


def test_care_counts_down_and_costs():
    p = KP["coping"]
    s = blank(2)
    s.care[:] = [3, 0]
    support.count_down_care(s, p.care_cost_per_month)
    assert list(s.care) == [2, 0]
    assert s.yr_cost[0] == pytest.approx(p.care_cost_per_month)
    assert s.yr_cost[1] == 0.0


# --------------------------------------------------------------------------------------
# 4. Capitals
# --------------------------------------------------------------------------------------

def _capitals(s, p):
    capitals.kernel(s.alive, s.cap, s.cap.copy(), s.labour, s.earning, s.edu, s.health_base, s.age,
                    s.dl, s.prob_age, s.nbr, s.w, s.outside, p)


def test_economic_capital_moves_towards_labour_target():
    p = KP["capitals"]
    s = blank(4)
    s.cap[:, ECON] = 0.4
    s.earning[:] = 0.8
    s.labour[:] = [EMPLOYED, UNEMPLOYED, EMPLOYED, RETIRED]
    s.prob_age[2, DEBT] = 1
    _capitals(s, p)
    r = p.economic_rate
    assert s.cap[0, ECON] == pytest.approx(0.4 + r * (0.8 - 0.4))
    assert s.cap[1, ECON] == pytest.approx(0.4 + r * (p.benefit_level - 0.4))
    assert s.cap[2, ECON] == pytest.approx(0.4 + r * (0.8 - p.debt_penalty - 0.4))
    assert s.cap[3, ECON] == pytest.approx(0.4 + r * (p.pension_base + p.pension_replacement * 0.8 - 0.4))
    for _ in range(400):
        _capitals(s, p)
    assert s.cap[0, ECON] == pytest.approx(0.8, abs=1e-3)
    assert s.cap[1, ECON] == pytest.approx(p.benefit_level, abs=1e-3)


def test_personal_capital_erodes_under_draaglast_and_age():
    p = KP["capitals"]
    s = blank(3)
    s.cap[:, PERS] = 0.6
    s.health_base[:] = 0.6
    s.dl[:] = [0.0, 0.66, 0.0]
    s.age[:] = [45.0, 45.0, 75.0]
    _capitals(s, p)
    assert s.cap[0, PERS] == pytest.approx(0.6)
    assert s.cap[0, PERS] - s.cap[1, PERS] == pytest.approx(p.personal_rate * p.burden_effect * 0.66)
    assert s.cap[0, PERS] - s.cap[2, PERS] == pytest.approx(p.personal_rate * p.age_decline * 20)
    for _ in range(600):
        _capitals(s, p)
    assert s.cap[1, PERS] == pytest.approx(0.6 - p.burden_effect * 0.66, abs=1e-3)


def test_social_capital_from_ties_and_cultural_from_participation():
    p = KP["capitals"]
    s = blank(4)
    s.cap[:] = 0.5
    s.edu[:] = 0.5
    s.labour[:] = [EMPLOYED, UNEMPLOYED, STUDENT, UNEMPLOYED]
    s.cap[2:, [ECON, CULT, PERS]] = [[0.9, 0.6, 0.3], [0.2, 0.2, 0.2]]
    s.nbr[0, :2], s.w[0, :2] = [2, 3], [1.0, 0.5]
    before = s.cap.copy()
    _capitals(s, p)
    pooled = 1.0 * 0.6 + 0.5 * 0.2  # partners' mean capitals, read from before the step
    assert s.cap[0, SOC] == pytest.approx(1 - np.exp(-pooled / p.social_scale))
    assert s.cap[1, SOC] == 0.0, "no ties, no social capital"
    assert s.cap[0, CULT] == pytest.approx(0.5 + p.cultural_rate * p.participation_gain)
    assert s.cap[1, CULT] == pytest.approx(0.5)
    assert s.cap[2, CULT] == pytest.approx(0.6 + p.cultural_rate * (0.5 + p.participation_gain - 0.6))
    assert s.cap[3, CULT] == pytest.approx(before[3, CULT] + p.cultural_rate * (0.5 - before[3, CULT]))


def test_basisbaan_colleagues_count_as_outside_ties_and_fade_after_the_place_ends():
    """Groningen's basisbaan evaluation reports more social contacts: a holder without ties gets
    social capital from colleagues, which fades after the place ends like other outside ties."""
    p = KP["capitals"]
    s = blank(2)
    s.labour[:] = [BASISBAAN, UNEMPLOYED]
    _capitals(s, p)
    assert s.cap[0, SOC] == pytest.approx(1 - np.exp(-p.basisbaan_social_ties / p.social_scale))
    assert s.cap[1, SOC] == 0.0
    s.labour[0] = UNEMPLOYED
    for _ in range(int(12 * p.outside_ties_halflife)):
        _capitals(s, p)
    pooled = -p.social_scale * np.log(1 - s.cap[0, SOC])
    assert pooled == pytest.approx(0.5 * p.basisbaan_social_ties, rel=0.02), "half gone after one half-life"


def test_capitals_stay_in_unit_interval():
    p = KP["capitals"]._replace(burden_effect=2.0, economic_rate=1.0, personal_rate=1.0)
    s = blank(3)
    s.dl[:] = [5.0, 0.0, 0.0]
    s.earning[:] = [0.0, 1.0, 1.0]
    s.health_base[:] = [0.0, 2.0, 2.0]
    s.edu[:] = [1.0, 1.0, 1.0]
    s.prob_age[0, DEBT] = 1
    for _ in range(20):
        _capitals(s, p)
    assert np.all((s.cap >= 0) & (s.cap <= 1))
    assert s.cap[0, ECON] == 0.0 and s.cap[0, PERS] == 0.0 and s.cap[1, PERS] == 1.0


# --------------------------------------------------------------------------------------
# 5. Labour market
# --------------------------------------------------------------------------------------

def _labour(s, p, month):
    labour.kernel(SEED, month, s.uid, s.alive, s.cap, s.age, s.labour, s.labour.copy(),
                  s.months_unemployed, s.prob_age, s.nbr, s.w, p)


def test_employed_ties_raise_job_finding_kruiwagen():
    n, months = 2000, 40
    p = KP["labour"]._replace(job_find=0.05, kruiwagen=1.0, duration_floor=1.0)
    s = blank(2 * n + 2)
    helper_emp, helper_unemp = 2 * n, 2 * n + 1
    s.alive[[helper_emp, helper_unemp]] = 0  # partners whose labour state stays fixed
    s.labour[helper_emp], s.labour[helper_unemp] = EMPLOYED, UNEMPLOYED
    s.nbr[:n, 0], s.w[:n, 0] = helper_emp, 0.8
    s.nbr[n:2 * n, 0], s.w[n:2 * n, 0] = helper_unemp, 0.8
    found = np.zeros(2 * n)
    for month in range(1, months + 1):
        s.labour[:2 * n] = UNEMPLOYED
        _labour(s, p, month)
        found += s.labour[:2 * n] == EMPLOYED
    rate_kw, rate_plain = found[:n].mean() / months, found[n:].mean() / months
    assert_rate(rate_plain, 0.05, 0.10, "job finding without employed ties")
    assert_rate(rate_kw, 0.05 * (1 + p.kruiwagen), 0.08, "job finding with all ties employed")
    assert_rate(rate_kw / rate_plain, 1 + p.kruiwagen, 0.12, "kruiwagen ratio")


def test_job_finding_rises_with_cultural_and_personal_capital():
    n, months = 2000, 40
    p = KP["labour"]._replace(job_find=0.05, duration_floor=1.0)
    s = blank(2 * n)
    s.cap[n:, CULT] = 0.8
    found = np.zeros(2 * n)
    for month in range(1, months + 1):
        s.labour[:] = UNEMPLOYED
        _labour(s, p, month)
        found += s.labour == EMPLOYED
    expected = logistic(np.log(0.05 / 0.95) + p.job_find_slope * 0.3)
    assert_rate(found[n:].mean() / months, expected, 0.08, "job finding at cultural capital 0.8")
    assert found[n:].sum() > 1.5 * found[:n].sum()


def test_job_loss_falls_with_cultural_capital_and_rises_with_work_problem():
    n, months = 2000, 40
    p = KP["labour"]._replace(job_loss=0.04)
    s = blank(3 * n)
    s.cap[:n, CULT] = 0.2
    s.cap[n:, CULT] = 0.8
    s.prob_age[2 * n:, WORK] = 3
    lost = np.zeros(3 * n)
    for month in range(1, months + 1):
        s.labour[:] = EMPLOYED
        _labour(s, p, month)
        lost += s.labour == UNEMPLOYED
    low, high, high_work = (lost[k * n:(k + 1) * n].mean() / months for k in range(3))
    assert_rate(low, 0.04 * np.exp(p.job_loss_slope * 0.3), 0.08, "job loss at cultural capital 0.2")
    assert_rate(high, 0.04 * np.exp(-p.job_loss_slope * 0.3), 0.12, "job loss at cultural capital 0.8")
    assert_rate(high_work / high, p.work_problem_factor, 0.15, "a work problem multiplies job loss")


def test_job_finding_falls_with_time_on_benefit_and_rises_in_a_basisbaan():
    n, months = 3000, 20
    p = KP["labour"]._replace(job_find=0.05)
    s = blank(3 * n)
    found = np.zeros(3 * n)
    for month in range(1, months + 1):
        s.labour[:] = UNEMPLOYED
        s.labour[2 * n:] = BASISBAAN
        s.months_unemployed[:n] = 0
        s.months_unemployed[n:] = 47   # 48 after this month's increment; a basisbaan freezes it at 47
        _labour(s, p, month)
        found += s.labour == EMPLOYED
    new, long_, basis = (found[k * n:(k + 1) * n].mean() / months for k in range(3))
    expected_new = 0.05 * (p.duration_floor + (1 - p.duration_floor) * np.exp(-1 / p.duration_scale))
    assert_rate(new, expected_new, 0.1, "job finding in the first month on benefit")
    long_factor = p.duration_floor + (1 - p.duration_floor) * np.exp(-48 / p.duration_scale)
    assert_rate(long_, 0.05 * long_factor, 0.15, "job finding after four years on benefit")
    basis_factor = p.duration_floor + (1 - p.duration_floor) * np.exp(-47 / p.duration_scale)
    assert_rate(basis, 0.05 * basis_factor * p.basisbaan_find_factor, 0.15, "job finding from a basisbaan")


def test_retirement_and_end_of_study():
    p = KP["labour"]
    s = blank(4)
    s.age[:] = [p.retirement_age + 0.1, p.retirement_age + 0.1, p.study_end_age + 0.1, 20.0]
    s.labour[:] = [EMPLOYED, UNEMPLOYED, STUDENT, STUDENT]
    s.months_unemployed[1] = 30
    _labour(s, p, 1)
    assert list(s.labour) == [RETIRED, RETIRED, UNEMPLOYED, STUDENT]
    assert s.months_unemployed[1] == 0


# --------------------------------------------------------------------------------------
# 6. Trust
# --------------------------------------------------------------------------------------

def _trust(s, p):
    trust.kernel(s.alive, s.cap, s.trust, s.care, s.unmet, s.new_escalations,
                 np.zeros(s.n_slots, np.int32), np.zeros(1), p)


def test_trust_rises_in_care_and_falls_with_unmet_need():
    p = KP["trust"]
    s = blank(4)
    s.care[:] = [5, 0, 0, 0]
    s.unmet[:] = [0, 1, 0, 0]
    s.new_escalations[:] = [0, 0, 0, 1]
    _trust(s, p)
    plain = s.trust[2]
    assert plain == pytest.approx(0.5)  # capitals 0.5: baseline p.base = 0.5
    assert s.trust[0] - plain == pytest.approx(p.help_gain)
    assert plain - s.trust[1] == pytest.approx(p.unmet_loss)
    assert plain - s.trust[3] == pytest.approx(p.escalation_loss)
    s.new_escalations[:] = 0
    for _ in range(23):
        _trust(s, p)
    # after 24 months the gap is gain * sum_k (1 - relax_rate)^k
    factor = (1 - (1 - p.relax_rate) ** 24) / p.relax_rate
    assert s.trust[0] - s.trust[2] == pytest.approx(p.help_gain * factor)
    assert s.trust[2] - s.trust[1] == pytest.approx(p.unmet_loss * factor)


def test_trust_returns_to_capital_dependent_baseline():
    p = KP["trust"]
    s = blank(2)
    s.cap[0, [ECON, CULT]] = 0.9
    s.cap[1, [ECON, CULT]] = 0.1
    s.trust[:] = [0.0, 1.0]
    for _ in range(1000):
        _trust(s, p)
    assert s.trust[0] == pytest.approx(p.base + p.capital_slope * 0.4, abs=1e-6)
    assert s.trust[1] == pytest.approx(p.base - p.capital_slope * 0.4, abs=1e-6)


# --------------------------------------------------------------------------------------
# 7. Children
# --------------------------------------------------------------------------------------

def _children_years(s, p, years, school_comp=None, comp_mean=0.5, leave_age=18.0, first_year=0):
    n = s.n_slots
    comp = np.array([comp_mean]) if school_comp is None else school_comp
    left_att = np.full((n, 3), np.nan)
    left_score = np.full((n, 3), np.nan)
    for year in range(first_year, first_year + years):
        ls, la = np.empty((n, 3)), np.zeros((n, 3))
        children.attainment(SEED, 12 * year, s.uid, s.alive, s.cap, s.age, s.single, s.child_age,
                            s.child_att, s.school, comp, comp_mean, np.zeros(comp.size), leave_age, ls, la, p)
        left = ~np.isnan(ls)
        left_score[left], left_att[left] = ls[left], la[left]
    return left_att, left_score


def test_children_of_high_capital_parents_reach_higher_attainment():
    n = 2000
    p = KP["children"]
    s = blank(2 * n)
    s.age[:] = 60.0  # no births
    s.cap[:n, [ECON, CULT]] = 0.9
    s.cap[n:, [ECON, CULT]] = 0.1
    s.child_age[:, 0] = 3.0
    s.child_att[:, 0] = 0.5
    left_att, left_score = _children_years(s, p, years=15)
    assert np.all(s.child_age[:, 0] == NO_CHILD), "every child left home at 18"
    assert not np.isnan(left_att[:, 0]).any()
    high, low = left_att[:n, 0].mean(), left_att[n:, 0].mean()
    # 14 school years of closing learn_rate of the gap to a target that differs by parent_weight * 0.8
    expected = p.parent_weight * 0.8 * (1 - (1 - p.learn_rate) ** 14)
    assert high - low == pytest.approx(expected, abs=0.01)
    gap_score = left_score[:n, 0].mean() - left_score[n:, 0].mean()
    assert gap_score == pytest.approx(expected, abs=0.04)


def test_school_composition_raises_attainment():
    n = 2000
    p = KP["children"]
    s = blank(2 * n)
    s.age[:] = 60.0
    s.school[:n], s.school[n:] = 0, 1
    s.child_age[:, 0] = 3.0
    s.child_att[:, 0] = 0.5
    left_att, _ = _children_years(s, p, years=15, school_comp=np.array([0.8, 0.2]), comp_mean=0.5)
    expected = p.school_weight * 0.6 * (1 - (1 - p.learn_rate) ** 14)
    assert left_att[:n, 0].mean() - left_att[n:, 0].mean() == pytest.approx(expected, abs=0.01)


def test_births_at_birth_rate_and_half_for_singles():
    n, years = 4000, 10
    p = KP["children"]._replace(birth_rate=0.08)
    s = blank(2 * n)
    s.age[:] = 30.0
    s.single[n:] = 1
    born = np.zeros(2 * n)
    for year in range(years):
        s.child_age[:] = NO_CHILD
        _children_years(s, p, years=1, first_year=year)
        born += (s.child_age[:, 0] == 0.0)
    assert_rate(born[:n].mean() / years, 0.08, 0.08, "birth rate of couples")
    assert_rate(born[n:].mean() / years, 0.04, 0.12, "birth rate of singles")


# --------------------------------------------------------------------------------------
# 8. Housing
# --------------------------------------------------------------------------------------

def _block_city(n_blocks, centre_cls, neighbour_cls):
    """A row of separate 3 x 3 blocks, every cell a dwelling holding the household of the same index.
    The centre of block b has class centre_cls[b]; its eight neighbours have class neighbour_cls[b]."""
    width, height = 3 * n_blocks, 3
    n = width * height
    yy, xx = np.mgrid[0:height, 0:width]
    cell_dw = (yy * width + xx).astype(np.int32)
    dw_x, dw_y = xx.ravel().astype(np.int32), yy.ravel().astype(np.int32)
    s = blank(n)
    s.dwelling[:] = np.arange(n, dtype=np.int32)
    block = dw_x // 3
    centre = (dw_x % 3 == 1) & (dw_y == 1)
    s.cls[:] = np.where(centre, np.asarray(centre_cls)[block], np.asarray(neighbour_cls)[block]).astype(np.int8)
    dw_hh = np.arange(n, dtype=np.int32)
    return s, cell_dw, dw_x, dw_y, dw_hh, np.flatnonzero(centre)


def _wishes(s, cell_dw, dw_x, dw_y, dw_hh, p, month, liveability=0.5, family=1):
    n = s.n_slots
    wish = np.zeros(n, dtype=np.int8)
    group = np.asarray(p.schelling_groups, dtype=np.int64)
    age = np.full(n, 40.0)  # age and tenure factors 1 (30-44, social rent)
    housing.move_wishes(SEED, month, s.uid, s.alive, s.dwelling, s.cls, age, s.child_age, np.zeros(n, np.int8),
                        cell_dw, dw_x, dw_y, dw_hh, np.full(dw_x.size, family, np.int8), np.zeros(dw_x.size, np.int32),
                        np.zeros(dw_x.size, np.int8), group, np.array([liveability]), s.similar, wish, p)
    return wish


def test_schelling_dissatisfied_households_wish_to_move_more_often():
    blocks, months = 2000, 60
    half = blocks // 2
    p = KP["housing"]._replace(base_move_rate=0.24, schelling_move_rate=0.96, liveability_move_rate=0.0,
                               size_move_rate=0.0, tolerance=0.3)
    # satisfied: centre class 0 among class 1 (same Schelling group 0); dissatisfied: among class 6 (group 2)
    s, cell_dw, dw_x, dw_y, dw_hh, centres = _block_city(blocks, [0] * blocks, [1] * half + [6] * half)
    satisfied, unhappy = centres[:half], centres[half:]
    wished = np.zeros(s.n_slots)
    for month in range(1, months + 1):
        wished += _wishes(s, cell_dw, dw_x, dw_y, dw_hh, p, month)
    assert np.all(s.similar[satisfied] == 1.0) and np.all(s.similar[unhappy] == 0.0)
    rate_ok = wished[satisfied].mean() / months
    rate_unhappy = wished[unhappy].mean() / months
    assert_rate(rate_ok, 0.24 / 12, 0.14, "base move wish")
    assert_rate(rate_unhappy, (0.24 + 0.96) / 12, 0.08, "move wish below tolerance")
    assert rate_unhappy > 3 * rate_ok


def test_low_liveability_and_wrong_size_raise_move_wishes():
    blocks, months = 2000, 60
    p = KP["housing"]._replace(base_move_rate=0.1, schelling_move_rate=0.0, liveability_move_rate=0.4,
                               size_move_rate=0.3)
    s, cell_dw, dw_x, dw_y, dw_hh, centres = _block_city(blocks, [0] * blocks, [0] * blocks)
    s.child_age[centres[: blocks // 2], 0] = 5.0
    rates = {}
    for key, liveability, family in (("unliveable", 0.0, 1), ("small", 0.5, 0)):
        wished = np.zeros(s.n_slots)
        for month in range(1, months + 1):
            wished += _wishes(s, cell_dw, dw_x, dw_y, dw_hh, p, month, liveability, family)
        rates[key] = wished[centres[blocks // 2:]].mean() / months, wished[centres[: blocks // 2]].mean() / months
    assert_rate(rates["unliveable"][0], (0.1 + 0.4 * 0.5) / 12, 0.12, "move wish at liveability 0")
    assert_rate(rates["small"][1], (0.1 + 0.3) / 12, 0.12, "family in a small dwelling")
    assert_rate(rates["small"][0], 0.1 / 12, 0.25, "childless household in a small dwelling")


# Regression: move_wishes once gave in-movers (dwelling -1) a wish, reading the last dwelling's cell.
def test_households_without_dwelling_get_no_move_wish():
    blocks = 50
    p = KP["housing"]._replace(base_move_rate=1.0)
    s, cell_dw, dw_x, dw_y, dw_hh, _ = _block_city(blocks, [0] * blocks, [0] * blocks)
    n_dw = s.n_slots
    # 2,000 in-movers in extra slots, alive but not yet housed
    big = blank(n_dw + 2000)
    for name in ("dwelling", "cls", "child_age"):
        getattr(big, name)[:n_dw] = getattr(s, name)
    big.dwelling[n_dw:] = -1
    wished = np.zeros(big.n_slots)
    for month in range(1, 4):
        wished += _wishes(big, cell_dw, dw_x, dw_y, dw_hh, p, month)
    assert wished[:n_dw].sum() > 0
    assert wished[n_dw:].sum() == 0


# Regression: in-movers with a spurious wish were allocated twice and counted as moving within the city.
def test_in_movers_are_not_counted_as_moving_within_the_city(tiny_model):
    m = tiny_model
    m.month += 1
    m.update_context()
    living = m.s.living()
    demography.remove(m, living[::3])
    m.kp["housing"] = m.kp["housing"]._replace(base_move_rate=1.0)
    in_movers = demography.create_in_movers(m, np.zeros(0))
    assert in_movers.size > 100
    housing.step(m, in_movers)
    assert m.s.yr_moved[in_movers].sum() == 0


def test_allocation_respects_rules_and_keeps_dwellings_consistent(tiny_model, invariants):
    """Movers only take dwellings they are eligible for: social rent within the DAEB limits and,
    for households entitled to huurtoeslag, at or below the aftoppingsgrens (both by taxable
    income); private and middle rent by rent against (net) income; owner-occupied by the band's
    income floor."""
    m = tiny_model
    s, L = m.s, m.layout
    p = m.kp["housing"] = m.kp["housing"]._replace(base_move_rate=1.0, schelling_move_rate=0.3)
    moved_total = 0
    for _ in range(6):
        m.month += 1
        m.update_context()
        before = s.dwelling.copy()
        income = m.income()
        taxable = housing.taxable_income(income, s.single, s.child_age, m.config.model)
        unplaced = housing.step(m, np.zeros(0, dtype=np.int64))
        assert unplaced.size == 0
        moved = np.flatnonzero((s.alive == 1) & (s.dwelling != before))
        moved_total += moved.size
        d = s.dwelling[moved]
        social, owner = L.dw_tenure[d] == 0, L.dw_tenure[d] == 3
        rent = housing.dwelling_rents(L.dw_tenure, L.dw_band, m.rent_u, p)[d]
        single = s.single[moved] == 1
        daeb = np.where(single, p.daeb_limit_single, p.daeb_limit_multi)
        entitled = taxable[moved] <= np.where(single, p.income_limit_single, p.income_limit_multi)
        large = ~single & (s.child_age[moved] >= 0).any(axis=1)
        cap = np.where(large, p.aftoppingsgrens_large, p.aftoppingsgrens_small)
        assert np.all(taxable[moved][social] <= daeb[social]), "social rent let above the DAEB limit"
        assert np.all(rent[social & entitled] <= cap[social & entitled]), "passend toewijzen broken"
        assert np.all(income[moved][owner] >= p.band_income[L.dw_band[d[owner]]]), "dwelling below income floor"
        rented = ~social & ~owner
        assert np.all(income[moved][rented] >= p.rent_income_multiple * 12 * rent[rented]), "rent above means"
        assert np.all(s.months_here[moved] == 0) and np.all(s.yr_moved[moved] == 1)
        assert np.array_equal(s.school[moved], L.default_school[m.hh_buurt[moved]])
        invariants(m)
    assert moved_total > 20


def test_moving_cuts_part_of_the_ties_in_the_old_buurt(tiny_model):
    m = tiny_model
    s = m.s
    m.kp["housing"] = m.kp["housing"]._replace(base_move_rate=1.0, tie_loss_on_move=0.6)
    kept = cut = 0
    for _ in range(6):
        m.month += 1
        m.update_context()
        before_buurt = m.hh_buurt.copy()
        before_nbr = s.nbr.copy()
        before_dw = s.dwelling.copy()
        housing.step(m, np.zeros(0, dtype=np.int64))
        for i in np.flatnonzero((s.alive == 1) & (s.dwelling != before_dw)):
            for j in before_nbr[i][before_nbr[i] >= 0]:
                if before_buurt[j] == before_buurt[i] and s.dwelling[j] == before_dw[j]:
                    if j in s.nbr[i]:
                        kept += 1
                    else:
                        cut += 1
    assert cut + kept > 100
    assert cut / (cut + kept) == pytest.approx(0.6, abs=0.1)


# --------------------------------------------------------------------------------------
# 9. Network dynamics
# --------------------------------------------------------------------------------------

def test_ties_decay_and_are_dropped_below_threshold():
    p = KP["network"]._replace(decay=0.05, reinforce=0.03, drop_below=0.1)
    s = blank(4)
    hh_buurt = np.array([0, 1, 2, 2], dtype=np.int32)
    for a, b in ((0, 1), (2, 3)):  # 0-1 in different buurten, 2-3 neighbours in one buurt
        s.nbr[a, 0], s.nbr[b, 0] = b, a
        s.w[a, 0] = s.w[b, 0] = 0.5
    months_to_drop = int(np.ceil(np.log(0.1 / 0.5) / np.log(0.95)))
    for month in range(1, months_to_drop):
        network_dynamics.decay(s.alive, hh_buurt, s.nbr, s.w, p)
        assert s.w[0, 0] == pytest.approx(0.5 * 0.95 ** month)
        assert s.w[1, 0] == s.w[0, 0], "decay must keep ties symmetric"
    network_dynamics.decay(s.alive, hh_buurt, s.nbr, s.w, p)
    assert s.nbr[0, 0] == -1 and s.nbr[1, 0] == -1 and s.w[0, 0] == 0.0
    # the same-buurt tie is reinforced towards its fixed point x = (1-d)x + r(1-(1-d)x)
    for _ in range(500):
        network_dynamics.decay(s.alive, hh_buurt, s.nbr, s.w, p)
    fixed = p.reinforce / (1 - (1 - p.decay) * (1 - p.reinforce))
    assert s.w[2, 0] == pytest.approx(fixed * (1 - p.decay) + p.reinforce * (1 - fixed * (1 - p.decay)), rel=1e-6)
    assert s.w[2, 0] == s.w[3, 0] and s.nbr[2, 0] == 3


def _two_groups_without_ties(m, rich_capital, poor_capital):
    """Cut every tie and split the living households into two capital groups; return the rich mask."""
    s = m.s
    s.nbr[:] = -1
    s.w[:] = 0.0
    rich = np.zeros(s.n_slots, dtype=bool)
    rich[s.living()[::2]] = True
    s.cap[rich, :] = rich_capital
    s.cap[~rich & (s.alive == 1), :] = poor_capital
    return rich


def test_new_ties_form_homophilous(tiny_model):
    m = tiny_model
    s = m.s
    rich = _two_groups_without_ties(m, 0.9, 0.1)
    p = m.kp["network"] = m.kp["network"]._replace(formation_rate=0.3, meeting_rate=0.0, homophily=4.0)
    for _ in range(6):
        m.month += 1
        network_dynamics.step(m)
    rows, cols = np.nonzero(s.nbr >= 0)
    j = s.nbr[rows, cols]
    assert rows.size > 200
    same = (rich[rows] == rich[j]).mean()
    # acceptance 1 for the same group and exp(-4 * 0.8) = 0.04 for the other: about 96% alike
    assert same > 0.9
    # new ties start at new_tie_strength and have decayed (or been reinforced) for at most five months
    x = s.w[rows, cols]
    assert np.all((x >= p.new_tie_strength * (1 - p.decay) ** 5 - 1e-12) & (x <= p.new_tie_strength + 0.15))


def test_meeting_places_bridge_more_than_next_door(make_model):
    """At a meeting place homophily is weaker, so more ties join the two capital groups."""
    shares = []
    for kind in ("door", "meeting"):
        m = make_model(seed=5)
        s = m.s
        rich = _two_groups_without_ties(m, 0.8, 0.4)
        if kind == "door":
            m.kp["network"] = m.kp["network"]._replace(formation_rate=0.3, meeting_rate=0.0)
        else:
            m.kp["network"] = m.kp["network"]._replace(formation_rate=0.0, meeting_rate=0.3,
                                                       meeting_homophily_factor=0.25)
            m.layout.buurt_meeting[:] = 1
        for _ in range(6):
            m.month += 1
            network_dynamics.step(m)
        rows, cols = np.nonzero(s.nbr >= 0)
        assert rows.size > 100
        shares.append((rich[rows] != rich[s.nbr[rows, cols]]).mean())
    # accepting a cross-group contact: exp(-4 * 0.4) = 0.20 next door, exp(-1 * 0.4) = 0.67 at a meeting place
    assert shares[1] > shares[0] + 0.1


# --------------------------------------------------------------------------------------
# 10. Demography
# --------------------------------------------------------------------------------------

def _exit_rates(s, p, months=20):
    n = s.n_slots
    ages = s.age.copy()
    singles = s.single.copy()
    left = np.zeros(n)
    leave = np.zeros(n, dtype=np.int8)
    for month in range(1, months + 1):
        s.age[:] = ages
        s.single[:] = singles
        demography.exits(SEED, month, s.uid, s.alive, s.age, s.single, s.evict, leave, p)
        left += leave
    return left / months


def test_old_households_die_more_often_than_young_ones():
    n = 8000
    p = KP["demography"]._replace(mortality_a=-7.0, out_migration=0.0)
    s = blank(2 * n)
    s.single[:] = 1
    s.age[:n], s.age[n:] = 70.0, 40.0
    rates = _exit_rates(s, p)
    hazard = lambda age: np.exp(p.mortality_a + p.mortality_b * (age + 1 / 12)) / 12
    assert_rate(rates[:n].mean(), hazard(70.0), 0.08, "monthly death rate at 70")
    assert_rate(rates[n:].mean(), hazard(40.0), 0.20, "monthly death rate at 40")
    assert rates[:n].mean() > 8 * rates[n:].mean()


def test_a_partner_survives_the_head():
    n = 12000
    p = KP["demography"]._replace(mortality_a=-2.0, out_migration=0.0)  # everybody's head dies
    s = blank(n)
    s.age[:] = 80.0
    leave = np.zeros(n, dtype=np.int8)
    demography.exits(SEED, 1, s.uid, s.alive, s.age, s.single, s.evict, leave, p)
    assert_rate(1 - leave.mean(), p.survivor_continues, 0.06, "households going on")
    assert np.all(s.single[leave == 0] == 1), "the survivor lives alone"
    assert s.age[0] == pytest.approx(80 + 1 / 12)


def test_out_migration_is_higher_for_the_young():
    n = 6000
    p = KP["demography"]._replace(mortality_a=-30.0, out_migration=0.3)
    s = blank(3 * n)
    s.age[:] = np.repeat([25.0, 50.0, 75.0], n)
    rates = _exit_rates(s, p, months=60)
    young, middle, old = (rates[k * n:(k + 1) * n].mean() for k in range(3))
    assert_rate(middle, 0.3 / 12, 0.06, "out-migration at 50")
    assert_rate(young / middle, p.young_migration_factor, 0.08, "young/middle")
    assert_rate(old / middle, p.old_migration_factor, 0.10, "old/middle")
    assert young > middle > old


def test_in_movers_restore_occupancy_and_leavers_free_their_place(tiny_model, invariants):
    m = tiny_model
    s = m.s
    target = int(round(m.config.model.demography.occupancy * s.n_slots))
    assert s.alive.sum() == target
    m.month += 1
    m.update_context()
    leavers = s.living()[::5]
    partners = {int(j) for i in leavers for j in s.nbr[i] if j >= 0} - set(leavers.tolist())
    left_uids = set(s.uid[leavers].tolist())
    dws = s.dwelling[leavers].copy()
    next_uid = s.next_uid
    demography.remove(m, leavers)
    assert np.all(m.dw_hh[dws] == -1) and np.all(s.alive[leavers] == 0)
    assert all(not np.isin(leavers, s.nbr[j]).any() for j in partners), "a tie to a leaver remains"
    in_movers = demography.create_in_movers(m, np.array([0.7, 0.2]))
    assert in_movers.size == leavers.size
    assert s.alive.sum() == target
    assert np.all(s.uid[in_movers] >= next_uid) and not left_uids & set(s.uid[in_movers].tolist())
    assert list(s.age[in_movers[:2]] < 22.0) == [True, True], "starters are young adults"
    assert s.cap[in_movers[0], CULT] == 0.7 and s.labour[in_movers[0]] == STUDENT
    unplaced = housing.step(m, in_movers)
    demography.remove(m, unplaced)
    assert unplaced.size < 0.2 * in_movers.size
    invariants(m)


# Regression: fill_households once left the previous occupant's dl/dk/dk_own in a reused slot.
def test_new_households_do_not_inherit_the_previous_occupants_draaglast(tiny_model):
    m = tiny_model
    s = m.s
    m.month += 1
    leavers = s.living()[:20]
    s.dl[leavers] = 0.66
    s.dk[leavers] = s.dk_own[leavers] = 0.1
    demography.remove(m, leavers)
    new = demography.create_in_movers(m, np.zeros(0))
    assert set(new.tolist()) == set(leavers.tolist()), "the vacated slots are reused"
    assert not (s.prob_age[new] > 0).any()
    assert np.all(s.dl[new] == 0.0), "a household without open problems has no draaglast"
