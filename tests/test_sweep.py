"""Sweeps on a Dask LocalCluster: 1 and 2 workers give the same numbers, a killed worker's
run is retried, an interrupted sweep resumes with only the missing runs, a bad combination
is stored as failed, and the folder loads in one line with pandas and polars."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from distributed import Client, LocalCluster
from ruamel.yaml import YAML

from conftest import tiny_scenario_dict
from wijksim.cli import main
from wijksim.sweep import load_experiment, load_runs
from wijksim.sweep.execute import run_sweep

pytestmark = pytest.mark.timeout(300)  # a hung cluster fails the test instead of hanging CI

TIMING = ["session", "worker", "seconds"]  # the only columns that may differ between equal sweeps
FAILED = {0, 1}  # initial_ties_max 3 with initial_ties_min 4: design point 0's runs

# 3 x 2 full factorial x 2 replications = 12 runs of the tiny city. Every value is valid on
# its own (checked before the sweep), but initial_ties_min 4 > initial_ties_max 3 is not, so
# the 2 runs of that combination are stored as failed.
EXPERIMENT = """\
name: test-sweep
base: tiny.yaml
scenario: {run.years: 2}
seed: 17
replications: 2
design: {method: full_factorial}
factors:
  model.network.initial_ties_max: {values: [3, 8, 14]}
  model.network.initial_ties_min: {values: [4, 2]}
outcomes: [escalated_share, trust]
timeseries: [trust]
"""
N_RUNS = 12


def run_files(n: int) -> list[str]:
    return [f"run-{r // 2:06d}-{r % 2:03d}.parquet" for r in range(n)]


@pytest.fixture(scope="module")
def experiment_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("experiment")
    with open(folder / "tiny.yaml", "w") as f:
        YAML().dump(tiny_scenario_dict(), f)
    (folder / "exp.yaml").write_text(EXPERIMENT)
    return folder / "exp.yaml"


def _warm(client: Client) -> None:
    """Import the model on every worker, so that start-up is not part of a test's timing."""
    client.run(lambda: __import__("wijksim.model"))


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=50) as cluster, Client(cluster) as c:
        _warm(c)
        yield c


@pytest.fixture(scope="module")
def reference(experiment_file, client, tmp_path_factory) -> pd.DataFrame:
    """The experiment swept once, uninterrupted, on 2 workers."""
    out = tmp_path_factory.mktemp("ref")
    counts = run_sweep(load_experiment(experiment_file), out, client, show_progress=False)
    assert counts == {"runs": N_RUNS, "skipped": 0, "ok": 10, "failed": 2}
    return load_runs(out)


def test_sweep_stores_every_run_with_its_parameters_and_failures(reference, experiment_file):
    runs = reference
    assert list(runs["run_id"]) == list(range(N_RUNS))
    assert list(runs.columns[:10]) == ["run_id", "point", "replication", "seed", "status", "error", "session",
                                       "worker", "seconds", "code_version"]
    assert runs["code_version"].str.match(r"wijksim \S+ src [0-9a-f]{12} git \S+$").all()
    failed = runs[runs["status"] == "failed"]
    assert set(failed["run_id"]) == FAILED
    assert failed["error"].str.startswith("invalid scenario: model.network: initial_ties_min (4) must not exceed "
                                          "initial_ties_max (3)").all()
    assert failed["trust.city.mean"].isna().all()
    ok = runs[runs["status"] == "ok"]
    assert ok["error"].isna().all() and ok["trust.city.mean"].between(0, 1).all()
    assert ok["escalated_share.West.last"].notna().all()
    assert ok["seed"].nunique() == len(ok)
    # the factor took effect: the parameter changes the outcome
    assert ok.groupby("model.network.initial_ties_max")["trust.city.mean"].mean().nunique() == 3


def test_time_series_are_stored_in_long_format(reference, experiment_file, tmp_path_factory):
    from wijksim.sweep.store import RunStore

    out = next(p for p in tmp_path_factory.getbasetemp().glob("ref*"))
    series = RunStore(out).load_series()
    assert list(series.columns) == ["run_id", "point", "replication", "indicator", "area", "year", "value"]
    assert set(series["indicator"]) == {"trust"} and set(series["year"]) == {1, 2}
    assert set(series["area"]) == {"city", "West", "Oost"}
    assert set(series["run_id"]) == set(range(N_RUNS)) - FAILED  # failed runs have no series
    city = series[(series["area"] == "city") & (series["year"] == 2)].set_index("run_id")["value"]
    ok = reference.set_index("run_id")
    assert (city == ok.loc[city.index, "trust.city.last"]).all()


def test_one_worker_gives_the_same_numbers_as_two(reference, experiment_file, tmp_path):
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=50) as cluster, Client(cluster) as one:
        run_sweep(load_experiment(experiment_file), tmp_path, one, show_progress=False)
    pd.testing.assert_frame_equal(load_runs(tmp_path).drop(columns=TIMING), reference.drop(columns=TIMING),
                                  check_exact=True)


def test_killed_worker_is_retried_and_every_run_stored_once(reference, experiment_file, client, tmp_path):
    killed = []

    def kill_a_busy_worker(run_id: int) -> None:
        if killed:
            return
        busy = [w for w, tasks in client.processing().items() if tasks]
        if busy:
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    counts = run_sweep(load_experiment(experiment_file), tmp_path, client, show_progress=False,
                       on_stored=kill_a_busy_worker)
    assert killed, "no worker was busy to kill"
    assert counts["ok"] + counts["failed"] == N_RUNS and counts["failed"] == 2
    files = sorted(p.name for p in (tmp_path / "runs").iterdir())
    assert files == run_files(N_RUNS)
    runs = load_runs(tmp_path)
    assert runs["run_id"].is_unique and len(runs) == N_RUNS
    pd.testing.assert_frame_equal(runs.drop(columns=TIMING), reference.drop(columns=TIMING), check_exact=True)
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the killed worker for the next test
    assert killed[0] not in client.run(os.getpid).values()


def test_interrupted_client_resumes_with_only_the_missing_runs(reference, experiment_file, client, tmp_path, capsys):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "wijksim.cli", "sweep", str(experiment_file), "--out", str(out), "--no-analysis",
           "--scheduler", client.scheduler.address]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and len(list(out.glob("runs/run-*.parquet"))) < 3:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)  # a hard kill: no clean-up in the client at all
    proc.wait(timeout=30)
    first = load_runs(out)
    stored = set(first["run_id"])
    assert 3 <= len(stored) < N_RUNS, f"the client was killed after {len(stored)} runs"
    # a run file being written at the kill, as the client would leave it
    (out / "runs" / ".run-000005-001.parquet.tmp").write_bytes(b"half a parquet file")
    assert len(pd.read_parquet(out / "runs")) == len(stored)
    assert pl.read_parquet(out / "runs" / "*.parquet").height == len(stored)

    # the rerun, through the command line as a user would, then the analysis
    assert main(["sweep", str(experiment_file), "--out", str(out), "--scheduler", client.scheduler.address]) == 0
    printed = capsys.readouterr().out
    assert (f"{N_RUNS} runs: {len(stored)} already stored, {N_RUNS - len(stored)} ran "
            f"({2 - len(stored & FAILED)} failed)") in printed
    assert (out / "analysis" / "correlations.csv").is_file() and (out / "analysis" / "drivers.md").is_file()
    runs = load_runs(out)
    assert list(runs["run_id"]) == list(range(N_RUNS))
    assert set(runs.loc[runs["session"] == 1, "run_id"]) == stored  # stored runs were not run again
    assert set(runs.loc[runs["session"] == 2, "run_id"]) == set(range(N_RUNS)) - stored
    assert not list((out / "runs").glob(".*"))
    pd.testing.assert_frame_equal(runs.drop(columns=TIMING), reference.drop(columns=TIMING), check_exact=True)
    # one line with polars, too
    frame = pl.read_parquet(out / "runs" / "*.parquet")
    assert frame.height == N_RUNS and frame["run_id"].n_unique() == N_RUNS


def test_resume_refuses_a_folder_of_another_experiment(experiment_file, client, tmp_path):
    from wijksim.config import ScenarioError

    exp = load_experiment(experiment_file)
    (tmp_path / "experiment.json").write_text('{"identity": "another"}')
    with pytest.raises(ScenarioError, match="holds the results of another experiment"):
        run_sweep(exp, tmp_path, client, show_progress=False)
    (tmp_path / "experiment.json").write_text('{"fingerprint": "before code versions"}')
    with pytest.raises(ScenarioError, match="made by an older wijksim that recorded no code version"):
        run_sweep(exp, tmp_path, client, show_progress=False)
