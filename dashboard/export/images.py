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


async def _render(figures: list[Any], opts: dict[str, Any], path: str | None) -> list:
    import kaleido

    kwargs: dict[str, Any] = {"n": 1}
    if path:
        kwargs["path"] = path
    async with kaleido.Kaleido(**kwargs) as k:
        return [await k.calc_fig(fig, opts=opts) for fig in figures]


def render_png(
    figures: dict[str, Any], *, width: int = WIDTH, height: int = HEIGHT
) -> dict[str, bytes]:
    """Plotly figures by key → PNG bytes by key, all in one browser session.

    Runs the browser's event loop in a worker thread, so it works from a plain script, the CLI
    and Streamlit's script thread alike.
    """
    if not figures:
        return {}
    keys = list(figures)
    figs = [figures[k] for k in keys]
    opts = {"format": "png", "width": width, "height": height, "scale": 1}
    path = browser_path()
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kaleido") as pool:
            images = pool.submit(asyncio.run, _render(figs, opts, path)).result(timeout=180)
    except Exception as exc:  # kaleido raises several kinds; the user needs one message
        raise ChartRenderError(
            "Klarte ikke å tegne diagrammene som bilder (kaleido med Chromium"
            + (f" i {path}" if path else "")
            + f"): {exc}. Installer Chromium (f.eks. «apt-get install chromium») "
            "eller sett BROWSER_PATH til en Chrome/Chromium."
        ) from exc
    return dict(zip(keys, images, strict=True))
