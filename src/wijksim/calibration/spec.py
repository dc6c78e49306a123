"""The calibration file (experiments/calibration/default.yaml): which scenario and city size, which
assumed parameters with which uniform priors, which calibration-set targets, and how long ABC-SMC runs."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ..config import load_scenario
from ..sweep.paths import PathError, get_path
from ..sweep.spec import located_error, validate_file
from ..validation import scaled
from ..validation.targets import calibration_keys
from .measures import MEASURES


class Calibration(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scenario: str = Field(description="base scenario file, relative to this file")
    city_scale: float = Field(1.0, gt=0, le=1, description="linear scale of the grid city (validation.scaled)")
    years: int = Field(20, ge=1, le=100)
    burn_in_years: int = Field(5, ge=0, le=50)
    parameters: dict[str, tuple[float, float]] = Field(description="dotted parameter: [low, high] uniform prior")
    targets: list[str] = Field(min_length=1, description="calibration-set target ids")
    population_size: int = Field(40, ge=4)
    generations: int = Field(4, ge=1, description="most ABC-SMC populations")
    min_epsilon: float = Field(0.5, ge=0, description="stop once the distance threshold is below this")
    seed: int = Field(2026, ge=0)


def load_calibration(path: str | Path) -> tuple[Calibration, dict]:
    """The calibration and its base scenario's data (scaled and with the file's run length);
    ExperimentError (file:line) for a held-out or unmeasurable target, a bad prior or unknown parameter."""
    path = Path(path)
    conf, tree = validate_file(Calibration, path)
    allowed = calibration_keys()
    for k, target in enumerate(conf.targets):
        if target not in allowed:
            raise located_error(path, tree, ("targets", k), f"{target!r} is not a calibration-set target "
                                f"(validation/targets.py ROLES); calibration-set targets: {', '.join(allowed)}")
        if target not in MEASURES:
            raise located_error(path, tree, ("targets", k), f"{target!r} cannot be measured from one baseline "
                                f"run; measurable: {', '.join(MEASURES)}")
    scenario = load_scenario(path.parent / conf.scenario)
    data = scaled(scenario, conf.city_scale).model_dump(mode="json")
    data["run"].update(years=conf.years, burn_in_years=conf.burn_in_years, replications=1, seed=conf.seed)
    for name, (low, high) in conf.parameters.items():
        if not low < high:
            raise located_error(path, tree, ("parameters", name), "the prior needs low < high")
        try:
            get_path(data, name)
        except PathError as exc:
            raise located_error(path, tree, ("parameters", name), str(exc)) from None
    return conf, data
