"""Drawing the charts with a browser that hangs or is missing: the export gives up in bounded
time with one Norwegian sentence, instead of hanging the command line or the page."""

from __future__ import annotations

import time

import plotly.graph_objects as go
import pytest

from dashboard.export import images


def _figure() -> dict[str, go.Figure]:
    return {"a": go.Figure(go.Bar(x=["Grønn"], y=[1]))}


def test_a_drawing_that_never_finishes_is_given_up_and_tried_once_more(monkeypatch):
    """A browser tab that never answers (seen under heavy load): cancelled after the time
    limit, started again once, then one Norwegian sentence."""
    import asyncio

    attempts = []

    async def never(make, opts, path):
        attempts.append(path)
        await asyncio.sleep(3600)

    monkeypatch.setattr(images, "_render", never)
    monkeypatch.setattr(images, "ATTEMPT_SECONDS", 2)
    began = time.monotonic()
    with pytest.raises(images.ChartRenderError) as error:
        images.render_png(_figure())
    assert time.monotonic() - began < 10
    assert len(attempts) == 2
    message = str(error.value)
    assert "nettleseren svarte ikke innen 2 sekunder, heller ikke på nytt" in message
    assert "Klarte ikke å tegne diagrammene som bilder" in message


def test_a_browser_that_will_not_start_is_named_in_norwegian(tmp_path, monkeypatch):
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(broken))
    with pytest.raises(images.ChartRenderError) as error:
        images.render_png(_figure())
    message = str(error.value)
    assert f"nettleseren i {broken} startet ikke eller stoppet" in message
    assert "seemed" not in message


def test_the_real_browser_draws_a_png():
    png = images.render_png(_figure(), width=320, height=180)["a"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(png[16:20], "big") == 320
