"""`wijksim in-movers`: the in-mover mix that holds a city's class shares still."""

from __future__ import annotations

import numpy as np
import pytest
from ruamel.yaml import YAML

from wijksim.calibration.in_movers import Probe, corrected, rounded, steady_mix
from wijksim.config import check_shares
from wijksim import rng
from wijksim.model import WijkModel
from wijksim.processes import demography
from wijksim.reference import ReferenceModel
from wijksim.params import CLASS_KEYS

from conftest import build_tiny_scenario
from test_cli import SMALL, wijksim


def test_rounded_shares_sum_to_one():
    mix = np.array([0.1234, 0.2345, 0.0004, 0.3333, 0.1111, 0.1, 0.0973])
    out = rounded(mix / mix.sum())
    assert abs(out.sum() - 1.0) < 1e-12
    assert np.abs(out - mix / mix.sum()).max() <= 0.001


def test_correction_makes_up_each_class_gain_or_loss():
    mix = np.array([0.2, 0.1, 0.1, 0.25, 0.15, 0.1, 0.1])
    slope = np.array([10.0, 0, 0, 0, 0, 0, -10.0])  # households a year: class 0 gains, class 6 loses
    new = corrected(Probe(mix, np.zeros((2, 7)), slope, in_movers=100.0))
    np.testing.assert_allclose(new, [0.1, 0.1, 0.1, 0.25, 0.15, 0.1, 0.2])
    # a class cannot get fewer than no in-movers
    assert corrected(Probe(mix, np.zeros((2, 7)), slope * 5, in_movers=100.0))[0] == 0.0


@pytest.mark.parametrize("kind", ["kernel", "reference"])
def test_in_movers_are_counted_without_starters_and_only_when_housed(kind):
    """In a month with 40 starters among the new households, the count is the households from
    outside (uids after the starters') that found a dwelling."""
    m = (WijkModel if kind == "kernel" else ReferenceModel)(build_tiny_scenario(seed=3))
    living = m.s.living() if kind == "kernel" else m.living()
    if kind == "kernel":
        demography.remove(m, living[::3])
        m.starters = np.full(40, 0.5)
    else:
        m.remove(living[::3])
        m.starters = [0.5] * 40
    m.step()
    first = (m.month + rng.MONTH_OFFSET) * (m.s.n_slots if kind == "kernel" else m.n_slots)
    uids = m.s.uid[m.s.living()] if kind == "kernel" else np.array([a.uid for a in m.living()])
    assert (uids >= first).sum() > 60  # starters and in-movers were housed this month
    assert m.counts["in_movers"] == (uids >= first + 40).sum()


def test_probes_bring_a_drifting_mix_to_rest():
    """In-movers who are all werkende bovenlaag push that class up; the corrected mix takes
    most of the drift away."""
    only = dict.fromkeys(CLASS_KEYS, 0.0) | {"werkende_bovenlaag": 1.0}
    sc = build_tiny_scenario(seed=5, population={"in_movers": {"classes": only}})
    probes = steady_mix(sc, years=3, corrections=1, report=lambda line: None)
    first, second = (p.largest_change for p in probes)
    assert first[0] == "werkende_bovenlaag" and first[1] > 0.05
    assert probes[1].mix[0] < 0.6
    assert abs(second[1]) < abs(first[1]) / 2


def test_cli_prints_a_mix_the_scenario_file_accepts(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL)
    result = wijksim("in-movers", str(path), "--years", "2", "--corrections", "1")
    assert result.returncode == 0, result.stderr
    assert "probe 2 (correction 1): largest class-share change in 2 years" in result.stdout
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("    classes: {")
    shares = YAML(typ="safe").load(line.strip().removeprefix("classes: "))
    assert list(shares) == list(CLASS_KEYS)
    check_shares(shares, "class")


def test_a_mix_that_holds_is_kept():
    sc = build_tiny_scenario(seed=5)
    probes = steady_mix(sc, years=2, corrections=2, tolerance=1.0, report=lambda line: None)
    assert len(probes) == 1
    assert probes[0].mix.tolist() == [sc.population.in_movers.classes[k] for k in CLASS_KEYS]


def test_cli_refuses_a_city_where_nobody_moves_in(tmp_path):
    path = tmp_path / "still.yaml"
    path.write_text(SMALL + "model:\n  processes: {housing: false}\n")
    result = wijksim("in-movers", str(path))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"wijksim: error: {path}: nobody moves in with "
                                                  "model.processes.demography or housing switched off, so there is "
                                                  "no in-mover mix to find"]
