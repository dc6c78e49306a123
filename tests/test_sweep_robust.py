"""A sweep left running overnight: no usable worker stops it within a minute with one line,
a code change or a second invocation is refused, a design is extended in place with only
the new runs, and Ctrl-C stops it with one line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from distributed import Client, LocalCluster
from ruamel.yaml import YAML

from conftest import tiny_scenario_dict
from wijksim.cli import main
from wijksim.config import ScenarioError
from wijksim.sweep import load_experiment, load_runs
from wijksim.sweep.analyse import analyse
from wijksim.sweep.execute import prepare, run_sweep
from wijksim.sweep.store import RunStore

pytestmark = pytest.mark.timeout(300)
SRC = str(Path(__file__).resolve().parents[1] / "src")

# Sobol, 2 factors: N = 4 gives 4 x (2 + 2) = 16 design points; N = 8 gives 32, the first 16 the same.
EXPERIMENT = """\
name: extend
base: tiny.yaml
scenario: {run.years: 1}
seed: 3
seeds: common
replications: 1
design: {method: sobol, samples: 4}
factors:
  model.support.professional_help: {range: [0.1, 0.5]}
  model.network.max_ties: {range: [8, 14]}
outcomes: [trust]
areas: [city]
"""


def write_experiment(folder: Path, text: str = EXPERIMENT) -> Path:
    with open(folder / "tiny.yaml", "w") as f:
        YAML().dump(tiny_scenario_dict(), f)
    (folder / "exp.yaml").write_text(text)
    return folder / "exp.yaml"


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=50) as cluster, Client(cluster) as c:
        yield c


def one_error_line(err: str) -> str:
    lines = [line for line in err.replace("\r", "\n").splitlines() if line.strip()]
    assert "Traceback" not in err and len(lines) == 1, err
    return lines[0]


def test_no_worker_stops_within_a_minute_with_one_line(tmp_path, capsys):
    exp = write_experiment(tmp_path)
    with LocalCluster(n_workers=0, dashboard_address=":0", silence_logs=50) as cluster:
        start = time.monotonic()
        code = main(["sweep", str(exp), "--out", str(tmp_path / "out"), "--scheduler", cluster.scheduler_address,
                     "--wait-for-workers", "3"])
        took = time.monotonic() - start
    line = one_error_line(capsys.readouterr().err)
    assert code == 2 and took < 60
    assert line.startswith("wijksim: error: no Dask worker connected to the scheduler at tcp://")
    assert "within 3 s (--wait-for-workers)" in line


def test_a_worker_that_cannot_import_wijksim_stops_the_sweep_with_one_line(tmp_path, capsys):
    exp = write_experiment(tmp_path)
    blocker = tmp_path / "no_wijksim.py"  # the worker's Python has no wijksim
    blocker.write_text("import sys\nsys.modules['wijksim'] = None\n")
    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=":0", silence_logs=50,
                      preload=[str(blocker)]) as cluster:
        start = time.monotonic()
        code = main(["sweep", str(exp), "--out", str(tmp_path / "out"), "--scheduler", cluster.scheduler_address])
        took = time.monotonic() - start
    line = one_error_line(capsys.readouterr().err)
    assert code == 2 and took < 60
    assert "a Dask worker cannot run wijksim" in line and "wijksim" in line.split("base scenario): ")[1]
    assert not list((tmp_path / "out").glob("runs/*"))  # nothing started


def test_a_code_change_refuses_the_resume_unless_allowed(tmp_path):
    exp = load_experiment(write_experiment(tmp_path))
    store = RunStore(tmp_path / "out")
    _, meta = prepare(exp, {"wijksim": "0.1.0", "source": "aaaaaaaaaaaa", "git": "1234567+dirty", "numpy": "2.1"})
    store.open(meta)
    _, patched = prepare(exp, {"wijksim": "0.1.0", "source": "bbbbbbbbbbbb", "git": "1234567+dirty", "numpy": "2.1"})
    with pytest.raises(ScenarioError, match=r"its runs were made with other code \(source aaaaaaaaaaaa -> "
                                            r"bbbbbbbbbbbb\); .* --allow-code-change"):
        store.open(patched)
    changed = store.open(patched, allow_code_change=True)
    assert changed == {"code_changed": "source aaaaaaaaaaaa -> bbbbbbbbbbbb"}
    assert [v["source"] for v in store.meta()["code_versions"]] == ["aaaaaaaaaaaa", "bbbbbbbbbbbb"]


def test_a_second_invocation_on_the_same_folder_is_refused(tmp_path, capsys):
    exp = write_experiment(tmp_path)
    out = tmp_path / "out"
    with RunStore(out).lock():  # a sweep running on the folder
        assert main(["sweep", str(exp), "--out", str(out), "--workers", "1"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "another `wijksim sweep` is running on this folder (pid " in line and str(os.getpid()) in line


def test_extending_a_sobol_design_and_its_replications_runs_only_the_new_runs(tmp_path, client):
    path = write_experiment(tmp_path)
    out = tmp_path / "out"
    assert run_sweep(load_experiment(path), out, client, show_progress=False)["ok"] == 16
    first = load_runs(out)

    path.write_text(EXPERIMENT.replace("samples: 4", "samples: 8"))
    counts = run_sweep(load_experiment(path), out, client, show_progress=False)
    assert counts == {"runs": 32, "skipped": 16, "ok": 16, "failed": 0}
    runs = load_runs(out)
    assert set(runs.loc[runs["session"] == 2, "point"]) == set(range(16, 32))
    assert runs[runs["point"] < 16].equals(first)  # the stored runs were kept as they were

    path.write_text(EXPERIMENT.replace("samples: 4", "samples: 8").replace("replications: 1", "replications: 2"))
    counts = run_sweep(load_experiment(path), out, client, show_progress=False)
    assert counts == {"runs": 64, "skipped": 32, "ok": 32, "failed": 0}
    runs = load_runs(out)
    assert list(runs["run_id"]) == list(range(64)) and set(runs.loc[runs["session"] == 3, "replication"]) == {1}
    sessions = [json.loads(line) for line in (out / "sessions.jsonl").read_text().splitlines()]
    assert sessions[2]["extended"] == "32 design points x 1 replications -> 32 x 2"
    # the analysis uses every run: N = 8, both replications, and shows the indices at N = 4 and 8
    analysis = analyse(out, plots=False)
    convergence = pd.read_csv(analysis / "sobol-convergence.csv")
    assert sorted(convergence["N"].unique()) == [4, 8]
    assert pd.read_csv(analysis / "replications.csv")["replications"].eq(2).all()
    full = pd.read_csv(analysis / "sobol.csv")
    assert full["ST"].to_numpy() == pytest.approx(convergence[convergence["N"] == 8]["ST"].to_numpy(), nan_ok=True)
    assert not full["ST"].equals(convergence[convergence["N"] == 4]["ST"].reset_index(drop=True))

    path.write_text(EXPERIMENT.replace("method: sobol, samples: 4", "method: latin, samples: 16"))
    with pytest.raises(ScenarioError, match="another experiment"):
        run_sweep(load_experiment(path), out, client, show_progress=False)
    path.write_text(EXPERIMENT)
    with pytest.raises(ScenarioError, match="a folder can grow, not shrink"):
        run_sweep(load_experiment(path), out, client, show_progress=False)


def test_ctrl_c_stops_with_one_line_and_exit_130(tmp_path):
    exp = write_experiment(tmp_path, EXPERIMENT.replace("samples: 4", "samples: 64"))
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=SRC)
    proc = subprocess.Popen([sys.executable, "-m", "wijksim.cli", "sweep", str(exp), "--out", str(out),
                             "--workers", "2", "--no-analysis"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, start_new_session=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None and not list(out.glob("runs/run-*.parquet")):
        time.sleep(0.1)
    assert proc.poll() is None, proc.communicate()
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C in a terminal: to the client and its worker processes
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    lines = [line for line in err.replace("\r", "\n").splitlines() if line.strip() and not line.startswith("sweep ")]
    assert lines == [f"wijksim: interrupted; the runs stored in {out}/runs are kept: rerun the same command to resume"]
    assert "Traceback" not in err
