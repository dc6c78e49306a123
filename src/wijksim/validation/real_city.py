"""The real-city check: gemeenten built from real CBS files (scenarios/amsterdam-2019.yaml and
rotterdam-2017.yaml, reading ../shared/cbs-real), run without policy for 10 years.

Per city: Spearman's rho across buurten between the model's share of the two lowest SCP
classes (onzekere werkenden, precariaat) and CBS's share of low-income households
(HuishoudensMetEenLaagInkomen) at year 0 and year 10, and the 10-year drift of the class and
income dissimilarity indices. Year 0 is after the scenario's burn-in, as in every report.

Fixed before looking at any result: a buurt enters the rank correlation when the file gives
its own low-income share (not one filled in from its wijk) and it has at least
MIN_HOUSEHOLDS simulated households in year 0 (fewer make its share mostly sampling noise);
rho is computed per replication and the target judges the mean across replications. The
year-0 rho is reported but not a target: the class mixes are fitted to the CBS income
figures, so it checks the construction, not the model.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from ..compare import interval
from ..config import Scenario, ScenarioError, load_scenario
from .stationarity import LOW_COLUMNS as LOW_SHARES, SHARE_COLUMNS as SHARES, largest_change
from .targets import Target, row, within

REAL_CITIES = {"amsterdam_2019": ("Amsterdam 2019", "amsterdam-2019.yaml", "84583NED"),
               "rotterdam_2017": ("Rotterdam 2017", "rotterdam-2017.yaml", "83765NED")}
KIND = "real_city"  # the job kind, and the prefix of the configuration keys and target ids
YEARS = 10
MIN_HOUSEHOLDS = 25
RHO_MIN = 0.85
# Replications at the full level: Amsterdam's year-10 rho differs between replications by sd 0.009, so a
# 4-replication mean's 90% interval (+/- 0.011) is wider than its margin over RHO_MIN; 16 give +/- 0.004
# (docs/validation.md, "Amsterdam's rank correlation: how many replications it needs").
FULL_REPLICATIONS = 16
CLASS_DRIFT = 0.04    # the stationarity tolerances of the issue (class and income dissimilarity)
INCOME_DRIFT = 0.03
RELET_PUBLISHED = {  # social-rent re-letting rate (mutatiegraad) published for the city, for the report
    "amsterdam_2019": "4.5% (2019: 7,485 new social lettings by the Amsterdam corporations against about 166,000 "
                      "social-rent homes; AFWC figures via Nul20)",
    "rotterdam_2017": "no city figure found; nationally about 7% (see the housing-market section)"}
STABLE = ("aandachtswijken socio-economically fairly stable 1999-2008",
          "Permentier, Das & Wittebrood, CBS Bevolkingstrends 2011 (CALIBRATION.md)")


def targets(city: str) -> list[Target]:
    """The three targets of one real city; ids start with real_city_."""
    title, _, table = REAL_CITIES[city]
    return [
        Target(f"{KIND}_{city}_rho", f"{title}: the model keeps CBS's ranking of buurten by low income",
               "share of low-income households per buurt (HuishoudensMetEenLaagInkomen)",
               f"CBS Kerncijfers wijken en buurten ({table})",
               f"Spearman's rho across buurten between the model's share of the two lowest SCP classes in year "
               f"{YEARS} and CBS's low-income share, mean over replications, at least {RHO_MIN}",
               lambda v: v >= RHO_MIN, "rho"),
        Target(f"{KIND}_{city}_class_drift", f"{title}: class dissimilarity holds still without policy",
               STABLE[0], STABLE[1],
               f"change of the class dissimilarity index (two lowest classes vs the rest, between buurten) from "
               f"year 0 to year {YEARS} within +/- {CLASS_DRIFT}", within(0.0, CLASS_DRIFT), "index"),
        Target(f"{KIND}_{city}_income_drift", f"{title}: income dissimilarity holds still without policy",
               STABLE[0], STABLE[1],
               f"change of the income dissimilarity index (low income vs the rest, between buurten) from year 0 "
               f"to year {YEARS} within +/- {INCOME_DRIFT}", within(0.0, INCOME_DRIFT), "index"),
    ]


def configurations(scenario_dir: Path, replications: int) -> tuple[dict[str, Scenario], dict[str, str]]:
    """The real cities' runs (YEARS years, `replications` each), and the cities skipped with the
    reason (their CBS file is absent: ../shared/cbs-real lies next to a clone, not in it)."""
    runs, skipped = {}, {}
    if replications <= 0:
        return runs, skipped
    for city, (_, name, _) in REAL_CITIES.items():
        try:
            sc = load_scenario(scenario_dir / name)
        except ScenarioError as exc:
            skipped[city] = str(exc)
            continue
        data = sc.model_dump(mode="json")
        data["run"].update(years=YEARS, replications=replications)
        runs[f"{KIND}_{city}"] = Scenario.model_validate(data)
    return runs, skipped


def real_city_job(data: dict, replication: int) -> dict:
    """One replication: per buurt its households and low-class share in year 0 and year YEARS,
    the city's dissimilarity indices, and CBS's published low-income share per buurt."""
    from ..model import WijkModel

    m = WijkModel(Scenario.model_validate(data), replication)
    m.run_years(YEARS)
    ind = m.indicators()
    relet = ind.loc[(ind["level"] == "city") & (ind["year"] > 0), "social_relet_rate"].mean()
    ind = ind[ind["year"].isin([0, YEARS])]
    buurten = ind[ind["level"] == "buurt"].assign(low_share=lambda d: d[LOW_SHARES].sum(axis=1))
    plan = m.config.city.cbs_plan
    return {"buurten": buurten[["replication", "year", "unit", "households", "low_share"]].reset_index(drop=True),
            "city": ind.loc[ind["level"] == "city", ["replication", "year", "dissimilarity_class",
                                                      "dissimilarity_income", *SHARES]].reset_index(drop=True),
            "cbs_low": {name: b.figures.published_low_income for name, b in zip(plan.buurt_names, plan.buurten)},
            "relet": float(relet)}


def eligible(result: dict) -> list[str]:
    """The buurten in the rank correlation: their own CBS figure and MIN_HOUSEHOLDS in year 0."""
    b = result["buurten"]
    start = b[b["year"] == 0].set_index("unit")["households"]
    return [u for u, n in start.items() if n >= MIN_HOUSEHOLDS and result["cbs_low"].get(u) is not None]


def rho(result: dict, year: int) -> float:
    """Spearman's rho across the eligible buurten of one replication in `year`."""
    b = result["buurten"]
    part = b[(b["year"] == year) & b["unit"].isin(eligible(result))]
    return float(spearmanr(part["low_share"], part["unit"].map(result["cbs_low"])).statistic)


def pooled_rho(results: list[dict], year: int) -> float:
    """Spearman's rho of the low-class share of all replications together (a diagnostic, not the
    target): pooling shrinks the sampling noise of small simulated buurten, so this is nearer
    the ranking the model expects than one replication's."""
    units = eligible(results[0])
    b = pd.concat([r["buurten"] for r in results])
    b = b[(b["year"] == year) & b["unit"].isin(units)].assign(low=lambda d: d["low_share"] * d["households"])
    g = b.groupby("unit")[["low", "households"]].sum()
    return float(spearmanr(g["low"] / g["households"], g.index.map(results[0]["cbs_low"])).statistic)


def evaluate(by_key: dict[str, list[dict]], skipped: dict[str, str]) -> tuple[pd.DataFrame, dict]:
    """One row per real-city target (as report.evaluate gives them) and the figures behind them."""
    rows, figures = [], {}
    for city in REAL_CITIES:
        results = by_key.get(f"{KIND}_{city}")
        if not results:
            continue
        dis = pd.concat([r["city"] for r in results]).pivot(index="replication", columns="year")
        f = {"rho_0": interval([rho(r, 0) for r in results]),
             "rho_end": interval([rho(r, YEARS) for r in results]),
             "rho_end_pooled": pooled_rho(results, YEARS), "relet": float(np.mean([r["relet"] for r in results])),
             "buurten": len(eligible(results[0])), "all_buurten": int((results[0]["buurten"]["year"] == 0).sum()),
             "households": int(results[0]["buurten"].query("year == 0")["households"].sum())}
        for name in ("class", "income"):
            col = f"dissimilarity_{name}"
            f[f"{name}_0"], f[f"{name}_end"] = dis[(col, 0)].mean(), dis[(col, YEARS)].mean()
            f[f"{name}_drift"] = interval(dis[(col, YEARS)] - dis[(col, 0)])
        f["low_0"], f["low_end"] = (sum(dis[(s, y)].mean() for s in LOW_SHARES) for y in (0, YEARS))
        f["largest_shift"] = largest_change(*([dis[(s, y)].mean() for s in SHARES] for y in (0, YEARS)))
        f["replications"] = len(results)
        figures[city] = f
        for t, key in zip(targets(city), ("rho_end", "class_drift", "income_drift")):
            value, lo, hi = f[key]
            rows.append(row(t, value, lo, hi, bool(np.isfinite(value) and t.passes(value))))
    return pd.DataFrame(rows), {"figures": figures, "skipped": skipped}


def report_lines(extras: dict) -> list[str]:
    """The report's section on the real cities."""
    lines = ["", "## Real cities from CBS files", "",
             f"Each city built from its CBS file as its scenario says, run {YEARS} years without policy. rho: "
             "Spearman's rank correlation across buurten between the model's share of the two lowest SCP classes "
             "and CBS's share of low-income households, over buurten with their own CBS figure and at least "
             f"{MIN_HOUSEHOLDS} simulated households in year 0 (mean over replications, 90% interval). Year 0 "
             "checks the construction (class mixes are fitted to the CBS income figures); year "
             f"{YEARS} checks the model. Pooled rho (not a target): the same over all replications' households "
             "together, which shrinks the sampling noise of small simulated buurten. Replications differ (Amsterdam's "
             "year-10 rho by a standard deviation of about 0.009; docs/validation.md), so with 2 replications a mean "
             f"within about 0.01 of its tolerance is a close call either way; the full level runs {FULL_REPLICATIONS}.",
             ""]
    if extras["figures"]:
        lines += ["| city | households | buurten in rho (of all) | rho year 0 | rho year 10 (pooled) | class "
                  "dissimilarity 0 → 10 (drift) | income dissimilarity 0 → 10 (drift) |",
                  "|---|---|---|---|---|---|---|"]
    for city, f in extras["figures"].items():
        def span(v):
            return f"{v[0]:+.3f} ({v[1]:+.3f} to {v[2]:+.3f})" if np.isfinite(v[1]) else f"{v[0]:+.3f}"
        lines.append(f"| {REAL_CITIES[city][0]} ({f['replications']} repl.) | {f['households']} | {f['buurten']} "
                     f"({f['all_buurten']}) | {f['rho_0'][0]:.3f} | {f['rho_end'][0]:.3f} ({f['rho_end_pooled']:.3f}) | "
                     f"{f['class_0']:.3f} → "
                     f"{f['class_end']:.3f} ({span(f['class_drift'])}) | {f['income_0']:.3f} → {f['income_end']:.3f} "
                     f"({span(f['income_drift'])}) |")
    if extras["skipped"]:
        lines += [""] + [f"- {REAL_CITIES[city][0]}: not run: {why}" for city, why in extras["skipped"].items()]
    if extras["figures"]:
        lines += ["", "Social-rent re-letting rate (allocations a year per social-rent dwelling, years 1-"
                  f"{YEARS}), checked, not tuned:", ""]
        lines += [f"- {REAL_CITIES[city][0]}: model {100 * f['relet']:.1f}%; published {RELET_PUBLISHED[city]}."
                  for city, f in extras["figures"].items()]
        lines += ["", f"Class shares, year 0 → {YEARS} (mean over replications): calibrated, not a target; each "
                  "scenario's in-mover mix is the one `wijksim in-movers` found to hold them still:", ""]
        lines += [f"- {REAL_CITIES[city][0]}: two lowest classes {100 * f['low_0']:.1f}% → {100 * f['low_end']:.1f}%; "
                  f"largest change {100 * f['largest_shift'][1]:+.1f} points "
                  f"({f['largest_shift'][0].replace('_', ' ')})." for city, f in extras["figures"].items()]
    if not extras["figures"] and not extras["skipped"]:
        lines.append("Not run at this level (the reduced level leaves the real cities out to stay fast).")
    return lines
