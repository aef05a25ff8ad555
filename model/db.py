"""Engine, sessions and schema migrations. Nothing here runs at import time."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from model.settings import get_settings

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

#: The newest Alembic revision. ``migrate()`` compares the database against this constant so a
#: command on an up-to-date database does not pay for loading Alembic; a test checks it agrees
#: with the migration scripts.
HEAD_REVISION = "0005_milestones"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DBAPI callback
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """A new engine for ``url`` (default: the configured database); creates the SQLite folder."""
    url = url or get_settings().resolved_db_url()
    parsed = make_url(url)
    kwargs: dict = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


#: Process-wide engines by URL (None: the configured database), oldest first.
_ENGINES: dict[str | None, Engine] = {}
_ENGINES_LOCK = threading.Lock()
#: At most this many engines are kept; the oldest is disposed (its connections closed) when a
#: new one is needed, so a process that visits many databases never holds their connections.
MAX_ENGINES = 8


def get_engine(url: str | None = None) -> Engine:
    """A process-wide engine per URL (the dashboard caches it once more in st.cache_resource)."""
    with _ENGINES_LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            while len(_ENGINES) >= MAX_ENGINES:
                _ENGINES.pop(next(iter(_ENGINES))).dispose()
            engine = _ENGINES[url] = make_engine(url)
        return engine


def dispose_engines() -> None:
    """Close every process-wide engine's connections (the next use opens new ones)."""
    with _ENGINES_LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


def describe_url(url: str) -> str:
    """A human description of where the data lives, without a password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite-fil {Path(parsed.database or '').expanduser().resolve()}"
    return f"{parsed.get_backend_name()} {parsed.render_as_string(hide_password=True)}"


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config(engine: Engine):  # noqa: ANN201 - alembic imported lazily
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine) -> bool:
    """Bring the schema to the newest revision. Returns True when something was migrated."""
    if current_revision(engine) == HEAD_REVISION:
        return False
    from alembic import command

    command.upgrade(alembic_config(engine), "head")
    return True


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any exception."""
    with Session(engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"
