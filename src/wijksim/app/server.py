"""Start the web app: check the scenario, then run Solara's server on the app's page."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..config import ScenarioError, load_scenario

SCENARIO_ENV = "WIJKSIM_APP_SCENARIO"  # how the server tells the page which scenario to open
DEFAULT_SCENARIO = "scenarios/teaching/klasstad.yaml"


def serve(scenario: str | None, host: str = "localhost", port: int = 8765, open_browser: bool = True) -> None:
    """Replace this process by Solara's server running the app for `scenario` (default: the
    classroom city). A bad scenario file raises ScenarioError before the server starts."""
    path = Path(scenario or DEFAULT_SCENARIO).resolve()
    if scenario is None and not path.is_file():
        raise ScenarioError(f"{path}: no such file; run 'wijksim app' in the wijksim folder, or name a scenario file")
    load_scenario(path)
    env = {**os.environ, SCENARIO_ENV: str(path)}
    command = [sys.executable, "-m", "solara", "run", "wijksim.app.page", "--host", host, "--port", str(port),
               "--production", "--no-check-version", "--open" if open_browser else "--no-open"]
    print(f"wijksim app: {path.name} at http://{host}:{port} (stop with Ctrl+C)", flush=True)
    os.execve(sys.executable, command, env)
