"""Running a sweep's runs as Dask tasks and storing each as it finishes.

The Dask client is a LocalCluster on this machine by default (one single-threaded worker
process per core), an existing scheduler (`--scheduler tcp://host:8786`), or a SLURM cluster
through dask-jobqueue (`--slurm cluster.yaml`). Dask schedules, retries the tasks of a worker
that dies (up to `distributed.scheduler.allowed-failures` times), and streams results back;
this module only keeps a window of tasks submitted and writes each result.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field
from tqdm import tqdm

from ..config import ScenarioError
from .design import fingerprint, plan_runs
from .runone import run_one
from .spec import LoadedExperiment, located_error, read_yaml_tree, validate_file
from .store import RunStore, run_schema


class SlurmConfig(BaseModel):
    """A SLURM cluster for dask-jobqueue: `cluster:` are SLURMCluster's keyword arguments
    (cores, memory, walltime, queue, account, job_extra_directives, ...); then either a fixed
    number of `jobs` or `adapt: {minimum_jobs, maximum_jobs}`."""

    model_config = ConfigDict(extra="forbid")
    cluster: dict[str, Any] = Field(default_factory=dict)
    jobs: int | None = Field(None, ge=1)
    adapt: dict[str, int] | None = None


def load_slurm_config(path: str | Path) -> SlurmConfig:
    """Read a SLURM cluster file; ExperimentError with file:line on a mistake."""
    path = Path(path)
    conf, tree = validate_file(SlurmConfig, path)
    if (conf.jobs is None) == (conf.adapt is None):
        raise located_error(path, tree, (), "give either jobs: N or adapt: {minimum_jobs: ..., maximum_jobs: ...}")
    return conf


@contextlib.contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None,
                slurm: str | Path | None = None) -> Iterator[Any]:
    """A dask.distributed Client: on a scheduler, on SLURM, or on a new LocalCluster."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except (OSError, ValueError) as exc:  # unreachable (TimeoutError is an OSError) or not an address
            raise ScenarioError(f"cannot connect to the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            yield client
        return
    if slurm:
        from dask_jobqueue import SLURMCluster

        conf = load_slurm_config(slurm)
        try:
            cluster = SLURMCluster(**conf.cluster)
        except (TypeError, ValueError) as exc:  # an unknown or invalid SLURMCluster argument
            first = str(exc).splitlines()[0].split(". Very likely")[0]
            key = re.search(r"argument '(\w+)'", first)
            loc = ("cluster", key.group(1)) if key and key.group(1) in conf.cluster else ("cluster",)
            raise located_error(Path(slurm), read_yaml_tree(Path(slurm)), loc, first) from None
        with cluster:
            if conf.jobs:
                cluster.scale(jobs=conf.jobs)
            else:
                cluster.adapt(**conf.adapt)
            with Client(cluster) as client:
                yield client
        return
    with LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                      dashboard_address=":0", silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def prepare(exp: LoadedExperiment) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The run plan and the experiment's metadata (stored as experiment.json)."""
    plan = plan_runs(exp.spec)
    columns = exp.outcome_columns()
    meta = {"experiment": exp.spec.model_dump(mode="json"), "experiment_file": exp.path,
            "fingerprint": fingerprint(plan, exp.base, columns), "runs": len(plan), "points": exp.spec.points,
            "factors": exp.spec.factor_names, "outcome_columns": columns, "base_scenario": exp.base}
    return plan, meta


def _failed_row(run: dict[str, Any], error: str) -> dict[str, Any]:
    return dict(run, status="failed", error=error, worker=None, seconds=float("nan"))


def run_sweep(exp: LoadedExperiment, out: str | Path, client: Any, show_progress: bool = True,
              on_stored: Callable[[int], None] | None = None) -> dict[str, int]:
    """Run every run of the experiment not yet stored in `out` and store each as it finishes.
    Returns counts: runs, skipped (already stored), ok, failed."""
    from distributed import KilledWorker, as_completed

    plan, meta = prepare(exp)
    store = RunStore(out)
    store.open(meta)
    stored = store.stored_ids()
    todo = plan[~plan["run_id"].isin(stored)]
    factors = exp.spec.factor_names
    schema = run_schema(plan, factors, meta["outcome_columns"])
    session = store.start_session({"to_run": len(todo), "already_stored": len(stored),
                                   "scheduler": client.scheduler.address})
    counts = {"runs": len(plan), "skipped": len(plan) - len(todo), "ok": 0, "failed": 0}
    tasks = iter(todo.to_dict("records"))
    desc = f"sweep {exp.spec.name}" + (f" ({len(stored)} of {len(plan)} runs already stored)" if stored else "")
    bar = tqdm(total=len(todo), unit="run", desc=desc, disable=not show_progress, dynamic_ncols=True)
    bar.set_postfix(failed=0, remaining=len(todo))
    pending = as_completed()
    submitted: dict[str, tuple[Any, dict[str, Any]]] = {}  # future key -> (future, run)

    def top_up() -> None:
        window = max(64, 4 * sum(client.nthreads().values()))
        while pending.count() < window:
            run = next(tasks, None)
            if run is None:
                return
            future = client.submit(run_one, exp.base, run, factors, exp.spec.outcomes, meta["outcome_columns"],
                                   pure=False)
            submitted[future.key] = (future, run)
            pending.add(future)

    try:
        top_up()
        for future in pending:
            _, run = submitted.pop(future.key)
            try:
                row = future.result()
            except KilledWorker as exc:  # the run killed `allowed-failures` workers in turn: a result too
                row = _failed_row(run, f"KilledWorker: {exc}")
            future.release()
            row["session"] = session
            store.write(row, schema)
            counts["ok" if row["status"] == "ok" else "failed"] += 1
            bar.set_postfix(failed=counts["failed"], remaining=bar.total - bar.n - 1, refresh=False)
            bar.update(1)
            if on_stored:
                on_stored(int(row["run_id"]))
            top_up()
    finally:
        bar.close()
        if submitted:  # interrupted: the runs not stored are run again on resume
            client.cancel([future for future, _ in submitted.values()])
    return counts


def sweep(experiment: str | Path, out: str | Path, workers: int | None = None, scheduler: str | None = None,
          slurm: str | Path | None = None, show_progress: bool = True) -> dict[str, int]:
    """Load an experiment and run it on a Dask cluster (a LocalCluster unless told otherwise)."""
    from .spec import load_experiment

    exp = load_experiment(experiment)
    if sum(x is not None for x in (workers, scheduler, slurm)) > 1:
        raise ScenarioError("give at most one of --workers, --scheduler and --slurm")
    with dask_client(workers, scheduler, slurm) as client:
        return run_sweep(exp, out, client, show_progress)

