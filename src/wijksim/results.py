"""Storing a run: indicators (Parquet), summary tables, plots and the resolved scenario,
written to a temporary folder and moved into place only when complete."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from pathlib import Path

import pandas as pd

from . import __version__
from .config import Scenario, resolved_yaml

SUMMARY_INDICATORS = [
    "households", "share_werkende_bovenlaag", "share_onzekere_werkenden", "share_precariaat",
    "mean_economic", "mean_social", "mean_personal", "balance", "unresolved_share", "escalated_share",
    "employment_rate", "gini", "dissimilarity_class", "bridging_share", "lonely_share", "trust",
    "take_up", "liveability", "cost_per_household", "rank_rank_slope",
]


@contextlib.contextmanager
def atomic_output(out: Path):
    """Yield a temporary folder that replaces `out` only if the block completes."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.partial-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def summary_table(ind: pd.DataFrame) -> pd.DataFrame:
    """Per city and wijk: first and last year, mean across replications with a 90% band."""
    first, last = ind["year"].min(), ind["year"].max()
    units = ind[ind["level"].isin(["city", "wijk"])]
    rows = []
    for (level, unit), part in units.groupby(["level", "unit"], sort=False):
        for name in SUMMARY_INDICATORS:
            start = part.loc[part["year"] == first, name]
            end = part.loc[part["year"] == last, name]
            rows.append({
                "unit": unit, "indicator": name,
                f"year_{first}": start.mean(), f"year_{last}": end.mean(),
                "p5": end.quantile(0.05), "p95": end.quantile(0.95),
                "change": end.mean() - start.mean(),
            })
    return pd.DataFrame(rows)


def to_markdown(table: pd.DataFrame, title: str) -> str:
    """A Markdown table with values rounded for reading."""
    cols = list(table.columns)
    lines = [f"# {title}", "", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in table.itertuples(index=False):
        cells = [f"{v:.4g}" if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def write_run(out: Path, scenario: Scenario, ind: pd.DataFrame, seconds: float, plot: bool = True) -> Path:
    """Write every output of a run into `out` (atomically)."""
    from .plots import plot_run

    with atomic_output(out) as tmp:
        ind.to_parquet(tmp / "indicators.parquet", index=False)
        table = summary_table(ind)
        table.to_csv(tmp / "summary.csv", index=False)
        reps = scenario.run.replications
        title = (f"{scenario.name}: {reps} replication(s), years {ind['year'].min()}-{ind['year'].max()}; "
                 f"mean across replications, p5-p95 of the last year")
        (tmp / "summary.md").write_text(to_markdown(table, title), encoding="utf-8")
        (tmp / "scenario.resolved.yaml").write_text(resolved_yaml(scenario), encoding="utf-8")
        meta = {"wijksim": __version__, "scenario": scenario.name, "seed": scenario.run.seed,
                "replications": reps, "years": scenario.run.years, "seconds": round(seconds, 2),
                "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        (tmp / "run.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        if plot:
            plot_run(ind, tmp / "plots", title=scenario.name)
    return out
