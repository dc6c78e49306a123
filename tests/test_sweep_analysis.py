"""Sensitivity analysis and scenario discovery of a stored sweep, on outcomes made from a known
function of the factors (no simulation): the analysis must find what the function says."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from test_sweep_spec import experiment
from wijksim.cli import main
from wijksim.config import ScenarioError
from wijksim.sweep import load_experiment
from wijksim.sweep.execute import prepare
from wijksim.sweep.store import RunStore, run_schema

A, B, C = "model.support.professional_help", "model.support.problem_weight", "model.support.escalated_extra"
FACTORS = f"""factors:
  {A}: {{range: [0.1, 0.5]}}
  {B}: {{range: [0.15, 0.35]}}
  {C}: {{range: [0.2, 1.0]}}
outcomes: [trust]
areas: [city]
"""
DISCOVERY = """discovery:
  - {name: high-trust, outcome: trust.city.mean, above: 3.2}
"""


def known_outcome(run: dict) -> float:
    """4 u_a + u_b (u: the factor scaled to [0, 1]); C has no effect. Noise-free."""
    ua = (run[A] - 0.1) / 0.4
    ub = (run[B] - 0.15) / 0.2
    return 4 * ua + ub


def stored_sweep(tmp_path, design: str, fail_point: int | None = None, discovery: str = ""):
    """A sweep folder whose runs carry known_outcome instead of a simulation."""
    text = experiment(tmp_path).read_text().split("factors:")[0].replace("design: {method: latin, samples: 4}", design)
    path = tmp_path / "exp.yaml"
    path.write_text(text.replace("replications: 2", "replications: 1") + FACTORS + discovery)
    exp = load_experiment(path)
    plan, meta = prepare(exp)
    store = RunStore(tmp_path / "out")
    store.open(meta)
    schema = run_schema(plan, exp.spec.factor_names, meta["outcome_columns"])
    for run in plan.to_dict("records"):
        y = known_outcome(run)
        failed = run["point"] == fail_point
        row = dict(run, status="failed" if failed else "ok", error="boom" if failed else None, session=1, seconds=0.0,
                   **{c: (np.nan if failed else y + (0.5 if c.endswith(".last") else 0.0)) for c in meta["outcome_columns"]})
        store.write(row, schema)
    return tmp_path / "out"


def test_sobol_finds_the_driving_factors_with_intervals(tmp_path):
    out = stored_sweep(tmp_path, "design: {method: sobol, samples: 32}")
    assert main(["sweep-analyse", str(out)]) == 0
    t = pd.read_csv(out / "analysis" / "sobol.csv").set_index(["outcome", "factor"]).loc["trust.city.mean"]
    # analytic indices of 4 u_a + u_b with uniform u: S_a = 16/17, S_b = 1/17, S_c = 0
    assert t.loc[A, "ST"] == pytest.approx(16 / 17, abs=0.06)
    assert t.loc[B, "ST"] == pytest.approx(1 / 17, abs=0.03)
    assert abs(t.loc[C, "ST"]) < 0.01 and abs(t.loc[C, "S1"]) < 0.01
    assert (t.loc[[A, B], ["S1_conf", "ST_conf"]] > 0).all().all()
    drivers = (out / "analysis" / "drivers.md").read_text()
    assert f"| `trust.city.mean` | `{A}` (ST 0.9" in drivers and " ± " in drivers
    assert (out / "analysis" / "plots" / "sobol-trust.city.mean.png").stat().st_size > 10_000
    assert (out / "analysis" / "plots" / "drivers.png").is_file()


def test_morris_ranks_the_factors(tmp_path):
    out = stored_sweep(tmp_path, "design: {method: morris, samples: 8, levels: 4}")
    assert main(["sweep-analyse", str(out), "--no-plots"]) == 0
    t = pd.read_csv(out / "analysis" / "morris.csv").set_index(["outcome", "factor"]).loc["trust.city.mean"]
    # elementary effects of a linear function: mu* = slope x range, no spread
    assert t.loc[A, "mu_star"] == pytest.approx(4.0, rel=1e-6)
    assert t.loc[B, "mu_star"] == pytest.approx(1.0, rel=1e-6)
    assert t.loc[C, "mu_star"] == pytest.approx(0.0, abs=1e-9)
    assert t["sigma"].max() < 1e-6


def test_prim_finds_the_box_of_the_cases_of_interest(tmp_path):
    out = stored_sweep(tmp_path, "design: {method: latin, samples: 300}", discovery=DISCOVERY)
    assert main(["sweep-analyse", str(out)]) == 0
    limits = pd.read_csv(out / "analysis" / "discovery-high-trust.csv", index_col="factor")
    # trust > 3.2 needs 4 u_a + u_b > 3.2, so u_a > 0.55 at least: A above 0.32
    assert A in limits.index and 0.30 <= limits.loc[A, "low"] <= 0.42 and limits.loc[A, "qp_low"] < 0.001
    # C has no effect: PRIM may restrict it a little, but the restriction is flagged as chance
    assert C not in limits.index or limits.loc[C, ["qp_low", "qp_high"]].max() > 0.05
    text = (out / "analysis" / "discovery-high-trust.md").read_text()
    assert "coverage" in text and "density" in text
    assert C not in limits.index or f"(`{C}`) |" in text and "not significant" in text
    for plot in ("tradeoff", "box", "pairs"):
        for ext in ("png", "svg", "pdf"):
            assert (out / "analysis" / "plots" / f"discovery-high-trust-{plot}.{ext}").stat().st_size > 5_000
    corr = pd.read_csv(out / "analysis" / "correlations.csv").set_index(["outcome", "factor"]).loc["trust.city.mean"]
    assert corr.loc[A, "spearman"] > 0.8 and corr.loc[A, "q"] < 1e-6
    assert abs(corr.loc[C, "spearman"]) < 0.15 and corr.loc[C, "q"] > 0.05
    drivers = (out / "analysis" / "drivers.md").read_text()
    assert f"`{A}` (rho +0.9" in drivers and "Benjamini-Hochberg" in drivers

    # another box of the peeling trajectory, and the plots of the first analysis kept with --no-plots
    trajectory = pd.read_csv(out / "analysis" / "discovery-high-trust-trajectory.csv")
    assert main(["sweep-analyse", str(out), "--box", "1", "--no-plots"]) == 0
    text = (out / "analysis" / "discovery-high-trust.md").read_text()
    assert text.count("PRIM box 1 of the") == 1 and "--box 1" in text
    assert f"coverage {trajectory.loc[1, 'coverage']:.2f}, density {trajectory.loc[1, 'density']:.2f}" in text
    assert (out / "analysis" / "plots" / "discovery-high-trust-tradeoff.png").is_file()
    assert main(["sweep-analyse", str(out), "--box", str(len(trajectory))]) == 2


def test_failed_design_points_are_reported_not_hidden(tmp_path):
    out = stored_sweep(tmp_path, "design: {method: sobol, samples: 8}", fail_point=3)
    with pytest.raises(ScenarioError, match="no outcome has a value at every design point"):
        from wijksim.sweep.analyse import analyse
        analyse(out, plots=False)
    runs = pd.read_parquet(out / "runs")
    assert (runs["status"] == "failed").sum() == 1


def test_incomplete_sobol_sweep_is_not_analysed(tmp_path, capsys):
    out = stored_sweep(tmp_path, "design: {method: sobol, samples: 8}")
    (out / "runs" / "run-000005-000.parquet").unlink()
    assert main(["sweep-analyse", str(out)]) == 2
    assert "1 of 40 runs are not stored yet" in capsys.readouterr().err


def test_analysis_settings_are_read_from_the_experiment_file_when_analysing(tmp_path):
    out = stored_sweep(tmp_path, "design: {method: latin, samples: 40}", discovery=DISCOVERY)
    path = tmp_path / "exp.yaml"
    path.write_text(path.read_text().replace("above: 3.2", "above: 2.5"))  # the researcher changes the threshold
    assert main(["sweep-analyse", str(out), "--no-plots"]) == 0
    assert "runs with trust.city.mean above 2.5:" in (out / "analysis" / "discovery-high-trust.md").read_text()
    path.unlink()  # the file is gone: the stored settings, with a note
    assert main(["sweep-analyse", str(out), "--no-plots"]) == 0
    assert "runs with trust.city.mean above 3.2:" in (out / "analysis" / "discovery-high-trust.md").read_text()
    assert "not found: the discovery settings stored in experiment.json were used" in \
        (out / "analysis" / "drivers.md").read_text()


def test_replication_guidance_compares_noise_with_the_spread_between_points(tmp_path):
    from wijksim.sweep.analyse import replication_table

    rng = np.random.default_rng(1)
    point = np.repeat(np.arange(50), 4)
    effect = np.repeat(rng.normal(0, 1.0, 50), 4)  # between-point sd 1
    runs = pd.DataFrame({"point": point, "replication": np.tile(np.arange(4), 50), "status": "ok",
                         "quiet": effect + rng.normal(0, 0.1, 200),
                         "noisy": effect + rng.normal(0, 2.0, 200)})
    # common seeds: replication k's luck (sd 2) moves every point alike and cancels between points
    runs["shared"] = effect + np.array([-2.0, 1.0, 3.0, -2.0])[runs["replication"]] + rng.normal(0, 0.1, 200)
    t = replication_table(runs, ["quiet", "noisy", "shared"], 4).set_index("outcome")
    assert t.loc["shared", "verdict"] == "enough" and t.loc["shared", "replication_sd"] < 0.15
    assert t.loc["quiet", "verdict"] == "enough" and t.loc["quiet", "noise_share"] < 0.01
    assert t.loc["noisy", "replication_sd"] == pytest.approx(2.0, rel=0.15)
    # noise variance 4 / R against between variance 1: R >= 19 x 4 / 1 = 76 for a 5% share
    assert t.loc["noisy", "verdict"].startswith("too few") and 40 <= t.loc["noisy", "replications_needed"] <= 150
