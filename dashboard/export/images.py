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
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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


#: Browser tabs drawing at once (each draws one figure at a time).
TABS = 2


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
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kaleido") as pool:
            return pool.submit(asyncio.run, _render(make, opts, path)).result(timeout=180)
    except Exception as exc:  # kaleido raises several kinds; the user needs one message
        raise ChartRenderError(
            "Klarte ikke å tegne diagrammene som bilder (kaleido med Chromium"
            + (f" i {path}" if path else "")
            + f"): {exc}. Installer Chromium (f.eks. «apt-get install chromium») "
            "eller sett BROWSER_PATH til en Chrome/Chromium."
        ) from exc
