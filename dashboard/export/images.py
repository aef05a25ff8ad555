"""Charts to PNG with kaleido 1.x, which drives a headless Chromium.

One browser per export: every figure of the pack is rendered in the same browser session and the
bytes are reused by each slide/page that shows it. The browser is the system's Chromium
(``BROWSER_PATH`` or ``EHELSE_CHROMIUM`` if set, then whatever kaleido/choreographer finds on the
PATH, then ``/usr/bin/chromium``); nothing is downloaded.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Presentation resolution of every chart image (16:9).
WIDTH, HEIGHT = 1600, 900


class ChartRenderError(RuntimeError):
    """No Chromium, or it failed to draw (Norwegian message for the CLI and the page)."""


def browser_path() -> str | None:
    """The Chromium that kaleido should drive, or None to let kaleido search."""
    for key in ("BROWSER_PATH", "EHELSE_CHROMIUM"):
        value = os.environ.get(key, "").strip()
        if value and Path(value).exists():
            return value
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


#: Browser tabs drawing at once (each draws one figure at a time). One: on the two-core
#: machines measured, a second tab cost more to start than it saved (the 11 charts of the
#: sample's pack: 3.8 s with one tab, 4.3 s with two, 6.0 s with four).
TABS = 1


async def _draw(k: Any, figures: dict[str, Any], opts: dict[str, Any]) -> dict[str, bytes]:
    """Every figure drawn in the open browser ``k`` (one drawing per tab at a time)."""
    keys = list(figures)
    images = await asyncio.gather(*(k.calc_fig(figures[key], opts=opts) for key in keys))
    return dict(zip(keys, images, strict=True))


def _kaleido_class(kaleido: Any) -> Any:
    """kaleido's browser, minus its page reload after every figure.

    kaleido 1.x reloads its page (and with it the 4 MB plotly.js) after each drawing, to start
    the next one clean. ``Plotly.toImage`` draws in a fresh element it removes afterwards, so
    the reload buys nothing for our dozen charts and cost ≈ 0.2 s each on two cores.
    """

    class Browser(kaleido.Kaleido):  # type: ignore[misc,name-defined]
        async def _return_kaleido_tab(self, tab: Any) -> None:
            await self.tabs_ready.put(tab)

    return Browser


class Drawing:
    """A browser session started ahead of the figures.

    Starting Chromium takes 1–2 s; the caller builds the pack's data meanwhile, then hands the
    figures to :meth:`render`. The browser runs in its own thread with its own event loop, so
    this works from a plain script, the CLI and Streamlit's script thread alike. Use it as a
    context manager: a session that is never drawn in is closed on exit.
    """

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._figures: dict[str, Any] | None = None
        self._opts: dict[str, Any] = {}
        self._outcome: dict[str, Any] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._go: asyncio.Event | None = None
        self._task: asyncio.Task[Any] | None = None
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kaleido", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._outcome["value"] = asyncio.run(self._main())
        except BaseException as exc:  # handed to the caller's thread
            self._outcome["error"] = exc
        finally:
            self._started.set()  # also when the loop failed before it said so

    async def _main(self) -> dict[str, bytes]:
        self._loop, self._go = asyncio.get_running_loop(), asyncio.Event()
        self._task = asyncio.current_task()
        self._started.set()
        return await self._session()

    async def _session(self) -> dict[str, bytes]:
        import kaleido

        # MathJax is not used (no LaTeX in our charts); kaleido would otherwise fetch it from a
        # CDN at every start, and on a closed network wait for that to fail.
        kwargs: dict[str, Any] = {"n": TABS, "mathjax": False}
        if self.path:
            kwargs["path"] = self.path
        assert self._go is not None
        async with _kaleido_class(kaleido)(**kwargs) as k:
            await self._go.wait()
            if self._figures is None:  # closed without drawing
                return {}
            return await _draw(k, self._figures, self._opts)

    def _in_loop(self, callback: Callable[[], Any]) -> None:
        """Run ``callback`` in the browser's event loop, unless that loop has ended (the browser
        failed to start, or the session is over)."""
        self._started.wait(30)
        if self._loop is not None and not self._loop.is_closed():
            with contextlib.suppress(RuntimeError):  # it ended just now
                self._loop.call_soon_threadsafe(callback)

    def _signal(self, figures: dict[str, Any] | None, opts: dict[str, Any]) -> None:
        self._figures, self._opts = figures, opts
        self._in_loop(lambda: self._go.set() if self._go is not None else None)

    def _cancel(self) -> None:
        self._in_loop(lambda: self._task.cancel() if self._task is not None else None)

    def draw(self, figures: dict[str, Any], opts: dict[str, Any]) -> dict[str, bytes]:
        """Draw ``figures`` (PNG bytes by key) in at most :data:`ATTEMPT_SECONDS`; a browser that
        hangs is cancelled (kaleido then closes it) and TimeoutError raised."""
        self._signal(figures, opts)
        self._thread.join(ATTEMPT_SECONDS)
        if self._thread.is_alive():
            self._cancel()
            self._thread.join(30)  # a loop that does not even stop is a daemon: left behind
            raise TimeoutError(f"tegningen tok mer enn {ATTEMPT_SECONDS} s")
        if "error" in self._outcome:
            raise self._outcome["error"]
        return self._outcome["value"]

    def render(
        self,
        figures: dict[str, Any] | Callable[[], dict[str, Any]],
        *,
        width: int = WIDTH,
        height: int = HEIGHT,
    ) -> dict[str, bytes]:
        """Plotly figures by key → PNG bytes by key. ``figures`` may be a function that builds
        them (it runs while the browser is still starting). A session that hangs or fails is
        started again once; then :class:`ChartRenderError` with one Norwegian sentence."""
        made = figures() if callable(figures) else figures
        if not made:
            self.close()
            return {}
        opts = {"format": "png", "width": width, "height": height, "scale": 1}
        session: Drawing = self
        problem: BaseException | None = None
        for attempt in range(ATTEMPTS):
            if attempt:
                session = Drawing(self.path)
            try:
                return session.draw(made, opts)
            except TimeoutError as exc:  # a browser that hangs is started again, once
                problem = exc
            except Exception as exc:  # kaleido raises several kinds; the user needs one message
                problem = exc
                break
        raise ChartRenderError(
            "Klarte ikke å tegne diagrammene som bilder (kaleido med Chromium"
            + (f" i {self.path}" if self.path else "")
            + f"): {_reason(problem, self.path)}. Installer Chromium (f.eks. «apt-get install "
            "chromium») eller sett BROWSER_PATH til en Chrome/Chromium."
        ) from problem

    def close(self) -> None:
        """Close a browser that was started but is not needed (no-op after drawing)."""
        if self._thread.is_alive():
            self._signal(None, {})
            self._thread.join(30)

    def __enter__(self) -> Drawing:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def start_drawing() -> Drawing:
    """Start the browser now (in the background) for charts that will be drawn later."""
    return Drawing(browser_path())


def render_png(
    figures: dict[str, Any] | Callable[[], dict[str, Any]],
    *,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> dict[str, bytes]:
    """Plotly figures by key → PNG bytes by key, all in one browser session (see
    :meth:`Drawing.render`)."""
    if not callable(figures) and not figures:
        return {}
    with start_drawing() as drawing:
        return drawing.render(figures, width=width, height=height)


#: Seconds one drawing session may take before it is given up (and started again once).
ATTEMPT_SECONDS = 120
ATTEMPTS = 2


def _reason(problem: BaseException | None, path: str | None) -> str:
    """The cause in Norwegian (kaleido's and choreographer's own messages are English)."""
    if isinstance(problem, TimeoutError):
        return f"nettleseren svarte ikke innen {ATTEMPT_SECONDS} sekunder, heller ikke på nytt"
    if type(problem).__name__ in (
        "BrowserFailedError",
        "BrowserClosedError",
        "ChromeNotFoundError",
    ):
        return f"nettleseren{f' i {path}' if path else ''} startet ikke eller stoppet"
    return f"{type(problem).__name__}: {problem}"
