"""The ten monthly processes of MODEL.md, one numba kernel module each.

Kernels take parameters as namedtuples built here from the scenario's pydantic sections,
so a kernel reads `p.solve_max` rather than a position in an array. The namedtuple types
are made once at import and live in this module, so numba's on-disk cache recognises them.
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np
from pydantic import BaseModel

from ..params import DOMAINS, ModelParams

SECTIONS = [name for name in ModelParams.model_fields if name not in ("classes", "processes")]


def _kernel_values(section: BaseModel) -> dict:
    """Numbers as float; per-domain dicts and lists as float arrays; other fields dropped."""
    values = {}
    for name, value in section:
        if isinstance(value, dict) and set(value) == set(DOMAINS):
            values[name] = np.array([value[d] for d in DOMAINS], dtype=np.float64)
        elif isinstance(value, list):
            values[name] = np.asarray(value, dtype=np.float64)
        elif isinstance(value, (int, float, bool)):
            values[name] = float(value)
    return values


_DEFAULTS = ModelParams()
_TYPES = {}
for _name in SECTIONS:
    _cls_name = type(getattr(_DEFAULTS, _name)).__name__ + "Params"
    _TYPES[_name] = namedtuple(_cls_name, list(_kernel_values(getattr(_DEFAULTS, _name))), module=__name__)
    globals()[_cls_name] = _TYPES[_name]


def kernel_params(p: ModelParams) -> dict:
    """Every numeric section of the model parameters as its kernel namedtuple."""
    return {name: _TYPES[name](**_kernel_values(getattr(p, name))) for name in SECTIONS}
