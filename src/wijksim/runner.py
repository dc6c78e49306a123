"""Running replications of a scenario in parallel processes on the local machine."""

from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor

import pandas as pd
from tqdm import tqdm

from .config import Scenario

_progress_queue = None


def _init_worker(threads: int, queue):
    """Give each worker process its share of the cores and the progress queue."""
    global _progress_queue
    _progress_queue = queue
    import numba

    numba.set_num_threads(max(1, min(threads, numba.config.NUMBA_NUM_THREADS)))


def run_replication(scenario: Scenario, replication: int, progress=None, cohort: bool = False):
    """Simulate one replication and return its yearly indicators (with `cohort`: and the year-0
    cohort's yearly outcomes, cohort.py)."""
    from .model import WijkModel

    model = WijkModel(scenario, replication=replication)
    model.run_years(scenario.run.years, progress=progress)
    return (model.indicators(), model.cohort.frame()) if cohort else model.indicators()


def _worker(scenario_data: dict, replication: int, cohort: bool):
    scenario = Scenario.model_validate(scenario_data)
    report = (lambda n: _progress_queue.put(n)) if _progress_queue is not None else None
    return run_replication(scenario, replication, progress=report, cohort=cohort)


def run_replications(scenario: Scenario, workers: int | None = None, show_progress: bool = True,
                     cohort: bool = False):
    """All replications of a scenario, in parallel processes; the result does not depend on `workers`.
    Returns the indicators, or with `cohort` the pair (indicators, cohort outcomes)."""
    reps = scenario.run.replications
    years = scenario.run.years
    workers = max(1, min(workers or os.cpu_count() or 1, reps))
    bar = tqdm(total=reps * years, unit="year", desc=f"{scenario.name}: {reps} x {years} years",
               disable=not show_progress, dynamic_ncols=True)
    try:
        if workers == 1:
            frames = [run_replication(scenario, r, progress=bar.update, cohort=cohort) for r in range(reps)]
        else:
            ctx = mp.get_context("spawn")
            with ctx.Manager() as manager:
                queue = manager.Queue()
                threads = max(1, (os.cpu_count() or 1) // workers)
                with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                                         initargs=(threads, queue)) as pool:
                    data = scenario.model_dump(mode="json")
                    futures = [pool.submit(_worker, data, r, cohort) for r in range(reps)]
                    while not all(f.done() for f in futures):
                        try:
                            bar.update(queue.get(timeout=0.2))
                        except Exception:  # queue.Empty: nothing reported yet
                            pass
                    frames = [f.result() for f in futures]
                    while not queue.empty():
                        bar.update(queue.get())
    finally:
        bar.close()
    if cohort:
        return tuple(pd.concat(part, ignore_index=True) for part in zip(*frames))
    return pd.concat(frames, ignore_index=True)
