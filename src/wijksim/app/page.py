"""The page of `wijksim app`: Mesa's SolaraViz runs a LessonModel (its app bar, its Controls card with
Reset, Play and Step, and its Model Parameters card with the lesson's sliders and switches);
beside it, our views of the model (map, household, charts, guide) redraw after every step, and a
lesson list and the NL/EN switch sit in SolaraViz's sidebar and app bar. SolaraViz's own texts
(Reset, Step, Play Interval, Render Interval, Use Threads, Controls, Model Parameters,
Information) keep Mesa's English labels; every other text switches language.

The views are not passed to SolaraViz as `components`: SolaraViz lays those out with Solara's
GridDraggable, whose Vue 2 grid library does not load in the Vue 3 front-end of the Solara
version pinned here (the page stays blank), so the page lays them out itself."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import solara
from mesa.visualization import Slider, SolaraViz
from mesa.visualization.utils import update_counter

from ..config import ScenarioError, load_scenario
from . import charts, guide, i18n, mapview
from .household import household_markdown
from .lessons import CONTROLS
from .server import DEFAULT_SCENARIO, SCENARIO_ENV
from .session import LessonModel, baseline_history

# per browser tab (Solara scopes module-level reactive variables to a kernel)
language = solara.reactive("nl")
map_mode = solara.reactive("class")
selected = solara.reactive(-1)  # the dwelling clicked on the map, -1 for none
# Fixes for SolaraViz's sidebar in the Vue 3 front-end of the pinned Solara: the sidebar's width
# reaches the layout as NaN, so it would cover the page (give it a width, move the page and the
# app bar beside it); a slider's label would squeeze the slider (put the label above it, and
# always show the value on the thumb); a checkbox's label is drawn twice (hide the stray copy).
LAYOUT_CSS = """
.v-navigation-drawer.solara-content-main { width: 420px !important; min-width: 420px !important; }
main.v-main.solara-content-main { padding-left: 420px !important; }
header.v-app-bar { left: 420px !important; width: calc(100% - 420px) !important; }
.v-navigation-drawer .v-input.v-slider { display: grid !important; grid-template-columns: 100% !important;
  grid-template-areas: "prepend" "control" "messages" !important; }
.v-navigation-drawer .v-slider .v-input__prepend { margin: 8px 0 30px 0; }
.v-navigation-drawer .v-slider__label { white-space: normal; }
.v-navigation-drawer .v-slider-thumb__label-container { display: block !important; }
.v-navigation-drawer .v-slider-thumb__label { transform: translateY(-8px) scale(0.9) !important; }
.v-navigation-drawer .v-selection-control__wrapper { font-size: 0; }
.v-navigation-drawer .v-selection-control__wrapper .v-icon { font-size: 24px; }
"""


def t(key: str, **values) -> str:
    return i18n.t(key, language.value, **values)


@solara.component_vue("map_image.vue")
def MapImage(src: str, event_pick: Callable[[dict], None]):
    """The map image; a click calls event_pick with the click's position as fractions {x, y}."""


def model_params(model: LessonModel, lang: str) -> dict:
    """SolaraViz's model_params: the lesson file (fixed) and a slider or switch per control,
    labelled in `lang` and starting at the file's values."""
    wijk = list(model.file_scenario.city.wijken)[0]
    params: dict = {"lesson_file": str(model.lesson_file)}
    for key, value in model.defaults.items():
        control, label = CONTROLS[key], i18n.t(key, lang, wijk=wijk)
        if control.switch:
            params[key] = {"type": "Checkbox", "label": label, "value": bool(value)}
        else:
            whole = float(control.step).is_integer() and float(control.lo).is_integer()
            params[key] = Slider(label, value=value, min=control.lo, max=control.hi, step=control.step,
                                 dtype=int if whole else float)
    return params


@solara.component
def MapPanel(model: LessonModel):
    """The time, the map (colour switch, legend) and its click handler."""
    def pick(click: dict):
        selected.value = mapview.dwelling_at(model, float(click["x"]), float(click["y"]))

    update_counter.get()
    with solara.Card(t("map")):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.Text(t("time", month=model.month, months=model.horizon), classes=["wijksim-time"])
            if rate := model.months_per_second():
                solara.Text(t("speed", rate=rate), classes=["wijksim-rate"])
            if not model.running:
                solara.Text(t("finished"))
        with solara.Row(style={"align-items": "center"}):
            solara.Text(t("colour_by") + ":")
            with solara.ToggleButtonsSingle(value=map_mode, classes=["wijksim-colour"]):
                for mode in mapview.MODES:
                    solara.Button(t(f"colour_{mode}"), value=mode, text=True)
        MapImage(src=mapview.data_url(mapview.map_png(model, map_mode.value, selected.value)), event_pick=pick)
        solara.HTML(unsafe_innerHTML=" ".join(
            f'<span style="white-space:nowrap;margin-right:10px"><span style="display:inline-block;width:12px;'
            f'height:12px;background:{colour};border:1px solid #999;margin-right:4px"></span>{label}</span>'
            for colour, label in mapview.legend(model, map_mode.value, language.value)))
        solara.Text(t("map_hint"))


@solara.component
def ChartsPanel(model: LessonModel):
    """The lesson's indicators by month, the baseline run (advanced to this month) beside them."""
    area = list(model.config.city.wijken)[0] if model.lesson.wijk_focus else ""
    update_counter.get()
    with solara.Card(t("charts")):
        charts.Charts(model.lesson.charts, list(model.history), baseline_history(model), model.horizon,
                      language.value, area)
        if model.is_baseline:
            solara.Text(t("same_as_baseline"), classes=["wijksim-same-as-baseline"])


@solara.component
def HouseholdPanel(model: LessonModel):
    update_counter.get()
    with solara.Card(t("household"), classes=["wijksim-household"]):
        solara.Markdown(household_markdown(model, selected.value, language.value))


@solara.component
def GuidePanel(model: LessonModel):
    with solara.Card(t("guide"), classes=["wijksim-guide"]):
        solara.Markdown(guide.guide_text(model.lesson_file, model.file_scenario, language.value))


@solara.component
def Views(model: LessonModel):
    """Our views of the model; each is redrawn whenever SolaraViz has stepped it (its update counter)."""
    with solara.Columns([1, 1]):
        with solara.Column():
            MapPanel(model)
            HouseholdPanel(model)
        with solara.Column():
            ChartsPanel(model)
            GuidePanel(model)


@solara.component
def Page():
    lang = language.value
    first = Path(os.environ.get(SCENARIO_ENV, DEFAULT_SCENARIO)).resolve()
    path, set_path = solara.use_state(first)
    lesson_error = solara.use_reactive("")
    first_model = solara.use_memo(lambda: LessonModel(str(path)), [path])
    model = solara.use_reactive(first_model)  # SolaraViz's Reset puts a new LessonModel here
    params = solara.use_memo(lambda: model_params(first_model, lang), [first_model, lang])

    def choose_lesson(stem: str):
        new = path.with_name(stem + ".yaml")
        try:
            load_scenario(new)
        except ScenarioError as exc:  # keep the current lesson and say what is wrong with the file
            lesson_error.value = str(exc)
            return
        lesson_error.value, selected.value = "", -1
        set_path(new)

    solara.Style(LAYOUT_CSS)
    with solara.AppBar():
        with solara.ToggleButtonsSingle(value=language, classes=["wijksim-language"]):
            solara.Button("NL", value="nl", text=True)
            solara.Button("EN", value="en", text=True)
    with solara.Sidebar():
        with solara.Card(t("lesson"), classes=["wijksim-lesson"]):
            lessons = guide.lessons_beside(path)
            if len(lessons) > 1:
                solara.Select(t("lesson"), value=path.stem, values=[p.stem for p in lessons], on_value=choose_lesson)
            if lesson_error.value:
                solara.Text(lesson_error.value, style={"color": "#b71c1c", "display": "block"})
            solara.Text(t("apply_at_reset"), classes=["wijksim-apply-hint"])
    # a new lesson mounts a new SolaraViz, so that its model parameters start from the new file; the
    # sliders start at the file's values on every render, so a language switch does not move them
    SolaraViz(model, components=[], model_params=params, name=t("title"), play_interval=1).key(str(path))
    Views(model.value)
