"""Writing `wijksim compare --uncertainty`: uncertainty.md (the headline indicators per unit),
uncertainty.csv (every indicator and cost), draws.csv (the parameter draws) and one plot per
scenario of the differences with both bands."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from .config import Scenario  # noqa: E402
from .labels import LABELS  # noqa: E402
from .uncertainty import COSTS, SHOWN  # noqa: E402


def _span(mean: float, lo: float, hi: float) -> str:
    """'+0.0231 (+0.0218 to +0.0244)'; counts and euros (100 or more) without decimals."""
    if not np.isfinite(mean):
        return "–"
    form = "{:+,.0f}" if abs(mean) >= 100 else "{:+.4f}"
    return f"{form.format(mean)} ({form.format(lo)} to {form.format(hi)})" if np.isfinite(lo) else form.format(mean)


def table_lines(table: pd.DataFrame, units: list[str], indicators: list[str]) -> list[str]:
    lines = ["| unit | indicator | noise only: mean (90% interval) | across parameter draws: mean (5-95%) "
             "| draws in which the scenario is better |", "|---|---|---|---|---|"]
    for unit in units:
        for name in indicators:
            r = table[(table["unit"] == unit) & (table["indicator"] == name)]
            if r.empty:
                continue
            r = r.iloc[0]
            better = f"{100 * r.share_better:.0f}% of {r.draws}" if np.isfinite(r.share_better) else "–"
            lines.append(f"| {unit} | {name} | {_span(r.noise_difference, r.noise_p5, r.noise_p95)} | "
                         f"{_span(r.draws_difference, r.draws_p5, r.draws_p95)} | {better} |")
    return lines


def plot(table: pd.DataFrame, units: list[str], name: str, path: Path):
    """Per headline indicator: for each unit the difference with the noise-only interval (thick)
    and the 5-95% range across parameter draws (thin), and zero."""
    fig, axes = plt.subplots(1, len(SHOWN), figsize=(3.3 * len(SHOWN), 0.5 * len(units) + 1.6), squeeze=False)
    for ax, ind in zip(axes[0], SHOWN):
        part = table[table["indicator"] == ind].set_index("unit").reindex(units)
        y = np.arange(len(units))[::-1]
        ax.hlines(y + 0.12, part["draws_p5"], part["draws_p95"], color="tab:orange", lw=2,
                  label="5-95% across parameter draws")
        ax.plot(part["draws_difference"], y + 0.12, "o", color="tab:orange", ms=4)
        ax.hlines(y - 0.12, part["noise_p5"], part["noise_p95"], color="tab:blue", lw=5,
                  label="90% interval, noise only")
        ax.plot(part["noise_difference"], y - 0.12, "o", color="navy", ms=4)
        ax.axvline(0, color="grey", lw=0.8)
        ax.set_yticks(y, units)
        ax.set_title(textwrap.fill(LABELS[ind].en, 34) if ind in LABELS else ind, fontsize=9)
        ax.grid(alpha=0.3, axis="x")
    axes[0, 0].legend(fontsize=7, loc="lower left", bbox_to_anchor=(0, 1.12))
    fig.suptitle(f"{name} minus baseline (mean over the years), same seeds", fontsize=10, y=0.99)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write(out: Path, base: Scenario, results: dict[str, pd.DataFrame], mode: str, n: int):
    from .results import atomic_output

    units = ["city", *base.city.wijk_names()]
    with atomic_output(out) as tmp:
        (tmp / "plots").mkdir()
        results["_draws"].to_csv(tmp / "draws.csv", index_label="replication")
        frames, lines = [], [f"# Differences with parameter uncertainty ({mode}, {n} draws)", "",
                             f"Each replication r = 0..{n - 1} runs once with the default parameters (noise only) "
                             "and once with its own parameter draw (draws.csv); the baseline and every scenario "
                             f"use the same draw and the seed {base.run.seed} + r. Values are means over years "
                             f"1-{base.run.years}. The noise-only interval is a 90% t-interval of the mean "
                             "difference; the parameter range is the 5-95% range of the paired differences "
                             "across draws (the effect in different plausible worlds, each with its own noise).", ""]
        for name, table in results.items():
            if name == "_draws":
                continue
            frames.append(table.assign(scenario_name=name))
            lines += [f"## {name}", "", *table_lines(table, units, SHOWN), "",
                      f"![differences](plots/uncertainty-{name}.png)", "",
                      f"### {name}: costs over {base.run.years} years (intervention cost; avoided and extra are "
                      "scenario minus baseline; euros per unit where the gain is positive)",
                      "", *table_lines(table, units, COSTS), ""]
            plot(table, units, name, tmp / "plots" / f"uncertainty-{name}.png")
        pd.concat(frames).to_csv(tmp / "uncertainty.csv", index=False)
        (tmp / "uncertainty.md").write_text("\n".join(lines), encoding="utf-8")
