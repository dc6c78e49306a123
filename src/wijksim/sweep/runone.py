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
import pandas as pd
from pydantic import ValidationError

from .paths import set_path
from .spec import scenario_error_text
from .version import code_version, version_label


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
        return f"invalid scenario: {scenario_error_text(exc)}"
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" (at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})" if frame else ""
    return f"{type(exc).__name__}: {exc}{at}"


def series(indicators, names: list[str], run: dict[str, Any]) -> pd.DataFrame:
    """The yearly values of the indicators `names` for the city and each wijk, long format:
    run_id, point, replication, indicator, area, year, value (years 1..N; the burn-in left out)."""
    rows = indicators[indicators["level"].isin(["city", "wijk"]) & (indicators["year"] >= 1)]
    long = rows.melt(id_vars=["unit", "year"], value_vars=names, var_name="indicator", value_name="value")
    long = long.rename(columns={"unit": "area"}).groupby(["indicator", "area", "year"], sort=False,
                                                          as_index=False)["value"].mean()
    ids = pd.DataFrame({k: [int(run[k])] * len(long) for k in ("run_id", "point", "replication")})
    return pd.concat([ids, long.astype({"year": "int64", "value": "float64"})], axis=1)


def run_one(base: dict, run: dict[str, Any], factors: list[str], outcomes: list[str], columns: list[str],
            timeseries: list[str] = (), policy: list[dict] | None = None) -> tuple[dict[str, Any], pd.DataFrame | None]:
    """Simulate one run (`run` holds run_id, point, replication, seed and the factor values);
    return its stored row and its time series (None without `timeseries` or when it failed).
    With `policy` (interventions), the same factors and seed run again with them, and the
    diff.* columns get policy minus base."""
    import numba

    from ..config import Scenario
    from ..model import WijkModel

    numba.set_num_threads(1)  # one process per core; see docs/sweeps.md
    start = time.perf_counter()
    row = dict(run, status="ok", error=None, worker=socket.gethostname(), code_version=version_label(code_version()))
    trajectories = None
    try:
        scenario = Scenario.model_validate(scenario_for(base, {f: run[f] for f in factors}))
        model = WijkModel(scenario, replication=int(run["replication"]), seed=int(run["seed"]))
        model.run_years(scenario.run.years)
        indicators = model.indicators()
        row.update(summarise(indicators, outcomes, columns))
        if policy is not None:
            data = scenario_for(base, {f: run[f] for f in factors}) | {"interventions": policy}
            treated = WijkModel(Scenario.model_validate(data), replication=int(run["replication"]), seed=int(run["seed"]))
            treated.run_years(scenario.run.years)
            values = summarise(treated.indicators(), outcomes, columns)
            row.update({c: values[c[5:]] - row[c[5:]] for c in columns if c.startswith("diff.")})
        if timeseries:
            trajectories = series(indicators, list(timeseries), run)
    except Exception as exc:  # a failed run is a result: stored with its error, the sweep goes on
        row.update(status="failed", error=_error_text(exc), **{c: float("nan") for c in columns})
    row["seconds"] = time.perf_counter() - start
    return row, trajectories


def check_worker(base: dict) -> dict[str, str]:
    """The preflight task: build the base scenario's model and run one month on this worker;
    returns the worker's code version. Raises what the worker cannot do (import wijksim, build
    the city, ...), so that the client can stop with one line before the sweep starts."""
    from ..config import Scenario
    from ..model import WijkModel

    data = copy.deepcopy(base)
    data["run"]["burn_in_years"] = 0
    model = WijkModel(Scenario.model_validate(data), replication=0, seed=0)
    model.step()
    return code_version()
