"""Policy interventions of the three sporen. Each module defines one `Intervention` subclass
with its `Spec`; every module in this package is registered, so adding a kind of intervention
means adding one module (and a scenario), never editing the step loop."""

from __future__ import annotations

import importlib
import pkgutil

from .base import Intervention, InterventionSpec

KINDS: dict[str, type[Intervention]] = {}


def register(cls: type[Intervention]) -> type[Intervention]:
    """Class decorator: make an intervention kind available to scenario files."""
    KINDS[cls.kind] = cls
    return cls


for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["KINDS", "Intervention", "InterventionSpec", "register"]
