"""The model pyabc calls: one baseline run with a particle's parameter values, summarised into
the calibration targets' figures. Runs on a Dask worker."""

from __future__ import annotations

import hashlib
import json

import numpy as np

from .measures import MEASURES, measure

FAR = 100.0  # a figure the run could not give counts as this many tolerance half-widths away


def particle_seed(base_seed: int, values: dict[str, float]) -> int:
    """The run's seed: the base seed and the particle's values (same particle, same run)."""
    text = json.dumps({k: float(v) for k, v in sorted(values.items())}) + str(base_seed)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:6], "big")


class CalibrationModel:
    """Callable pyabc model: parameters -> {target: figure}. Picklable for the Dask sampler."""

    def __init__(self, base: dict, targets: list[str]):
        self.base, self.targets = base, targets

    def __call__(self, pars) -> dict[str, float]:
        import numba

        from ..config import Scenario
        from ..model import WijkModel
        from ..sweep.runone import scenario_for

        numba.set_num_threads(1)
        values = {k: float(pars[k]) for k in pars}
        scenario = Scenario.model_validate(scenario_for(self.base, values))
        model = WijkModel(scenario, replication=0, seed=particle_seed(scenario.run.seed, values))
        model.run_years(scenario.run.years)
        figures = measure(model.indicators(), self.targets)
        return {t: (v if np.isfinite(v) else MEASURES[t][0] + FAR * MEASURES[t][1]) for t, v in figures.items()}
