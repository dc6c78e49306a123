"""Comparing scenarios with a baseline under common random numbers: differences per
indicator and wijk with a 90% interval across replications, costs, and cost per unit."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats  # noqa: E402

from .config import Scenario  # noqa: E402

COMPARED = ["balance", "unresolved_share", "escalated_share", "escalations_per_1000", "employment_rate",
            "households_in_work", "benefit_share", "gini", "dissimilarity_class", "bridging_share",
            "lonely_share", "trust", "take_up", "attainment", "liveability", "mean_economic",
            "mean_social", "mean_personal", "cost_per_household"]
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


def _per_eur(total: float, gain: float) -> float:
    return total / gain if gain > 0 else np.nan


def cost_table(base: pd.DataFrame, scen: pd.DataFrame) -> pd.DataFrame:
    """Per unit: intervention cost over the horizon and cost per unit of outcome (means across replications)."""
    rows = []
    for unit in _units(base)["unit"].unique():
        b, s = _yearly(base, unit), _yearly(scen, unit)
        spend = s["intervention_cost_eur"].groupby("replication").sum().mean()
        avoided = (_escalations(b) - _escalations(s)).mean()
        # regular work only: a basisbaan itself is not counted as work gained
        work = (s["households_in_regular_work"] - b["households_in_regular_work"]).groupby("replication").sum().mean()
        last = b.index.get_level_values("year").max()
        trust = 100 * (s["trust"] - b["trust"]).xs(last, level="year").mean()
        rows.append({
            "unit": unit, "intervention_cost_eur": spend,
            "escalation_and_care_cost_change_eur": (s["cost_eur"] - b["cost_eur"]).groupby("replication").sum().mean(),
            "escalations_avoided": avoided, "eur_per_escalation_avoided": _per_eur(spend, avoided),
            "extra_household_years_in_work": work, "eur_per_household_year_in_work": _per_eur(spend, work),
            "trust_points_last_year": trust, "eur_per_trust_point": _per_eur(spend, trust),
        })
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
            for label, ind, colour in (("baseline", base, "grey"), (scenario.name, scen, "tab:red")):
                g = ind[ind["unit"] == unit].groupby("year")[name]
                ax.plot(g.median().index, g.median().values, color=colour, label=label)
                ax.fill_between(g.median().index, g.quantile(0.05), g.quantile(0.95), color=colour, alpha=0.2, lw=0)
            periods = {tuple(spec.years) for _, spec in scenario.intervention_specs()
                       if unit == "city" or unit in spec.wijken}
            for first, last in periods:  # an intervention runs from the end of year first-1 to the end of year last
                ax.axvline(first - 1, color="tab:blue", linestyle="--", linewidth=0.8)
                ax.axvline(last, color="tab:blue", linestyle=":", linewidth=0.8)
            ax.set_title(f"{unit}: {name}", fontsize=8)
            ax.grid(alpha=0.3)
    axes[0, 0].legend(fontsize=7)
    fig.suptitle(f"{scenario.name} against the baseline, same seeds\n(median, 5-95% band; "
                 f"intervention periods from dashed to dotted lines)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def write_comparison(out: Path, base: Scenario, scenarios: list[Scenario], workers: int | None = None):
    """Run the baseline and each scenario with the same run settings; write tables and plots."""
    from .results import atomic_output, to_markdown
    from .runner import run_replications

    base_ind = run_replications(base, workers=workers)
    with atomic_output(out) as tmp:
        (tmp / "plots").mkdir()
        base_ind.to_parquet(tmp / "indicators-baseline.parquet", index=False)
        diffs, costs, text = [], [], []
        for sc in scenarios:
            ind = run_replications(sc, workers=workers)
            ind.to_parquet(tmp / f"indicators-{sc.name}.parquet", index=False)
            d = difference_table(base_ind, ind).assign(scenario_name=sc.name)
            c = cost_table(base_ind, ind).assign(scenario_name=sc.name)
            diffs.append(d)
            costs.append(c)
            plot_comparison(base_ind, ind, sc, tmp / "plots" / f"compare-{sc.name}.png")
            seeds = "the same seeds" if sc.run.seed == base.run.seed else f"seed {sc.run.seed} (independent)"
            text.append(to_markdown(d.drop(columns="scenario_name"),
                                    f"{sc.name} vs {base.name}: year {base.run.years}, {base.run.replications} "
                                    f"replications with {seeds}; difference with its 90% interval"))
            text.append(to_markdown(c.drop(columns="scenario_name"), f"{sc.name}: costs over {base.run.years} years"))
        pd.concat(diffs).to_csv(tmp / "differences.csv", index=False)
        pd.concat(costs).to_csv(tmp / "costs.csv", index=False)
        (tmp / "comparison.md").write_text("\n".join(text), encoding="utf-8")
