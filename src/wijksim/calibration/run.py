"""Running ABC-SMC (pyabc) on a Dask client and writing the posterior sample and its metadata.

Output folder (default data/calibration/): posterior.csv (one row per accepted particle of the
last generation: parameter values, weight, distance), generations.csv (epsilon and acceptance per
generation) and metadata.json (targets, observed figures, parameters and priors, library and
version, code version, seed, command)."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from ..sweep.execute import dask_client, quiet_dask
from ..sweep.version import code_version
from .measures import observed, scales
from .simulate import CalibrationModel
from .spec import load_calibration


def _abc(conf, data, client):
    import pyabc

    prior = pyabc.Distribution(**{name: pyabc.RV("uniform", low, high - low)
                                  for name, (low, high) in conf.parameters.items()})
    distance = pyabc.PNormDistance(p=2, fixed_weights=scales(conf.targets))
    sampler = pyabc.sampler.DaskDistributedSampler(dask_client=client, batch_size=1)
    return pyabc.ABCSMC(CalibrationModel(data, conf.targets), prior, distance,
                        population_size=conf.population_size, sampler=sampler)


def calibrate(path: str | Path, out: str | Path, workers: int | None = None, scheduler: str | None = None,
              command: str = "") -> pd.DataFrame:
    """Run the calibration of `path` and write its posterior into `out`; return the posterior."""
    import pyabc

    conf, data = load_calibration(path)
    np.random.seed(conf.seed)  # pyabc draws from numpy's global generator
    out = Path(out)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, quiet_dask(), dask_client(workers, scheduler) as client:
        abc = _abc(conf, data, client)
        abc.new(f"sqlite:///{tmp}/abc.db", observed(conf.targets))
        history = abc.run(minimum_epsilon=conf.min_epsilon, max_nr_populations=conf.generations)
        last = int(history.max_t)
        particles = history.get_population(t=last).particles
        posterior = pd.DataFrame([{**dict(p.parameter), "weight": p.weight, "distance": p.distance}
                                  for p in particles])
        posterior["weight"] /= posterior["weight"].sum()
        generations = history.get_all_populations()
        sims = int(history.total_nr_simulations)
    out.mkdir(parents=True, exist_ok=True)
    posterior.to_csv(out / "posterior.csv", index=False)
    generations.to_csv(out / "generations.csv", index=False)
    meta = {"calibration_file": str(path), "command": command, "targets": conf.targets,
            "observed": observed(conf.targets), "distance_scales": scales(conf.targets),
            "parameters": {k: list(v) for k, v in conf.parameters.items()}, "prior": "uniform on [low, high]",
            "library": "pyabc", "library_version": pyabc.__version__, "method": "ABC-SMC, DaskDistributedSampler",
            "code_version": code_version(), "seed": conf.seed, "city_scale": conf.city_scale,
            "years": conf.years, "burn_in_years": conf.burn_in_years, "population_size": conf.population_size,
            "generations": last + 1, "simulations": sims,
            "seconds": round(time.perf_counter() - start, 1)}
    (out / "metadata.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return posterior
