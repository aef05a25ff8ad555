"""`ehelse export`: exit codes, the default round, the printed file and size, the audit event."""

from __future__ import annotations

import json

from openpyxl import load_workbook
from sqlalchemy import select

from model.db import make_engine
from model.tables import AuditEvent
from tests.helpers import run_cli


def export_events(url: str) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            t = AuditEvent.__table__
            return conn.execute(select(t).where(t.c.action == "export").order_by(t.c.id)).all()
    finally:
        engine.dispose()


def test_export_writes_the_file_prints_it_and_records_who(sample_url, tmp_path):
    out = tmp_path / "pakke.xlsx"
    result = run_cli(
        sample_url,
        "export",
        "--round",
        "2025-K3",
        "--format",
        "xlsx",
        "-o",
        str(out),
        "--user",
        "kari",
    )
    assert result.code == 0, result.stderr
    assert out.exists() and out.stat().st_size > 5000
    assert str(out) in result.stdout and "kB" in result.stdout and "2025-K3" in result.stdout
    events = export_events(sample_url)
    assert len(events) == 1
    event = events[0]
    details = json.loads(event.details)
    assert (event.user, event.file_name, event.outcome) == ("kari", "pakke.xlsx", "ok")
    assert details["round"] == "2025-K3" and details["format"] == "xlsx"
    assert details["bytes"] == out.stat().st_size and details["via"] == "cli"


def test_export_defaults_to_the_latest_round(sample_url, tmp_path):
    out = tmp_path / "siste.xlsx"
    result = run_cli(sample_url, "export", "--format", "xlsx", "-o", str(out))
    assert result.code == 0, result.stderr
    assert "2025-K4" in result.stdout
    summary = {
        r[0].value: r[1].value for r in load_workbook(out)["Sammendrag"].iter_rows(min_row=2)
    }
    assert summary["Rapporteringsrunde"] == "2025-K4"


def test_unknown_round_is_a_usage_error_in_norwegian_and_writes_nothing(sample_url, tmp_path):
    out = tmp_path / "x.pptx"
    result = run_cli(sample_url, "export", "--round", "2031-K1", "--format", "pptx", "-o", str(out))
    assert result.code == 2
    assert "Runden 2031-K1 finnes ikke" in result.stderr and "2025-K3" in result.stderr
    assert not out.exists()
    assert export_events(sample_url) == []


def test_bad_round_missing_folder_and_bad_format_are_usage_errors(sample_url, tmp_path):
    bad = run_cli(
        sample_url, "export", "--round", "2025-Q3", "--format", "pdf", "-o", str(tmp_path / "a.pdf")
    )
    assert bad.code == 2 and "Feil bruk" in bad.stderr
    nowhere = run_cli(
        sample_url, "export", "--format", "xlsx", "-o", str(tmp_path / "finnes" / "ikke.xlsx")
    )
    assert nowhere.code == 2 and "finnes ikke" in nowhere.stderr
    wrong = run_cli(sample_url, "export", "--format", "docx", "-o", str(tmp_path / "a.docx"))
    assert wrong.code == 2 and "ugyldig valg" in wrong.stderr
    assert export_events(sample_url) == []


def test_empty_database_says_how_to_get_data(db_url, tmp_path):
    result = run_cli(db_url, "export", "--format", "xlsx", "-o", str(tmp_path / "a.xlsx"))
    assert result.code == 2 and "ingen rapporteringsrunder" in result.stderr


def test_export_takes_the_edited_proposal_from_a_text_file(sample_url, tmp_path):
    """`--forslag FIL`: the secretariat's text goes into the meeting's saksliste; an empty or
    unreadable file is a usage error that writes nothing."""
    proposal = tmp_path / "forslag.txt"
    proposal.write_text("NUIT tar statusrapporten til orientering – rettet.\n", encoding="utf-8")
    out = tmp_path / "pakke.xlsx"
    args = ("export", "--round", "2025-K3", "--format", "xlsx", "-o", str(out))
    result = run_cli(sample_url, *args, "--forslag", str(proposal))
    assert result.code == 0, result.stderr
    rows = {r[0].value: r for r in load_workbook(out)["Saksliste"].iter_rows(min_row=2)}
    assert rows["41/25"][3].value == "NUIT tar statusrapporten til orientering – rettet."
    out.unlink()
    empty = tmp_path / "tom.txt"
    empty.write_text("  \n", encoding="utf-8")
    for bad, words in ((empty, "er tom"), (tmp_path / "finnes-ikke.txt", "kunne ikke lese")):
        result = run_cli(sample_url, *args, "--forslag", str(bad))
        assert result.code == 2 and words in result.stderr, result.stderr
        assert not out.exists()
