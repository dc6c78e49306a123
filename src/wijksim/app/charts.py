"""Live charts: each lesson indicator by month, this run beside the baseline run. Python only
prepares the series; the browser draws them (line_charts.vue), so a frame costs no plotting."""

from __future__ import annotations

import math

import solara

from . import i18n

SEGREGATION = ("dissimilarity_class", "similar_share")  # measured over the whole city


@solara.component_vue("line_charts.vue")
def LineCharts(charts: list, months: int, live_label: str, baseline_label: str, year_label: str):
    """Small line charts: each item of `charts` has a title, a live series and a baseline series or None."""


def _series(history: list[dict], key: str) -> list[float | None]:
    return [None if not math.isfinite(r[key]) else round(float(r[key]), 5) for r in history]


def chart_data(keys: tuple[str, ...], live: list[dict], baseline: list[dict] | None, lang: str, area: str) -> list[dict]:
    """One item per indicator: translated title, the live series and the baseline series (or None)."""
    out = []
    for key in keys:
        title = i18n.t(key, lang)
        if area and key not in SEGREGATION:
            title += " " + i18n.t("in_area", lang, area=area)
        out.append({"title": title, "live": _series(live, key),
                    "baseline": None if baseline is None else _series(baseline, key)})
    return out


@solara.component
def Charts(keys: tuple[str, ...], live: list[dict], baseline: list[dict] | None, months: int, lang: str, area: str):
    LineCharts(charts=chart_data(keys, live, baseline, lang, area), months=months,
               live_label=i18n.t("live", lang), baseline_label=i18n.t("baseline", lang),
               year_label=i18n.t("year_axis", lang))
