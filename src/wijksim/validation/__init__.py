"""`wijksim validate-model`: run the validation configurations and write a report that states,
for each target of CALIBRATION.md, the published figure, the model's figure with its interval
across replications, the tolerance fixed in advance, and pass or fail."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..config import Scenario, ScenarioError, load_scenario
from . import real_city
from .targets import HATNA_BENENSON

ALL_WIJKEN_BUURTGEZINNEN = "buurtgezinnen"  # the configuration key, and its job kind


@dataclass(frozen=True)
class Level:
    """How much to run: the grid city's linear scale, replications, the Schelling grid, and
    replications of each real city (0: left out)."""

    name: str
    city_scale: float
    replications: int
    schelling_tolerances: tuple[float, ...]
    schelling_replications: int
    real_city_replications: int


LEVELS = {
    "reduced": Level("reduced", 0.5, 2, (0.1, 0.2, 0.3, 0.4, 0.5), 1, 0),
    "standard": Level("standard", 1.0, 4, (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6), 2, 2),
    "full": Level("full", 1.0, 10, tuple(round(0.05 * k, 2) for k in range(1, 15)), 4,
                  real_city.FULL_REPLICATIONS),
}
SCENARIOS = {"baseline": "baseline.yaml", "vogelaar": "vogelaar.yaml", "herstructurering": "herstructurering.yaml",
             "schelling": "teaching/schelling.yaml"}


def scaled(sc: Scenario, factor: float) -> Scenario:
    """A grid city with every wijk's area (and the grid) scaled by `factor` in each direction."""
    if factor == 1.0:
        return sc
    data = sc.model_dump(mode="json")
    city = data["city"]
    city["grid"] = {k: max(1, round(v * factor)) for k, v in city["grid"].items()}
    for wijk in city["wijken"].values():
        x, y, width, height = wijk["area"]
        wijk["area"] = [round(x * factor), round(y * factor), max(1, round(width * factor)), max(1, round(height * factor))]
    return Scenario.model_validate(data)


def with_changes(sc: Scenario, **changes) -> Scenario:
    """The scenario with top-level parts replaced, validated again."""
    data = sc.model_dump(mode="json")
    data.update(changes)
    return Scenario.model_validate(data)


def configurations(scenario_dir: Path, level: Level) -> dict[str, Scenario]:
    """Every configuration the validation runs, with the level's replications."""
    loaded = {}
    for key, name in SCENARIOS.items():
        path = scenario_dir / name
        if not path.is_file():
            raise ScenarioError(f"{path}: validation scenario not found (use --scenarios to point at the scenarios folder)")
        loaded[key] = load_scenario(path)
    runs = {}
    for key in ("baseline", "vogelaar", "herstructurering"):
        sc = scaled(loaded[key], level.city_scale)
        runs[key] = with_changes(sc, run={**sc.run.model_dump(), "replications": level.replications})
    base = runs["baseline"]
    wijken = list(base.city.wijken)
    runs[ALL_WIJKEN_BUURTGEZINNEN] = with_changes(
        base, name="buurtgezinnen-everywhere", run={**base.run.model_dump(), "years": 5},
        interventions=[{"buurtgezinnen": {"wijken": wijken, "years": [1, 5]}}])
    schelling = loaded["schelling"]
    for t in level.schelling_tolerances:
        runs[f"schelling-{t}"] = _schelling(schelling, t, None, level.schelling_replications)
    runs["hatna-benenson"] = _schelling(schelling, HATNA_BENENSON["tolerance"], HATNA_BENENSON["minority"],
                                        level.schelling_replications)
    return runs


def _schelling(sc: Scenario, tolerance: float, minority: float | None, replications: int) -> Scenario:
    """The teaching Schelling city at a threshold; with `minority`, the smaller of its two
    classes gets that share in every wijk and among in-movers."""
    data = sc.model_dump(mode="json")
    data["name"] = f"schelling-{tolerance}" + (f"-minority-{minority}" if minority else "")
    data["model"]["housing"]["tolerance"] = tolerance
    data["run"]["replications"] = replications
    if minority is not None:
        for shares in [*data["population"]["wijken"].values(), data["population"]["in_movers"]["classes"]]:
            present = sorted((k for k in shares if shares[k] > 0), key=lambda k: shares[k])
            if len(present) != 2:
                raise ScenarioError(f"{SCENARIOS['schelling']}: the Schelling city must have exactly two classes")
            shares[present[0]], shares[present[1]] = minority, 1 - minority
    return Scenario.model_validate(data)


def _job_kind(key: str) -> str:
    if key in ("baseline", ALL_WIJKEN_BUURTGEZINNEN):
        return key
    if key.startswith(real_city.KIND):
        return real_city.KIND
    return "schelling" if key.startswith(("schelling", "hatna")) else "indicators"


def validate_model(out: Path, level: Level, scenario_dir: Path = Path("scenarios"), workers: int = 2,
                   show_progress: bool = True):
    """Run every configuration and write the report into `out` (atomically); return the results table."""
    from ..results import atomic_output
    from .report import evaluate, write_report
    from .runs import run_jobs

    runs = configurations(scenario_dir, level)
    real_runs, skipped = real_city.configurations(scenario_dir, level.real_city_replications)
    runs.update(real_runs)
    planned = [(key, r) for key, sc in runs.items() for r in range(sc.run.replications)]
    results = run_jobs([(_job_kind(key), runs[key], r) for key, r in planned], workers, show_progress)
    by_key: dict[str, list[dict]] = {key: [] for key in runs}
    for (key, _), result in zip(planned, results):
        by_key[key].append(result)
    table, extras = evaluate(by_key, level)
    real_table, extras["real_cities"] = real_city.evaluate(by_key, skipped)
    table = pd.concat([table, real_table], ignore_index=True)
    with atomic_output(out) as tmp:
        write_report(tmp, table, extras, level, runs)
    return table
