"""Design points (SALib samplers or a full factorial) and the runs with their seeds.

Run r is design point r // replications, replication r % replications. Its seed is spawned
from the experiment seed with numpy's SeedSequence: child r (independent seeds) or child
`replication` (common seeds: every design point's replication k sees the same random
numbers). A child's seed depends only on the experiment seed and its index, so a design and
its seeds are the same on every machine and on every resume.
"""

from __future__ import annotations

import hashlib
import itertools
import json

import numpy as np
import pandas as pd

from .spec import Experiment


def salib_problem(spec: Experiment) -> dict:
    """The SALib problem: factor names and their ranges."""
    return {"num_vars": len(spec.factors), "names": spec.factor_names,
            "bounds": [list(f.range) for f in spec.factors.values()]}


def design_points(spec: Experiment) -> pd.DataFrame:
    """One row per design point, one column per factor (the sampled values)."""
    d, method = spec.design, spec.design.method
    if method == "full_factorial":
        axes = [f.values if f.values is not None else np.linspace(*f.range, d.levels).tolist()
                for f in spec.factors.values()]
        return pd.DataFrame(list(itertools.product(*axes)), columns=spec.factor_names)
    from SALib.sample import latin, morris, sobol

    problem = salib_problem(spec)
    if method == "sobol":
        x = sobol.sample(problem, d.samples, calc_second_order=d.second_order, scramble=True, seed=spec.seed)
    elif method == "morris":
        x = morris.sample(problem, d.samples, num_levels=d.levels, seed=spec.seed)
    else:
        x = latin.sample(problem, d.samples, seed=spec.seed)
    return pd.DataFrame(x, columns=spec.factor_names)


def run_seeds(spec: Experiment, n_runs: int) -> np.ndarray:
    """The seed of every run (63-bit integers), spawned from the experiment seed."""
    root = np.random.SeedSequence(spec.seed)
    reps = spec.replications
    children = root.spawn(reps if spec.seeds == "common" else n_runs)
    seeds = [int(c.generate_state(1, np.uint64)[0] >> np.uint64(1)) for c in children]
    if spec.seeds == "common":
        return np.array([seeds[r % reps] for r in range(n_runs)], dtype=np.int64)
    return np.array(seeds, dtype=np.int64)


def plan_runs(spec: Experiment) -> pd.DataFrame:
    """Every run: run_id, point, replication, seed and the factor values of its point."""
    points = design_points(spec)
    reps = spec.replications
    n = len(points) * reps
    runs = pd.DataFrame({"run_id": np.arange(n), "point": np.arange(n) // reps,
                         "replication": np.arange(n) % reps, "seed": run_seeds(spec, n)})
    return pd.concat([runs, points.iloc[runs["point"]].reset_index(drop=True)], axis=1)


def fingerprint(plan: pd.DataFrame, base: dict, outcome_columns: list[str]) -> str:
    """A hash of everything that decides the stored numbers: runs, seeds, factor values,
    base scenario and outcome columns. A resumed sweep must match it."""
    h = hashlib.sha256()
    h.update(pd.util.hash_pandas_object(plan, index=False).to_numpy().tobytes())
    h.update(json.dumps([list(plan.columns), base, outcome_columns], sort_keys=True, default=str).encode())
    return h.hexdigest()
