"""The page of `wijksim app`, built on Solara directly around a LessonModel (a Mesa model): a bar
with the lesson picker, Opnieuw / Afspelen / Stap and the speed that stays at the top of the
window; beside the map and the charts, the lesson's settings, number monitors and guide. Every
text is in the chosen language (i18n). A narrow window (a 1024x768 beamer) puts the columns
under one another; the bar stays reachable.

Each browser tab is its own Solara session with its own model; the model is built (a few seconds
for the classroom city) and played in threads of that session (solara.use_thread)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Callable

import markdown
import solara
from solara.alias import rv

from ..config import ScenarioError, load_scenario
from . import charts, guide, i18n, mapview
from .household import household_markdown
from .lessons import CONTROLS
from .server import DEFAULT_SCENARIO, MAX_SPEED_ENV, SCENARIO_ENV
from .session import LessonModel, baseline_history

DEFAULT_SPEED = 3  # months per second: a pace a class can follow
FASTEST = 24  # the speed slider's end, unless classroom mode caps it lower

# per browser tab (Solara scopes module-level reactive variables to a session)
language = solara.reactive("nl")
map_mode = solara.reactive("class")
selected = solara.reactive(-1)  # the dwelling clicked on the map, -1 for none
smooth = solara.reactive(False)  # charts: yearly averages
chart_view = solara.reactive("values")  # or "difference"
tick = solara.reactive(0)  # months stepped: every view of the model reads it, so it redraws after each
download = solara.reactive({})  # the chart data asked for last: {csv, nonce}
width = solara.reactive(1920)  # the browser window's width in CSS pixels (reported by window_width.vue)
WIDE, NARROW = 1300, 900  # window widths: three columns from WIDE, two from NARROW, else one

CSS = """
body, .v-application { font-size: 16px; }
.wijksim-top { position: sticky; top: 0; z-index: 10; background: #fafafa; border-bottom: 1px solid #bbb;
  display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; padding: 6px 12px; }
.wijksim-top .wijksim-lesson { min-width: 300px; max-width: 330px; }
.wijksim-top .v-btn { font-size: 16px; text-transform: none; letter-spacing: 0; }
.wijksim-speed { width: 250px; }
.wijksim-language .v-btn, .wijksim-top .v-btn-group { height: 36px !important; }
.wijksim-csv { margin: 4px 0 10px 0; }
.wijksim-speed .v-label, .wijksim-settings .v-label { font-size: 15px; white-space: normal; opacity: 1; color: #222; }
.wijksim-time { font-size: 18px; font-weight: bold; }
.wijksim-body { display: grid; gap: 12px; padding: 12px; align-items: start; }
.wijksim-columns-3 { grid-template-columns: minmax(270px, 330px) minmax(0, 1fr) minmax(0, 1fr); }
.wijksim-columns-2 { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
.wijksim-columns-1 { grid-template-columns: minmax(0, 1fr); }
.wijksim-col { display: flex; flex-direction: column; gap: 12px; min-width: 0; }
.wijksim-card { background: #fff; border: 1px solid #ccc; border-radius: 6px; padding: 10px 12px; }
.wijksim-card h3 { font-size: 18px; margin: 0 0 6px 0; }
.wijksim-monitors { display: flex; flex-wrap: wrap; gap: 10px; }
.wijksim-monitor { flex: 1 1 140px; background: #fff; border: 1px solid #ccc; border-radius: 6px; padding: 6px 10px; }
.wijksim-monitor-value { font-size: 30px; font-weight: bold; color: #0072b2; line-height: 1.2; }
.wijksim-monitor-label { font-size: 15px; }
.wijksim-monitor-base { font-size: 15px; color: #444; }
.wijksim-charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 10px 14px; }
.wijksim-chart-head { min-height: 3.6em; }  /* charts side by side line up, whether a title takes one line or two */
.wijksim-chart-title { font-size: 16px; font-weight: bold; line-height: 1.25; }
.wijksim-chart-subtitle { font-size: 14px; color: #444; }
.wijksim-chart-legend { grid-column: 1 / -1; font-size: 16px; }
.wijksim-legend { font-size: 15px; line-height: 1.6; }
.wijksim-guide, .wijksim-household { font-size: 16px; }
.wijksim-guide h1 { font-size: 22px; } .wijksim-guide h2 { font-size: 19px; } .wijksim-guide h3 { font-size: 17px; }
.wijksim-restart { background: #fff3cd; border: 1px solid #c9a227; border-radius: 6px; padding: 8px; font-size: 15px; }
.wijksim-note { font-size: 15px; color: #333; }
.wijksim-notice { margin: 8px 12px; padding: 8px 12px; border-radius: 6px; font-size: 16px; }
.wijksim-info { background: #e3f2fd; border: 1px solid #64a0d8; }
.wijksim-error { background: #fdecea; border: 1px solid #c62828; color: #7f0000; }
/* Vuetify 3 in this Solara: a slider's label would squeeze the slider (put it above), and a
   checkbox's or switch's label is drawn twice (hide the stray copy) */
.v-input.v-slider { display: grid !important; grid-template-columns: 100% !important;
  grid-template-areas: "prepend" "control" "messages" !important; }
.v-slider .v-input__prepend { margin: 4px 0 0 0 !important; }
.v-slider .v-slider__label, .v-slider .v-label { white-space: normal; margin: 0; }
.v-selection-control__wrapper { font-size: 0; }
.v-selection-control__wrapper .v-icon { font-size: 24px; }
.v-selection-control .v-label { font-size: 15px; opacity: 1; color: #222; }
"""


def t(key: str, **values) -> str:
    return i18n.t(key, language.value, **values)


def number(value: float, decimals: int = 0) -> str:
    return i18n.number(value, language.value, decimals)


def html(text: str, classes: list[str]) -> None:
    """Markdown shown as HTML (not solara.Markdown, which fetches KaTeX from a CDN: 404s offline)."""
    solara.HTML(tag="div", unsafe_innerHTML=markdown.markdown(text, extensions=["tables"]), classes=classes)


def notice(text: str, kind: str) -> None:
    """A boxed message; kind is info, warning or error (solara.Info fails in this Solara's front-end)."""
    rv.Html(tag="div", class_=f"wijksim-notice wijksim-{kind}", children=[text])


def speed_cap() -> int:
    """The fastest pace this session may play at (classroom mode sets a lower cap)."""
    return max(1, int(float(os.environ.get(MAX_SPEED_ENV, FASTEST))))


@solara.component
def Layout(children=[]):
    """No app bar and no sidebar: the page lays itself out (see CSS)."""
    rv.Html(tag="div", children=children)


@solara.component_vue("window_width.vue")
def WindowWidth(event_width: Callable[[int], None]):
    """Reports the window's width on load and on every resize."""


@solara.component_vue("csv_button.vue")
def CsvButton(label: str, filename: str, download: dict, event_ask: Callable[[], None]):
    """A button that saves `download["csv"]` as `filename` whenever download["nonce"] changes."""


@solara.component_vue("map_image.vue")
def MapImage(src: str, labels: list, event_pick: Callable[[dict], None]):
    """The map image with the wijk names on it; a click calls event_pick with {x, y} as fractions."""


@solara.component
def TopBar(lesson: solara.Reactive[Path], model: LessonModel | None, playing: solara.Reactive[bool],
           speed: solara.Reactive[int], on_lesson: Callable[[str], None], on_reset: Callable[[], None],
           on_step: Callable[[], None]):
    """Lesson picker, Opnieuw / Afspelen / Stap, speed, the month, and NL/EN."""
    tick.get()
    ready = model is not None
    lessons = guide.lessons_beside(lesson.value)
    names = {i18n.lesson_name(p.stem, language.value): p.stem for p in lessons}
    cap = speed_cap()
    with rv.Html(tag="div", class_="wijksim-top"):
        solara.Select(t("lesson"), value=i18n.lesson_name(lesson.value.stem, language.value), values=list(names),
                      on_value=lambda name: on_lesson(names[name]), classes=["wijksim-lesson"], dense=True)
        solara.Button(t("reset"), icon_name="mdi-restart", on_click=on_reset, disabled=not ready,
                      color="primary", outlined=True, classes=["wijksim-reset"])
        at_end = ready and not model.running
        solara.Button(t("pause") if playing.value else t("play"),
                      icon_name="mdi-pause" if playing.value else "mdi-play", color="primary",
                      on_click=lambda: playing.set(not playing.value), disabled=not ready or at_end,
                      classes=["wijksim-play"])
        solara.Button(t("step"), icon_name="mdi-skip-next", on_click=on_step, color="primary", outlined=True,
                      disabled=not ready or at_end or playing.value, classes=["wijksim-step"])
        with rv.Html(tag="div", class_="wijksim-speed"):
            capped = f" {t('speed_capped', cap=cap)}" if cap < FASTEST else ""
            solara.SliderInt(t("speed_label", rate=speed.value) + capped, value=speed, min=1, max=cap,
                             thumb_label=False)
        if ready:
            solara.Text(t("time", month=model.month, months=model.horizon), classes=["wijksim-time"])
            if playing.value and (rate := model.months_per_second()):
                solara.Text(t("speed", rate=number(rate, 1)), classes=["wijksim-rate"])
        else:
            solara.Text(t("building"), classes=["wijksim-time"])
        with solara.ToggleButtonsSingle(value=language, classes=["wijksim-language"]):
            solara.Button("NL", value="nl", text=True)
            solara.Button("EN", value="en", text=True)
    if at_end:
        notice(t("at_end"), "info wijksim-at-end")


@solara.component
def SettingsPanel(model: LessonModel, pending: solara.Reactive[dict], on_reset: Callable[[], None]):
    """The lesson's sliders and switches: live ones change the running model at once, the others
    are kept until Opnieuw (with a clear note and a button while they differ from the run)."""
    tick.get()
    wijk = list(model.file_scenario.city.wijken)[0]
    values = {**model.settings, **pending.value}

    def change(key: str, value) -> None:
        pending.set({**pending.value, key: value})
        if CONTROLS[key].live:
            model.set_live(key, value)
            tick.value += 1  # redraw: the run now differs from the baseline

    with rv.Html(tag="div", class_="wijksim-card wijksim-settings"):
        rv.Html(tag="h3", children=[t("settings")])
        for key in model.lesson.controls:
            control, value = CONTROLS[key], values[key]
            label = i18n.t(key, language.value, wijk=wijk)
            if control.switch:
                solara.Switch(label=label, value=bool(value), on_value=lambda v, key=key: change(key, v))
                continue
            whole = float(control.step).is_integer() and float(control.lo).is_integer()
            shown = number(value, 0 if whole else 2)
            suffix = f" ({t('live_hint')})" if control.live else ""
            if whole:
                solara.SliderInt(f"{label}: {shown}{suffix}", value=int(value), min=int(control.lo), max=int(control.hi),
                                 step=int(control.step), thumb_label=False,
                                 on_value=lambda v, key=key: change(key, int(v)))
            else:
                solara.SliderFloat(f"{label}: {shown}{suffix}", value=float(value), min=control.lo, max=control.hi,
                                   step=control.step, thumb_label=False,
                                   on_value=lambda v, key=key: change(key, round(float(v), 4)))
        waiting = [k for k in model.lesson.controls if not CONTROLS[k].live and values[k] != model.settings[k]]
        if waiting:
            with rv.Html(tag="div", class_="wijksim-restart"):
                solara.Text(t("restart_needed"))
                solara.Button(t("restart_with"), icon_name="mdi-restart", color="warning", on_click=on_reset,
                              classes=["wijksim-restart-button"], style={"text-transform": "none"})
        if values != model.defaults:
            solara.Button(t("to_defaults"), text=True, style={"text-transform": "none"},
                          on_click=lambda: [change(k, v) for k, v in model.defaults.items()])
        rv.Html(tag="div", class_="wijksim-note", children=[t("settings_hint")])


@solara.component
def Monitors(model: LessonModel, base: list[dict] | None):
    """NetLogo-style monitors: the lesson's main figures now, and the baseline's in the same month."""
    tick.get()
    area = list(model.config.city.wijken)[0] if model.lesson.wijk_focus else ""
    with rv.Html(tag="div", class_="wijksim-monitors"):
        for item in charts.chart_data(model.lesson.monitors, model.history[-1:], base[-1:] if base else None,
                                      language.value, area):
            unit = "%" if item["key"] not in charts.INDEXES else ""
            value = charts.shown(model.history[-1][item["key"]])
            with rv.Html(tag="div", class_="wijksim-monitor"):
                rv.Html(tag="div", class_="wijksim-monitor-value",
                        children=["–" if value is None else number(value) + unit])
                title = item["title"].removesuffix(" (%)")
                rv.Html(tag="div", class_="wijksim-monitor-label", children=[f"{title}, {item['subtitle']}"])
                if base:
                    b = charts.shown(base[-1][item["key"]])
                    rv.Html(tag="div", class_="wijksim-monitor-base",
                            children=[t("monitor_base", value="–" if b is None else number(b) + unit)])


@solara.component
def MapPanel(model: LessonModel):
    """The map (colour switch, wijk names, legend) and its click handler."""
    tick.get()
    def pick(click: dict):
        selected.value = mapview.dwelling_at(model, float(click["x"]), float(click["y"]))

    with rv.Html(tag="div", class_="wijksim-card"):
        rv.Html(tag="h3", children=[t("map")])
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.Text(t("colour_by") + ":")
            with solara.ToggleButtonsSingle(value=map_mode, classes=["wijksim-colour"]):
                for mode in mapview.MODES:
                    solara.Button(t(f"colour_{mode}"), value=mode, text=True, style={"text-transform": "none"})
        with model.lock:  # not half-way through a month that the play thread is stepping
            png = mapview.map_png(model, map_mode.value, selected.value)
            groups = mapview.legend(model, map_mode.value, language.value)
        MapImage(src=mapview.data_url(png), labels=mapview.wijk_labels(model), event_pick=pick)
        solara.HTML(tag="div", classes=["wijksim-legend"], unsafe_innerHTML="<br>".join(
            (f"<b>{title}:</b> " if title else "") + " ".join(
                f'<span style="white-space:nowrap;margin-right:10px"><span style="display:inline-block;width:14px;'
                f'height:14px;background:{colour};border:1px solid #666;margin-right:4px;vertical-align:middle">'
                f'</span>{label}</span>' for colour, label in items) for title, items in groups))
        solara.Text(t("map_hint"), classes=["wijksim-note"])


@solara.component
def ChartsPanel(model: LessonModel, base: list[dict] | None):
    """The lesson's indicators by month against the baseline; yearly averages, the difference view and CSV."""
    tick.get()
    area = list(model.config.city.wijken)[0] if model.lesson.wijk_focus else ""
    with rv.Html(tag="div", class_="wijksim-card"):
        rv.Html(tag="h3", children=[t("charts")])
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            with solara.ToggleButtonsSingle(value=chart_view, classes=["wijksim-chart-view"]):
                solara.Button(t("view_values"), value="values", text=True, style={"text-transform": "none"})
                solara.Button(t("view_difference"), value="difference", text=True, style={"text-transform": "none"})
            solara.Checkbox(label=t("smooth"), value=smooth)
            CsvButton(label=t("csv"), filename=f"wijksim-{model.lesson_file.stem}-{t('csv_month')}{model.month}.csv",
                      download=download.value, event_ask=lambda *_: download.set({
                          "csv": charts.csv_text(model.lesson.charts, list(model.history), base, language.value),
                          "nonce": download.value.get("nonce", 0) + 1}))
        diff = chart_view.value == "difference"
        if diff and base is None:
            notice(t("no_difference"), "info")
        charts.Charts(model.lesson.charts, list(model.history), base, model.horizon, language.value, area,
                      smooth=smooth.value, diff=diff)
        if model.is_baseline:
            solara.Text(t("same_as_baseline"), classes=["wijksim-same-as-baseline", "wijksim-note"])


@solara.component
def Views(model: LessonModel, pending: solara.Reactive[dict], on_reset: Callable[[], None]):
    """Everything under the bar, in columns by the window's width: from WIDE, settings and guide |
    monitors and map | charts and household; from NARROW (a 1024 px beamer), the settings under the
    map and the guide under the household, so that the sliders are near; else one column."""
    tick.get()
    base = baseline_history(model)

    def settings():
        SettingsPanel(model, pending, on_reset)

    def guide_card():
        with rv.Html(tag="div", class_="wijksim-card"):
            rv.Html(tag="h3", children=[t("guide")])
            html(guide.guide_text(model.lesson_file, model.file_scenario, language.value), ["wijksim-guide"])

    def map_part():
        Monitors(model, base)
        MapPanel(model)

    def charts_part():
        ChartsPanel(model, base)
        with rv.Html(tag="div", class_="wijksim-card wijksim-household"):
            rv.Html(tag="h3", children=[t("household")])
            with model.lock:
                text = household_markdown(model, selected.value, language.value)
            html(text, [])

    if width.value >= WIDE:
        columns = [[settings, guide_card], [map_part], [charts_part]]
    elif width.value >= NARROW:
        columns = [[map_part, settings], [charts_part, guide_card]]
    else:
        columns = [[map_part, settings, charts_part, guide_card]]
    with rv.Html(tag="div", class_=f"wijksim-body wijksim-columns-{len(columns)}"):
        for parts in columns:
            with rv.Html(tag="div", class_="wijksim-col"):
                for part in parts:
                    part()


@solara.component
def Page():
    first = Path(os.environ.get(SCENARIO_ENV, DEFAULT_SCENARIO)).resolve()
    lesson = solara.use_reactive(first)
    request = solara.use_reactive((first, (), 0))  # (file, settings, count): build this model
    model = solara.use_reactive(None)  # the LessonModel of the last request, None while building
    pending = solara.use_reactive({})  # the settings' sliders (live ones already in the model)
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(min(DEFAULT_SPEED, speed_cap()))
    error = solara.use_reactive("")

    def build(cancel: threading.Event):
        path, settings, _ = request.value
        new = LessonModel(str(path), **dict(settings))
        if not cancel.is_set():
            selected.value = -1
            model.value = new

    def play(cancel: threading.Event):
        m = model.value
        due = time.perf_counter()
        while playing.value and m is not None and m.running and not cancel.is_set():
            m.step()
            tick.value += 1
            due += 1.0 / min(speed.value, speed_cap())
            wait = due - time.perf_counter()
            if wait > 0:
                cancel.wait(wait)
            else:  # behind: the model steps slower than asked; do not catch up later
                due = time.perf_counter()
        if m is not None and not m.running:
            playing.value = False

    solara.use_thread(build, dependencies=[request.value], intrusive_cancel=False)
    solara.use_thread(play, dependencies=[playing.value, model.value], intrusive_cancel=False)

    def rebuild(path: Path, settings: dict) -> None:
        playing.value = False
        model.value = None
        request.value = (path, tuple(sorted(settings.items())), request.value[2] + 1)

    def choose_lesson(stem: str) -> None:
        new = lesson.value.with_name(stem + ".yaml")
        try:
            load_scenario(new)
        except ScenarioError as exc:  # keep the current lesson and say what is wrong with the file
            error.value = t("lesson_error", error=str(exc))
            return
        error.value = ""
        lesson.value = new
        pending.value = {}
        rebuild(new, {})

    def reset() -> None:
        if model.value is not None:
            rebuild(lesson.value, {**model.value.settings, **pending.value})

    def step() -> None:
        if model.value is not None and model.value.running:
            model.value.step()
            tick.value += 1

    solara.Title(f"{i18n.lesson_name(lesson.value.stem, language.value)} — wijksim")
    solara.Style(CSS)
    WindowWidth(event_width=lambda w: width.set(int(w)))
    TopBar(lesson, model.value, playing, speed, choose_lesson, reset, step)
    if error.value:
        notice(error.value, "error")
    if model.value is None:
        notice(t("building"), "info wijksim-building")
    else:
        Views(model.value, pending, reset)
