"""Analysis of a stored sweep that a paper can use: which parameters drive which outcomes,
how sure that is, and whether N and the replications suffice.

    Sobol   S1 and ST with 95% bootstrap intervals (SALib), their convergence as N grows
            (the first N base samples of a Sobol design are the design of that N), and a
            warning when the intervals are too wide or the indices still move (MAX_CONF)
    Morris  mu, mu*, sigma and mu*'s 95% interval
    Spearman rank correlation with its sign and p-value, Benjamini-Hochberg adjusted over all
            outcome x factor tests (latin and full-factorial designs; with Sobol designs on
            the 2N independent base points, for the direction of an effect)
    feature scores: ema-workbench's extra-trees scoring on all successful runs
    replications: replication noise against the spread between design points, per outcome

Outcomes are averaged over replications per design point first. Settings that only concern
the analysis (the discovery questions) are read from the experiment file when it is
analysed, so editing a threshold and rerunning `sweep-analyse` uses the new one. Everything
is written to DIR/analysis/.
"""

from __future__ import annotations

import math
import os
import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import ScenarioError
from .design import identity, salib_problem
from .labels import factor_description, factor_label, outcome_label
from .spec import Experiment
from .store import RunStore

DRIVER_SHARE = 0.1  # a factor drives an outcome when its importance is at least this (Sobol ST: absolute)
MAX_CONF = 0.1      # Sobol: a 95% half-width (or a change from N/2 to N) above the driver threshold cannot
                    # tell a driver from none, so N is too small
SLACK = 0.05        # Sobol: an index beyond [0, 1] by less than this (past its interval) is not worth a caveat
NOISE_DOMINATES = 0.5  # replication noise share of the point means' variance above which no driver is named
FDR = 0.05          # Benjamini-Hochberg false discovery rate for the Spearman tests
NOISE_SHARE = 0.05  # replications suffice when replication noise is at most this share of the point means' variance
TOP = 5


# -- settings ---------------------------------------------------------------------------------
def analysis_spec(meta: dict, experiment: str | Path | None = None) -> tuple[Experiment, str | None]:
    """The stored experiment with the analysis settings (discovery) of the experiment file as
    it is now; a note when the file is gone or describes another experiment."""
    from .spec import load_experiment

    stored = Experiment.model_validate(meta["experiment"])
    path = Path(experiment or meta.get("experiment_file") or "")
    if not path.is_file():
        return stored, f"experiment file {path} not found: the discovery settings stored in experiment.json were used"
    exp = load_experiment(path)
    if identity(exp.spec, exp.identity_base, exp.outcome_columns()) != meta.get("identity"):
        return stored, (f"{path} now describes another experiment (other factors, seeds, base scenario or outcomes): "
                        "the discovery settings stored in experiment.json were used")
    return stored.model_copy(update={"discovery": exp.spec.discovery}), None


def design_caption(spec: Experiment, meta: dict, runs: pd.DataFrame) -> str:
    """One sentence for every plot: the design, N, replications, runs and horizon."""
    d, points, reps = spec.design, meta["points"], spec.replications
    design = {"sobol": f"Sobol design, N = {d.samples} ({points:,} design points)",
              "morris": f"Morris design, {d.samples} trajectories ({points:,} design points)",
              "latin": f"Latin hypercube, {points:,} design points",
              "full_factorial": f"full factorial, {points:,} design points"}[d.method]
    run = meta["base_scenario"]["run"]
    ok = int((runs["status"] == "ok").sum())
    return (f"{design} x {reps} replication{'s' if reps > 1 else ''} ({spec.seeds} seeds) = {len(runs):,} runs "
            f"({ok:,} ok) of {run['years']} years after {run['burn_in_years']} burn-in year(s); experiment "
            f"'{spec.name}'.")


# -- tables -----------------------------------------------------------------------------------
def point_means(runs: pd.DataFrame, points: int, columns: list[str]) -> pd.DataFrame:
    """Per design point (0..points-1): the mean of each outcome over its successful runs."""
    ok = runs[runs["status"] == "ok"]
    return ok.groupby("point")[columns].mean().reindex(range(points))


def _sobol_step(spec: Experiment) -> int:
    d = len(spec.factors)
    return 2 * d + 2 if spec.design.second_order else d + 2


def sobol_table(spec: Experiment, y: pd.DataFrame, n: int | None = None) -> pd.DataFrame:
    """S1, ST and their 95% bootstrap intervals per outcome column and factor, from the first
    `n` base samples (all by default)."""
    from SALib.analyze import sobol

    rows = y.iloc[:(n or spec.design.samples) * _sobol_step(spec)]
    out = []
    for column in y.columns:
        with warnings.catch_warnings():  # SALib warns on a constant outcome; its indices are NaN then
            warnings.simplefilter("ignore")
            r = sobol.analyze(salib_problem(spec), rows[column].to_numpy(), calc_second_order=spec.design.second_order,
                              conf_level=0.95, seed=spec.seed)
        for i, f in enumerate(spec.factor_names):
            out.append({"outcome": column, "factor": f, "S1": r["S1"][i], "S1_conf": r["S1_conf"][i],
                        "ST": r["ST"][i], "ST_conf": r["ST_conf"][i]})
    return pd.DataFrame(out)


def sobol_convergence(spec: Experiment, y: pd.DataFrame) -> pd.DataFrame:
    """The Sobol table at N = 4, 8, ... up to the design's N (a column N)."""
    sizes = [2 ** k for k in range(2, int(math.log2(spec.design.samples)) + 1)]
    return pd.concat([sobol_table(spec, y, n).assign(N=n) for n in sizes], ignore_index=True)


def sobol_warnings(table: pd.DataFrame, convergence: pd.DataFrame, n: int) -> dict[str, str]:
    """Per outcome column, why N is too small for its Sobol indices (empty when it is not):
    a factor whose 95% interval contains the driver threshold (it can be called neither a
    driver nor not), an ST that moved more than MAX_CONF from N/2 to N (not settled), or an
    index outside [0, 1] by more than its interval and SLACK (estimation error)."""
    out = {}
    half = convergence[convergence["N"] == n // 2].set_index(["outcome", "factor"])
    for outcome, t in table.groupby("outcome", sort=False):
        why = []
        undecided = t[(t["ST"] - t["ST_conf"] < DRIVER_SHARE) & (t["ST"] + t["ST_conf"] > DRIVER_SHARE)]
        if len(undecided):
            r = undecided.iloc[0]
            why.append(f"`{r['factor']}` ST {r['ST']:.2f} ± {r['ST_conf']:.2f} straddles {DRIVER_SHARE:g}")
        if len(half):
            moved = (t.set_index("factor")["ST"] - half.loc[outcome, "ST"]).abs().max()
            if moved > MAX_CONF:
                why.append(f"ST moved by up to {moved:.2f} from N = {n // 2} to {n}")
        if ((t["ST"] - t["ST_conf"] > 1 + SLACK) | (t["S1"] + t["S1_conf"] < -SLACK)).any():
            why.append("an index outside [0, 1]")
        if why:
            out[outcome] = f"N = {n} too small: " + "; ".join(why)
    return out


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


def independent_points(spec: Experiment, points: int) -> np.ndarray:
    """Design points that are an independent sample of the factor space: all of them, except
    for Sobol designs, whose radial rows share coordinates: there the 2N base points A and B."""
    if spec.design.method != "sobol":
        return np.arange(points)
    step = _sobol_step(spec)
    starts = np.arange(0, points, step)
    return np.sort(np.concatenate([starts, starts + step - 1]))


def correlation_table(spec: Experiment, x: pd.DataFrame, y: pd.DataFrame) -> pd.DataFrame:
    """Spearman rho, its p-value and the Benjamini-Hochberg adjusted p-value (q, over every
    outcome x factor test of the table) per outcome column and numeric factor."""
    from scipy.stats import false_discovery_control, spearmanr

    rows = []
    for column in y.columns:
        for f in spec.factor_names:
            xf = pd.to_numeric(x[f], errors="coerce") if x[f].dtype != bool else x[f].astype(float)
            keep = xf.notna() & y[column].notna()
            rho, p = (spearmanr(xf[keep], y[column][keep]) if keep.sum() > 2 and xf[keep].nunique() > 1
                      and y[column][keep].nunique() > 1 else (np.nan, np.nan))
            rows.append({"outcome": column, "factor": f, "spearman": float(rho), "p": float(p), "n": int(keep.sum())})
    table = pd.DataFrame(rows)
    tested = table["p"].notna()
    table["q"] = np.nan
    if tested.any():
        table.loc[tested, "q"] = false_discovery_control(table.loc[tested, "p"].to_numpy(), method="bh")
    return table


def critical_rho(n: int, alpha: float = 0.05) -> float:
    """The smallest |rho| with a two-sided p below alpha for n points (t approximation)."""
    from scipy.stats import t

    if n <= 3:
        return float("nan")
    tc = t.ppf(1 - alpha / 2, n - 2)
    return float(tc / math.sqrt(n - 2 + tc ** 2))


def feature_scores(runs: pd.DataFrame, factors: list[str], columns: list[str], seed: int) -> pd.DataFrame:
    """Outcome x factor matrix of ema-workbench's extra-trees feature scores (they sum to 1
    per outcome), on every successful run."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis.feature_scoring import get_ex_feature_scores
        from ema_workbench.analysis.scenario_discovery_util import RuleInductionType

        ok = runs[runs["status"] == "ok"]
        x = ok[factors].apply(pd.to_numeric, errors="coerce").astype(float)
        scores = {}
        for column in columns:
            y = ok[column].to_numpy(float)
            if np.isfinite(y).all() and np.ptp(y) > 0:
                s, _ = get_ex_feature_scores(x, y, mode=RuleInductionType.REGRESSION, random_state=seed % 2**32)
                scores[column] = s.iloc[:, 0]
    return pd.DataFrame(scores).T.reindex(columns=factors)


def replication_noise(runs: pd.DataFrame, column: str) -> tuple[float, pd.Series]:
    """The replication noise variance that does not cancel between design points, and the
    point means. It is the residual variance of outcome = point effect + replication effect
    + noise over the points with every replication: with common seeds, replication k's
    shared luck (the replication effect) moves every point's mean alike and cancels in their
    comparison; with independent seeds that effect is zero and this is the within-point
    variance."""
    table = runs[runs["status"] == "ok"].pivot_table(index="point", columns="replication", values=column)
    means = table.mean(axis=1)
    full = table.dropna()
    p, r = full.shape
    if p < 2 or r < 2:
        return float("nan"), means
    residual = full.sub(full.mean(axis=1), axis=0).sub(full.mean(axis=0), axis=1) + full.to_numpy().mean()
    return float((residual.to_numpy() ** 2).sum() / ((p - 1) * (r - 1))), means


def replication_table(runs: pd.DataFrame, columns: list[str], replications: int) -> pd.DataFrame:
    """Per outcome: the replication noise (see replication_noise), the spread between design
    points (variance of the point means less the noise they carry), the noise's share of the
    point means' variance, and the replications that bring it to NOISE_SHARE:
    R >= (1 - s) / s x noise variance / between variance."""
    rows = []
    for column in columns:
        noise_var, means = replication_noise(runs, column)
        total = float(means.var(ddof=1))
        in_means = noise_var / replications
        between = max(total - in_means, 0.0)
        share = min(in_means / total, 1.0) if total > 0 else float("nan")
        if not np.isfinite(noise_var):
            needed, verdict = float("nan"), "one replication: noise cannot be estimated"
        elif share <= NOISE_SHARE:
            needed, verdict = replications, "enough"
        elif between > 0:
            needed = math.ceil((1 - NOISE_SHARE) / NOISE_SHARE * noise_var / between)
            verdict = f"too few: about {needed} needed"
        else:
            needed, verdict = float("inf"), "noise only: the factors' effect cannot be told from the noise"
        rows.append({"outcome": column, "replication_sd": math.sqrt(noise_var) if np.isfinite(noise_var) else np.nan,
                     "between_point_sd": math.sqrt(between), "noise_share": share, "replications": replications,
                     "replications_needed": needed, "verdict": verdict})
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


# -- reports ----------------------------------------------------------------------------------
def _direction(corr: pd.DataFrame | None, outcome: str, factor: str) -> str:
    if corr is None:
        return ""
    r = corr.loc[(outcome, factor)]
    if not r["q"] < FDR:
        return ", direction unclear"
    return f", {'rises' if r['spearman'] > 0 else 'falls'} with it (rho {r['spearman']:+.2f})"


def drivers_markdown(spec: Experiment, table: pd.DataFrame, corr: pd.DataFrame | None, n_points: int,
                     notes: list[str], caveats: dict[str, str], noisy: set[str] = frozenset()) -> str:
    """Per outcome: the factors that drive it, strongest first, with interval and direction;
    none for the outcomes in `noisy`, whose variance is mostly replication noise."""
    method = spec.design.method
    c = corr.set_index(["outcome", "factor"]) if corr is not None else None
    if method == "sobol":
        rule = (f"Importance: total-order Sobol index ST (95% bootstrap interval). A factor drives an outcome when "
                f"ST >= {DRIVER_SHARE:g} and its interval excludes 0. Direction: Spearman rho on the "
                f"{2 * spec.design.samples} independent base points, when significant (Benjamini-Hochberg q < {FDR:g}).")
    elif method == "morris":
        rule = f"Importance: a factor's share of the summed Morris mu*; a driver has at least {DRIVER_SHARE:g}."
    else:
        rule = (f"Importance: Spearman rank correlation rho with its sign. A factor drives an outcome when its "
                f"Benjamini-Hochberg adjusted p-value q is below {FDR:g}.")
    lines = ["# Which parameters drive which outcomes", "", rule, f"At most {TOP} drivers are listed per outcome.", "",
             "| outcome | driven by | not a driver | caveat |", "|---|---|---|---|"]
    for outcome, t in table.groupby("outcome", sort=False):
        t = t.set_index("factor")
        if method == "sobol":
            strong = t[(t["ST"] >= DRIVER_SHARE) & (t["ST"] - t["ST_conf"] > 0)].sort_values("ST", ascending=False)
            shown = [f"`{f}` (ST {r['ST']:.2f} ± {r['ST_conf']:.2f}{_direction(c, outcome, f)})"
                     for f, r in strong.head(TOP).iterrows()]
        elif method == "morris":
            share = t["mu_star"] / t["mu_star"].sum()
            strong = share[share >= DRIVER_SHARE].sort_values(ascending=False)
            shown = [f"`{f}` ({v:.2f} of mu*, ± {t.loc[f, 'mu_star_conf'] / t['mu_star'].sum():.2f})"
                     for f, v in strong.head(TOP).items()]
        else:
            strong = t[t["q"] < FDR].reindex(t["spearman"].abs().sort_values(ascending=False).index).dropna(subset=["q"])
            strong = strong[strong["q"] < FDR]
            shown = [f"`{f}` (rho {r['spearman']:+.2f}, p {r['p']:.1g}, q {r['q']:.1g})" for f, r in strong.head(TOP).iterrows()]
        if outcome in noisy:
            shown, strong = [f"none named: replication noise dominates (the indices would be {', '.join(shown)})"], []
        rest = len(t) - min(len(strong), TOP)
        lines.append(f"| `{outcome}` | {', '.join(shown) or 'none'} | {rest} factor{'s' if rest != 1 else ''} | "
                     f"{caveats.get(outcome, '')} |")
    if corr is not None:
        tests = int(corr["p"].notna().sum())
        notes = [f"Multiple testing: {tests} Spearman tests (outcome columns x factors) on {n_points} independent "
                 f"design points. A single test at p < 0.05 needs |rho| >= {critical_rho(n_points):.2f} here; q is the "
                 f"Benjamini-Hochberg adjusted p-value, so that among the effects with q < {FDR:g} about "
                 f"{FDR:.0%} or fewer are expected to be false (correlations.csv has rho, p and q)."] + notes
    if method == "sobol":
        notes.append(f"Sample size: a Sobol outcome gets a caveat when an ST interval is wider than ±{MAX_CONF:g} or an "
                     f"ST moved more than {MAX_CONF:g} between N/2 and N (plots/convergence-*): then a factor at the "
                     f"driver threshold {DRIVER_SHARE:g} cannot be told from one without effect. Extend the sweep in "
                     "place with a larger `samples` (only the new runs run).")
    notes.append("Factors: " + "; ".join(f"`{f}`: {factor_label(f)}" + (f", {factor_description(f)}"
                                                                       if factor_description(f) else "")
                                         for f in spec.factor_names) + ".")
    lines += ["", "Notes:", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def replications_markdown(reps: pd.DataFrame, spec: Experiment) -> str:
    """The replication guidance per outcome, with the rule."""
    lines = ["# Are there enough replications?", "",
             f"Rule: the sensitivity analysis works on the mean of the {spec.replications} replication(s) of each design "
             "point. The replication noise left in those means (noise variance / R) is variance that no factor "
             "explains: it lowers every Sobol S1 and rank correlation by its share of the point means' variance. R is "
             f"enough when that share is at most {NOISE_SHARE:.0%}, so the indices are at most about {NOISE_SHARE:.0%} "
             f"too low; needed R = {(1 - NOISE_SHARE) / NOISE_SHARE:g} x noise variance / between-point variance. The "
             "noise variance is the residual of outcome = design point effect + replication effect + noise: with "
             "common seeds a replication's shared luck moves every design point alike and cancels when they are "
             "compared, so only the rest counts; with independent seeds it is the within-point variance. "
             "Between-point variance: the variance of the point means less the noise they carry.",
             "", "| outcome | replication sd | between-point sd | noise share | verdict |", "|---|---|---|---|---|"]
    for r in reps.itertuples():
        lines.append(f"| `{r.outcome}` | {r.replication_sd:.3g} | {r.between_point_sd:.3g} | {r.noise_share:.1%} | "
                     f"{r.verdict} |")
    if spec.replications < 2:
        lines += ["", "With one replication the noise cannot be told from the factors' effects: extend the sweep in "
                      "place with `replications: 2` (only the new runs run)."]
    return "\n".join(lines) + "\n"


# -- the whole analysis --------------------------------------------------------------------------
def analyse(out: str | Path, plots: bool = True, experiment: str | Path | None = None,
            box: int | None = None) -> Path:
    """Analyse the sweep in folder `out`; write DIR/analysis/ and return its path.
    `experiment`: the experiment file for the analysis settings (default: the one the sweep
    was run with); `box`: the PRIM box to report instead of the automatic choice."""
    from . import discovery

    store = RunStore(out)
    meta = store.meta()
    spec, settings_note = analysis_spec(meta, experiment)
    runs = store.load()
    method = spec.design.method
    columns = meta["outcome_columns"]
    final = Path(out) / "analysis"
    dest = Path(out) / ".analysis.tmp"  # written whole, then moved into place
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir()
    notes = [settings_note] if settings_note else []
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
    caption = design_caption(spec, meta, runs)
    years = meta["base_scenario"]["run"]["years"]
    corr, convergence, caveats = None, None, {}
    if method != "morris":
        keep = independent_points(spec, meta["points"])
        corr = correlation_table(spec, x.iloc[keep], y.iloc[keep])
        corr.to_csv(dest / "correlations.csv", index=False)
    if method == "sobol":
        table, name = sobol_table(spec, y), "sobol"
        convergence = sobol_convergence(spec, y)
        convergence.to_csv(dest / "sobol-convergence.csv", index=False)
        caveats = sobol_warnings(table, convergence, spec.design.samples)
    elif method == "morris":
        table, name = morris_table(spec, x, y), "morris"
    else:
        table, name = corr, "correlations"
    table.to_csv(dest / f"{name}.csv", index=False)
    matrix = importance(table, method)
    matrix.to_csv(dest / "drivers.csv")
    scores = feature_scores(runs, spec.factor_names, list(y.columns), spec.seed)
    scores.rename_axis("outcome").to_csv(dest / "feature-scores.csv")
    reps = replication_table(runs, list(y.columns), spec.replications)
    reps.to_csv(dest / "replications.csv", index=False)
    (dest / "replications.md").write_text(replications_markdown(reps, spec), encoding="utf-8")
    for r in reps.itertuples():
        if r.verdict != "enough" and np.isfinite(r.noise_share):
            caveats[r.outcome] = "; ".join(filter(None, [caveats.get(r.outcome), f"replication noise {r.noise_share:.0%} "
                                                         f"of the variance: {r.verdict}"]))
    few = reps[~reps["verdict"].isin(["enough", "one replication: noise cannot be estimated"])]
    if spec.replications < 2:
        notes.append("one replication per design point: the replication noise cannot be estimated (replications.md)")
    elif len(few):
        notes.append(f"replications: {len(few)} of {len(reps)} outcome columns need more than {spec.replications} "
                     f"(replications.md, caveats above): their indices are lowered by the noise, and where the "
                     "noise dominates they describe the model's randomness rather than the factors")
    n_independent = len(independent_points(spec, meta["points"]))
    noisy = set(reps.loc[reps["noise_share"] > NOISE_DOMINATES, "outcome"])
    (dest / "drivers.md").write_text(drivers_markdown(spec, table, corr, n_independent, notes, caveats, noisy),
                                     encoding="utf-8")
    bounds = {f: tuple(v.range) for f, v in spec.factors.items() if v.range is not None}
    for d in spec.discovery:
        discovery.discover(runs, spec.factor_names, d, dest, plot=plots, box=box, bounds=bounds, caption=caption)
    if plots:
        _plot(spec, table, matrix, corr, convergence, scores, runs, store.load_series(), dest / "plots", caption, years)
    elif (final / "plots").is_dir():  # --no-plots keeps the plots made before
        shutil.copytree(final / "plots", dest / "plots", dirs_exist_ok=True)
    shutil.rmtree(final, ignore_errors=True)
    os.replace(dest, final)
    return final


def _plot(spec: Experiment, table: pd.DataFrame, matrix: pd.DataFrame, corr: pd.DataFrame | None,
          convergence: pd.DataFrame | None, scores: pd.DataFrame, runs: pd.DataFrame, series: pd.DataFrame,
          dest: Path, caption: str, years: int) -> None:
    """Every plot of the analysis (city-level horizon means get a plot each)."""
    from . import plotting as p

    method = spec.design.method
    city = [o for o in table["outcome"].unique() if ".city." in o and o.endswith(".mean")]
    for outcome in city:
        t = table[table["outcome"] == outcome]
        if method == "sobol":
            p.plot_sobol(t, outcome, dest / f"sobol-{p.file_name(outcome)}", caption, years)
            if convergence["N"].nunique() > 1:
                p.plot_convergence(convergence[convergence["outcome"] == outcome], outcome,
                                   dest / f"convergence-{p.file_name(outcome)}", caption, years)
        elif method == "morris":
            p.plot_morris(t, outcome, dest / f"morris-{p.file_name(outcome)}", caption, years)
    means = [o for o in matrix.index if o.endswith(".mean")]
    label = {"sobol": "total-order Sobol index ST", "morris": "share of the summed mu*"}.get(method, "|Spearman rho|")
    p.plot_heatmap(matrix.loc[means], "Which parameters drive which outcomes", label, dest / "drivers",
                   caption + " Colour scale not clipped." + (" ST above 1 is estimation error: N too small."
                                                             if method == "sobol" else ""), years=years)
    if corr is not None:
        rho = corr.pivot(index="outcome", columns="factor", values="spearman").reindex(means)
        p.plot_heatmap(rho, "Direction of the effects (Spearman rho)", "Spearman rho", dest / "spearman",
                       caption + (" rho on the 2N independent base points." if method == "sobol" else "")
                       + " Red: the outcome rises with the factor; blue: it falls.", signed=True, years=years)
    if len(scores):
        p.plot_heatmap(scores.reindex([m for m in means if m in scores.index]), "Feature scores (extra trees)",
                       "feature score (sums to 1 per outcome)", dest / "feature-scores",
                       caption + " ema-workbench extra-trees scores on every successful run.", years=years)
    for indicator in spec.timeseries:
        if len(series):
            p.plot_series(series, runs, indicator, "city", spec.factor_names,
                          dest / f"series-{p.file_name(indicator)}-city", caption)
