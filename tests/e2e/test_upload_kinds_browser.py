"""Both workbook kinds through the web page, into an empty and into a filled database: the
preview shows (the indicator preview crashed on a database with indicators, with a traceback
and server paths), the load says in Norwegian what happened, and nothing English, no traceback
and no server path reaches the page. Also: the same round again previews as «Uendret», a
comment correction as «1 endret kommentar», and a red status without a comment is refused with
its row."""

from __future__ import annotations

import re
import shutil

import pytest
from openpyxl import load_workbook

from sample_data import WORKBOOK_DIR
from tests.e2e.axe import axe_results, describe, serious, undecided_contrast
from tests.e2e.conftest import Server, goto, no_exceptions, settle, shot
from tests.e2e.sweep import english
from tests.export.workbooks import new_indicator_set
from tests.helpers import run_cli

pytestmark = pytest.mark.e2e

ADMIN = {"EHELSE_AUTH_MODE": "local", "EHELSE_LOCAL_ROLE": "administrator"}
#: What must never reach a reader: a traceback, a Python exception, a path on the server.
LEAKS = re.compile(r"Traceback|TypeError|Error:|site-packages|/work/|/tmp/|\.py\b|File \"")


def _upload(page, path) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.wait_for_timeout(500)
    settle(page)


def _main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text()


def _clean(page) -> None:
    no_exceptions(page)
    text = _main_text(page)
    assert not LEAKS.search(text), LEAKS.search(text)
    assert english(page) == []


def _preview_and_load(page, path, expect: str) -> str:
    _upload(page, path)
    _clean(page)
    text = _main_text(page)
    assert "Dette blir endret" in text, text[-1500:]
    assert re.search(expect, text), text[-1500:]
    preview = text
    page.get_by_role("button", name="Bekreft og last inn").click()
    settle(page)
    _clean(page)
    assert page.get_by_text(re.compile(r"er lastet inn som import nummer \d+")).is_visible()
    return preview


def _comment_changed(target):
    shutil.copyfile(WORKBOOK_DIR / "portefolje_2025-K4.xlsx", target)
    wb = load_workbook(target)
    sheet = wb["Tiltak"]
    col = {c.value: i for i, c in enumerate(sheet[1])}
    sheet.cell(2, col["Statuskommentar"] + 1).value = "Rettet kommentar."
    wb.save(target)
    return target


def _new_round(target):
    """2026-K1 from 2025-K4: one colour worse (explained), one completed, one left out."""
    shutil.copyfile(WORKBOOK_DIR / "portefolje_2025-K4.xlsx", target)
    wb = load_workbook(target)
    wb["Om rapporten"]["B1"] = "2026-K1"
    sheet = wb["Tiltak"]
    col = {c.value: i + 1 for i, c in enumerate(sheet[1])}
    sheet.cell(2, col["Samlet status"]).value = "Rød"
    sheet.cell(2, col["Statuskommentar"]).value = "Leverandøren er forsinket."
    sheet.cell(3, col["Tilstand"]).value = "Ferdigstilt"
    sheet.delete_rows(5)
    wb.save(target)
    return target


@pytest.fixture(params=["tom", "eksempel"])
def database(request, db_factory, migrated_template, sample_template):
    template = sample_template if request.param == "eksempel" else migrated_template
    url = db_factory.clone(template, f"opplasting-{request.param}")
    srv = Server(url, name=f"opplasting-{request.param}", env=ADMIN)
    yield request.param, srv, url
    srv.stop()


def test_both_workbook_kinds_preview_and_load_through_the_page(page, database, tmp_path):
    kind, server, url = database
    goto(page, server, "/last-opp")
    _clean(page)
    assert page.get_by_text("Velg fil (høyst 25 MB)").is_visible()
    if kind == "tom":
        indicators = WORKBOOK_DIR / "indikatorer_v0.7.xlsx"
        _preview_and_load(page, indicators, r"Nye indikatorer\s+\d+")
        portfolio = WORKBOOK_DIR / "portefolje_2025-K4.xlsx"
        _preview_and_load(page, portfolio, r"første runde i databasen")
        shot(page, "last-opp-tom-database-lastet")
        assert run_cli(url, "status", "--json").json()["round"] == "2025-K4"
        return
    # The sample's own v0.8 (already loaded) previews without a crash: nothing new.
    _upload(page, WORKBOOK_DIR / "indikatorer_v0.8.xlsx")
    _clean(page)
    assert re.search(r"Endrede verdier\s+0", _main_text(page))
    _preview_and_load(
        page, new_indicator_set(tmp_path / "indikatorer_v0.9.xlsx"), r"Endrede verdier\s+1"
    )
    # The same round again: unchanged, not «will be replaced».
    _upload(page, shutil.copyfile(WORKBOOK_DIR / "portefolje_2025-K4.xlsx", tmp_path / "k4.xlsx"))
    _clean(page)
    text = _main_text(page)
    assert "Uendret." in text and "erstatt" not in text
    # A correction of one comment: exactly that.
    preview = _preview_and_load(
        page, _comment_changed(tmp_path / "k4_rettet.xlsx"), r"1 endret kommentar\."
    )
    assert "Endret statuskommentar" in preview and "Rettet kommentar." in preview
    # The diff of a new round, every kind of change: readable by a screen reader (axe).
    _upload(page, _new_round(tmp_path / "2026-K1.xlsx"))
    _clean(page)
    text = _main_text(page)
    for heading in (
        "Endret farge (Samlet status)",
        "Endret tilstand",
        "Nylig ferdigstilt",
        "Ikke med i filen",
    ):
        assert heading in text, heading
    results = axe_results(page)
    violations = serious(results["violations"]) + undecided_contrast(page, results)
    assert not violations, describe(violations)
    shot(page, "last-opp-diff")
    status = run_cli(url, "status", "--json").json()
    assert status["round"] == "2025-K4"
