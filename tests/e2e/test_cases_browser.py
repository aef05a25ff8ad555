"""The councils' cases in a real browser: a council member finds what the council decided about a
measure, opens the case and the meeting's agenda; an editor records a decision; the public
indicator dashboard shows none of it. Every access mode sees what its role allows."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import Server, goto, nav_links, no_exceptions, settle, shot
from tests.helpers import run_cli

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def editor_server(db_factory, sample_template) -> Iterator[tuple[Server, str]]:
    """Local mode as an editor (redaktør), on a sample database of its own (it writes)."""
    url = db_factory.clone(sample_template, "e2ecases")
    srv = Server(url, env={"EHELSE_AUTH_MODE": "local"}, name="cases-editor")
    yield srv, url
    srv.stop()


@pytest.fixture(scope="module")
def public_server(e2e_db_url) -> Iterator[Server]:
    srv = Server(e2e_db_url, env={"EHELSE_PUBLIC_MODE": "true"}, name="cases-public")
    yield srv
    srv.stop()


def test_a_measure_page_shows_the_decisions_and_leads_to_the_case_and_the_agenda(page, server):
    goto(page, server, "/tiltak?id=T-0057")
    no_exceptions(page)
    main = page.get_by_test_id("stMain")
    section = page.get_by_role("heading", name="Saker i rådene")
    section.scroll_into_view_if_needed()
    assert section.is_visible()
    text = main.inner_text()
    assert "NUIT sak 41/25 · 20. november 2025 · Drøfting" in text
    assert "NUIT ber Norsk helsenett SF komme tilbake med en plan" in text
    assert "◆ Oppfølging ventes: vedtaket ba om oppfølging innen 2025-K4" in text
    shot(page, "saker-tiltak-mine-timeavtaler")

    page.get_by_role("link", name="Åpne NUIT sak 41/25").click()
    settle(page)
    no_exceptions(page)
    assert re.search(r"/sak\?forum=NUIT&nr=41(%2F|/)25", page.url), page.url
    assert page.get_by_role("heading", name="Status nasjonal e-helseportefølje").is_visible()
    assert page.get_by_role(
        "link", name=re.compile(r"T-0057 · Mine timeavtaler — ▲ Gul")
    ).is_visible()
    shot(page, "saker-sak-nuit-41-25")

    page.get_by_role("link", name="Hele sakslisten for møtet NUIT-2025-4").click()
    settle(page)
    no_exceptions(page)
    assert page.get_by_role("heading", name="Møte i NUIT 20. november 2025").is_visible()
    agenda = page.get_by_test_id("stTable").first
    assert "41/25" in agenda.inner_text() and "Godkjenning" in agenda.inner_text()
    shot(page, "saker-moter-nuit-2025-4")


def test_the_meetings_page_picks_a_meeting_by_forum_and_shows_its_agenda(page, server):
    goto(page, server, "/moter")
    no_exceptions(page)
    assert page.get_by_role(
        "heading", name="Møte i Nasjonalt e-helseråd 11. desember 2025"
    ).is_visible()
    page.get_by_role("radio", name="NUIT").or_(
        page.get_by_role("button", name="NUIT", exact=True)
    ).first.click()
    settle(page)
    assert "forum=NUIT" in page.url
    page.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="NUIT 11. september 2025 (NUIT-2025-3)").click()
    settle(page)
    no_exceptions(page)
    assert "mote=NUIT-2025-3" in page.url
    agenda = page.get_by_test_id("stTable").first.inner_text()
    assert "Kvalitetsprosjekt for uønskede hendelser" in agenda
    assert "NUIT ber FHI ta med seg innspill" in agenda
    shot(page, "saker-moter-nuit-2025-3")


def test_a_reader_sees_the_pages_but_not_the_editing(page, server):
    goto(page, server, "/")
    links = nav_links(page)
    assert {"Møter", "Sak"} <= set(links) and "Registrer sak" not in links
    goto(page, server, "/registrer-sak")
    assert page.get_by_text(re.compile("Du har ikke tilgang til denne siden")).is_visible()
    assert page.get_by_role("button", name="Lagre vedtaket").count() == 0


def test_an_editor_records_a_decision_in_the_browser(page, editor_server):
    server, url = editor_server
    goto(page, server, "/")
    assert "Registrer sak" in nav_links(page)
    goto(page, server, "/sak?forum=Nasjonalt+e-helser%C3%A5d&nr=14/25")
    page.get_by_role("link", name="Registrer vedtak eller rediger saken").click()
    settle(page)
    no_exceptions(page)
    box = page.get_by_role("textbox", name="Vedtak", exact=True)
    box.fill("Nasjonalt e-helseråd tok statusrapporten for 2025-K4 til orientering.")
    page.get_by_role("textbox", name="Vedtaket ber om oppfølging innen (valgfritt)").fill("2026-K1")
    page.get_by_role("button", name="Lagre vedtaket").click()
    settle(page)
    no_exceptions(page)
    assert page.get_by_text(re.compile(r"Lagret som import nummer \d+: Vedtak i sak")).is_visible()
    shot(page, "saker-registrer-vedtak")
    page.get_by_role("link", name="Åpne saken").click()
    settle(page)
    assert page.get_by_text(
        "Nasjonalt e-helseråd tok statusrapporten for 2025-K4"
    ).first.is_visible()
    case = [
        c
        for c in run_cli(url, "cases", "--json").json()["cases"]
        if c["forum"] == "Nasjonalt e-helseråd" and c["number"] == "14/25"
    ][0]
    assert case["decision"].startswith("Nasjonalt e-helseråd tok statusrapporten")
    assert case["follow_up_by"] == "2026-K1"
    batches = run_cli(url, "history", "--json").json()["batches"]
    assert batches[-1]["kind"] == "cases" and batches[-1]["user"].endswith("(lokal modus)")


def test_the_public_dashboard_shows_no_cases(page, public_server):
    goto(page, public_server, "/")
    assert not {"Møter", "Sak", "Registrer sak"} & set(nav_links(page))
    for path in ("/moter", "/sak?forum=NUIT&nr=41/25"):
        goto(page, public_server, path)
        main = page.get_by_test_id("stMain").inner_text()
        assert "ikke en del av den offentlige visningen" in main
        assert "41/25" not in main and "Mine timeavtaler" not in main
    goto(page, public_server, "/indikator?id=S2-05")
    no_exceptions(page)
    main = page.get_by_test_id("stMain").inner_text()
    assert "Saker i rådene" not in main and "13/25" not in main
    shot(page, "saker-offentlig-indikator-uten-saker")


def test_the_secretariat_edits_the_drafted_proposal_and_the_pack_carries_it(page, server, tmp_path):
    """On Oversikt the portfolio-status case's forslag til vedtak is drafted from the round's
    data; edited in the box, the downloaded meeting pack carries the edited text in the
    meeting's saksliste."""
    from openpyxl import load_workbook

    goto(page, server, "/?runde=2025-K3")
    box = page.get_by_role("textbox", name="Forslag til vedtak i statussaken")
    box.scroll_into_view_if_needed()
    draft = box.input_value()
    assert draft.startswith("NUIT tar statusrapporten for nasjonal e-helseportefølje 2025-K3")
    assert "«Mine timeavtaler» (T-0057, Norsk helsenett SF)" in draft
    main = page.get_by_test_id("stMain").inner_text()
    assert "Til sak 41/25 i NUIT-2025-4, 20. november 2025" in main
    edited = "NUIT tar statusrapporten til orientering og ber om en plan for Mine timeavtaler."
    box.fill(edited)
    # Streamlit's hint under the box being edited, in Norwegian.
    hint = page.get_by_test_id("InputInstructions")
    hint.wait_for()
    assert hint.inner_text().startswith("Trykk Ctrl+Enter for å bruke teksten")
    box.press("Control+Enter")
    settle(page)
    shot(page, "oversikt-forslag-til-vedtak")
    with page.expect_download(timeout=120000) as info:
        page.get_by_role("button", name=re.compile(r"Excel \(\.xlsx\)")).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    no_exceptions(page)
    rows = [[c.value for c in r] for r in load_workbook(path)["Saksliste"].iter_rows(min_row=2)]
    assert [r[0] for r in rows] == ["33/25", "39/25", "40/25", "41/25"]
    assert rows[3][3] == edited
