"""Plausibility of a round (formats.md §6): what a person at the portfolio office would catch by
eye – a red status nobody explains, a colour or a date that got worse without a word, a typo in an
owner's name, a skipped quarter, headers that are not on row 1 – is said in the same report as
every other problem (sheet, row, column, code, a Norwegian sentence)."""

from __future__ import annotations

from openpyxl import Workbook

from model.db import make_engine
from model.settings import get_settings
from tests.helpers import run_cli, snapshot
from tests.importers.builders import PORTFOLIO_HEADERS, measure, portfolio_workbook


def _issues(report: dict, kind: str = "errors") -> list[tuple]:
    return [(i["sheet"], i["row"], i["column"], i["code"]) for i in report[kind]]


def test_a_red_status_without_a_comment_is_refused_and_nothing_is_written(db_url, tmp_path):
    path = portfolio_workbook(
        tmp_path / "k1.xlsx",
        "2025-K1",
        [
            measure("T-0001", "Pasientens legemiddelliste", "Rød", comment=""),
            measure("T-0002", "Kjernejournal", "Rød", comment="Forsinket leveranse fra leverandør"),
            measure("T-0003", "Helsenorge", "Gul", comment=""),
        ],
    )
    engine = make_engine(db_url)
    try:
        before = snapshot(engine)
        result = run_cli(db_url, "import", str(path), "--json")
        assert result.code == 1
        report = result.json()
        assert _issues(report) == [("Tiltak", 2, "Statuskommentar", "comment-required")]
        assert "Samlet status er Rød, men Statuskommentar er tom" in report["errors"][0]["message"]
        assert snapshot(engine) == before
    finally:
        engine.dispose()


def test_a_worse_colour_or_a_later_finish_without_a_comment_is_a_warning(db_url, tmp_path):
    k1 = [
        measure("T-0001", "Legemiddelliste", "Grønn", comment="", finish="2026-K2"),
        measure("T-0002", "Kjernejournal", "Gul", comment="", finish="2026-06-30"),
        measure("T-0003", "Helsenorge", "Grønn", comment="", finish="2026-K2"),
        measure("T-0004", "Prøvesvar", "Gul", comment="", finish="2026-K4"),
    ]
    k2 = [
        measure("T-0001", "Legemiddelliste", "Gul", comment="", finish="2026-K2"),
        measure("T-0002", "Kjernejournal", "Gul", comment="", finish="2026-K4"),
        # Explained: no warning.
        measure("T-0003", "Helsenorge", "Gul", comment="Ny leverandør", finish="2027-K1"),
        # Better and earlier: no warning.
        measure("T-0004", "Prøvesvar", "Grønn", comment="", finish="2026-K3"),
    ]
    assert (
        run_cli(db_url, "import", str(portfolio_workbook(tmp_path / "1.xlsx", "2025-K1", k1))).code
        == 0
    )
    result = run_cli(
        db_url, "import", str(portfolio_workbook(tmp_path / "2.xlsx", "2025-K2", k2)), "--json"
    )
    report = result.json()
    assert result.code == 0 and report["status"] == "loaded"
    assert _issues(report, "warnings") == [
        ("Tiltak", 2, "Statuskommentar", "comment-required"),
        ("Tiltak", 3, "Statuskommentar", "comment-required"),
    ]
    colour, finish = (w["message"] for w in report["warnings"])
    assert "fra Grønn til Gul siden 2025-K1" in colour
    assert "fra 30. juni 2026 til 4. kv. 2026 siden 2025-K1" in finish


def test_a_misspelt_owner_is_a_warning_naming_the_known_owner(sample_url, tmp_path):
    path = portfolio_workbook(
        tmp_path / "k1.xlsx",
        "2026-K1",
        [
            measure("T-0001", "Pasientens legemiddelliste", owner="Helse vest"),
            measure("T-0002", "Kjernejournal", owner="Helse vest"),
            measure("T-0900", "Nytt kommunalt tiltak", owner="Trondheim kommune"),
            measure("T-0003", "Helsenorge", owner="Norsk helsenett SF"),
        ],
    )
    result = run_cli(sample_url, "import", str(path), "--dry-run", "--json")
    report = result.json()
    assert result.code == 0 and report["status"] == "dry-run"
    owners = [w for w in report["warnings"] if w["code"] == "unknown-owner"]
    assert [(w["row"], w["column"], w["value"]) for w in owners] == [
        (2, "Tiltakseier", "Helse vest"),
        (4, "Tiltakseier", "Trondheim kommune"),
    ]
    assert "«Helse vest» (rad 2, 3)" in owners[0]["message"]
    assert "Mente du «Helse Vest RHF»?" in owners[0]["message"]
    assert "Mente du" not in owners[1]["message"]  # a new owner resembles no known one


def test_with_a_configured_owner_list_an_unknown_owner_is_refused(
    sample_url, tmp_path, monkeypatch
):
    monkeypatch.setenv("EHELSE_OWNERS", "Trondheim kommune; Helse Vest RHF")
    get_settings.cache_clear()
    path = portfolio_workbook(
        tmp_path / "k1.xlsx",
        "2026-K1",
        [
            measure("T-0001", "Pasientens legemiddelliste", owner="Helse vest"),
            measure("T-0900", "Nytt kommunalt tiltak", owner="Trondheim kommune"),
        ],
    )
    engine = make_engine(sample_url)
    try:
        before = snapshot(engine)
        result = run_cli(sample_url, "import", str(path), "--json")
        report = result.json()
        assert result.code == 1
        assert _issues(report) == [("Tiltak", 2, "Tiltakseier", "unknown-owner")]
        assert "Mente du «Helse Vest RHF»?" in report["errors"][0]["message"]
        assert "EHELSE_OWNERS" in report["errors"][0]["message"]
        assert snapshot(engine) == before
    finally:
        engine.dispose()


def test_a_round_that_skips_a_quarter_is_a_warning(sample_url, tmp_path):
    path = portfolio_workbook(
        tmp_path / "k2.xlsx", "2026-K2", [measure("T-0001", "Pasientens legemiddelliste")]
    )
    report = run_cli(sample_url, "import", str(path), "--dry-run", "--json").json()
    gaps = [w for w in report["warnings"] if w["code"] == "round-gap"]
    assert [(w["sheet"], w["row"], w["column"], w["value"]) for w in gaps] == [
        ("Om rapporten", 1, "Rapporteringsrunde", "2026-K2")
    ]
    assert "runden 2026-K1 mangler" in gaps[0]["message"]
    assert "2025-K4" in gaps[0]["message"]


def _sheet_with_title_rows(path, title_rows: list[list]) -> None:
    wb = Workbook()
    info = wb.active
    info.title = "Om rapporten"
    info.append(["Rapporteringsrunde", "2025-K1"])
    sheet = wb.create_sheet("Tiltak")
    for row in title_rows:
        sheet.append(row)
    sheet.append(PORTFOLIO_HEADERS)
    sheet.append(measure("T-0001", "Pasientens legemiddelliste"))
    wb.save(path)


def test_headers_on_row_3_are_one_error_that_says_where_they_are(db_url, tmp_path):
    path = tmp_path / "overskrift.xlsx"
    _sheet_with_title_rows(path, [["Statusrapport 2025-K1"], []])
    report = run_cli(db_url, "import", str(path), "--json").json()
    assert report["status"] == "rejected"
    assert _issues(report) == [("Tiltak", 3, None, "header-not-found")]
    message = report["errors"][0]["message"]
    assert "står på rad 3, men skal stå på rad 1" in message and "Slett rad 1–2" in message
    assert not any(e["code"] == "missing-column" for e in report["errors"])


def test_a_sheet_without_any_header_row_says_so_once(db_url, tmp_path):
    for name, header in (
        ("engelsk", ["Measure", "Name", "Owner"]),
        ("status", ["ID", "Name", "Status"]),
    ):
        # «ID» and «Status» are known spellings, but one known word is no header row.
        wb = Workbook()
        info = wb.active
        info.title = "Om rapporten"
        info.append(["Rapporteringsrunde", "2025-K1"])
        sheet = wb.create_sheet("Tiltak")
        sheet.append(header)
        sheet.append(["T-0001", "Pasientens legemiddelliste", "Helse Vest RHF"])
        wb.save(tmp_path / f"{name}.xlsx")
        report = run_cli(db_url, "import", str(tmp_path / f"{name}.xlsx"), "--json").json()
        assert _issues(report) == [("Tiltak", None, None, "header-not-found")], name
        message = report["errors"][0]["message"]
        assert "Fant ingen rad med kolonneoverskrifter" in message
        assert "Rad 1 skal ha overskriftene" in message and "«Tiltak-ID»" in message


def test_a_file_missing_the_owner_and_other_columns_is_refused_not_crashed(sample_url, tmp_path):
    """Row 1 names three columns: the others are missing (one error each); the checks that
    compare with earlier rounds must cope with rows that have no ID or owner."""
    wb = Workbook()
    info = wb.active
    info.title = "Om rapporten"
    info.append(["Rapporteringsrunde", "2026-K1"])
    sheet = wb.create_sheet("Tiltak")
    sheet.append(["Measure", "Tiltak", "Samlet status", "Tilstand"])
    sheet.append(["T-0001", "PLL", "Gul", "Aktiv"])
    wb.save(tmp_path / "status.xlsx")
    result = run_cli(sample_url, "import", str(tmp_path / "status.xlsx"), "--dry-run", "--json")
    assert result.code == 1
    codes = {e["code"] for e in result.json()["errors"]}
    assert codes == {"missing-column"}


def test_the_sample_rounds_import_without_plausibility_errors(shared_sample_url):
    """The sample itself passes: every red status has a comment (the fixture loads every file
    through the importers and fails on any refusal)."""
    status = run_cli(shared_sample_url, "status", "--json").json()
    assert status["round"] == "2025-K4" and status["red"]
