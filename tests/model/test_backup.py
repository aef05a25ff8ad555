"""Backups round-trip on the configured database (SQLite and PostgreSQL): sample → backup →
restore into a fresh database → the same content; a non-empty target needs --force; a tampered
or foreign file is refused and changes nothing."""

from __future__ import annotations

import json
import zipfile

import pytest
from sqlalchemy import select

from model.access import Actor, PermissionDenied, Role
from model.backup import backup
from model.db import make_engine
from model.tables import AuditEvent
from sample_data import sample_files
from tests.conftest import USE_PG
from tests.helpers import run_cli, snapshot
from tests.importers.builders import measure, portfolio_workbook


def _audit(engine) -> list[tuple]:
    with engine.connect() as conn:
        return [
            (e.user, e.action, e.outcome, e.file_name)
            for e in conn.execute(select(AuditEvent).order_by(AuditEvent.id)).all()
        ]


FORMATS = ["auto", "dump"] if not USE_PG else ["auto"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_sample_backup_restores_into_a_fresh_database_unchanged(
    db_factory, sample_url, sample_engine, tmp_path, fmt
):
    out = tmp_path / ("kopi.zip" if fmt == "dump" or USE_PG else "kopi.db")
    made = run_cli(sample_url, "backup", "-o", str(out), "--format", fmt, "--user", "drift")
    assert made.code == 0, made.stderr
    expected_format = "sqlite" if (fmt == "auto" and not USE_PG) else "dump"
    assert f"({expected_format}," in made.stdout
    head = out.read_bytes()[:16]
    assert head.startswith(b"SQLite format 3" if expected_format == "sqlite" else b"PK\x03\x04")
    source = snapshot(sample_engine)
    source_audit = _audit(sample_engine)
    assert source_audit[-1] == ("drift", "backup", "ok", out.name)
    assert not list(tmp_path.glob(".kopi*.tmp"))  # written atomically, nothing left behind

    target_url = db_factory.empty("restore")
    restored = run_cli(target_url, "restore", str(out), "--user", "drift")
    assert restored.code == 0, restored.stderr
    target = make_engine(target_url)
    try:
        assert snapshot(target) == source
        assert _audit(target) == [*source_audit, ("drift", "restore", "ok", out.name)]
        # Sequences follow the restored ids: the next import gets the next batch number.
        path = portfolio_workbook(
            tmp_path / "ny.xlsx", "2026-K1", [measure("T-0001", "Pasientens legemiddelliste")]
        )
        loaded = run_cli(target_url, "import", str(path), "--json")
        assert loaded.code == 0 and loaded.json()["batch_id"] == len(sample_files()) + 1
    finally:
        target.dispose()


def test_restoring_into_a_database_with_data_needs_force(sample_url, db_url, engine, tmp_path):
    out = tmp_path / "kopi.bak"
    assert run_cli(sample_url, "backup", "-o", str(out), "--format", "dump").code == 0
    path = portfolio_workbook(tmp_path / "k1.xlsx", "2024-K1", [measure("T-9", "Eget tiltak")])
    assert run_cli(db_url, "import", str(path)).code == 0
    before = snapshot(engine, skip=())
    refused = run_cli(db_url, "restore", str(out))
    assert refused.code == 1 and "--force" in refused.stderr
    assert snapshot(engine, skip=()) == before
    forced = run_cli(db_url, "restore", str(out), "--force")
    assert forced.code == 0, forced.stderr
    assert run_cli(db_url, "status", "--json").json()["round"] == "2025-K4"
    assert max(b["id"] for b in run_cli(db_url, "history", "--json").json()["batches"]) == len(
        sample_files()
    )


def test_a_tampered_dump_is_refused_and_changes_nothing(sample_url, db_url, engine, tmp_path):
    good = tmp_path / "kopi.zip"
    assert run_cli(sample_url, "backup", "-o", str(good), "--format", "dump").code == 0
    bad = tmp_path / "endret.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "tables/measure_report.jsonl":
                data = data.replace(b"Mine timeavtaler", b"Mine timeavtaler (endret)")
            dst.writestr(item, data)
    before = snapshot(engine, skip=())
    result = run_cli(db_url, "restore", str(bad))
    assert result.code == 2 and "stemmer ikke med manifestet" in result.stderr
    assert snapshot(engine, skip=()) == before

    foreign = tmp_path / "annet.zip"
    with zipfile.ZipFile(foreign, "w") as zf:
        zf.writestr("manifest.json", json.dumps({"format": "noe annet"}))
    assert "ikke en sikkerhetskopi" in run_cli(db_url, "restore", str(foreign)).stderr
    text = tmp_path / "tekst.db"
    text.write_text("hei")
    garbage = run_cli(db_url, "restore", str(text))
    assert garbage.code == 2 and "ingen sikkerhetskopi fra ehelse" in garbage.stderr
    assert snapshot(engine, skip=()) == before


@pytest.mark.parametrize("role", [Role.LESER, Role.REDAKTOR])
def test_only_administrators_take_backups(engine, tmp_path, role):
    with pytest.raises(PermissionDenied):
        backup(engine, tmp_path / "x.db", actor=Actor("kari", role, via="web"))
    assert not (tmp_path / "x.db").exists()


def test_a_dump_moves_the_data_to_a_sqlite_file(sample_url, sample_engine, tmp_path):
    """The portable dump is also the way from PostgreSQL to SQLite (or back): on a PostgreSQL
    run the source is PostgreSQL, on a SQLite run a dump of SQLite."""
    out = tmp_path / "kopi.zip"
    assert run_cli(sample_url, "backup", "-o", str(out), "--format", "dump").code == 0
    target_url = f"sqlite:///{tmp_path / 'flyttet.db'}"
    assert run_cli(target_url, "restore", str(out)).code == 0
    target = make_engine(target_url)
    try:
        skip = ("audit_event", "import_batch", "user_role")  # time zones differ by backend
        assert snapshot(target, skip=skip) == snapshot(sample_engine, skip=skip)
        assert (
            run_cli(target_url, "status", "--json").json()
            == run_cli(sample_url, "status", "--json").json()
        )
    finally:
        target.dispose()
