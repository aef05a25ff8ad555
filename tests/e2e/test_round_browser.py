"""The reporting cycle in the browser: the tracker of an open round, one owner's prefilled
workbook downloaded, filled in and uploaded through the web page, and a whole round replaced
only after a confirmation that names what disappears."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import Server, goto, no_exceptions, settle, shot
from tests.helpers import run_cli, snapshot
from tests.importers.builders import measure, portfolio_workbook

pytestmark = pytest.mark.e2e


@pytest.fixture
def round_server(db_factory, sample_template):
    url = db_factory.clone(sample_template, "runde")
    opened = run_cli(
        url, "round", "open", "2026-K1", "--from", "2025-K4", "--deadline", "2026-03-13"
    )
    assert opened.code == 0, opened.stderr
    srv = Server(
        url, name="runde", env={"EHELSE_AUTH_MODE": "local", "EHELSE_LOCAL_ROLE": "administrator"}
    )
    yield srv, url
    srv.stop()


def _upload(page, path) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.wait_for_timeout(500)
    settle(page)


def test_an_owner_submits_through_the_web_page(page, round_server, tmp_path):
    server, url = round_server
    goto(page, server, "/innrapportering")
    no_exceptions(page)
    table = page.get_by_test_id("stTable").first.inner_text()
    assert "Bergen kommune" in table and "Mangler" in table
    assert "Bergen kommune" in page.get_by_test_id("stCode").first.inner_text()
    shot(page, "innrapportering-apen-runde")

    # Bergen kommune's prefilled workbook, downloaded from the page.
    with page.expect_download() as download:
        page.get_by_role("button", name="Last ned arbeidsboken for Bergen kommune").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "portefolje_2026-K1_Bergen_kommune.xlsx"
    wb = load_workbook(path)
    assert wb["Om rapporten"]["B3"].value == "Bergen kommune"
    ws = wb["Tiltak"]
    ws["H2"].value = "Rød"  # Samlet status
    ws["N2"].value = "Leverandøren har trukket seg."  # Statuskommentar
    wb.save(path)

    goto(page, server, "/last-opp")
    _upload(page, path)
    no_exceptions(page)
    assert page.get_by_text(
        "Dette er innrapporteringen fra Bergen kommune til runden 2026-K1"
    ).is_visible()
    shot(page, "last-opp-innrapportering")
    page.get_by_role("button", name="Bekreft og last inn").click()
    settle(page)
    assert page.get_by_text(re.compile("er lastet inn som import nummer")).is_visible()
    status = run_cli(url, "status", "--round", "2026-K1", "--json").json()
    assert status["state"] == "open" and status["red"] and status["active"] >= 1

    goto(page, server, "/innrapportering")
    row = page.get_by_test_id("stTable").first.locator("tr", has_text="Bergen kommune")
    assert "✓ Levert" in row.inner_text()
    shot(page, "innrapportering-en-levert")

    # A wrong submission is undone from the history, which names whose it was.
    goto(page, server, "/importhistorikk")
    page.get_by_role("button", name="Angre valgt import …").click()
    dialog = page.get_by_role("dialog")
    assert "innrapporteringen fra Bergen kommune" in dialog.inner_text()
    shot(page, "importhistorikk-angre-innrapportering")
    page.get_by_role("button", name="Ja, angre importen").click()
    settle(page)
    assert page.get_by_text(re.compile(r"Import \d+ er angret\.")).is_visible()
    goto(page, server, "/innrapportering")
    row = page.get_by_test_id("stTable").first.locator("tr", has_text="Bergen kommune")
    assert "Mangler" in row.inner_text()


def test_a_whole_round_is_replaced_only_after_naming_what_disappears(page, round_server, tmp_path):
    server, url = round_server
    from model.db import make_engine

    engine = make_engine(url)
    before = snapshot(engine)
    whole = portfolio_workbook(
        tmp_path / "portefolje_2025-K4_ny.xlsx",
        "2025-K4",
        [measure("T-0001", "Pasientens legemiddelliste", "Gul")],
    )
    goto(page, server, "/last-opp")
    _upload(page, whole)
    no_exceptions(page)
    assert page.get_by_text(re.compile("Runden 2025-K4 er allerede lastet inn")).first.is_visible()
    shot(page, "last-opp-runden-finnes")
    assert snapshot(engine) == before
    page.get_by_text("Ja, erstatt hele runden 2025-K4").click()
    settle(page)
    warning = page.get_by_text(re.compile("forsvinner fra runden")).first
    assert warning.is_visible() and "T-0002" in warning.inner_text()
    shot(page, "last-opp-erstatt-runden")
    assert snapshot(engine) == before  # nothing written before confirm
    page.get_by_role("button", name="Bekreft og last inn").click()
    settle(page)
    assert page.get_by_text(re.compile("er lastet inn som import nummer")).is_visible()
    assert run_cli(url, "status", "--round", "2025-K4", "--json").json()["active"] == 1
    engine.dispose()
