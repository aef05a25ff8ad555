"""Enforcement in the library itself: an import or rollback without the right role raises and
writes nothing but the record of the attempt; only a file's base name is ever recorded; the
command line acts as the OS user (or --user)."""

from __future__ import annotations

import getpass
import json

import pytest
from sqlalchemy import select

from importers.service import client_file_name, import_file, rollback
from model.access import Actor, PermissionDenied, Role
from model.tables import AuditEvent, ImportBatch
from tests.helpers import run_cli, run_cli_process, snapshot
from tests.importers.builders import measure, portfolio_workbook

ROWS = [measure("T-0001", "Pasientens legemiddelliste", "Gul")]


def _events(engine) -> list[tuple]:
    with engine.connect() as conn:
        return [
            (e.user, e.action, e.outcome, e.file_name, e.batch_id)
            for e in conn.execute(select(AuditEvent).order_by(AuditEvent.id)).all()
        ]


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_reader_cannot_import_and_nothing_is_written(engine, tmp_path, dry_run):
    path = portfolio_workbook(tmp_path / "k1.xlsx", "2025-K1", ROWS)
    before = snapshot(engine)
    reader = Actor("leser@helsedir.no", Role.LESER, via="web")
    with pytest.raises(PermissionDenied, match="har ikke lov til å laste opp filer"):
        import_file(engine, path, actor=reader, file_name="k1.xlsx", dry_run=dry_run)
    assert snapshot(engine) == before
    assert _events(engine) == [("leser@helsedir.no", "import", "denied", "k1.xlsx", None)]


@pytest.mark.parametrize("role", [Role.LESER, Role.REDAKTOR])
def test_only_an_administrator_can_roll_back(engine, tmp_path, role):
    path = portfolio_workbook(tmp_path / "k1.xlsx", "2025-K1", ROWS)
    editor = Actor("redaktor@helsedir.no", Role.REDAKTOR, via="web")
    loaded = import_file(engine, path, actor=editor, file_name="k1.xlsx").report
    assert loaded.status == "loaded"  # an editor may upload …
    before = snapshot(engine)
    with pytest.raises(PermissionDenied, match="angre importer"):
        rollback(engine, loaded.batch_id, actor=Actor("x@helsedir.no", role, via="web"))
    assert snapshot(engine) == before  # … but not undo
    assert _events(engine)[-1] == ("x@helsedir.no", "rollback", "denied", None, loaded.batch_id)
    admin = Actor("admin@helsedir.no", Role.ADMINISTRATOR, via="web")
    rollback(engine, loaded.batch_id, actor=admin)
    assert _events(engine)[-1][:3] == ("admin@helsedir.no", "rollback", "ok")


@pytest.mark.parametrize(
    ("sent", "recorded"),
    [
        ("../../etc/x.xlsx", "x.xlsx"),
        ("..\\..\\Windows\\x.xlsx", "x.xlsx"),
        ("/etc/passwd", "passwd"),
        ("C:\\Users\\kari\\runde.xlsx", "runde.xlsx"),
        ("..", "opplasting"),
        ("", "opplasting"),
        ("rapport\n\t.xlsx", "rapport.xlsx"),
        ("<img src=x onerror=alert(1)>.xlsx", "<img src=x onerror=alert(1)>.xlsx"),
    ],
)
def test_client_file_names_lose_every_folder(sent, recorded):
    assert client_file_name(sent) == recorded


def test_a_traversal_file_name_is_recorded_as_its_base_name_only(engine, tmp_path):
    path = portfolio_workbook(tmp_path / "opplasting.xlsx", "2025-K1", ROWS)
    admin = Actor("admin@helsedir.no", Role.ADMINISTRATOR, via="web")
    report = import_file(engine, path, actor=admin, file_name="../../etc/x.xlsx").report
    assert report.status == "loaded" and report.file_name == "x.xlsx"
    with engine.connect() as conn:
        assert conn.execute(select(ImportBatch.file_name)).scalars().all() == ["x.xlsx"]
    assert _events(engine)[-1][3] == "x.xlsx"
    assert not (tmp_path.parent.parent / "etc").exists()


def test_the_cli_records_the_os_user_in_history_and_audit(db_url, engine, tmp_path):
    """In a real process (the console script's path), without and with --user."""
    first = portfolio_workbook(tmp_path / "k1.xlsx", "2025-K1", ROWS)
    second = portfolio_workbook(tmp_path / "k2.xlsx", "2025-K2", ROWS)
    assert run_cli_process(db_url, "import", str(first)).code == 0
    assert run_cli_process(db_url, "import", str(second), "--user", "Kari Nordmann").code == 0
    assert run_cli(db_url, "rollback", "2").code == 0
    batches = run_cli(db_url, "history", "--json").json()["batches"]
    assert sorted((b["id"], b["user"]) for b in batches) == [
        (1, getpass.getuser()),
        (2, "Kari Nordmann"),
    ]
    events = _events(engine)
    assert [(e[0], e[1], e[2]) for e in events] == [
        (getpass.getuser(), "import", "ok"),
        ("Kari Nordmann", "import", "ok"),
        (getpass.getuser(), "rollback", "ok"),
    ]
    with engine.connect() as conn:
        details = [json.loads(d) for d in conn.execute(select(AuditEvent.details)).scalars()]
    assert {d["via"] for d in details} == {"cli"} and {d["role"] for d in details} == {
        "administrator"
    }


def test_the_importers_own_size_limit_refuses_a_large_file(monkeypatch, engine, tmp_path):
    """Streamlit's server.maxUploadSize stops huge uploads at the door (1 MB above this limit);
    the importer refuses anything over EHELSE_MAX_UPLOAD_MB itself, also from the CLI."""
    from model.settings import get_settings

    path = portfolio_workbook(tmp_path / "stor.xlsx", "2025-K1", ROWS * 50)
    monkeypatch.setenv("EHELSE_MAX_UPLOAD_MB", "0.002")
    get_settings.cache_clear()
    before = snapshot(engine)
    admin = Actor("admin@helsedir.no", Role.ADMINISTRATOR, via="web")
    report = import_file(engine, path, actor=admin, file_name="stor.xlsx").report
    assert [e.code for e in report.errors] == ["too-large"]
    assert "mer enn grensen" in report.errors[0].message
    assert snapshot(engine) == before
    assert _events(engine)[-1][:4] == ("admin@helsedir.no", "import", "rejected", "stor.xlsx")


def test_the_server_gets_its_garbage_collector_back_after_every_import(engine, tmp_path):
    """Imports pause the cyclic collector (importers.readers.paused_gc); the dashboard process
    that called them must have it running again, after success and after refusal alike."""
    import gc

    editor = Actor("redaktor@helsedir.no", Role.REDAKTOR)
    good = portfolio_workbook(tmp_path / "k1.xlsx", "2025-K1", ROWS)
    bad = tmp_path / "tom.xlsx"
    bad.write_bytes(b"")
    assert gc.isenabled()
    assert import_file(engine, good, actor=editor).report.status == "loaded"
    assert gc.isenabled()
    assert import_file(engine, bad, actor=editor).report.status == "rejected"
    assert gc.isenabled()
    with pytest.raises(PermissionDenied):
        import_file(engine, good, actor=Actor("leser@helsedir.no", Role.LESER))
    assert gc.isenabled()
