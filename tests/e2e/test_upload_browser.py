"""An officer uploads a round through the browser: errors first, then preview, confirm, undo."""

from __future__ import annotations

import re

import pytest

from sample_data import sample_files
from tests.e2e.conftest import Server, goto, no_exceptions, settle, shot
from tests.helpers import run_cli, snapshot
from tests.importers.builders import measure, portfolio_workbook

pytestmark = pytest.mark.e2e

#: The number the next upload gets: the sample's batches come first.
NEXT = len(sample_files()) + 1


@pytest.fixture
def own_server(db_factory, sample_template):
    url = db_factory.clone(sample_template, "upload")
    # As `make run` starts it: local mode, administrator (upload, then undo).
    srv = Server(
        url, name="upload", env={"EHELSE_AUTH_MODE": "local", "EHELSE_LOCAL_ROLE": "administrator"}
    )
    yield srv, url
    srv.stop()


def _upload(page, path) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.wait_for_timeout(500)
    settle(page)


def test_bad_file_shows_row_errors_and_a_good_one_loads_only_after_confirm(
    page, own_server, tmp_path
):
    server, url = own_server
    from model.db import make_engine

    engine = make_engine(url)
    before = snapshot(engine)
    bad = portfolio_workbook(
        tmp_path / "runde_feil.xlsx",
        "2026-K1",
        [
            measure("T-0001", "Pasientens legemiddelliste", "Oransje"),
            measure("T-0001", "Dobbel", "Gul"),
        ],
    )
    goto(page, server, "/last-opp")
    _upload(page, bad)
    no_exceptions(page)
    assert page.get_by_text(re.compile("kan ikke lastes inn: 2 feil")).is_visible()
    # the chosen file's size the Norwegian way («5,1 KB», not Streamlit's «5.1KB»)
    chosen = page.get_by_test_id("stFileUploader").inner_text()
    assert re.search(r"\b\d+,\d\s+KB\b", chosen) and not re.search(r"\d\.\dKB", chosen)
    errors = page.get_by_test_id("stTable").first.inner_text()
    assert "Oransje" in errors and "Samlet status" in errors and "Tiltak-ID" in errors
    shot(page, "last-opp-feil")
    assert snapshot(engine) == before

    good = portfolio_workbook(
        tmp_path / "runde_2026-K1.xlsx",
        "2026-K1",
        [
            measure("T-0001", "Pasientens legemiddelliste", "Gul"),
            measure("T-0999", "Nytt tiltak fra nettleseren", "Grønn"),
        ],
    )
    _upload(page, good)
    assert page.get_by_text("Dette blir endret").is_visible()
    shot(page, "last-opp-forhandsvisning")
    assert snapshot(engine) == before  # nothing written before confirm
    page.get_by_role("button", name="Bekreft og last inn").click()
    settle(page)
    assert page.get_by_text(re.compile(f"er lastet inn som import nummer {NEXT}")).is_visible()
    assert run_cli(url, "status", "--json").json()["round"] == "2026-K1"

    goto(page, server, "/importhistorikk")
    page.get_by_role("button", name="Angre valgt import …").click()
    page.get_by_role("button", name="Ja, angre importen").click()
    settle(page)
    assert page.get_by_text(f"Import {NEXT} er angret.").is_visible()
    shot(page, "importhistorikk-angret")
    assert run_cli(url, "status", "--json").json()["round"] == "2025-K4"
    engine.dispose()
