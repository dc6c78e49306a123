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


def run_seeds(spec: Experiment, points: np.ndarray, replications: np.ndarray) -> np.ndarray:
    """The seed of each run (63-bit integers): numpy's SeedSequence of the experiment seed with
    spawn key (point, replication) (independent seeds) or (replication,) (common seeds)."""
    def seed(key: tuple[int, ...]) -> int:
        child = np.random.SeedSequence(spec.seed, spawn_key=key)
        return int(child.generate_state(1, np.uint64)[0] >> np.uint64(1))

    if spec.seeds == "common":
        by_rep = [seed((r,)) for r in range(spec.replications)]
        return np.array([by_rep[r] for r in replications], dtype=np.int64)
    return np.array([seed((int(p), int(r))) for p, r in zip(points, replications)], dtype=np.int64)


def plan_runs(spec: Experiment) -> pd.DataFrame:
    """Every run: run_id, point, replication, seed and the factor values of its point."""
    points = design_points(spec)
    reps = spec.replications
    n = len(points) * reps
    point, rep = np.arange(n) // reps, np.arange(n) % reps
    runs = pd.DataFrame({"run_id": np.arange(n), "point": point, "replication": rep,
                         "seed": run_seeds(spec, point, rep)})
    return pd.concat([runs, points.iloc[runs["point"]].reset_index(drop=True)], axis=1)


def identity(spec: Experiment, base: dict, outcome_columns: list[str]) -> str:
    """A hash of everything that decides a stored run's numbers except how many samples and
    replications there are: factors, design method, seeds, base scenario, outcomes, time
    series. Two experiments with the same identity can share a folder when one's design
    extends the other's (see :func:`extends`)."""
    data = spec.model_dump(mode="json", include={"seed", "seeds", "factors", "outcomes", "areas", "timeseries"})
    data["design"] = spec.design.model_dump(mode="json", exclude={"samples"})
    return hashlib.sha256(json.dumps([data, base, outcome_columns], sort_keys=True, default=str).encode()).hexdigest()


def extends(old: Experiment, new: Experiment) -> str | None:
    """None when `new`'s runs include all of `old`'s (the same design points first, at least
    as many replications); otherwise why not, in words."""
    if new.replications < old.replications or new.points < old.points:
        return (f"it holds {old.points} design points x {old.replications} replications and this experiment asks "
                f"for {new.points} x {new.replications}: a folder can grow, not shrink")
    if new.points > old.points:
        first = design_points(new).iloc[:old.points].reset_index(drop=True)
        if not first.equals(design_points(old)):
            return (f"the {new.design.method} design with {new.design.samples} samples does not start with the "
                    f"{old.design.samples} samples stored: this design is not nested (sobol and morris designs are)")
    return None
