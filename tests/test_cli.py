"""The command line as a user meets it: bad input gives one line, exit code 2, no output folder;
a good run writes every promised output."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from wijksim.config import load_scenario

ROOT = Path(__file__).resolve().parents[1]
BASELINE = (ROOT / "scenarios" / "baseline.yaml").read_text()


def wijksim(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "wijksim.cli", *args], capture_output=True, text=True, cwd=cwd)


def edited(old: str, new: str) -> str:
    assert old in BASELINE, old
    return BASELINE.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


BAD_FILES = {
    # name: (file text, text expected in the error, line the error must name (a needle) or None)
    "invalid_yaml": ("name: x\ncity: [unclosed\n", "invalid YAML", None),
    "unknown_key": (edited("      family_dwellings: 0.35", "      family_dwelings: 0.35"),
                    "family_dwelings: unknown key; allowed keys", "family_dwelings"),
    "wrong_type": (edited("  years: 20 ", "  years: twenty "), "run.years", "years: twenty"),
    "negative": (edited("  replications: 4 ", "  replications: -3 "), "greater than or equal to 1", "replications: -3"),
    "out_of_range": (edited("  burn_in_years: 15 ", "  burn_in_years: 99 "), "burn_in_years", "burn_in_years: 99"),
    "model_out_of_range": (edited("# model:\n#   support: {wijkteam_fte_per_1000: 1.5}", "model:\n  coping: {solve_max: 1.7}"),
                           "model.coping.solve_max", "solve_max: 1.7"),
    "shares_not_one": (edited("    Noord:   {werkende_bovenlaag: 0.052", "    Noord:   {werkende_bovenlaag: 0.152"),
                       "shares must sum to 1", "Noord:   {werkende_bovenlaag: 0.152"),
    "tenure_not_one": (edited("tenure: {social_rent: 0.72, private_rent: 0.13, owner: 0.15}",
                              "tenure: {social_rent: 0.72, private_rent: 0.13, owner: 0.25}"), "sum to 1", "owner: 0.25"),
    "overlapping_wijken": (edited("area: [70, 0, 60, 50]", "area: [60, 0, 60, 50]"), "overlaps", None),
    "missing_wijk_population": (edited("    Haven:   {werkende_bovenlaag:", "    Havn:   {werkende_bovenlaag:"),
                                "population.wijken must match city.wijken", None),
    "not_a_mapping": ("- just\n- a list\n", "must be a mapping", None),
}


@pytest.mark.parametrize("command", ["run", "validate"])
@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_input_gives_one_line_exit_2_and_no_output(tmp_path, case, command):
    text, expected, needle = BAD_FILES[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(text)
    out = tmp_path / "out"
    args = [command, str(path)] + (["--out", str(out)] if command == "run" else [])
    result = wijksim(*args)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith(f"wijksim: error: {path}:"), lines[0]
    assert expected in lines[0]
    if needle:
        assert f"{path}:{line_of(text, needle)}:" in lines[0]
    assert not out.exists()
    assert not list(tmp_path.glob(".out*"))


def test_missing_file(tmp_path):
    result = wijksim("run", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"wijksim: error: {tmp_path / 'nope.yaml'}: no such file"
    assert not (tmp_path / "out").exists()


def test_bad_command_line_override(tmp_path):
    result = wijksim("run", str(ROOT / "scenarios" / "baseline.yaml"), "--years", "0", "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert "must be at least 1" in result.stderr
    assert not (tmp_path / "o").exists()


def test_validate_ok():
    result = wijksim("validate", str(ROOT / "scenarios" / "baseline.yaml"))
    assert result.returncode == 0
    assert "OK" in result.stdout


SMALL = """
name: small
run: {years: 2, seed: 5, replications: 2, burn_in_years: 1}
city:
  grid: {width: 40, height: 20}
  wijken:
    A: {area: [0, 0, 20, 20], buurten: [2, 1], tenure: {social_rent: 0.7, owner: 0.3}, price_bands: {low: 0.6, middle: 0.3, high: 0.1}}
    B: {area: [20, 0, 20, 20], buurten: [2, 1], tenure: {social_rent: 0.1, owner: 0.9}, price_bands: {low: 0.1, middle: 0.4, high: 0.5}}
population:
  wijken:
    A: {werkende_bovenlaag: 0.05, jongere_kansrijken: 0.05, rentenierende_bovenlaag: 0.05, werkende_middengroep: 0.25, laagopgeleide_gepensioneerden: 0.2, onzekere_werkenden: 0.2, precariaat: 0.2}
    B: {werkende_bovenlaag: 0.4, jongere_kansrijken: 0.1, rentenierende_bovenlaag: 0.25, werkende_middengroep: 0.15, laagopgeleide_gepensioneerden: 0.05, onzekere_werkenden: 0.03, precariaat: 0.02}
  in_movers:
    classes: {werkende_bovenlaag: 0.2, jongere_kansrijken: 0.15, rentenierende_bovenlaag: 0.06, werkende_middengroep: 0.29, laagopgeleide_gepensioneerden: 0.13, onzekere_werkenden: 0.09, precariaat: 0.08}
"""


def test_run_writes_all_outputs_and_can_be_repeated(tmp_path):
    scenario = tmp_path / "small.yaml"
    scenario.write_text(SMALL)
    out = tmp_path / "out"
    result = wijksim("run", str(scenario), "--out", str(out), "--workers", "2")
    assert result.returncode == 0, result.stderr
    for name in ["indicators.parquet", "summary.md", "summary.csv", "scenario.resolved.yaml", "run.json",
                 "plots/overview.png", "plots/class_shares.png", "plots/trust.png"]:
        assert (out / name).is_file(), name
    ind = pd.read_parquet(out / "indicators.parquet")
    assert sorted(ind["replication"].unique()) == [0, 1]
    assert sorted(ind["year"].unique()) == [0, 1, 2]
    assert set(ind["level"]) == {"city", "wijk", "buurt"}
    assert set(ind.loc[ind["level"] == "wijk", "unit"]) == {"A", "B"}
    # the resolved scenario is complete and reproduces the run exactly, with any number of workers
    resolved = load_scenario(out / "scenario.resolved.yaml")
    assert resolved.model.coping.solve_max == load_scenario(scenario).model.coping.solve_max
    again = tmp_path / "again"
    result = wijksim("run", str(out / "scenario.resolved.yaml"), "--out", str(again), "--workers", "1", "--no-plots")
    assert result.returncode == 0, result.stderr
    pd.testing.assert_frame_equal(ind, pd.read_parquet(again / "indicators.parquet"))


def test_compare_writes_differences_costs_and_plots(tmp_path):
    base = tmp_path / "small.yaml"
    base.write_text(SMALL)
    scen = tmp_path / "policy.yaml"
    scen.write_text("name: policy\nextends: small.yaml\ninterventions:\n"
                    "  - participation: {wijken: [A], years: [1, 2], trust_gain: 0.1}\n")
    out = tmp_path / "cmp"
    result = wijksim("compare", str(base), str(scen), "--out", str(out), "--workers", "1")
    assert result.returncode == 0, result.stderr
    for name in ["comparison.md", "differences.csv", "costs.csv", "plots/compare-policy.png",
                 "indicators-baseline.parquet", "indicators-policy.parquet"]:
        assert (out / name).is_file(), name
    d = pd.read_csv(out / "differences.csv")
    trust = d[(d["unit"] == "A") & (d["indicator"] == "trust") & (d["period"] == "last year")].iloc[0]
    assert trust["difference"] > 0 and trust["p5"] <= trust["difference"] <= trust["p95"]
    costs = pd.read_csv(out / "costs.csv")
    assert costs.loc[costs["unit"] == "A", "intervention_cost_eur"].iloc[0] > 0


def test_scenario_errors_name_the_file_that_holds_the_mistake(tmp_path):
    (tmp_path / "small.yaml").write_text(SMALL)
    scen = tmp_path / "policy.yaml"
    scen.write_text("name: policy\nextends: small.yaml\ninterventions:\n"
                    "  - participation: {wijken: [Z], years: [1, 2]}\n"
                    "  - basisbaan: {wijken: [A], places: -4}\n")
    result = wijksim("validate", str(scen))
    assert result.returncode == 2
    assert result.stderr.startswith(f"wijksim: error: {scen}:")
    scen.write_text("name: policy\nextends: small.yaml\ninterventions:\n  - basisbaan: {wijken: [A], places: -4}\n")
    result = wijksim("validate", str(scen))
    assert f"{scen}:4: interventions.0.basisbaan.places" in result.stderr
    scen.write_text("name: policy\nextends: small.yaml\ninterventions:\n  - subsidy: {wijken: [A]}\n")
    result = wijksim("validate", str(scen))
    assert f"{scen}:4:" in result.stderr and "one of: allocation, basisbaan" in result.stderr
    scen.write_text("name: policy\nextends: nothere.yaml\n")
    result = wijksim("validate", str(scen))
    assert result.stderr.strip() == f"wijksim: error: {scen}:2: extends: no such file nothere.yaml"
