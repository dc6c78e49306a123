"""Experiment files, dotted paths, designs and seeds (no Dask, no simulation)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from ruamel.yaml import YAML

from conftest import tiny_scenario_dict
from wijksim.cli import main
from wijksim.sweep import ExperimentError, load_experiment
from wijksim.sweep.assumed import SCREENING_PATH, assumed_factors, current_block, factors_block
from wijksim.sweep.design import plan_runs
from wijksim.sweep.paths import PathError, get_path, set_path
from wijksim.sweep.runone import scenario_for

EXPERIMENTS = Path(__file__).resolve().parents[1] / "experiments"

EXPERIMENT = """\
name: t
base: tiny.yaml
seed: 5
replications: 2
design: {method: latin, samples: 4}
factors:
  model.support.professional_help: {range: [0.1, 0.5]}
  model.network.max_ties: {range: [8, 14]}
outcomes: [trust, escalated_share]
"""


def write_tiny(folder: Path, **sections) -> None:
    with open(folder / "tiny.yaml", "w") as f:
        YAML().dump(tiny_scenario_dict(**sections), f)


def experiment(tmp_path: Path, text: str = EXPERIMENT, **replace: str) -> Path:
    write_tiny(tmp_path)
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "exp.yaml"
    path.write_text(text)
    return path


def test_paths_name_parameters_and_interventions_by_kind():
    data = {"model": {"a": {"b": 1.0}},
            "interventions": [{"basisbaan": {"places": 10}}, {"wijkteam": {"fte": 1}}, {"basisbaan": {"places": 20}}]}
    set_path(data, "model.a.b", 2.5)
    set_path(data, "interventions.basisbaan.places", 99.6)  # every basisbaan; an int stays an int
    set_path(data, "interventions.1.wijkteam.fte", 3)
    assert data["model"]["a"]["b"] == 2.5
    assert [i.get("basisbaan", {}).get("places") for i in data["interventions"]] == [100, None, 100]
    assert get_path(data, "interventions.wijkteam.fte") == 3
    for bad in ("model.a.c", "model.a.b.c", "interventions.housing_mix.share", "interventions.5.basisbaan"):
        with pytest.raises(PathError):
            get_path(data, bad)


def test_experiment_loads_and_counts_runs(tmp_path):
    exp = load_experiment(experiment(tmp_path))
    assert exp.spec.points == 4 and exp.spec.runs == 8
    assert exp.wijken == ["West", "Oost"]
    assert "trust.West.mean" in exp.outcome_columns() and "escalated_share.city.last" in exp.outcome_columns()
    plan = plan_runs(exp.spec)
    assert list(plan["run_id"]) == list(range(8)) and list(plan["point"]) == [0, 0, 1, 1, 2, 2, 3, 3]
    data = scenario_for(exp.base, {"model.network.max_ties": 12.7})
    assert data["model"]["network"]["max_ties"] == 13  # an integer parameter gets the rounded value


@pytest.mark.parametrize("replace, message", [
    ({"model.network.max_ties": "model.network.max_tie"}, "exp.yaml:8: factors.model.network.max_tie: no parameter 'max_tie' under 'model.network' (did you mean 'model.network.max_ties'?)"),
    ({"samples: 4": "sample: 4"}, "exp.yaml:5: design.sample: unknown key"),
    ({"[trust,": "[trusts,"}, "exp.yaml:9: outcomes: unknown outcome 'trusts' (did you mean 'trust'?); outcomes are the indicators of docs/model.md"),
    ({"{range: [8, 14]}": "{values: [8, 14]}"}, "exp.yaml:8: factors.model.network.max_ties: a latin design samples ranges; values: lists need method: full_factorial"),
    ({"{range: [0.1, 0.5]}": "{range: [0.5, 0.1]}"}, "exp.yaml:7: factors.model.support.professional_help: range must be [low, high] with low < high, got [0.5, 0.1]"),
    ({"method: latin, samples: 4": "method: sobol, samples: 6"}, "exp.yaml:5: design: samples of a sobol design must be a power of 2, got 6"),
    ({"base: tiny.yaml": "base: nope.yaml"}, "exp.yaml:2: base: no such scenario file nope.yaml (a path relative to the experiment file)"),
    ({"seed: 5": "seed: 5\nscenario: {run.years: 0}"}, "exp.yaml:4: scenario: the base scenario with these settings is invalid: run.years: Input should be greater than or equal to 1"),
    # a range the schema rejects is an error before any run, at the factor's line
    ({"{range: [0.1, 0.5]}": "{range: [-0.1, 0.5]}"}, "exp.yaml:7: factors.model.support.professional_help: the value -0.1 is not accepted by the scenario: model.support.professional_help: Input should be greater than or equal to 0"),
    ({"model.network.max_ties: {range: [8, 14]}": "model.network.initial_ties_min: {range: [2, 13]}"}, "exp.yaml:8: factors.model.network.initial_ties_min: the value 13 is not accepted by the scenario: model.network: initial_ties_min (13) must not exceed initial_ties_max (12)"),
])
def test_experiment_errors_name_file_line_and_key(tmp_path, replace, message):
    with pytest.raises(ExperimentError) as err:
        load_experiment(experiment(tmp_path, **replace))
    assert str(err.value) == f"{tmp_path / message.split(':', 1)[0]}:{message.split(':', 1)[1]}"


def test_cli_bad_experiment_exits_2_with_one_line(tmp_path, capsys):
    path = experiment(tmp_path, **{"samples: 4": "samples: 0"})
    assert main(["sweep", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith(f"wijksim: error: {path}:5: design.samples:")
    assert not (tmp_path / "out").exists()


def test_seeds_are_spawned_and_stable():
    from wijksim.sweep.spec import Experiment

    spec = Experiment.model_validate(dict(name="t", base="x", seed=9, replications=3, design={"method": "full_factorial"},
                                          factors={"a": {"values": [1, 2]}}, outcomes=["trust"]))
    seeds = plan_runs(spec)["seed"].to_numpy()
    child = np.random.SeedSequence(9, spawn_key=(1, 1))  # run 4: design point 1, replication 1
    assert seeds[4] == child.generate_state(1, np.uint64)[0] >> np.uint64(1)
    more = plan_runs(spec.model_copy(update={"replications": 4}))  # extended in place: the same seeds
    assert (more.set_index(["point", "replication"]).loc[list(zip([0, 0, 0, 1, 1, 1], [0, 1, 2] * 2)), "seed"]
            .to_numpy() == seeds).all()
    assert len(set(seeds)) == 6
    common = plan_runs(spec.model_copy(update={"seeds": "common"}))
    assert common.groupby("replication")["seed"].nunique().eq(1).all()
    assert common["seed"][0] == common["seed"][3] and common["seed"][0] != common["seed"][1]


def test_sensitivity_experiment_sweeps_exactly_the_assumed_parameters():
    assert current_block() == factors_block(), "run: python -m wijksim.sweep.assumed --write"
    assert current_block(SCREENING_PATH) == factors_block(), "run: python -m wijksim.sweep.assumed --write"
    exp = load_experiment(EXPERIMENTS / "sensitivity.yaml")
    assert exp.spec.factor_names == list(assumed_factors())
    assert len(exp.spec.factors) >= 100
    assert exp.spec.runs == 10 * (len(exp.spec.factors) + 1) * 2
    comment = (EXPERIMENTS / "sensitivity.yaml").read_text()
    assert f"({len(exp.spec.factors)} factors + 1)" in comment and f"= {exp.spec.runs:,} runs" in comment, \
        "update the run count in the comment of experiments/sensitivity.yaml"


def test_every_example_experiment_loads():
    files = sorted(EXPERIMENTS.glob("*.yaml"))
    assert {"laptop.yaml", "sensitivity.yaml"} <= {f.name for f in files}
    for f in files:
        load_experiment(f)


def test_slurm_cluster_file_gives_a_job_script(tmp_path):
    from dask_jobqueue import SLURMCluster

    from wijksim.sweep.execute import dask_client, load_slurm_config, slurm_cluster

    conf = load_slurm_config(EXPERIMENTS / "clusters" / "slurm.yaml")
    assert conf.jobs == 4
    with slurm_cluster(EXPERIMENTS / "clusters" / "slurm.yaml") as cluster:
        script = cluster.job_script()
    assert "#SBATCH -p normal" in script and "#SBATCH --cpus-per-task=16" in script
    assert "--nthreads 1" in script and "--nworkers 16" in script
    # the worker runs the python of the environment the prologue activates, not this client's
    lines = script.splitlines()
    activate = lines.index("source ~/wijksim/.venv/bin/activate")
    worker = next(i for i, line in enumerate(lines) if "distributed.cli.dask_worker" in line)
    assert worker > activate and lines[worker].startswith("python -m distributed.cli.dask_worker ")
    assert sys.executable not in script
    with SLURMCluster(**conf.cluster) as cluster:  # what dask-jobqueue does by itself
        assert f"{sys.executable} -m distributed.cli.dask_worker" in cluster.job_script()
    bad = tmp_path / "slurm.yaml"
    bad.write_text("cluster: {cores: 4}\njobs: 0\n")
    with pytest.raises(ExperimentError, match=r"slurm.yaml:2: jobs: Input should be greater than or equal to 1"):
        load_slurm_config(bad)
    bad.write_text('cluster: {cores: 2, memory: 1GB, walltme: "01:00:00"}\njobs: 1\n')
    with pytest.raises(ExperimentError, match=r"slurm.yaml:1: cluster.walltme: Got unexpected keyword argument 'walltme'$"):
        with dask_client(slurm=bad):
            pass


@pytest.mark.skipif(shutil.which("sbatch") is not None, reason="this machine has sbatch")
def test_slurm_without_sbatch_stops_with_one_line(tmp_path, capsys):
    path = experiment(tmp_path)
    assert main(["sweep", str(path), "--out", str(tmp_path / "out"),
                 "--slurm", str(EXPERIMENTS / "clusters" / "slurm.yaml")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "no `sbatch` command on this machine" in err


def test_error_locations_name_an_intervention_once():
    from wijksim.sweep.spec import error_location

    assert error_location(("interventions", 0, "basisbaan", "basisbaan", "places")) == "interventions.0.basisbaan.places"
    assert error_location(()) == ""
