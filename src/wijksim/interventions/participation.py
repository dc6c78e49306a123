"""Spoor 3: participation (inwoner voorop) — residents co-decide, which raises their trust in
institutions and their take-up of help."""

from pydantic import Field

from . import register
from .base import Intervention, InterventionSpec


class ParticipationSpec(InterventionSpec):
    trust_gain: float = Field(0.05, ge=0, le=0.3, json_schema_extra={"range": [0.0, 0.1], "source": 'assumed; qualitative (seeds: inwoner voorop)'}, description="rise of the trust baseline in the target wijken (assumed)")
    takeup_gain: float = Field(0.3, ge=0, le=2, json_schema_extra={"range": [0.0, 0.6], "source": 'assumed'}, description="log-odds added to seeking help (assumed)")
    cost_per_household_per_year: float = Field(40, ge=0, json_schema_extra={"range": [10, 100], "source": 'assumed'}, description="cost per household per year (EUR; assumed)")


@register
class Participation(Intervention):
    kind = "participation"
    Spec = ParticipationSpec

    def apply(self, m, levers):
        levers.trust_bonus[self.buurt_mask] += self.spec.trust_gain
        levers.takeup_bonus[self.buurt_mask] += self.spec.takeup_gain

    def act(self, m):
        return self.households(m).size * self.spec.cost_per_household_per_year / 12.0
