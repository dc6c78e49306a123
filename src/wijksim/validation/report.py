"""Turning the validation runs into figures per target, and writing report.md, results.csv and plots."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from ..classes import SCP_SHARES, SHARE_COLUMNS  # noqa: E402
from ..compare import interval  # noqa: E402
from ..params import CLASS_KEYS  # noqa: E402
from .real_city import report_lines as real_city_lines  # noqa: E402
from . import housing, stationarity  # noqa: E402
from .targets import CALIBRATED, HATNA_BENENSON, HELD_OUT, KNOWN_UNMET, TARGETS, role, row  # noqa: E402



def _city(results: list[dict]) -> pd.DataFrame:
    ind = pd.concat([r["indicators"] for r in results], ignore_index=True)
    return ind[ind["level"] == "city"]


def _wijk(results: list[dict]) -> pd.DataFrame:
    ind = pd.concat([r["indicators"] for r in results], ignore_index=True)
    return ind[ind["level"] == "wijk"]


def _per_rep(city: pd.DataFrame, column: str, years=None) -> np.ndarray:
    part = city if years is None else city[city["year"].isin(years)]
    return part.groupby("replication")[column].mean().to_numpy()


def evaluate(by_key: dict[str, list[dict]], level) -> tuple[pd.DataFrame, dict]:
    """One row per target (model figure, interval, pass) and the extra tables and curves behind them."""
    city = _city(by_key["baseline"])
    last = int(city["year"].max())
    horizon = range(1, last + 1)
    figures = {}
    start = city[city["year"] == 0].set_index("replication")[SHARE_COLUMNS]
    end = city[city["year"] == last].set_index("replication")[SHARE_COLUMNS]
    figures["class_shares_start"] = interval(100 * (start - SCP_SHARES).abs().max(axis=1))
    figures["class_shares_stability"] = interval(100 * (end - start).abs().max(axis=1))
    transitions = np.array([r["transitions"] for r in by_key["baseline"]])
    stayed = np.trace(transitions, axis1=1, axis2=2) / transitions.sum(axis=(1, 2))
    figures["class_mobility"] = interval(1 - stayed)
    figures["rank_rank_slope"] = interval(_per_rep(city, "rank_rank_slope", horizon))
    figures["non_take_up"] = interval(1 - _per_rep(city, "help_sought", horizon))
    figures["residential_mobility"] = interval(_per_rep(city, "moved_share", horizon))
    for key in ("debt_prevalence", "debt_long_share", "debt_known_to_help", "evictions_per_1000_social_rent",
                "bijstand_exit_short", "bijstand_exit_long", "network_help_near_cap", "gini_equivalised"):
        figures[key] = interval(_per_rep(city, key, horizon))
    bg = by_key["buurtgezinnen"]
    drift = stationarity.measures(by_key["baseline"])
    figures.update(stationarity.figures(drift))
    figures["buurtgezinnen_supply"] = interval([r["supply"] / max(r["asking_per_year"], 1e-9) for r in bg])

    curve = pd.DataFrame([r for key, rs in by_key.items() if key.startswith("schelling-") for r in rs])
    mean_curve = curve.groupby("tolerance")["index"].mean()
    low = mean_curve[mean_curve.index <= 0.2 + 1e-9]
    high = mean_curve[mean_curve.index >= 0.4 - 1e-9]
    margin = min((0.25 - low).min(), (high - 0.5).min())
    figures["schelling_tipping"] = (float(margin), np.nan, np.nan)
    hb = pd.DataFrame(by_key["hatna-benenson"])
    figures["hatna_benenson"] = interval(hb["minority_clustered"])

    effects, herstructurering_above_0 = {}, {}
    for target, window in (("scp_2013", horizon), ("scp_2013_four_years", range(1, min(4, last) + 1))):
        base_noord = _noord_liveability(by_key["baseline"], window)
        eff = {key: interval(_noord_liveability(by_key[key], window) - base_noord)
               for key in ("vogelaar", "herstructurering")}
        v, h = eff["vogelaar"][0], eff["herstructurering"]
        figures[target] = (v / h[0] if h[0] > 0 else np.nan, np.nan, np.nan)
        herstructurering_above_0[target] = bool(h[1] > 0)
        effects[target] = eff
    spring = pd.DataFrame([r["springboard"] for r in by_key["baseline"]])
    figures["springboard_leavers"] = interval(spring["leavers"].dropna())
    figures["springboard_stayers"] = interval(spring["stayers"].dropna())
    kk = pd.DataFrame([r["kansenkaart"] for r in by_key["baseline"]])
    figures["kansenkaart_gap"] = interval((kk["gap"] / kk["p90_p10"]).dropna())

    rows = []
    for t in TARGETS:
        value, lo, hi = figures[t.key]
        ok = bool(np.isfinite(value) and t.passes(value)) and herstructurering_above_0.get(t.key, True)
        rows.append(row(t, value, lo, hi, ok))
    extras = {"start": start, "end": end, "transitions": transitions.sum(axis=0), "curve": curve, "hatna": hb,
              "effects": effects, "city": city, "buurtgezinnen": pd.DataFrame(bg), "stationarity": drift,
              "wijk": _wijk(by_key["baseline"]), "springboard": spring, "kansenkaart": kk,
              "network_help": np.sum([r["network_help"] for r in by_key["baseline"]], axis=0)}
    return pd.DataFrame(rows), extras


def help_section(city: pd.DataFrame, network_help: np.ndarray) -> list[str]:
    """Who gets help: network help's distribution, professional help by class, help among those in need."""
    years = city[city["year"] >= 1]
    share = network_help / max(network_help.sum(), 1)
    lines = ["## Help: from the network and from the wijkteam (baseline, mean over years 1 to the last)", "",
             "Network help of all households at the end of the run, as a share of its cap "
             "(support.network_help_weight); all replications.", "",
             "| network help (share of cap) | " + " | ".join(f"{k / 10:.1f}-{(k + 1) / 10:.1f}" for k in range(10)) + " |",
             "|---" * 11 + "|",
             "| households | " + " | ".join(f"{100 * v:.1f}%" for v in share) + " |", "",
             f"Mean network help {years['network_help'].mean():.3f} of the cap; "
             f"{100 * years['network_help_near_cap'].mean():.1f}% of households at 90% of the cap or more.", "",
             "Households in need in a year, by the help they got:", "",
             "| in need (share of households) | professional help | informal help only | no help | "
             "months waited for the wijkteam (those admitted) |", "|---|---|---|---|---|",
             f"| {years['need_share'].mean():.3f} | {years['take_up'].mean():.3f} | "
             f"{years['need_informal_only'].mean():.3f} | {years['need_no_help'].mean():.3f} | "
             f"{years['wijkteam_wait_months'].mean():.1f} |", "",
             "Share of each class's households that got professional help in a year:", "",
             "| class | in care |", "|---|---|"]
    lines += [f"| {k.replace('_', ' ')} | {years[f'in_care_{k}'].mean():.4f} |" for k in CLASS_KEYS]
    return lines + [""]


def _noord_liveability(results: list[dict], horizon) -> np.ndarray:
    ind = pd.concat([r["indicators"] for r in results], ignore_index=True)
    part = ind[(ind["unit"] == "Noord") & ind["year"].isin(horizon)]
    return part.groupby("replication")["liveability"].mean().sort_index().to_numpy()


def _fmt(v: float) -> str:
    return "–" if not np.isfinite(v) else f"{v:.3f}"


def summary(table: pd.DataFrame) -> str:
    """'c of C calibrated targets pass, h of H held-out targets pass.'"""
    parts = []
    for group, name in ((CALIBRATED, "calibrated"), (HELD_OUT, "held-out")):
        part = table[table["role"] == group]
        parts.append(f"{int((part['result'] == 'pass').sum())} of {len(part)} {name} targets pass")
    return ", ".join(parts) + "."


def mobility_lines(extras: dict) -> list[str]:
    """The springboard and Kansenkaart figures behind the held-out mobility targets."""
    sp, kk = extras["springboard"], extras["kansenkaart"]
    return ["", "## Springboard and Kansenkaart (held out)", "",
            f"Year-0 residents of Noord still in the city in year 9: {sp['leavers_n'].mean():.0f} in another wijk "
            f"(risen minus fallen by a quintile {sp['leavers'].mean():+.3f}), {sp['stayers_n'].mean():.0f} still in "
            f"Noord ({sp['stayers'].mean():+.3f}); mean per replication. Households that left the city cannot be "
            "followed.", "",
            f"Children of parents in the lowest quartile, leaving home in years 1-20: {kk['n_affluent'].mean():.0f} "
            f"raised in Zuid, {kk['n_vulnerable'].mean():.0f} in Noord per replication; adult rank gap "
            f"{kk['gap'].mean():+.3f} against the P90-P10 gap {kk['p90_p10'].mean():.3f}."]


def plot_schelling(curve: pd.DataFrame, path: Path):
    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    g = curve.groupby("tolerance")["index"]
    ax.plot(g.mean().index, g.mean().values, "o-", color="tab:red", label="model (mean)")
    ax.scatter(curve["tolerance"], curve["index"], s=10, color="tab:red", alpha=0.4, label="replications")
    ax.axvline(1 / 3, color="grey", linestyle=":", label="one third")
    ax.axhspan(-0.05, 0.25, xmin=0, xmax=0.2 / 0.65, color="tab:green", alpha=0.1)
    ax.axhspan(0.5, 1.0, xmin=0.4 / 0.65, xmax=1, color="tab:green", alpha=0.1, label="pass regions")
    ax.set_xlim(0, 0.65)
    ax.set_ylim(-0.05, 1.0)
    ax.set_xlabel("tolerance threshold (least share of similar neighbours)")
    ax.set_ylabel("segregation index\n(0 random mix, 1 full sorting)")
    ax.set_title("Schelling tipping curve (teaching Schelling city)", fontsize=10)
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def plot_class_shares(city: pd.DataFrame, path: Path):
    fig, ax = plt.subplots(figsize=(6.5, 3.8))
    for k, key in enumerate(CLASS_KEYS):
        g = city.groupby("year")[f"share_{key}"].mean() * 100
        line, = ax.plot(g.index, g.values, label=key.replace("_", " "))
        ax.axhline(100 * SCP_SHARES[k], color=line.get_color(), linestyle=":", linewidth=0.8)
    ax.set_xlabel("year")
    ax.set_ylabel("share of households (%)")
    ax.set_title("Class shares in the baseline (dotted: SCP 2023)", fontsize=10)
    ax.legend(fontsize=6, ncol=2)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def write_report(folder: Path, table: pd.DataFrame, extras: dict, level, runs: dict):
    """report.md with the targets table and the tables and plots behind it; results.csv; run.json."""
    (folder / "plots").mkdir()
    plot_schelling(extras["curve"], folder / "plots" / "schelling-tipping.png")
    plot_class_shares(extras["city"], folder / "plots" / "class-shares.png")
    table.to_csv(folder / "results.csv", index=False)
    passed = int((table["result"] == "pass").sum())
    failing = set(table.loc[table["result"] != "pass", "target"])
    base = runs["baseline"]
    lines = [
        "# wijksim validation report", "",
        f"Level **{level.name}**: the baseline city at linear scale {level.city_scale} "
        f"({base.run.replications} replications × {base.run.years} years after {base.run.burn_in_years} burn-in "
        f"years, seeds from {base.run.seed}); Schelling thresholds {list(level.schelling_tolerances)} with "
        f"{level.schelling_replications} replication(s) each. Intervals are 90% t-intervals of the mean across "
        "replications. Tolerances were fixed before calibration (src/wijksim/validation/targets.py).", "",
        f"**{passed} of {len(table)} targets pass.** " + summary(table), "",
    ]
    for group, heading, text in ((CALIBRATED, "Calibrated targets", "The model was tuned to these, so passing "
                                  "them shows the tuning held, not that the model is right."),
                                 (HELD_OUT, "Held-out targets", "Only checked: no parameter was tuned to these.")):
        part = table[table["role"] == group]
        lines += [f"## {heading}: {int((part['result'] == 'pass').sum())} of {len(part)} pass", "", text, "",
                  "| target | published figure | source | model (90% interval) | tolerance | result | why this role |",
                  "|---|---|---|---|---|---|---|"]
        for r in part.itertuples():
            model = _fmt(r.model) + (f" ({_fmt(r.p5)} to {_fmt(r.p95)})" if np.isfinite(r.p5) else "")
            lines.append(f"| {r.title} | {r.published} | {r.source} | {model} {r.unit} | {r.tolerance} | "
                         f"**{r.result}** | {role(r.target)[1]} |")
        lines.append("")
    lines += ["## Targets the model does not meet", ""]
    lines += [f"- **{key}** ({'fails in this run' if key in failing else 'passes in this run'}): {why}"
              for key, why in KNOWN_UNMET.items()]
    unexpected = failing - set(KNOWN_UNMET)
    if unexpected:
        lines.append(f"- Failing in this run although not listed as unmet: {', '.join(sorted(unexpected))}.")
    lines += ["", "## Class shares (%), mean across replications", "",
              "| class | SCP 2023 | year 0 | last year |", "|---|---|---|---|"]
    for k, key in enumerate(CLASS_KEYS):
        col = f"share_{key}"
        lines.append(f"| {key} | {100 * SCP_SHARES[k]:.1f} | {100 * extras['start'][col].mean():.1f} | "
                     f"{100 * extras['end'][col].mean():.1f} |")
    lines += ["", "![class shares](plots/class-shares.png)", ""] + stationarity.report_lines(extras["stationarity"])
    lines += housing.report_lines(extras["city"], extras["wijk"])
    lines += ["## Class transition matrix, year 0 to the last year",
              "Households present at both times, all replications; row: class in year 0, column: class in "
              "the last year; shares of the row.", "",
              "| from \\ to | " + " | ".join(k.replace("_", " ") for k in CLASS_KEYS) + " | households |",
              "|---" * (len(CLASS_KEYS) + 2) + "|"]
    tm = extras["transitions"]
    for k, key in enumerate(CLASS_KEYS):
        row = tm[k] / max(tm[k].sum(), 1)
        lines.append(f"| {key.replace('_', ' ')} | " + " | ".join(f"{v:.2f}" for v in row) + f" | {tm[k].sum()} |")
    curve = extras["curve"].groupby("tolerance").agg(similar=("similar", "mean"), segregation=("index", "mean"))
    lines += ["", "## Schelling tipping curve", "",
              "Segregation index = (mean share of similar neighbours − its value in a random mix) / (1 − that value).",
              "", "| threshold | similar neighbours | segregation index |", "|---|---|---|"]
    lines += [f"| {t} | {r.similar:.3f} | {r.segregation:.3f} |" for t, r in curve.iterrows()]
    hb = extras["hatna"]
    lines += ["", "![Schelling tipping curve](plots/schelling-tipping.png)", "",
              f"Hatna & Benenson configuration: minority share {hb['minority_share'].mean():.2f}, threshold "
              f"{HATNA_BENENSON['tolerance']}: share of the minority among a majority of their own group "
              f"{hb['minority_clustered'].mean():.3f}; mean similar-neighbour share {hb['similar'].mean():.3f}.", "",
              "## SCP 2013: Vogelaar-like package against herstructurering (Noord, liveability, mean over the horizon)",
              "", "| scenario | effect on liveability | 90% interval |", "|---|---|---|"]
    for target, window in (("scp_2013", "years 1 to the last"), ("scp_2013_four_years", "years 1-4")):
        for key, (mean, lo, hi) in extras["effects"][target].items():
            lines.append(f"| {key}, {window} | {mean:+.4f} | {lo:+.4f} to {hi:+.4f} |")
    lines += mobility_lines(extras)
    bg = extras["buurtgezinnen"]
    lines += ["", "## Buurtgezinnen: supply and demand", "",
              f"Buurtgezinnen in every wijk for 5 years with the default volunteer supply: "
              f"{bg['supply'].mean():.1f} volunteer families, {bg['asking_per_year'].mean():.1f} families asking "
              f"a year (ratio {bg['supply'].mean() / max(bg['asking_per_year'].mean(), 1e-9):.2f}).", ""]
    lines += help_section(extras["city"], extras["network_help"])
    lines += real_city_lines(extras["real_cities"])
    (folder / "report.md").write_text("\n".join(lines), encoding="utf-8")
    (folder / "run.json").write_text(json.dumps({"level": level.name, "passed": passed, "targets": len(table),
                                                "roles": dict(zip(table["target"], table["role"]))},
                                                indent=2), encoding="utf-8")

