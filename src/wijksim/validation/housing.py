"""The housing-market section of the validation report: the baseline's move rates by age of
the head and by tenure, waiting times and allocation routes, next to published figures.
These are checked by eye, not pass/fail targets: the published figures count persons or whole
regions, the model counts households in one city."""

from __future__ import annotations

import pandas as pd

AGE_ROWS = [  # (indicator, age group, published figure)
    ("move_rate_age_18_29", "18-29", "5.1% (age 18) rising to 14.2% (25), 12.0% (29)"),
    ("move_rate_age_30_44", "30-44", "11.2% (30) falling to 4.9% (44)"),
    ("move_rate_age_45_64", "45-64", "4.6% (45) falling to 2.1% (64)"),
    ("move_rate_age_65plus", "65+", "about 2.1-2.2% (65-74)"),
]
AGE_SOURCE = ("CBS, Statistische Trends 2020, *Een analyse van het verhuisgedrag van zestigers*, table 1 (2017): "
              "moves within the gemeente as % of the population of each age (persons, not households)")
TENURE_ROWS = [
    ("move_rate_private_rent", "private rent", "fastest turnover"),
    ("move_rate_middle_rent", "middle rent", "-"),
    ("move_rate_social_rent", "social rent",
     "42% of Randstad corporation tenants move within 5 years (about 10% a year, moves out of the city included)"),
    ("move_rate_owner", "owner-occupied", "slowest turnover"),
]
TENURE_SOURCE = "RIGO for BZK, via CALIBRATION.md (second round)"
WAIT_PUBLISHED = ("mean inschrijfduur at letting from under 4 years (Achterhoek, Limburg) to almost 9 years (regions "
                  "Amsterdam and Utrecht) in 2018 (RIGO for BZK, *Wachttijden voor sociale huurwoningen nemen toe*); "
                  "national mean just over 7 years, Amsterdam about 13 years in 2021 (NOS survey of gemeenten)")
RELET_PUBLISHED = ("about 7% nationally: 169,000 corporation homes had other residents at the end of 2021 than at "
                   "its start, 161,000 in 2023 (CBS 2024; CBS via gemeente.nu 2025), of about 2.3 million "
                   "(CBS 82900NED: 2,295,414 on 1 January 2019); Amsterdam about 4.5% in 2019 (AFWC via Nul20)")
STATUSHOUDER_PUBLISHED = "statushouders got about 6% of the corporation homes vacated in 2021 (CBS, 2024)"


def report_lines(city: pd.DataFrame, wijk: pd.DataFrame) -> list[str]:
    """Means over years 1 to the last and over replications of the baseline's city and wijk rows."""
    c = city[city["year"] > 0].mean(numeric_only=True)
    lines = ["## Housing market: moves and waiting times", "",
             "The baseline, years 1 to the last, mean across replications. Checked against published figures, "
             "not tuned to them (only the overall internal move rate is calibrated, to about 5% a year).", "",
             "### Move rate within the city by age of the head", "",
             "| age | model (households) | published (persons) |", "|---|---|---|"]
    lines += [f"| {group} | {100 * c[key]:.1f}% | {published} |" for key, group, published in AGE_ROWS]
    lines += ["", f"Published: {AGE_SOURCE}.", "", "### Move rate by tenure left", "",
              "| tenure | model | published |", "|---|---|---|"]
    lines += [f"| {name} | {100 * c[key]:.1f}% | {published} |" for key, name, published in TENURE_ROWS]
    lines += ["", f"Published: {TENURE_SOURCE}.", "", "### Social rent: waiting times and routes", "",
              f"Median months registered at allocation: {c['wait_months']:.0f} ({c['wait_months'] / 12:.1f} years; "
              f"households without urgency {c['wait_months_regular'] / 12:.1f} years); urgent households wait "
              f"{c['wait_months_urgent']:.0f} months (median). Published: {WAIT_PUBLISHED}.", "",
              f"Routes: {100 * c['lottery_share']:.1f}% by lottery, {100 * c['urgency_share']:.1f}% to urgent "
              f"households; {100 * c['statushouder_share']:.1f}% to statushouders (published: "
              f"{STATUSHOUDER_PUBLISHED}); {c['social_allocations']:.0f} allocations a year.", "",
              f"Re-letting rate (mutatiegraad): {100 * c['social_relet_rate']:.1f}% of social-rent dwellings a year. "
              f"Published: {RELET_PUBLISHED}.", "",
              "| wijk | allocations a year | median months registered | without urgency |", "|---|---|---|---|"]
    w = wijk[wijk["year"] > 0].groupby("unit")[["social_allocations", "wait_months", "wait_months_regular"]].mean()
    lines += [f"| {name} | {r.social_allocations:.0f} | {r.wait_months:.0f} | {r.wait_months_regular:.0f} |"
              for name, r in w.iterrows()]
    return lines + [""]
