"""The simulations behind the validation report. Each job is one replication of one
configuration, runs in a worker process and returns small results (no model objects)."""

from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd
from tqdm import tqdm

from ..config import Scenario
from ..indicators import similar_neighbours
from ..params import CLASS_KEYS
from ..runner import _init_worker
from . import mobility, real_city

CITY_LEVELS = ("city", "wijk")


def baseline_job(data: dict, replication: int) -> dict:
    """A baseline replication: city and wijk indicators, the class transition counts between
    year 0 and the last year for households present at both times, and the springboard and
    Kansenkaart measures (validation.mobility)."""
    from ..model import WijkModel

    m = WijkModel(Scenario.model_validate(data), replication)
    first = dict(zip(m.s.uid[m.s.living()].tolist(), m.s.cls[m.s.living()].tolist()))
    start = mobility.snapshot(m)
    years = m.config.run.years
    early = min(mobility.SPRINGBOARD_YEARS, years)
    m.run_years(early)
    spring = mobility.springboard(m, start)
    m.run_years(years - early)
    k = len(CLASS_KEYS)
    counts = np.zeros((k, k), dtype=np.int64)
    for uid, cls in zip(m.s.uid[m.s.living()].tolist(), m.s.cls[m.s.living()].tolist()):
        if uid in first:
            counts[first[uid], cls] += 1
    ind = m.indicators()
    cap = m.config.model.support.network_help_weight
    help_share = m.s.dk_net[m.s.living()] / cap if cap > 0 else np.zeros(m.s.living().size)
    network_help = np.histogram(np.clip(help_share, 0, 1), bins=10, range=(0, 1))[0]
    return {"indicators": ind[ind["level"].isin(CITY_LEVELS)], "transitions": counts, "springboard": spring,
            "kansenkaart": mobility.kansenkaart_gap(m, years), "network_help": network_help}


def indicators_job(data: dict, replication: int) -> dict:
    """City and wijk indicators of one replication."""
    from ..model import WijkModel

    m = WijkModel(Scenario.model_validate(data), replication)
    m.run_years(m.config.run.years)
    ind = m.indicators()
    return {"indicators": ind[ind["level"].isin(CITY_LEVELS)]}


def schelling_job(data: dict, replication: int) -> dict:
    """A Schelling replication: similar-neighbour shares per group at the end, and the share of
    each group living among a majority of its own group."""
    from ..model import WijkModel

    m = WijkModel(Scenario.model_validate(data), replication)
    m.run_years(m.config.run.years)
    group, share, occupied = similar_neighbours(m)
    known = occupied > 0  # households without neighbours say nothing about sorting
    group, share = group[known], share[known]
    sizes = np.bincount(group)
    groups = np.flatnonzero(sizes)
    random_mix = float(((sizes[groups] / sizes.sum()) ** 2).sum())  # expected similar share when mixed
    similar = float(share.mean())
    minority = groups[np.argmin(sizes[groups])]
    return {"tolerance": m.config.model.housing.tolerance, "similar": similar, "random": random_mix,
            "index": (similar - random_mix) / (1 - random_mix),
            "minority_share": float(sizes[minority] / sizes.sum()),
            "minority_clustered": float((share[group == minority] >= 0.5).mean())}


def buurtgezinnen_job(data: dict, replication: int) -> dict:
    """Volunteer families and families asking per year, from the buurtgezinnen interventions' logs."""
    from ..interventions.buurtgezinnen import Buurtgezinnen
    from ..model import WijkModel

    m = WijkModel(Scenario.model_validate(data), replication)
    m.run_years(m.config.run.years)
    logs = [pd.DataFrame(iv.log) for iv in m.interventions if isinstance(iv, Buurtgezinnen)]
    log = pd.concat(logs).groupby("month", as_index=False).sum()
    log["year"] = (log["month"] - 1) // 12 + 1
    yearly = log.groupby("year").agg(supply=("supply", "mean"), matched=("matched", "sum"),
                                     waiting=("asking", "last"), last_matched=("matched", "last"))
    # families asking in a year: those matched during it, plus those still waiting at its end
    asking = yearly["matched"] + (yearly["waiting"] - yearly["last_matched"])
    return {"supply": float(yearly["supply"].mean()), "asking_per_year": float(asking.mean())}


JOBS = {"baseline": baseline_job, "indicators": indicators_job, "schelling": schelling_job,
        "buurtgezinnen": buurtgezinnen_job, real_city.KIND: real_city.real_city_job}


def _run(kind: str, data: dict, replication: int) -> dict:
    return JOBS[kind](data, replication)


def run_jobs(jobs: list[tuple[str, Scenario, int]], workers: int, show_progress: bool = True) -> list[dict]:
    """Run (kind, scenario, replication) jobs in spawn worker processes; results in job order."""
    bar = tqdm(total=len(jobs), unit="run", desc="validation runs", disable=not show_progress, dynamic_ncols=True)
    try:
        if workers == 1:
            out = []
            for kind, sc, rep in jobs:
                out.append(_run(kind, sc.model_dump(mode="json"), rep))
                bar.update()
            return out
        ctx = mp.get_context("spawn")
        threads = max(1, (os.cpu_count() or 1) // workers)
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(threads, None)) as pool:
            futures = [pool.submit(_run, kind, sc.model_dump(mode="json"), rep) for kind, sc, rep in jobs]
            for f in futures:
                f.add_done_callback(lambda _: bar.update())
            return [f.result() for f in futures]
    finally:
        bar.close()
