"""End-to-end test of the web app (`wijksim app`) in a real headless browser: Debian's Chromium
(installed by scripts/install-browser, which `make test` runs) driven by Playwright.

Starts the app on a free port, moves an intervention slider of Mesa's SolaraViz, applies it with
Reset, steps the model, and checks that the map and the charts change (the baseline appears
beside the run), that the language switch changes the text and keeps the slider, and that Play
runs. Screenshots go to tests/artifacts/app-e2e/.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts" / "app-e2e"
SCENARIO = ROOT / "scenarios" / "teaching" / "basisbaan.yaml"
TIMEOUT_MS = 120_000  # generous: the machine may be busy; the test normally takes about 30 s


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def app_url():
    """The app serving the basisbaan lesson; the server (its whole process group) is killed after."""
    port = free_port()
    log = (ARTIFACTS / "server.log")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:
        server = subprocess.Popen([sys.executable, "-m", "wijksim.cli", "app", str(SCENARIO), "--host", "127.0.0.1",
                                   "--port", str(port), "--no-open"], stdout=out, stderr=subprocess.STDOUT,
                                  cwd=ROOT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while True:
            try:
                urllib.request.urlopen(url, timeout=5)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"the app did not start; see {log}:\n{log.read_text()[-2000:]}")
                time.sleep(0.3)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def live_lines(page) -> list[str]:
    """The points of this run's line in each chart."""
    return page.locator(".wijksim-chart polyline.live").evaluate_all("els => els.map(e => e.getAttribute('points'))")


def slider(page, label: str):
    """The thumb of the SolaraViz slider with this label."""
    return page.locator(".v-slider", has_text=label).locator("[role=slider]")


def test_app_slider_step_map_charts_language(app_url):
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run scripts/install-browser (make test does)"
    print(f"screenshots: {ARTIFACTS}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync"])
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.set_default_timeout(TIMEOUT_MS)
            expect.set_options(timeout=TIMEOUT_MS)
            page.goto(app_url)
            time_text = page.locator(".wijksim-time")
            expect(time_text).to_have_text("Maand 0 van 180")
            expect(page.locator(".wijksim-chart")).to_have_count(4)
            expect(page.locator(".wijksim-chart polyline.live")).to_have_count(4)
            expect(page.locator(".wijksim-chart polyline.baseline")).to_have_count(0)  # same settings as the file
            expect(page.locator(".wijksim-same-as-baseline")).to_have_count(1)
            page.screenshot(path=ARTIFACTS / "1-start.png", full_page=True)
            map_before = page.locator(".wijksim-map").get_attribute("src")
            lines_before = live_lines(page)

            # move SolaraViz's basisbaan slider two steps (2 x 25 places) with the keyboard; Reset applies it
            basisbanen = slider(page, "Basisbanen in Noord")
            expect(basisbanen).to_have_attribute("aria-valuenow", "0")
            for places in (25, 50):
                basisbanen.focus()
                page.keyboard.press("ArrowRight")
                expect(basisbanen).to_have_attribute("aria-valuenow", str(places))
            page.get_by_role("button", name="Reset").click()
            expect(page.locator(".wijksim-same-as-baseline")).to_have_count(0)  # the new model has 50 places
            expect(basisbanen).to_have_attribute("aria-valuenow", "50")  # the slider kept its value

            # step three months: the map and the charts change, and the baseline is drawn beside the run
            for month in (1, 2, 3):
                page.get_by_role("button", name="Step").click()
                expect(time_text).to_have_text(f"Maand {month} van 180")
            expect(page.locator(".wijksim-chart polyline.baseline")).to_have_count(4)
            assert page.locator(".wijksim-map").get_attribute("src") != map_before
            lines_after = live_lines(page)
            assert all(after != before for after, before in zip(lines_after, lines_before))
            page.locator(".wijksim-map").screenshot(path=ARTIFACTS / "2-map-after-steps.png")
            page.locator(".wijksim-charts").screenshot(path=ARTIFACTS / "3-charts-after-steps.png")

            # clicking a dwelling shows its household
            page.locator(".wijksim-map").click(position={"x": 200, "y": 100})
            expect(page.locator(".wijksim-household")).to_contain_text("Klasse")
            page.screenshot(path=ARTIFACTS / "4-household-nl.png", full_page=True)

            # the language switch changes our texts (SolaraViz's own stay English) and keeps the sliders
            page.locator(".wijksim-language").get_by_role("button", name="EN", exact=True).click()
            expect(time_text).to_have_text("Month 3 of 180")
            expect(page.locator(".wijksim-household")).to_contain_text("Class")
            expect(page.locator(".wijksim-chart").first).to_contain_text("Working (incl. basisbaan), of labour force")
            expect(page.locator(".wijksim-apply-hint")).to_contain_text("take effect at the next Reset")
            basisbanen = slider(page, "Basisbanen in Noord (places)")
            expect(basisbanen).to_have_attribute("aria-valuenow", "50")
            page.screenshot(path=ARTIFACTS / "5-english.png", full_page=True)

            # Play runs the model on (the server, still playing, is stopped after the test)
            page.get_by_role("button", name="▶").click()
            expect(time_text).not_to_have_text("Month 3 of 180")
        finally:
            browser.close()
