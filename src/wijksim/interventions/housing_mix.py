"""Spoor 1: housing mix (herstructurering) — convert social rent to middle rent or
owner-occupied as dwellings fall vacant, add social rent in an affluent wijk, sell social rent
to its sitting tenants (the tenure changes, the residents stay), or demolish social rent and
rebuild (occupants get urgentie and stay until the corporation rehouses them, unless they
leave the city; the dwelling counts as rebuilt at once)."""

from typing import Literal

import numpy as np
from pydantic import Field

from .. import rng
from ..config import TENURES
from ..state import URGENT_DISPLACED
from . import register
from .base import Intervention, InterventionSpec


class HousingMixSpec(InterventionSpec):
    mode: Literal["convert", "sell_to_tenants", "demolish_rebuild"] = Field("convert", description="convert at vacancy, sell occupied dwellings to their tenants, or demolish occupied dwellings and rebuild")
    from_tenure: Literal["social_rent", "private_rent", "middle_rent", "owner"] = Field("social_rent", alias="from")
    to_tenure: Literal["social_rent", "private_rent", "middle_rent", "owner"] = Field("middle_rent", alias="to")
    share: float = Field(0.2, ge=0, le=1, json_schema_extra={"range": [0.05, 0.4], "source": 'assumed; herstructurering in the 40 wijken (SCP 2011/2013, CALIBRATION.md)'}, description="share of the target wijken's from-tenure dwellings changed over the period")
    new_band: Literal["low", "middle", "high"] = Field("middle", description="price band after the change")
    cost_per_dwelling: float = Field(5000, ge=0, json_schema_extra={"range": [0, 60000], "source": 'assumed'}, description="net public cost per dwelling changed (EUR; assumed; demolish_rebuild is costlier, e.g. 40,000)")

    model_config = {**InterventionSpec.model_config, "populate_by_name": True}


@register
class HousingMix(Intervention):
    kind = "housing_mix"
    Spec = HousingMixSpec

    def __init__(self, spec, model):
        super().__init__(spec, model)
        L = model.layout
        self.src = TENURES.index(spec.from_tenure)
        self.dst = TENURES.index(spec.to_tenure)
        in_target = np.isin(L.dw_wijk, self.wijken) & (L.dw_tenure == self.src)
        self.quota = int(round(spec.share * in_target.sum()))
        self.months = 12 * (spec.years[1] - spec.years[0] + 1)
        self.done = 0
        self.month_index = 0

    def act(self, m):
        L, sp = m.layout, self.spec
        self.month_index += 1
        due = int(round(self.quota * self.month_index / self.months)) - self.done
        if due <= 0:
            return 0.0
        candidates = np.flatnonzero(np.isin(L.dw_wijk, self.wijken) & (L.dw_tenure == self.src))
        if sp.mode == "convert":
            candidates = candidates[m.dw_hh[candidates] < 0]
        elif sp.mode == "sell_to_tenants":
            candidates = candidates[m.dw_hh[candidates] >= 0]
        keys = rng.uniforms(m.seed, candidates.astype(np.int64), m.month, rng.HOUSING_MIX, 0)
        chosen = candidates[np.argsort(keys, kind="stable")[:due]]
        if sp.mode == "demolish_rebuild":
            occupants = m.dw_hh[chosen]
            occupants = occupants[(occupants >= 0)]
            occupants = occupants[m.s.urgent[occupants] != URGENT_DISPLACED]
            m.s.urgent[occupants] = URGENT_DISPLACED
            m.s.urgent_months[occupants] = 0
            m.counts["displaced_new"] += occupants.size
        L.dw_tenure[chosen] = self.dst
        L.dw_band[chosen] = ("low", "middle", "high").index(sp.new_band)
        self.done += chosen.size
        return chosen.size * sp.cost_per_dwelling
