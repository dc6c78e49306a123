"""Scenario-file sections the report reads: residents' `priorities:` and the cost-benefit
unit values `mkba:`. Each default states its source or is marked assumed, with a range."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, field_validator, model_validator

from ..params import CLASS_KEYS, Strict

BIJSTAND_SOURCE = "assumed: bijstand for a household for a year (as basisbaan.benefit_saved_per_year)"
TAXES_SOURCE = "assumed: taxes and premiums of a household that leaves benefit for a job near the minimum wage, net of tax credits"
EVICTION_SOURCE = "assumed: the corporatie's lost rent and procedure per eviction (its public part is in the escalation cost)"
EQUAL_WEIGHTS = "assumed: equal weights"

# What residents can recognise -> (indicator, +1 if more is better, -1 if less is better).
RESIDENT_OUTCOMES = {
    "geldzorgen": ("mean_economic", +1),
    "werk": ("employment_rate", +1),
    "eenzaamheid": ("lonely_share", -1),
    "leefbaarheid": ("liveability", +1),
    "kansen_kinderen": ("attainment", +1),
    "hulp_als_nodig": ("take_up", +1),
    "problemen_uit_de_hand": ("escalated_share", -1),
    "vertrouwen": ("trust", +1),
}
# The outcomes the year-0 cohort records per class (cohorts.OUTCOMES keys), for per-class priorities.
CLASS_OUTCOMES = {"geldzorgen": "economic", "werk": "work", "eenzaamheid": "lonely", "hulp_als_nodig": "help",
                  "problemen_uit_de_hand": "escalated", "vertrouwen": "trust"}
# A municipality's indicator set as a wijkmonitor reports it (assumed).
MUNICIPALITY_INDICATORS = {
    "unresolved_share": -1, "escalations_per_1000": -1, "benefit_share": -1,
    "employment_rate": +1, "dissimilarity_class": -1, "liveability": +1, "cost_per_household": -1,
}
DEFAULT_RESIDENT_WEIGHTS = {k: 1.0 for k in ("geldzorgen", "werk", "eenzaamheid", "leefbaarheid",
                                             "kansen_kinderen", "hulp_als_nodig")}


def _weights(value: dict[str, float], allowed, what: str) -> dict[str, float]:
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise ValueError(f"unknown {what} '{unknown[0]}'; allowed: {', '.join(allowed)}")
    for key, w in value.items():
        if not 0 <= w <= 100:
            raise ValueError(f"weight of '{key}' must be in [0, 100], got {w}")
    if not any(w > 0 for w in value.values()):
        raise ValueError(f"at least one {what} needs a weight above 0")
    return value


ResidentWeights = Annotated[dict[str, float], AfterValidator(lambda v: _weights(v, RESIDENT_OUTCOMES, "outcome"))]


class Priorities(Strict):
    """What residents themselves find important: weights over outcomes they recognise, per wijk
    (any scale; they are normalised), e.g. from a buurtpeiling; and the municipality's set."""

    default: ResidentWeights = Field(default_factory=lambda: dict(DEFAULT_RESIDENT_WEIGHTS),
                                      description="residents' weights for every wijk without its own (default: equal weights, assumed)")
    wijken: dict[str, ResidentWeights] = Field(default_factory=dict, description="residents' weights per wijk (name, CBS code, or name without the code)")
    classes: dict[str, ResidentWeights] = Field(default_factory=dict, description="residents' weights per SCP class (optional): the report ranks the packages for the households of that class that started in the target wijken")
    source: str = Field(EQUAL_WEIGHTS, description="where the weights come from (a buurtpeiling, a bewonersavond), or 'assumed'")
    municipality: dict[str, float] = Field(default_factory=lambda: {k: 1.0 for k in MUNICIPALITY_INDICATORS},
                                           description="the municipality's indicator set with weights (default: a typical wijkmonitor, assumed)")

    @field_validator("classes")
    @classmethod
    def _classes(cls, v):
        unknown = sorted(set(v) - set(CLASS_KEYS))
        if unknown:
            raise ValueError(f"unknown class '{unknown[0]}'; the classes are {', '.join(CLASS_KEYS)}")
        return v

    @field_validator("municipality")
    @classmethod
    def _municipality(cls, v):
        return _weights(v, MUNICIPALITY_INDICATORS, "indicator")

    def for_wijk(self, name: str) -> dict[str, float]:
        """The residents' weights for a wijk (its own, or the default); the scenario has given
        the keys the city's own wijk names (`Scenario._priorities_in_city`)."""
        return self.wijken.get(name, self.default)


class UnitValue(Strict):
    """A unit value of the cost-benefit account: value, plausible range, source."""

    value: float = Field(ge=0)
    range: list[float] = Field(description="[low, high], containing value")
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _in_range(self):
        if len(self.range) != 2 or not self.range[0] <= self.value <= self.range[1]:
            raise ValueError(f"range must be [low, high] with low <= value <= high, got {self.range} for value {self.value}")
        return self


def _unit(value: float, lo: float, hi: float, source: str):
    return Field(default_factory=lambda: UnitValue(value=value, range=[lo, hi], source=source))


class Mkba(Strict):
    """Conventions and unit values of the social cost-benefit account (maatschappelijke
    kosten-batenanalyse) over the scenario horizon."""

    discount_rate: float = Field(0.0225, ge=0, le=0.2, description="real discount rate per year (Werkgroep Discontovoet 2020: 2.25%)")
    benefit_per_household_year: UnitValue = _unit(
        16000, 12000, 22000, BIJSTAND_SOURCE)
    taxes_per_household_year_off_benefit: UnitValue = _unit(4000, 2000, 8000, TAXES_SOURCE)
    eviction_cost: UnitValue = _unit(
        6000, 3000, 10000, EVICTION_SOURCE)
