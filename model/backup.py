"""Backups: ``ehelse backup -o FILE`` and ``ehelse restore FILE [--force]``.

Two formats:

* **sqlite**: a complete SQLite database file, written with SQLite's online backup API (safe
  while the dashboard runs). Restoring it into SQLite uses the same API.
* **dump**: a portable zip, one JSON-lines file per table (``tables/<name>.jsonl``: one JSON
  array per row) and ``manifest.json`` (schema revision, columns, row counts and a SHA-256 per
  table). Written from any database; restored into any database (PostgreSQL or SQLite) in one
  transaction, tables in foreign-key order, PostgreSQL sequences set past the highest id.

A backup or restore is recorded in the audit log. Restoring into a database that already has
data needs ``force`` (everything in it is replaced). A file from another schema revision is
refused; so is anything that is not one of the two formats, or whose content does not match its
manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, func, insert, select, text
from sqlalchemy.types import Date, DateTime
from sqlmodel import SQLModel

import model.tables  # noqa: F401 - registers every table
from model import audit
from model.access import Actor
from model.db import HEAD_REVISION, current_revision, migrate

SQLITE_MAGIC = b"SQLite format 3\x00"
ZIP_MAGIC = b"PK\x03\x04"
DUMP_FORMAT = "ehelse-dump"
DUMP_VERSION = 1
CHUNK = 5000


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is Norwegian and says why."""


class NotEmpty(BackupError):
    """The target database has data and ``force`` was not given."""


@dataclass(frozen=True)
class Result:
    path: Path
    format: str
    tables: int
    rows: int


def tables() -> list[Table]:
    """Every table of the model, parents before children (foreign-key order)."""
    return list(SQLModel.metadata.sorted_tables)


# --------------------------------------------------------------------------------------------
# Values to and from JSON
# --------------------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _decoders(table: Table, columns: list[str]) -> list[Any]:
    out: list[Any] = []
    for name in columns:
        kind = table.c[name].type
        if isinstance(kind, DateTime):
            out.append(lambda v: None if v is None else datetime.fromisoformat(v))
        elif isinstance(kind, Date):
            out.append(lambda v: None if v is None else date.fromisoformat(v))
        else:
            out.append(None)
    return out


# --------------------------------------------------------------------------------------------
# Backup
# --------------------------------------------------------------------------------------------


@contextmanager
def _atomic_output(path: Path) -> Iterator[Path]:
    """Write next to ``path`` and move into place only when complete (no half-written backups)."""
    path = path.expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        with suppress(FileNotFoundError):
            os.unlink(tmp)


def backup(engine: Engine, out: Path, *, actor: Actor, fmt: str = "auto") -> Result:
    """Write a backup of the whole database to ``out``."""
    audit.require_audited(engine, actor, "backup", "backup", file_name=Path(out).name)
    is_sqlite = engine.dialect.name == "sqlite"
    if fmt == "auto":
        fmt = "sqlite" if is_sqlite else "dump"
    if fmt == "sqlite" and not is_sqlite:
        raise BackupError(
            "Formatet «sqlite» kan bare brukes når databasen er SQLite. Bruk --format dump."
        )
    if fmt not in ("sqlite", "dump"):
        raise BackupError(f"Ukjent format «{fmt}». Velg sqlite eller dump.")
    migrate(engine)
    # Logged first, so the backup itself contains the record of being taken.
    with engine.begin() as conn:
        audit.record(conn, actor, "backup", file_name=Path(out).name, details={"format": fmt})
    with _atomic_output(Path(out)) as tmp:
        if fmt == "sqlite":
            _sqlite_copy(engine, tmp)
            counts = _count_sqlite_file(tmp)
        elif is_sqlite:
            # A consistent snapshot first (the online backup API), then dump that snapshot.
            with tempfile.TemporaryDirectory(prefix="ehelse-backup-") as folder:
                snap = Path(folder) / "snapshot.db"
                _sqlite_copy(engine, snap)
                snap_engine = create_engine(f"sqlite:///{snap}")
                try:
                    with snap_engine.connect() as conn:
                        counts = _write_dump(conn, tmp, source="sqlite")
                finally:
                    snap_engine.dispose()
        else:
            with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
                counts = _write_dump(conn, tmp, source=engine.dialect.name)
    return Result(Path(out), fmt, len(counts), sum(counts.values()))


def _sqlite_copy(engine: Engine, target: Path) -> None:
    raw = engine.raw_connection()
    try:
        dest = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(dest)  # type: ignore[union-attr]
        finally:
            dest.close()
    finally:
        raw.close()


def _count_sqlite_file(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            t.name: conn.execute(f'SELECT COUNT(*) FROM "{t.name}"').fetchone()[0] for t in tables()
        }
    finally:
        conn.close()


def _write_dump(conn: Connection, path: Path, *, source: str) -> dict[str, int]:
    revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    manifest: dict[str, Any] = {
        "format": DUMP_FORMAT,
        "format_version": DUMP_VERSION,
        "revision": revision,
        "source": source,
        "created_at": audit.now_utc().isoformat(),
        "tables": [],
    }
    counts: dict[str, int] = {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for table in tables():
            columns = [c.name for c in table.columns]
            digest, rows = hashlib.sha256(), 0
            order = [table.c[c] for c in [k.name for k in table.primary_key.columns]]
            with zf.open(f"tables/{table.name}.jsonl", "w") as member:
                result = conn.execute(select(table).order_by(*order)).yield_per(CHUNK)
                for row in result:
                    line = (
                        json.dumps([_encode(v) for v in row], ensure_ascii=False) + "\n"
                    ).encode("utf-8")
                    digest.update(line)
                    member.write(line)
                    rows += 1
            counts[table.name] = rows
            manifest["tables"].append(
                {
                    "name": table.name,
                    "columns": columns,
                    "rows": rows,
                    "sha256": digest.hexdigest(),
                }
            )
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return counts


# --------------------------------------------------------------------------------------------
# Restore
# --------------------------------------------------------------------------------------------


def has_data(engine: Engine) -> bool:
    """True when the database holds anything but an empty schema with its seeded goals."""
    with engine.connect() as conn:
        if current_revision(engine) is None:
            names = set(conn.dialect.get_table_names(conn))
            return bool(names & {t.name for t in tables()})
        for table in tables():
            query = select(func.count()).select_from(table)
            if table.name == "goal":
                query = query.where(table.c.batch_id.is_not(None))
            if conn.execute(query).scalar_one():
                return True
    return False


def restore(engine: Engine, path: Path, *, actor: Actor, force: bool = False) -> Result:
    """Replace the database's content with the backup in ``path``."""
    audit.require_audited(engine, actor, "backup", "restore", file_name=Path(path).name)
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise BackupError(f"Filen «{path.name}» finnes ikke eller kan ikke åpnes.") from exc
    if head.startswith(SQLITE_MAGIC):
        kind = "sqlite"
        _check_sqlite_backup(path)
    elif head.startswith(ZIP_MAGIC):
        kind = "dump"
        manifest = _read_manifest(path)
    else:
        raise BackupError(
            f"«{path.name}» er ingen sikkerhetskopi fra ehelse (verken en SQLite-fil eller en "
            "zip med manifest.json)."
        )
    if has_data(engine) and not force:
        raise NotEmpty(
            "Databasen har allerede data. Bruk --force for å erstatte alt innholdet med "
            "sikkerhetskopien (ta gjerne en sikkerhetskopi av den først)."
        )
    if kind == "sqlite" and engine.dialect.name == "sqlite":
        counts = _restore_sqlite(engine, path)
    else:
        migrate(engine)
        if kind == "sqlite":
            counts = _restore_rows(engine, _sqlite_rows(path))
        else:
            counts = _restore_rows(engine, _dump_rows(path, manifest))
    with engine.begin() as conn:
        audit.record(
            conn,
            actor,
            "restore",
            file_name=path.name,
            details={"format": kind, "rows": sum(counts.values())},
        )
    return Result(path, kind, len(counts), sum(counts.values()))


def _check_sqlite_backup(path: Path) -> None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"SQLite-filen «{path.name}» er skadet (quick_check feilet).")
            names = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
                if "alembic_version" in names
                else None
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"SQLite-filen «{path.name}» kan ikke leses: {exc}") from exc
    _check_revision(revision, path)
    missing = {t.name for t in tables()} - names
    if missing:
        raise BackupError(f"«{path.name}» mangler tabellene {', '.join(sorted(missing))}.")


def _check_revision(revision: str | None, path: Path) -> None:
    if revision != HEAD_REVISION:
        raise BackupError(
            f"«{path.name}» er fra skjemaversjon {revision or 'ukjent'}, denne versjonen av "
            f"ehelse bruker {HEAD_REVISION}. Hent den tilbake med den versjonen den ble tatt med."
        )


def _read_manifest(path: Path) -> dict[str, Any]:
    known = {t.name: t for t in tables()}
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "manifest.json" not in names:
                raise BackupError(f"«{path.name}» er en zip uten manifest.json.")
            manifest = json.loads(zf.read("manifest.json"))
    except (zipfile.BadZipFile, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BackupError(f"«{path.name}» er skadet: {exc}") from exc
    if manifest.get("format") != DUMP_FORMAT or manifest.get("format_version") != DUMP_VERSION:
        raise BackupError(f"«{path.name}» er ikke en sikkerhetskopi i ehelse-formatet.")
    _check_revision(manifest.get("revision"), path)
    listed = {entry["name"]: entry for entry in manifest.get("tables", [])}
    if set(listed) != set(known):
        raise BackupError(
            f"«{path.name}» har andre tabeller enn databasen: "
            f"{', '.join(sorted(set(listed) ^ set(known)))}."
        )
    expected = {"manifest.json"} | {f"tables/{name}.jsonl" for name in known}
    if names != expected:
        raise BackupError(
            f"«{path.name}» har uventede filer: {', '.join(sorted(names ^ expected))}."
        )
    for name, entry in listed.items():
        unknown = set(entry["columns"]) - set(known[name].c.keys())
        if unknown:
            raise BackupError(
                f"Tabellen {name} i «{path.name}» har ukjente kolonner: {', '.join(sorted(unknown))}."
            )
    return manifest


RowSource = Iterator[tuple[Table, list[str], Iterator[list[Any]]]]


def _dump_rows(path: Path, manifest: dict[str, Any]) -> RowSource:
    known = {t.name: t for t in tables()}
    entries = {entry["name"]: entry for entry in manifest["tables"]}
    with zipfile.ZipFile(path) as zf:
        for table in tables():
            entry = entries[table.name]
            columns = list(entry["columns"])

            def rows(
                entry: dict[str, Any] = entry, table: Table = known[table.name]
            ) -> Iterator[list[Any]]:
                digest, count = hashlib.sha256(), 0
                with zf.open(f"tables/{table.name}.jsonl") as member:
                    for line in member:
                        digest.update(line)
                        count += 1
                        yield json.loads(line)
                if count != entry["rows"] or digest.hexdigest() != entry["sha256"]:
                    raise BackupError(
                        f"Tabellen {table.name} i «{path.name}» stemmer ikke med manifestet "
                        "(filen er endret eller skadet). Ingenting er hentet tilbake."
                    )

            yield table, columns, rows()


def _sqlite_rows(path: Path) -> RowSource:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for table in tables():
            columns = [c.name for c in table.columns]
            quoted = ", ".join(f'"{c}"' for c in columns)
            cursor = conn.execute(f'SELECT {quoted} FROM "{table.name}"')

            def rows(cursor: sqlite3.Cursor = cursor) -> Iterator[list[Any]]:
                while batch := cursor.fetchmany(CHUNK):
                    yield from (list(r) for r in batch)

            yield table, columns, rows()
    finally:
        conn.close()


def _restore_rows(engine: Engine, source: RowSource) -> dict[str, int]:
    """Delete everything and insert the backup's rows, in one transaction."""
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        for table in reversed(tables()):
            conn.execute(table.delete())
        for table, columns, rows in source:
            decoders = _decoders(table, columns)
            batch: list[dict[str, Any]] = []
            n = 0
            for row in rows:
                if len(row) != len(columns):
                    raise BackupError(f"En rad i tabellen {table.name} har feil antall verdier.")
                batch.append(
                    {c: (d(v) if d else v) for c, d, v in zip(columns, decoders, row, strict=True)}
                )
                n += 1
                if len(batch) >= CHUNK:
                    conn.execute(insert(table), batch)
                    batch = []
            if batch:
                conn.execute(insert(table), batch)
            counts[table.name] = n
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn)
    return counts


def _reset_sequences(conn: Connection) -> None:
    for table in tables():
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        top = conn.execute(select(func.max(table.c.id))).scalar()
        conn.execute(
            text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v, :called)"),
            {"t": table.name, "v": top or 1, "called": top is not None},
        )


def _restore_sqlite(engine: Engine, path: Path) -> dict[str, int]:
    """SQLite into SQLite: the online backup API copies the file page by page."""
    engine.dispose()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    raw = engine.raw_connection()
    try:
        source.backup(raw.driver_connection)  # type: ignore[arg-type]
    finally:
        raw.close()
        source.close()
    engine.dispose()
    return _count_sqlite_file(path)
