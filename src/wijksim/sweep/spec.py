"""Experiment files: the pydantic schema of experiments/*.yaml and loading them with errors
that name file and line, like scenario files (config.py).

An experiment names a base scenario, the factors to vary (dotted paths into the scenario,
see :mod:`wijksim.sweep.paths`), a design, replications, a seed and the outcomes to keep.
"""

from __future__ import annotations

import copy
import difflib
import math
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from ..config import Scenario, ScenarioError, _locate, load_scenario
from ..indicators import INDICATORS
from .paths import PathError, get_path, leaf_paths, set_path

STATS = ("last", "mean")  # outcome of the last year; mean over years 1..N (the horizon)
AREAS = ("city", "wijken")


class ExperimentError(ScenarioError):
    """An experiment file that cannot be used; one line: file:line: key: what is wrong."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Factor(_Strict):
    """A parameter to vary: a range [low, high] (sampled) or a list of values (full factorial)."""

    range: tuple[float, float] | None = Field(None, description="[low, high] sampled by the design")
    values: list[bool | int | float | str] | None = Field(None, min_length=1, description="the values a full factorial design takes")

    @model_validator(mode="after")
    def _one_of(self):
        if (self.range is None) == (self.values is None):
            raise ValueError("give either range: [low, high] or values: [...]")
        if self.range is not None and not (math.isfinite(self.range[0]) and math.isfinite(self.range[1])
                                           and self.range[0] < self.range[1]):
            raise ValueError(f"range must be [low, high] with low < high, got {list(self.range)}")
        if self.values is not None:
            kinds = {type(v) for v in self.values} - ({int} if any(type(v) is float for v in self.values) else set())
            if len(kinds) > 1:
                raise ValueError(f"values must all be numbers, all true/false or all text, got {self.values}")
            if len(set(map(repr, self.values))) < len(self.values):
                raise ValueError(f"values are listed twice: {self.values}")
        return self


class Design(_Strict):
    """How the factors are combined into design points."""

    method: Literal["full_factorial", "latin", "sobol", "morris"]
    samples: int | None = Field(None, ge=1, le=1_000_000, description=(
        "sobol: base sample N (a power of 2; N*(D+2) points); latin: number of points; morris: trajectories (r*(D+1) points)"))
    levels: int = Field(4, ge=2, le=100, description="morris: grid levels; full_factorial: points per range factor")
    second_order: bool = Field(False, description="sobol: also second-order indices (N*(2D+2) points)")

    @model_validator(mode="after")
    def _samples(self):
        if self.method != "full_factorial" and self.samples is None:
            raise ValueError(f"the {self.method} design needs samples")
        if self.method == "sobol" and self.samples & (self.samples - 1):
            raise ValueError(f"samples of a sobol design must be a power of 2, got {self.samples}")
        if self.method == "morris" and self.samples < 2:
            raise ValueError("a morris design needs at least 2 trajectories")
        return self


class Discovery(_Strict):
    """Scenario discovery: under which factor values does an outcome cross a threshold?"""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_-]+$")
    outcome: str = Field(description="an outcome column, e.g. escalated_share.Noord.mean")
    above: float | None = Field(None, description="runs whose outcome is above this are the cases of interest")
    below: float | None = Field(None, description="runs whose outcome is below this are the cases of interest")
    min_coverage: float = Field(0.5, gt=0, le=1, description="the box chosen: highest density with at least this coverage")

    @model_validator(mode="after")
    def _one_of(self):
        if (self.above is None) == (self.below is None):
            raise ValueError("give either above: or below:")
        return self


class Experiment(_Strict):
    """A parameter sweep: base scenario, factors, design, replications, seeds and outcomes."""

    name: str = Field(min_length=1)
    description: str = ""
    base: str = Field(description="the base scenario file, relative to the experiment file")
    scenario: dict[str, Any] = Field(default_factory=dict, description="dotted path -> value, set in every run (e.g. run.years: 10)")
    seed: int = Field(2026, ge=0, le=2**63 - 1, description="experiment seed: every run's seed is spawned from it")
    seeds: Literal["independent", "common"] = Field(
        "independent", description="independent: a seed per run; common: replication r has the same seed at every design point")
    replications: int = Field(1, ge=1, le=1000)
    design: Design
    factors: dict[str, Factor] = Field(min_length=1)
    outcomes: list[str] = Field(min_length=1, description="indicator names (docs/model.md) to keep per run")
    areas: list[Literal["city", "wijken"]] = Field(default_factory=lambda: list(AREAS), min_length=1)
    timeseries: list[str] = Field(default_factory=list, description=(
        "indicator names whose yearly values are kept per run and area (DIR/series/, long format)"))
    discovery: list[Discovery] = Field(default_factory=list)
    policy: str | None = Field(None, description=(
        "a scenario file (relative to the experiment file) whose interventions every run also runs with, same "
        "factors and seed; adds the paired differences diff.<outcome>.<area>.<stat> (policy minus base)"))

    @field_validator("outcomes", "timeseries")
    @classmethod
    def _known_outcomes(cls, v):
        unknown = [o for o in v if o not in INDICATORS]
        if unknown:
            hint = difflib.get_close_matches(unknown[0], INDICATORS, n=1)
            raise ValueError(f"unknown outcome '{unknown[0]}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")
                             + "; outcomes are the indicators of docs/model.md")
        if len(set(v)) < len(v):
            raise ValueError("an outcome is listed twice")
        return v

    # -- derived -------------------------------------------------------------------------
    @property
    def factor_names(self) -> list[str]:
        return list(self.factors)

    @property
    def points(self) -> int:
        """Number of design points."""
        d, n = len(self.factors), self.design.samples
        method = self.design.method
        if method == "sobol":
            return n * (2 * d + 2 if self.design.second_order else d + 2)
        if method == "morris":
            return n * (d + 1)
        if method == "latin":
            return n
        return math.prod(len(f.values) if f.values is not None else self.design.levels for f in self.factors.values())

    @property
    def runs(self) -> int:
        """Number of model runs: design points times replications."""
        return self.points * self.replications


class LoadedExperiment(BaseModel):
    """An experiment with its base scenario resolved (every default filled in)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    spec: Experiment
    path: str
    base: dict[str, Any]       # the base scenario (with `scenario:` applied) as plain data
    wijken: list[str]          # the base scenario's wijken, for the outcome columns
    policy: list[dict[str, Any]] | None = None  # the policy file's interventions (replacing the base's)

    def outcome_columns(self) -> list[str]:
        """Names of the outcome columns of every run: outcome.area.stat, then diff.outcome.area.stat
        with a policy."""
        areas = (["city"] if "city" in self.spec.areas else []) + (self.wijken if "wijken" in self.spec.areas else [])
        plain = [f"{o}.{a}.{s}" for o in self.spec.outcomes for a in areas for s in STATS]
        return plain + ([f"diff.{c}" for c in plain] if self.policy is not None else [])

    @property
    def identity_base(self) -> dict[str, Any]:
        """What the experiment's identity hashes besides the spec: the base, and the policy's interventions."""
        return self.base if self.policy is None else {**self.base, "policy_interventions": self.policy}


def read_yaml_tree(path: Path) -> Any:
    """The YAML tree of a file (with line marks), or ExperimentError naming file and line."""
    if not path.is_file():
        raise ExperimentError(f"{path}: no such file")
    try:
        tree = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ExperimentError(f"{path}: cannot read: {exc}") from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ExperimentError(f"{path}:{mark.line + 1 if mark else 1}: invalid YAML: "
                              f"{(exc.problem or exc.context or 'invalid YAML').strip()}") from None
    if not isinstance(tree, dict):
        raise ExperimentError(f"{path}:1: expected a mapping of keys (key: value lines)")
    return tree


def located_error(path: Path, tree: Any, loc: tuple, message: str) -> ExperimentError:
    """An error naming the file, the line of `loc` in the YAML tree, and the key."""
    line, _ = _locate(tree, loc)
    where = ".".join(str(p) for p in loc) or "(top level)"
    return ExperimentError(f"{path}:{line}: {where}: {message}")


def error_location(loc: tuple) -> str:
    """A pydantic error location as a dotted path, without the repeated tag of a tagged union
    (`interventions.0.basisbaan.basisbaan.places` -> `interventions.0.basisbaan.places`)."""
    parts = [str(p) for p in loc]
    return ".".join(p for i, p in enumerate(parts) if i == 0 or p != parts[i - 1])


def scenario_error_text(exc: ValidationError) -> str:
    """One line for a scenario that does not validate: 'where: what (and N more)'."""
    err = exc.errors()[0]
    where = error_location(err["loc"])
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return (f"{where}: " if where else "") + describe_error(err) + more


def describe_error(err: dict) -> str:
    """One readable sentence for one pydantic error."""
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        return "unknown key"
    if err["type"] == "missing":
        return "required key is missing"
    return msg


def _check_path(path: Path, tree: Any, loc: tuple, data: dict, dotted: str) -> Any:
    """The base value at `dotted`, or an error at `loc` with the nearest valid paths."""
    try:
        return get_path(data, dotted)
    except PathError as exc:
        hint = difflib.get_close_matches(dotted, leaf_paths(data), n=1, cutoff=0.75)
        raise located_error(path, tree, loc, f"{exc}" + (f" (did you mean '{hint[0]}'?)" if hint else "")) from None


def validate_file(model: type[BaseModel], path: Path) -> tuple[Any, Any]:
    """Read a YAML file and validate it as `model`; ExperimentError with file:line on a mistake.
    Returns the validated object and the YAML tree (for locating later errors)."""
    tree = read_yaml_tree(path)
    try:
        return model.model_validate(tree), tree
    except ValidationError as exc:
        err = exc.errors()[0]
        raise located_error(path, tree, tuple(err["loc"]), describe_error(err)) from None


def _check_factor_values(path: Path, tree: Any, data: dict, name: str, factor: Factor) -> None:
    """Each end of a range (each listed value) must give a valid scenario with the other
    parameters at their base values, so that a range the schema rejects is an error before
    any run rather than failed runs. (A combination of valid values can still be invalid, say
    shares that no longer sum to 1; such runs are stored as failed.)"""
    for value in factor.range if factor.range is not None else factor.values:
        trial = copy.deepcopy(data)
        set_path(trial, name, value)
        try:
            Scenario.model_validate(trial)
        except ValidationError as exc:
            shown = format(value, "g") if isinstance(value, float) else repr(value)
            raise located_error(path, tree, ("factors", name), f"the value {shown} is not accepted by the scenario: "
                                + scenario_error_text(exc)) from None


def _policy_interventions(path: Path, tree: Any, spec: Experiment, data: dict) -> list[dict] | None:
    """The policy file's interventions, checked against the base scenario (same city, run length)."""
    if spec.policy is None:
        return None
    policy_path = path.parent / spec.policy
    if not policy_path.is_file():
        raise located_error(path, tree, ("policy",), f"no such scenario file {spec.policy} (relative to the experiment file)")
    interventions = load_scenario(policy_path).model_dump(mode="json")["interventions"]
    try:
        Scenario.model_validate({**copy.deepcopy(data), "interventions": interventions})
    except ValidationError as exc:
        raise located_error(path, tree, ("policy",), "its interventions do not fit the base scenario with these "
                            "settings: " + scenario_error_text(exc)) from None
    return interventions


def load_experiment(path: str | Path) -> LoadedExperiment:
    """Read and check an experiment file and its base scenario; ExperimentError (or, for the
    base scenario's own mistakes, ScenarioError) with file:line on any problem."""
    path = Path(path)
    spec, tree = validate_file(Experiment, path)
    base_path = path.parent / spec.base
    if not base_path.is_file():
        raise located_error(path, tree, ("base",), f"no such scenario file {spec.base} (a path relative to the experiment file)")
    scenario = load_scenario(base_path)
    data = scenario.model_dump(mode="json")
    for key, value in spec.scenario.items():
        _check_path(path, tree, ("scenario", key), data, key)
        set_path(data, key, value)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise located_error(path, tree, ("scenario",), "the base scenario with these settings is invalid: "
                            + scenario_error_text(exc)) from None
    data = scenario.model_dump(mode="json")
    for name, factor in spec.factors.items():
        value = _check_path(path, tree, ("factors", name), data, name)
        if factor.values is not None and spec.design.method != "full_factorial":
            raise located_error(path, tree, ("factors", name), f"a {spec.design.method} design samples ranges; "
                                                      "values: lists need method: full_factorial")
        if factor.range is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise located_error(path, tree, ("factors", name), f"a range needs a numeric parameter; its value is {value!r}")
        _check_factor_values(path, tree, data, name, factor)
    loaded = LoadedExperiment(spec=spec, path=str(path), base=data, wijken=scenario.city.wijk_names(),
                              policy=_policy_interventions(path, tree, spec, data))
    columns = loaded.outcome_columns()
    for n, d in enumerate(spec.discovery):
        if d.outcome not in columns:
            hint = difflib.get_close_matches(d.outcome, columns, n=1)
            raise located_error(path, tree, ("discovery", n, "outcome"), f"'{d.outcome}' is not an outcome column"
                        + (f" (did you mean '{hint[0]}'?)" if hint else "; columns are outcome.area.last|mean"))
    return loaded
