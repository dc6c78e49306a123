"""Difference plots for the report: scenario minus baseline over the years, in the target wijken
and in the rest of the city, with the 90% interval band and the intervention periods marked.
Returned as data URIs of SVG, so the HTML file needs nothing else."""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats  # noqa: E402

from ..compare import INTERVAL  # noqa: E402
from .data import Run  # noqa: E402
from .text import PLOT_LABELS  # noqa: E402

# indicator, display scale (shares as percentage points, indices as points of 0-100, counts as they are)
PANELS = [("escalated_share", 100), ("unresolved_share", 100), ("benefit_share", 100),
          ("lonely_share", 100), ("trust", 100), ("liveability", 100)]


def _yearly_difference(base: pd.DataFrame, scen: pd.DataFrame, unit: str, name: str) -> pd.DataFrame:
    from .data import _rest

    def series(ind):
        part = ind[ind["year"] >= 0]
        if unit.startswith("rest:"):
            city = part[part["unit"] == "city"].set_index(["replication", "year"])
            wijk = part[part["unit"].isin(unit[5:].split(",")) & (part["level"] == "wijk")]
            return _rest(city, wijk.groupby(["replication", "year"]).sum(numeric_only=True))[name]
        return part[part["unit"] == unit].set_index(["replication", "year"])[name]

    diff = (series(scen) - series(base)).unstack("replication")
    n = diff.shape[1]
    mean = diff.mean(axis=1)
    half = stats.t.ppf(0.5 + INTERVAL / 2, max(n - 1, 1)) * diff.std(axis=1, ddof=1) / np.sqrt(n) if n > 1 else 0 * mean
    return pd.DataFrame({"mean": mean, "lo": mean - half, "hi": mean + half})


def difference_plot(base: Run, run: Run, lang: str) -> str:
    """An SVG data URI: six panels, the target wijken and the rest of the city."""
    targets = run.targets
    colours = ["#c0392b", "#8e44ad", "#d35400", "#16a085"]
    lines = [(w, w, colours[i % len(colours)]) for i, w in enumerate(targets)]
    lines.append(("rest:" + ",".join(targets), PLOT_LABELS["rest"][lang], "#2471a3") if targets
                 else ("city", PLOT_LABELS["city"][lang], "#2471a3"))
    fig, axes = plt.subplots(2, 3, figsize=(10.5, 5.6), sharex=True)
    periods = sorted({tuple(spec.years) for _, spec in run.scenario.intervention_specs()})
    for ax, (name, scale) in zip(axes.flat, PANELS):
        for first, last in periods:
            ax.axvspan(first - 1, last, color="#f4d03f", alpha=0.12, lw=0)
        ax.axhline(0, color="black", lw=0.8)
        for unit, text, colour in lines:
            d = _yearly_difference(base.ind, run.ind, unit, name) * scale
            ax.plot(d.index, d["mean"], color=colour, label=text, lw=1.6)
            ax.fill_between(d.index, d["lo"], d["hi"], color=colour, alpha=0.25, lw=0)
        ax.set_title(PLOT_LABELS[name][lang], fontsize=9)
        ax.grid(alpha=0.3)
        ax.tick_params(labelsize=8)
    for ax in axes[1]:
        ax.set_xlabel(PLOT_LABELS["year"][lang], fontsize=8)
    axes[0, 0].legend(fontsize=8, loc="best")
    fig.tight_layout()
    return svg_uri(fig)


def svg_uri(fig) -> str:
    """The figure as a base64 SVG data URI (text kept as text, fonts from the browser)."""
    buf = io.BytesIO()
    with plt.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buf, format="svg")
    plt.close(fig)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
