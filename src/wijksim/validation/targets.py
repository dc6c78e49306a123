"""The validation targets: each published figure with its source and the tolerance fixed in
advance (before calibration), and the rule that turns the model's figure into pass or fail.

Every target has a role in ROLES: `calibrated` (the model was tuned to it, by hand or by
`wijksim calibrate`) or `held_out` (only checked). The split was written down before any
calibration with `wijksim calibrate`; tests/test_validation.py checks that every target has one."""

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
TARGETS += [
    Target("scp_2013_four_years", "SCP 2013 over SCP's own four-year window",
           "only herstructurering had a favourable effect on liveability; the social package and selling "
           "social rent showed no clear effect (measured over about four years, 2008-2012)",
           "SCP, Werk aan de wijk (Permentier, Kullberg, Van Noije 2013)",
           "as scp_2013 but liveability averaged over years 1-4 only: herstructurering's effect has a 90% "
           "interval above 0 and the Vogelaar-like effect is at most one third of it; the value shown is the "
           "ratio Vogelaar / herstructurering", between(-1 / 3, 1 / 3), "ratio"),
    Target("springboard_leavers", "Springboard: households leaving the vulnerable wijk have more often risen",
           "leavers from aandachtswijken were more often risers than fallers (1999-2008)",
           "Permentier, Das & Wittebrood, CBS Bevolkingstrends 2011 (CALIBRATION.md)",
           "households in Noord in year 0 that live in another wijk of the city in year 9: share that rose at "
           "least one city-wide quintile of economic capital minus share that fell at least one, above 0 "
           "(qualitative in the source, so only the sign is tested)", lambda v: v > 0, "share"),
    Target("springboard_stayers", "Springboard: stayers in the vulnerable wijk rise more often than they fall",
           "stayers in aandachtswijken rose more often than they fell (1999-2008)",
           "Permentier, Das & Wittebrood, CBS Bevolkingstrends 2011 (CALIBRATION.md)",
           "households in Noord in year 0 and in year 9: share that rose at least one city-wide quintile of "
           "economic capital minus share that fell at least one, above 0 (only the sign is tested)",
           lambda v: v > 0, "share"),
    Target("kansenkaart_gap", "Kansenkaart: the wijk a poor child grows up in matters, less than parental income",
           "children of low-income parents earn more as adults when raised in an affluent wijk (Amsterdam "
           "Oud-Zuid about 26k EUR against 19k EUR in Overtoomse Veld), a smaller gap than between children "
           "of rich and poor parents", "Kansenkaart, Ravesteijn et al. (Erasmus/Tinbergen); CALIBRATION.md",
           "children leaving home in years 1-20 whose parents are in the city's lowest economic-capital quartile: "
           "mean adult rank raised in Zuid minus raised in Noord, divided by the P90-P10 gap (0.8 x the "
           "rank-rank slope of the same cohorts); between 0 and 1 exclusive (the source gives the order, not "
           "the size in ranks)", lambda v: 0 < v < 1, "ratio"),
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
    Target("debt_known_to_help", "Households with problematic debts known to professional help",
           "14.4% of households with registered problematic debts are in view of debt help (bewindvoering, "
           "minnelijk traject or WSNP; the report's 'ruim 1 op de 6', 16.3%, was corrected to 14.4%)",
           "CBS, Schuldenproblematiek in beeld (2020, with its erratum)",
           "share of households with an open debt problem who got professional help during the year, mean over "
           "years 1-20, between 0.07 and 0.30 (the model's help is any wijkteam help, broader than a formal "
           "debt-help trajectory, so the band reaches twice the published figure)", between(0.07, 0.30), "share"),
    Target("gini_equivalised", "Inequality of standardised income",
           "Gini of standardised disposable household income about 0.27-0.29", "CBS (inkomensverdeling)",
           "Gini of household income divided by CBS's equivalence factor, mean over years 1-20, between 0.25 and 0.31",
           between(0.25, 0.31), "Gini"),
]
BY_KEY = {t.key: t for t in TARGETS}

CALIBRATED, HELD_OUT = "calibrated", "held_out"
# The role of each target and why (docs/validation.md, "Calibration"); ids of targets built per
# real city are matched by their prefix in ROLE_PREFIXES. Other targets must be added here too.
ROLES = {
    "class_shares_start": (CALIBRATED, "baseline.yaml's class mix per wijk was rescaled to SCP's shares (again after "
                                       "capitals.outside_ties_halflife was added)"),
    "class_shares_stability": (CALIBRATED, "the in-movers' class mix was tuned to keep the shares still"),
    "class_mobility": (HELD_OUT, "no parameter was tuned to it"),
    "schelling_tipping": (HELD_OUT, "no parameter was tuned to it; teaching configuration"),
    "hatna_benenson": (HELD_OUT, "no parameter was tuned to it; teaching configuration"),
    "rank_rank_slope": (CALIBRATED, "children.adult_noise was calibrated to the slope 0.28 (it affects nothing else)"),
    "non_take_up": (CALIBRATED, "the measure (never asked, not 'not helped') was chosen after comparing both "
                                "with the target"),
    "residential_mobility": (CALIBRATED, "housing.base_move_rate was tuned to it (0.07 -> 0.10; 0.085 with the waiting-list market)"),
    "buurtgezinnen_supply": (CALIBRATED, "volunteer_families_per_1000_households was set from the Meppel pilot "
                                         "(8 -> 4.6) with this target in view"),
    "scp_2013": (CALIBRATED, "liveability.meeting_weight and the sell_to_tenants mode were changed towards it"),
    "scp_2013_four_years": (HELD_OUT, "added after the tuning, not tuned to; shares its source and scenarios "
                                      "with scp_2013, which was, so not independent of it"),
    "springboard_leavers": (HELD_OUT, "added after the tuning, not tuned to"),
    "springboard_stayers": (HELD_OUT, "added after the tuning, not tuned to"),
    "stationarity_class_dissimilarity": (CALIBRATED, "the 15-year burn-in, rule-based placement and the in-movers' "
                                                     "class mix were tuned until the baseline held still"),
    "stationarity_class_shares": (CALIBRATED, "the in-movers' class mix was tuned to it: the mix that keeps SCP's "
                                              "shares over 60 years, then fewer retirees against the ageing in the run"),
    "stationarity_income_dissimilarity": (CALIBRATED, "tuned together with the class dissimilarity (burn-in, "
                                                      "in-movers' mix)"),
    "stationarity_noord_low_classes": (CALIBRATED, "outside_offer_margin and the in-movers' mix were tuned with "
                                                   "Noord's drift in view"),
    "stationarity_take_up": (HELD_OUT, "measured, not tuned to: the housing changes aimed at the class and "
                                       "income measures"),
    "kansenkaart_gap": (HELD_OUT, "added after the tuning; the slope it is scaled by was calibrated, the "
                                  "neighbourhood gap was not"),
    # issue 13 (draaglast, help and work)
    "debt_prevalence": (CALIBRATED, "coping base_hazard.debt, chronic_floor, duration_scale and solve_factor.debt "
                        "were tuned to it with the warm start"),
    "debt_long_share": (CALIBRATED, "coping.chronic_floor and duration_scale were tuned to it"),
    "evictions_per_1000_social_rent": (CALIBRATED, "coping.eviction_hazard was tuned to it"),
    "bijstand_exit_short": (CALIBRATED, "labour job_find, duration_floor and duration_scale were tuned to it"),
    "bijstand_exit_long": (CALIBRATED, "tuned together with bijstand_exit_short (duration_floor)"),
    "network_help_near_cap": (HELD_OUT, "only checked: a design criterion, no parameter was tuned to it"),
    "debt_known_to_help": (HELD_OUT, "only checked: added after the calibration, tolerance written before its first run"),
    "gini_equivalised": (CALIBRATED, "income.median, spread, pension_median and pension_spread were set by hand "
                                     "(partner_share assumed at 0.5) so that year 0 of the default baseline gives CBS's Gini (0.27-0.29) "
                                     "and median household income (about EUR 38,000); the tolerance was not changed"),
}
ROLE_PREFIXES = {
    "real_city_": (HELD_OUT, "CBS figures the model was not tuned to (added after the hand calibration)"),
}


def role(key: str) -> tuple[str, str]:
    """(role, reason) of a target id; KeyError names a target without a role."""
    if key in ROLES:
        return ROLES[key]
    for prefix, value in ROLE_PREFIXES.items():
        if key.startswith(prefix):
            return value
    raise KeyError(f"target {key!r} has no role (calibrated or held_out) in validation/targets.py ROLES")


def row(t, value: float, lo: float, hi: float, ok: bool) -> dict:
    """One target's row of the results table, with its role."""
    return {"target": t.key, "role": role(t.key)[0], "title": t.title, "published": t.published,
            "source": t.source, "tolerance": t.tolerance, "model": value, "p5": lo, "p95": hi, "unit": t.unit,
            "result": "pass" if ok else "FAIL"}


def calibration_keys() -> list[str]:
    """The ids of the targets `wijksim calibrate` may fit to."""
    return [t.key for t in TARGETS if role(t.key)[0] == CALIBRATED]

# Targets the model does not meet, with the reason (docs/validation.md); the report lists them and
# the test suite accepts their failure, but no other.
KNOWN_UNMET = {
    "stationarity_noord_low_classes":
        "Passes at the standard level (-0.028, -0.036 to -0.019) since the DAEB and passend-toewijzen limits are "
        "compared with taxable rather than net income (it was -0.050 from issue 13's income item until then), but "
        "fails at the reduced level, where two replications of a quarter-size city give -0.047 (-0.086 to -0.008; "
        "-0.008 before that change). To be recalibrated with outside_offer_margin.",
    "stationarity_take_up":
        "Since issue 13's income item take-up rises by more than 0.05 over 20 years at the reduced level (+0.065, "
        "band 0.005 to 0.124, with the limits on taxable income; +0.058 before); at the standard level +0.024 "
        "(0.015 to 0.033) passes. Held out, not tuned to.",
    "scp_2013": "In the model a Vogelaar-like package keeps working after its four years: selling social rent "
                "changes the tenure and price mix, so later turnover brings in higher-income owners, and the "
                "wijkteam's fewer escalations feed back into liveability through trust and take-up. SCP 2013 "
                "measured effects over about four years; the model has no term that would make the social "
                "package fade, and no published effect size to calibrate one against.",
    "scp_2013_four_years": "Over SCP's own four-year window the model disagrees more, not less: the Vogelaar-like "
                           "package acts at once (the wijkteam and the sales to sitting tenants start in year 1), "
                           "while scenarios/herstructurering.yaml spreads demolition and new build over years 1-8 and "
                           "the new residents arrive as dwellings are finished, so by year 4 much of its effect on "
                           "liveability has yet to come. "
                           "First measured when this target was added (reduced level: ratio 2.4, herstructurering "
                           "+0.012, Vogelaar-like +0.030); kept in the report as the model's verdict.",
}
