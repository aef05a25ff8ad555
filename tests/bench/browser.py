"""First screen in Chromium: Oversikt (sample data plus the 357,000 values) against a bare
one-chart Streamlit page served with the same flags, alternating, in the same run.

"First screen" is the moment the visible viewport (1440×900) is complete: its content is there
(the page has filled the viewport, or the script run has ended), no skeleton is left in it,
and every chart in it has drawn. Streamlit sends elements in script order, so once the page
has grown past the bottom of the viewport, what is above no longer changes; content further
down may still be on its way (lazy below the fold). The median of ``ROUNDS`` cold loads (a new
browser context each time, nothing cached in the browser) is compared, alternating the two
pages. Target: Oversikt ≤ 1.0× the bare page.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from tests.bench.common import Ctx, bench_db, free_port, row, serve, serve_bare, stop

ROUNDS = 5
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]

#: True when the viewport is complete: script done, no skeleton, every visible chart drawn.
FIRST_SCREEN_DONE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const main = document.querySelector('[data-testid="stMain"]');
    if (!app || !main || main.innerText.trim().length === 0) return false;
    const h = window.innerHeight;
    const finished = app.getAttribute('data-test-script-state') === 'notRunning';
    const blocks = main.querySelectorAll('[data-testid="stElementContainer"]');
    const last = blocks.length ? blocks[blocks.length - 1].getBoundingClientRect() : null;
    if (!finished && !(last && last.top >= h)) return false;
    const inView = (e) => { const r = e.getBoundingClientRect(); return r.top < h && r.bottom > 0; };
    for (const s of document.querySelectorAll('[data-testid="stSkeleton"]')) if (inView(s)) return false;
    for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]'))
        if (inView(c) && !c.querySelector('.main-svg')) return false;
    return true;
}"""


def first_screen(browser: Any, url: str) -> float:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nb-NO")
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_function(FIRST_SCREEN_DONE, timeout=60_000, polling=25)
        return time.perf_counter() - start
    finally:
        context.close()


def run(ctx: Ctx) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    url = bench_db(ctx)
    app_port, bare_port = free_port(), free_port()
    app, bare = serve(ctx, url, app_port), serve_bare(ctx, bare_port)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            # one load each first: the servers' first script run and the browsers' code caches
            first_screen(browser, f"http://127.0.0.1:{app_port}/")
            first_screen(browser, f"http://127.0.0.1:{bare_port}/")
            ours, ref = [], []
            for _ in range(ROUNDS):
                ref.append(first_screen(browser, f"http://127.0.0.1:{bare_port}/"))
                ours.append(first_screen(browser, f"http://127.0.0.1:{app_port}/"))
            browser.close()
    finally:
        stop(app)
        stop(bare)
    a, b = statistics.median(ours), statistics.median(ref)
    return [
        row("første skjermbilde", "Bar Streamlit-side med ett diagram (median)", b, "s"),
        row("første skjermbilde", "Oversikt (median)", a, "s"),
        row("første skjermbilde", "  forhold Oversikt / bar side", a / b, "x", "≤ 1.0×", 1.0),
    ]
