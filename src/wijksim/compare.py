"""Comparing scenarios with a baseline under common random numbers: differences per
indicator and wijk with a 90% interval across replications, costs, and cost per unit."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats  # noqa: E402

from .config import Scenario  # noqa: E402
from .labels import label, round_sig, shown  # noqa: E402

# In order of relevance for a reader: problems, work, help, social life, the buurt, capitals, spread, cost.
COMPARED = ["escalated_share", "unresolved_share", "escalations_per_1000", "employment_rate",
            "regular_employment_rate", "benefit_share",
            "households_in_work", "take_up", "lonely_share", "trust", "liveability", "attainment",
            "bridging_share", "balance", "mean_economic", "mean_social", "mean_personal", "gini",
            "dissimilarity_class", "cost_per_household"]
PLOTTED = ["escalated_share", "employment_rate", "trust", "liveability", "bridging_share", "lonely_share"]
INTERVAL = 0.90


def interval(diffs: np.ndarray) -> tuple[float, float, float]:
    """Mean and 90% t-interval of paired differences across replications."""
    diffs = np.asarray(diffs, dtype=float)
    diffs = diffs[~np.isnan(diffs)]
    if diffs.size == 0:
        return np.nan, np.nan, np.nan
    mean = diffs.mean()
    if diffs.size < 2:
        return mean, np.nan, np.nan
    half = stats.t.ppf(0.5 + INTERVAL / 2, diffs.size - 1) * diffs.std(ddof=1) / np.sqrt(diffs.size)
    return mean, mean - half, mean + half


def _units(ind: pd.DataFrame) -> pd.DataFrame:
    return ind[ind["level"].isin(["city", "wijk"])]


def difference_table(base: pd.DataFrame, scen: pd.DataFrame) -> pd.DataFrame:
    """Per unit and indicator: baseline, scenario, and their difference with its 90% interval,
    in the last year and averaged over years 1..last (an intervention that ended early shows there)."""
    last = base["year"].max()
    key = ["replication", "unit"]
    rows = []
    base, scen = _units(base), _units(scen)
    for period, years in (("last year", [last]), ("mean over years", list(range(1, last + 1)))):
        b = base[base["year"].isin(years)].groupby(key)[COMPARED].mean()
        s = scen[scen["year"].isin(years)].groupby(key)[COMPARED].mean()
        for unit in b.index.get_level_values("unit").unique():
            bu = b.xs(unit, level="unit")
            su = s.xs(unit, level="unit").reindex(bu.index)
            for name in COMPARED:
                mean, lo, hi = interval(su[name].to_numpy() - bu[name].to_numpy())
                rows.append({"period": period, "unit": unit, "indicator": name, "baseline": bu[name].mean(),
                             "scenario": su[name].mean(), "difference": mean, "p5": lo, "p95": hi})
    return pd.DataFrame(rows)


def _yearly(ind: pd.DataFrame, unit: str) -> pd.DataFrame:
    part = ind[(ind["unit"] == unit) & (ind["year"] > 0)]
    return part.set_index(["replication", "year"]).sort_index()


def _escalations(d: pd.DataFrame) -> pd.Series:
    """Escalations over the horizon, per replication."""
    return (d["escalations_per_1000"] * d["households"] / 1000).groupby("replication").sum()


def _per_outcome(spend: float, gains: np.ndarray) -> tuple[float, float, float, float]:
    """(mean gain, its 90% interval, EUR per unit of gain). The cost per unit is given only where
    money was spent and the gain is beyond noise (its 90% interval lies above zero); never a
    figure divided by an effect that could be zero."""
    mean, lo, hi = interval(gains)
    per = spend / mean if spend > 0 and np.isfinite(lo) and lo > 0 else np.nan
    return mean, lo, hi, per


def cost_table(base: pd.DataFrame, scen: pd.DataFrame) -> pd.DataFrame:
    """Per unit: intervention cost over the horizon, outcomes gained with their 90% interval, and
    the cost per unit of outcome where it is meaningful (`_per_outcome`)."""
    rows = []
    for unit in _units(base)["unit"].unique():
        b, s = _yearly(base, unit), _yearly(scen, unit)
        spend = s["intervention_cost_eur"].groupby("replication").sum().mean()
        last = b.index.get_level_values("year").max()
        gains = {
            "escalations_avoided": (_escalations(b) - _escalations(s)).to_numpy(),
            # regular work only: a basisbaan itself is not counted as work gained
            "extra_household_years_in_work": (s["households_in_regular_work"] - b["households_in_regular_work"])
            .groupby("replication").sum().to_numpy(),
            "trust_points_last_year": 100 * (s["trust"] - b["trust"]).xs(last, level="year").to_numpy(),
        }
        row = {"unit": unit, "intervention_cost_eur": spend,
               "escalation_and_care_cost_change_eur": (s["cost_eur"] - b["cost_eur"]).groupby("replication").sum().mean()}
        for (name, gain), per in zip(gains.items(), ("eur_per_escalation_avoided", "eur_per_household_year_in_work",
                                                      "eur_per_trust_point")):
            row[name], row[f"{name}_p5"], row[f"{name}_p95"], row[per] = _per_outcome(spend, gain)
        rows.append(row)
    return pd.DataFrame(rows)


def plot_comparison(base: pd.DataFrame, scen: pd.DataFrame, scenario: Scenario, path: Path):
    """Baseline and scenario over the horizon (median, 5-95% band), with intervention periods shaded."""
    targets = sorted({w for _, spec in scenario.intervention_specs() for w in spec.wijken})
    units = ["city"] + targets
    fig, axes = plt.subplots(len(PLOTTED), len(units), figsize=(3.6 * len(units), 2.4 * len(PLOTTED)),
                             sharex=True, squeeze=False)
    for r, name in enumerate(PLOTTED):
        for c, unit in enumerate(units):
            ax = axes[r, c]
            for name_, ind, colour in (("baseline", base, "grey"), (scenario.name, scen, "tab:red")):
                g = ind[ind["unit"] == unit].groupby("year")[name]
                ax.plot(g.median().index, g.median().values, color=colour, label=name_)
                ax.fill_between(g.median().index, g.quantile(0.05), g.quantile(0.95), color=colour, alpha=0.2, lw=0)
            periods = {tuple(spec.years) for _, spec in scenario.intervention_specs()
                       if unit == "city" or unit in spec.wijken}
            for first, last in periods:  # an intervention runs from the end of year first-1 to the end of year last
                ax.axvline(first - 1, color="tab:blue", linestyle="--", linewidth=0.8)
                ax.axvline(last, color="tab:blue", linestyle=":", linewidth=0.8)
            ax.set_title(f"{unit}: {label(name)}", fontsize=8, wrap=True)
            ax.grid(alpha=0.3)
    axes[0, 0].legend(fontsize=7)
    fig.suptitle(f"{scenario.name} against the baseline, same seeds\n(median, 5-95% band; "
                 f"intervention periods from dashed to dotted lines)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def target_wijken(scenario: Scenario) -> list[str]:
    """The wijken the scenario's interventions name, in file order."""
    return list(dict.fromkeys(w for _, spec in scenario.intervention_specs() for w in spec.wijken))


def _ordered_units(table: pd.DataFrame, targets: list[str]) -> list[str]:
    """City first, then the target wijken, then the other wijken (spill-overs)."""
    units = list(dict.fromkeys(table["unit"]))
    return ["city"] + [u for u in targets if u in units] + [u for u in units if u != "city" and u not in targets]


def differences_markdown(d: pd.DataFrame, targets: list[str], title: str) -> str:
    """The difference table for reading: human labels with units, sensible rounding, the city and
    the target wijken first, the mean over the years first."""
    lines = [f"# {title}", ""]
    for period in ("mean over years", "last year"):
        for unit in _ordered_units(d, targets):
            part = d[(d["period"] == period) & (d["unit"] == unit)]
            lines += [f"## {unit}, {period}", "", "| indicator | baseline | scenario | difference (90% interval) |",
                      "|---|---:|---:|---:|"]
            for r in part.itertuples(index=False):
                diff = (f"{shown(r.indicator, r.difference, signed=True)} "
                        f"({shown(r.indicator, r.p5)} to {shown(r.indicator, r.p95)})")
                lines.append(f"| {label(r.indicator)} | {shown(r.indicator, r.baseline)} | "
                             f"{shown(r.indicator, r.scenario)} | {diff} |")
            lines.append("")
    return "\n".join(lines)


def costs_markdown(c: pd.DataFrame, targets: list[str], title: str) -> str:
    """The cost table for reading: EUR rounded to three digits, outcomes with their interval, and
    a cost per outcome only where the outcome moves beyond noise."""
    def per(value):
        return f"EUR {round_sig(value)}" if np.isfinite(value) else "–"

    def gain(r, name):
        return (f"{round_sig(getattr(r, name), signed=True)} "
                f"({round_sig(getattr(r, name + '_p5'))} to {round_sig(getattr(r, name + '_p95'))})")

    lines = [f"# {title}", "", "A cost per outcome is given only where money was spent in the unit and the outcome "
             "moved beyond noise (its 90% interval above zero); '–' otherwise.", "",
             "| unit | intervention cost | change in care and escalation cost | escalations avoided | EUR per escalation "
             "avoided | extra household-years in work | EUR per household-year | trust points, last year | EUR per trust point |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    rows = {r.unit: r for r in c.itertuples(index=False)}
    for unit in _ordered_units(c, targets):
        r = rows[unit]
        lines.append(f"| {unit} | EUR {round_sig(r.intervention_cost_eur)} | EUR {round_sig(r.escalation_and_care_cost_change_eur, signed=True)} | "
                     f"{gain(r, 'escalations_avoided')} | {per(r.eur_per_escalation_avoided)} | "
                     f"{gain(r, 'extra_household_years_in_work')} | {per(r.eur_per_household_year_in_work)} | "
                     f"{gain(r, 'trust_points_last_year')} | {per(r.eur_per_trust_point)} |")
    return "\n".join(lines) + "\n"


def _rounded(table: pd.DataFrame, digits: int = 4) -> pd.DataFrame:
    """Floats to `digits` significant digits (the CSV files analysts read)."""
    def sig(x):
        return float(f"{x:.{digits}g}") if isinstance(x, float) and np.isfinite(x) else x
    return table.apply(lambda col: col.map(sig) if col.dtype.kind == "f" else col)


def write_comparison(out: Path, base: Scenario, scenarios: list[Scenario], workers: int | None = None,
                     report_lang: str | None = None):
    """Run the baseline and each scenario with the same run settings; write tables, plots, the
    indicators and year-0 cohorts (Parquet) and the resolved scenario files; with `report_lang`
    also the report (report.html) built from them."""
    from .config import resolved_yaml
    from .results import atomic_output
    from .runner import run_replications

    base_ind, base_cohort = run_replications(base, workers=workers, cohort=True)
    with atomic_output(out) as tmp:
        (tmp / "plots").mkdir()
        (tmp / "scenarios").mkdir()
        base_ind.to_parquet(tmp / "indicators-baseline.parquet", index=False)
        base_cohort.to_parquet(tmp / "cohort-baseline.parquet", index=False)
        (tmp / "scenarios" / "baseline.resolved.yaml").write_text(resolved_yaml(base), encoding="utf-8")
        diffs, costs, text = [], [], []
        for sc in scenarios:
            ind, cohort = run_replications(sc, workers=workers, cohort=True)
            ind.to_parquet(tmp / f"indicators-{sc.name}.parquet", index=False)
            cohort.to_parquet(tmp / f"cohort-{sc.name}.parquet", index=False)
            (tmp / "scenarios" / f"{sc.name}.resolved.yaml").write_text(resolved_yaml(sc), encoding="utf-8")
            d = difference_table(base_ind, ind)
            c = cost_table(base_ind, ind)
            diffs.append(d.assign(scenario_name=sc.name))
            costs.append(c.assign(scenario_name=sc.name))
            plot_comparison(base_ind, ind, sc, tmp / "plots" / f"compare-{sc.name}.png")
            seeds = "the same seeds" if sc.run.seed == base.run.seed else f"seed {sc.run.seed} (independent)"
            targets = target_wijken(sc)
            text.append(differences_markdown(d, targets, f"{sc.name} against {base.name}: {base.run.replications} "
                                             f"replications with {seeds}; difference with its 90% interval"))
            text.append(costs_markdown(c, targets, f"{sc.name}: costs over {base.run.years} years"))
        differences = pd.concat(diffs)
        differences.insert(3, "label", differences["indicator"].map(label))
        _rounded(differences).to_csv(tmp / "differences.csv", index=False)
        _rounded(pd.concat(costs)).to_csv(tmp / "costs.csv", index=False)
        (tmp / "comparison.md").write_text("\n".join(text), encoding="utf-8")
        manifest = {"baseline": base.name, "scenarios": [sc.name for sc in scenarios], "years": base.run.years,
                    "replications": base.run.replications, "seed": base.run.seed,
                    "common_random_numbers": all(sc.run.seed == base.run.seed for sc in scenarios)}
        (tmp / "comparison.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        if report_lang:
            from .report.build import write_report

            write_report(tmp, lang=report_lang)
