"""Stationarity of the default baseline: how far segregation, class shares and take-up drift
between year 0 and the last year without policy (targets `stationarity_*`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..classes import SHARE_COLUMNS
from ..compare import interval
from ..indicators import LOW_CLASSES
from ..params import CLASS_KEYS

LOW_COLUMNS = [SHARE_COLUMNS[k] for k in LOW_CLASSES]
REFERENCE_WIJK = "Noord"  # the default city's vulnerable wijk
TAKE_UP_YEARS = 3  # take-up is compared as means over the first and last three years


def largest_change(start, end) -> tuple[str, float]:
    """The class whose share moved most from `start` to `end` (class shares in CLASS_KEYS
    order), and by how much."""
    change = np.asarray(end, dtype=float) - np.asarray(start, dtype=float)
    k = int(np.argmax(np.abs(change)))
    return CLASS_KEYS[k], float(change[k])


def _by_rep(ind: pd.DataFrame, year: int, columns) -> pd.DataFrame:
    return ind[ind["year"] == year].set_index("replication")[columns].sort_index()


def measures(results: list[dict]) -> pd.DataFrame:
    """Per replication and measure: the value in year 0, in the last year, and the change."""
    ind = pd.concat([r["indicators"] for r in results], ignore_index=True)
    city = ind[ind["level"] == "city"]
    wijk = ind[(ind["level"] == "wijk") & (ind["unit"] == REFERENCE_WIJK)]
    last = int(city["year"].max())
    rows = []

    def add(measure: str, start: pd.Series, end: pd.Series):
        for rep in start.index:
            rows.append({"measure": measure, "replication": rep, "start": float(start[rep]),
                         "end": float(end[rep]), "change": float(end[rep] - start[rep])})

    for column in ("dissimilarity_class", "dissimilarity_income"):
        add(column, _by_rep(city, 0, column), _by_rep(city, last, column))
    start, end = _by_rep(city, 0, SHARE_COLUMNS), _by_rep(city, last, SHARE_COLUMNS)
    for column in SHARE_COLUMNS:
        add(column, start[column], end[column])
    add(f"{REFERENCE_WIJK}_low_classes", _by_rep(wijk, 0, LOW_COLUMNS).sum(axis=1),
        _by_rep(wijk, last, LOW_COLUMNS).sum(axis=1))
    early = city[city["year"] < TAKE_UP_YEARS].groupby("replication")["take_up"].mean()
    late = city[city["year"] > last - TAKE_UP_YEARS].groupby("replication")["take_up"].mean()
    add("take_up", early, late)
    return pd.DataFrame(rows)


def figures(table: pd.DataFrame) -> dict[str, tuple[float, float, float]]:
    """The model's figure (mean, 90% interval across replications) of each stationarity target."""
    change = table.pivot(index="replication", columns="measure", values="change")
    return {
        "stationarity_class_dissimilarity": interval(change["dissimilarity_class"]),
        "stationarity_class_shares": interval(100 * change[SHARE_COLUMNS].abs().max(axis=1)),
        "stationarity_income_dissimilarity": interval(change["dissimilarity_income"]),
        "stationarity_noord_low_classes": interval(change[f"{REFERENCE_WIJK}_low_classes"]),
        "stationarity_take_up": interval(change["take_up"]),
    }


def report_lines(table: pd.DataFrame) -> list[str]:
    """The report section: each measure at the start and the end, mean across replications."""
    mean = table.groupby("measure", sort=False)[["start", "end", "change"]].mean()
    lines = ["## Stationarity of the baseline", "",
             "The default baseline without policy, year 0 (after the burn-in) against the last year, mean "
             f"across replications; take-up as means over the first and last {TAKE_UP_YEARS} years.", "",
             "| measure | year 0 | last year | change |", "|---|---|---|---|"]
    lines += [f"| {name.replace('_', ' ')} | {r.start:.3f} | {r.end:.3f} | {r.change:+.3f} |"
              for name, r in mean.iterrows()]
    return lines + [""]

