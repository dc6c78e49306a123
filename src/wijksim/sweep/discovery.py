"""Scenario discovery with PRIM (ema-workbench): under which factor values do runs end up
in a region of interest, e.g. "the policy fails: escalations in Noord above 5%"?

PRIM peels the factor space down to a box that holds many cases of interest (coverage: the
share of all cases of interest inside the box) at a high rate (density: the share of runs in
the box that are cases). Of the boxes on its peeling trajectory we take the densest one
whose coverage is at least the experiment's `min_coverage` and whose restrictions all have a
quasi-p value of at most 0.05 (none that chance alone could give), or the one `--box N`
names. Restrictions are never dropped from a box afterwards: that widens it and can lower its
density a lot (0.9 to 0.5 was seen); a box chosen with `--box` that has a restriction with a
quasi-p value above 0.05 gets it flagged.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import ScenarioError
from .spec import Discovery

MAX_QP = 0.05


def _prim_class():
    with warnings.catch_warnings():  # optional ema-workbench extras (ipyparallel, altair) we do not use
        warnings.simplefilter("ignore")
        from ema_workbench.analysis.prim import Prim
    return Prim


def _limits(found, i: int) -> pd.DataFrame:
    """Box i's restricted factors: low, high and their quasi-p values."""
    if found.peeling_trajectory["res_dim"].iloc[i] == 0:
        return pd.DataFrame(columns=["low", "high", "qp_low", "qp_high"], dtype=float)
    _, limits = found.inspect(i, style="data")[0]
    limits.columns = ["low", "high", "qp_low", "qp_high"]
    return limits


def _default_box(found, trajectory: pd.DataFrame, min_coverage: float) -> int:
    """The densest box with coverage >= min_coverage whose every restriction is significant
    (quasi-p <= MAX_QP); without such a box, the densest with enough coverage."""
    eligible = trajectory[trajectory["coverage"] >= min_coverage].sort_values("density", ascending=False, kind="stable")
    for i in eligible.index:
        if not (_limits(found, int(i))[["qp_low", "qp_high"]].max(axis=1) > MAX_QP).any():
            return int(i)
    return int(eligible.index[0]) if len(eligible) else 0


def find_box(x: pd.DataFrame, cases: np.ndarray, min_coverage: float, box: int | None = None):
    """Run PRIM; return (trajectory, chosen index, limits of its restricted factors with
    quasi-p values) or None when there is nothing to discover (no cases, or every run a
    case). `box` picks a box on the peeling trajectory instead of the automatic choice."""
    if cases.all() or not cases.any():
        return None
    with warnings.catch_warnings():  # ema-workbench's own deprecation warnings (pandas 3)
        warnings.simplefilter("ignore")
        found = _prim_class()(x.reset_index(drop=True), cases.astype(int), mass_min=0.05).find_box()
        trajectory = found.peeling_trajectory.reset_index(drop=True)
        if box is None:
            chosen = _default_box(found, trajectory, min_coverage)
        elif not 0 <= box < len(trajectory):
            raise ScenarioError(f"--box {box}: the peeling trajectory has boxes 0 to {len(trajectory) - 1}")
        else:
            chosen = box
        limits = _limits(found, chosen)
    return trajectory, chosen, limits


def discover(runs: pd.DataFrame, factors: list[str], d: Discovery, dest: Path, plot: bool = True,
             box: int | None = None, bounds: dict[str, tuple[float, float]] | None = None,
             caption: str = "") -> str:
    """Run PRIM for one discovery question; write discovery-NAME.md/.csv (and plots); return the text."""
    from .labels import factor_label

    ok = runs[(runs["status"] == "ok") & runs[d.outcome].notna()]
    y = ok[d.outcome].to_numpy()
    cases = y > d.above if d.above is not None else y < d.below
    condition = f"{d.outcome} {'above ' + format(d.above, 'g') if d.above is not None else 'below ' + format(d.below, 'g')}"
    lines = [f"# Scenario discovery: {d.name}", "",
             f"Cases of interest: runs with {condition}: {int(cases.sum())} of {len(ok)} successful runs "
             f"({cases.mean():.0%})." if len(ok) else f"Cases of interest: runs with {condition}: no successful runs.", ""]
    found = find_box(ok[factors], cases, d.min_coverage, box) if len(ok) else None
    if found is None:
        lines.append("Nothing to discover: either no run or every run is a case of interest.")
    else:
        trajectory, chosen, limits = found
        stats = trajectory.iloc[chosen]
        how = (f"chosen with --box {box}" if box is not None else
               f"the densest with coverage >= {d.min_coverage:g} and only significant restrictions; choose another "
               "with `sweep-analyse --box N`")
        lines += [f"PRIM box {chosen} of the {len(trajectory)} boxes on its peeling trajectory ({how}): "
                  f"coverage {stats['coverage']:.2f}, density {stats['density']:.2f}, mass {stats['mass']:.2f} "
                  f"(share of runs inside), {int(stats['res_dim'])} restricted factor(s).", "",
                  "| factor | low | high | quasi-p (low, high) |", "|---|---|---|---|"]
        for factor, row in limits.iterrows():
            qp = ", ".join("-" if pd.isna(v) else f"{v:.2g}" for v in (row["qp_low"], row["qp_high"]))
            weak = " (not significant: chance could give this restriction)" if \
                row[["qp_low", "qp_high"]].max() > MAX_QP else ""
            lines.append(f"| {factor_label(factor)} (`{factor}`) | {row['low']:.4g} | {row['high']:.4g} | {qp}{weak} |")
        lines += ["", "The peeling trajectory (`discovery-NAME-trajectory.csv`, plot `discovery-NAME-tradeoff`) "
                  "shows the other boxes: fewer restrictions give more coverage at less density."]
        limits.rename_axis("factor").to_csv(dest / f"discovery-{d.name}.csv")
        trajectory.to_csv(dest / f"discovery-{d.name}-trajectory.csv", index=False)
        if plot:
            from .plotting import plot_box_limits, plot_pairs, plot_tradeoff

            what = f" Cases: {condition} ({int(cases.sum())} of {len(ok)} runs)."
            plot_tradeoff(trajectory, chosen, d.name, dest / "plots" / f"discovery-{d.name}-tradeoff", caption + what)
            if len(limits):
                plot_box_limits(limits, bounds or {f: (ok[f].min(), ok[f].max()) for f in limits.index}, stats, d.name,
                                dest / "plots" / f"discovery-{d.name}-box", caption + what)
                plot_pairs(ok[factors].reset_index(drop=True), cases, limits, d.name,
                           dest / "plots" / f"discovery-{d.name}-pairs", caption + what)
    text = "\n".join(lines) + "\n"
    (dest / f"discovery-{d.name}.md").write_text(text, encoding="utf-8")
    return text
