"""Household: a Mesa agent that is a view onto its row of the model's state arrays."""

from __future__ import annotations

import mesa

from .params import CLASS_KEYS, DOMAINS
from .state import CAPITAL_NAMES, LABOUR_NAMES


class Household(mesa.Agent):
    """One household. Reads (and writes) its values straight from the state arrays; holds no copy."""

    def __init__(self, model, uid: int, slot: int):
        super().__init__(model)
        self.unique_id = uid
        self.slot = slot

    def _row(self) -> int:
        s = self.model.s
        if not s.alive[self.slot] or s.uid[self.slot] != self.unique_id:
            raise LookupError(f"household {self.unique_id} no longer lives in the city")
        return self.slot

    @property
    def capitals(self) -> dict[str, float]:
        """The four capitals in [0, 1]."""
        row = self.model.s.cap[self._row()]
        return {name: float(row[c]) for c, name in enumerate(CAPITAL_NAMES)}

    @property
    def social_class(self) -> str:
        return CLASS_KEYS[self.model.s.cls[self._row()]]

    @property
    def age(self) -> float:
        return float(self.model.s.age[self._row()])

    @property
    def labour(self) -> str:
        return LABOUR_NAMES[self.model.s.labour[self._row()]]

    @property
    def trust(self) -> float:
        return float(self.model.s.trust[self._row()])

    @trust.setter
    def trust(self, value: float):
        self.model.s.trust[self._row()] = min(1.0, max(0.0, value))

    @property
    def problems(self) -> dict[str, dict]:
        """Open problems: domain -> months open and whether escalated."""
        s, i = self.model.s, self._row()
        return {d: {"months": int(s.prob_age[i, k]), "escalated": bool(s.prob_esc[i, k])}
                for k, d in enumerate(DOMAINS) if s.prob_age[i, k] > 0}

    @property
    def draagkracht(self) -> float:
        return float(self.model.s.dk[self._row()])

    @property
    def draaglast(self) -> float:
        return float(self.model.s.dl[self._row()])

    @property
    def dwelling(self) -> int:
        return int(self.model.s.dwelling[self._row()])

    @property
    def buurt(self) -> str:
        return self.model.layout.buurt_names[self.model.hh_buurt[self._row()]]

    @property
    def wijk(self) -> str:
        L = self.model.layout
        return L.wijk_names[L.buurt_wijk[self.model.hh_buurt[self._row()]]]

    @property
    def children(self) -> list[dict]:
        s, i = self.model.s, self._row()
        return [{"age": float(a), "attainment": float(t)} for a, t in zip(s.child_age[i], s.child_att[i]) if a >= 0]

    @property
    def ties(self) -> list[tuple[int, float]]:
        """(uid of the other household, strength) for each tie."""
        s, i = self.model.s, self._row()
        return [(int(s.uid[j]), float(wt)) for j, wt in zip(s.nbr[i], s.w[i]) if j >= 0]
