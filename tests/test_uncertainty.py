"""`wijksim compare --uncertainty`: parameter draws, paired summaries, the report."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wijksim.cli import main
from wijksim.config import Scenario, ScenarioError, load_scenario
from wijksim.uncertainty import parameter_draws, ranges, summarise, with_draw
from wijksim import uncertainty_report

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def test_range_draws_are_reproducible_and_inside_the_documented_ranges():
    a, b = parameter_draws("ranges", 50, 7), parameter_draws("ranges", 50, 7)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(parameter_draws("ranges", 50, 8))
    for name, (low, high) in ranges().items():
        assert a[name].between(low, high).all() and a[name].std() > 0


def test_posterior_draws_resample_its_rows_by_weight(tmp_path):
    path = tmp_path / "posterior.csv"
    pd.DataFrame({"model.housing.base_move_rate": [0.05, 0.09], "model.support.professional_help": [0.2, 0.4],
                  "weight": [0.0, 1.0], "distance": [1.0, 0.5]}).to_csv(path, index=False)
    draws = parameter_draws("posterior", 10, 1, path)
    assert (draws["model.housing.base_move_rate"] == 0.09).all()
    assert (draws["model.support.professional_help"] == 0.4).all()  # the posterior overrides the range
    assert "model.support.takeup_findable" in draws and "distance" not in draws


def test_a_missing_posterior_is_one_line_exit_2(tmp_path, capsys):
    rc = main(["compare", str(SCENARIOS / "baseline.yaml"), str(SCENARIOS / "integrale-wijkaanpak.yaml"),
               "--uncertainty", "posterior", "--posterior", str(tmp_path / "none.csv"), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err.strip()
    assert rc == 2 and err.count("\n") == 0 and "none.csv: no posterior sample" in err
    assert not (tmp_path / "o").exists()


def test_with_draw_sets_every_value():
    sc = load_scenario(SCENARIOS / "baseline.yaml")
    data = with_draw(sc, {"model.support.professional_help": 0.123})
    assert Scenario.model_validate(data).model.support.professional_help == 0.123
    with pytest.raises(ScenarioError, match="model.nothing"):
        with_draw(sc, {"model.nothing.here": 1.0})


def test_summary_and_report_on_constructed_differences(tmp_path):
    cols = pd.MultiIndex.from_tuples([("city", "escalated_share"), ("city", "liveability"),
                                      ("Noord", "escalated_share"), ("Noord", "liveability"),
                                      ("Noord", "employment_rate"), ("Noord", "take_up")])
    noise = pd.DataFrame(np.full((4, 6), -0.01) + np.arange(4)[:, None] * 1e-3, columns=cols)
    draws = pd.DataFrame([[-0.02, 0.01, -0.03, -0.01, 0.0, 0.1], [0.01, 0.02, -0.01, 0.02, 0.0, 0.2],
                          [-0.01, 0.03, -0.02, 0.01, 0.0, 0.1], [-0.03, 0.01, -0.04, 0.03, 0.0, 0.3]], columns=cols)
    table = summarise(noise, draws, {"escalated_share": -1, "liveability": 1, "employment_rate": 1, "take_up": 1})
    row = table.set_index(["unit", "indicator"])
    assert row.loc[("city", "escalated_share"), "share_better"] == 0.75  # three of four draws fall
    assert row.loc[("Noord", "liveability"), "share_better"] == 0.75
    assert row.loc[("Noord", "employment_rate"), "share_better"] == 0.0  # no change is not better
    assert row.loc[("city", "escalated_share"), "noise_p5"] < -0.0085 < row.loc[("city", "escalated_share"), "noise_p95"]
    assert row.loc[("city", "escalated_share"), "draws_p5"] < -0.025
    base = load_scenario(SCENARIOS / "baseline.yaml")
    results = {"_draws": parameter_draws("ranges", 4, 1), "integrale-wijkaanpak": table}
    uncertainty_report.write(tmp_path / "out", base, results, "ranges", 4)
    text = (tmp_path / "out" / "uncertainty.md").read_text()
    assert "| Noord | liveability | -0.0085" in text and "75% of 4" in text
    assert (tmp_path / "out" / "plots" / "uncertainty-integrale-wijkaanpak.png").stat().st_size > 0


@pytest.mark.timeout(300)
def test_draws_are_paired_a_scenario_without_interventions_differs_by_exactly_zero(tmp_path):
    from ruamel.yaml import YAML

    from conftest import tiny_scenario_dict

    base = tiny_scenario_dict()
    with open(tmp_path / "base.yaml", "w") as f:
        YAML().dump(base, f)
    with open(tmp_path / "same.yaml", "w") as f:
        YAML().dump({**base, "name": "same"}, f)
    (tmp_path / "policy.yaml").write_text("name: policy\nextends: base.yaml\ninterventions:\n"
                                          "  - participation: {wijken: [West], years: [1, 2], trust_gain: 0.1}\n")
    out = tmp_path / "out"
    assert main(["compare", str(tmp_path / "base.yaml"), str(tmp_path / "same.yaml"), str(tmp_path / "policy.yaml"),
                 "--uncertainty", "ranges", "--draws", "2", "--workers", "1", "--out", str(out)]) == 0
    table = pd.read_csv(out / "uncertainty.csv")
    same = table[(table["scenario_name"] == "same") & ~table["indicator"].str.startswith("eur_per")]
    assert (same[["noise_difference", "draws_difference", "draws_p5", "draws_p95"]].fillna(0) == 0).all().all()
    policy = table[(table["scenario_name"] == "policy") & (table["unit"] == "West") & (table["indicator"] == "trust")]
    assert policy["draws_difference"].iloc[0] > 0 and policy["draws"].iloc[0] == 2
    assert pd.read_csv(out / "draws.csv").drop(columns="replication").nunique().min() == 2
    assert "## policy" in (out / "uncertainty.md").read_text()
