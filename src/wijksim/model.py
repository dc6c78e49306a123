"""WijkModel: the mesa.Model that owns the state and steps the processes month by month."""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd

from . import rng
from .agents import Household
from .city import CityLayout, build_city
from .classes import SCP_SHARES, derive_classes, feature_scales, profile_matrix
from .cohort import Cohort
from .config import Scenario
from .indicators import yearly_indicators
from .interventions import KINDS
from .levers import Levers
from .network import build_initial_ties, to_networkx
from .params import CLASS_KEYS
from .population import household_income, place_initial
from .processes import (capitals, children, coping, demography, housing, kernel_params,
                        labour, network_dynamics, setbacks, support, trust)
from .processes.warmstart import warm_start
from .state import CULT, ECON, NOT_URGENT, OWNER, PERS, UNEMPLOYED, State

DISPLACED_COUNTS = ("displaced_new", "displaced_departed")  # yearly counts of households displaced by demolition

MONTHS_PER_YEAR = 12


def dwelling_index(s: State, layout: CityLayout) -> tuple[np.ndarray, np.ndarray]:
    """(household slot of each dwelling, -1 if vacant; buurt of each slot) for the living households."""
    living = s.living()
    dw_hh = np.full(layout.n_dwellings, -1, dtype=np.int32)
    dw_hh[s.dwelling[living]] = living
    hh_buurt = np.zeros(s.n_slots, dtype=np.int32)
    hh_buurt[living] = layout.dw_buurt[s.dwelling[living]]
    return dw_hh, hh_buurt


def initial_state(scenario: Scenario, seed: int) -> tuple[CityLayout, State]:
    """The city and its starting households with their ties and social capital, before any
    month is simulated. Shared with the plain-Mesa reference (wijksim.reference), so both
    models start from the same state."""
    p = scenario.model
    L = build_city(scenario.city, seed)
    s = State(L.n_dwellings, p.network.max_ties)
    place_initial(s, L, scenario, seed)
    dw_hh, hh_buurt = dwelling_index(s, L)
    q = p.network
    build_initial_ties(seed, s.uid, s.alive, hh_buurt, L.buurt_wijk, s.cap, s.sociability, dw_hh, L.buurt_dw,
                       L.buurt_dw_start, L.wijk_dw_start, L.wijk_dw_end, s.nbr, s.w, q.initial_ties_min,
                       q.initial_ties_max, q.local_share, q.homophily)
    pooled = (s.w * np.where(s.nbr >= 0, s.cap[np.maximum(s.nbr, 0)][:, :, [ECON, CULT, PERS]].mean(axis=2), 0)).sum(axis=1)
    s.cap[:, 2] = np.where(s.alive == 1, 1 - np.exp(-pooled / p.capitals.social_scale), 0)
    s.outside[:] = 0.0  # the starting households' ties are the city network just built
    warm_start(s, L, hh_buurt, kernel_params(p), p, seed, first_month=1 - MONTHS_PER_YEAR * scenario.run.burn_in_years)
    return L, s


class WijkModel(mesa.Model):
    """A city of households stepping monthly through the ten processes of MODEL.md.

    The state lives in numpy arrays (`self.s`); `self.agents` offers Household agents that
    are views onto those arrays, created on first access.
    """

    def __init__(self, scenario: Scenario, replication: int = 0, seed: int | None = None):
        self.seed = int(scenario.run.seed + replication if seed is None else seed)
        super().__init__(rng=self.seed)
        self.config = scenario
        self.replication = replication
        p = scenario.model
        self.kp = kernel_params(p)
        self.layout, self.s = initial_state(scenario, self.seed)
        self.dw_hh, self.hh_buurt = dwelling_index(self.s, self.layout)
        self.in_mover_shares = np.array([scenario.population.in_movers.classes[k] for k in CLASS_KEYS])
        self._class_args = (profile_matrix(p.classes), feature_scales(p.classes), np.log(SCP_SHARES))
        self.counts = {"evictions": 0, "exits": 0, "in_movers": 0, "evictions_social": 0, **{k: 0 for k in DISPLACED_COUNTS}}
        self.rent_u = housing.rent_draws(self.seed, self.layout.n_dwellings)
        self.alloc_log: list[np.ndarray] = []  # social-rent allocations this year (housing.step)
        self.starters = np.zeros(0)
        self.rank_pairs: list[tuple[np.ndarray, np.ndarray]] = []
        self.rank_wijk: list[np.ndarray] = []  # the wijk each rank pair's family lived in
        self._views: dict[int, Household] = {}
        self.interventions = [KINDS[kind](spec, self) for kind, spec in scenario.intervention_specs()]
        self.intervention_cost = np.zeros(len(self.layout.wijk_names))  # EUR this year, per wijk
        self.levers = Levers.baseline(self)
        self.update_context()
        self.derive_classes()
        self.records: list[pd.DataFrame] = []
        self.cohort: Cohort | None = None  # the year-0 households, followed (cohort.py)
        self.month = -MONTHS_PER_YEAR * scenario.run.burn_in_years
        for _ in range(-self.month):
            self._user_step()  # burn-in: not counted as Mesa steps
        if not self.records:
            self.record_year(0)

    # -- helpers for processes ----------------------------------------------------------
    def draws(self, slots: np.ndarray, purpose: int, k: int = 0) -> np.ndarray:
        """Uniform draws for the households in `slots` this month."""
        return rng.uniforms(self.seed, self.s.uid[slots], self.month, purpose, k)

    def income(self) -> np.ndarray:
        """Yearly disposable household income (EUR) of every slot."""
        s = self.s
        return household_income(s.cap[:, ECON], s.labour, s.single, s.child_age, self.config.model)

    def update_context(self):
        """Buurt-level context read by the processes: problem concentration and liveability."""
        s, L, q = self.s, self.layout, self.config.model.liveability
        n_b = len(L.buurt_names)
        alive = s.alive == 1
        b = self.hh_buurt[alive]
        hh = np.maximum(np.bincount(b, minlength=n_b), 1)

        def share(values):
            return np.bincount(b, weights=values[alive].astype(float), minlength=n_b) / hh

        problems = share((s.prob_age > 0).any(axis=1))
        escalated = share((s.prob_esc > 0).any(axis=1))
        owner = share(L.dw_tenure[np.maximum(s.dwelling, 0)] == OWNER)
        capital = share(s.cap[:, [ECON, CULT, PERS]].mean(axis=1))
        self.buurt_problem_excess = problems - self.config.model.setbacks.concentration_reference
        self.liveability = np.clip(q.base - q.problem_weight * (escalated - q.problem_reference)
                                   + q.owner_weight * (owner - q.owner_reference)
                                   + q.meeting_weight * self.levers.meeting_places + self.levers.liveability_bonus
                                   + q.capital_weight * (capital - 0.5), 0.0, 1.0)

    def derive_classes(self):
        """Re-derive every household's SCP class from its capitals and age."""
        derive_classes(self.s.cap, self.s.age, self.s.alive, *self._class_args, self.s.cls)

    # -- the monthly step --------------------------------------------------------------
    def step(self):
        """One month: the ten processes, then yearly bookkeeping at the end of each year."""
        on = self.config.model.processes
        self.month += 1
        self.run_interventions()
        self.update_context()
        for active, process in ((on.setbacks, setbacks), (on.support, support), (on.coping, coping),
                                (on.capitals, capitals), (on.labour, labour), (on.trust, trust)):
            if active:
                process.step(self)
        support.count_down_care(self.s, self.config.model.coping.care_cost_per_month)
        in_movers = np.zeros(0, dtype=np.int64)  # new households: this month's starters first
        n_starters = 0
        if on.demography:
            in_movers = demography.step(self, self.starters, create=on.housing)
            n_starters = min(self.starters.size, in_movers.size)
            self.starters = self.starters[n_starters:]
        unplaced = housing.step(self, in_movers) if on.housing else in_movers
        self.counts["in_movers"] += int(np.isin(in_movers[n_starters:], unplaced, invert=True).sum())
        demography.remove(self, unplaced)
        if on.network:
            network_dynamics.step(self)
        alive = self.s.alive == 1
        self.s.months_here[alive] += 1
        self.s.reg_months[alive] += 1
        self.s.urgent_months[alive & (self.s.urgent != NOT_URGENT)] += 1
        if self.month % MONTHS_PER_YEAR == 0:
            self.end_of_year()

    @property
    def year(self) -> int:
        """The year being simulated: 1 for months 1-12, 2 for months 13-24, ...; 0 in the burn-in."""
        return (self.month - 1) // MONTHS_PER_YEAR + 1 if self.month > 0 else 0

    def run_interventions(self):
        """Rebuild this month's levers; let active interventions adjust them and act; book costs."""
        self.levers = Levers.baseline(self)
        hh_wijk = self.layout.buurt_wijk[self.hh_buurt[self.s.alive == 1]]
        households = np.bincount(hh_wijk, minlength=len(self.layout.wijk_names))
        for iv in self.interventions:
            if iv.active(self.year):
                cost = iv.start(self) if not iv.started else 0.0
                iv.started = True
                iv.apply(self, self.levers)
                cost += iv.act(self) + iv.monthly_fixed_cost()
                weights = households[iv.wijken] / max(households[iv.wijken].sum(), 1)
                self.intervention_cost[iv.wijken] += cost * weights
            elif iv.started and not iv.ended:
                iv.ended = True
                iv.end(self)

    def end_of_year(self):
        """Children's year, class re-derivation, indicators; reset yearly accumulators."""
        s = self.s
        if self.config.model.processes.children:
            parents, child, att, score = children.step_year(self)
            econ_rank = _percentile_rank(s.cap[:, ECON], s.alive == 1)
            self.rank_pairs.append((econ_rank[parents], score))
            self.rank_wijk.append(self.layout.dw_wijk[s.dwelling[parents]])
            stay = rng.uniforms(self.seed, s.uid[parents] * 8 + child, self.month, rng.STARTER, 1)
            if self.config.model.processes.demography and self.config.model.processes.housing:
                self.starters = np.concatenate([self.starters, att[stay < self.kp["demography"].starter_stays]])
        self.derive_classes()
        if self.month >= 0:
            self.record_year(self.month // MONTHS_PER_YEAR)
        self.alloc_log = []
        for name in ("yr_need", "yr_sought", "yr_helped", "yr_moved", "yr_escalations", "yr_cost", "yr_moved_from",
                     "yr_informal", "yr_waited"):
            getattr(s, name)[:] = 0
        s.yr_benefit_months[:] = np.where(s.labour == UNEMPLOYED, s.months_unemployed, -1)
        self.intervention_cost[:] = 0
        self.counts = {k: 0 for k in self.counts}

    def record_year(self, year: int):
        """The year's indicators, and the year-0 cohort's outcomes (the cohort is formed at year 0)."""
        self.records.append(yearly_indicators(self, year=year))
        if self.cohort is None:
            self.cohort = Cohort(self)
        self.cohort.record(self, year)

    def run_years(self, years: int, progress=None):
        """Step `years` * 12 months; call progress(1) after each year if given."""
        for _ in range(years):
            for _ in range(MONTHS_PER_YEAR):
                self.step()
            if progress:
                progress(1)

    def indicators(self) -> pd.DataFrame:
        """All yearly indicator records so far (long format)."""
        return pd.concat(self.records, ignore_index=True)

    # -- Mesa agents ----------------------------------------------------------------------
    @property
    def agents(self):
        """Household agents (views onto the state arrays), kept in step with who lives here."""
        living = {int(self.s.uid[i]): int(i) for i in self.s.living()}
        for uid in [u for u in self._views if u not in living]:
            self._views.pop(uid).remove()
        for uid, slot in living.items():
            if uid not in self._views:
                self._views[uid] = Household(self, uid, slot)
        return self._all_agents

    def graph(self):
        """The social network as a networkx graph (nodes are household uids)."""
        return to_networkx(self.s, list(CLASS_KEYS))


def _percentile_rank(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Percentile rank in [0, 1] of each slot's value among the masked slots."""
    ref = np.sort(values[mask])
    if ref.size == 0:
        return np.zeros_like(values)
    return np.searchsorted(ref, values, side="right") / ref.size
