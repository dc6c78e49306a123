"""One run of a sweep, as a worker does it: set the factors in the base scenario, validate,
simulate, and summarise the chosen outcomes into one small row.

A factor combination the scenario schema rejects, or a run that raises, gives a row with
status "failed" and the error; the sweep goes on.
"""

from __future__ import annotations

import copy
import socket
import time
import traceback
from typing import Any

import numpy as np
from pydantic import ValidationError

from .paths import set_path


def scenario_for(base: dict, factors: dict[str, Any]) -> dict:
    """The base scenario's data with every factor set."""
    data = copy.deepcopy(base)
    for path, value in factors.items():
        set_path(data, path, value.item() if isinstance(value, np.generic) else value)
    return data


def summarise(indicators, outcomes: list[str], columns: list[str]) -> dict[str, float]:
    """Per outcome and area (city, each wijk): the last year and the mean over years 1..N."""
    rows = indicators[indicators["level"].isin(["city", "wijk"])]
    last = int(rows["year"].max())
    values: dict[str, float] = {}
    for unit, frame in rows.groupby("unit", sort=False):
        horizon = frame[frame["year"] >= 1]
        final = frame[frame["year"] == last]
        for o in outcomes:
            if o in frame:
                values[f"{o}.{unit}.last"] = float(final[o].mean())
                values[f"{o}.{unit}.mean"] = float(horizon[o].mean()) if len(horizon) else float("nan")
    return {c: values.get(c, float("nan")) for c in columns}


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        return f"invalid scenario: {where}: {err['msg'].removeprefix('Value error, ')}{more}"
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" (at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})" if frame else ""
    return f"{type(exc).__name__}: {exc}{at}"


def run_one(base: dict, run: dict[str, Any], factors: list[str], outcomes: list[str],
            columns: list[str]) -> dict[str, Any]:
    """Simulate one run (`run` holds run_id, point, replication, seed and the factor values)
    and return its stored row."""
    import numba

    from ..config import Scenario
    from ..model import WijkModel

    numba.set_num_threads(1)  # one process per core; see docs/sweeps.md
    start = time.perf_counter()
    row = dict(run, status="ok", error=None, worker=socket.gethostname())
    try:
        scenario = Scenario.model_validate(scenario_for(base, {f: run[f] for f in factors}))
        model = WijkModel(scenario, replication=int(run["replication"]), seed=int(run["seed"]))
        model.run_years(scenario.run.years)
        row.update(summarise(model.indicators(), outcomes, columns))
    except Exception as exc:  # a failed run is a result: stored with its error, the sweep goes on
        row.update(status="failed", error=_error_text(exc), **{c: float("nan") for c in columns})
    row["seconds"] = time.perf_counter() - start
    return row
