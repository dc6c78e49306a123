"""A sweep with `policy:`: every run also runs the policy's interventions with the same factors
and seed, and the diff.* columns are policy minus base; a policy that does not fit is one line."""

from __future__ import annotations

import numpy as np
import pytest
from ruamel.yaml import YAML

from conftest import tiny_scenario_dict
from wijksim.config import Scenario
from wijksim.model import WijkModel
from wijksim.sweep import load_experiment
from wijksim.sweep.execute import prepare
from wijksim.sweep.runone import run_one, summarise
from wijksim.sweep.spec import ExperimentError

EXPERIMENT = """\
name: test-policy
base: tiny.yaml
policy: policy.yaml
scenario: {run.years: 2}
seed: 5
replications: 1
design: {method: latin, samples: 2}
factors:
  model.support.professional_help: {range: [0.1, 0.5]}
outcomes: [escalated_share, take_up]
areas: [city]
"""
WIJKTEAM = [{"wijkteam": {"wijken": ["West"], "years": [1, 2], "fte_per_1000_households": 3.0, "access_point": True}}]


@pytest.fixture()
def folder(tmp_path):
    with open(tmp_path / "tiny.yaml", "w") as f:
        YAML().dump(tiny_scenario_dict(), f)
    with open(tmp_path / "policy.yaml", "w") as f:
        YAML().dump(tiny_scenario_dict(interventions=WIJKTEAM), f)
    (tmp_path / "exp.yaml").write_text(EXPERIMENT)
    return tmp_path


def test_diff_columns_are_policy_minus_base_with_the_same_seed(folder):
    exp = load_experiment(folder / "exp.yaml")
    columns = exp.outcome_columns()
    assert "diff.take_up.city.mean" in columns and exp.policy[0]["wijkteam"]["fte_per_1000_households"] == 3.0
    plan, meta = prepare(exp)
    run = plan.iloc[0].to_dict()
    row, _ = run_one(exp.base, run, exp.spec.factor_names, exp.spec.outcomes, columns, policy=exp.policy)
    assert row["status"] == "ok", row["error"]
    data = dict(exp.base, interventions=exp.policy)
    data["model"]["support"]["professional_help"] = float(run["model.support.professional_help"])
    treated = WijkModel(Scenario.model_validate(data), replication=0, seed=int(run["seed"]))
    treated.run_years(2)
    expected = summarise(treated.indicators(), exp.spec.outcomes, columns)
    for c in ("take_up.city.mean", "escalated_share.city.last"):
        assert row[f"diff.{c}"] == pytest.approx(expected[c] - row[c], nan_ok=True)
    assert np.isfinite(row["diff.take_up.city.mean"])


def test_identity_depends_on_the_policy(folder):
    first = prepare(load_experiment(folder / "exp.yaml"))[1]["identity"]
    with open(folder / "policy.yaml", "w") as f:
        YAML().dump(tiny_scenario_dict(interventions=[{"wijkteam": {**WIJKTEAM[0]["wijkteam"], "fte_per_1000_households": 1.0}}]), f)
    assert prepare(load_experiment(folder / "exp.yaml"))[1]["identity"] != first


def test_a_policy_that_does_not_fit_is_one_line(folder):
    with open(folder / "policy.yaml", "w") as f:
        YAML().dump(tiny_scenario_dict(run={"years": 3}, interventions=[{"wijkteam": {**WIJKTEAM[0]["wijkteam"],
                                                                                          "years": [1, 3]}}]), f)
    with pytest.raises(ExperimentError, match=r"exp.yaml:3: policy: its interventions do not fit") as err:
        load_experiment(folder / "exp.yaml")
    assert "\n" not in str(err.value)
