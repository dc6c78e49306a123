"""Which controls and charts a scenario gets in the app, and how the controls change a scenario.

A control's value equal to its default leaves the scenario as written (the baseline). The
interventions a control adds target the scenario's first wijk (in the teaching city: Noord,
the vulnerable wijk) for the whole horizon.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..config import Scenario


@dataclass(frozen=True)
class Control:
    """One slider (numbers) or switch (booleans); its key is also the key of its label in i18n.TEXTS.
    `live`: the running model can take a new value at once (LessonModel.set_live); any other
    control takes effect when the run starts again."""

    key: str
    lo: float = 0.0
    hi: float = 1.0
    step: float = 0.05
    default_of: Callable[[Scenario], Any] = lambda sc: 0
    switch: bool = False
    live: bool = False

    def default(self, sc: Scenario) -> Any:
        return self.default_of(sc)


CONTROLS = {c.key: c for c in (
    Control("tolerance", 0.0, 0.8, 0.05, lambda sc: sc.model.housing.tolerance, live=True),
    Control("wijkteam_fte", 0.5, 3.0, 0.25, lambda sc: sc.model.support.wijkteam_fte_per_1000),
    Control("access_point", switch=True, default_of=lambda sc: False),
    Control("buurtgezinnen", 0, 20, 1),
    Control("basisbaan", 0, 300, 25),
    Control("local_school", switch=True, default_of=lambda sc: sc.model.children.school_choice_local),
    Control("housing_mix", 0.0, 0.5, 0.05),
    Control("meeting_places", 0, 3, 1),
    Control("connectors", 0.0, 5.0, 0.5),
)}


@dataclass(frozen=True)
class Lesson:
    """The controls and chart indicators of one lesson; `wijk_focus`: charts show the first wijk.
    The first (up to) three chart indicators are also shown as number monitors."""

    controls: tuple[str, ...]
    charts: tuple[str, ...]
    wijk_focus: bool = True

    @property
    def monitors(self) -> tuple[str, ...]:
        return self.charts[:3]


SCHELLING = Lesson(("tolerance",), ("similar_share", "dissimilarity_class"), wijk_focus=False)
LESSONS = {
    "schelling": SCHELLING,
    "social-mixing": Lesson(("housing_mix", "meeting_places", "connectors", "tolerance"),
                            ("dissimilarity_class", "bridging_share", "lonely_share", "overburdened_share")),
    "basisbaan": Lesson(("basisbaan", "local_school", "wijkteam_fte"),
                        ("employment_rate", "benefit_share", "overburdened_share", "trust")),
    "support-network": Lesson(("wijkteam_fte", "access_point", "buurtgezinnen", "meeting_places"),
                              ("overburdened_share", "escalated_share", "lonely_share", "in_care_share")),
}
GENERAL = Lesson(("wijkteam_fte", "access_point", "buurtgezinnen", "basisbaan", "housing_mix",
                  "meeting_places", "connectors", "tolerance"),
                 ("overburdened_share", "employment_rate", "lonely_share", "dissimilarity_class"))


def lesson_for(sc: Scenario) -> Lesson:
    """The lesson of a teaching scenario (by its name); any other scenario gets the general one,
    or the Schelling one when housing is its only process."""
    if sc.name in LESSONS:
        return LESSONS[sc.name]
    on = [k for k, v in sc.model.processes.model_dump().items() if v]
    return SCHELLING if on == ["housing"] else GENERAL


def defaults(sc: Scenario, lesson: Lesson) -> dict[str, Any]:
    """The value of every control of the lesson that leaves the scenario as written."""
    return {key: CONTROLS[key].default(sc) for key in lesson.controls}


def target_wijk(sc: Scenario) -> str:
    """The wijk the app's interventions target: the scenario's first."""
    return list(sc.city.wijken)[0]


def with_settings(sc: Scenario, settings: dict[str, Any]) -> Scenario:
    """The scenario with the controls' settings applied (validated like a scenario file)."""
    data = sc.model_dump(mode="json")
    base = {"wijken": [target_wijk(sc)], "years": [1, sc.run.years]}
    add = data.setdefault("interventions", []).append
    changed = {k: v for k, v in settings.items() if v != CONTROLS[k].default(sc)}
    if "tolerance" in changed:
        data["model"]["housing"]["tolerance"] = float(changed["tolerance"])
    if "local_school" in changed:
        add({"school_policy": {**base, "local_choice": bool(changed["local_school"])}})
    if "wijkteam_fte" in changed or "access_point" in changed:
        fte = settings.get("wijkteam_fte", CONTROLS["wijkteam_fte"].default(sc))
        add({"wijkteam": {**base, "fte_per_1000_households": float(fte),
                          "access_point": bool(settings.get("access_point", False))}})
    if "buurtgezinnen" in changed:
        add({"buurtgezinnen": {**base, "volunteer_families_per_1000_households": float(changed["buurtgezinnen"])}})
    if "basisbaan" in changed:
        add({"basisbaan": {**base, "places": int(changed["basisbaan"])}})
    if "housing_mix" in changed:
        add({"housing_mix": {**base, "mode": "convert", "from": "social_rent", "to": "middle_rent",
                             "share": float(changed["housing_mix"]), "new_band": "middle"}})
    if "meeting_places" in changed:
        add({"meeting_places": {**base, "extra_per_buurt": int(changed["meeting_places"])}})
    if "connectors" in changed:
        add({"connectors": {**base, "fte": float(changed["connectors"])}})
    return Scenario.model_validate(data)
