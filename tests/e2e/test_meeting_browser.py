"""Møtemodus in a real browser on projector sizes: keys a clicker sends, the pinned URL, every
slide photographed (test-artifacts/screenshots/motemodus-*.png), an upload during the meeting, and
the meeting pack downloaded from Oversikt."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from pptx import Presentation
from pypdf import PdfReader
from sqlalchemy import select

from model.db import make_engine
from model.tables import AuditEvent
from tests.e2e.conftest import Server, no_exceptions, settle, shot, wait_for_charts
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
    8: ("saksliste", "Saksliste og forslag til vedtak – NUIT-2025-4, 20. november 2025"),
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


def current(page):
    """The slide on screen (the deck holds every slide; one is shown)."""
    return page.locator('.mm-current[class*="st-key-mm_slide_"]')


def at_slide(page, position: int, count: int) -> None:
    page.locator(f".st-key-mm_slide_{position}.mm-current").wait_for(state="visible")
    counter = current(page).locator(".mm-counter")
    assert counter.inner_text() == f"Lysbilde {position} av {count}"
    settle(page)
    no_exceptions(page)
    assert f"lysbilde={position}" in page.url and "oppsett" not in page.url


#: Every element of the slide on screen against the viewport and the footer: (what, box, footer).
LAYOUT = """() => {
    const slide = document.querySelector('.mm-current');
    const footer = slide.querySelector('.mm-footer').getBoundingClientRect();
    const w = window.innerWidth, h = window.innerHeight;
    const problems = [];
    if (footer.bottom > h + 1 || footer.top < h / 2) problems.push(['footer', footer.top, footer.bottom]);
    const parts = slide.querySelectorAll(
        'h1, [data-testid="stMetric"], [data-testid="stTable"], [data-testid="stPlotlyChart"], '
        + '[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li, '
        + '[data-testid="stTabs"], [role="img"]');
    for (const el of parts) {
        if (el.closest('.mm-footer')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || el.closest('[hidden]')) continue;
        if (el.closest('[role="tabpanel"]') && el.closest('[role="tabpanel"]').getBoundingClientRect().height === 0) continue;
        if (r.bottom > footer.top + 1 || r.right > w + 1 || r.left < -1 || r.top < -1)
            problems.push([el.tagName + ' ' + (el.getAttribute('data-testid') || ''),
                           (el.innerText || '').slice(0, 40), Math.round(r.top), Math.round(r.bottom),
                           Math.round(r.right)]);
    }
    return problems;
}"""


def fits_the_screen(page) -> None:
    """Nothing cut off and nothing under the footer: every element of the slide shown lies
    inside the window and above the footer (bounding boxes), and nothing needs scrolling."""
    problems = page.evaluate(LAYOUT)
    assert problems == [], problems
    sizes = page.evaluate(
        """() => { const m = document.querySelector('[data-testid="stMain"]');
                   return [m.scrollWidth, m.clientWidth, m.scrollHeight, m.clientHeight]; }"""
    )
    width, client_w, height, client_h = sizes
    assert width <= client_w + 1 and height <= client_h + 1, sizes


def px(page, selector: str) -> float:
    return (
        current(page)
        .locator(selector)
        .first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    )


def test_the_presenters_path_from_setup_by_keyboard_and_buttons(browser, meeting_server):
    """Forbered møtemodus → Start → every slide forward and back by →/←, Page Down/Up, space
    and the buttons; the address names the slide and never returns to the setup."""
    context, page = projector(browser, 1366, 768)
    try:
        page.goto(meeting_server.url + "/motemodus?oppsett=1&runde=2025-K3")
        page.get_by_role("button", name="Start møtemodus").click()
        at_slide(page, 1, 6)
        for position, key in zip(
            range(2, 7), ("ArrowRight", "PageDown", " ", "ArrowRight", "PageDown"), strict=True
        ):
            page.keyboard.press(key)
            at_slide(page, position, 6)
        page.keyboard.press("ArrowRight")  # past the end: stays on the last slide
        page.wait_for_timeout(300)
        at_slide(page, 6, 6)
        for position, key in zip(
            range(5, 0, -1),
            ("ArrowLeft", "PageUp", "ArrowLeft", "PageUp", "ArrowLeft"),
            strict=True,
        ):
            page.keyboard.press(key)
            at_slide(page, position, 6)
        for position in range(2, 7):
            current(page).get_by_role("button", name="Neste ▶").click()
            at_slide(page, position, 6)
        assert current(page).get_by_role("button", name="Neste ▶").is_disabled()
        current(page).get_by_role("button", name="◀ Forrige").click()
        at_slide(page, 5, 6)
        shared = page.url  # the address is shareable: another browser opens the same slide
        other = context.new_page()
        other.goto(shared)
        at_slide(other, 5, 6)
        assert other.url == shared
    finally:
        context.close()


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (1280, 720)])
def test_every_slide_fits_the_screen(browser, meeting_server, size):
    width, height = size
    context, page = projector(browser, width, height)
    try:
        page.goto(meeting_server.url + "/motemodus?runde=2025-K3&lysbilder=1,2,3,4,5,6,7,8")
        at_slide(page, 1, 8)
        for number, (key, _title) in SLIDES.items():
            if number > 1:
                page.keyboard.press("ArrowRight")
                at_slide(page, number, 8)
            fits_the_screen(page)
            if width == 1366:
                shot(page, f"motemodus-1366x768-{number}-{key}", full=False)
    finally:
        context.close()


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
        assert px(page, "h1") >= 40
        page.keyboard.press("ArrowRight")
        at_slide(page, 2, 7)
        slide = current(page)
        assert slide.get_by_role("heading", name=SLIDES[2][1]).is_visible()
        assert slide.get_by_text("Mine timeavtaler").is_visible()
        assert slide.get_by_text("■ Rød").first.is_visible()  # a word and a shape, not a colour
        assert px(page, '[data-testid="stTable"] td p') >= 20
        page.reload()
        at_slide(page, 2, 7)
        page.keyboard.press("Home")
        at_slide(page, 1, 7)
        for number, (key, title) in list(SLIDES.items())[:7]:
            if number > 1:
                page.keyboard.press("ArrowRight")
                at_slide(page, number, 7)
            slide = current(page)
            assert slide.get_by_role("heading", name=title).is_visible(), title
            # only the slide on screen is visible, to everyone
            assert page.locator("h1:visible").count() == 1
            if number == 4:
                wait_for_charts(page, 1, within=slide)
            if number == 6:  # no indicators in the link: the four worst strategic ones
                wait_for_charts(page, 4, within=slide)
                assert slide.locator('[data-testid="stPlotlyChart"]').count() == 4
            assert "kommer" not in slide.inner_text()
            fits_the_screen(page)
            assert not ENGLISH.search(slide.inner_text())
            if number != 5:  # slide 5 is photographed by the test below
                suffix = "-standard" if number == 6 else ""
                shot(page, f"motemodus-{number}-{key}{suffix}", full=False)
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
        slide = current(page)
        assert slide.get_by_role("heading", name="Måloppnåelse per mål").is_visible()
        assert slide.get_by_text("S2 Enklere arbeidshverdag").first.is_visible()
        assert slide.get_by_text("Metode: Open SDG (fremdriftsmål)", exact=False).first.is_visible()
        # The segments carry icon and count, the legend icon and word: not colour alone.
        bars = slide.locator('[class*="st-key-mm_goalbars__"] [role=img]')
        assert bars.count() == 8
        assert bars.nth(4).get_attribute("aria-label") == "1 god fremgang, 1 tilbakegang"
        assert " ".join(bars.nth(4).inner_text().split()) == "▲ 1 ▼ 1"
        assert px(page, '[class*="st-key-mm_goalbars__"] p') >= 20
        assert px(page, '[class*="st-key-mm_finding_wide__"] p') >= 24
        fits_the_screen(page)
        assert not ENGLISH.search(slide.inner_text())
        shot(page, "motemodus-5-maloppnaelse", full=False)
        slide.get_by_role("tab", name="Tabell").click()
        slide.get_by_text("Snittpoeng (−5 til +5)").wait_for()
        table = slide.locator('[data-testid="stTable"]')
        assert table.get_by_text("▼ Tilbakegang").is_visible()
        fits_the_screen(page)
        shot(page, "motemodus-5-maloppnaelse-tabell", full=False)
        slide.get_by_role("tab", name="Diagram").click()
        page.evaluate("document.activeElement && document.activeElement.blur()")  # off the tabs
        page.keyboard.press("ArrowRight")
        at_slide(page, 2, 2)
        slide = current(page)
        wait_for_charts(page, 2, within=slide)
        assert slide.locator('[data-testid="stPlotlyChart"]').count() == 2
        text = " ".join(slide.inner_text().split())
        assert "S1-01 Andel av befolkningen med digital kontakt med helsetjenesten" in text
        assert "▼ Tilbakegang – Årlig vekst fra 2019 til 2023 er −1,6 %" in text
        legend = slide.locator('[data-testid="stPlotlyChart"] .legendtext').evaluate_all(
            "texts => texts.map(t => t.textContent)"
        )
        assert "Nødvendig bane mot målet" in legend and "Hele landet" in legend
        assert px(page, '[class*="st-key-mm_ihead__"] p') >= 24
        assert px(page, '[class*="st-key-mm_itext__"] p') >= 20
        fits_the_screen(page)
        assert not ENGLISH.search(slide.inner_text())
        shot(page, "motemodus-6-indikatorer", full=False)
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
        assert current(page).get_by_text("Mine timeavtaler").is_visible()
        correction = changed_round(
            tmp_path / "portefolje_2025-K3_rettet.xlsx",
            "2025-K3",
            statuses={"Mine timeavtaler": "Gul", "Kjernejournal": "Rød"},
        )
        assert run_cli(url, "import", str(correction), "--replace").code == 0
        page.reload()
        at_slide(page, 2, 4)
        assert page.url == pinned
        main = current(page)
        assert "Mine timeavtaler" in main.inner_text() and "Kjernejournal" not in main.inner_text()
        assert main.get_by_text("Nyere data er lastet opp", exact=False).is_visible()
        page.keyboard.press("ArrowRight")
        at_slide(page, 3, 4)
        page.keyboard.press("ArrowLeft")
        at_slide(page, 2, 4)
        assert "Kjernejournal" not in current(page).inner_text()
        shot(page, "motemodus-2-etter-opplasting", full=False)
        # A meeting opened now (no pin in the link) shows the corrected data.
        page.goto(srv.url + "/motemodus?runde=2025-K3&lysbilder=1,2&lysbilde=2")
        at_slide(page, 2, 2)
        assert "Kjernejournal" in current(page).inner_text()
    finally:
        context.close()
        srv.stop()


def test_the_meeting_pack_downloads_from_oversikt_in_one_click(browser, meeting_server, tmp_path):
    context, page = projector(browser, 1440, 900)
    try:
        page.goto(meeting_server.url + "/?runde=2025-K3")
        settle(page)
        for label, name in (
            ("PowerPoint (.pptx)", "motepakke_2025-K3.pptx"),
            ("Ett ark (PDF) (.pdf)", "ettark_2025-K3.pdf"),
        ):
            button = page.get_by_role("button", name=label)
            button.wait_for(timeout=120000)
            with page.expect_download(timeout=120000) as info:
                button.click()  # one click: made and downloaded
            path = tmp_path / info.value.suggested_filename
            info.value.save_as(path)
            assert path.name == name
        no_exceptions(page)
        prs = Presentation(str(tmp_path / "motepakke_2025-K3.pptx"))
        text = "\n".join(
            c.text
            for slide in prs.slides
            for shape in slide.shapes
            if shape.has_table
            for row in shape.table.rows
            for c in row.cells
        )
        assert "Mine timeavtaler" in text
        assert len(PdfReader(str(tmp_path / "ettark_2025-K3.pdf")).pages) == 1
        # each download is in the audit log, as a web export
        engine = make_engine(meeting_server.db_url)
        try:
            t = AuditEvent.__table__
            with engine.connect() as conn:
                events = conn.execute(select(t).where(t.c.action == "export")).all()
        finally:
            engine.dispose()
        recorded = {(e.file_name, json.loads(e.details)["via"]) for e in events}
        assert {("motepakke_2025-K3.pptx", "web"), ("ettark_2025-K3.pdf", "web")} <= recorded
        shot(page, "oversikt-motepakke")
    finally:
        context.close()
