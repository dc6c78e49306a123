"""Reading a comparison folder (written by compare.write_comparison) and the effects computed
from it: per replication, scenario minus baseline, with the 90% interval of compare.interval."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..compare import interval, target_wijken
from ..config import Scenario, ScenarioError, load_scenario


@dataclass
class Run:
    """One scenario of a comparison: its resolved scenario, indicators and year-0 cohort."""

    scenario: Scenario
    ind: pd.DataFrame
    cohort: pd.DataFrame

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def targets(self) -> list[str]:
        return target_wijken(self.scenario)


@dataclass
class Comparison:
    """Everything the report is built from."""

    folder: Path
    manifest: dict
    base: Run
    runs: list[Run]
    differences: pd.DataFrame
    costs: pd.DataFrame

    @property
    def years(self) -> int:
        return int(self.base.ind["year"].max())

    @property
    def wijken(self) -> list[str]:
        return list(self.base.ind.loc[self.base.ind["level"] == "wijk", "unit"].unique())


def load(folder: Path) -> Comparison:
    """Read a comparison folder; a folder that is not one is a ScenarioError (one line)."""
    folder = Path(folder)
    manifest_path = folder / "comparison.json"
    if not manifest_path.is_file():
        raise ScenarioError(f"{folder}: not a comparison folder (no comparison.json); run wijksim compare or report first")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))

    def run(name: str, file: str) -> Run:
        return Run(load_scenario(folder / "scenarios" / f"{name}.resolved.yaml"),
                   pd.read_parquet(folder / f"indicators-{file}.parquet"),
                   pd.read_parquet(folder / f"cohort-{file}.parquet"))

    return Comparison(folder, manifest, run("baseline", "baseline"), [run(n, n) for n in manifest["scenarios"]],
                      pd.read_csv(folder / "differences.csv"), pd.read_csv(folder / "costs.csv"))


def per_replication(ind: pd.DataFrame, unit: str, value) -> pd.Series:
    """`value(frame)` per replication, averaged over years 1..last, for one unit ('city', a wijk,
    or 'rest:<wijk,...>' for the city without those wijken, for totals and household means)."""
    part = ind[ind["year"] > 0]
    if unit.startswith("rest:"):
        left_out = unit[5:].split(",")
        city = part[part["unit"] == "city"].set_index(["replication", "year"])
        wijk = part[part["unit"].isin(left_out) & (part["level"] == "wijk")].groupby(["replication", "year"]).sum(numeric_only=True)
        frame = _rest(city, wijk)
    else:
        frame = part[part["unit"] == unit].set_index(["replication", "year"])
    return value(frame).groupby("replication").mean()


def _rest(city: pd.DataFrame, wijk: pd.DataFrame) -> pd.DataFrame:
    """Totals and household-weighted means of the city without some wijken."""
    n = city["households"] - wijk["households"]
    out = pd.DataFrame({"households": n})
    for col in city.columns:
        if col in ("households_in_work", "households_in_basisbaan", "cost_eur", "intervention_cost_eur"):
            out[col] = city[col] - wijk[col]
        elif col.endswith("_share") or col in ("trust", "liveability", "mean_economic", "escalations_per_1000"):
            out[col] = (city[col] * city["households"] - wijk[col] * wijk["households"]) / n
    return out


def effect(base: pd.DataFrame, scen: pd.DataFrame, unit: str, value) -> tuple[float, float, float, float]:
    """(baseline mean, difference, 90% interval) of `value` (see per_replication)."""
    b, s = per_replication(base, unit, value), per_replication(scen, unit, value)
    mean, lo, hi = interval((s - b.reindex(s.index)).to_numpy())
    return float(b.mean()), mean, lo, hi


def beyond_noise(lo: float, hi: float) -> bool:
    """Whether a 90% interval excludes zero."""
    return bool(np.isfinite(lo) and np.isfinite(hi) and (lo > 0 or hi < 0))
