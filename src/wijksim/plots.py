"""PNG plots of the main indicators over the horizon, with bands across replications."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from .classes import CLASS_LABELS, SCP_SHARES as _SCP  # noqa: E402
from .indicators import INDICATORS  # noqa: E402
from .params import CLASS_KEYS  # noqa: E402

MAIN = ["balance", "unresolved_share", "escalated_share", "employment_rate", "gini",
        "dissimilarity_class", "bridging_share", "lonely_share", "trust", "take_up",
        "liveability", "cost_per_household"]
SCP_SHARES = dict(zip(CLASS_KEYS, _SCP))
MAX_WIJK_LINES = 10  # with more wijken (a real gemeente has dozens) one band shows their spread


def _band(ax, part: pd.DataFrame, name: str, label: str, **style):
    """Median line and 5-95% band across replications."""
    g = part.groupby("year")[name]
    mid = g.median()
    line, = ax.plot(mid.index, mid.values, label=label, **style)
    if part["replication"].nunique() > 1:
        ax.fill_between(mid.index, g.quantile(0.05).values, g.quantile(0.95).values,
                        color=line.get_color(), alpha=0.2, linewidth=0)


def _wijken(ax, ind: pd.DataFrame, name: str) -> bool:
    """A line and band per wijk; with more than MAX_WIJK_LINES wijken, the median wijk and the
    5-95% range of the wijken's medians instead, so that the plot stays readable. Returns
    whether it drew the range."""
    wijken = ind[ind["level"] == "wijk"]
    n = wijken["unit"].nunique()
    if n <= MAX_WIJK_LINES:
        for unit, part in wijken.groupby("unit", sort=False):
            _band(ax, part, name, unit)
        return False
    by_year = wijken.groupby(["year", "unit"])[name].median().groupby("year")
    years = list(by_year.groups)
    ax.fill_between(years, by_year.quantile(0.05).values, by_year.quantile(0.95).values, color="tab:blue",
                    alpha=0.2, linewidth=0, label=f"{n} wijken: 5-95% range")
    ax.plot(years, by_year.median().values, color="tab:blue", linestyle="--", label="median wijk")
    return True


def _finish(fig, ax, title: str, path: Path, ncols: int, below: bool = False):
    ax.set_title(title, fontsize=9)
    ax.set_xlabel("year")
    where = {"loc": "upper center", "bbox_to_anchor": (0.5, -0.13)} if below else {}
    ax.legend(fontsize=7, ncols=ncols, **where)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_indicator(ind: pd.DataFrame, name: str, path: Path, title: str = ""):
    """One indicator for the city and each wijk."""
    fig, ax = plt.subplots(figsize=(7, 4.2))
    _wijken(ax, ind, name)
    _band(ax, ind[ind["level"] == "city"], name, "city", color="black", linewidth=2.2)
    _finish(fig, ax, f"{title}: {INDICATORS.get(name, name)}", path, ncols=3)


def plot_classes(ind: pd.DataFrame, path: Path, title: str = ""):
    """City class shares over time, with SCP (2023) shares as dotted reference lines."""
    city = ind[ind["level"] == "city"]
    fig, ax = plt.subplots(figsize=(8, 4.6))
    for k in CLASS_KEYS:
        _band(ax, city, f"share_{k}", CLASS_LABELS[k])
        ax.axhline(SCP_SHARES[k], color=ax.lines[-1].get_color(), linestyle=":", linewidth=1)
    ax.set_ylabel("share of households")
    _finish(fig, ax, f"{title}: class shares in the city (dotted: SCP 2023)", path, ncols=4, below=True)


def plot_overview(ind: pd.DataFrame, path: Path, title: str = ""):
    """A grid of the main indicators, city and wijken, on one page."""
    fig, axes = plt.subplots(3, 4, figsize=(16, 10), sharex=True)
    for ax, name in zip(axes.ravel(), MAIN):
        many = _wijken(ax, ind, name)
        _band(ax, ind[ind["level"] == "city"], name, "city", color="black", linewidth=2)
        ax.set_title(name, fontsize=9)
        ax.grid(alpha=0.3)
    axes[0, 0].legend(fontsize=7)
    bands = ("city: median and 5-95% band across replications; wijken: median wijk and 5-95% range" if many
             else "median and 5-95% band across replications")
    fig.suptitle(f"{title}: main indicators ({bands})")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def plot_run(ind: pd.DataFrame, folder: Path, title: str = ""):
    """All plots of a run."""
    folder.mkdir(parents=True, exist_ok=True)
    plot_overview(ind, folder / "overview.png", title)
    plot_classes(ind, folder / "class_shares.png", title)
    for name in MAIN:
        plot_indicator(ind, name, folder / f"{name}.png", title)
