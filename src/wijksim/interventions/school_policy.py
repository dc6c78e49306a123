"""Spoor 2: school policy — school choice limited to the postcode area (no flight of
high-capital parents), and an extended school day."""

from pydantic import Field

from . import register
from .base import Intervention, InterventionSpec


class SchoolPolicySpec(InterventionSpec):
    local_choice: bool = Field(True, description="children of the target wijken go to their own buurt's school")
    extended_day_gain: float = Field(0.0, ge=0, le=0.2, json_schema_extra={"range": [0.0, 0.05], "source": 'assumed'}, description="attainment target gain from an extended school day at the target wijken's schools (assumed)")
    extended_day_cost_per_pupil_per_year: float = Field(1200, ge=0, json_schema_extra={"range": [600, 2000], "source": 'assumed'}, description="cost per pupil per year of an extended day (EUR; assumed)")


@register
class SchoolPolicy(Intervention):
    kind = "school_policy"
    Spec = SchoolPolicySpec

    def apply(self, m, levers):
        if self.spec.local_choice:
            levers.school_local[self.buurt_mask] = 1
        levers.extended_day[self.buurt_mask] += self.spec.extended_day_gain

    def act(self, m):
        if self.spec.extended_day_gain <= 0:
            return 0.0
        s = m.s
        at_target_school = (s.alive == 1) & (s.school >= 0) & self.buurt_mask[s.school.clip(0)]
        pupils = ((s.child_age[at_target_school] >= 4) & (s.child_age[at_target_school] < 12)).sum()
        return pupils * self.spec.extended_day_cost_per_pupil_per_year / 12.0
