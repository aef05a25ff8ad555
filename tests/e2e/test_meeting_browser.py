"""Møtemodus in a real browser on projector sizes: keys a clicker sends, the pinned URL, every
slide photographed (test-artifacts/screenshots/motemodus-*.png), an upload during the meeting, and
the meeting pack downloaded from Oversikt."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from pptx import Presentation

from tests.e2e.conftest import Server, no_exceptions, settle, shot
from tests.export.workbooks import changed_round
from tests.helpers import run_cli

pytestmark = pytest.mark.e2e

SLIDES = {
    1: ("nokkeltall", "Nøkkeltall 2025-K3 – endring siden 2025-K2"),
    2: ("rode", "Tiltak med rød status (1)"),
    3: ("endret", "Fått gul eller rød status siden 2025-K2 (5)"),
    4: ("fargefordeling", "Fargefordeling de siste 8 rundene"),
    5: ("maloppnaelse", "Måloppnåelse per mål"),
    6: ("indikatorer", "Utvalgte indikatorer"),
    7: ("utkast", "Utkast til saksfremlegg"),
}
ENGLISH = re.compile(r"\b(Next|Previous|Slide|seconds|Loading|Running)\b")


@pytest.fixture(scope="module")
def meeting_server(db_factory, sample_template) -> Iterator[Server]:
    """A server of its own: the test below uploads into its database during the meeting."""
    srv = Server(db_factory.clone(sample_template, "meeting"), name="meeting")
    yield srv
    srv.stop()


def projector(browser, width: int = 1920, height: int = 1080):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(60000)  # a cold first page on a busy 2-core machine
    return context, page


def at_slide(page, position: int, count: int) -> None:
    page.get_by_text(f"Lysbilde {position} av {count}", exact=True).wait_for()
    settle(page)
    no_exceptions(page)
    assert f"lysbilde={position}" in page.url


def fits_the_screen(page) -> None:
    """Nothing cut off: the slide needs no scrolling, sideways or down."""
    sizes = page.evaluate(
        """() => { const m = document.querySelector('[data-testid="stMain"]');
                   return [m.scrollWidth, m.clientWidth, m.scrollHeight, m.clientHeight]; }"""
    )
    width, client_w, height, client_h = sizes
    assert width <= client_w + 1 and height <= client_h + 1, sizes


def px(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


def test_keys_step_through_the_pinned_slides_at_1920x1080(browser, meeting_server):
    context, page = projector(browser)
    try:
        page.goto(meeting_server.url + "/motemodus?runde=2025-K3&lysbilder=1,2,3,4,5,6,7")
        at_slide(page, 1, 7)
        # Pinned at opening and written into the URL: a reload shows the same.
        assert re.search(r"[?&]data=\d+", page.url) and "runde=2025-K3" in page.url
        assert "asof=2025-K3" in page.url  # a round's cut-off is the round
        assert not page.get_by_test_id("stSidebar").is_visible()
        assert not page.get_by_test_id("stHeader").is_visible()
        # Large type for the back of the room.
        assert px(page, '[data-testid="stMetricValue"] p') >= 64
        assert px(page, ".st-key-mm_slide h1") >= 40
        page.keyboard.press("ArrowRight")
        at_slide(page, 2, 7)
        assert page.get_by_role("heading", name=SLIDES[2][1]).is_visible()
        assert page.get_by_text("Mine timeavtaler").is_visible()
        assert page.get_by_text("■ Rød").first.is_visible()  # a word and a shape, not a colour
        assert px(page, '[data-testid="stTable"] td p') >= 20
        page.keyboard.press("PageDown")
        at_slide(page, 3, 7)
        page.keyboard.press("ArrowLeft")
        at_slide(page, 2, 7)
        page.keyboard.press("PageUp")
        at_slide(page, 1, 7)
        page.reload()
        at_slide(page, 1, 7)
        for number, (key, title) in SLIDES.items():
            if number > 1:
                page.keyboard.press("ArrowRight")
                at_slide(page, number, 7)
            assert page.get_by_role("heading", name=title).is_visible(), title
            if number == 4:
                assert page.locator('[data-testid="stPlotlyChart"] .main-svg').count() >= 1
            if number == 6:  # no indicators in the link: the four worst strategic ones
                assert page.locator('[data-testid="stPlotlyChart"]').count() == 4
            assert "kommer" not in page.get_by_test_id("stMain").inner_text()
            fits_the_screen(page)
            assert not ENGLISH.search(page.get_by_test_id("stMain").inner_text())
            if number != 5:  # slide 5 is photographed by the test below
                suffix = "-standard" if number == 6 else ""
                shot(page, f"motemodus-{number}-{key}{suffix}", full=False)
        page.keyboard.press("ArrowRight")  # past the end: stays on the last slide
        page.wait_for_timeout(800)
        assert "lysbilde=7" in page.url
    finally:
        context.close()


def test_goal_attainment_and_chosen_indicators_at_1920x1080(browser, meeting_server):
    context, page = projector(browser)
    try:
        page.goto(
            meeting_server.url + "/motemodus?runde=2025-K3&lysbilder=5,6&indikatorer=S1-01,S2-01"
        )
        at_slide(page, 1, 2)
        assert "asof=2025-K3" in page.url and "S2-01" in page.url  # pinned, written back
        main = page.get_by_test_id("stMain")
        assert page.get_by_role("heading", name="Måloppnåelse per mål").is_visible()
        assert page.get_by_text("S2 Enklere arbeidshverdag").first.is_visible()
        assert page.get_by_text("Metode: Open SDG (fremdriftsmål)", exact=False).first.is_visible()
        # The segments carry icon and count, the legend icon and word: not colour alone.
        bars = page.locator(".st-key-mm_goalbars [role=img]")
        assert bars.count() == 8
        assert bars.nth(4).get_attribute("aria-label") == "1 god fremgang, 1 tilbakegang"
        assert " ".join(bars.nth(4).inner_text().split()) == "▲ 1 ▼ 1"
        assert px(page, ".st-key-mm_goalbars p") >= 20
        assert px(page, ".st-key-mm_finding_wide p") >= 24
        fits_the_screen(page)
        assert not ENGLISH.search(main.inner_text())
        shot(page, "motemodus-5-maloppnaelse", full=False)
        page.get_by_role("tab", name="Tabell").click()
        page.get_by_text("Snittpoeng (−5 til +5)").wait_for()
        table = page.locator('[data-testid="stTable"]')
        assert table.get_by_text("▼ Tilbakegang").is_visible()
        fits_the_screen(page)
        shot(page, "motemodus-5-maloppnaelse-tabell", full=False)
        page.get_by_role("tab", name="Diagram").click()
        page.evaluate("document.activeElement && document.activeElement.blur()")  # off the tabs
        page.mouse.move(1900, 500)
        page.keyboard.press("ArrowRight")
        at_slide(page, 2, 2)
        assert page.locator('[data-testid="stPlotlyChart"]').count() == 2
        text = " ".join(main.inner_text().split())
        assert "S1-01 Andel av befolkningen med digital kontakt med helsetjenesten" in text
        assert "▼ Tilbakegang – Årlig vekst fra 2019 til 2023 er −1,6 %" in text
        legend = page.locator('[data-testid="stPlotlyChart"] .legendtext').evaluate_all(
            "texts => texts.map(t => t.textContent)"
        )
        assert "Nødvendig bane mot målet" in legend and "Hele landet" in legend
        assert px(page, '[class*="st-key-mm_ihead"] p') >= 24
        assert px(page, '[class*="st-key-mm_itext"] p') >= 20
        fits_the_screen(page)
        assert not ENGLISH.search(main.inner_text())
        shot(page, "motemodus-6-indikatorer", full=False)
    finally:
        context.close()


def test_the_busiest_slides_fit_at_1280x720(browser, meeting_server):
    context, page = projector(browser, 1280, 720)
    try:
        page.goto(meeting_server.url + "/motemodus?runde=2025-K3&lysbilder=1,3,4&lysbilde=2")
        at_slide(page, 2, 3)
        fits_the_screen(page)
        shot(page, "motemodus-720p-3-endret", full=False)
        page.keyboard.press("ArrowRight")
        at_slide(page, 3, 3)
        fits_the_screen(page)
        shot(page, "motemodus-720p-4-fargefordeling", full=False)
        page.goto(meeting_server.url + "/motemodus?runde=2025-K3&lysbilder=5,6")
        at_slide(page, 1, 2)
        fits_the_screen(page)
        shot(page, "motemodus-720p-5-maloppnaelse", full=False)
        page.keyboard.press("ArrowRight")
        at_slide(page, 2, 2)
        fits_the_screen(page)
        shot(page, "motemodus-720p-6-indikatorer-standard", full=False)
    finally:
        context.close()


def test_an_upload_during_the_meeting_does_not_change_the_pinned_slide(
    browser, db_factory, sample_template, tmp_path
):
    url = db_factory.clone(sample_template, "upload-meeting")
    srv = Server(url, name="meeting-upload")
    context, page = projector(browser)
    try:
        page.goto(srv.url + "/motemodus?runde=2025-K3&lysbilder=1,2,3,4&lysbilde=2")
        at_slide(page, 2, 4)
        pinned = page.url
        assert page.get_by_text("Mine timeavtaler").is_visible()
        correction = changed_round(
            tmp_path / "portefolje_2025-K3_rettet.xlsx",
            "2025-K3",
            statuses={"Mine timeavtaler": "Gul", "Kjernejournal": "Rød"},
        )
        assert run_cli(url, "import", str(correction)).code == 0
        page.reload()
        at_slide(page, 2, 4)
        assert page.url == pinned
        main = page.get_by_test_id("stMain")
        assert "Mine timeavtaler" in main.inner_text() and "Kjernejournal" not in main.inner_text()
        assert page.get_by_text("Nyere data er lastet opp", exact=False).is_visible()
        page.keyboard.press("ArrowRight")
        at_slide(page, 3, 4)
        page.keyboard.press("ArrowLeft")
        at_slide(page, 2, 4)
        assert "Kjernejournal" not in main.inner_text()
        shot(page, "motemodus-2-etter-opplasting", full=False)
        # A meeting opened now (no pin in the link) shows the corrected data.
        page.goto(srv.url + "/motemodus?runde=2025-K3&lysbilder=1,2&lysbilde=2")
        at_slide(page, 2, 2)
        assert "Kjernejournal" in page.get_by_test_id("stMain").inner_text()
    finally:
        context.close()
        srv.stop()


def test_the_meeting_pack_downloads_from_oversikt(browser, meeting_server, tmp_path):
    context, page = projector(browser, 1440, 900)
    try:
        page.goto(meeting_server.url + "/?runde=2025-K3")
        settle(page)
        make = page.get_by_role("button", name="Lag PowerPoint (.pptx)")
        make.wait_for(timeout=120000)
        make.click()
        download_button = page.get_by_role(
            "button", name=re.compile(r"Last ned motepakke_2025-K3\.pptx")
        )
        download_button.wait_for(timeout=120000)
        no_exceptions(page)
        with page.expect_download() as info:
            download_button.click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        assert path.name == "motepakke_2025-K3.pptx"
        prs = Presentation(str(path))
        text = "\n".join(
            c.text
            for slide in prs.slides
            for shape in slide.shapes
            if shape.has_table
            for row in shape.table.rows
            for c in row.cells
        )
        assert "Mine timeavtaler" in text
        shot(page, "oversikt-motepakke")
    finally:
        context.close()
