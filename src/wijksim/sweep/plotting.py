"""Plots of a sweep's analysis: Sobol indices, Morris mu*/sigma, the drivers heat map and
PRIM's coverage-density trade-off."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

MAX_FACTORS = 20  # factors shown per plot, the most important first


def _save(fig, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _file(outcome: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in outcome)


def plot_sobol(t: pd.DataFrame, outcome: str, path: Path) -> None:
    """First- and total-order indices with 95% intervals, factors by ST."""
    t = t.sort_values("ST", ascending=True).tail(MAX_FACTORS)
    y = np.arange(len(t))
    fig, ax = plt.subplots(figsize=(7, 1.2 + 0.35 * len(t)))
    ax.barh(y - 0.2, t["S1"], 0.4, xerr=t["S1_conf"], label="first order S1", color="#4c72b0", capsize=2)
    ax.barh(y + 0.2, t["ST"], 0.4, xerr=t["ST_conf"], label="total order ST", color="#dd8452", capsize=2)
    ax.set_yticks(y, t["factor"])
    ax.axvline(0, color="grey", lw=0.5)
    ax.set_xlabel("Sobol index (95% interval)")
    ax.set_title(outcome, fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    _save(fig, path)


def plot_morris(t: pd.DataFrame, outcome: str, path: Path) -> None:
    """mu* against sigma; the most influential factors labelled."""
    fig, ax = plt.subplots(figsize=(7, 5))
    ax.errorbar(t["mu_star"], t["sigma"], xerr=t["mu_star_conf"], fmt="o", ms=4, color="#4c72b0", ecolor="#aaa")
    for _, r in t.sort_values("mu_star").tail(10).iterrows():
        ax.annotate(r["factor"].removeprefix("model."), (r["mu_star"], r["sigma"]), fontsize=7,
                    xytext=(3, 3), textcoords="offset points")
    lim = max(t["mu_star"].max(), t["sigma"].max()) * 1.05 or 1
    ax.plot([0, lim], [0, lim], color="grey", lw=0.5, ls="--")  # sigma = mu*: effects depend on other factors
    ax.set_xlabel("mu* (mean absolute elementary effect, 95% interval)")
    ax.set_ylabel("sigma (spread of the effects: interactions, non-linearity)")
    ax.set_title(outcome, fontsize=10)
    _save(fig, path)


def plot_drivers(matrix: pd.DataFrame, method: str, path: Path) -> None:
    """Heat map of the horizon means: outcomes (rows) by factors (columns), importance as colour."""
    m = matrix[matrix.index.str.endswith(".mean")]
    m = m[m.max().sort_values(ascending=False).head(MAX_FACTORS).index]
    fig, ax = plt.subplots(figsize=(3 + 0.6 * m.shape[1], 1.5 + 0.32 * m.shape[0]))
    values = m.to_numpy(float)
    im = ax.imshow(values, aspect="auto", cmap="viridis", vmin=0, vmax=1)
    if values.size <= 400:
        for (i, j), v in np.ndenumerate(values):
            if np.isfinite(v):
                ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=6, color="white" if v < 0.6 else "black")
    ax.set_xticks(range(m.shape[1]), [c.removeprefix("model.") for c in m.columns], rotation=45, ha="right", fontsize=7)
    ax.set_yticks(range(m.shape[0]), m.index.str.removesuffix(".mean"), fontsize=7)
    fig.colorbar(im, ax=ax, label={"sobol": "total-order index ST", "morris": "share of mu*"}.get(method, "|Spearman rho|"))
    ax.set_title("which parameters drive which outcomes (horizon means)", fontsize=9)
    _save(fig, path)


def plot_tradeoff(trajectory: pd.DataFrame, chosen: int, name: str, path: Path) -> None:
    """PRIM's peeling trajectory: coverage against density, the chosen box marked."""
    fig, ax = plt.subplots(figsize=(6, 4.5))
    sc = ax.scatter(trajectory["coverage"], trajectory["density"], c=trajectory["res_dim"], cmap="viridis", s=18)
    ax.scatter([trajectory["coverage"][chosen]], [trajectory["density"][chosen]], s=120, facecolors="none",
               edgecolors="red", label=f"box {chosen}")
    fig.colorbar(sc, ax=ax, label="restricted factors", ticks=range(int(trajectory["res_dim"].max()) + 1))
    ax.set_xlabel("coverage")
    ax.set_ylabel("density")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.legend(loc="lower left")
    ax.set_title(f"PRIM trade-off: {name}", fontsize=10)
    _save(fig, path)


def plot_analysis(table: pd.DataFrame, matrix: pd.DataFrame, method: str, dest: Path) -> None:
    """Per city-level outcome (horizon mean) a Sobol or Morris plot, and the drivers heat map."""
    if method in ("sobol", "morris"):
        plot = plot_sobol if method == "sobol" else plot_morris
        for outcome, t in table.groupby("outcome", sort=False):
            if ".city." in outcome and outcome.endswith(".mean"):
                plot(t, outcome, dest / f"{method}-{_file(outcome)}.png")
    plot_drivers(matrix, method, dest / "drivers.png")
