"""Shared fixtures: a real database per test (SQLite by default, PostgreSQL when
``EHELSE_TEST_DB_URL`` names a server), cloned from a migrated template so tests stay fast.

``EHELSE_TEST_DB_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test`` makes every fixture
create fresh databases on that server (``CREATE DATABASE … TEMPLATE …``) and drop them after.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from model.db import make_engine, migrate
from model.settings import get_settings

ROOT = Path(__file__).resolve().parents[1]
PG_BASE = os.environ.get("EHELSE_TEST_DB_URL", "").strip()
USE_PG = PG_BASE.startswith("postgresql")
RUN_ID = uuid.uuid4().hex[:8]


def pytest_report_header(config: pytest.Config) -> str:
    return f"ehelse test database: {'PostgreSQL ' + make_url(PG_BASE).render_as_string(hide_password=True) if USE_PG else 'SQLite (temporary files)'}"


def pytest_configure(config: pytest.Config) -> None:
    """Property tests draw the same examples on every run (a CI run is reproducible; a new edge
    case is found by raising ``max_examples`` or with ``EHELSE_HYPOTHESIS_RANDOM=1``)."""
    from hypothesis import settings

    settings.register_profile("ehelse", derandomize=True)
    settings.register_profile("utforsk", derandomize=False)
    settings.load_profile("utforsk" if os.environ.get("EHELSE_HYPOTHESIS_RANDOM") else "ehelse")


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test reads the developer's environment or writes the default database."""
    for key in list(os.environ):
        if key.startswith("EHELSE_") and key != "EHELSE_TEST_DB_URL":
            monkeypatch.delenv(key)
    monkeypatch.setenv("EHELSE_DB_URL", f"sqlite:///{tmp_path / 'never-used-default.db'}")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


class DatabaseFactory:
    """Creates empty, migrated or sample-filled databases on the configured backend."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.created: list[str] = []
        self._admin: Engine | None = None

    # -- PostgreSQL helpers -------------------------------------------------------------
    def admin(self) -> Engine:
        if self._admin is None:
            self._admin = create_engine(PG_BASE, isolation_level="AUTOCOMMIT")
        return self._admin

    def _pg_url(self, name: str) -> str:
        return make_url(PG_BASE).set(database=name).render_as_string(hide_password=False)

    # -- public -------------------------------------------------------------------------
    def empty(self, label: str = "db") -> str:
        """A URL of a new, empty database (no tables)."""
        name = f"ehelse_{RUN_ID}_{label}_{uuid.uuid4().hex[:6]}"
        if USE_PG:
            with self.admin().connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            self.created.append(name)
            return self._pg_url(name)
        return f"sqlite:///{self.workdir / (name + '.db')}"

    def clone(self, template_url: str, label: str = "db") -> str:
        """A new database with the content of ``template_url`` (which must have no open connections)."""
        name = f"ehelse_{RUN_ID}_{label}_{uuid.uuid4().hex[:6]}"
        if USE_PG:
            source = make_url(template_url).database
            with self.admin().connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{source}"'))
            self.created.append(name)
            return self._pg_url(name)
        target = self.workdir / (name + ".db")
        shutil.copyfile(make_url(template_url).database, target)
        return f"sqlite:///{target}"

    def drop_all(self) -> None:
        if USE_PG and self.created:
            with self.admin().connect() as conn:
                for name in self.created:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if self._admin is not None:
            self._admin.dispose()


def _checkpoint(url: str) -> None:
    """Fold SQLite's WAL into the main file so a plain file copy is complete."""
    if url.startswith("sqlite"):
        engine = create_engine(url)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
        engine.dispose()


@pytest.fixture(scope="session")
def db_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("databases"))
    yield factory
    factory.drop_all()


@pytest.fixture(scope="session")
def migrated_template(db_factory: DatabaseFactory) -> str:
    url = db_factory.empty("template")
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    _checkpoint(url)
    return url


@pytest.fixture(scope="session")
def sample_template(db_factory: DatabaseFactory, migrated_template: str) -> str:
    """A database with the whole sample loaded through the importers (once per session)."""
    from sample_data.load import load_sample

    url = db_factory.clone(migrated_template, "sampletpl")
    engine = make_engine(url)
    messages: list[str] = []
    code = load_sample(engine, echo=messages.append)
    engine.dispose()
    assert code == 0, "\n".join(messages)
    _checkpoint(url)
    return url


@pytest.fixture
def db_url(db_factory: DatabaseFactory, migrated_template: str) -> str:
    """A fresh, migrated, empty database of its own for this test."""
    return db_factory.clone(migrated_template)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sample_url(db_factory: DatabaseFactory, sample_template: str) -> str:
    """A fresh copy of the sample database that this test may change."""
    return db_factory.clone(sample_template, "sample")


@pytest.fixture
def sample_engine(sample_url: str) -> Iterator[Engine]:
    engine = make_engine(sample_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def shared_sample_url(db_factory: DatabaseFactory, sample_template: str) -> str:
    """One sample database shared by read-only tests (never write to it)."""
    return db_factory.clone(sample_template, "shared")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skipped test fails the run: browser tests must run in CI, never be skipped silently."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and exitstatus == 0:
        reporter.write_line(
            f"FEIL: {len(skipped)} test(er) ble hoppet over; det er ikke tillatt her.", red=True
        )
        session.exitstatus = 1
