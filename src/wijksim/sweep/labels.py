"""Human labels for the factors and outcome columns of a sweep, for plots and reports:
`model.labour.job_find` -> "job find (labour)", `escalated_share.Noord.mean` -> "escalated
share, Noord (mean of years 1-N)"; the long descriptions come from the parameter table and
the indicator list of docs/model.md."""

from __future__ import annotations

import functools

from ..indicators import INDICATORS


@functools.cache
def _parameter_descriptions() -> dict[str, str]:
    from ..paramdoc import parameter_rows

    return {r.name: r.description or "" for r in parameter_rows()}


def factor_label(path: str) -> str:
    """A short name for a factor: its last key in words, with its section."""
    parts = path.split(".")
    name = parts[-1].replace("_", " ")
    section = next((p for p in reversed(parts[:-1]) if not p.isdigit() and p not in ("model", "interventions")), "")
    return f"{name} ({section.replace('_', ' ')})" if section else name


def factor_description(path: str) -> str:
    """The parameter table's description of a factor, or '' when it has none."""
    return _parameter_descriptions().get(path, "")


DIFF = "diff."  # the prefix of a policy's paired-difference columns (experiment `policy:`)


def outcome_label(column: str, years: int | None = None) -> str:
    """'escalated share, Noord (mean of years 1-8)' for 'escalated_share.Noord.mean'."""
    indicator, area, stat = column.rsplit(".", 2)
    span = f"1-{years}" if years else "1-N"
    when = f"mean of years {span}" if stat == "mean" else f"year {years or 'N'}"
    effect = indicator.startswith(DIFF)
    name = indicator.removeprefix(DIFF).replace("_", " ")
    return f"{'policy effect on ' if effect else ''}{name}, {area} ({when})"


def outcome_description(column: str) -> str:
    """The indicator's one-line meaning from docs/model.md (for diff.*: of the policy's effect on it)."""
    text = INDICATORS.get(column.rsplit(".", 2)[0].removeprefix(DIFF), "")
    return f"policy minus base (same seed): {text}" if column.startswith(DIFF) and text else text
