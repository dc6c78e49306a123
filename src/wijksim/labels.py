"""Human labels for indicators (Dutch and English), with the unit and rounding they are shown in,
and which direction is better. Used by the comparison tables and the report."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Label:
    nl: str
    en: str
    unit: str = ""        # shown after the number: "%", "per 1.000", "EUR", "" (an index)
    scale: float = 1.0    # shown value = value * scale
    decimals: int = 2
    better: int = 0       # +1 more is better, -1 less is better, 0 neither

    def text(self, lang: str = "nl") -> str:
        return self.nl if lang == "nl" else self.en


PCT = dict(unit="%", scale=100.0, decimals=1)
SCORE = dict(unit="0-100", scale=100.0, decimals=1)  # an index on 0..1 shown as points out of 100
LABELS: dict[str, Label] = {
    "escalated_share": Label("huishoudens met een probleem dat uit de hand is gelopen",
                             "households with a problem that has escalated", **PCT, better=-1),
    "unresolved_share": Label("huishoudens met een onopgelost probleem", "households with an unresolved problem", **PCT, better=-1),
    "escalations_per_1000": Label("problemen die uit de hand lopen, per 1.000 huishoudens per jaar",
                                  "problems escalating, per 1,000 households a year", "", 1.0, 1, -1),
    "employment_rate": Label("werkenden in de beroepsbevolking (ook basisbaan)", "employed among the labour force (incl. basisbaan)", **PCT, better=+1),
    "regular_employment_rate": Label("werkenden met een gewone baan (zonder basisbaan)",
                                     "in a regular job among the labour force (without basisbaan)", **PCT, better=+1),
    "households_in_work": Label("huishoudens met werk", "households in work", "", 1.0, 0, +1),
    "benefit_share": Label("huishoudens met een uitkering", "households on benefit", **PCT, better=-1),
    "lonely_share": Label("huishoudens met weinig contacten (eenzaam)", "households with few ties (lonely)", **PCT, better=-1),
    "trust": Label("vertrouwen in instanties", "trust in institutions", **SCORE, better=+1),
    "take_up": Label("hulp gekregen als het nodig was", "got professional help when in need", **PCT, better=+1),
    "liveability": Label("leefbaarheid van de buurt", "liveability of the buurt", **SCORE, better=+1),
    "attainment": Label("schoolprestaties van kinderen", "children's school attainment", **SCORE, better=+1),
    "bridging_share": Label("contacten met mensen uit een andere groep", "ties across classes", **PCT, better=+1),
    "balance": Label("draagkracht min draaglast", "draagkracht minus draaglast", **SCORE, better=+1),
    "gini": Label("inkomensongelijkheid (Gini)", "income inequality (Gini)", "", 1.0, 3, -1),
    "dissimilarity_class": Label("scheiding tussen buurten (segregatie-index)", "segregation between buurten (dissimilarity)", "", 1.0, 3, -1),
    "mean_economic": Label("economisch kapitaal (geld, werk)", "economic capital", **SCORE, better=+1),
    "mean_social": Label("sociaal kapitaal (netwerk)", "social capital (network)", **SCORE, better=+1),
    "mean_personal": Label("persoonlijk kapitaal (gezondheid, veerkracht)", "personal capital (health, resilience)", **SCORE, better=+1),
    "cost_per_household": Label("kosten van zorg en escalaties per huishouden", "cost of care and escalations per household",
                                "EUR", 1.0, 0, -1),
}


def label(name: str, lang: str = "en") -> str:
    """The indicator's human label with its unit, e.g. 'households on benefit (%)'."""
    lab = LABELS.get(name)
    if lab is None:
        return name
    return f"{lab.text(lang)} ({lab.unit})" if lab.unit else lab.text(lang)


def shown(name: str, value: float, signed: bool = False) -> str:
    """A value in the indicator's display unit and rounding ('' for NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    lab = LABELS.get(name)
    if lab is None:
        return round_sig(value, 3, signed)
    value = round(value * lab.scale, lab.decimals) + 0.0  # + 0.0: no "-0.0"
    return f"{value:{'+' if signed else ''},.{lab.decimals}f}"


def round_sig(value: float, digits: int = 3, signed: bool = False) -> str:
    """A number with `digits` significant digits (never in scientific notation)."""
    if value is None or not np.isfinite(value):
        return ""
    if value == 0:
        return "0"
    decimals = digits - 1 - int(math.floor(math.log10(abs(value))))
    return f"{round(value, decimals) + 0.0:{'+' if signed else ''},.{max(decimals, 0)}f}"
