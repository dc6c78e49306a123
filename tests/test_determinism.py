"""Reproducibility across thread counts and the Mesa/networkx views onto the state."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from conftest import tiny_scenario_dict
from wijksim.agents import Household
from wijksim.network import load_networkx
from wijksim.state import CAPITAL_NAMES

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import json, sys
import numba
from wijksim.config import Scenario
from wijksim.model import WijkModel
scenario_file, seed, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
scenario = Scenario.model_validate(json.load(open(scenario_file)))
m = WijkModel(scenario, seed=seed)
m.run_years(scenario.run.years)
m.indicators().to_parquet(out)
print(numba.config.NUMBA_NUM_THREADS)
"""


def _run_all(tmp_path: Path, runs: list[tuple[int, int]]) -> list[pd.DataFrame]:
    """Run the tiny scenario for (seed, threads) in parallel subprocesses; read their indicator tables."""
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(tiny_scenario_dict()))
    script = tmp_path / "run.py"
    script.write_text(SCRIPT)
    procs = []
    for k, (seed, threads) in enumerate(runs):
        env = dict(os.environ, NUMBA_NUM_THREADS=str(threads),
                   PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
        out = tmp_path / f"ind-{k}.parquet"
        procs.append((out, threads, subprocess.Popen([sys.executable, str(script), str(scenario), str(seed), str(out)],
                                                     env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
    tables = []
    for out, threads, proc in procs:
        stdout, stderr = proc.communicate(timeout=240)
        assert proc.returncode == 0, stderr
        assert stdout.strip().splitlines()[-1] == str(threads), "NUMBA_NUM_THREADS was not applied"
        tables.append(pd.read_parquet(out))
    return tables


def test_same_seed_same_indicators_across_thread_counts_and_other_seed_differs(tmp_path):
    one, two, other = _run_all(tmp_path, [(123, 1), (123, 2), (124, 2)])
    assert len(one) > 0 and set(one["year"]) == {0, 1, 2}
    pd.testing.assert_frame_equal(one, two, check_exact=True)
    numeric = [c for c in one.columns if pd.api.types.is_float_dtype(one[c])]
    assert not np.allclose(one[numeric].to_numpy(float), other[numeric].to_numpy(float), equal_nan=True)
    with pytest.raises(AssertionError):
        pd.testing.assert_frame_equal(one, other)


def test_same_seed_same_run_in_process(make_model):
    a, b = make_model(seed=9), make_model(seed=9)
    a.run_years(1)
    b.run_years(1)
    pd.testing.assert_frame_equal(a.indicators(), b.indicators(), check_exact=True)
    for name, value in a.s.__dict__.items():
        if isinstance(value, np.ndarray):
            np.testing.assert_array_equal(value, b.s.__dict__[name], err_msg=name)


def test_agents_are_views_on_the_state(tiny_model):
    m = tiny_model
    s = m.s

    def check():
        agents = list(m.agents)
        assert all(isinstance(a, Household) for a in agents)
        assert len(agents) == int(s.alive.sum()) == len(m.agents)
        assert sorted(a.unique_id for a in agents) == sorted(s.uid[s.living()].tolist())
        for a in agents:
            assert s.alive[a.slot] == 1 and s.uid[a.slot] == a.unique_id
            caps = a.capitals
            assert [caps[c] for c in CAPITAL_NAMES] == s.cap[a.slot].tolist()
            assert a.dwelling == s.dwelling[a.slot]
        return agents

    agents = check()
    first = agents[0]
    # views, not copies: a change in the arrays shows in the agent and vice versa
    s.cap[first.slot, 0] = 0.123
    assert first.capitals["economic"] == 0.123
    first.trust = 1.7
    assert s.trust[first.slot] == 1.0
    assert {uid for uid, _ in first.ties} == {int(s.uid[j]) for j in s.nbr[first.slot] if j >= 0}
    m.run_years(1)
    check()
    living = set(s.uid[s.living()].tolist())
    left = [a for a in agents if a.unique_id not in living]
    assert left, "some households leave the city in a year"
    with pytest.raises(LookupError):
        left[0].capitals
    assert all(a.model is m for a in m.agents)


def test_graph_matches_the_tie_arrays(tiny_model):
    m = tiny_model
    m.run_years(1)
    s = m.s
    g = m.graph()
    assert isinstance(g, nx.Graph)
    assert g.number_of_nodes() == int(s.alive.sum())
    n_ties = int((s.nbr >= 0).sum())
    assert n_ties % 2 == 0
    assert g.number_of_edges() == n_ties // 2
    slot = {int(s.uid[i]): int(i) for i in s.living()}
    for a, b, d in g.edges(data=True):
        i, j = slot[a], slot[b]
        k = int(np.flatnonzero(s.nbr[i] == j)[0])
        assert d["weight"] == s.w[i, k]
    for node, attrs in g.nodes(data=True):
        assert attrs["cls"] == s.cls[slot[node]]
    # round trip through networkx keeps every tie and its strength
    before = {(int(i), int(j), float(w)) for i, row in enumerate(s.nbr) for j, w in zip(row, s.w[i]) if j >= 0}
    load_networkx(s, g)
    after = {(int(i), int(j), float(w)) for i, row in enumerate(s.nbr) for j, w in zip(row, s.w[i]) if j >= 0}
    assert before == after
