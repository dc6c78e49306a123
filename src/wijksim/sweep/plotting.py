"""Plots of a sweep's analysis, for a paper: every plot as PNG (300 dpi), SVG and PDF, with
human labels (:mod:`labels`) and a caption that states the design, N and the replications.

Sobol indices and their convergence as N grows, Morris mu*/sigma, heat maps (drivers,
Spearman rho, feature scores), trajectories of the time-series outcomes, and PRIM's
trade-off, box limits and pairs scatter."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from .labels import factor_label, outcome_label  # noqa: E402

MAX_FACTORS = 20  # factors shown per plot, the most important first
FORMATS = ("png", "svg", "pdf")
DPI = 300
STYLE = {"font.size": 10, "axes.titlesize": 11, "axes.labelsize": 10, "xtick.labelsize": 9, "ytick.labelsize": 9,
         "legend.fontsize": 9, "svg.fonttype": "none", "pdf.fonttype": 42, "axes.spines.top": False,
         "axes.spines.right": False}
COLOURS = plt.get_cmap("tab10").colors


def figure(width: float, height: float):
    """A figure in the house style (call save() to write and close it)."""
    with plt.rc_context(STYLE):
        return plt.subplots(figsize=(width, height))


def save(fig, stem: Path, caption: str) -> None:
    """Write stem.png (300 dpi), .svg and .pdf with the caption under the plot."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    width = fig.get_figwidth()
    lines = textwrap.wrap(caption, width=int(width * 14))
    fig.tight_layout()
    fig.text(0.0, 0.0, "\n".join(lines), fontsize=8, ha="left", va="top", color="#333",
             transform=fig.transFigure)
    for ext in FORMATS:
        fig.savefig(stem.parent / f"{stem.name}.{ext}", dpi=DPI, bbox_inches="tight", pad_inches=0.15)
    plt.close(fig)


def file_name(text: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in text)


def plot_sobol(t: pd.DataFrame, outcome: str, stem: Path, caption: str, years: int | None) -> None:
    """First- and total-order indices with their 95% bootstrap intervals, factors by ST."""
    t = t.sort_values("ST", ascending=True).tail(MAX_FACTORS)
    y = np.arange(len(t))
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7.5, 1.8 + 0.45 * len(t)))
        ax.barh(y - 0.2, t["S1"], 0.4, xerr=t["S1_conf"], label="first order S1", color="#4c72b0", capsize=3)
        ax.barh(y + 0.2, t["ST"], 0.4, xerr=t["ST_conf"], label="total order ST", color="#dd8452", capsize=3)
        ax.set_yticks(y, [factor_label(f) for f in t["factor"]])
        ax.axvline(0, color="grey", lw=0.6)
        ax.axvline(1, color="grey", lw=0.6, ls=":")
        ax.set_xlabel("Sobol index (share of the outcome's variance)")
        ax.set_title(outcome_label(outcome, years))
        ax.legend(loc="lower right")
        save(fig, stem, caption + " Error bars: 95% bootstrap intervals.")


def plot_convergence(conv: pd.DataFrame, outcome: str, stem: Path, caption: str, years: int | None) -> None:
    """S1 and ST of every factor against N (the first N base samples of the design), with
    95% bootstrap bands: flat lines inside narrow bands mean N is large enough."""
    factors = conv.groupby("factor")["ST"].last().sort_values(ascending=False).index[:8]
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), sharey=True)
        for ax, index in zip(axes, ("S1", "ST")):
            for colour, f in zip(COLOURS, factors):
                c = conv[conv["factor"] == f].sort_values("N")
                ax.plot(c["N"], c[index], "o-", color=colour, ms=3, lw=1.2, label=factor_label(f))
                ax.fill_between(c["N"], c[index] - c[f"{index}_conf"], c[index] + c[f"{index}_conf"], color=colour,
                                alpha=0.15, lw=0)
            ax.set_xscale("log", base=2)
            ax.set_xticks(sorted(conv["N"].unique()), [str(n) for n in sorted(conv["N"].unique())])
            ax.axhline(0, color="grey", lw=0.6)
            ax.axhline(1, color="grey", lw=0.6, ls=":")
            ax.set_ylim(-0.3, 1.3)  # the bands of small N run far beyond [0, 1]: cut off at the axes
            ax.set_xlabel("N (base samples)")
            ax.set_title({"S1": "first order S1", "ST": "total order ST"}[index])
        axes[0].set_ylabel("Sobol index")
        axes[1].legend(loc="best")
        fig.suptitle(f"Convergence: {outcome_label(outcome, years)}")
        save(fig, stem, caption + " Each N uses the first N base samples of the design (a Sobol sequence is "
                                  "nested); bands: 95% bootstrap intervals, cut off at -0.3 and 1.3.")


def plot_morris(t: pd.DataFrame, outcome: str, stem: Path, caption: str, years: int | None) -> None:
    """mu* against sigma; the most influential factors labelled."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7.5, 5.5))
        ax.errorbar(t["mu_star"], t["sigma"], xerr=t["mu_star_conf"], fmt="o", ms=4, color="#4c72b0", ecolor="#aaa")
        for _, r in t.sort_values("mu_star").tail(10).iterrows():
            ax.annotate(factor_label(r["factor"]), (r["mu_star"], r["sigma"]), fontsize=8, xytext=(3, 3),
                        textcoords="offset points")
        lim = max(t["mu_star"].max(), t["sigma"].max()) * 1.05 or 1
        ax.plot([0, lim], [0, lim], color="grey", lw=0.6, ls="--")  # sigma = mu*: effects depend on other factors
        ax.set_xlabel("mu* (mean absolute elementary effect)")
        ax.set_ylabel("sigma (spread of the effects)")
        ax.set_title(outcome_label(outcome, years))
        save(fig, stem, caption + " Error bars: 95% bootstrap interval of mu*. Far right: influential; high up "
                                  "(near the dashed line sigma = mu*): interactions or non-linearity.")


def plot_heatmap(m: pd.DataFrame, title: str, colour_label: str, stem: Path, caption: str, signed: bool = False,
                 years: int | None = None) -> None:
    """Outcomes (rows) by factors (columns) with the value as colour and number. The colour
    scale is not clipped: it runs to the largest value (at least 1)."""
    m = m[m.abs().max().sort_values(ascending=False).head(MAX_FACTORS).index]
    values = m.to_numpy(float)
    top = max(1.0, float(np.nanmax(np.abs(values)))) if np.isfinite(values).any() else 1.0
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(3.8 + 1.1 * m.shape[1], 1.6 + 0.42 * m.shape[0]))
        im = ax.imshow(values, aspect="auto", cmap="RdBu_r" if signed else "viridis",
                       vmin=-top if signed else 0, vmax=top)
        if values.size <= 400:
            for (i, j), v in np.ndenumerate(values):
                if np.isfinite(v):
                    dark = abs(v) > 0.6 * top if signed else v < 0.6 * top
                    ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=8,
                            color="white" if dark else "black")
        ax.set_xticks(range(m.shape[1]), [factor_label(c) for c in m.columns], rotation=30, ha="right")
        ax.set_yticks(range(m.shape[0]), [outcome_label(c, years) for c in m.index])
        fig.colorbar(im, ax=ax, label=colour_label)
        ax.set_title(title)
        save(fig, stem, caption)


def plot_series(series: pd.DataFrame, runs: pd.DataFrame, indicator: str, area: str, factors: list[str], stem: Path,
                caption: str) -> None:
    """Yearly trajectories of one indicator in one area, a panel per factor: every run in
    grey, and the median and 10-90% band of the runs in the low, middle and high third of
    that factor's range."""
    s = series[(series["indicator"] == indicator) & (series["area"] == area)]
    wide = s.pivot_table(index=["point", "replication"], columns="year", values="value")
    values = runs.set_index(["point", "replication"]).loc[wide.index]
    shown = factors[:6]
    thirds = (("low third", "#4c72b0"), ("middle third", "#55a868"), ("high third", "#c44e52"))
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, len(shown), figsize=(4.3 * len(shown), 4.0), sharey=True, squeeze=False)
        alpha = float(np.clip(20 / max(len(wide), 1), 0.01, 0.3))
        for ax, f in zip(axes[0], shown):
            ax.plot(wide.columns, wide.to_numpy().T, color="#999", lw=0.4, alpha=alpha)
            v = pd.to_numeric(values[f], errors="coerce").to_numpy(float)
            edges = np.nanquantile(v, [0, 1 / 3, 2 / 3, 1])
            for k, (label, colour) in enumerate(thirds):
                part = wide[(v >= edges[k]) & ((v < edges[k + 1]) if k < 2 else (v <= edges[k + 1]))]
                if not len(part):
                    continue
                ax.fill_between(wide.columns, part.quantile(0.1), part.quantile(0.9), color=colour, alpha=0.15, lw=0)
                ax.plot(wide.columns, part.median(), color=colour, lw=2,
                        label=f"{label}: {edges[k]:.3g} to {edges[k + 1]:.3g}")
            ax.set_title(factor_label(f))
            ax.set_xlabel("year")
            ax.legend(loc="upper left", fontsize=8)
        axes[0][0].set_ylabel(f"{indicator.replace('_', ' ')}, {area}")
        fig.suptitle(f"{indicator.replace('_', ' ')} in {area}, by the value of each factor")
        save(fig, stem, caption + f" Grey: each of the {len(wide):,} runs; lines: median of the runs in the low, "
                                  "middle and high third of the factor's sampled values; bands: their 10-90% range.")


def plot_tradeoff(trajectory: pd.DataFrame, chosen: int, name: str, stem: Path, caption: str) -> None:
    """PRIM's peeling trajectory: coverage against density, box numbers, the chosen box marked."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7, 5.2))
        sc = ax.scatter(trajectory["coverage"], trajectory["density"], c=trajectory["res_dim"], cmap="viridis", s=22)
        step = max(1, len(trajectory) // 12)
        for i in range(0, len(trajectory), step):
            ax.annotate(str(i), (trajectory["coverage"][i], trajectory["density"][i]), fontsize=7,
                        xytext=(3, 3), textcoords="offset points", color="#555")
        ax.scatter([trajectory["coverage"][chosen]], [trajectory["density"][chosen]], s=160, facecolors="none",
                   edgecolors="red", lw=1.5, label=f"chosen: box {chosen}")
        fig.colorbar(sc, ax=ax, label="restricted factors", ticks=range(int(trajectory["res_dim"].max()) + 1))
        ax.set_xlabel("coverage (share of all cases inside the box)")
        ax.set_ylabel("density (share of the box's runs that are cases)")
        ax.set_xlim(0, 1.02)
        ax.set_ylim(0, 1.02)
        ax.legend(loc="lower left")
        ax.set_title(f"PRIM peeling trajectory: {name}")
        save(fig, stem, caption + " Numbers: box index on the trajectory (choose one with sweep-analyse --box).")


def plot_box_limits(limits: pd.DataFrame, bounds: dict[str, tuple[float, float]], stats: pd.Series, name: str,
                    stem: Path, caption: str) -> None:
    """The chosen box's limits on each restricted factor, against the factor's full range."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7.5, 1.8 + 0.6 * len(limits)))
        for i, (f, row) in enumerate(limits.iterrows()):
            lo, hi = bounds[f]
            span = (hi - lo) or 1.0
            a, b = (row["low"] - lo) / span, (row["high"] - lo) / span
            ax.plot([0, 1], [i, i], color="#ccc", lw=8, solid_capstyle="butt")
            ax.plot([a, b], [i, i], color="#dd8452", lw=8, solid_capstyle="butt")
            ax.text(a, i + 0.28, f"{row['low']:.3g}", ha="center", fontsize=8)
            ax.text(b, i + 0.28, f"{row['high']:.3g}", ha="center", fontsize=8)
            qp = max(v for v in (row["qp_low"], row["qp_high"]) if pd.notna(v))
            ax.text(1.03, i, f"quasi-p {qp:.2g}", va="center", fontsize=8)
        ax.set_yticks(range(len(limits)), [f"{factor_label(f)}\n[{bounds[f][0]:.3g}, {bounds[f][1]:.3g}]"
                                           for f in limits.index])
        ax.set_xlim(-0.05, 1.25)
        ax.set_ylim(-0.6, len(limits) - 0.3)
        ax.set_xticks([0, 0.5, 1], ["low end", "middle", "high end"])
        ax.set_xlabel("position in the factor's range (grey: full range; orange: the box)")
        ax.set_title(f"PRIM box: {name} (coverage {stats['coverage']:.2f}, density {stats['density']:.2f})")
        save(fig, stem, caption)


def plot_pairs(x: pd.DataFrame, cases: np.ndarray, limits: pd.DataFrame, name: str, stem: Path, caption: str) -> None:
    """Pairs scatter of the restricted factors: cases of interest against the other runs,
    with the box drawn; on the diagonal the distribution of each."""
    dims = list(limits.index)[:5]
    k = len(dims)
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(k, k, figsize=(max(6.0, 2.8 * k + 1.2), max(4.5, 2.8 * k + 0.6)), squeeze=False)
        for i, fi in enumerate(dims):
            for j, fj in enumerate(dims):
                ax = axes[i][j]
                if i == j:
                    bins = np.linspace(x[fi].min(), x[fi].max(), 21)
                    ax.hist(x.loc[~cases, fi], bins=bins, color="#4c72b0", histtype="step", lw=1.5, label="other runs")
                    ax.hist(x.loc[cases, fi], bins=bins, color="#d62728", histtype="step", lw=1.5,
                            label="cases of interest")
                    ax.set_ylabel("runs" if j == 0 else "")
                    ax.axvspan(limits.loc[fi, "low"], limits.loc[fi, "high"], color="#dd8452", alpha=0.15)
                elif i > j:
                    ax.scatter(x.loc[~cases, fj], x.loc[~cases, fi], s=4, color="#4c72b0", alpha=0.5, lw=0)
                    ax.scatter(x.loc[cases, fj], x.loc[cases, fi], s=4, color="#d62728", alpha=0.6, lw=0)
                    ax.add_patch(plt.Rectangle((limits.loc[fj, "low"], limits.loc[fi, "low"]),
                                               limits.loc[fj, "high"] - limits.loc[fj, "low"],
                                               limits.loc[fi, "high"] - limits.loc[fi, "low"], fill=False,
                                               edgecolor="black", lw=1.2))
                else:
                    ax.axis("off")
                    continue
                if i == k - 1:
                    ax.set_xlabel(factor_label(fj))
                if j == 0 and i != j:
                    ax.set_ylabel(factor_label(fi))
        axes[0][0].legend(loc="upper left", fontsize=7)
        fig.suptitle(f"PRIM box on the restricted factors: {name}")
        save(fig, stem, caption + " Red: cases of interest; blue: other runs; black rectangle and orange band: "
                                  "the box. Diagonal: number of runs along each factor.")
