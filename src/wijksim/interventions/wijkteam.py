"""Spoor 3: a stronger sociale wijkteam — more capacity, a physical access point in every
target buurt (vindbaar), and bilingual/streetwise staff people can relate to."""

from pydantic import Field

from . import register
from .base import Intervention, InterventionSpec


class WijkteamSpec(InterventionSpec):
    fte_per_1000_households: float | None = Field(None, ge=0, le=20, json_schema_extra={"range": [0.5, 3], "source": 'assumed; sociale wijkteams in about 3/4 of municipalities (CALIBRATION.md)'}, description="wijkteam FTE per 1,000 households (default: unchanged)")
    access_point: bool = Field(False, description="a physical access point in every buurt of the target wijken")
    bilingual_staff_share: float | None = Field(None, ge=0, le=1, json_schema_extra={"range": [0, 0.5], "source": 'assumed'}, description="share of bilingual/streetwise staff (default: unchanged)")
    cost_per_fte_per_year: float = Field(85000, ge=0, json_schema_extra={"range": [70000, 100000], "source": 'assumed'}, description="employer cost of one wijkteam FTE (EUR/year; assumed, CAO Sociaal Werk scale 9-10)")
    access_point_cost_per_year: float = Field(25000, ge=0, json_schema_extra={"range": [10000, 50000], "source": 'assumed'}, description="running cost of one access point (EUR/year; assumed)")


@register
class Wijkteam(Intervention):
    kind = "wijkteam"
    Spec = WijkteamSpec

    def apply(self, m, levers):
        sp = self.spec
        if sp.fte_per_1000_households is not None:
            levers.wijkteam_fte_per_1000[self.wijken] = sp.fte_per_1000_households
        if sp.bilingual_staff_share is not None:
            levers.bilingual_share[self.wijken] = sp.bilingual_staff_share
        if sp.access_point:
            levers.access_point[self.buurt_mask] = 1

    def act(self, m):
        sp = self.spec
        cost = 0.0
        if sp.fte_per_1000_households is not None:
            extra = sp.fte_per_1000_households - m.config.model.support.wijkteam_fte_per_1000
            cost += max(extra, 0.0) * self.households(m).size / 1000.0 * sp.cost_per_fte_per_year / 12.0
        if sp.access_point:
            new_points = (self.buurt_mask & (m.layout.buurt_access == 0)).sum()
            cost += new_points * sp.access_point_cost_per_year / 12.0
        return cost
