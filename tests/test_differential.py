"""Differential test: the numba kernels (WijkModel) against the plain-Mesa reference
(wijksim.reference.ReferenceModel) on the tiny city, month by month.

Tolerance: none. Both draw the same counter-based random numbers and do the same float
operations in the same order (the reference mirrors each kernel's expressions; city-wide
means that the kernel takes with numpy are taken with numpy), so every household field,
every tie and every indicator must be bit-identical. The first differing month and field is
reported, which points at the process that drifted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wijksim.model import WijkModel
from wijksim.reference import ReferenceModel
from wijksim.state import HOUSEHOLD_FIELDS, HOUSEHOLD_MATRICES

from conftest import build_tiny_scenario

FIELDS = list(HOUSEHOLD_FIELDS) + list(HOUSEHOLD_MATRICES) + ["nbr", "w"]

# Every kind of intervention, with periods that start and end inside the run.
INTERVENTIONS = [
    {"housing_mix": {"wijken": ["West"], "years": [1, 1], "mode": "demolish_rebuild", "share": 0.3, "to": "middle_rent"}},
    {"housing_mix": {"wijken": ["Oost"], "years": [1, 2], "share": 0.5, "to": "owner", "new_band": "high"}},
    {"housing_mix": {"wijken": ["Oost"], "years": [1, 2], "mode": "sell_to_tenants", "share": 0.3,
                     "from": "private_rent", "to": "owner"}},
    {"allocation": {"wijken": ["West"], "years": [1, 2], "middle_income_share": 0.3,
                    "priority": ["escalated_debt_or_housing", "families_with_children"]}},
    {"allocation": {"wijken": ["Oost"], "years": [1, 1], "passend_toewijzen": False}},
    {"meeting_places": {"wijken": ["West"], "years": [1, 2], "extra_per_buurt": 2}},
    {"connectors": {"wijken": ["West", "Oost"], "years": [1, 2], "fte": 3}},
    {"basisbaan": {"wijken": ["West"], "years": [1, 1], "places": 20, "eligible_months": 6}},
    {"school_policy": {"wijken": ["West"], "years": [1, 2], "extended_day_gain": 0.05}},
    {"wijkteam": {"wijken": ["West"], "years": [1, 2], "fte_per_1000_households": 3, "access_point": True,
                  "bilingual_staff_share": 0.4}},
    {"buurtgezinnen": {"wijken": ["West", "Oost"], "years": [1, 2], "volunteer_families_per_1000_households": 15,
                       "match_months": 3}},
    {"participation": {"wijken": ["Oost"], "years": [2, 2]}},
]


def differences(kernel: WijkModel, ref: ReferenceModel) -> list[str]:
    """Fields (of living households) where the two models differ; empty if identical."""
    s, hh_buurt = ref.state()
    k = kernel.s
    if not np.array_equal(s.alive, k.alive):
        return [f"living households differ in slots {np.flatnonzero(s.alive != k.alive)[:5].tolist()}"]
    living = k.living()
    out = []
    for name in FIELDS:
        a, b = getattr(s, name)[living], getattr(k, name)[living]
        if not np.array_equal(a, b):
            rows = np.flatnonzero((a != b).reshape(living.size, -1).any(axis=1))
            out.append(f"{name} in {rows.size} households, e.g. slot {living[rows[0]]}: "
                       f"reference {a[rows[0]]} kernel {b[rows[0]]}")
    if not np.array_equal(hh_buurt[living], kernel.hh_buurt[living]):
        out.append("buurt of a household")
    if s.next_uid != k.next_uid:
        out.append("next uid")
    return out


def run_both(scenario, months: int):
    kernel, ref = WijkModel(scenario), ReferenceModel(scenario)
    assert differences(kernel, ref) == [], "different starting states"
    for _ in range(months):
        kernel.step()
        ref.step()
        diff = differences(kernel, ref)
        assert diff == [], f"month {kernel.month}: " + "; ".join(diff)
    pd.testing.assert_frame_equal(kernel.indicators(), ref.indicators(), check_exact=True)
    return kernel, ref


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_same_trajectory_through_end_of_year(seed):
    kernel, ref = run_both(build_tiny_scenario(seed=seed), months=14)
    assert len(ref.agents) == int(kernel.s.alive.sum())
    assert len(kernel.records) == 2  # year 0 and the end of year 1 were both compared


def test_same_trajectory_after_burn_in():
    run_both(build_tiny_scenario(seed=7, run={"burn_in_years": 1}), months=2)


@pytest.mark.parametrize("seed", [11, 5])
def test_same_trajectory_with_every_intervention(seed):
    kernel, ref = run_both(build_tiny_scenario(seed=seed, interventions=INTERVENTIONS), months=15)
    assert (kernel.s.labour == 3).any() or any(iv.ended for iv in kernel.interventions)  # basisbaan ran
    assert kernel.layout.dw_tenure.tolist() == ref.layout.dw_tenure.tolist()


@pytest.mark.parametrize("off", [{"housing": False}, {"demography": False, "network": False},
                                 {"children": False, "support": False}])
def test_same_trajectory_with_processes_switched_off(off):
    run_both(build_tiny_scenario(seed=3, model={"processes": off}), months=13)


def test_a_drifted_rule_is_caught():
    """The comparison is not vacuous: a 0.1% change of the trust relaxation rate in the
    reference alone shows in the first month."""
    scenario = build_tiny_scenario(seed=11)
    kernel, ref = WijkModel(scenario), ReferenceModel(scenario)
    ref.kp["trust"] = ref.kp["trust"]._replace(relax_rate=ref.kp["trust"].relax_rate * 1.001)
    kernel.step()
    ref.step()
    assert any(d.startswith("trust") for d in differences(kernel, ref))
