"""Scenario discovery with PRIM (ema-workbench): under which factor values do runs end up
in a region of interest, e.g. "the policy fails: escalations in Noord above 5%"?

PRIM peels the factor space down to a box that holds many cases of interest (coverage: the
share of all cases of interest inside the box) at a high rate (density: the share of runs in
the box that are cases). Of the boxes on its peeling trajectory we take the densest one
whose coverage is at least the experiment's `min_coverage`, and drop its restrictions whose
quasi-p value is above 0.05 (a restriction that chance alone would give).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .spec import Discovery

MAX_QP = 0.05


def _prim_class():
    with warnings.catch_warnings():  # optional ema-workbench extras (ipyparallel, altair) we do not use
        warnings.simplefilter("ignore")
        from ema_workbench.analysis.prim import Prim
    return Prim


def find_box(x: pd.DataFrame, cases: np.ndarray, min_coverage: float):
    """Run PRIM; return (trajectory, chosen index, box limits of its restricted factors) or
    None when there is nothing to discover (no cases, or every run a case)."""
    if cases.all() or not cases.any():
        return None
    with warnings.catch_warnings():  # ema-workbench's own deprecation warnings (pandas 3)
        warnings.simplefilter("ignore")
        box = _prim_class()(x.reset_index(drop=True), cases.astype(int), mass_min=0.05).find_box()
        trajectory = box.peeling_trajectory.reset_index(drop=True)
        eligible = trajectory[trajectory["coverage"] >= min_coverage]
        chosen = int(eligible["density"].idxmax()) if len(eligible) else 0
        while True:  # drop restrictions that are not significant (quasi-p above MAX_QP)
            _, limits = box.inspect(chosen, style="data")[0]
            limits.columns = ["low", "high", "qp_low", "qp_high"]
            weak = limits.index[limits[["qp_low", "qp_high"]].max(axis=1) > MAX_QP]
            if not len(weak):
                break
            box.drop_restriction(weak[0], i=chosen)  # appends the wider box to the trajectory
            chosen = len(box.peeling_trajectory) - 1
        trajectory = box.peeling_trajectory.reset_index(drop=True)
    return trajectory, chosen, limits


def discover(runs: pd.DataFrame, factors: list[str], d: Discovery, dest: Path, plot: bool = True) -> str:
    """Run PRIM for one discovery question; write discovery-NAME.md/.csv (and a plot); return the text."""
    ok = runs[(runs["status"] == "ok") & runs[d.outcome].notna()]
    y = ok[d.outcome].to_numpy()
    cases = y > d.above if d.above is not None else y < d.below
    condition = f"{d.outcome} {'above ' + format(d.above, 'g') if d.above is not None else 'below ' + format(d.below, 'g')}"
    lines = [f"# Scenario discovery: {d.name}", "",
             f"Cases of interest: runs with {condition}: {int(cases.sum())} of {len(ok)} successful runs "
             f"({cases.mean():.0%})." if len(ok) else f"Cases of interest: runs with {condition}: no successful runs.", ""]
    found = find_box(ok[factors], cases, d.min_coverage) if len(ok) else None
    if found is None:
        lines.append("Nothing to discover: either no run or every run is a case of interest.")
    else:
        trajectory, chosen, limits = found
        stats = trajectory.iloc[chosen]
        lines += [f"PRIM box {chosen} of its peeling trajectory (the densest with coverage >= {d.min_coverage:g}, "
                  f"restrictions with a quasi-p value above {MAX_QP:g} dropped): "
                  f"coverage {stats['coverage']:.2f}, density {stats['density']:.2f}, mass {stats['mass']:.2f} "
                  f"(share of runs inside), {int(stats['res_dim'])} restricted factor(s).", "",
                  "| factor | low | high | quasi-p (low, high) |", "|---|---|---|---|"]
        for factor, row in limits.iterrows():
            qp = ", ".join("-" if pd.isna(v) else f"{v:.2g}" for v in (row["qp_low"], row["qp_high"]))
            lines.append(f"| `{factor}` | {row['low']:.4g} | {row['high']:.4g} | {qp} |")
        limits.rename_axis("factor").to_csv(dest / f"discovery-{d.name}.csv")
        trajectory.to_csv(dest / f"discovery-{d.name}-trajectory.csv", index=False)
        if plot:
            from .plotting import plot_tradeoff

            plot_tradeoff(trajectory, chosen, d.name, dest / "plots" / f"discovery-{d.name}.png")
    text = "\n".join(lines) + "\n"
    (dest / f"discovery-{d.name}.md").write_text(text, encoding="utf-8")
    return text
