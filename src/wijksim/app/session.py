"""The app's model: a WijkModel made from a lesson file and the controls' settings (what the page
builds and steps), a baseline run of the file with the same seed, and a few cheap
indicators recorded every month for the live charts."""

from __future__ import annotations

import threading
import time
from collections import deque
from pathlib import Path

import numpy as np

from ..config import Scenario, load_scenario
from ..indicators import LOW_CLASSES, dissimilarity, household_table, similar_neighbours
from ..model import MONTHS_PER_YEAR, WijkModel
from ..processes import kernel_params
from .lessons import CONTROLS, defaults, lesson_for, target_wijk, with_settings
from .server import DEFAULT_SCENARIO


def monthly_indicators(m: WijkModel, focus_wijk: int | None) -> dict[str, float]:
    """City segregation, and the other chart indicators in `focus_wijk` (or the city if None)."""
    h = household_table(m)
    low = np.isin(h["cls"], LOW_CLASSES)
    out = {"dissimilarity_class": dissimilarity(low, h["buurt"]), "similar_share": float(similar_neighbours(m)[1].mean())}
    mask = np.ones(h["cls"].size, bool) if focus_wijk is None else h["wijk"] == focus_wijk
    s, i = m.s, m.s.living()[mask]
    mean = (lambda x: float(x[mask].mean()) if mask.any() else float("nan"))
    in_force = h["in_force"][mask].sum()
    out.update({
        "overburdened_share": mean(h["overburdened"]),
        "escalated_share": mean(h["escalated"]),
        "employment_rate": float(h["working"][mask].sum() / in_force) if in_force else float("nan"),
        "benefit_share": mean(h["benefit"]),
        "lonely_share": mean(h["lonely"]),
        "bridging_share": float(h["bridging"][mask].sum() / max(h["ties"][mask].sum(), 1)),
        "trust": mean(h["trust"]),
        "in_care_share": float((s.care[i] > 0).mean()) if i.size else float("nan"),
    })
    return out


class LessonModel(WijkModel):
    """A WijkModel built from a lesson's scenario file and the settings of its controls (keyword
    parameters; a control left at None keeps the scenario file's value). Records the chart
    indicators every month (`history`, index = month since the start) and stops (`running`) at
    the scenario's horizon. `settings` are the values it runs with; live controls can change them
    during the run (set_live)."""

    def __init__(self, lesson_file: str = DEFAULT_SCENARIO, tolerance=None, wijkteam_fte=None, access_point=None,
                 buurtgezinnen=None, basisbaan=None, local_school=None, housing_mix=None, meeting_places=None,
                 connectors=None):
        given = {"tolerance": tolerance, "wijkteam_fte": wijkteam_fte, "access_point": access_point,
                 "buurtgezinnen": buurtgezinnen, "basisbaan": basisbaan, "local_school": local_school,
                 "housing_mix": housing_mix, "meeting_places": meeting_places, "connectors": connectors}
        self.lesson_file = Path(lesson_file).resolve()
        self.file_scenario = load_scenario(self.lesson_file)
        self.lesson = lesson_for(self.file_scenario)
        self.defaults = defaults(self.file_scenario, self.lesson)
        self.changed_live = False  # a live control was changed during the run
        self.settings = {**self.defaults, **{k: v for k, v in given.items() if v is not None}}
        scenario = self.file_scenario if self.is_baseline else with_settings(self.file_scenario, self.settings)
        self.lock = threading.RLock()  # held while a month is stepped; the page's views read under it
        super().__init__(scenario)
        wijken = list(scenario.city.wijken)
        self.focus = wijken.index(target_wijk(scenario)) if self.lesson.wijk_focus else None
        self.horizon = scenario.run.years * MONTHS_PER_YEAR  # months; the app stops there
        self.history: list[dict[str, float]] = [monthly_indicators(self, self.focus)]
        self.step_clock: deque[float] = deque(maxlen=20)  # when the last months ended (for the speed shown)

    @property
    def is_baseline(self) -> bool:
        """True while this run is the scenario file as written (no setting has ever differed)."""
        return self.settings == self.defaults and not self.changed_live

    def set_live(self, key: str, value) -> None:
        """Change a live control (CONTROLS[key].live) from the next month on."""
        if not CONTROLS[key].live:
            raise ValueError(f"{key} cannot change during a run")
        if value == self.settings[key]:
            return
        data = self.config.model_dump(mode="json")
        data["model"]["housing"]["tolerance"] = float(value)
        config = Scenario.model_validate(data)
        with self.lock:  # between two months
            self.settings[key] = value
            self.changed_live = True
            self.config, self.kp = config, kernel_params(config.model)

    def step(self) -> None:
        with self.lock:
            super().step()
            if self.month > 0:  # not during the burn-in that WijkModel runs while it is built
                self.history.append(monthly_indicators(self, self.focus))
                self.running = self.month < self.horizon
                self.step_clock.append(time.perf_counter())

    def months_per_second(self) -> float:
        """The speed over the last months if they ran one after another (playing), else 0."""
        c = self.step_clock
        if len(c) < 5 or c[-1] - c[0] > 2 * len(c) or time.perf_counter() - c[-1] > 2:
            return 0.0
        return (len(c) - 1) / (c[-1] - c[0])


_BASELINES: dict[str, tuple[LessonModel, threading.Lock]] = {}  # by the file's content: an edited file, a new baseline
_BASELINES_LOCK = threading.Lock()


def baseline_history(model: LessonModel) -> list[dict[str, float]] | None:
    """The indicators of the scenario file as written (same seed) up to the model's month, advancing
    that baseline run as far as needed; None while the model's settings are the file's. The baseline
    run is shared by every browser that opens the same file."""
    if model.is_baseline:
        return None
    key = model.file_scenario.model_dump_json()
    with _BASELINES_LOCK:
        if key not in _BASELINES:
            _BASELINES[key] = (LessonModel(str(model.lesson_file)), threading.Lock())
        base, lock = _BASELINES[key]
    with lock:
        while base.month < model.month:
            base.step()
        return base.history[: model.month + 1]
