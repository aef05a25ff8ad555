"""Drawing the charts with a browser that hangs or is missing: the export gives up in bounded
time with one Norwegian sentence, instead of hanging the command line or the page."""

from __future__ import annotations

import os
import time
from pathlib import Path

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

    async def never(session):
        attempts.append(session.path)
        await asyncio.sleep(3600)

    monkeypatch.setattr(images.Drawing, "_session", never)
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


def _descendants() -> list[str]:
    """Command names of this process's live descendants (the browser kaleido starts)."""
    parents: dict[str, tuple[str, str]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :]
        state, parent = rest.split()[:2]
        if state != "Z":
            parents[stat.parent.name] = (parent, name)
    found, mine = [], {str(os.getpid())}
    while True:
        more = {pid for pid, (parent, _) in parents.items() if parent in mine} - mine
        if not more:
            return sorted(found)
        found += [parents[pid][1] for pid in more]
        mine |= more


def test_a_browser_started_ahead_and_not_needed_is_closed():
    """The export starts the browser before it reads the round; when the round turns out not to
    exist, the browser must not be left running."""
    before = _descendants()
    drawing = images.start_drawing()
    deadline = time.monotonic() + 60
    while not any("chrom" in name for name in _descendants()):
        assert time.monotonic() < deadline, "the browser did not start"
        time.sleep(0.1)
    drawing.close()
    assert _descendants() == before


def test_a_browser_started_ahead_draws_what_it_is_handed_later():
    with images.start_drawing() as drawing:
        time.sleep(0.5)  # the caller reads its data meanwhile
        png = drawing.render(_figure, width=320, height=180)["a"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_charts_drawn_one_after_another_in_one_tab_do_not_bleed_into_each_other():
    """kaleido's page is not reloaded between drawings: each picture is still only its own
    chart (the same chart drawn first and last gives the same bytes)."""
    figures = {
        "rød": go.Figure(go.Bar(x=["Rød"], y=[3], marker_color="#b00020")),
        "linje": go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2])),
        "rød igjen": go.Figure(go.Bar(x=["Rød"], y=[3], marker_color="#b00020")),
    }
    pngs = images.render_png(figures, width=320, height=180)
    assert pngs["rød"] == pngs["rød igjen"]
    assert pngs["rød"] != pngs["linje"]
