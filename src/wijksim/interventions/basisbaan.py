"""Spoor 2: wijkbasisbanen — jobs at minimum wage in the wijk for residents long on benefit,
paid partly from the benefit they no longer receive; the work itself (a conciërge at the
community garden, buddies against loneliness) adds to the wijk's liveability."""

import numpy as np
from pydantic import Field

from .. import rng
from ..state import BASISBAAN, UNEMPLOYED
from . import register
from .base import Intervention, InterventionSpec


class BasisbaanSpec(InterventionSpec):
    places: int = Field(100, ge=0, json_schema_extra={"range": [50, 400], "source": 'Groningen: 132 participants in 2024, 250 planned (CALIBRATION.md)'}, description="basisbanen across the target wijken")
    eligible_months: int = Field(24, ge=0, json_schema_extra={"range": [12, 36], "source": 'assumed'}, description="months on benefit before one is eligible (long-term benefit)")
    cost_per_place_per_year: float = Field(32000, ge=0, json_schema_extra={"range": [26000, 40000], "source": 'assumed; Groningen pays minimum wage (CALIBRATION.md), cost per job not found'}, description="wage at minimum wage plus coaching (EUR/year; assumed, Groningen pays minimum wage)")
    benefit_saved_per_year: float = Field(16000, ge=0, json_schema_extra={"range": [12000, 20000], "source": 'assumed'}, description="bijstand no longer paid per filled place (EUR/year; assumed)")
    liveability_per_place: float = Field(0.0005, ge=0, le=0.01, json_schema_extra={"range": [0, 0.002], "source": 'assumed'}, description="buurt liveability gained per filled place per 1,000 households of the target wijken (assumed)")


@register
class Basisbaan(Intervention):
    kind = "basisbaan"
    Spec = BasisbaanSpec

    def __init__(self, spec, model):
        super().__init__(spec, model)
        self.uids: set[int] = set()  # holders hired by this intervention; the job stays theirs if they move
        self.hired_wijken: set[int] = set()  # wijken the holders lived in when hired

    def holders(self, m) -> np.ndarray:
        s = m.s
        held = np.flatnonzero((s.alive == 1) & (s.labour == BASISBAAN))
        return held[np.isin(s.uid[held], np.fromiter(self.uids, dtype=np.int64, count=len(self.uids)))]

    def apply(self, m, levers):
        filled = self.holders(m).size
        per_1000 = filled / max(self.households(m).size / 1000.0, 1e-9)
        levers.liveability_bonus[self.buurt_mask] += self.spec.liveability_per_place * per_1000

    def act(self, m):
        s, sp = m.s, self.spec
        hh = self.households(m)
        free = sp.places - self.holders(m).size
        if free > 0:
            eligible = hh[(s.labour[hh] == UNEMPLOYED) & (s.months_unemployed[hh] >= sp.eligible_months)
                          & (s.age[hh] < m.config.model.labour.retirement_age)]
            chosen = eligible[np.argsort(m.draws(eligible, rng.BASISBAAN), kind="stable")[:free]]
            s.labour[chosen] = BASISBAAN
            self.uids.update(s.uid[chosen].tolist())
            self.hired_wijken.update(m.layout.buurt_wijk[m.hh_buurt[chosen]].tolist())
        filled = self.holders(m).size
        return filled * (sp.cost_per_place_per_year - sp.benefit_saved_per_year) / 12.0

    def end(self, m):
        """The places end: holders who found no regular job return to benefit, with the time on
        benefit they had when hired (what lasts is the personal and cultural capital gained)."""
        holders = self.holders(m)
        m.s.labour[holders] = UNEMPLOYED
