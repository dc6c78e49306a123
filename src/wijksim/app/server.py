"""Start the web app: check the scenario, then run Solara's server on the app's page. Classroom
mode (`--klas`) listens on the local network, prints the address and a QR code for the beamer,
and caps every session's speed so that a class shares the laptop."""

from __future__ import annotations

import io
import os
import socket
import sys
from pathlib import Path

from ..config import ScenarioError, load_scenario

SCENARIO_ENV = "WIJKSIM_APP_SCENARIO"  # how the server tells the page which scenario to open
MAX_SPEED_ENV = "WIJKSIM_APP_MAX_SPEED"  # the fastest pace (months per second) a session may play at
DEFAULT_SCENARIO = "scenarios/teaching/klasstad.yaml"
KLAS_MAX_SPEED = 2  # months per second per student in classroom mode (see docs/teaching.md)


def lan_address() -> str:
    """This machine's address on the local network (the interface of the default route); sends
    nothing (a UDP socket only picks a route). 127.0.0.1 if there is no network."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("10.255.255.255", 1))
            return sock.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def qr_text(url: str) -> str:
    """The URL as a QR code drawn with text characters (for the terminal shown on the beamer)."""
    import qrcode

    qr = qrcode.QRCode(border=2)
    qr.add_data(url)
    out = io.StringIO()
    qr.print_ascii(out=out, invert=True)
    return out.getvalue()


def serve(scenario: str | None, host: str | None = None, port: int = 8765, open_browser: bool = True,
          klas: bool = False, max_speed: int | None = None) -> None:
    """Replace this process by Solara's server running the app for `scenario` (default: the
    classroom city). A bad scenario file raises ScenarioError before the server starts."""
    path = Path(scenario or DEFAULT_SCENARIO).resolve()
    if scenario is None and not path.is_file():
        raise ScenarioError(f"{path}: no such file; run 'wijksim app' in the wijksim folder, or name a scenario file")
    load_scenario(path)
    host = host or ("0.0.0.0" if klas else "localhost")
    env = {**os.environ, SCENARIO_ENV: str(path), "SOLARA_THEME_SHOW_BANNER": "False",
           "SOLARA_THEME_TITLE": "wijksim"}
    if klas or max_speed:
        env[MAX_SPEED_ENV] = str(max_speed or KLAS_MAX_SPEED)
    command = [sys.executable, "-m", "solara", "run", "wijksim.app.page", "--host", host, "--port", str(port),
               "--production", "--no-check-version", "--open" if open_browser else "--no-open"]
    if klas:
        url = f"http://{lan_address() if host == '0.0.0.0' else host}:{port}"
        print(f"wijksim app (klasmodus): {path.name}\n\nStudenten openen in hun browser:\n\n    {url}\n\n"
              f"{qr_text(url)}\nZe moeten op hetzelfde (wifi-)netwerk zitten als deze laptop. Elke student speelt "
              f"hoogstens {env[MAX_SPEED_ENV]} maanden per seconde. Stoppen: Ctrl+C.", flush=True)
    else:
        print(f"wijksim app: {path.name} at http://{host}:{port} (stop with Ctrl+C)", flush=True)
    os.execve(sys.executable, command, env)
