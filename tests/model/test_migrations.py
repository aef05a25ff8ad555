"""Migrations: from zero to head on the configured backend; model and migrations agree."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select
from sqlmodel import SQLModel

import model.tables  # noqa: F401
from model.db import HEAD_REVISION, alembic_config, current_revision, make_engine, migrate
from model.tables import Goal

EXPECTED_TABLES = {
    "alembic_version",
    "audit_event",
    "goal",
    "import_batch",
    "indicator",
    "indicator_definition",
    "indicator_set_version",
    "measure",
    "measure_report",
    "observation",
    "reporting_round",
    "user_role",
}


def test_empty_database_upgrades_to_head_with_every_table_and_seeded_goals(db_factory):
    engine = make_engine(db_factory.empty("migr"))
    try:
        assert current_revision(engine) is None
        assert migrate(engine) is True
        assert current_revision(engine) == HEAD_REVISION
        assert set(inspect(engine).get_table_names()) == EXPECTED_TABLES
        with engine.connect() as conn:
            codes = conn.execute(select(Goal.code).order_by(Goal.sort_order)).scalars().all()
        assert codes == ["O1", "O2", "O3", "S1", "S2", "S3", "S4", "S5"]
        # A second run is a no-op (and does not seed the goals twice).
        assert migrate(engine) is False
        with engine.connect() as conn:
            assert len(conn.execute(select(Goal.id)).all()) == 8
    finally:
        engine.dispose()


def test_head_constant_matches_the_migration_scripts(engine):
    script = ScriptDirectory.from_config(alembic_config(engine))
    assert script.get_current_head() == HEAD_REVISION


def test_model_and_migrations_agree(engine):
    """No pending autogenerate diff: every model change has its migration."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_indexes_the_pages_need_exist(engine):
    insp = inspect(engine)
    names = {ix["name"] for t in ("measure_report", "observation") for ix in insp.get_indexes(t)}
    assert {
        "ix_measure_report_round",
        "ux_measure_report_current",
        "ix_observation_series",
        "ux_observation_current",
    } <= names
