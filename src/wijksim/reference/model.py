"""ReferenceModel: the monthly step of WijkModel written as plain Mesa (Python attributes per
household, `model.agents.shuffle_do(...)` per process), drawing the same counter-based random
numbers. It starts from the same state as WijkModel (`wijksim.model.initial_state`) and must
stay in step with it: tests/test_differential.py compares the two month by month.

Sequential rules stay sequential and in the kernel's order: households act by their
register position (the kernel's array row; a new household takes the lowest free position)
when forming ties, and movers are allocated one by one in their random order. A few city-wide
means are taken with numpy (np.mean's pairwise summation) where the kernel takes them with
numpy, so the two agree to the last bit.
"""

from __future__ import annotations

import bisect
import math
from types import SimpleNamespace

import mesa
import numpy as np
import pandas as pd

from .. import rng
from ..classes import SCP_SHARES, feature_scales, profile_matrix
from ..config import Scenario
from ..indicators import yearly_indicators
from ..model import DISPLACED_COUNTS, MONTHS_PER_YEAR, initial_state
from ..params import CLASS_KEYS
from ..population import fill_households, household_income, registered_since_18
from ..processes import kernel_params
from ..processes.children import SCHOOL_START
from ..processes.housing import dwelling_rents, rent_draws, taxable_income
from ..state import (BY_LOTTERY, BY_REGISTER, BY_URGENCY, CULT, ECON, EMPLOYED, FREE_MARKET, HOUSING, NOT_URGENT,
                     OWNER, PERS, SOCIAL_RENT, STUDENT, UNEMPLOYED, URGENT_DISPLACED, URGENT_HOUSING_PROBLEM,
                     URGENT_PRIORITY, URGENT_STATUSHOUDER, State)
from .household import LISTS, SCALARS, RefHousehold, clip
from .interventions import KINDS, baseline_levers


class ReferenceModel(mesa.Model):
    """The plain-Mesa twin of WijkModel: same scenario, same seed, same trajectory."""

    def __init__(self, scenario: Scenario, replication: int = 0, seed: int | None = None):
        self.seed = int(scenario.run.seed + replication if seed is None else seed)
        super().__init__(rng=self.seed)
        self.config = scenario
        self.replication = replication
        p = scenario.model
        self.kp = kernel_params(p)
        self.layout, s = initial_state(scenario, self.seed)
        L = self.layout
        self.n_slots = s.n_slots
        self.max_ties = s.nbr.shape[1]
        self.buurt_wijk = [int(w) for w in L.buurt_wijk]
        self.register: list[RefHousehold | None] = [None] * self.n_slots  # by slot
        self.dw_agent: list[RefHousehold | None] = [None] * L.n_dwellings
        for i in s.living():
            self._add(int(i), _row_values(s, i))
        for i in s.living():
            a = self.register[i]
            for k in range(self.max_ties):
                if s.nbr[i, k] >= 0:
                    a.ties[k] = [self.register[s.nbr[i, k]], float(s.w[i, k])]
        self.next_uid = s.next_uid
        self.in_mover_shares = np.array([scenario.population.in_movers.classes[k] for k in CLASS_KEYS])
        self.class_args = (profile_matrix(p.classes).tolist(), feature_scales(p.classes).tolist(),
                           np.log(SCP_SHARES).tolist())
        self.group = [int(g) for g in self.kp["housing"].schelling_groups]
        self.counts = {"evictions": 0, "exits": 0, "in_movers": 0, "evictions_social": 0, **{k: 0 for k in DISPLACED_COUNTS}}
        self.rent_u = rent_draws(self.seed, L.n_dwellings)
        self.alloc_log: list[list[int]] = []
        self.starters: list[float] = []
        self.rank_pairs: list[tuple[np.ndarray, np.ndarray]] = []
        self.interventions = [KINDS[kind](spec, self) for kind, spec in scenario.intervention_specs()]
        self.intervention_cost = [0.0] * len(L.wijk_names)
        self.levers = baseline_levers(self)
        self.update_context()
        self.derive_classes()
        self.records = []
        self.month = -MONTHS_PER_YEAR * scenario.run.burn_in_years
        for _ in range(-self.month):
            self._user_step()
        if not self.records:
            self.records.append(yearly_indicators(self.indicator_view(), year=0))

    # -- households --------------------------------------------------------------------------
    def _add(self, slot: int, values: dict) -> RefHousehold:
        a = RefHousehold(self, slot, values)
        self.register[slot] = a
        if a.dwelling >= 0:
            self.dw_agent[a.dwelling] = a
        return a

    def layout_buurt(self, dwelling: int) -> int:
        return int(self.layout.dw_buurt[dwelling])

    def living(self) -> list[RefHousehold]:
        """Households in register order (the order of the kernel's sequential loops)."""
        return [a for a in self.register if a is not None]

    def remove(self, leavers: list[RefHousehold]):
        """Households leave the city: ties cut, dwelling vacated, register place freed."""
        for a in leavers:
            self.counts["displaced_departed"] += a.urgent == URGENT_DISPLACED
            for tie in a.ties:
                if tie is not None:
                    a.cut_tie(tie[0])
            if a.dwelling >= 0:
                self.dw_agent[a.dwelling] = None
            a.dwelling = -1
            a.care = 0
            self.register[a.slot] = None
            a.remove()

    @property
    def year(self) -> int:
        return (self.month - 1) // MONTHS_PER_YEAR + 1 if self.month > 0 else 0

    def draw(self, key: int, purpose: int, k: int = 0) -> float:
        return rng.uniform(self.seed, key, self.month, purpose, k)

    def random_resident(self, start: int, end: int, u: float) -> RefHousehold | None:
        """The household in a random dwelling of a range of buurt_dw, or None if vacant."""
        if end <= start:
            return None
        return self.dw_agent[self.layout.buurt_dw[start + int(u * (end - start))]]

    def incomes(self) -> dict[int, float]:
        """Yearly disposable income (EUR) by household uid (the shared income rule, over all
        households at once as the kernel computes it)."""
        living = self.living()
        income = household_income([a.cap[ECON] for a in living], [a.labour for a in living],
                                  [a.single for a in living], [list(a.child_age) for a in living],
                                  self.config.model)
        return dict(zip([a.uid for a in living], income.tolist()))

    def taxable_incomes(self, incomes: dict[int, float]) -> dict[int, float]:
        """Estimated taxable income (the verzamelinkomen the corporation's limits are set in) by uid."""
        living = self.living()
        taxable = taxable_income([incomes[a.uid] for a in living], [a.single for a in living],
                                 [list(a.child_age) for a in living], self.config.model)
        return dict(zip([a.uid for a in living], taxable.tolist()))

    # -- context and levers --------------------------------------------------------------
    def update_context(self):
        """Per buurt: problem concentration and liveability."""
        L, q = self.layout, self.config.model.liveability
        n_b = len(L.buurt_names)
        hh, problems, escalated, owner, capital = [0] * n_b, [0.0] * n_b, [0.0] * n_b, [0.0] * n_b, [0.0] * n_b
        for a in self.living():
            b = a.buurt
            hh[b] += 1
            problems[b] += float(any(x > 0 for x in a.prob_age))
            escalated[b] += float(any(x > 0 for x in a.prob_esc))
            owner[b] += float(L.dw_tenure[max(a.dwelling, 0)] == OWNER)
            capital[b] += (a.cap[ECON] + a.cap[CULT] + a.cap[PERS]) / 3
        lv, ref = self.levers, self.config.model.setbacks.concentration_reference
        self.buurt_problem_excess, self.liveability = [], []
        for b in range(n_b):
            n = max(hh[b], 1)
            self.buurt_problem_excess.append(problems[b] / n - ref)
            self.liveability.append(clip(q.base - q.problem_weight * (escalated[b] / n - q.problem_reference)
                                         + q.owner_weight * (owner[b] / n - q.owner_reference)
                                         + q.meeting_weight * lv.meeting_places[b] + lv.liveability_bonus[b]
                                         + q.capital_weight * (capital[b] / n - 0.5), 0.0, 1.0))

    def run_interventions(self):
        self.levers = baseline_levers(self)
        households = [0] * len(self.layout.wijk_names)
        for a in self.living():
            households[self.buurt_wijk[a.buurt]] += 1
        for iv in self.interventions:
            if iv.active(self.year):
                cost = iv.spec.one_off_cost_eur if not iv.started else 0.0
                iv.started = True
                iv.apply(self, self.levers)
                cost += iv.act(self) + iv.spec.fixed_cost_per_year_eur / 12.0
                total = max(sum(households[w] for w in iv.wijken), 1)
                for w in iv.wijken:
                    self.intervention_cost[w] += cost * (households[w] / total)
            elif iv.started and not iv.ended:
                iv.ended = True
                iv.end(self)

    # -- the monthly step ------------------------------------------------------------------
    def step(self):
        on = self.config.model.processes
        self.month += 1
        self.run_interventions()
        self.update_context()
        if on.setbacks:
            self.agents.shuffle_do("setbacks")
        if on.support:
            self.support()
        if on.coping:
            self.agents.shuffle_do("coping")
        if on.capitals:
            self.agents.do(lambda a: setattr(a, "cap_prev", list(a.cap)))
            self.agents.shuffle_do("capitals")
        if on.labour:
            self.agents.do(lambda a: setattr(a, "labour_prev", a.labour))
            self.agents.shuffle_do("labour_market")
        if on.trust:
            self.agents.shuffle_do("trust_update")
        self.agents.do("count_down_care")
        in_movers = []  # new households: this month's starters first
        n_starters = 0
        if on.demography:
            in_movers = self.demography(create=on.housing)
            n_starters = min(len(self.starters), len(in_movers))
            del self.starters[:n_starters]
        unplaced = self.housing(in_movers) if on.housing else in_movers
        left = {id(a) for a in unplaced}
        self.counts["in_movers"] += sum(id(a) not in left for a in in_movers[n_starters:])
        self.remove(unplaced)
        if on.network:
            self.agents.shuffle_do("decay_ties")
            for a in self.living():
                a.form_ties()
        for a in self.living():
            a.months_here += 1
            a.reg_months += 1
            if a.urgent != NOT_URGENT:
                a.urgent_months += 1
        if self.month % MONTHS_PER_YEAR == 0:
            self.end_of_year()

    def run_years(self, years: int):
        for _ in range(years * MONTHS_PER_YEAR):
            self.step()

    # -- 2. support: draagkracht per household, then the wijkteam's places --------------------
    def support(self):
        p, lv = self.kp["support"], self.levers
        self.agents.do(lambda a: setattr(a, "spare_prev", max(0.0, a.dk_own - a.dl)))
        self.agents.do("tie_demand")
        self.agents.shuffle_do("draagkracht")
        living = self.living()
        n_w = len(self.layout.wijk_names)
        households, in_care, demand = [0] * n_w, [0] * n_w, [0] * n_w
        for a in living:
            w = self.buurt_wijk[a.buurt]
            households[w] += 1
            in_care[w] += a.care > 0
            demand[w] += (a.care > 0) + a.seek
        # places follow need: the city's regular team spread by demand, plus an intervention's extra FTE
        base_fte = self.config.model.support.wijkteam_fte_per_1000
        base = base_fte * np.sum(households) / 1000.0 * p.caseload_per_fte
        total = max(sum(demand), 1)
        free = [max(0, int(math.floor(base * demand[w] / total)
                           + math.floor(max(lv.wijkteam_fte_per_1000[w] - base_fte, 0.0) * households[w] / 1000.0
                                        * p.caseload_per_fte)) - in_care[w]) for w in range(n_w)]
        seekers = [a for a in living if a.seek]
        keyed = sorted((self.buurt_wijk[a.buurt], -a.waiting, self.draw(a.uid, rng.SUPPORT_ORDER), n, a)
                       for n, a in enumerate(seekers))
        admitted, rank, last_w = [], 0, -1
        for w, _, _, _, a in keyed:
            rank = rank + 1 if w == last_w else 0
            last_w = w
            if rank < free[w]:
                admitted.append(a)
        stop = 1.0 / max(p.care_months, 1.0)
        for a in admitted:
            u = self.draw(a.uid, rng.CARE_END)
            length = 1 + math.floor(np.log1p(-u) / np.log1p(-stop)) if stop < 1 else 1
            a.care = min(length, 120)
            a.dk += p.professional_help
            a.yr_waited = a.waiting
        for a in seekers:
            a.waiting += 1
        for a in living:
            a.unmet = a.need
            a.yr_need |= a.need
            a.yr_sought |= a.seek
            a.yr_informal |= a.need & (a.dk_net >= p.informal_help_min * p.network_help_weight)
        for a in admitted:
            a.waiting = 0
            a.unmet = 0
            a.yr_helped = 1

    # -- 10. demography ----------------------------------------------------------------------
    def demography(self, create: bool) -> list[RefHousehold]:
        """Ageing and leaving, then new households; returns the new ones (to be housed)."""
        self.agents.shuffle_do("age_and_exit")
        gone = [a for a in self.living() if a.leave]
        self.counts["evictions"] += sum(a.evict for a in gone)
        self.counts["exits"] += len(gone)
        self.remove(gone)
        return self.create_in_movers() if create else []

    def create_in_movers(self) -> list[RefHousehold]:
        """Starters first, then in-movers of the in-mover profile, into the lowest free places."""
        p = self.config.model
        d = p.demography
        wanted = int(round(d.occupancy * self.n_slots)) - len(self.agents)
        free = [i for i, a in enumerate(self.register) if a is None]
        n = max(0, min(wanted, len(free)))
        if n == 0:
            return []
        first_uid = (self.month + rng.MONTH_OFFSET) * self.n_slots
        self.next_uid = first_uid + self.n_slots
        # Household attributes from the class profiles: the same generator as at the start.
        drawn = State(n, self.max_ties)
        drawn.uid[:] = first_uid + np.arange(n)
        u = rng.uniforms(self.seed, drawn.uid, self.month, rng.IN_MOVER, 0)
        cls = np.searchsorted(np.cumsum(self.in_mover_shares), u * self.in_mover_shares.sum(), side="right")
        cls = np.minimum(cls, len(self.in_mover_shares) - 1).astype(np.int8)
        fill_households(drawn, np.arange(n), cls, self.month, p, self.seed)
        new = [self._add(free[r], _row_values(drawn, r)) for r in range(n)]
        for a in new[len(self.starters):]:  # starters grew up in the city
            if self.draw(a.uid, rng.STATUSHOUDER) < p.housing.statushouder_share:
                a.urgent = URGENT_STATUSHOUDER
                a.reg_months = 0
        for a, att in zip(new, self.starters):
            self.make_starter(a, att)
        return new

    def make_starter(self, a: RefHousehold, att: float):
        """A child who left home and stays: young, single, own attainment as cultural capital."""
        d, p = self.config.model.demography, self.config.model
        a.age = 18.0 + 4.0 * self.draw(a.uid, rng.STARTER)
        a.cap[CULT] = att
        a.edu = att
        a.earning = clip(0.15 + 0.8 * att, 0.05, 1.0)
        a.cap[ECON] = d.starter_economic
        employed = EMPLOYED if self.draw(a.uid, rng.JOB) < d.starter_employed else UNEMPLOYED
        a.labour = STUDENT if att > d.starter_study_above else employed
        a.child_age = [-1.0] * len(a.child_age)
        a.single = 1
        a.reg_months = int(registered_since_18(a.age))
        noise = 0.08 * rng.normal(self.seed, a.uid, self.month, rng.INIT_HOUSEHOLD, 15)
        a.trust = clip(p.trust.base + p.trust.capital_slope * ((a.cap[ECON] + a.cap[CULT]) / 2 - 0.5) + noise, 0.0, 1.0)
        a.dl = 0.0
        a.dk_own = p.support.own_weight * ((a.cap[ECON] + a.cap[CULT] + a.cap[PERS]) / 3)
        a.dk = a.dk_own

    # -- 8. housing -------------------------------------------------------------------------
    def similar_share(self, d: int, me: RefHousehold) -> float:
        """Share of occupied Moore neighbours of dwelling d in my Schelling group (1 if none)."""
        L = self.layout
        h, wd = L.cell_dw.shape
        x, y = L.dw_x[d], L.dw_y[d]
        mine = self.group[me.cls]
        same = occupied = 0
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                if dx == 0 and dy == 0:
                    continue
                yy, xx = y + dy, x + dx
                if yy < 0 or yy >= h or xx < 0 or xx >= wd or L.cell_dw[yy, xx] < 0:
                    continue
                other = self.dw_agent[L.cell_dw[yy, xx]]
                if other is None or other is me:
                    continue
                occupied += 1
                same += self.group[other.cls] == mine
        return 1.0 if occupied == 0 else same / occupied

    def utility(self, d: int, kids: bool, sim: float) -> float:
        L, p = self.layout, self.kp["housing"]
        u = p.weight_liveability * self.liveability[L.dw_buurt[d]] + p.weight_quality * L.dw_band[d]
        if sim >= p.tolerance:
            u += p.weight_similar
        if kids == (L.dw_family[d] == 1):
            u += p.weight_size
        return u

    def urgency(self, a: RefHousehold) -> int:
        """Urgency for social rent: displaced or statushouder, else an escalated housing problem,
        else a priority group of an allocation intervention."""
        if a.urgent != NOT_URGENT:
            return a.urgent
        if a.prob_esc[HOUSING] > 0:
            return URGENT_HOUSING_PROBLEM
        return URGENT_PRIORITY if a.priority == 1 else NOT_URGENT

    def social_eligible(self, a: RefHousehold, income: float, d: int, reserved: bool) -> bool:
        """DAEB income limit (not for the displaced); reserved vacancies for middle incomes;
        passend toewijzen: a household entitled to huurtoeslag only at or below its aftoppingsgrens."""
        p = self.kp["housing"]
        entitled = income <= (p.income_limit_single if a.single else p.income_limit_multi)
        if reserved:
            return (not entitled) and income <= self.levers.middle_income_max
        if income > (p.daeb_limit_single if a.single else p.daeb_limit_multi) and self.urgency(a) != URGENT_DISPLACED:
            return False
        if self.levers.passend_toewijzen[self.layout.dw_buurt[d]] and entitled:
            large = a.has_children() and not a.single
            return self.rent[d] <= (p.aftoppingsgrens_large if large else p.aftoppingsgrens_small)
        return True

    def market_eligible(self, income: float, d: int) -> bool:
        """Private and middle rent by rent against income, owner-occupied by price band; not social rent."""
        L, p = self.layout, self.kp["housing"]
        if L.dw_tenure[d] == SOCIAL_RENT:
            return False
        if L.dw_tenure[d] == OWNER:
            return income >= p.band_income[L.dw_band[d]]
        return income >= p.rent_income_multiple * 12.0 * self.rent[d]

    def reserved(self, d: int) -> bool:
        """A social-rent vacancy reserved for middle incomes this month."""
        share = self.levers.social_reserved_share[self.layout.dw_buurt[d]]
        return (self.layout.dw_tenure[d] == SOCIAL_RENT and share > 0
                and rng.uniform(self.seed, d, self.month, rng.RESERVE, 0) < share)

    def move_in(self, a: RefHousehold, d: int):
        """a moves into vacancy d; part of its ties in the old buurt are cut."""
        L, p = self.layout, self.kp["housing"]
        current = a.dwelling
        if current >= 0:
            old_buurt = L.dw_buurt[current]
            self.dw_agent[current] = None
            for k in range(self.max_ties):
                tie = a.ties[k]
                if tie is not None and tie[0].buurt == old_buurt:
                    if self.draw(a.uid, rng.TIE_CUT, k) < p.tie_loss_on_move:
                        a.cut_tie(tie[0])
            a.yr_moved = 1
            a.yr_moved_from = int(L.dw_tenure[current]) + 1
        self.dw_agent[d] = a
        a.dwelling = d
        a.buurt = int(L.dw_buurt[d])
        a.months_here = 0
        a.school = int(L.default_school[a.buurt])

    def prefers(self, a: RefHousehold, d: int, income: float) -> bool:
        """Does a want dwelling d more than its own (in-movers and the displaced always do)?"""
        if a.dwelling < 0:  # from outside: with the market within reach, only a buurt near average liveability
            p = self.kp["housing"]
            return (self.liveability[self.layout.dw_buurt[d]] >= self.mean_liveability - p.outside_offer_margin
                    or income <= (p.income_limit_single if a.single else p.income_limit_multi))
        if self.urgency(a) == URGENT_DISPLACED:
            return True
        kids = a.has_children()
        return (self.utility(d, kids, self.similar_share(d, a))
                > self.utility(a.dwelling, kids, self.similar_share(a.dwelling, a)))

    def allocate_social(self, movers: list[RefHousehold], incomes: dict, placed: set):
        """The corporation's allocation of social-rent vacancies (`incomes`: taxable), one by one in random order;
        a dwelling vacated by a tenant who moves joins the end of the queue."""
        L, p = self.layout, self.kp["housing"]
        queue = sorted((d for d in range(L.n_dwellings) if self.dw_agent[d] is None and L.dw_tenure[d] == SOCIAL_RENT),
                       key=lambda d: (rng.uniform(self.seed, d, self.month, rng.ALLOC_ORDER, 0), d))
        urgency = {a.uid: self.urgency(a) for a in movers}
        for d in queue:  # the list grows while it is walked
            u = rng.uniform(self.seed, d, self.month, rng.ALLOC_MODE, 0)
            mode = BY_URGENCY if u < p.urgent_share else (BY_LOTTERY if u < p.urgent_share + p.lottery_share else BY_REGISTER)
            reserved = self.reserved(d)
            while True:
                applicants = [a for a in movers if a.uid not in placed
                              and (mode != BY_URGENCY or urgency[a.uid] != NOT_URGENT)
                              and self.social_eligible(a, incomes[a.uid], d, reserved) and self.prefers(a, d, incomes[a.uid])]
                if applicants or mode != BY_URGENCY:
                    break
                mode = BY_REGISTER
            if not applicants:
                continue
            if mode == BY_LOTTERY:
                chosen = applicants[0]
                for n, a in enumerate(applicants[1:], start=2):  # reservoir sampling, as the kernel
                    if rng.uniform(self.seed, d, self.month, rng.ALLOC_MODE, n) * n < 1.0:
                        chosen = a
            else:
                key = (lambda a: a.urgent_months) if mode == BY_URGENCY else (lambda a: a.reg_months)
                chosen = max(applicants, key=key)  # the first of the longest
            if chosen.dwelling >= 0 and L.dw_tenure[chosen.dwelling] == SOCIAL_RENT:
                queue.append(chosen.dwelling)
            self.alloc_log.append([chosen.reg_months, urgency[chosen.uid], int(L.dw_wijk[d]), mode, chosen.urgent_months])
            self.move_in(chosen, d)
            chosen.reg_months = chosen.urgent_months = 0
            chosen.urgent = NOT_URGENT
            placed.add(chosen.uid)

    def housing(self, in_movers: list[RefHousehold]) -> list[RefHousehold]:
        """Move wishes; the corporation allocates social rent; the other movers and in-movers
        take market vacancies one by one; returns the in-movers left without a dwelling."""
        L, p = self.layout, self.kp["housing"]
        self.rent = dwelling_rents(L.dw_tenure, L.dw_band, self.rent_u, p).tolist()
        self.agents.shuffle_do("move_wish")
        movers = [a for a in self.living() if a.wish] + in_movers
        order = sorted(range(len(movers)), key=lambda n: (-movers[n].priority, self.draw(movers[n].uid, rng.MOVE_ORDER), n))
        movers = [movers[n] for n in order]
        incomes = self.incomes()
        self.mean_liveability = float(np.mean(self.liveability))
        placed: set[int] = set()
        self.allocate_social(movers, self.taxable_incomes(incomes), placed)
        vacancies = [d for d in range(L.n_dwellings) if self.dw_agent[d] is None and L.dw_tenure[d] != SOCIAL_RENT]
        n_vacant = len(vacancies)
        for a in movers:
            if a.uid in placed:
                continue
            kids = a.has_children()
            current = a.dwelling
            best_u, best = -1e300, -1
            if current >= 0:
                best_u = self.utility(current, kids, self.similar_share(current, a))
            for t in range(int(p.search_tries)):
                if n_vacant == 0:
                    break
                idx = int(self.draw(a.uid, rng.MOVE_SEARCH, 2 * t) * n_vacant)
                d = vacancies[idx]
                if not self.market_eligible(incomes[a.uid], d):
                    continue
                u = self.utility(d, kids, self.similar_share(d, a))
                u += 0.05 * self.draw(a.uid, rng.MOVE_SEARCH, 2 * t + 1)
                if u > best_u:
                    best_u, best = u, idx
            if best < 0:
                continue
            d = vacancies[best]
            if current >= 0:
                vacancies[best] = current
            else:
                vacancies[best] = vacancies[n_vacant - 1]
                n_vacant -= 1
            self.move_in(a, d)
            placed.add(a.uid)
            if a.urgent == URGENT_DISPLACED:  # rehoused on the market
                self.alloc_log.append([a.reg_months, URGENT_DISPLACED, int(L.dw_wijk[d]), FREE_MARKET, a.urgent_months])
            if a.urgent != NOT_URGENT:  # housed: no longer urgent
                a.urgent = NOT_URGENT
                a.urgent_months = 0
        return [a for a in in_movers if a.uid not in placed]

    # -- end of year --------------------------------------------------------------------------
    def end_of_year(self):
        on = self.config.model.processes
        if on.children:
            self.children_year()
        self.derive_classes()
        if self.month >= 0:
            self.records.append(yearly_indicators(self.indicator_view(), year=self.month // MONTHS_PER_YEAR))
        yearly = [name for name in SCALARS if name.startswith("yr_")]
        for a in self.agents:
            for name in yearly:
                setattr(a, name, 0)
            a.yr_benefit_months = a.months_unemployed if a.labour == UNEMPLOYED else -1
        self.intervention_cost = [0.0] * len(self.intervention_cost)
        self.counts = {k: 0 for k in self.counts}
        self.alloc_log = []

    def derive_classes(self):
        self.agents.do("derive_class", *self.class_args)

    def children_year(self):
        """7. Children: school composition and choice, then each family's year; leavers may stay as starters."""
        L = self.layout
        living = self.living()
        n_b = len(L.buurt_names)
        cnt, tot, parents = [0] * n_b, [0.0] * n_b, []
        for a in living:
            if a.school >= 0 and any(x >= SCHOOL_START for x in a.child_age):
                parent = 0.5 * (a.cap[ECON] + a.cap[CULT])
                cnt[a.school] += 1
                tot[a.school] += parent
                parents.append(parent)
        mean = float(np.mean(parents)) if parents else 0.5  # numpy's summation, as the kernel
        comp = [tot[b] / cnt[b] if cnt[b] > 0 else mean for b in range(n_b)]
        self.choose_schools(living, comp)
        extra = self.levers.extended_day
        leavers = [(a, k, att, score) for a in living for k, att, score in a.children_year(comp, mean, extra)]
        econ = sorted(a.cap[ECON] for a in living)
        ranks = [bisect.bisect_right(econ, a.cap[ECON]) / len(econ) for a, _, _, _ in leavers]
        self.rank_pairs.append((np.array(ranks), np.array([score for _, _, _, score in leavers])))
        if self.config.model.processes.demography and self.config.model.processes.housing:
            for a, k, att, _ in leavers:
                if rng.uniform(self.seed, a.uid * 8 + k, self.month, rng.STARTER, 1) < self.kp["demography"].starter_stays:
                    self.starters.append(att)

    def choose_schools(self, living: list[RefHousehold], comp: list[float]):
        L, p, lv = self.layout, self.kp["children"], self.levers
        for a in living:
            default = int(L.default_school[a.buurt])
            fled = a.school >= 0 and a.school != default and lv.school_local[a.buurt] != 1
            if not fled:
                a.school = default
        schools = [b for b in range(len(L.buurt_names)) if L.buurt_school[b]]
        if not schools:
            return
        best = max(schools, key=lambda b: (comp[b], -b))  # the first of the best, as argmax
        average = float(np.mean([comp[b] for b in schools]))
        for a in living:
            default = int(L.default_school[a.buurt])
            if (any(x >= SCHOOL_START for x in a.child_age) and comp[max(default, 0)] < average
                    and lv.school_local[a.buurt] != 1 and a.cap[CULT] > p.flight_threshold and a.school == default):
                if self.draw(a.uid, rng.SCHOOL) < p.school_flight:
                    a.school = best

    # -- exchange with the array model -------------------------------------------------------
    def state(self) -> tuple[State, np.ndarray]:
        """The households as the kernel's State (rows = register positions) and their buurt per row."""
        s = State(self.n_slots, self.max_ties)
        hh_buurt = np.zeros(self.n_slots, dtype=np.int32)
        for a in self.living():
            i = a.slot
            s.alive[i] = 1
            for name in SCALARS:
                getattr(s, name)[i] = getattr(a, name)
            for name in LISTS:
                getattr(s, name)[i] = getattr(a, name)
            for k, tie in enumerate(a.ties):
                if tie is not None:
                    s.nbr[i, k], s.w[i, k] = tie[0].slot, tie[1]
            hh_buurt[i] = a.buurt
        s.next_uid = self.next_uid
        return s, hh_buurt

    def indicator_view(self) -> SimpleNamespace:
        """What wijksim.indicators reads, built from the agents (indicators are shared, not mirrored)."""
        s, hh_buurt = self.state()
        p = self.config.model
        return SimpleNamespace(s=s, layout=self.layout, config=self.config, hh_buurt=hh_buurt,
                               liveability=np.array(self.liveability), counts=self.counts,
                               rank_pairs=self.rank_pairs, intervention_cost=np.array(self.intervention_cost),
                               alloc_log=[np.array(self.alloc_log, dtype=np.int64).reshape(-1, 5)],
                               replication=self.replication,
                               income=lambda: household_income(s.cap[:, ECON], s.labour, s.single, s.child_age, p))

    def indicators(self) -> pd.DataFrame:
        """All yearly indicator records so far (long format)."""
        return pd.concat(self.records, ignore_index=True)


def _row_values(s: State, i: int) -> dict:
    """Row i of a State as plain Python values."""
    values = {name: getattr(s, name)[i].item() for name in SCALARS}
    values.update({name: getattr(s, name)[i].tolist() for name in LISTS})
    return values
