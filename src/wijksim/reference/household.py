"""RefHousehold: a plain Mesa agent whose state is ordinary Python attributes, with one method
per monthly process. Each method mirrors one kernel of wijksim/processes line by line
(same arithmetic in the same order, same counter-based draws), so the two give the same
numbers; it is the readable statement of the rules and the speed baseline.

Values a process reads from tie partners "as of last month" (spare capacity, capitals,
labour state) are remembered in `*_prev` attributes by the model just before the process
runs, so the order in which agents act does not matter: those processes run with
`model.agents.shuffle_do(...)`. Housing allocation and tie formation are sequential in
the kernel too; the model runs them in the same order (by register position).
"""

from __future__ import annotations

import math

import mesa

from .. import rng
from ..processes.children import SCHOOL_START
from ..processes.housing import AGE_GROUPS
from ..state import (BASISBAAN, CULT, DEBT, ECON, EMPLOYED, HOUSEHOLD_FIELDS, HOUSEHOLD_MATRICES, HOUSING,
                     MAX_CHILDREN, N_DOMAINS, NO_CHILD, PERS, RETIRED, SOC, SOCIAL_RENT, STUDENT, UNEMPLOYED,
                     URGENT_DISPLACED, URGENT_HOUSING_PROBLEM, WORK)

# Attributes copied one to one between a household and a row of the kernel's State.
SCALARS = tuple(name for name in HOUSEHOLD_FIELDS if name != "alive")
LISTS = tuple(HOUSEHOLD_MATRICES)  # fixed-length lists: capitals, problems, children


def clip(x: float, lo: float, hi: float) -> float:
    return min(hi, max(lo, x))


class RefHousehold(mesa.Agent):
    """One household. `slot` is its place in the model's register (the kernel's array row);
    `ties` has `max_ties` places, each None or [partner, strength], as the kernel's padded rows."""

    def __init__(self, model, slot: int, values: dict):
        super().__init__(model)
        self.slot = slot
        for name, value in values.items():
            setattr(self, name, value)
        self.buurt = model.layout_buurt(self.dwelling) if self.dwelling >= 0 else 0
        self.ties: list = [None] * model.max_ties
        self.priority = 0

    # -- helpers --------------------------------------------------------------------------
    def draw(self, purpose: int, k: int = 0) -> float:
        m = self.model
        return rng.uniform(m.seed, self.uid, m.month, purpose, k)

    def has_children(self) -> bool:
        return any(a != NO_CHILD for a in self.child_age)

    # -- 1. setbacks ----------------------------------------------------------------------
    def exposed_capital(self, d: int) -> float:
        cap = self.cap
        if d == 0 or d == 4:
            return cap[ECON]
        if d == 1:
            return cap[PERS]
        if d == 2:
            return 0.5 * (cap[PERS] + cap[SOC])
        if self.labour == EMPLOYED or self.labour == UNEMPLOYED:
            return 0.5 * (cap[ECON] + cap[CULT])
        return -1.0

    def setbacks(self):
        p = self.model.kp["setbacks"]
        excess = self.model.buurt_problem_excess[self.buurt]
        for d in range(N_DOMAINS):
            if self.prob_age[d] > 0:
                continue
            c = self.exposed_capital(d)
            if c < 0:
                continue
            h = p.base_hazard[d] * math.exp(p.vulnerability_slope * (0.5 - c) + p.concentration_slope * excess)
            if self.draw(rng.SETBACK, d) < min(h, p.max_hazard):
                self.prob_age[d] = 1

    # -- 2. draagkracht and the wish for support --------------------------------------------
    def draagkracht(self):
        m, p = self.model, self.model.kp["support"]
        self.need = 0
        self.seek = 0
        load = 0.0
        domain = -1e9
        escalated = 0.0
        for d in range(N_DOMAINS):
            if self.prob_age[d] > 0:
                load += p.problem_weight * (1.0 + p.escalated_extra * self.prob_esc[d])
                domain = max(domain, p.takeup_domain[d])
                escalated = max(escalated, float(self.prob_esc[d]))
        cap = self.cap
        own = p.own_weight * (cap[ECON] + cap[CULT] + cap[PERS]) / 3.0
        pooled = 0.0
        for tie in self.ties:
            if tie is not None:
                pooled += tie[1] * tie[0].spare_prev / (p.helper_load_norm + tie[0].demand)
        network = p.network_help_weight * (1.0 - math.exp(-pooled / p.network_help_scale))
        given = self.spare_prev * self.demand / (p.helper_load_norm + self.demand)
        self.dl = load + p.helping_cost * given
        self.dk_own = own
        self.dk_net = network
        self.dk = own + network + (p.professional_help if self.care > 0 else 0.0)
        if load > 0 and self.care == 0 and own + network - load < p.need_margin:
            self.need = 1
            if self.waiting > 0:
                self.seek = 1
                return
            b = self.buurt
            lv = m.levers
            low_capital = 1.0 if cap[ECON] + cap[CULT] < 1.0 else 0.0
            logit = (p.takeup_intercept + p.takeup_trust_slope * (self.trust - 0.5)
                     + p.takeup_findable * lv.access_point[b] + lv.takeup_bonus[b]
                     + p.takeup_relatable * lv.bilingual_share[m.buurt_wijk[b]] * low_capital
                     + domain + p.takeup_escalated * escalated)
            if self.draw(rng.SUPPORT_SEEK) < 1.0 / (1.0 + math.exp(-logit)):
                self.seek = 1
        else:
            self.waiting = 0

    def tie_demand(self):
        """Summed strength of my ties with an open problem (who may draw on my spare capacity)."""
        self.demand = 0.0
        for tie in self.ties:
            if tie is not None and any(x > 0 for x in tie[0].prob_age):
                self.demand += tie[1]

    # -- 3. coping ------------------------------------------------------------------------
    def coping(self):
        p, q = self.model.kp["coping"], self.model.kp["support"]
        self.new_escalations = 0
        self.evict = 0
        margin = self.dk - self.dl
        solve = p.solve_max / (1.0 + math.exp(-p.solve_slope * (margin - p.solve_midpoint)))
        help_factor = p.escalation_care_factor if self.care > 0 else 1.0
        if q.network_help_weight > 0:
            help_factor *= 1.0 - p.escalation_network_relief * self.dk_net / q.network_help_weight
        for d in range(N_DOMAINS):
            if self.prob_age[d] == 0:
                continue
            factor = p.escalated_solve_factor if self.prob_esc[d] else 1.0
            fresh = math.exp(-(self.prob_age[d] - 1) / p.duration_scale)
            duration = p.chronic_floor + (1.0 - p.chronic_floor) * fresh
            own = solve * factor * p.solve_factor[d] * duration
            if self.prob_esc[d]:
                own = own + p.escalated_resolution[d] - own * p.escalated_resolution[d]
            if self.draw(rng.SOLVE, d) < own:
                self.prob_age[d] = 0
                self.prob_esc[d] = 0
                continue
            if self.prob_age[d] < 32000:
                self.prob_age[d] += 1
            if self.prob_esc[d] == 0 and self.prob_age[d] > p.escalate_after:
                if self.draw(rng.ESCALATE, d) < p.escalate_hazard[d] * help_factor:
                    self.prob_esc[d] = 1
                    self.new_escalations += 1
                    self.yr_escalations += 1
                    self.yr_cost += p.escalation_cost[d]
                    self.cap[PERS] = max(0.0, self.cap[PERS] - p.escalation_personal_loss)
            if self.prob_esc[d] and (d == DEBT or d == HOUSING):
                if self.draw(rng.EVICT, d) < p.eviction_hazard:
                    self.evict = 1
        if self.evict and self.model.layout.dw_tenure[self.dwelling] == SOCIAL_RENT:
            self.model.counts["evictions_social"] += 1

    # -- 4. capitals ----------------------------------------------------------------------
    def economic_target(self, p) -> float:
        if self.labour == EMPLOYED:
            return self.earning
        if self.labour == UNEMPLOYED:
            return p.benefit_level
        if self.labour == BASISBAAN:
            return max(p.basisbaan_level, p.benefit_level)
        if self.labour == RETIRED:
            return p.pension_base + p.pension_replacement * self.earning
        return 0.5 * self.earning

    def capitals(self):
        p, cap = self.model.kp["capitals"], self.cap
        target = self.economic_target(p)
        if self.prob_age[DEBT] > 0:
            target -= p.debt_penalty
        cap[ECON] += p.economic_rate * (target - cap[ECON])
        health = self.health_base - p.age_decline * max(0.0, self.age - 55.0) - p.burden_effect * self.dl
        if self.labour == BASISBAAN:
            health += p.basisbaan_personal_gain
        cap[PERS] += p.personal_rate * (health - cap[PERS])
        active = self.labour in (EMPLOYED, BASISBAAN, STUDENT)
        culture = self.edu + (p.participation_gain if active else 0.0)
        cap[CULT] += p.cultural_rate * (culture - cap[CULT])
        if self.labour == BASISBAAN:
            self.outside = max(self.outside, p.basisbaan_social_ties)
        pooled = self.outside
        self.outside *= 0.5 ** (1.0 / (12.0 * p.outside_ties_halflife))
        for tie in self.ties:
            if tie is not None:
                other = tie[0].cap_prev
                pooled += tie[1] * (other[ECON] + other[CULT] + other[PERS]) / 3.0
        cap[SOC] = 1.0 - math.exp(-pooled / p.social_scale)
        for c in range(4):
            cap[c] = clip(cap[c], 0.0, 1.0)

    # -- 5. labour ------------------------------------------------------------------------
    def labour_market(self):
        p = self.model.kp["labour"]
        state = self.labour
        if state == RETIRED:
            return
        if self.age >= p.retirement_age:
            self.labour = RETIRED
            self.months_unemployed = 0
            return
        u = self.draw(rng.JOB)
        if state == STUDENT:
            if self.age >= p.study_end_age:
                self.labour = UNEMPLOYED
        elif state == EMPLOYED:
            h = p.job_loss * math.exp(-p.job_loss_slope * (self.cap[CULT] - 0.5))
            if self.prob_age[WORK] > 0:
                h *= p.work_problem_factor
            if u < h:
                self.labour = UNEMPLOYED
                self.months_unemployed = 0
        elif state in (UNEMPLOYED, BASISBAAN):
            if state == UNEMPLOYED:
                self.months_unemployed += 1
            total, employed = 0.0, 0.0
            for tie in self.ties:
                if tie is not None:
                    total += tie[1]
                    if tie[0].labour_prev == EMPLOYED:
                        employed += tie[1]
            kruiwagen = employed / total if total > 0 else 0.0
            base = math.log(p.job_find / (1.0 - p.job_find))
            logit = base + p.job_find_slope * (self.cap[CULT] - 0.5) + p.personal_slope * (self.cap[PERS] - 0.5)
            find = (1.0 + p.kruiwagen * kruiwagen) / (1.0 + math.exp(-logit))
            fresh = math.exp(-self.months_unemployed / p.duration_scale)
            find *= p.duration_floor + (1.0 - p.duration_floor) * fresh
            if state == BASISBAAN:
                find *= p.basisbaan_find_factor
            if u < find:
                self.labour = EMPLOYED
                self.months_unemployed = 0

    # -- 6. trust -------------------------------------------------------------------------
    def trust_update(self):
        p, cap = self.model.kp["trust"], self.cap
        base = p.base + p.capital_slope * (0.5 * (cap[ECON] + cap[CULT]) - 0.5) + self.model.levers.trust_bonus[self.buurt]
        t = self.trust + p.relax_rate * (base - self.trust)
        if self.care > 0:
            t += p.help_gain
        t -= p.unmet_loss * self.unmet + p.escalation_loss * self.new_escalations
        self.trust = clip(t, 0.0, 1.0)

    def count_down_care(self):
        """End of the month: a month of professional help used, at a cost."""
        if self.care > 0:
            self.yr_cost += self.model.config.model.coping.care_cost_per_month
            self.care -= 1

    # -- 10. demography: ageing and leaving -----------------------------------------------
    def age_and_exit(self):
        p = self.model.kp["demography"]
        self.leave = 0
        self.age += 1.0 / 12.0
        death = math.exp(p.mortality_a + p.mortality_b * self.age) / 12.0
        if self.draw(rng.DEATH, 0) < death:
            if self.single or self.draw(rng.DEATH, 1) >= p.survivor_continues:
                self.leave = 1
                return
            self.single = 1
        factor = p.young_migration_factor if self.age < 35.0 else (p.old_migration_factor if self.age >= 65.0 else 1.0)
        if self.draw(rng.OUT_MIGRATION, 0) < p.out_migration * factor / 12.0:
            self.leave = 1
        if self.evict:
            self.leave = 1

    # -- 8. housing: the wish to move -------------------------------------------------------
    def move_wish(self):
        m, p = self.model, self.model.kp["housing"]
        self.wish = 0
        d = self.dwelling
        if d < 0:  # in-movers arriving this month are housed separately
            return
        self.similar = m.similar_share(d, self)
        group = sum(self.age >= bound for bound in AGE_GROUPS)
        rate = p.base_move_rate * p.age_move_factor[group] * p.tenure_move_factor[m.layout.dw_tenure[d]]
        if self.similar < p.tolerance:
            rate += p.schelling_move_rate
        rate += p.liveability_move_rate * max(0.0, 0.5 - m.liveability[m.layout.dw_buurt[d]])
        kids = self.has_children()
        if kids and m.layout.dw_family[d] == 0:
            rate += p.size_move_rate
        if not kids and self.age >= AGE_GROUPS[-1] and m.layout.dw_family[d] == 1:
            rate += p.downsize_move_rate
        if self.draw(rng.MOVE_WISH) < rate / 12.0 or m.urgency(self) in (URGENT_DISPLACED, URGENT_HOUSING_PROBLEM):
            self.wish = 1

    # -- 9. network: decay (both ends apply the same rule, so ties stay symmetric) ----------
    def decay_ties(self):
        p = self.model.kp["network"]
        for k, tie in enumerate(self.ties):
            if tie is None:
                continue
            x = tie[1] * (1.0 - p.decay)
            if self.buurt == tie[0].buurt:
                x += p.reinforce * (1.0 - x)
            if x < p.drop_below:
                self.ties[k] = None
            else:
                self.ties[k] = [tie[0], x]

    def degree(self) -> int:
        return sum(1 for tie in self.ties if tie is not None)

    def has_tie(self, other) -> bool:
        return any(tie is not None and tie[0] is other for tie in self.ties)

    def free_place(self) -> int:
        return next((k for k, tie in enumerate(self.ties) if tie is None), -1)

    def add_tie(self, other, strength: float) -> bool:
        """Tie to `other` if both have room and are not tied yet; True if added."""
        if other is self or self.has_tie(other):
            return False
        ki, kj = self.free_place(), other.free_place()
        if ki < 0 or kj < 0:
            return False
        self.ties[ki] = [other, strength]
        other.ties[kj] = [self, strength]
        return True

    def cut_tie(self, other):
        for k, tie in enumerate(self.ties):
            if tie is not None and tie[0] is other:
                self.ties[k] = None
        for k, tie in enumerate(other.ties):
            if tie is not None and tie[0] is self:
                other.ties[k] = None

    def form_ties(self):
        """New contacts near home and at meeting places (run in register order: sequential)."""
        m, p, L = self.model, self.model.kp["network"], self.model.layout
        b = self.buurt
        wk = m.buurt_wijk[b]
        target = p.initial_ties_min + (p.initial_ties_max - p.initial_ties_min) * self.sociability
        deg = self.degree()
        for kind in range(2):
            if kind == 0:
                chance = p.formation_rate * max(0.0, target - deg) / target
            else:
                chance = p.meeting_rate * m.levers.meeting_places[b]
            if self.draw(rng.TIE_FORM, 4 * kind) >= chance:
                continue
            v = self.draw(rng.TIE_FORM, 4 * kind + 1)
            if kind == 1 or self.draw(rng.TIE_FORM, 4 * kind + 3) < p.local_share:
                other = m.random_resident(L.buurt_dw_start[b], L.buurt_dw_start[b + 1], v)
            else:
                other = m.random_resident(L.wijk_dw_start[wk], L.wijk_dw_end[wk], v)
            if other is None or other is self:
                continue
            h = p.homophily * (1.0 if kind == 0 else p.meeting_homophily_factor)
            if self.draw(rng.TIE_FORM, 4 * kind + 2) < math.exp(-h * self.capital_distance(other)):
                if self.add_tie(other, p.new_tie_strength):
                    deg += 1

    def capital_distance(self, other) -> float:
        a, b = self.cap, other.cap
        return (abs(a[ECON] - b[ECON]) + abs(a[CULT] - b[CULT]) + abs(a[PERS] - b[PERS])) / 3.0

    # -- 7. children (yearly) ---------------------------------------------------------------
    def children_year(self, comp_school: list, comp_mean: float, extra_school: list):
        """Age the children a year and update attainment; births. Returns the leavers as
        (child index, attainment, adult score)."""
        m = self.model
        p, leave_age = m.kp["children"], m.kp["demography"].leave_home_age
        seed, year = m.seed, m.month
        cap = self.cap
        parent = 0.5 * (cap[ECON] + cap[CULT])
        comp = comp_school[self.school] if self.school >= 0 else comp_mean
        extra = extra_school[self.school] if self.school >= 0 else 0.0
        left = []
        for k in range(MAX_CHILDREN):
            if self.child_age[k] == NO_CHILD:
                continue
            self.child_age[k] += 1.0
            if SCHOOL_START <= self.child_age[k] < leave_age:
                target = ((1.0 - p.parent_weight - p.school_weight) * 0.5 + p.parent_weight * parent
                          + p.school_weight * (comp - comp_mean + 0.5) + extra
                          + p.attainment_noise * rng.normal(seed, self.uid, year, rng.CHILD, 4 * k))
                self.child_att[k] += p.learn_rate * (target - self.child_att[k])
            if self.child_age[k] >= leave_age:
                score = self.child_att[k] + p.adult_noise * rng.normal(seed, self.uid, year, rng.ADULT, 4 * k)
                left.append((k, self.child_att[k], score))
                self.child_age[k] = NO_CHILD
                self.child_att[k] = 0.0
        if 22.0 <= self.age <= 42.0:
            free = next((k for k in range(MAX_CHILDREN) if self.child_age[k] == NO_CHILD), -1)
            chance = p.birth_rate * (0.5 if self.single else 1.0)
            if free >= 0 and rng.uniform(seed, self.uid, year, rng.BIRTH, 0) < chance:
                self.child_age[free] = 0.0
                self.child_att[free] = 0.5 * 0.5 + 0.5 * parent
        return left

    def derive_class(self, centres, scales, log_prior):
        """Most probable SCP class under Gaussian class profiles (classes.derive_classes)."""
        best, best_score = 0, -1e300
        for k in range(len(centres)):
            score = log_prior[k]
            for f in range(len(scales)):
                x = self.cap[f] if f < 4 else self.age / 100.0
                z = (x - centres[k][f]) / scales[f]
                score -= 0.5 * z * z
            if score > best_score:
                best, best_score = k, score
        self.cls = best
