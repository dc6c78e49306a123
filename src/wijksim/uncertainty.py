"""`wijksim compare --uncertainty posterior|ranges`: differences with the parameter uncertainty
in them. Each replication r gets its own parameter draw (the calibrated parameters from the
posterior sample, the still-assumed influential ones from their plausible range), and the
baseline and every scenario run replication r with the same draw and the same seed (paired).
Reported per unit and indicator (mean over years 1..N): the difference with its 90% interval
from noise alone (default parameters, same seeds), the 5-95% range of the paired differences
across draws, and the share of draws in which the scenario is better."""

from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from .config import Scenario, ScenarioError
from .labels import LABELS

# compare (scipy.stats, matplotlib), paramdoc, runner and sweep are imported where used, so that
# the command line starts fast (cli.py imports this module for its arguments).

ROOT = Path(__file__).resolve().parents[2]
INFLUENTIAL = ROOT / "experiments" / "uncertainty" / "influential.yaml"
POSTERIOR = ROOT / "data" / "calibration" / "posterior.csv"
MODES = ("posterior", "ranges")
DRAWS = 20
# +1: more is better, -1: less is better, from the indicator labels (indicators without a direction get no share)
BETTER = {name: label.better for name, label in LABELS.items() if label.better}
SHOWN = ["escalated_share", "regular_employment_rate", "take_up", "liveability"]
COSTS = ["intervention_cost_eur", "escalations_avoided", "eur_per_escalation_avoided",
         "extra_household_years_in_work", "eur_per_household_year_in_work"]


def add_arguments(parser) -> None:
    parser.add_argument("--uncertainty", choices=MODES, help="give each replication its own parameter draw "
                        "(posterior: calibrated parameters from the posterior sample and assumed ones from their "
                        "range; ranges: the assumed ones only), paired between baseline and scenarios")
    parser.add_argument("--draws", type=int, default=DRAWS, help=f"parameter draws with --uncertainty (default {DRAWS})")
    parser.add_argument("--posterior", default=str(POSTERIOR), help="posterior sample (default: data/calibration/"
                        "posterior.csv, made by wijksim calibrate)")


def ranges(path: Path = INFLUENTIAL) -> dict[str, tuple[float, float]]:
    """The influential assumed parameters and their [low, high] (documented range unless given)."""
    from .paramdoc import parameter_rows
    from .sweep.spec import read_yaml_tree

    listed = read_yaml_tree(path).get("parameters") or {}
    documented = {row.name: row.range for row in parameter_rows()}
    out = {}
    for name, given in listed.items():
        r = given or documented.get(name)
        if not (isinstance(r, (list, tuple)) and len(r) == 2):
            raise ScenarioError(f"{path}: {name}: no numeric plausible range documented; give [low, high]")
        out[name] = (float(r[0]), float(r[1]))
    return out


def parameter_draws(mode: str, n: int, seed: int, posterior: str | Path = POSTERIOR) -> pd.DataFrame:
    """n parameter draws (one row each, dotted names as columns), reproducible from `seed`."""
    rng = np.random.default_rng([seed, 14])
    draws = pd.DataFrame({name: rng.uniform(low, high, n) for name, (low, high) in ranges().items()})
    if mode == "posterior":
        path = Path(posterior)
        if not path.is_file():
            raise ScenarioError(f"{path}: no posterior sample; make it with `wijksim calibrate "
                                "experiments/calibration/default.yaml` (docs/calibration.md) or use --uncertainty ranges")
        sample = pd.read_csv(path)
        weights = sample.pop("weight").to_numpy(float)
        sample = sample.drop(columns=["distance"], errors="ignore")
        rows = sample.iloc[rng.choice(len(sample), n, p=weights / weights.sum())].reset_index(drop=True)
        draws = pd.concat([draws.drop(columns=[c for c in rows.columns if c in draws]), rows], axis=1)
    return draws


def with_draw(sc: Scenario, draw: dict) -> dict:
    """The scenario's data with the draw's parameter values set."""
    from .sweep.paths import PathError, set_path

    data = sc.model_dump(mode="json")
    for name, value in draw.items():
        try:
            set_path(data, name, float(value))
        except PathError as exc:
            raise ScenarioError(f"{name}: {exc}") from None
    return data


def run_all(jobs: list[tuple[dict, int]], workers: int | None) -> list[pd.DataFrame]:
    """Each (scenario data, replication) job's indicators, in spawn processes, in job order."""
    from .runner import _init_worker, _worker

    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    ctx = mp.get_context("spawn")
    threads = max(1, (os.cpu_count() or 1) // workers)
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(threads, None)) as pool:
        return list(pool.map(partial(_worker, cohort=False), *zip(*jobs)))


def per_replication(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Mean over years 1..N per replication (index) x (unit, indicator) (columns)."""
    from .compare import COMPARED

    rows = {}
    for r, ind in enumerate(frames):
        part = ind[ind["level"].isin(["city", "wijk"]) & (ind["year"] >= 1)]
        rows[r] = part.groupby("unit")[COMPARED].mean().stack()
    return pd.DataFrame(rows).T


def costs(base: list[pd.DataFrame], scen: list[pd.DataFrame]) -> pd.DataFrame:
    """cost_table per replication pair: replication x (unit, cost column)."""
    from .compare import cost_table

    rows = {}
    for r, (b, s) in enumerate(zip(base, scen)):
        t = cost_table(b, s).set_index("unit")
        # one pair has no interval, so the cost per outcome is taken wherever the outcome gained
        for gain, per in (("escalations_avoided", "eur_per_escalation_avoided"),
                          ("extra_household_years_in_work", "eur_per_household_year_in_work")):
            spent = (t["intervention_cost_eur"] > 0) & (t[gain] > 0)
            t[per] = (t["intervention_cost_eur"] / t[gain]).where(spent)
        rows[r] = t[COSTS].stack()
    return pd.DataFrame(rows).T


def summarise(noise: pd.DataFrame, draws: pd.DataFrame, better: dict[str, int]) -> pd.DataFrame:
    """Per (unit, measure): noise-only mean and 90% interval, parameter-uncertainty mean and 5-95%
    range across draws, share of draws better."""
    from .compare import interval

    rows = []
    for unit, name in noise.columns:
        n, d = noise[(unit, name)].to_numpy(float), draws[(unit, name)].to_numpy(float)
        mean, lo, hi = interval(n)
        finite = d[np.isfinite(d)]
        sign = better.get(name)
        rows.append({"unit": unit, "indicator": name, "noise_difference": mean, "noise_p5": lo, "noise_p95": hi,
                     "draws_difference": finite.mean() if finite.size else np.nan,
                     "draws_p5": np.quantile(finite, 0.05) if finite.size else np.nan,
                     "draws_p95": np.quantile(finite, 0.95) if finite.size else np.nan,
                     "share_better": float((sign * finite > 0).mean()) if sign and finite.size else np.nan,
                     "draws": int(finite.size)})
    return pd.DataFrame(rows)


def compare_with_uncertainty(base: Scenario, scenarios: list[Scenario], mode: str, n: int,
                             posterior: str | Path, workers: int | None) -> dict[str, pd.DataFrame]:
    """Per scenario name: the summary table of indicators and costs."""
    draws = parameter_draws(mode, n, base.run.seed, posterior)
    everyone = [base, *scenarios]
    noise_jobs = [(sc.model_dump(mode="json"), r) for sc in everyone for r in range(n)]
    draw_jobs = [(with_draw(sc, draws.iloc[r].to_dict()), r) for sc in everyone for r in range(n)]
    results = run_all(noise_jobs + draw_jobs, workers)
    noise = [results[k * n:(k + 1) * n] for k in range(len(everyone))]
    drawn = [results[(len(everyone) + k) * n:(len(everyone) + k + 1) * n] for k in range(len(everyone))]
    out = {"_draws": draws}
    b_noise, b_draw = per_replication(noise[0]), per_replication(drawn[0])
    for k, sc in enumerate(scenarios, start=1):
        table = summarise(per_replication(noise[k]) - b_noise, per_replication(drawn[k]) - b_draw, BETTER)
        cost = summarise(costs(noise[0], noise[k]), costs(drawn[0], drawn[k]),
                         {"escalations_avoided": 1, "extra_household_years_in_work": 1})
        out[sc.name] = pd.concat([table, cost], ignore_index=True)
    return out


def command(args, out: Path, base: Scenario, scenarios: list[Scenario]) -> int:
    """`wijksim compare ... --uncertainty MODE`: run, write, print where."""
    from . import uncertainty_report

    if args.draws < 2:
        raise ScenarioError(f"--draws {args.draws}: give at least 2 draws")
    results = compare_with_uncertainty(base, scenarios, args.uncertainty, args.draws, args.posterior, args.workers)
    uncertainty_report.write(out, base, results, args.uncertainty, args.draws)
    print(f"wrote {out}/ (uncertainty.md, uncertainty.csv, draws.csv, plots/)")
    return 0
