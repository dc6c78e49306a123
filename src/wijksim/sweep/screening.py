"""Ranks of the assumed parameters from the Morris screening (experiments/screening-small.yaml):
how much each one moves the policy's effects (the paired diff.* outcomes) and the baseline, in
the vulnerable wijk and city-wide. The ranks go to data/sensitivity/screening-ranks.csv, which
docs/model.md's parameter table (paramdoc) and docs/sensitivity.md read.

    python -m wijksim.sweep.screening results/sweeps/screening-small            # print the tables
    python -m wijksim.sweep.screening results/sweeps/screening-small --write    # CSV and docs tables
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from .labels import factor_description, factor_label, outcome_label

ROOT = Path(__file__).resolve().parents[3]
RANKS_PATH = ROOT / "data" / "sensitivity" / "screening-ranks.csv"
DOC_PATH = ROOT / "docs" / "sensitivity.md"
IMAGES = ROOT / "docs" / "images" / "sensitivity"
START, END = "<!-- screening:start -->", "<!-- screening:end -->"
AREAS = ("Noord", "city")
NOISE_RATIO = 3.0  # a factor clearly matters for an outcome when its mu* is at least this multiple of the
                   # median factor's mu* and its 95% interval stays above that median (the median factor of
                   # 148 is taken as the noise floor of one replication on a small city)
TOP = 10


def table(morris: pd.DataFrame) -> pd.DataFrame:
    """The Morris rows of the mean over the 20 years in Noord and city-wide, with each factor's mu*
    as a multiple of the median factor's (`ratio`) and whether it clearly stands out from that
    noise floor (`clear`)."""
    t = morris[morris["outcome"].str.endswith(".mean") & morris["outcome"].str.split(".").str[-2].isin(AREAS)]
    by = t.groupby("outcome")["mu_star"]
    median = by.transform("median")
    return t.assign(ratio=t["mu_star"] / median,
                    clear=(t["mu_star"] >= NOISE_RATIO * median) & (t["mu_star"] - t["mu_star_conf"] > median))


def ranks(morris: pd.DataFrame) -> pd.DataFrame:
    """Per factor, for the policy-effect columns (diff.*) and for the baseline columns: the column where
    it clearly stands out most (largest ratio to the noise floor), that ratio, and its rank among the
    factors that clearly stand out somewhere (1 = most); no rank for a factor that stands out nowhere."""
    t = table(morris)
    out = pd.DataFrame(index=pd.Index(sorted(t["factor"].unique()), name="factor"))
    for kind, part in (("policy", t[t["outcome"].str.startswith("diff.")]),
                       ("baseline", t[~t["outcome"].str.startswith("diff.")])):
        best = part[part["clear"]].sort_values("ratio", ascending=False).drop_duplicates("factor").set_index("factor")
        out[f"{kind}_rank"] = best["ratio"].rank(ascending=False, method="min").astype("Int64")
        out[f"{kind}_ratio"] = best["ratio"]
        out[f"{kind}_outcome"] = best["outcome"]
    return out.sort_values(["policy_rank", "baseline_rank"]).reset_index()


def _column_label(column: str) -> str:
    return outcome_label(column, years=20)


def ranks_markdown(r: pd.DataFrame, top: int = TOP) -> str:
    """The two ranked tables of docs/sensitivity.md: the factors that clearly stand out."""
    out = []
    for kind, title in (("policy", "the effects of integrale-wijkaanpak (scenario minus baseline, paired)"),
                        ("baseline", "the baseline")):
        t = r.dropna(subset=[f"{kind}_rank"]).sort_values(f"{kind}_rank").head(top)
        out += [f"**Clearly influential on {title}**: {len(r[f'{kind}_rank'].dropna())} factors stand out "
                f"(mu* at least {NOISE_RATIO:g} times the median factor's, interval above it); the "
                f"{min(top, len(t))} strongest:", "",
                "| rank | parameter | meaning | mu* / median | where |", "|---|---|---|---|---|"]
        for row in t.itertuples():
            out.append(f"| {getattr(row, f'{kind}_rank')} | `{row.factor}` | "
                       f"{factor_description(row.factor) or factor_label(row.factor)} | "
                       f"{getattr(row, f'{kind}_ratio'):.1f} | {_column_label(getattr(row, f'{kind}_outcome'))} |")
        out.append("")
    return "\n".join(out).strip()


def by_outcome_markdown(morris: pd.DataFrame, top: int = 3) -> str:
    """Per outcome column in Noord and city-wide: the factors that clearly stand out (at most three)."""
    t = table(morris)
    lines = ["| outcome | clearly influential assumptions (mu* / median) |", "|---|---|"]
    for column, part in sorted(t.groupby("outcome"), key=lambda kv: (not kv[0].startswith("diff."), kv[0])):
        best = part[part["clear"]].sort_values("ratio", ascending=False).head(top)
        named = ", ".join(f"`{f}` ({v:.1f})" for f, v in zip(best["factor"], best["ratio"]))
        lines.append(f"| {_column_label(column)} | {named or 'none above the noise floor'} |")
    return "\n".join(lines)


def plot(morris: pd.DataFrame, caption: str) -> None:
    """docs/images/sensitivity/screening-{policy,baseline}.png: outcome columns by the factors that
    stand out most, coloured by mu* as a multiple of the median factor's (the noise floor)."""
    from PIL import Image

    from .plotting import plot_heatmap

    t = table(morris)
    effect = t["outcome"].str.startswith("diff.")
    for kind, part, title in (("policy", t[effect], "Which assumptions drive the effects of integrale-wijkaanpak"),
                              ("baseline", t[~effect], "Which assumptions drive the baseline")):
        m = part.pivot(index="outcome", columns="factor", values="ratio")
        m = m[m.max().sort_values(ascending=False).head(12).index]
        stem = IMAGES / f"screening-{kind}"
        plot_heatmap(m, title, "mu* / median factor's mu*", stem, caption, years=20)
        for other in stem.parent.glob(f"{stem.name}.*"):
            if other.suffix != ".png":
                other.unlink()
        image = Image.open(stem.with_suffix(".png"))
        image.thumbnail((1800, 1800))
        image.save(stem.with_suffix(".png"), optimize=True)


def load_ranks(path: Path = RANKS_PATH) -> pd.DataFrame | None:
    """The committed ranks, or None when there are none."""
    return pd.read_csv(path) if path.is_file() else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wijksim.sweep.screening", description=__doc__.splitlines()[0])
    ap.add_argument("sweep", type=Path, help="the screening's sweep folder (with analysis/morris.csv)")
    ap.add_argument("--write", action="store_true", help=f"write {RANKS_PATH.relative_to(ROOT)} and the tables "
                    f"between the markers of {DOC_PATH.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    source = args.sweep / "analysis" / "morris.csv"
    if not source.is_file():
        print(f"{source}: not found; run `wijksim sweep experiments/screening-small.yaml` to the end first",
              file=sys.stderr)
        return 2
    morris = pd.read_csv(source)
    r = ranks(morris)
    tables = ranks_markdown(r) + "\n\n" + by_outcome_markdown(morris)
    if not args.write:
        print(tables)
        return 0
    RANKS_PATH.parent.mkdir(parents=True, exist_ok=True)
    r.to_csv(RANKS_PATH, index=False, float_format="%.4g")
    plot(morris, f"Morris screening of {morris['factor'].nunique()} assumed parameters "
         "(experiments/screening-small.yaml, docs/sensitivity.md); mean of years 1-20; the 12 factors that "
         "stand out most.")
    text = DOC_PATH.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    DOC_PATH.write_text(f"{head}{START}\n{tables}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")
    print(f"wrote {RANKS_PATH} and {DOC_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
