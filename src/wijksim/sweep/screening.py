"""Ranks of the assumed parameters from the Morris screening (experiments/screening-small.yaml):
how much each one moves the policy's effects (the paired diff.* outcomes) and the baseline, in
the vulnerable wijk and city-wide. The ranks go to data/sensitivity/screening-ranks.csv, which
docs/model.md's parameter table (paramdoc) and docs/sensitivity.md read.

    python -m wijksim.sweep.screening results/sweeps/screening-small            # print the tables
    python -m wijksim.sweep.screening results/sweeps/screening-small --write    # CSV and docs tables
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from .labels import factor_description, factor_label, outcome_label

ROOT = Path(__file__).resolve().parents[3]
RANKS_PATH = ROOT / "data" / "sensitivity" / "screening-ranks.csv"
DOC_PATH = ROOT / "docs" / "sensitivity.md"
IMAGES = ROOT / "docs" / "images" / "sensitivity"
START, END = "<!-- screening:start -->", "<!-- screening:end -->"
AREAS = ("Noord", "city")
TOP = 10


def shares(morris: pd.DataFrame) -> pd.DataFrame:
    """Outcome column x factor: the factor's share of the column's summed Morris mu* (the
    screening's ranks use the mean over the 20 years, `.mean` columns, in Noord and city-wide)."""
    t = morris[morris["outcome"].str.endswith(".mean")
               & morris["outcome"].str.split(".").str[-2].isin(AREAS)]
    t = t.assign(share=t["mu_star"] / t.groupby("outcome")["mu_star"].transform("sum"))
    return t.pivot(index="outcome", columns="factor", values="share").fillna(0.0)


def ranks(morris: pd.DataFrame) -> pd.DataFrame:
    """Per factor: its largest mu* share over the policy-effect columns and over the baseline
    columns, the column where it is largest, and its rank (1 = most influential) on each."""
    m = shares(morris)
    policy = m[m.index.str.startswith("diff.")]
    base = m[~m.index.str.startswith("diff.")]
    out = pd.DataFrame({"policy_share": policy.max(), "policy_outcome": policy.idxmax(),
                        "baseline_share": base.max(), "baseline_outcome": base.idxmax()})
    out["policy_rank"] = out["policy_share"].rank(ascending=False, method="min").astype(int)
    out["baseline_rank"] = out["baseline_share"].rank(ascending=False, method="min").astype(int)
    out = out.sort_values(["policy_rank", "baseline_rank"]).rename_axis("factor").reset_index()
    return out[["factor", "policy_rank", "policy_share", "policy_outcome",
                "baseline_rank", "baseline_share", "baseline_outcome"]]


def _column_label(column: str) -> str:
    return outcome_label(column, years=20)


def ranks_markdown(r: pd.DataFrame, top: int = TOP) -> str:
    """The two ranked tables of docs/sensitivity.md."""
    out = []
    for kind, title in (("policy", "the effects of integrale-wijkaanpak (scenario minus baseline, paired)"),
                        ("baseline", "the baseline")):
        t = r.sort_values(f"{kind}_rank").head(top)
        out += [f"**Most influential on {title}**: a factor's largest share of the summed Morris mu* over "
                "the outcomes, mean of years 1-20, in Noord and city-wide.", "",
                "| rank | parameter | meaning | share of mu* | where largest |", "|---|---|---|---|---|"]
        for row in t.itertuples():
            out.append(f"| {getattr(row, f'{kind}_rank')} | `{row.factor}` | {factor_description(row.factor) or factor_label(row.factor)} | "
                       f"{getattr(row, f'{kind}_share'):.2f} | {_column_label(getattr(row, f'{kind}_outcome'))} |")
        out.append("")
    return "\n".join(out).strip()


def by_outcome_markdown(morris: pd.DataFrame, top: int = 3) -> str:
    """Per policy-effect column in Noord and city-wide: its three strongest factors."""
    m = shares(morris)
    lines = ["| outcome | strongest assumptions (share of mu*) |", "|---|---|"]
    for column in [c for c in m.index if c.startswith("diff.")]:
        best = m.loc[column].sort_values(ascending=False).head(top)
        lines.append(f"| {_column_label(column)} | "
                     + ", ".join(f"`{f}` ({v:.2f})" for f, v in best.items()) + " |")
    return "\n".join(lines)


def plot(morris: pd.DataFrame, caption: str) -> None:
    """docs/images/sensitivity/screening-{policy,baseline}.png: outcome columns by the most
    influential factors, coloured by share of the summed mu*."""
    from .plotting import plot_heatmap

    m = shares(morris)
    effect = m.index.str.startswith("diff.")
    for kind, rows, title in (("policy", m[effect], "Which assumptions drive the effects of integrale-wijkaanpak"),
                              ("baseline", m[~effect], "Which assumptions drive the baseline")):
        stem = IMAGES / f"screening-{kind}"
        plot_heatmap(rows, title, "share of the summed mu*", stem, caption, years=20)
        for other in stem.parent.glob(f"{stem.name}.*"):
            if other.suffix != ".png":
                other.unlink()


def load_ranks(path: Path = RANKS_PATH) -> pd.DataFrame | None:
    """The committed ranks, or None when there are none."""
    return pd.read_csv(path) if path.is_file() else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wijksim.sweep.screening", description=__doc__.splitlines()[0])
    ap.add_argument("sweep", type=Path, help="the screening's sweep folder (with analysis/morris.csv)")
    ap.add_argument("--write", action="store_true", help=f"write {RANKS_PATH.relative_to(ROOT)} and the tables "
                    f"between the markers of {DOC_PATH.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    morris = pd.read_csv(args.sweep / "analysis" / "morris.csv")
    r = ranks(morris)
    tables = ranks_markdown(r) + "\n\n" + by_outcome_markdown(morris)
    if not args.write:
        print(tables)
        return 0
    RANKS_PATH.parent.mkdir(parents=True, exist_ok=True)
    r.to_csv(RANKS_PATH, index=False, float_format="%.4g")
    plot(morris, "Morris screening (experiments/screening-small.yaml): 10 trajectories, 148 assumed parameters, "
         "a city of 0.3 x 0.3 of the default; mean of years 1-20 (docs/sensitivity.md).")
    text = DOC_PATH.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    DOC_PATH.write_text(f"{head}{START}\n{tables}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")
    print(f"wrote {RANKS_PATH} and {DOC_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
