"""Live charts for a beamer: each lesson indicator by month (or by year), this run beside the
baseline run, on a fixed scale per indicator (0-100 % for shares), or as the difference from the
baseline in percentage points; and the same numbers as CSV. Python prepares the points and the
axis ticks; the browser draws them (line_charts.vue), so a frame costs no plotting."""

from __future__ import annotations

import csv
import io
import math

import solara

from . import i18n

SEGREGATION = ("dissimilarity_class", "similar_share")  # measured over the whole city
INDEXES = ("dissimilarity_class", "trust")  # indexes 0-100; every other indicator is a share (%)
SCALE = 100.0
# The top of each chart's fixed scale (bottom 0): 100 unless the share stays small in the lessons
# (measured on klasstad, 15 years: overburdened 1.5-4%, escalated 2-5%, in care 1-2.5%, on benefit
# 8-12%, few contacts 8-14%). A run that goes past it doubles the top (and up to 100), so a
# scale changes at most a few times and never zooms into noise.
TOP = {"overburdened_share": 10.0, "escalated_share": 10.0, "in_care_share": 10.0, "benefit_share": 25.0,
       "lonely_share": 25.0}  # every indicator is a share or an index in [0, 1]; shown as 0-100
DIFF_SPAN = 5.0  # the difference view shows at least -5 to +5 percentage points


@solara.component_vue("line_charts.vue")
def LineCharts(charts: list, months: int, live_label: str, baseline_label: str, year_label: str):
    """Line charts: each item of `charts` has a title, a subtitle, y ticks [[value, label]], the y range
    (lo, hi) and the points [[month, value]] of this run and of the baseline (or None)."""


def shown(value: float) -> float | None:
    """An indicator value as shown (0-100), None if not a number."""
    return round(float(value) * SCALE, 3) if math.isfinite(value) else None


def monthly(history: list[dict], key: str) -> list[list[float]]:
    return [[m, v] for m, r in enumerate(history) if (v := shown(r[key])) is not None]


def yearly(points: list[list[float]]) -> list[list[float]]:
    """Month 0, then the mean of each complete year (months 1-12, 13-24, ...) at its last month."""
    out = [p for p in points if p[0] == 0]
    by_year: dict[int, list[float]] = {}
    for m, v in points:
        if m > 0:
            by_year.setdefault((m - 1) // 12, []).append(v)
    out += [[12 * (y + 1), round(sum(vs) / len(vs), 3)] for y, vs in sorted(by_year.items()) if len(vs) == 12]
    return out


def difference(live: list[list[float]], base: list[list[float]]) -> list[list[float]]:
    """This run minus the baseline, month by month (percentage points)."""
    base_at = dict((m, v) for m, v in base)
    return [[m, round(v - base_at[m], 3)] for m, v in live if m in base_at]


def top(key: str, values: list[float]) -> float:
    """The top of the indicator's scale: TOP (or 100), doubled while a value is above it."""
    hi = TOP.get(key, SCALE)
    while hi < SCALE and values and max(values) > hi:
        hi = min(SCALE, 2 * hi)
    return hi


def ticks(lo: float, hi: float, unit: str) -> list[list]:
    """Ticks at whole multiples of a round step (at most six), labelled with the unit ('%' or '');
    signed when the scale goes below zero (the difference view)."""
    step = next(s for s in (1, 2, 4, 5, 10, 20, 25, 50) if (hi - lo) / s <= 5)
    out = []
    v = math.ceil(lo / step) * step
    while v <= hi:
        label = f"{v:+g}" if lo < 0 and v != 0 else f"{v:g}"
        out.append([float(v), label + unit])
        v += step
    return out


def chart_data(keys: tuple[str, ...], live: list[dict], baseline: list[dict] | None, lang: str, area: str,
               smooth: bool = False, diff: bool = False) -> list[dict]:
    """One item per indicator: title and subtitle in `lang`, y range and ticks, and the points of this
    run and of the baseline (or None); with `diff`, this run minus the baseline around a zero line."""
    out = []
    for key in keys:
        where = i18n.t("whole_city", lang) if not area or key in SEGREGATION else i18n.t("in_area", lang, area=area)
        unit = "" if key in INDEXES else "%"
        run = monthly(live, key)
        base = None if baseline is None else monthly(baseline, key)
        if diff:
            run = difference(run, base) if base is not None else []
            base = None
            span = max([DIFF_SPAN] + [math.ceil(abs(v)) for _, v in run])
            span = 4 * math.ceil(span / 4)  # ticks on whole numbers
            lo, hi, tick_list = -span, span, ticks(-span, span, "")
            where += f" — {i18n.t('view_difference', lang).lower()} ({i18n.t('points', lang)})"
        else:
            hi = top(key, [v for _, v in run + (base or [])])
            lo, tick_list = 0.0, ticks(0.0, hi, unit)
        if smooth:
            run, base = yearly(run), None if base is None else yearly(base)
        out.append({"key": key, "title": i18n.t(key, lang), "subtitle": where, "lo": lo, "hi": hi, "ticks": tick_list,
                    "live": run, "baseline": base, "zero": diff})
    return out


def csv_text(keys: tuple[str, ...], live: list[dict], baseline: list[dict] | None, lang: str) -> str:
    """The chart data as CSV, a row per month: this run's indicators and the baseline's. Dutch uses
    ';' and a decimal comma (as Dutch spreadsheet programs expect), English ',' and a point."""
    sep = ";" if lang == "nl" else ","
    fmt = (lambda v: "" if v is None else f"{v:g}".replace(".", ",")) if lang == "nl" else (lambda v: "" if v is None else f"{v:g}")
    header = [i18n.t("csv_month", lang)] + [i18n.t(k, lang) for k in keys]
    if baseline is not None:
        header += [f"{i18n.t(k, lang)} — {i18n.t('csv_base', lang)}" for k in keys]
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    for m, row in enumerate(live):
        values = [shown(row[k]) for k in keys]
        if baseline is not None:
            values += [shown(baseline[m][k]) if m < len(baseline) else None for k in keys]
        writer.writerow([m] + [fmt(v) for v in values])
    return buf.getvalue()


@solara.component
def Charts(keys: tuple[str, ...], live: list[dict], baseline: list[dict] | None, months: int, lang: str, area: str,
           smooth: bool = False, diff: bool = False):
    LineCharts(charts=chart_data(keys, live, baseline, lang, area, smooth, diff), months=months,
               live_label=i18n.t("live", lang), baseline_label=i18n.t("baseline", lang),
               year_label=i18n.t("year_axis", lang))
