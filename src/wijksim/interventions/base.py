"""The lifecycle every intervention shares: a spec (pydantic), a period, levers, actions, costs."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from pydantic import Field, field_validator

from ..params import Strict


class InterventionSpec(Strict):
    """Fields every intervention has: where, when, and its fixed costs."""

    wijken: list[str] = Field(min_length=1, description="target wijken (names from city.wijken; in a CBS city also the code, WK059910, or the name without it, Feijenoord)")
    years: list[int] = Field(default_factory=lambda: [1, 20],
                             description="[first, last] year, inclusive; year 1 is the first simulated year")
    one_off_cost_eur: float = Field(0.0, ge=0, description="cost at the start (EUR)")
    fixed_cost_per_year_eur: float = Field(0.0, ge=0, description="fixed cost per active year (EUR), e.g. programme management")

    @field_validator("years")
    @classmethod
    def _years(cls, v):
        if len(v) != 2 or v[0] < 1 or v[1] < v[0]:
            raise ValueError(f"years must be [first, last] with 1 <= first <= last, got {v}")
        return v


class Intervention:
    """An intervention acting on a model while active. Subclasses set `kind` and `Spec` and
    override what they need: `apply` (adjust this month's levers), `act` (change the state),
    `start`/`end`, and `monthly_cost`."""

    kind: ClassVar[str] = ""
    Spec: ClassVar[type[InterventionSpec]] = InterventionSpec

    def __init__(self, spec: InterventionSpec, model):
        from ..config import resolve_wijk

        L = model.layout
        self.spec = spec
        self.wijken = np.array([L.wijk_names.index(resolve_wijk(w, L.wijk_names)) for w in spec.wijken],
                               dtype=np.int32)
        self.buurt_mask = np.isin(L.buurt_wijk, self.wijken)
        self.started = self.ended = False

    def active(self, year: int) -> bool:
        return self.spec.years[0] <= year <= self.spec.years[1]

    def households(self, m) -> np.ndarray:
        """Slots of the living households in the target wijken."""
        s = m.s
        return np.flatnonzero((s.alive == 1) & self.buurt_mask[m.hh_buurt])

    def start(self, m) -> float:
        """Called in the first active month; returns its one-off cost."""
        return self.spec.one_off_cost_eur

    def apply(self, m, levers) -> None:
        """Adjust this month's levers (called every active month)."""

    def act(self, m) -> float:
        """Change the state this month; return this month's variable cost."""
        return 0.0

    def end(self, m) -> None:
        """Called once after the last active month."""

    def monthly_fixed_cost(self) -> float:
        return self.spec.fixed_cost_per_year_eur / 12.0
