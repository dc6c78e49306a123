"""Lesson guides: Markdown files next to the scenario file, one per language
(`schelling.yaml` -> `schelling.nl.md`, `schelling.en.md`), so that teachers can edit them."""

from __future__ import annotations

from pathlib import Path

from ..config import Scenario
from . import i18n


def guide_path(scenario_path: Path, lang: str) -> Path:
    return scenario_path.with_name(f"{scenario_path.stem}.{lang}.md")


def guide_text(scenario_path: Path, scenario: Scenario, lang: str) -> str:
    """The guide in `lang`, or a note with the scenario's description when there is none."""
    path = guide_path(scenario_path, lang)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    return f"{i18n.t('no_guide', lang)}\n\n> {scenario.description or scenario.name}"


def lessons_beside(scenario_path: Path) -> list[Path]:
    """The scenario files in the same folder (the lessons a teacher can switch between)."""
    return sorted(scenario_path.parent.glob("*.yaml"))
