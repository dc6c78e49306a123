"""A small comparison shared by the report tests: two wijken, two years, two replications, a
package in wijk A (participation and basisbaan) with residents' priorities of its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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
priorities:
  source: test buurtpeiling
  wijken:
    A: {werk: 3, vertrouwen: 1}
"""
POLICY = """name: policy
extends: small.yaml
interventions:
  - participation: {wijken: [A], years: [1, 2], trust_gain: 0.1}
  - basisbaan: {wijken: [A], years: [1, 2], places: 20, eligible_months: 0}
"""


def wijksim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wijksim.cli", *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def report_folder(tmp_path_factory) -> Path:
    """`wijksim report` on the small city: the comparison folder with report.html."""
    tmp = tmp_path_factory.mktemp("report")
    (tmp / "small.yaml").write_text(SMALL)
    (tmp / "policy.yaml").write_text(POLICY)
    out = tmp / "cmp"
    result = wijksim("report", str(tmp / "small.yaml"), str(tmp / "policy.yaml"), "--out", str(out), "--workers", "1")
    assert result.returncode == 0, result.stderr
    return out
