"""A small comparison shared by the report tests: two wijken, two years, two replications, a
package in wijk A (participation and basisbaan) with residents' priorities of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_cli import SMALL as CITY, wijksim  # the small two-wijk city of the command-line tests

SMALL = CITY + """priorities:
  source: test buurtpeiling
  wijken:
    A: {werk: 3, vertrouwen: 1}
  classes:
    precariaat: {geldzorgen: 2, hulp_als_nodig: 1, leefbaarheid: 1}
"""
POLICY = """name: policy
extends: small.yaml
interventions:
  - participation: {wijken: [A], years: [1, 2], trust_gain: 0.1}
  - basisbaan: {wijken: [A], years: [1, 2], places: 20, eligible_months: 0}
"""


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
