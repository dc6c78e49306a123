"""The calibration targets measurable from one baseline run, as validation/report.py measures
them: the observed (published) figure, the scale a difference is judged by (the tolerance's
half-width, so that a distance of 1 is the edge of the tolerance), and the model's figure."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..classes import SCP_SHARES, SHARE_COLUMNS


def _mean(city: pd.DataFrame, column: str) -> float:
    return float(city.loc[city["year"] >= 1, column].mean())


def _start(city: pd.DataFrame) -> float:
    first = city.loc[city["year"] == 0, SHARE_COLUMNS].to_numpy()[0]
    return float(100 * np.abs(first - SCP_SHARES).max())


def _stability(city: pd.DataFrame) -> float:
    first = city.loc[city["year"] == 0, SHARE_COLUMNS].to_numpy()[0]
    last = city.loc[city["year"] == city["year"].max(), SHARE_COLUMNS].to_numpy()[0]
    return float(100 * np.abs(last - first).max())


# target id: (observed figure, scale, measure on the city rows of one run's indicators)
MEASURES = {
    "rank_rank_slope": (0.28, 0.05, lambda c: _mean(c, "rank_rank_slope")),
    "non_take_up": (1 / 3, 0.05, lambda c: 1 - _mean(c, "help_sought")),
    "residential_mobility": (0.05, 0.015, lambda c: _mean(c, "moved_share")),
    "class_shares_start": (0.0, 3.0, _start),
    "class_shares_stability": (0.0, 3.0, _stability),
    # issue 13's register targets: the middle of the tolerance band and its half-width
    "debt_prevalence": (0.0775, 0.0175, lambda c: _mean(c, "debt_prevalence")),
    "debt_long_share": (0.625, 0.125, lambda c: _mean(c, "debt_long_share")),
    "evictions_per_1000_social_rent": (1.0, 0.6, lambda c: _mean(c, "evictions_per_1000_social_rent")),
    "bijstand_exit_short": (0.22, 0.05, lambda c: _mean(c, "bijstand_exit_short")),
    "bijstand_exit_long": (0.08, 0.03, lambda c: _mean(c, "bijstand_exit_long")),
}


def observed(targets: list[str]) -> dict[str, float]:
    return {t: MEASURES[t][0] for t in targets}


def scales(targets: list[str]) -> dict[str, float]:
    return {t: 1 / MEASURES[t][1] for t in targets}


def measure(indicators: pd.DataFrame, targets: list[str]) -> dict[str, float]:
    """The model's figure for each target from one run's indicators (NaN where it has none)."""
    city = indicators[indicators["level"] == "city"]
    return {t: MEASURES[t][2](city) for t in targets}
