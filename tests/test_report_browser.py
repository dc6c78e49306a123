"""The report in a real headless browser (Debian's Chromium driven by Playwright): it opens from
the file, logs no console errors, requests nothing outside the file, shows its plots, and a
screenshot of each section is saved under tests/artifacts/report/."""

from __future__ import annotations

from pathlib import Path

from report_browser import CHROMIUM, SECTIONS, open_report
from report_case import report_folder  # noqa: F401  (a fixture)

ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "report"


def test_report_opens_offline_without_errors(report_folder):
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run scripts/install-browser (make test does)"
    result = open_report(report_folder / "report.html", ARTIFACTS)
    print(f"screenshots: {ARTIFACTS}")
    assert result["errors"] == []
    assert result["external"] == []
    assert result["image_widths"] and all(w > 100 for w in result["image_widths"])  # the plots decoded
    for section in SECTIONS:
        assert (ARTIFACTS / f"section-{section}.png").stat().st_size > 5_000
