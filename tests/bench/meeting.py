"""Meeting mode: what a presenter waits for.

* **Slide step**: in Chromium, from the key press (→ or ←) until the next slide is fully drawn
  (shown, its charts drawn, two frames painted), median of 10 warm steps through the sample's
  latest round — against a bare one-chart Streamlit page's rerun on a button click (until its
  new title is there, the script has finished and its chart is drawn), in the same run.
  Target ≤ 1.0×.
* **PowerPoint**: ``ehelse export --format pptx`` of the sample's latest round, the wall time of
  the command as a user runs it (new process, imports, database, charts, file), median of 3.
  Target ≤ 5 s.
"""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.bench.common import Ctx, free_port, row, serve, serve_bare, stop

STEPS = 10
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]

#: The slide ``n`` is on screen with every chart drawn.
SLIDE_DRAWN = """(n) => {
    if (document.documentElement.getAttribute('data-mm-shown') !== String(n)) return false;
    const slide = document.querySelector('.mm-current');
    if (!slide) return false;
    for (const c of slide.querySelectorAll('[data-testid="stPlotlyChart"]'))
        if (!c.querySelector('.main-svg')) return false;
    return true;
}"""
#: The first script run has ended and the server has written the pinned address.
PINNED = """() => document.querySelector('[data-testid="stApp"]')
    .getAttribute('data-test-script-state') === 'notRunning'
    && new URLSearchParams(location.search).has('data')"""
#: The bare page shows title ``n``, its run has ended and its chart is drawn.
BARE_DRAWN = """(n) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const h = document.querySelector('h1');
    const chart = document.querySelector('[data-testid="stPlotlyChart"] .main-svg');
    return !!(app && h && chart && h.textContent.includes('Referanse ' + n)
              && app.getAttribute('data-test-script-state') === 'notRunning');
}"""
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def sample_db(folder: Path, ctx: Ctx) -> str:
    url = f"sqlite:///{folder / 'motemodus.db'}"
    subprocess.run(
        [ctx.python, "-m", "cli", "--db", url, "sample"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return url


def walk(count: int) -> Iterator[int]:
    """Slide positions back and forth through the deck: 2, 3, …, count, count − 1, …, 1, 2, …"""
    position, step = 1, 1
    while True:
        if not 1 <= position + step <= count:
            step = -step
        position += step
        yield position


def slide_steps(browser: Any, base: str) -> list[float]:
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nb-NO")
    page = context.new_page()
    try:
        page.goto(base + "/motemodus")
        page.wait_for_function(SLIDE_DRAWN, arg=1, timeout=120_000)
        # the meeting is pinned (the address completed by the server) before the first step
        page.wait_for_function(PINNED, timeout=60_000)
        count = int(page.locator("#mm-live").get_attribute("data-mm-count"))
        positions = walk(count)
        times, shown = [], 1
        for i in range(2 * (count - 1) + STEPS):  # first once through and back: warm
            target = next(positions)
            started = time.perf_counter()
            page.keyboard.press("ArrowRight" if target > shown else "ArrowLeft")
            page.wait_for_function(SLIDE_DRAWN, arg=target, polling="raf", timeout=30_000)
            page.evaluate(TWO_FRAMES)
            if i >= 2 * (count - 1):
                times.append(time.perf_counter() - started)
            shown = target
        return times
    finally:
        context.close()


def bare_reruns(browser: Any, base: str) -> list[float]:
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nb-NO")
    page = context.new_page()
    try:
        page.goto(base + "/")
        page.wait_for_function(BARE_DRAWN, arg=0, timeout=120_000)
        button = page.get_by_role("button", name="Neste")
        times = []
        for n in range(1, STEPS + 3):
            started = time.perf_counter()
            button.click()
            page.wait_for_function(BARE_DRAWN, arg=n, polling="raf", timeout=30_000)
            page.evaluate(TWO_FRAMES)
            if n > 2:  # the first two warm the page
                times.append(time.perf_counter() - started)
        return times
    finally:
        context.close()


def pptx_seconds(ctx: Ctx, url: str, folder: Path) -> list[float]:
    out = []
    for i in range(3):
        started = time.perf_counter()
        subprocess.run(
            [
                ctx.python,
                "-m",
                "cli",
                "--db",
                url,
                "export",
                "--format",
                "pptx",
                "-o",
                str(folder / f"pakke{i}.pptx"),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        out.append(time.perf_counter() - started)
    return out


def run(ctx: Ctx) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = sample_db(folder, ctx)
        app_port, bare_port = free_port(), free_port()
        app, bare = serve(ctx, url, app_port), serve_bare(ctx, bare_port)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                ours = slide_steps(browser, f"http://127.0.0.1:{app_port}")
                ref = bare_reruns(browser, f"http://127.0.0.1:{bare_port}")
                browser.close()
        finally:
            stop(app)
            stop(bare)
        pptx = pptx_seconds(ctx, url, folder)
    a, b = statistics.median(ours), statistics.median(ref)
    return [
        row("møtemodus", "Bar side: ny kjøring ved knappetrykk (median av 10)", b, "s"),
        row("møtemodus", "Neste lysbilde ved tastetrykk (median av 10)", a, "s"),
        row("møtemodus", "  forhold lysbilde / bar side", a / b, "x", "≤ 1.0×", 1.0),
        row(
            "møtemodus",
            "PowerPoint for siste runde, ehelse export (median av 3)",
            statistics.median(pptx),
            "s",
            "≤ 5 s",
            5.0,
        ),
    ]
