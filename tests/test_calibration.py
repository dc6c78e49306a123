"""`wijksim calibrate`: only calibration-set targets, and a tiny ABC-SMC run end to end on Dask."""

import json
from pathlib import Path

import pandas as pd
import pytest

from wijksim.calibration.measures import MEASURES
from wijksim.calibration.simulate import particle_seed
from wijksim.cli import main
from wijksim.validation.targets import CALIBRATED, role

EXPERIMENTS = Path(__file__).resolve().parents[1] / "experiments"


def write(tmp_path, **changes) -> Path:
    text = (EXPERIMENTS / "calibration" / "small.yaml").read_text()
    text = text.replace("../../scenarios/", str(EXPERIMENTS.parent / "scenarios") + "/")
    for key, value in changes.items():
        text = "\n".join(f"{key}: {value}" if line.startswith(f"{key}:") else line for line in text.splitlines())
    path = tmp_path / "cal.yaml"
    path.write_text(text + "\n")
    return path


def test_every_measured_target_is_a_calibration_target():
    assert all(role(t)[0] == CALIBRATED for t in MEASURES)


def test_a_held_out_target_is_refused_with_one_line(tmp_path, capsys):
    path = write(tmp_path, targets="[residential_mobility, class_mobility]")
    assert main(["calibrate", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "cal.yaml:" in err and "'class_mobility' is not a calibration-set target" in err
    assert not (tmp_path / "out").exists()


def test_particle_seed_depends_on_values_and_base_seed_only():
    a = particle_seed(1, {"x": 0.1, "y": 2.0})
    assert a == particle_seed(1, {"y": 2.0, "x": 0.1}) != particle_seed(2, {"x": 0.1, "y": 2.0})


@pytest.mark.timeout(300)
def test_tiny_calibration_writes_posterior_within_priors_and_metadata(tmp_path):
    path = write(tmp_path, years=1, burn_in_years=1, population_size=4, generations=1)
    out = tmp_path / "out"
    assert main(["calibrate", str(path), "--out", str(out), "--workers", "1"]) == 0
    post = pd.read_csv(out / "posterior.csv")
    meta = json.loads((out / "metadata.json").read_text())
    assert len(post) == 4 and post["weight"].sum() == pytest.approx(1)
    for name, (low, high) in meta["parameters"].items():
        assert post[name].between(low, high).all()
    assert meta["library"] == "pyabc" and meta["targets"] == ["residential_mobility", "rank_rank_slope"]
    assert meta["code_version"]["wijksim"] and meta["seed"] == 2026
