"""Shared fixtures: a tiny but complete city that builds and steps in well under a second."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from wijksim.config import Scenario
from wijksim.model import WijkModel
from wijksim.params import CLASS_KEYS

CLASS_SHARES = dict(zip(CLASS_KEYS, [0.20, 0.10, 0.10, 0.25, 0.15, 0.10, 0.10]))

# 30 x 20 grid, two wijken of 15 x 20 cells (300 dwellings each) with 2 buurten each.
TINY = {
    "name": "tiny",
    "description": "test city",
    "run": {"years": 2, "seed": 11, "replications": 1, "burn_in_years": 0},
    "city": {
        "grid": {"width": 30, "height": 20},
        "wijken": {
            "West": {
                "area": [0, 0, 15, 20],
                "buurten": [1, 2],
                "tenure": {"social_rent": 0.6, "private_rent": 0.2, "owner": 0.2},
                "price_bands": {"low": 0.6, "middle": 0.3, "high": 0.1},
                "family_dwellings": 0.4,
                "facilities": {"meeting_places": 1, "school": True, "wijkteam_access_point": True},
            },
            "Oost": {
                "area": [15, 0, 15, 20],
                "buurten": [2, 1],
                "tenure": {"social_rent": 0.2, "private_rent": 0.2, "middle_rent": 0.1, "owner": 0.5},
                "price_bands": {"low": 0.2, "middle": 0.4, "high": 0.4},
                "family_dwellings": 0.5,
                "facilities": {"meeting_places": 2, "school": True, "wijkteam_access_point": False},
                "buurt_facilities": {"Oost-2": {"meeting_places": 0, "school": False}},
            },
        },
    },
    "population": {
        "wijken": {"West": dict(CLASS_SHARES), "Oost": dict(CLASS_SHARES)},
        "in_movers": {"classes": dict(CLASS_SHARES)},
    },
}


def _merge(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def tiny_scenario_dict(seed: int | None = None, model: dict | None = None, **sections) -> dict:
    """The tiny scenario as a plain dict; `model` and other sections are merged in."""
    d = _merge(TINY, sections)
    if model:
        d = _merge(d, {"model": model})
    if seed is not None:
        d["run"]["seed"] = seed
    return d


def build_tiny_scenario(seed: int | None = None, model: dict | None = None, **sections) -> Scenario:
    return Scenario.model_validate(tiny_scenario_dict(seed, model, **sections))


@pytest.fixture(scope="session")
def make_scenario():
    """Factory: make_scenario(seed=..., model={...}) -> a validated tiny Scenario."""
    return build_tiny_scenario


@pytest.fixture(scope="session")
def make_model():
    """Factory: make_model(seed=..., model={...}) -> a fresh WijkModel of the tiny city."""
    def factory(seed: int | None = None, model: dict | None = None, **sections) -> WijkModel:
        return WijkModel(build_tiny_scenario(seed, model, **sections))
    return factory


@pytest.fixture
def tiny_scenario() -> Scenario:
    return build_tiny_scenario()


@pytest.fixture
def tiny_model(tiny_scenario) -> WijkModel:
    return WijkModel(tiny_scenario)


def check_state_invariants(m: WijkModel) -> None:
    """Invariants of a model's state that must hold between months (shared by several tests)."""
    s, L = m.s, m.layout
    living = s.living()
    # capitals and trust in [0, 1]
    assert np.all((s.cap[living] >= 0) & (s.cap[living] <= 1)), "capital outside [0, 1]"
    assert np.all((s.trust[living] >= 0) & (s.trust[living] <= 1)), "trust outside [0, 1]"
    # households and dwellings
    uids = s.uid[living]
    assert np.unique(uids).size == uids.size, "two living households share a uid"
    assert np.all(uids < s.next_uid)
    dw = s.dwelling[living]
    assert np.all(dw >= 0), "a living household without a dwelling"
    assert np.unique(dw).size == dw.size, "two households in one dwelling"
    assert np.array_equal(m.dw_hh[dw], living), "dw_hh does not point back at the household"
    occupied = np.flatnonzero(m.dw_hh >= 0)
    assert occupied.size == living.size, "dw_hh holds a household that is not living"
    assert np.all(s.alive[m.dw_hh[occupied]] == 1)
    assert np.array_equal(s.dwelling[m.dw_hh[occupied]], occupied)
    assert np.all(s.dwelling[s.alive == 0] == -1), "a dead slot still holds a dwelling"
    assert np.array_equal(m.hh_buurt[living], L.dw_buurt[dw]), "hh_buurt out of date"
    # ties: symmetric, same weight, never to self, dead slots or twice, within strength bounds
    check_ties(s)


def check_ties(s) -> None:
    nbr, w = s.nbr, s.w
    rows, cols = np.nonzero(nbr >= 0)
    j = nbr[rows, cols]
    assert np.all(s.alive[rows] == 1), "a dead slot holds a tie"
    assert np.all(s.alive[j] == 1), "a tie points at a dead slot"
    assert np.all(j != rows), "a self-tie"
    assert np.all(w[nbr < 0] == 0.0), "an empty tie place with a weight"
    pairs = rows.astype(np.int64) * nbr.shape[0] + j
    assert np.unique(pairs).size == pairs.size, "a tie stored twice in one row"
    # symmetric with equal weights: the multiset of (i, j, w) equals that of (j, i, w)
    x = w[rows, cols]
    fwd = np.lexsort((x, j, rows))
    rev = np.lexsort((x, rows, j))
    assert np.array_equal(rows[fwd], j[rev]) and np.array_equal(j[fwd], rows[rev]), "a tie without its reverse"
    assert np.array_equal(x[fwd], x[rev]), "a tie with different strengths at its two ends"
    assert np.all((w[rows, cols] > 0) & (w[rows, cols] <= 1.0))


@pytest.fixture(scope="session")
def invariants():
    """The state-invariant checker, for tests that cannot take function-scoped fixtures."""
    return check_state_invariants
