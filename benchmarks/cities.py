"""Cities of any size for the benchmarks: the baseline city (scenarios/baseline.yaml) scaled
and tiled, built programmatically so no huge YAML is needed, plus a machine description."""

from __future__ import annotations

import json
import math
import os
import platform
import resource
import subprocess
from pathlib import Path

import numba
import numpy as np

from wijksim.config import Scenario, _read_yaml

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
RESULTS = ROOT / "benchmarks" / "results"
TILE_HOUSEHOLDS = 15_000  # about what one copy of the baseline city holds at its occupancy


def scaled_scenario(households: int, years: int = 20, burn_in_years: int = 0, seed: int = 2026,
                    model: dict | None = None) -> Scenario:
    """The baseline city with about `households` households: n copies ("tiles") of its five
    wijken side by side, each copy's areas scaled so the total is close to the target.
    Every copy keeps the baseline's buurten split, tenure, price bands, facilities and class mix."""
    base = json.loads(json.dumps(_read_yaml(BASELINE)))  # plain dicts
    occupancy = Scenario.model_validate(base).model.demography.occupancy
    tiles = max(1, round(households / TILE_HOUSEHOLDS))
    grid_w, grid_h = base["city"]["grid"]["width"], base["city"]["grid"]["height"]
    factor = math.sqrt(households / occupancy / (tiles * grid_w * grid_h))
    cols = math.ceil(math.sqrt(tiles))
    tile_w, tile_h = math.ceil(grid_w * factor), math.ceil(grid_h * factor)
    wijken, population = {}, {}
    for t in range(tiles):
        ox, oy = (t % cols) * tile_w, (t // cols) * tile_h
        for name, wijk in base["city"]["wijken"].items():
            x, y, w, h = wijk["area"]
            x0, y0 = round(x * factor), round(y * factor)
            x1, y1 = min(round((x + w) * factor), tile_w), min(round((y + h) * factor), tile_h)
            new = dict(wijk, area=[ox + x0, oy + y0, x1 - x0, y1 - y0])
            key = name if tiles == 1 else f"{name}{t + 1}"
            new["buurt_facilities"] = {b.replace(name, key, 1): f for b, f in wijk.get("buurt_facilities", {}).items()}
            wijken[key] = new
            population[key] = base["population"]["wijken"][name]
    base["city"] = {"grid": {"width": cols * tile_w, "height": math.ceil(tiles / cols) * tile_h}, "wijken": wijken}
    base["population"]["wijken"] = population
    base["run"].update(years=years, burn_in_years=burn_in_years, seed=seed, replications=1)
    base["name"] = f"baseline-x{households}"
    if model:
        base["model"] = {**base.get("model", {}), **model}
    return Scenario.model_validate(base)


def warm_up(reference: bool = False, model: dict | None = None):
    """Compile (or load from numba's cache) every kernel, the yearly ones included, by running
    a year of a small city, so that timings exclude it; with `reference`, the draws the
    reference calls from Python too."""
    from wijksim.model import WijkModel

    sc = scaled_scenario(500, years=1, model=model)
    WijkModel(sc).run_years(1)
    if reference:
        from wijksim.reference import ReferenceModel

        ReferenceModel(sc).run_years(1)


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (MiB; Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def machine() -> dict:
    """What the figures were measured on."""
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    mem = ""
    try:
        mem = next(line.split(":", 1)[1].strip() for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "logical_cpus": os.cpu_count(), "memory": mem, "python": platform.python_version(),
            "numpy": np.__version__, "numba": numba.__version__, "numba_threads": numba.get_num_threads(),
            "threading_layer": _threading_layer(), "platform": platform.platform(),
            "load_average_at_start": os.getloadavg(), "git_commit": _git_commit()}


def _threading_layer() -> str:
    try:
        return numba.threading_layer()
    except ValueError:  # no parallel kernel has run yet
        return "not yet chosen"


def _git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def write_result(name: str, payload: dict) -> Path:
    """Write benchmarks/results/<name>.json with the machine description."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"benchmark": name, "machine": machine(), **payload}, indent=2) + "\n")
    return path
