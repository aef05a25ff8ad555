"""Charts to PNG with kaleido 1.x, which drives a headless Chromium.

One browser per export: every figure of the pack is rendered in the same browser session and the
bytes are reused by each slide/page that shows it. The browser is the system's Chromium
(``BROWSER_PATH`` or ``EHELSE_CHROMIUM`` if set, then whatever kaleido/choreographer finds on the
PATH, then ``/usr/bin/chromium``); nothing is downloaded.
"""

from __future__ import annotations

import asyncio
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


async def _render(
    make: Callable[[], dict[str, Any]], opts: dict[str, Any], path: str | None
) -> dict:
    """Start the browser and, meanwhile, build the figures (``make``) in a worker thread; then
    draw them in :data:`TABS` tabs at once."""
    import kaleido

    loop = asyncio.get_running_loop()
    building = loop.run_in_executor(None, make)
    # MathJax is not used (no LaTeX in our charts); kaleido would otherwise fetch it from a CDN
    # at every start, and on a closed network wait for that to fail.
    kwargs: dict[str, Any] = {"n": TABS, "mathjax": False}
    if path:
        kwargs["path"] = path
    async with kaleido.Kaleido(**kwargs) as k:
        figures = await building
        keys = list(figures)
        images = await asyncio.gather(*(k.calc_fig(figures[key], opts=opts) for key in keys))
    return dict(zip(keys, images, strict=True))


def render_png(
    figures: dict[str, Any] | Callable[[], dict[str, Any]],
    *,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> dict[str, bytes]:
    """Plotly figures by key → PNG bytes by key, all in one browser session.

    ``figures`` may be a function that builds them: it then runs while the browser starts.
    Runs the browser's event loop in a worker thread, so it works from a plain script, the CLI
    and Streamlit's script thread alike.
    """
    if not callable(figures) and not figures:
        return {}
    make = figures if callable(figures) else (lambda: figures)
    opts = {"format": "png", "width": width, "height": height, "scale": 1}
    path = browser_path()
    problem: BaseException | None = None
    for _attempt in range(ATTEMPTS):
        try:
            return _bounded(lambda: _render(make, opts, path), ATTEMPT_SECONDS)
        except TimeoutError as exc:  # a browser that hangs is started again, once
            problem = exc
        except Exception as exc:  # kaleido raises several kinds; the user needs one message
            problem = exc
            break
    raise ChartRenderError(
        "Klarte ikke å tegne diagrammene som bilder (kaleido med Chromium"
        + (f" i {path}" if path else "")
        + f"): {_reason(problem, path)}. Installer Chromium (f.eks. «apt-get install chromium») "
        "eller sett BROWSER_PATH til en Chrome/Chromium."
    ) from problem


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


def _bounded(make_coroutine: Callable[[], Any], seconds: float) -> Any:
    """Run the coroutine's event loop in a daemon thread, at most ``seconds``: a browser that
    hangs is cancelled (kaleido then closes it), and even a loop that does not stop never holds
    up the caller or the process's exit."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = asyncio.run(asyncio.wait_for(make_coroutine(), seconds))
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="kaleido", daemon=True)
    worker.start()
    worker.join(seconds + 30)
    if worker.is_alive():
        raise TimeoutError(f"tegningen tok mer enn {seconds} s")
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, asyncio.TimeoutError):
            raise TimeoutError(f"tegningen tok mer enn {seconds} s") from error
        raise error
    return outcome["value"]
