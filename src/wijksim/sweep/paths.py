"""Dotted paths into a scenario's data, as experiment files name their factors.

`model.support.professional_help` is a key path through mappings. In a list, a number picks
an item (`interventions.0.basisbaan.places`: the first intervention) and a name picks every
item that is a mapping with that key (`interventions.basisbaan.places`: the places of every
basisbaan intervention), so an intervention is named by its kind.
"""

from __future__ import annotations

from typing import Any


class PathError(KeyError):
    """A dotted path that names nothing in the scenario."""

    def __str__(self) -> str:
        return str(self.args[0])


def _step(nodes: list[Any], key: str, walked: str) -> list[Any]:
    out = []
    for node in nodes:
        if isinstance(node, dict):
            if key not in node:
                raise PathError(f"no parameter '{key}' under '{walked or '(top level)'}'")
            out.append(node[key])
        elif isinstance(node, list):
            if key.isdigit():
                if int(key) >= len(node):
                    raise PathError(f"'{walked}' has {len(node)} items, no item {key}")
                out.append(node[int(key)])
            else:
                found = [item[key] for item in node if isinstance(item, dict) and key in item]
                if not found:
                    raise PathError(f"no item '{key}' in '{walked}'")
                out.extend(found)
        else:
            raise PathError(f"'{walked}' is a value ({node!r}), not a section")
    return out


def _parents(data: dict, path: str) -> tuple[list[Any], str]:
    parts = path.split(".")
    nodes: list[Any] = [data]
    for i, key in enumerate(parts[:-1]):
        nodes = _step(nodes, key, ".".join(parts[:i]))
    return nodes, parts[-1]


def get_path(data: dict, path: str) -> Any:
    """The value at `path` (the first one where a name picks several list items)."""
    nodes, last = _parents(data, path)
    return _step(nodes, last, path.rpartition(".")[0])[0]


def set_path(data: dict, path: str, value: Any) -> None:
    """Set the value at `path` in place (every match where a name picks several list items).
    A whole number goes to a parameter whose current value is a whole number, rounded."""
    nodes, last = _parents(data, path)
    old = _step(nodes, last, path.rpartition(".")[0])
    if type(old[0]) is int and isinstance(value, float) and value == value:
        value = round(value)
    for node in nodes:
        if isinstance(node, dict):
            node[last] = value
        elif isinstance(node, list) and last.isdigit():
            node[int(last)] = value
        else:
            for item in node:
                if isinstance(item, dict) and last in item:
                    item[last] = value


def leaf_paths(data: Any, prefix: str = "") -> list[str]:
    """Every path to a value (not a section) in `data`, interventions named by their kind."""
    out: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            out += leaf_paths(value, f"{prefix}{key}.") or [f"{prefix}{key}"]
    elif isinstance(data, list) and data and all(isinstance(i, dict) and len(i) == 1 for i in data):
        for item in data:
            out += leaf_paths(item, prefix)
    return out
