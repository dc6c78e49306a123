"""Spoor 1: allocation rules for vacancies (toewijzing) — passend toewijzen on or off, a share
of social-rent vacancies reserved for middle incomes (income-mix quota), and priority groups
(urgentie) who choose before other movers."""

from typing import Literal

from pydantic import Field

from ..state import DEBT, HOUSING
from . import register
from .base import Intervention, InterventionSpec


class AllocationSpec(InterventionSpec):
    passend_toewijzen: bool | None = Field(None, description="switch passend toewijzen on or off in the target wijken (default: unchanged)")
    middle_income_share: float = Field(0.0, ge=0, le=1, json_schema_extra={"range": [0, 0.5], "source": 'assumed; passend toewijzen 2024 leaves part of the allocations free (CALIBRATION.md)'}, description="share of social-rent vacancies reserved for middle incomes (income-mix quota)")
    middle_income_max: float = Field(55000, ge=0, json_schema_extra={"range": [45000, 60000], "source": 'assumed (about 1.2-1.6x the 2024 income limit, CALIBRATION.md)'}, description="upper income of a middle-income household (EUR/year; assumed, about 1.4x the 2024 limit)")
    priority: list[Literal["escalated_debt_or_housing", "families_with_children"]] = Field(
        default_factory=list, description="groups living in the target wijken who choose a dwelling first")


@register
class Allocation(Intervention):
    kind = "allocation"
    Spec = AllocationSpec

    def apply(self, m, levers):
        sp, s = self.spec, m.s
        if sp.passend_toewijzen is not None:
            levers.passend_toewijzen[self.buurt_mask] = int(sp.passend_toewijzen)
        levers.social_reserved_share[self.buurt_mask] = sp.middle_income_share
        levers.middle_income_max = max(levers.middle_income_max, sp.middle_income_max)
        hh = self.households(m)
        if "escalated_debt_or_housing" in sp.priority:
            urgent = hh[(s.prob_esc[hh, DEBT] > 0) | (s.prob_esc[hh, HOUSING] > 0)]
            levers.priority[urgent] = 1
        if "families_with_children" in sp.priority:
            levers.priority[hh[(s.child_age[hh] >= 0).any(axis=1)]] = 1
