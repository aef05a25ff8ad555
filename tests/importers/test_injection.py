"""Text from a file never turns into something else on its way out (issue 21, item 6): not into
a formula in a spreadsheet (CSV and Excel exports share one guard, model.safe_text), not into a
control sequence on a terminal (`ehelse status`, the import error table, `ehelse history`)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from model import safe_text
from tests.helpers import run_cli
from tests.importers.builders import measure, portfolio_workbook

FORMULAS = ['=HYPERLINK("http://evil.example";"klikk")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"]
ESC = "\x1b"
#: A clear-screen and a fake summary line; C1 CSI (U+009B), which XML allows; a right-to-left
#: override that makes «Rød» read backwards.
NASTY = [
    f"Journal{ESC}[2J{ESC}[1;1HResultat: Lastet inn",
    "Journal\x9b2J\x9b1;1H",
    "Status \u202edøR",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_one_guard_for_every_spreadsheet_export(text):
    assert safe_text.spreadsheet_text(text) == "'" + text
    data = safe_text.csv_bytes(["Tiltak", "Antall"], [[text, 3]]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(data), delimiter=";")) == [
        ["Tiltak", "Antall"],
        ["'" + text, "3"],
    ]
    assert safe_text.spreadsheet_text("Mine timeavtaler") == "Mine timeavtaler"
    assert safe_text.spreadsheet_text(-2) == -2  # numbers stay numbers


def test_the_exports_use_the_shared_guard():
    """The audit log's CSV and the meeting pack's Excel writer have no guard of their own."""
    from dashboard.export import xlsx_writer
    from model import audit_log

    assert not hasattr(xlsx_writer, "DANGEROUS_START")
    assert not hasattr(audit_log, "_FORMULA_START")
    assert xlsx_writer.formula_like is safe_text.formula_like


def test_the_error_list_download_keeps_formulas_as_text(db_url, tmp_path):
    """«Last ned feillisten (CSV)» on Last opp: the offending values are written as text."""
    from dashboard.views.last_opp import _issues_table
    from importers.service import import_file
    from model.access import cli_actor
    from model.db import make_engine

    path = portfolio_workbook(
        tmp_path / "formler.xlsx",
        "2026-K1",
        [measure(f"T-000{i}", "Navn", text) for i, text in enumerate(FORMULAS, start=1)],
    )
    wb = load_workbook(path)
    for row in wb["Tiltak"].iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type, cell.quotePrefix = "s", True  # text that only looks like one
    wb.save(path)
    engine = make_engine(db_url)
    try:
        result = import_file(engine, path, actor=cli_actor(), dry_run=True)
    finally:
        engine.dispose()
    errors = _issues_table(result.report.errors)
    rows = list(
        csv.DictReader(io.StringIO(safe_text.frame_csv(errors).decode("utf-8-sig")), delimiter=";")
    )
    assert [r["Verdi"] for r in rows] == ["'" + t for t in FORMULAS]
    assert all(r["Melding"].startswith("'") or not r["Melding"].startswith("=") for r in rows)


def test_terminal_text_shows_control_characters_instead_of_obeying_them():
    shown = safe_text.terminal(NASTY[0] + "\n" + NASTY[1] + NASTY[2] + " æøå 12\u00a0345")
    assert ESC not in shown and "\x9b" not in shown and "\u202e" not in shown and "\n" not in shown
    assert "Journal\\x1b[2J\\x1b[1;1HResultat: Lastet inn\\nJournal\\x9b2J" in shown
    assert "Status \\u202edøR æøå 12\u00a0345" in shown


def _csv_round(path, round_code: str, names: list[str], status: str = "Rød"):
    """A portfolio round as CSV (a CSV can carry any character, the escape character too)."""
    header = ["Tiltak-ID", "Tiltak", "Tiltakseier", "Fase", "Tilstand", "Samlet status"]
    header.append("Statuskommentar")
    rows = [
        [f"T-{i:04d}", name, f"Eier {name}", "Gjennomføring", "Aktiv", status, f"Fordi {name}"]
        for i, name in enumerate(names, start=1)
    ]
    path.write_bytes(safe_text.csv_bytes(header, rows))
    return path


def test_ehelse_status_prints_names_with_their_control_characters_escaped(db_url, tmp_path):
    path = _csv_round(tmp_path / "k1.csv", "2025-K1", NASTY)
    loaded = run_cli(db_url, "import", str(path), "--round", "2025-K1")
    assert loaded.code == 0, loaded.stdout + loaded.stderr
    result = run_cli(db_url, "status")
    assert result.code == 0
    for raw in (ESC, "\x9b", "\u202e"):
        assert raw not in result.stdout
    assert "«Journal\\x1b[2J\\x1b[1;1HResultat: Lastet inn» (Eier Journal\\x1b[2J" in result.stdout
    assert "Status \\u202edøR" in result.stdout
    assert result.stdout.count("\n") == 1  # one paragraph, one line
    # JSON keeps the data exactly, with every control escaped by JSON itself.
    data = run_cli(db_url, "status", "--json")
    assert "\x9b" not in data.stdout and "\u202e" not in data.stdout
    assert data.json()["red"] == ["T-0001", "T-0002", "T-0003"]
    history = run_cli(db_url, "history")
    assert ESC not in history.stdout


def test_the_import_error_table_escapes_what_the_file_says(db_url, tmp_path):
    path = _csv_round(tmp_path / "feil.csv", "2025-K1", NASTY, status=f"Oransje{ESC}[31m")
    result = run_cli(db_url, "import", str(path), "--round", "2025-K1")
    assert result.code == 1
    assert ESC not in result.stdout and "\u202e" not in result.stdout
    assert "«Oransje\\x1b[31m» er ikke en gyldig status" in result.stdout
    # Each problem is still one line of the table.
    table = [line for line in result.stdout.splitlines() if "Samlet status" in line]
    assert len(table) == 3
