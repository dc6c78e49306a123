"""The run plots stay readable for a real gemeente with dozens of wijken."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from wijksim import plots


def indicators(wijken: int) -> pd.DataFrame:
    """Liveability for the city and `wijken` wijken, 2 replications, years 0-3."""
    rows = [{"level": "city", "unit": "city", "replication": r, "year": y, "liveability": 0.5}
            for r in range(2) for y in range(4)]
    rows += [{"level": "wijk", "unit": f"WK{w:02d}", "replication": r, "year": y, "liveability": w / wijken}
             for w in range(wijken) for r in range(2) for y in range(4)]
    return pd.DataFrame(rows)


def legend_of(ind: pd.DataFrame) -> list[str]:
    fig, ax = plt.subplots()
    plots._wijken(ax, ind, "liveability")
    labels = ax.get_legend_handles_labels()[1]
    plt.close(fig)
    return labels


def test_few_wijken_get_a_line_each_and_many_one_band_of_their_spread(tmp_path):
    assert legend_of(indicators(3)) == ["WK00", "WK01", "WK02"]
    assert len(legend_of(indicators(plots.MAX_WIJK_LINES))) == plots.MAX_WIJK_LINES
    many = plots.MAX_WIJK_LINES + 1
    assert legend_of(indicators(many)) == [f"{many} wijken: 5-95% range", "median wijk"]
    fig, ax = plt.subplots()
    plots._wijken(ax, indicators(many), "liveability")
    lo, hi = ax.collections[0].get_paths()[0].vertices[:, 1].min(), ax.collections[0].get_paths()[0].vertices[:, 1].max()
    plt.close(fig)
    medians = np.arange(many) / many
    assert (lo, hi) == pytest.approx((np.quantile(medians, 0.05), np.quantile(medians, 0.95)))
    plots.plot_indicator(indicators(many), "liveability", tmp_path / "l.png", "test")
    assert (tmp_path / "l.png").stat().st_size > 0
