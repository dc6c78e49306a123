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
FAILED = set(range(6))  # professional_help -0.1: the first design points' runs

# 3 x 3 full factorial x 2 replications = 18 runs of the tiny city; professional_help -0.1 is
# invalid (the schema's lower bound is 0), so its 6 runs are stored as failed.
EXPERIMENT = """\
name: test-sweep
base: tiny.yaml
scenario: {run.years: 2}
seed: 17
replications: 2
design: {method: full_factorial}
factors:
  model.support.professional_help: {values: [-0.1, 0.2, 0.5]}
  model.network.max_ties: {values: [6, 10, 14]}
outcomes: [escalated_share, trust]
"""


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
    assert counts == {"runs": 18, "skipped": 0, "ok": 12, "failed": 6}
    return load_runs(out)


def test_sweep_stores_every_run_with_its_parameters_and_failures(reference, experiment_file):
    runs = reference
    assert list(runs["run_id"]) == list(range(18))
    assert list(runs.columns[:9]) == ["run_id", "point", "replication", "seed", "status", "error", "session",
                                      "worker", "seconds"]
    failed = runs[runs["status"] == "failed"]
    assert set(failed["model.support.professional_help"]) == {-0.1} and len(failed) == 6
    assert failed["error"].str.startswith("invalid scenario: model.support.professional_help: Input should be "
                                          "greater than or equal to 0").all()
    assert failed["trust.city.mean"].isna().all()
    ok = runs[runs["status"] == "ok"]
    assert ok["error"].isna().all() and ok["trust.city.mean"].between(0, 1).all()
    assert ok["escalated_share.West.last"].notna().all()
    assert ok["seed"].nunique() == len(ok)
    # the factor took effect: the parameter changes the outcome
    assert ok.groupby("model.network.max_ties")["trust.city.mean"].mean().nunique() == 3


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
    assert counts["ok"] + counts["failed"] == 18 and counts["failed"] == 6
    files = sorted(p.name for p in (tmp_path / "runs").iterdir())
    assert files == [f"run-{i:06d}.parquet" for i in range(18)]
    runs = load_runs(tmp_path)
    assert runs["run_id"].is_unique and len(runs) == 18
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
    assert 3 <= len(stored) < 18, f"the client was killed after {len(stored)} runs"
    # a run file being written at the kill, as the client would leave it
    (out / "runs" / ".run-000017.parquet.tmp").write_bytes(b"half a parquet file")
    assert len(pd.read_parquet(out / "runs")) == len(stored)
    assert pl.read_parquet(out / "runs" / "*.parquet").height == len(stored)

    # the rerun, through the command line as a user would, then the analysis
    assert main(["sweep", str(experiment_file), "--out", str(out), "--scheduler", client.scheduler.address]) == 0
    printed = capsys.readouterr().out
    assert f"18 runs: {len(stored)} already stored, {18 - len(stored)} ran ({6 - len(stored & FAILED)} failed)" in printed
    assert (out / "analysis" / "correlations.csv").is_file() and (out / "analysis" / "drivers.md").is_file()
    runs = load_runs(out)
    assert list(runs["run_id"]) == list(range(18))
    assert set(runs.loc[runs["session"] == 1, "run_id"]) == stored  # stored runs were not run again
    assert set(runs.loc[runs["session"] == 2, "run_id"]) == set(range(18)) - stored
    assert not list((out / "runs").glob(".*"))
    pd.testing.assert_frame_equal(runs.drop(columns=TIMING), reference.drop(columns=TIMING), check_exact=True)
    # one line with polars, too
    frame = pl.read_parquet(out / "runs" / "*.parquet")
    assert frame.height == 18 and frame["run_id"].n_unique() == 18


def test_resume_refuses_a_folder_of_another_experiment(experiment_file, client, tmp_path):
    from wijksim.config import ScenarioError

    exp = load_experiment(experiment_file)
    (tmp_path / "experiment.json").write_text('{"fingerprint": "another"}')
    with pytest.raises(ScenarioError, match="holds the results of another experiment"):
        run_sweep(exp, tmp_path, client, show_progress=False)
