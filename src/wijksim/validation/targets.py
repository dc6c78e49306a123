"""The validation targets: each published figure with its source and the tolerance fixed in
advance (before calibration), and the rule that turns the model's figure into pass or fail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


HATNA_BENENSON = {"minority": 0.2, "tolerance": 0.3}  # the configuration of that target


@dataclass(frozen=True)
class Target:
    key: str
    title: str
    published: str      # the published figure, as the source states it
    source: str
    tolerance: str      # the pass rule in words
    passes: Callable[[float], bool]
    unit: str = ""


def within(centre: float, half_width: float) -> Callable[[float], bool]:
    return lambda v: abs(v - centre) <= half_width


def between(low: float, high: float) -> Callable[[float], bool]:
    return lambda v: low <= v <= high


TARGETS = [
    Target("class_shares_start", "SCP class shares at the start",
           "19.9 / 8.6 / 12.2 / 24.9 / 18.1 / 10.0 / 6.3 % (7 classes)",
           "SCP, Eigentijdse ongelijkheid (Vrooman et al. 2023)",
           "largest deviation of a class share in year 0 at most 3 percentage points "
           "(households, where SCP counts adults)", lambda v: v <= 3.0, "points"),
    Target("class_shares_stability", "SCP class shares stable over 20 years without policy",
           "no drift without policy", "CALIBRATION.md, classic patterns (SCP 2023 shares as reference)",
           "largest change of a class share between year 0 and year 20 at most 3 percentage points",
           lambda v: v <= 3.0, "points"),
    Target("class_mobility", "Households move between classes",
           "individual households move between classes", "SCP 2023 (classes are states, not fixed groups)",
           "between 10% and 60% of the households present in year 0 and year 20 are in another class",
           between(0.10, 0.60), "share"),
    Target("schelling_tipping", "Schelling: segregation tips above a threshold of about one third",
           "strong segregation from mild preferences above about 1/3", "Schelling (1971)",
           "teaching Schelling city: segregation index at most 0.25 for every threshold <= 0.2 and at least "
           "0.5 for every threshold >= 0.4 (index 0 = random mix, 1 = full sorting); the value shown is the "
           "smallest margin to these bounds (> 0 passes)", lambda v: v > 0, "index"),
    Target("hatna_benenson", "Hatna & Benenson: partial segregation with unequal groups",
           "with unequal group sizes part of a group segregates, the rest stays integrated",
           "Hatna & Benenson (2012), JASSS 15(1)",
           "Schelling city with a 20% minority, threshold 0.3: between 20% and 80% of the minority live "
           "with a majority of own-group neighbours (random mix: about 5%)", between(0.2, 0.8), "share"),
    Target("rank_rank_slope", "Intergenerational mobility: rank-rank slope",
           "0.28", "Kansenkaart, Ravesteijn et al. (Erasmus/Tinbergen)",
           "mean over years 1-20 within 0.28 +/- 0.05", within(0.28, 0.05)),
    Target("non_take_up", "Non-take-up of professional help among households in need",
           "about one third", "Inspectie SZW 2021 (non-take-up of bijstand)",
           "share of households in need in a year who did not ask for help, mean over years 1-20, "
           "within 0.333 +/- 0.05", within(1 / 3, 0.05), "share"),
    Target("residential_mobility", "Residential mobility within the city",
           "about 5% of households a year", "Benenson et al. (2002)",
           "share of households moving within the city a year, mean over years 1-20, within 0.05 +/- 0.015",
           within(0.05, 0.015), "per year"),
    Target("buurtgezinnen_supply", "Buurtgezinnen: supply of volunteer families against demand",
           "supply about 3x demand (Meppel: 71 support families, 10-15 matches a year)",
           "Buurtgezinnen evaluation, Meppel pilot (CALIBRATION.md)",
           "buurtgezinnen in every wijk with the default volunteer supply: volunteer families per family "
           "asking in a year between 2 and 7 (the stated 3x and the pilot's own 71/15 to 71/10)",
           between(2.0, 7.0), "ratio"),
    Target("scp_2013", "SCP 2013: a Vogelaar-like package does little for liveability next to herstructurering",
           "only herstructurering had a favourable effect on liveability; the social package and selling "
           "social rent showed no clear effect", "SCP, Werk aan de wijk (Permentier, Kullberg, Van Noije 2013)",
           "Noord, liveability averaged over 20 years, same seeds: herstructurering's effect has a 90% interval "
           "above 0, and the Vogelaar-like effect is at most one third of it; the value shown is the ratio "
           "Vogelaar / herstructurering", between(-1 / 3, 1 / 3), "ratio"),
]
# Draaglast, help and work (issue 13). Tolerances follow the published figures' own spread and
# were written down before the final calibration; docs/validation.md says which were calibrated.
TARGETS += [
    Target("debt_prevalence", "Households with problematic debts",
           "7.6-7.9% of households with registered problematic debts (2020; 1 in 12 in 2018)",
           "CBS, Schuldenproblematiek in beeld (2020)",
           "share of households with an open debt problem, mean over years 1-20, between 0.06 and 0.095",
           between(0.06, 0.095), "share"),
    Target("debt_long_share", "Problematic debts that last",
           "more than half have had problematic debts for 3 years or more",
           "CBS, Schuldenproblematiek in beeld (2020)",
           "share of open debt problems open 36 months or more, mean over years 1-20, between 0.5 and 0.75",
           between(0.5, 0.75), "share"),
    Target("evictions_per_1000_social_rent", "Evictions from social rent",
           "about 3,000 (2018), 1,720 (2020), 1,400 (2021) evictions a year on about 2.3 million corporation "
           "homes: 0.6-1.3 per 1,000", "Aedes (Corporatie in Perspectief / ontruimingen 2018-2021)",
           "evictions from social-rent dwellings per 1,000 social-rent dwellings a year, mean over years 1-20, "
           "between 0.4 and 1.6", between(0.4, 1.6), "per 1,000"),
    Target("bijstand_exit_short", "Leaving bijstand within a year: short on benefit",
           "22% of those under a year on bijstand left it within the year (2006)", "CBS (2006 cohort figures)",
           "share of those on benefit under 12 months at the start of a year who left it during the year, "
           "mean over years 1-20, within 0.22 +/- 0.05", within(0.22, 0.05), "per year"),
    Target("bijstand_exit_long", "Leaving bijstand within a year: long on benefit",
           "8% of those over 3 years on bijstand left it within the year (2006)", "CBS (2006 cohort figures)",
           "share of those on benefit 36 months or more at the start of a year who left it during the year, "
           "mean over years 1-20, within 0.08 +/- 0.03", within(0.08, 0.03), "per year"),
    Target("network_help_near_cap", "Network help is not saturated",
           "no published figure: help from ties must run out for part of the households (the earlier model "
           "had 58% at the cap)", "issue 13 (design criterion; de lamme helpt de blinde)",
           "share of households with network help at 90% of its cap or more, mean over years 1-20, at most 0.40",
           between(0.0, 0.40), "share"),
    Target("gini_equivalised", "Inequality of equivalised income",
           "Gini of standardised disposable household income about 0.27-0.29", "CBS (inkomensverdeling)",
           "Gini of equivalised household income, mean over years 1-20, between 0.25 and 0.31",
           between(0.25, 0.31), "Gini"),
]
CALIBRATED = {"debt_prevalence", "debt_long_share", "evictions_per_1000_social_rent", "bijstand_exit_short",
              "bijstand_exit_long"}  # the others are only checked
BY_KEY = {t.key: t for t in TARGETS}

# Targets the model does not meet, with the reason (docs/validation.md); the report lists them and
# the test suite accepts their failure, but no other.
KNOWN_UNMET = {
    "scp_2013": "In the model a Vogelaar-like package keeps working after its four years: selling social rent "
                "changes the tenure and price mix, so later turnover brings in higher-income owners, and the "
                "wijkteam's fewer escalations feed back into liveability through trust and take-up. SCP 2013 "
                "measured effects over about four years; the model has no term that would make the social "
                "package fade, and no published effect size to calibrate one against.",
}
