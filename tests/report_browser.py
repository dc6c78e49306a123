"""Opening a report in headless Chromium (Playwright): console errors, requests that leave the
file, and a screenshot of each section. Used by tests/test_report_browser.py and for the README."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
SECTIONS = ["samenvatting", "effecten", "voor-wie", "bewoners", "kosten-baten", "zekerheid"]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def open_report(html: Path, shots: Path, width: int = 1400, full_page: bool = False) -> dict:
    """Open `html`, screenshot each section into `shots` (and the top of the page); return the
    console errors, the requests to anything but the file itself or data: URIs, and the shots."""
    from playwright.sync_api import sync_playwright

    shots.mkdir(parents=True, exist_ok=True)
    errors, external, files = [], [], []
    url = Path(html).resolve().as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("request", lambda req: external.append(req.url) if req.url != url and not req.url.startswith("data:") else None)
            page.goto(url, wait_until="load")
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            top = shots / "page-top.png"
            page.screenshot(path=str(top), full_page=full_page)
            files.append(top)
            page.add_style_tag(content="nav { position: static !important; }")  # not over the sections' titles
            for section in SECTIONS:
                path = shots / f"section-{section}.png"
                page.locator(f"#{section}").screenshot(path=str(path))
                files.append(path)
            sizes = page.evaluate("[...document.images].map(i => i.naturalWidth)")
        finally:
            browser.close()
    return {"errors": errors, "external": external, "screenshots": files, "image_widths": sizes}


def card_screenshot(html: Path, path: Path, width: int = 1100) -> None:
    """The page header with the last package's summary card (docs/images/report.png):
    PYTHONPATH=src:tests python -c "from pathlib import Path; from report_browser import card_screenshot;
    card_screenshot(Path('results/report/report.html'), Path('docs/images/report.png'))"."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(Path(html).resolve().as_uri(), wait_until="load")
            page.add_style_tag(content="nav { position: static !important; }")
            page.evaluate("document.querySelectorAll('#samenvatting .card').forEach((c, i, all) => "
                          "{ if (i < all.length - 1) c.style.display = 'none'; })")
            bottom = page.evaluate("document.querySelector('#samenvatting .card:last-of-type')"
                                   ".getBoundingClientRect().bottom + window.scrollY + 12")
            page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": bottom})
        finally:
            browser.close()
