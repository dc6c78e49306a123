"""The interventions of wijksim.interventions, restated for the plain-Mesa reference: the same
specs (parameters) and rules, acting on agents and per-buurt lists instead of arrays."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from .. import rng
from ..config import TENURES, resolve_wijk
from ..state import BASISBAAN, DEBT, FAMILY, HOUSING, UNEMPLOYED, URGENT_DISPLACED


def baseline_levers(m) -> SimpleNamespace:
    """This month's levers as the scenario and city set them (see wijksim.levers.Levers)."""
    L, p = m.layout, m.config.model
    n_w, n_b = len(L.wijk_names), len(L.buurt_names)
    for a in m.agents:
        a.priority = 0
    return SimpleNamespace(
        wijkteam_fte_per_1000=[p.support.wijkteam_fte_per_1000] * n_w,
        bilingual_share=[p.support.bilingual_staff_share] * n_w,
        access_point=[int(x) for x in L.buurt_access], meeting_places=[int(x) for x in L.buurt_meeting],
        takeup_bonus=[0.0] * n_b, trust_bonus=[0.0] * n_b, extended_day=[p.children.extended_day_gain] * n_b,
        school_local=[int(p.children.school_choice_local)] * n_b, liveability_bonus=[0.0] * n_b,
        passend_toewijzen=[int(p.housing.passend_toewijzen)] * n_b, social_reserved_share=[0.0] * n_b,
        middle_income_max=0.0)


class RefIntervention:
    """Where and when an intervention acts; subclasses restate apply/act/end of their kind."""

    def __init__(self, spec, m):
        L = m.layout
        self.spec = spec
        self.wijken = [L.wijk_names.index(resolve_wijk(w, L.wijk_names)) for w in spec.wijken]
        self.buurten = [b for b in range(len(L.buurt_names)) if L.buurt_wijk[b] in self.wijken]
        self.started = self.ended = False

    def active(self, year: int) -> bool:
        return self.spec.years[0] <= year <= self.spec.years[1]

    def households(self, m) -> list:
        """Living households of the target wijken, in register order."""
        targets = set(self.buurten)
        return [a for a in m.living() if a.buurt in targets]

    def apply(self, m, levers):
        pass

    def act(self, m) -> float:
        return 0.0

    def end(self, m):
        pass


class Allocation(RefIntervention):
    def apply(self, m, levers):
        sp = self.spec
        for b in self.buurten:
            if sp.passend_toewijzen is not None:
                levers.passend_toewijzen[b] = int(sp.passend_toewijzen)
            levers.social_reserved_share[b] = sp.middle_income_share
        levers.middle_income_max = max(levers.middle_income_max, sp.middle_income_max)
        for a in self.households(m):
            if "escalated_debt_or_housing" in sp.priority and (a.prob_esc[DEBT] > 0 or a.prob_esc[HOUSING] > 0):
                a.priority = 1
            if "families_with_children" in sp.priority and any(x >= 0 for x in a.child_age):
                a.priority = 1


class Basisbaan(RefIntervention):
    def __init__(self, spec, m):
        super().__init__(spec, m)
        self.uids: set[int] = set()  # holders hired by this intervention; the job stays theirs if they move

    def holders(self, m) -> list:
        return [a for a in m.living() if a.labour == BASISBAAN and a.uid in self.uids]

    def apply(self, m, levers):
        per_1000 = len(self.holders(m)) / max(len(self.households(m)) / 1000.0, 1e-9)
        for b in self.buurten:
            levers.liveability_bonus[b] += self.spec.liveability_per_place * per_1000

    def act(self, m):
        sp = self.spec
        free = sp.places - len(self.holders(m))
        if free > 0:
            eligible = [a for a in self.households(m) if a.labour == UNEMPLOYED and a.months_unemployed >= sp.eligible_months
                        and a.age < m.config.model.labour.retirement_age]
            for a in sorted(eligible, key=lambda a: m.draw(a.uid, rng.BASISBAAN))[:free]:
                a.labour = BASISBAAN
                self.uids.add(a.uid)
        return len(self.holders(m)) * (sp.cost_per_place_per_year - sp.benefit_saved_per_year) / 12.0

    def end(self, m):
        for a in self.holders(m):
            a.labour = UNEMPLOYED


class Buurtgezinnen(RefIntervention):
    def __init__(self, spec, m):
        super().__init__(spec, m)
        self.matches = []  # (family slot, volunteer slot, their uids' sum, end month), as the kernel keeps them

    def act(self, m):
        sp, reg = self.spec, m.register
        still = []
        for i, j, key, end in self.matches:
            if reg[i] is not None and reg[j] is not None:
                if reg[i].uid + reg[j].uid == key and m.month < end:
                    still.append((i, j, key, end))
                else:
                    reg[i].cut_tie(reg[j])
        self.matches = still
        hh = self.households(m)
        supply = int(sp.volunteer_families_per_1000_households * len(hh) / 1000.0)
        busy = {i for i, _, _, _ in self.matches} | {j for _, j, _, _ in self.matches}
        kids = [a for a in hh if any(x >= 0 for x in a.child_age)]
        asking = [a for a in kids if a.care > 0 and a.prob_age[FAMILY] > 0 and a.slot not in busy]
        volunteers = sorted((a for a in kids if a.dk_own - a.dl > 0.3), key=lambda a: m.draw(a.uid, rng.CONNECT, 2))
        free = supply - len(self.matches)
        for a in sorted(asking, key=lambda a: m.draw(a.uid, rng.CONNECT, 3)):
            if free <= 0:
                break
            same = [v for v in volunteers if v.buurt == a.buurt and v.slot not in busy and v is not a]
            if same and a.add_tie(same[0], sp.tie_strength):
                busy.update((a.slot, same[0].slot))
                self.matches.append((a.slot, same[0].slot, a.uid + same[0].uid, m.month + sp.match_months))
                free -= 1
        return supply * sp.cost_per_volunteer_family_per_year / 12.0


class Connectors(RefIntervention):
    def act(self, m):
        sp, L = self.spec, m.layout
        lonely_below = m.config.model.network.lonely_below
        # summed tie strength over all places, summed as numpy sums a row (as the kernel does)
        lonely = [a for a in self.households(m) if np.sum([t[1] if t else 0.0 for t in a.ties]) < lonely_below]
        n = int(sp.fte * sp.contacts_per_fte_per_month)
        for a in sorted(lonely, key=lambda a: m.draw(a.uid, rng.CONNECT, 0))[:n]:
            b = a.buurt
            other = m.random_resident(L.buurt_dw_start[b], L.buurt_dw_start[b + 1], m.draw(a.uid, rng.CONNECT, 1))
            if other is not None:
                a.add_tie(other, sp.tie_strength)
        return sp.fte * sp.cost_per_fte_per_year / 12.0


class HousingMix(RefIntervention):
    def __init__(self, spec, m):
        super().__init__(spec, m)
        L = m.layout
        self.src, self.dst = TENURES.index(spec.from_tenure), TENURES.index(spec.to_tenure)
        self.quota = int(round(spec.share * sum(1 for d in range(L.n_dwellings) if self.targets(m, d))))
        self.months = 12 * (spec.years[1] - spec.years[0] + 1)
        self.done = 0
        self.month_index = 0

    def targets(self, m, d: int) -> bool:
        return m.layout.dw_wijk[d] in self.wijken and m.layout.dw_tenure[d] == self.src

    def act(self, m):
        L, sp = m.layout, self.spec
        self.month_index += 1
        due = int(round(self.quota * self.month_index / self.months)) - self.done
        if due <= 0:
            return 0.0
        candidates = [d for d in range(L.n_dwellings) if self.targets(m, d)
                      and (sp.mode != "convert" or m.dw_agent[d] is None)
                      and (sp.mode != "sell_to_tenants" or m.dw_agent[d] is not None)]
        chosen = sorted(candidates, key=lambda d: rng.uniform(m.seed, d, m.month, rng.HOUSING_MIX, 0))[:due]
        for d in chosen:
            a = m.dw_agent[d]
            if sp.mode == "demolish_rebuild" and a is not None and a.urgent != URGENT_DISPLACED:
                a.urgent = URGENT_DISPLACED
                a.urgent_months = 0
                m.counts["displaced_new"] += 1
            L.dw_tenure[d] = self.dst
            L.dw_band[d] = ("low", "middle", "high").index(sp.new_band)
        self.done += len(chosen)
        return len(chosen) * sp.cost_per_dwelling


class MeetingPlaces(RefIntervention):
    def apply(self, m, levers):
        for b in self.buurten:
            levers.meeting_places[b] += self.spec.extra_per_buurt

    def act(self, m):
        return len(self.buurten) * self.spec.extra_per_buurt * self.spec.cost_per_place_per_year / 12.0


class Participation(RefIntervention):
    def apply(self, m, levers):
        for b in self.buurten:
            levers.trust_bonus[b] += self.spec.trust_gain
            levers.takeup_bonus[b] += self.spec.takeup_gain

    def act(self, m):
        return len(self.households(m)) * self.spec.cost_per_household_per_year / 12.0


class SchoolPolicy(RefIntervention):
    def apply(self, m, levers):
        for b in self.buurten:
            if self.spec.local_choice:
                levers.school_local[b] = 1
            levers.extended_day[b] += self.spec.extended_day_gain

    def act(self, m):
        if self.spec.extended_day_gain <= 0:
            return 0.0
        targets = set(self.buurten)
        pupils = sum(1 for a in m.living() if a.school >= 0 and a.school in targets for x in a.child_age if 4 <= x < 12)
        return pupils * self.spec.extended_day_cost_per_pupil_per_year / 12.0


class Wijkteam(RefIntervention):
    def apply(self, m, levers):
        sp = self.spec
        for w in self.wijken:
            if sp.fte_per_1000_households is not None:
                levers.wijkteam_fte_per_1000[w] = sp.fte_per_1000_households
            if sp.bilingual_staff_share is not None:
                levers.bilingual_share[w] = sp.bilingual_staff_share
        if sp.access_point:
            for b in self.buurten:
                levers.access_point[b] = 1

    def act(self, m):
        sp, cost = self.spec, 0.0
        if sp.fte_per_1000_households is not None:
            extra = sp.fte_per_1000_households - m.config.model.support.wijkteam_fte_per_1000
            cost += max(extra, 0.0) * len(self.households(m)) / 1000.0 * sp.cost_per_fte_per_year / 12.0
        if sp.access_point:
            new_points = sum(1 for b in self.buurten if m.layout.buurt_access[b] == 0)
            cost += new_points * sp.access_point_cost_per_year / 12.0
        return cost


KINDS = {"allocation": Allocation, "basisbaan": Basisbaan, "buurtgezinnen": Buurtgezinnen, "connectors": Connectors,
         "housing_mix": HousingMix, "meeting_places": MeetingPlaces, "participation": Participation,
         "school_policy": SchoolPolicy, "wijkteam": Wijkteam}
