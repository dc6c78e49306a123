"""Wall time per part of the monthly step: wraps the process functions the model calls, so a
run can report where its time goes (processes, interventions, end of year, indicators)."""

from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager

from wijksim import model as model_module
from wijksim.processes import (capitals, children, coping, demography, housing, labour, network_dynamics,
                               setbacks, support, trust)

PARTS = {  # label: (object, attribute)
    "interventions": (model_module.WijkModel, "run_interventions"),
    "context": (model_module.WijkModel, "update_context"),
    "setbacks": (setbacks, "step"), "support": (support, "step"), "coping": (coping, "step"),
    "capitals": (capitals, "step"), "labour": (labour, "step"), "trust": (trust, "step"),
    "care_countdown": (support, "count_down_care"),
    "demography": (demography, "step"), "housing": (housing, "step"), "leavers_removed": (demography, "remove"),
    "network": (network_dynamics, "step"),
    "end_of_year": (model_module.WijkModel, "end_of_year"),
    "children_year": (children, "step_year"), "classes": (model_module.WijkModel, "derive_classes"),
    "indicators": (model_module, "yearly_indicators"),
}


@contextmanager
def part_timer(clock=time.perf_counter):
    """Within the block, seconds spent per part (by `clock`: wall by default, time.process_time
    for CPU time) accumulate in the yielded dict. Nested parts (children, classes, indicators
    inside end_of_year) are counted in both."""
    seconds: dict[str, float] = defaultdict(float)
    saved = {}
    for label, (owner, attr) in PARTS.items():
        original = getattr(owner, attr)
        saved[label] = original

        def timed(*args, _f=original, _label=label, **kwargs):
            t0 = clock()
            try:
                return _f(*args, **kwargs)
            finally:
                seconds[_label] += clock() - t0
        setattr(owner, attr, timed)
    try:
        yield seconds
    finally:
        for label, (owner, attr) in PARTS.items():
            setattr(owner, attr, saved[label])
