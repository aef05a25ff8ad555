"""Loading many rows fast, by database: binary COPY on PostgreSQL, multi-row INSERTs through the
driver on SQLite (with the indexes rebuilt once for a large load), plain INSERTs elsewhere.

The importers validate; this module only writes, inside the caller's transaction. A row that
the database's unique rule refuses raises :class:`UniqueViolation`, recognised by the driver's
error code (SQLite's ``SQLITE_CONSTRAINT_UNIQUE``, PostgreSQL's SQLSTATE 23505), never by the
wording of its message.
"""

from __future__ import annotations

from itertools import chain
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, insert
from sqlalchemy.exc import IntegrityError

from model.tables import Observation


class UniqueViolation(Exception):
    """The database's unique rule refused a row (a repeat of a current value)."""


def insert_observations(conn: Connection, rows: list[tuple]) -> None:
    """Observation rows (indicator_id, period, period_time, area, value, comment, batch_id).

    Raises :class:`UniqueViolation` when the unique index over current values refuses a row.
    """
    if not rows:
        return
    try:
        _insert(conn, rows)
    except Exception as exc:
        if is_unique_violation(exc):
            raise UniqueViolation(str(exc)) from exc
        raise


def is_unique_violation(exc: BaseException) -> bool:
    """By the driver's error code: sqlite3's ``sqlite_errorname`` or psycopg's ``sqlstate``,
    also when SQLAlchemy wraps the driver's error."""
    error = exc.orig if isinstance(exc, IntegrityError) else exc
    if getattr(error, "sqlite_errorname", None) == "SQLITE_CONSTRAINT_UNIQUE":
        return True
    return getattr(error, "sqlstate", None) == "23505"


#: From this many new values on, SQLite rebuilds the observation indexes instead of growing them.
REBUILD_INDEXES_FROM = 20_000
#: The page cache of the importing connection (KiB) while it loads values.
SQLITE_IMPORT_CACHE_KB = 65_536


#: Rows per INSERT statement on SQLite (7 columns × 100 stays under any SQLite's 999 variables).
SQLITE_ROWS_PER_STATEMENT = 100


def _sqlite_insert(raw: Any, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Multi-row INSERTs through the driver: a quarter less time than one row per statement.

    A column that is empty in every row (usually ``comment``) is left to its default NULL.
    """
    keep = [i for i in range(len(columns)) if set(map(itemgetter(i), rows)) != {None}]
    if len(keep) < len(columns):
        columns = tuple(columns[i] for i in keep)
        pick = itemgetter(*keep)
        rows = list(map(pick, rows))
    one = "(" + ", ".join("?" for _ in columns) + ")"
    head = f"INSERT INTO observation ({', '.join(columns)}) VALUES "
    k = SQLITE_ROWS_PER_STATEMENT
    whole = len(rows) - len(rows) % k
    if whole:
        raw.executemany(
            head + ", ".join([one] * k),
            (tuple(chain.from_iterable(rows[i : i + k])) for i in range(0, whole, k)),
        )
    if whole < len(rows):
        raw.executemany(head + one, rows[whole:])


def _insert(conn: Connection, rows: list[tuple]) -> None:
    columns = ("indicator_id", "period", "period_time", "area", "value", "comment", "batch_id")
    raw: Any
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        from psycopg.copy import QueuedLibpqWriter

        # Binary COPY with the types given up front (a third of the time of text COPY); a
        # second thread sends while this one encodes rows, so both sides work at once.
        sql = f"COPY observation ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
        with raw.cursor() as cur, cur.copy(sql, writer=QueuedLibpqWriter(cur)) as copy:
            copy.set_types(["int4", "varchar", "float8", "varchar", "float8", "text", "int4"])
            for row in rows:
                copy.write_row(row)
        return
    if conn.dialect.name == "sqlite":
        raw = conn.connection.driver_connection
        raw.execute(f"PRAGMA cache_size=-{SQLITE_IMPORT_CACHE_KB}")
        existing = raw.execute("SELECT max(id) FROM observation").fetchone()[0] or 0
        if len(rows) < REBUILD_INDEXES_FROM or existing > len(rows):
            _sqlite_insert(raw, columns, rows)  # few rows, or mostly old ones: grow the indexes
            return
        # Many rows into a small table: building an index once beats growing it row by row
        # (357,000 rows: 3.3 s → 1.8 s). SQLite's DDL is transactional, so a failed import
        # gets its indexes back with the rollback, and readers keep their snapshot meanwhile.
        indexes = raw.execute(
            "SELECT name, sql FROM sqlite_master "
            "WHERE type = 'index' AND tbl_name = 'observation' AND sql IS NOT NULL"
        ).fetchall()
        for name, _sql in indexes:
            raw.execute(f'DROP INDEX "{name}"')
        _sqlite_insert(raw, columns, rows)
        for _name, sql in indexes:
            raw.execute(sql)
        return
    conn.execute(insert(Observation.__table__), [dict(zip(columns, r, strict=True)) for r in rows])
