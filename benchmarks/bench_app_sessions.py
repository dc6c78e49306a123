"""Months per second that the web app plays with N browser sessions at once.

Starts `wijksim app` (optionally in classroom mode), opens N sessions in headless Chromium (each
its own browser context, as N students), sets each session's speed (default pace, or the
slider's end with --fastest), presses Afspelen in all of them, and reads each session's month
("Maand m van M", as the page shows it) at the start and the end of a measuring window.

The browsers run on the same machine as the server here, so they take CPU from it; in a class
they run on the students' laptops. Usage:

    python benchmarks/bench_app_sessions.py --sessions 1 3 10 [--fastest] [--klas] [--lesson klasstad]
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]


def start_app(klas: bool, lesson: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "wijksim.cli", "app", str(ROOT / "scenarios" / "teaching" / f"{lesson}.yaml"),
               "--port", str(port), "--no-open", "--host", "127.0.0.1"] + (["--klas"] if klas else [])
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(600):
        try:
            urllib.request.urlopen(url, timeout=5)
            return server, url
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the app did not start")


def month(page) -> int:
    return int(re.search(r"(\d+)", page.locator(".wijksim-time").inner_text()).group(1))


def measure(browser, url: str, sessions: int, fastest: bool, seconds: float) -> list[float]:
    """Months per second of each session over `seconds` of playing."""
    pages = []
    for _ in range(sessions):
        page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        page.set_default_timeout(300_000)
        page.goto(url)
        expect(page.locator(".wijksim-map")).to_be_visible(timeout=300_000)
        if fastest:
            page.locator(".wijksim-speed [role=slider]").focus()
            page.keyboard.press("End")
        pages.append(page)
    for page in pages:
        page.get_by_role("button", name="Afspelen", exact=True).click()
    time.sleep(3)  # settle
    start = [(month(p), time.perf_counter()) for p in pages]
    time.sleep(seconds)
    rates = [(month(p) - m0) / (time.perf_counter() - t0) for p, (m0, t0) in zip(pages, start)]
    for page in pages:
        page.context.close()
    return rates


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, nargs="+", default=[1, 3, 10])
    ap.add_argument("--fastest", action="store_true", help="speed slider at its end (else the default pace)")
    ap.add_argument("--klas", action="store_true", help="start the app in classroom mode (speed cap)")
    ap.add_argument("--lesson", default="klasstad")
    ap.add_argument("--seconds", type=float, default=15.0)
    args = ap.parse_args()
    server, url = start_app(args.klas, args.lesson)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for n in args.sessions:
                rates = measure(browser, url, n, args.fastest, args.seconds)
                print(f"{args.lesson}, {n} session(s), {'fastest' if args.fastest else 'default pace'}"
                      f"{', klas' if args.klas else ''}: months/s per session "
                      f"min {min(rates):.2f} mean {sum(rates) / n:.2f} max {max(rates):.2f}; "
                      f"all together {sum(rates):.1f}; load average {os.getloadavg()[0]:.1f}", flush=True)
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()


if __name__ == "__main__":
    main()
