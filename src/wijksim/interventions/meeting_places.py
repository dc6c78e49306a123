"""Spoor 1: more meeting places per buurt (buurthuis, library, koffiecorner, sports club),
where different classes meet more often than next door."""

from pydantic import Field

from . import register
from .base import Intervention, InterventionSpec


class MeetingPlacesSpec(InterventionSpec):
    extra_per_buurt: int = Field(1, ge=0, le=10, json_schema_extra={"range": [1, 3], "source": 'assumed'}, description="meeting places added in every buurt of the target wijken")
    cost_per_place_per_year: float = Field(60000, ge=0, json_schema_extra={"range": [30000, 120000], "source": 'assumed'}, description="running cost of one meeting place (EUR/year; assumed)")


@register
class MeetingPlaces(Intervention):
    kind = "meeting_places"
    Spec = MeetingPlacesSpec

    def apply(self, m, levers):
        levers.meeting_places[self.buurt_mask] += self.spec.extra_per_buurt

    def act(self, m):
        return self.buurt_mask.sum() * self.spec.extra_per_buurt * self.spec.cost_per_place_per_year / 12.0
