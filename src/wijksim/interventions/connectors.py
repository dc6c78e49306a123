"""Spoor 1: connectors (verbindingsofficieren) — professionals who bring isolated households
into contact with others in their buurt, across classes."""

import numpy as np
from pydantic import Field

from .. import rng
from ..network import add_tie, random_resident
from . import register
from .base import Intervention, InterventionSpec


class ConnectorsSpec(InterventionSpec):
    fte: float = Field(2.0, ge=0, json_schema_extra={"range": [0.5, 5], "source": 'assumed'}, description="connector FTE across the target wijken")
    contacts_per_fte_per_month: float = Field(8, ge=0, json_schema_extra={"range": [2, 20], "source": 'assumed'}, description="new contacts one FTE brings about per month (assumed)")
    tie_strength: float = Field(0.4, gt=0, le=1, json_schema_extra={"range": [0.2, 0.6], "source": 'assumed'}, description="strength of a brokered tie (assumed)")
    cost_per_fte_per_year: float = Field(75000, ge=0, json_schema_extra={"range": [60000, 90000], "source": 'assumed'}, description="employer cost of one FTE (EUR/year; assumed)")


@register
class Connectors(Intervention):
    kind = "connectors"
    Spec = ConnectorsSpec

    def act(self, m):
        s, L, sp = m.s, m.layout, self.spec
        hh = self.households(m)
        lonely = hh[s.w[hh].sum(axis=1) < m.config.model.network.lonely_below]
        n = int(sp.fte * sp.contacts_per_fte_per_month)
        chosen = lonely[np.argsort(m.draws(lonely, rng.CONNECT, 0), kind="stable")[:n]]
        pick = m.draws(chosen, rng.CONNECT, 1)
        for i, u in zip(chosen, pick):
            b = m.hh_buurt[i]
            j = random_resident(L.buurt_dw, L.buurt_dw_start[b], L.buurt_dw_start[b + 1], m.dw_hh, u)
            if j >= 0:
                add_tie(s.nbr, s.w, i, j, sp.tie_strength)
        return sp.fte * sp.cost_per_fte_per_year / 12.0
