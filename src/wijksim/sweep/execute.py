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
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import CancelledError
from pathlib import Path
from typing import Any, Callable

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field
from tqdm import tqdm

from ..config import ScenarioError
from .design import identity, plan_runs
from .runone import check_worker, run_one
from .spec import LoadedExperiment, located_error, read_yaml_tree, validate_file
from .store import RunStore, run_schema
from .version import code_version, version_label

WAIT_FOR_WORKERS = 45.0  # s: default of --wait-for-workers: a cluster without workers stops within a minute
WAIT_FOR_SLURM = 1800.0  # s: with --slurm the workers are batch jobs that may wait in the queue
PREFLIGHT_SECONDS = 60.0  # s: a worker's time to build the base city and run one month (cold numba cache: 25 s here)


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


def slurm_cluster(path: str | Path) -> Any:
    """A dask-jobqueue SLURMCluster from a cluster file (no jobs started yet). Its job script
    runs `python` as found after the `job_script_prologue` (which activates the environment),
    not this client's interpreter, unless the file sets `python:` itself."""
    from dask_jobqueue import SLURMCluster

    conf = load_slurm_config(path)
    kwargs = dict(conf.cluster)
    if kwargs.get("job_script_prologue") and "python" not in kwargs:
        kwargs["python"] = "python"
    try:
        return SLURMCluster(**kwargs)
    except (TypeError, ValueError) as exc:  # an unknown or invalid SLURMCluster argument
        first = str(exc).splitlines()[0].split(". Very likely")[0]
        key = re.search(r"argument '(\w+)'", first)
        loc = ("cluster", key.group(1)) if key and key.group(1) in conf.cluster else ("cluster",)
        raise located_error(Path(path), read_yaml_tree(Path(path)), loc, first) from None


@contextlib.contextmanager
def quiet_dask() -> Iterator[None]:
    """Dask's own log lines (worker tracebacks at shutdown, failed sbatch calls, lost
    connections) off while the sweep runs: the sweep reports problems in one line itself."""
    import distributed  # noqa: F401 - its import configures its loggers; set them after that

    roots = ("distributed", "dask_jobqueue", "tornado", "asyncio")
    names = [n for n in list(logging.root.manager.loggerDict) if n.split(".")[0] in roots] + list(roots)
    levels = {n: logging.getLogger(n).level for n in names}  # sub-loggers too: some have their own level
    for n in names:
        logging.getLogger(n).setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for n, level in levels.items():
            logging.getLogger(n).setLevel(level)


@contextlib.contextmanager
def _children_ignore_sigint() -> Iterator[None]:
    """Worker processes started in this block ignore SIGINT (the ignore survives exec), so a
    Ctrl-C reaches only the client, which stops the sweep with one line; the workers are then
    closed with the cluster instead of each printing its own traceback."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


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
        conf = load_slurm_config(slurm)
        cluster = slurm_cluster(slurm)
        with cluster:
            if shutil.which("sbatch") is None:
                raise ScenarioError(f"--slurm {slurm}: no `sbatch` command on this machine; run `wijksim sweep` on "
                                    "the cluster's login node (or start workers yourself and use --scheduler)")
            if conf.jobs:
                cluster.scale(jobs=conf.jobs)
            else:
                cluster.adapt(**conf.adapt)
            with Client(cluster) as client:
                yield client
        return
    with _children_ignore_sigint():
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.CRITICAL)
    with cluster, Client(cluster) as client:
        yield client


def preflight(client: Any, exp: LoadedExperiment, wait_for_workers: float) -> dict[str, str]:
    """Wait up to `wait_for_workers` seconds for a worker, then run one month of the base
    scenario on it (:func:`runone.check_worker`); returns the worker's code version.
    ScenarioError with one line when no worker comes or the worker cannot run wijksim."""
    from distributed import KilledWorker

    address = client.scheduler.address
    deadline = time.monotonic() + wait_for_workers
    while not client.nthreads():
        if time.monotonic() > deadline:
            raise ScenarioError(f"no Dask worker connected to the scheduler at {address} within {wait_for_workers:g} s "
                                "(--wait-for-workers): start workers that can import wijksim, or wait longer")
        time.sleep(0.25)
    # first the import, as a builtin call: a task that names a wijksim function cannot even be
    # unpacked by a worker without wijksim (its connection breaks and the task waits forever)
    futures = [client.submit(exec, "import wijksim.sweep.runone", {}, pure=False)]
    limit = max(deadline - time.monotonic(), 0) + PREFLIGHT_SECONDS
    try:
        futures[0].result(timeout=limit)
        futures.append(client.submit(check_worker, exp.base, pure=False))
        return futures[1].result(timeout=limit)
    except TimeoutError:
        raise ScenarioError(f"no Dask worker ran the preflight (one month of the base scenario) within {limit:.0f} s; "
                            "are the workers busy or stuck? (--wait-for-workers)") from None
    except KilledWorker:
        raise ScenarioError("the preflight (one month of the base scenario) killed its Dask worker "
                            f"{client.scheduler.address}: out of memory?") from None
    except Exception as exc:  # whatever the worker cannot do: import wijksim, build the city, ...
        text = str(exc).strip().splitlines()
        raise ScenarioError(f"a Dask worker cannot run wijksim (preflight: one month of the base scenario): "
                            f"{type(exc).__name__}: {text[0] if text else ''}") from None
    finally:
        client.cancel(futures)


class _Watch:
    """Refreshes the progress line's worker count every few seconds from a thread; when no
    worker is connected for `wait_for_workers` seconds, or the scheduler is lost, it notes why
    and cancels the pending runs so that the sweep loop stops instead of waiting forever."""

    def __init__(self, client: Any, bar: Any, postfix: dict, futures: Callable[[], list], wait_for_workers: float):
        self.client, self.bar, self.postfix, self.futures = client, bar, postfix, futures
        self.wait, self.reason = wait_for_workers, None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        address = self.client.scheduler.address
        since = None
        while not self._stop.wait(2.0):
            try:
                workers = len(self.client.nthreads())
            except Exception:  # noqa: BLE001 - any failure to reach the scheduler
                if self.client.status not in ("running", "connecting"):
                    self._give_up(f"lost the connection to the Dask scheduler at {address}")
                    return
                continue
            self.postfix["workers"] = workers
            self.bar.set_postfix(self.postfix, refresh=True)
            since = None if workers else since or time.monotonic()
            if since is not None and time.monotonic() - since > self.wait:
                self._give_up(f"no Dask worker connected to the scheduler at {address} for {self.wait:g} s "
                              "(--wait-for-workers): did the workers die, or their jobs end?")
                return

    def _give_up(self, reason: str) -> None:
        self.reason = reason
        with contextlib.suppress(Exception):
            self.client.cancel(self.futures())


def prepare(exp: LoadedExperiment, version: dict[str, str] | None = None) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The run plan and the experiment's metadata (stored as experiment.json); `version` is the
    code version the runs are made with (the workers'; by default this process's)."""
    plan = plan_runs(exp.spec)
    columns = exp.outcome_columns()
    meta = {"experiment": exp.spec.model_dump(mode="json"), "experiment_file": str(Path(exp.path).resolve()),
            "identity": identity(exp.spec, exp.identity_base, columns), "code_version": version or code_version(),
            "runs": len(plan), "points": exp.spec.points, "factors": exp.spec.factor_names,
            "outcome_columns": columns, "base_scenario": exp.base}
    return plan, meta


def _failed_row(run: dict[str, Any], error: str) -> dict[str, Any]:
    return dict(run, status="failed", error=error, worker=None, seconds=float("nan"))


def run_sweep(exp: LoadedExperiment, out: str | Path, client: Any, show_progress: bool = True,
              on_stored: Callable[[int], None] | None = None, allow_code_change: bool = False,
              wait_for_workers: float = WAIT_FOR_WORKERS) -> dict[str, int]:
    """Run every run of the experiment not yet stored in `out` and store each as it finishes
    (holding the folder's lock). Returns counts: runs, skipped (already stored), ok, failed."""
    with RunStore(out).lock():
        return _run_locked(exp, out, client, show_progress, on_stored, allow_code_change, wait_for_workers)


def _run_locked(exp: LoadedExperiment, out: str | Path, client: Any, show_progress: bool,
                on_stored: Callable[[int], None] | None, allow_code_change: bool,
                wait_for_workers: float) -> dict[str, int]:
    from distributed import KilledWorker, as_completed

    version = preflight(client, exp, wait_for_workers)
    plan, meta = prepare(exp, version)
    store = RunStore(out)
    changed = store.open(meta, allow_code_change)
    stored = store.stored_keys()
    todo = plan[[k not in stored for k in zip(plan["point"], plan["replication"])]]
    factors = exp.spec.factor_names
    schema = run_schema(plan, factors, meta["outcome_columns"])
    session = store.start_session({"to_run": len(todo), "already_stored": len(stored),
                                   "scheduler": client.scheduler.address, "code_version": version_label(version),
                                   **changed})
    counts = {"runs": len(plan), "skipped": len(plan) - len(todo), "ok": 0, "failed": 0}
    tasks = iter(todo.to_dict("records"))
    desc = f"sweep {exp.spec.name}" + (f" ({len(stored)} of {len(plan)} runs already stored)" if stored else "")
    bar = tqdm(total=len(todo), unit="run", desc=desc, disable=not show_progress, dynamic_ncols=True)
    postfix = {"workers": len(client.nthreads()), "failed": 0, "remaining": len(todo)}
    bar.set_postfix(postfix)
    pending = as_completed()
    submitted: dict[str, tuple[Any, dict[str, Any]]] = {}  # future key -> (future, run)

    def top_up() -> None:
        window = max(64, 4 * sum(client.nthreads().values()))
        while pending.count() < window:
            run = next(tasks, None)
            if run is None:
                return
            future = client.submit(run_one, exp.base, run, factors, exp.spec.outcomes, meta["outcome_columns"],
                                   exp.spec.timeseries, exp.policy, pure=False)
            submitted[future.key] = (future, run)
            pending.add(future)

    watch = _Watch(client, bar, postfix, lambda: [f for f, _ in submitted.values()], wait_for_workers)
    try:
        with watch:
            top_up()
            for future in pending:
                _, run = submitted.pop(future.key)
                try:
                    row, series = future.result()
                except KilledWorker as exc:  # the run killed `allowed-failures` workers in turn: a result too
                    row, series = _failed_row(run, f"KilledWorker: {exc}"), None
                except (CancelledError, OSError, TimeoutError):
                    raise ScenarioError(f"{watch.reason or 'lost the connection to the Dask scheduler'}; "
                                        f"the runs stored in {out}/runs are kept: rerun the same command to resume"
                                        ) from None
                future.release()
                row["session"] = session
                store.write(row, schema, series)
                counts["ok" if row["status"] == "ok" else "failed"] += 1
                postfix.update(failed=counts["failed"], remaining=bar.total - bar.n - 1)
                bar.set_postfix(postfix, refresh=False)
                bar.update(1)
                if on_stored:
                    on_stored(int(row["run_id"]))
                top_up()
    finally:
        bar.close()
        if submitted:  # interrupted: the runs not stored are run again on resume
            with contextlib.suppress(Exception):
                client.cancel([future for future, _ in submitted.values()])
    return counts


def sweep(experiment: str | Path, out: str | Path, workers: int | None = None, scheduler: str | None = None,
          slurm: str | Path | None = None, show_progress: bool = True, allow_code_change: bool = False,
          wait_for_workers: float | None = None) -> dict[str, int]:
    """Load an experiment and run it on a Dask cluster (a LocalCluster unless told otherwise),
    holding the output folder's lock from before the cluster starts."""
    from .spec import load_experiment

    exp = load_experiment(experiment)
    if sum(x is not None for x in (workers, scheduler, slurm)) > 1:
        raise ScenarioError("give at most one of --workers, --scheduler and --slurm")
    if wait_for_workers is None:
        wait_for_workers = WAIT_FOR_SLURM if slurm else WAIT_FOR_WORKERS
    with RunStore(out).lock(), quiet_dask(), dask_client(workers, scheduler, slurm) as client:
        return _run_locked(exp, out, client, show_progress, None, allow_code_change, wait_for_workers)
