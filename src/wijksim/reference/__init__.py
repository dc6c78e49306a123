"""A plain-Mesa reference implementation of the monthly step: the correctness oracle and
speed baseline for the numba kernels (see docs/performance.md)."""

from .model import ReferenceModel

__all__ = ["ReferenceModel"]
