"""wijksim: agent-based simulation of Dutch neighbourhood (wijk) policy."""

__version__ = "0.1.0"
