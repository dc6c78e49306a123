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
    # Stationarity: the default baseline without policy holds still (issue 12). Each value is the
    # change from year 0 to the last year (20), mean across replications; tolerances fixed before
    # the housing market was reworked.
    Target("stationarity_class_dissimilarity", "Stationarity: class dissimilarity holds still",
           "aandachtswijken fairly stable socio-economically 1999-2008",
           "Permentier, Das & Wittebrood (CBS Bevolkingstrends 2011); CALIBRATION.md",
           "change of the city's dissimilarity index of the two lowest classes between buurten, year 0 to the "
           "last year, within 0 +/- 0.04", within(0.0, 0.04), "index"),
    Target("stationarity_class_shares", "Stationarity: class shares hold still",
           "class shares stay near their starting values over 20 years without policy",
           "CALIBRATION.md, classic patterns",
           "largest change of a city class share between year 0 and the last year at most 2 percentage points",
           lambda v: v <= 2.0, "points"),
    Target("stationarity_income_dissimilarity", "Stationarity: income dissimilarity holds still",
           "aandachtswijken fairly stable socio-economically 1999-2008",
           "Permentier, Das & Wittebrood (CBS Bevolkingstrends 2011); CALIBRATION.md",
           "change of the city's low-income dissimilarity index between buurten, year 0 to the last year, "
           "within 0 +/- 0.03", within(0.0, 0.03), "index"),
    Target("stationarity_noord_low_classes", "Stationarity: Noord's share of the two lowest classes holds still",
           "aandachtswijken fairly stable socio-economically 1999-2008",
           "Permentier, Das & Wittebrood (CBS Bevolkingstrends 2011); CALIBRATION.md",
           "change of Noord's share of onzekere werkenden and precariaat, year 0 to the last year, within "
           "0 +/- 0.04 (tolerance assumed, as for class dissimilarity)", within(0.0, 0.04), "share"),
    Target("stationarity_take_up", "Stationarity: take-up of professional help holds still",
           "non-take-up about one third, no drift without policy", "CALIBRATION.md, classic patterns",
           "change of the city's take-up (households in need who got help), mean of the last three years "
           "minus mean of years 0-2 (yearly take-up is noisy), within 0 +/- 0.05 (tolerance assumed)",
           within(0.0, 0.05), "share"),
]
BY_KEY = {t.key: t for t in TARGETS}

# Targets the model does not meet, with the reason (docs/validation.md); the report lists them and
# the test suite accepts their failure, but no other.
KNOWN_UNMET = {
    "stationarity_class_shares":
        "The largest class share moves 2.2 points over 20 years at the standard level (2.5 at the reduced "
        "level): rentenierende bovenlaag +1.9, laagopgeleide gepensioneerden +1.7. This is class dynamics, not "
        "the housing market: working households are re-derived as retirees as they age, and fewer retirees "
        "among in-movers (0.05 to 0.03) hardly changed it. The older 3-point target (class_shares_stability) "
        "passes; the 2-point stationarity tolerance does not.",
    "scp_2013": "In the model a Vogelaar-like package keeps working after its four years: selling social rent "
                "changes the tenure and price mix, so later turnover brings in higher-income owners, and the "
                "wijkteam's fewer escalations feed back into liveability through trust and take-up. SCP 2013 "
                "measured effects over about four years; the model has no term that would make the social "
                "package fade, and no published effect size to calibrate one against.",
}
