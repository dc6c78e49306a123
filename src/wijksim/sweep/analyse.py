"""Sensitivity analysis of a stored sweep: which parameters drive which outcomes.

Sobol designs give SALib's first- and total-order indices (S1, ST) with 95% confidence
intervals; Morris designs give the elementary effects (mu*, sigma) with mu*'s interval;
latin and full-factorial designs give Spearman rank correlations. Outcomes are averaged over
replications per design point first. Everything is written to DIR/analysis/.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd

from ..config import ScenarioError
from .design import salib_problem
from .spec import Experiment
from .store import RunStore

DRIVER_SHARE = 0.1  # a factor "drives" an outcome when its importance is at least this share of the total (Sobol ST: absolute)
TOP = 5


def point_means(runs: pd.DataFrame, points: int, columns: list[str]) -> pd.DataFrame:
    """Per design point (0..points-1): the mean of each outcome over its successful runs."""
    ok = runs[runs["status"] == "ok"]
    return ok.groupby("point")[columns].mean().reindex(range(points))


def sobol_table(spec: Experiment, y: pd.DataFrame) -> pd.DataFrame:
    """S1, ST and their 95% confidence intervals per outcome column and factor."""
    from SALib.analyze import sobol

    rows = []
    for column in y.columns:
        r = sobol.analyze(salib_problem(spec), y[column].to_numpy(), calc_second_order=spec.design.second_order,
                          conf_level=0.95, seed=spec.seed)
        for i, f in enumerate(spec.factor_names):
            rows.append({"outcome": column, "factor": f, "S1": r["S1"][i], "S1_conf": r["S1_conf"][i],
                         "ST": r["ST"][i], "ST_conf": r["ST_conf"][i]})
    return pd.DataFrame(rows)


def morris_table(spec: Experiment, x: pd.DataFrame, y: pd.DataFrame) -> pd.DataFrame:
    """mu, mu*, sigma and mu*'s 95% confidence interval per outcome column and factor."""
    from SALib.analyze import morris

    rows = []
    for column in y.columns:
        r = morris.analyze(salib_problem(spec), x.to_numpy(float), y[column].to_numpy(), conf_level=0.95,
                           num_levels=spec.design.levels, seed=spec.seed)
        for i, f in enumerate(spec.factor_names):
            rows.append({"outcome": column, "factor": f, "mu": r["mu"][i], "mu_star": r["mu_star"][i],
                         "sigma": r["sigma"][i], "mu_star_conf": r["mu_star_conf"][i]})
    return pd.DataFrame(rows)


def correlation_table(spec: Experiment, x: pd.DataFrame, y: pd.DataFrame) -> pd.DataFrame:
    """Spearman rank correlation of each outcome column with each numeric factor."""
    rows = []
    for column in y.columns:
        for f in spec.factor_names:
            xf = pd.to_numeric(x[f], errors="coerce") if x[f].dtype != bool else x[f].astype(float)
            rho = xf.corr(y[column], method="spearman") if xf.nunique() > 1 else float("nan")
            rows.append({"outcome": column, "factor": f, "spearman": rho})
    return pd.DataFrame(rows)


def importance(table: pd.DataFrame, method: str) -> pd.DataFrame:
    """Outcome x factor matrix of importance: Sobol ST; Morris mu* as a share of the outcome's
    summed mu*; otherwise |Spearman rho|."""
    if method == "sobol":
        value = table["ST"]
    elif method == "morris":
        value = table["mu_star"] / table.groupby("outcome")["mu_star"].transform("sum")
    else:
        value = table["spearman"].abs()
    return table.assign(importance=value).pivot(index="outcome", columns="factor", values="importance")


def drivers_markdown(matrix: pd.DataFrame, method: str, notes: list[str], conf: pd.DataFrame | None = None) -> str:
    """Per outcome: the factors that drive it, strongest first (with the 95% interval's
    half-width when `conf` is given)."""
    measure = {"sobol": "total-order Sobol index ST", "morris": "share of the summed Morris mu*"}.get(
        method, "absolute Spearman rank correlation")
    lines = ["# Which parameters drive which outcomes", "",
             f"Importance: {measure}. A factor drives an outcome when its importance is at least "
             f"{DRIVER_SHARE:g}; at most {TOP} are listed per outcome, strongest first.", "",
             "| outcome | driven by | weaker or none |", "|---|---|---|"]
    for outcome, row in matrix.iterrows():
        ranked = row.dropna().sort_values(ascending=False)
        strong = ranked[ranked >= DRIVER_SHARE]
        shown = ", ".join(f"`{f}` ({v:.2f}" + (f" ± {conf.loc[outcome, f]:.2f})" if conf is not None else ")")
                          for f, v in strong.head(TOP).items()) or "none"
        rest = len(ranked) - min(len(strong), TOP)
        lines.append(f"| `{outcome}` | {shown} | {rest} factor{'s' if rest != 1 else ''} |")
    if notes:
        lines += ["", "Notes:", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def analyse(out: str | Path, plots: bool = True) -> Path:
    """Analyse the sweep in folder `out`; write DIR/analysis/ and return its path."""
    from . import discovery, plotting

    store = RunStore(out)
    meta = store.meta()
    spec = Experiment.model_validate(meta["experiment"])
    runs = store.load()
    method = spec.design.method
    columns = meta["outcome_columns"]
    final = Path(out) / "analysis"
    dest = Path(out) / ".analysis.tmp"  # written whole, then moved into place
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir()
    notes = []
    missing = meta["runs"] - len(runs)
    if missing and method in ("sobol", "morris"):
        raise ScenarioError(f"{out}: {missing} of {meta['runs']} runs are not stored yet; a {method} analysis needs "
                            "them all: rerun the same `wijksim sweep` command to finish the sweep")
    failed = int((runs["status"] != "ok").sum())
    if failed:
        notes.append(f"{failed} of {len(runs)} runs failed (see the error column of the runs); "
                     "design points without a successful run are left out")
    y = point_means(runs, meta["points"], columns)
    x = runs.drop_duplicates("point").set_index("point").reindex(range(meta["points"]))[spec.factor_names]
    if method in ("sobol", "morris"):
        complete = [c for c in columns if y[c].notna().all()]
        dropped = [c for c in columns if c not in complete]
        if dropped:
            notes.append(f"{method} needs every design point: left out {len(dropped)} outcome column(s) with a "
                         f"design point without a value, e.g. {dropped[0]}")
        y = y[complete]
    if y.shape[1] == 0:
        raise ScenarioError(f"{out}: no outcome has a value at every design point; nothing to analyse")
    if method == "sobol":
        table, name = sobol_table(spec, y), "sobol"
    elif method == "morris":
        table, name = morris_table(spec, x, y), "morris"
    else:
        table, name = correlation_table(spec, x, y), "correlations"
    table.to_csv(dest / f"{name}.csv", index=False)
    matrix = importance(table, method)
    matrix.to_csv(dest / "drivers.csv")
    if spec.seeds == "independent" and spec.replications == 1:
        notes.append("one replication per design point with independent seeds: the indices include the model's "
                     "own randomness; use more replications or seeds: common to separate it")
    conf = table.pivot(index="outcome", columns="factor", values="ST_conf") if method == "sobol" else None
    (dest / "drivers.md").write_text(drivers_markdown(matrix, method, notes, conf), encoding="utf-8")
    for d in spec.discovery:
        discovery.discover(runs, spec.factor_names, d, dest, plot=plots)
    if plots:
        plotting.plot_analysis(table, matrix, method, dest / "plots")
    shutil.rmtree(final, ignore_errors=True)
    os.replace(dest, final)
    return final
