"""Real-browser tests: `ehelse serve` on a free port, driven by Playwright with Debian's chromium.

A missing browser is a failure, never a skip (CI must run these). Screenshots land in
``test-artifacts/screenshots/`` for people to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT, wait_for_health

WAIT_MS = 60_000  # how long a browser test waits for something a slow CI machine is still drawing

CHROMIUM = os.environ.get("EHELSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
ARTIFACTS = ROOT / "test-artifacts"
SHOTS = ARTIFACTS / "screenshots"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `ehelse serve` process against one database."""

    def __init__(
        self,
        db_url: str,
        *,
        env: dict[str, str] | None = None,
        name: str = "server",
        port: int | None = None,
    ) -> None:
        self.db_url = db_url
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        ARTIFACTS.mkdir(exist_ok=True)
        self.log_path = ARTIFACTS / f"{name}-{self.port}.log"
        full_env = {**os.environ, "PYTHONPATH": str(ROOT), "EHELSE_DB_URL": db_url, **(env or {})}
        full_env.pop("EHELSE_TEST_DB_URL", None)
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cli",
                "serve",
                "--port",
                str(self.port),
                "--address",
                "127.0.0.1",
            ],
            cwd=ROOT,
            env=full_env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait()

    def _wait(self, timeout: float = 60) -> None:
        try:
            wait_for_health(self.url, self.proc, timeout)
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}: {self.log_path.read_text()[-2000:]}") from exc

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()


@pytest.fixture(scope="session")
def e2e_db_url(db_factory, sample_template) -> str:
    """The sample data in a database of its own for the browser tests (they may upload)."""
    return db_factory.clone(sample_template, "e2e")


@pytest.fixture(scope="session")
def server(e2e_db_url: str) -> Iterator[Server]:
    srv = Server(e2e_db_url, name="e2e")
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(
            f"Chromium mangler ({CHROMIUM}). `make test` installerer den med apt; nettlesertester hoppes aldri over."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(30000)
    yield page
    context.close()


def settle(page, *, quiet_ms: int = 1000, timeout: float = 60) -> None:
    """Wait until the script run has finished, every chart has drawn, and the DOM is still."""
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout * 1000)
    deadline = time.time() + timeout
    # Until the first script run has ended the page is an empty frame that may look "still":
    # wait for Streamlit's own script state (``initial`` before the first run).
    page.wait_for_function(
        """() => ['notRunning', 'compilationError'].includes(
                 document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state'))""",
        timeout=timeout * 1000,
    )
    # The script run is over when the main area has content and the status widget no longer
    # offers "Stop" (Streamlit 1.67 shows a running indicator with a Stop button meanwhile).
    page.wait_for_function(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            if (!main || main.innerText.trim().length === 0) return false;
            if (document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')) return false;
            // Lazily loaded components (Plotly) show skeletons until their code has arrived.
            if (document.querySelector('[data-testid="stSkeleton"]')) return false;
            // A page's part below the first screen follows on a one-shot timer
            // (components.below_the_fold); until then it says so.
            return !main.innerText.includes('Laster resten av siden');
        }""",
        timeout=timeout * 1000,
    )
    while time.time() < deadline:
        charts = page.locator('[data-testid="stPlotlyChart"]').count()
        drawn = page.locator('[data-testid="stPlotlyChart"] .main-svg').count()
        if drawn >= charts:
            break
        page.wait_for_timeout(150)
    last, stable_since = None, time.time()
    while time.time() < deadline:
        html = page.evaluate(
            "document.querySelector('[data-testid=\"stMain\"]').innerHTML.length + ':' + document.querySelectorAll('*').length"
        )
        if html != last:
            last, stable_since = html, time.time()
        elif (time.time() - stable_since) * 1000 >= quiet_ms:
            return
        page.wait_for_timeout(100)


def goto(page, server: Server, path: str = "/") -> None:
    page.goto(server.url + path)
    settle(page)


def wait_for_charts(page, at_least: int = 1, *, within=None) -> None:
    """Streamlit mounts the Plotly component lazily, later still on a busy machine: wait until
    ``at_least`` charts have drawn (inside ``within``, a locator, if given), then until the page
    is still again. Counting right after :func:`settle` can see zero charts on a slow CI run."""
    scope = within if within is not None else page
    drawn = scope.locator('[data-testid="stPlotlyChart"] .main-svg')
    drawn.nth(at_least - 1).wait_for(state="attached", timeout=WAIT_MS)
    settle(page)


def shot(page, name: str, *, full: bool = True) -> Path:
    """A screenshot in test-artifacts/screenshots/. ``full``: the whole page, grown to fit.

    Streamlit scrolls inside its main container, so "full page" means a viewport as tall as
    that container's content.
    """
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    if full:
        size = page.viewport_size or {"width": 1440, "height": 900}
        height = page.evaluate(
            "Math.max(document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 0, window.innerHeight)"
        )
        page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 12000)})
        page.wait_for_timeout(300)
        page.screenshot(path=str(path), full_page=True)
        page.set_viewport_size(size)
    else:
        page.screenshot(path=str(path))
    return path


def no_exceptions(page) -> None:
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


def nav_links(page) -> list[str]:
    """Titles of the pages in the top navigation, section by section (each dropdown opened)."""
    titles: list[str] = []
    sections = page.get_by_test_id("stTopNavSection")
    for index in range(sections.count()):
        sections.nth(index).click()
        links = page.get_by_test_id("stTopNavDropdownLink")
        links.first.wait_for()
        titles += [t.strip().splitlines()[-1] for t in links.all_inner_texts()]
        page.keyboard.press("Escape")
        page.wait_for_timeout(200)
    return titles
