"""The parameter table of docs/model.md, generated from the pydantic schema.

Every parameter of a scenario file's `run` and `model` sections becomes one row: dotted
name, default, plausible range, unit, source and description. The numbers come from the
schema itself (`json_schema_extra` of each field, see :func:`wijksim.params.param`), so the
table cannot drift from the code; `tests/test_docs.py` fails when docs/model.md holds a
table other than the one generated here.

    python -m wijksim.paramdoc            # print the table
    python -m wijksim.paramdoc --write    # put it between the markers in docs/model.md
    python -m wijksim.paramdoc --check    # exit 1 if docs/model.md is out of date
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .classes import CLASS_LABELS
from .config import RunSettings
from .params import ASSUMED, SCP_SOURCE, ClassProfile, ModelParams

START = "<!-- parameters:start -->"
END = "<!-- parameters:end -->"
DOCS_PATH = Path(__file__).resolve().parents[2] / "docs" / "model.md"
POSTERIOR_PATH = DOCS_PATH.parents[1] / "data" / "calibration" / "posterior.csv"

# Metadata for fields whose declaration does not (yet) carry json_schema_extra. A field's own
# json_schema_extra always wins; tests/test_docs.py fails on entries here that have become
# redundant or name no parameter, so this list only shrinks. The proper home of these
# entries is the field declaration (config.py, params.py).
FALLBACK: dict[str, dict[str, Any]] = {}

# ClassProfile fields without a description in params.py.
PROFILE_FIELD_DOCS = {
    "economic": "mean economic capital at the start",
    "cultural": "mean cultural capital at the start",
    "social": "mean sociability at the start (sets the number of ties wanted; social capital itself is computed from the network)",
    "personal": "mean personal capital at the start",
    "age": "mean age of the head at the start",
    "age_sd": "standard deviation of the head's age at the start",
}
PROFILE_UNITS = {"age": "years", "age_sd": "years"}
# Mean ages SCP reports (CALIBRATION.md); a profile whose default equals one cites it.
SCP_MEAN_AGE = {"werkende_bovenlaag": 43, "onzekere_werkenden": 44, "precariaat": 65}
SCP_AGE_SOURCE = "SCP Eigentijdse ongelijkheid (2023): mean age"
# Plausible range of a profile value: the default plus or minus this (within the hard
# bounds). A convention of this table, not a source: SCP gives orderings only, and a
# sensitivity sweep of profiles should keep the SCP ordering of the classes.
PROFILE_HALF_RANGE = {"economic": 0.1, "cultural": 0.1, "social": 0.1, "personal": 0.1,
                      "age": 5.0, "age_sd": 3.0, "employed": 0.1, "student": 0.1}


@dataclass
class Row:
    """One parameter: its dotted name as written in a scenario file, and what is known of it."""

    name: str
    default: Any
    range: Any          # [lo, hi], or a sentence; None when undeclared
    unit: str
    source: str | None
    description: str | None

    def cells(self) -> list[str]:
        return [f"`{self.name}`", fmt(self.default), fmt_range(self.range), self.unit or "",
                self.source or "**missing**", self.description or "**missing**"]


def fmt(value: Any) -> str:
    """A value as it would be written in a scenario file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(fmt(v) for v in value) + "]"
    return str(value)


def fmt_range(r: Any) -> str:
    if r is None:
        return "**missing**"
    if isinstance(r, (list, tuple)) and len(r) == 2 and all(isinstance(x, bool) for x in r):
        return "false / true"
    if isinstance(r, (list, tuple)):
        return fmt(list(r))
    return str(r)


def _bounds(field: FieldInfo) -> tuple[float | None, float | None]:
    """Hard validity bounds (ge/le) of a field."""
    ge = next((m.ge for m in field.metadata if getattr(m, "ge", None) is not None), None)
    le = next((m.le for m in field.metadata if getattr(m, "le", None) is not None), None)
    return ge, le


def _meta(name: str, field: FieldInfo) -> dict[str, Any]:
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    out = dict(FALLBACK.get(name, {}))
    out.update(extra)
    return out


def _profile_rows(prefix: str, profiles: dict[str, ClassProfile], source: str) -> list[Row]:
    rows = []
    for key, profile in profiles.items():
        label = CLASS_LABELS.get(key, key)
        for fname, field in ClassProfile.model_fields.items():
            value = getattr(profile, fname)
            lo_b, hi_b = _bounds(field)
            half = PROFILE_HALF_RANGE.get(fname)
            rng = None
            if half is not None:
                lo, hi = value - half, value + half
                if lo_b is not None:
                    lo = max(lo, lo_b)
                if hi_b is not None:
                    hi = min(hi, hi_b)
                rng = [round(lo, 6), round(hi, 6)]
            src = source
            if fname == "age" and SCP_MEAN_AGE.get(key) == value:
                src = SCP_AGE_SOURCE
            doc = field.description or PROFILE_FIELD_DOCS.get(fname)
            rows.append(Row(f"{prefix}.{key}.{fname}", value, rng, PROFILE_UNITS.get(fname, ""), src,
                            f"{label}: {doc}" if doc else None))
    return rows


def _section_rows(prefix: str, section: BaseModel) -> list[Row]:
    rows: list[Row] = []
    for fname, field in type(section).model_fields.items():
        name = f"{prefix}.{fname}"
        value = getattr(section, fname)
        meta = _meta(name, field)
        if isinstance(value, BaseModel):
            rows += _section_rows(name, value)
        elif isinstance(value, dict) and value and all(isinstance(v, ClassProfile) for v in value.values()):
            rows += _profile_rows(name, value, meta.get("source") or SCP_SOURCE)
        elif isinstance(value, dict):
            for key, item in value.items():
                rows.append(Row(f"{name}.{key}", item, meta.get("range"), meta.get("unit", ""),
                                meta.get("source"), f"{field.description} ({key})" if field.description else None))
        else:
            rows.append(Row(name, value, meta.get("range"), meta.get("unit", ""), meta.get("source"),
                            field.description))
    return rows


def parameter_rows() -> list[Row]:
    """Every parameter of a scenario's `run` and `model` sections, in declaration order."""
    return _section_rows("run", RunSettings()) + _section_rows("model", ModelParams())


def posterior_ranges(path: Path = POSTERIOR_PATH) -> dict[str, tuple[float, float]]:
    """Weighted 5-95% range of each parameter in the committed posterior sample (none without one)."""
    if not path.is_file():
        return {}
    import numpy as np
    import pandas as pd

    post = pd.read_csv(path)
    ranges = {}
    for name in post.columns.drop(["weight", "distance"], errors="ignore"):
        s = post.sort_values(name)
        cum = s["weight"].cumsum().to_numpy() / s["weight"].sum()
        ranges[name] = (float(np.interp(0.05, cum, s[name])), float(np.interp(0.95, cum, s[name])))
    return ranges


def status(row: Row, posterior: dict[str, tuple[float, float]], ranks: dict[str, tuple[float, float]]) -> str:
    """How a parameter's value is grounded: calibrated by ABC (5-95% posterior range), calibrated by
    hand, assumed (with its Morris screening ranks among the factors that clearly stand out, for
    policy effects and for the baseline), or sourced."""
    if row.name in posterior:
        low, high = posterior[row.name]
        return f"calibrated (ABC), posterior 5-95%: {fmt(round(low, 4))} to {fmt(round(high, 4))}"
    if (row.source or "").lower().startswith("calibrated"):
        return "calibrated by hand"
    if row.source == ASSUMED:
        if row.name not in ranks:
            return "assumed; not screened"
        shown = [f"rank {int(r)} for {what}" for r, what in zip(ranks[row.name], ("policy effects", "the baseline"))
                 if not math.isnan(r)]
        return "assumed; screening: " + (", ".join(shown) if shown else "no clear effect")
    return "sourced" if row.source else "**missing**"


def parameter_table() -> str:
    """The parameter table as Markdown (no trailing newline)."""
    from .sweep.screening import load_ranks

    r = load_ranks()
    ranks = {} if r is None else {f: (p, b) for f, p, b in zip(r["factor"], r["policy_rank"].astype(float),
                                                                r["baseline_rank"].astype(float))}
    posterior = posterior_ranges()
    head = ["parameter", "default", "plausible range", "unit", "source", "status", "description"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in parameter_rows():
        cells = row.cells()
        cells.insert(5, status(row, posterior, ranks))
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


IV_START = "<!-- interventions:start -->"
IV_END = "<!-- interventions:end -->"
IV_DOCS_PATH = DOCS_PATH.parent / "interventions.md"


def intervention_tables() -> str:
    """Per intervention kind: its purpose and a table of its fields (default, range, source)."""
    import importlib

    from .interventions import KINDS

    out = []
    for kind, cls in sorted(KINDS.items()):
        purpose = " ".join((importlib.import_module(cls.__module__).__doc__ or "").split())
        out += [f"### `{kind}`", "", purpose, "",
                "| field | default | plausible range | source | meaning |", "|---|---|---|---|---|"]
        for name, field in cls.Spec.model_fields.items():
            default = field.get_default(call_default_factory=True)
            shown = "(required)" if field.is_required() else "(unchanged)" if default is None else fmt(default)
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            rng = fmt_range(extra["range"]) if "range" in extra else "-"
            cells = [f"`{field.alias or name}`", shown, rng, extra.get("source", "-"), field.description or ""]
            out.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
        out.append("")
    return "\n".join(out).strip()


def update_interventions_doc(path: str | Path = IV_DOCS_PATH) -> bool:
    """Replace the text between the intervention markers of `path`; True if it changed."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    start, end = text.find(IV_START), text.find(IV_END)
    if start < 0 or end < start:
        raise ValueError(f"{path}: needs the markers {IV_START} and {IV_END}, in that order")
    new = f"{text[:start + len(IV_START)]}\n{intervention_tables()}\n{text[end:]}"
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True


def _split(text: str, path: Path) -> tuple[str, str, str]:
    start, end = text.find(START), text.find(END)
    if start < 0 or end < 0 or end < start:
        raise ValueError(f"{path}: needs the markers {START} and {END}, in that order")
    return text[: start + len(START)], text[start + len(START): end], text[end:]


def documented_table(path: str | Path = DOCS_PATH) -> str:
    """The table currently between the markers of a document (stripped)."""
    path = Path(path)
    return _split(path.read_text(encoding="utf-8"), path)[1].strip()


def update_docs(path: str | Path = DOCS_PATH) -> bool:
    """Replace the text between the parameter markers of `path` by the current table.
    Returns True if the file changed."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    head, _, tail = _split(text, path)
    new = f"{head}\n{parameter_table()}\n{tail}"
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wijksim.paramdoc",
                                 description="Print the parameter table, or update it in docs/model.md.")
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--write", nargs="?", const=str(DOCS_PATH), metavar="PATH",
                       help=f"replace the table between the markers (default {DOCS_PATH.relative_to(DOCS_PATH.parents[1])})")
    group.add_argument("--check", nargs="?", const=str(DOCS_PATH), metavar="PATH",
                       help="exit with status 1 if the document's table is out of date")
    args = ap.parse_args(argv)
    try:
        if args.write:
            changed = update_docs(args.write)
            print(f"{args.write}: {'updated' if changed else 'already up to date'}")
            if args.write == str(DOCS_PATH):
                changed = update_interventions_doc()
                print(f"{IV_DOCS_PATH}: {'updated' if changed else 'already up to date'}")
            return 0
        if args.check:
            if documented_table(args.check) != parameter_table():
                print(f"{args.check}: parameter table is out of date; run `python -m wijksim.paramdoc --write`",
                      file=sys.stderr)
                return 1
            print(f"{args.check}: parameter table is up to date")
            return 0
    except (OSError, ValueError) as exc:
        print(f"wijksim.paramdoc: error: {exc}", file=sys.stderr)
        return 2
    print(parameter_table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
