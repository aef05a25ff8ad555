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
    "council_case",
    "council_forum",
    "council_meeting",
    "goal",
    "import_batch",
    "indicator",
    "indicator_definition",
    "indicator_set_version",
    "measure",
    "measure_report",
    "milestone_report",
    "observation",
    "reporting_round",
    "round_expected",
    "round_state",
    "user_role",
    "web_session",
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
        "ux_observation_current",
        "ix_observation_indicator_id",
        "ix_observation_replaced",
    } <= names
    assert "ix_observation_series" not in names  # folded into ux_observation_current (0002)


def test_0002_keeps_every_value_and_can_be_undone(db_factory):
    """A database with indicator values at 0001 upgrades to head with the values intact, the
    unique rule still in force, and downgrades back (the rebuild of the table on SQLite)."""
    from alembic import command
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    url = db_factory.empty("m0002")
    engine = make_engine(url)
    try:
        command.upgrade(alembic_config(engine), "0001_initial")
        assert current_revision(engine) == "0001_initial"
        with engine.begin() as conn:
            conn.execute(
                text(
                    'INSERT INTO import_batch (id, created_at, "user", file_name, sha256, kind, '
                    "rows, status) VALUES (1, CURRENT_TIMESTAMP, 'test', 'f.xlsx', 'x', "
                    "'indicators', 2, 'loaded')"
                )
            )
            conn.execute(text("INSERT INTO indicator (id, code) VALUES (1, 'S1-01')"))
            conn.execute(
                text(
                    "INSERT INTO observation (indicator_id, period, period_time, area, value, "
                    "batch_id) VALUES (1, '2023', 2023.0, 'Hele landet', 41.5, 1), "
                    "(1, '2024', 2024.0, 'Oslo', 43.0, 1)"
                )
            )
        command.upgrade(alembic_config(engine), "head")
        assert current_revision(engine) == HEAD_REVISION
        insp = inspect(engine)
        assert insp.get_foreign_keys("observation") == []
        names = {ix["name"] for ix in insp.get_indexes("observation")}
        assert "ix_observation_series" not in names and "ux_observation_current" in names
        query = text("SELECT period, area, value FROM observation ORDER BY period")
        with engine.connect() as conn:
            assert conn.execute(query).all() == [
                ("2023", "Hele landet", 41.5),
                ("2024", "Oslo", 43.0),
            ]
        try:
            with engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO observation (indicator_id, period, period_time, area, value, "
                        "batch_id) VALUES (1, '2023', 2023.0, 'Hele landet', 1.0, 1)"
                    )
                )
            raise AssertionError("the unique rule over current values is gone")
        except IntegrityError:
            pass
        command.downgrade(alembic_config(engine), "0001_initial")
        assert {fk["referred_table"] for fk in inspect(engine).get_foreign_keys("observation")} == {
            "indicator",
            "import_batch",
        }
        with engine.connect() as conn:
            assert len(conn.execute(query).all()) == 2
        command.upgrade(alembic_config(engine), "head")
    finally:
        engine.dispose()


def test_0003_adds_the_cases_beside_the_data_and_downgrades_with_the_cases_undone(
    db_factory, tmp_path
):
    """At 0002 with a portfolio round in it, the database upgrades to 0003 with the round intact
    and takes a Saker workbook; downgrading drops the case tables, keeps everything else, and
    marks the case batches rolled back, so after the next upgrade the same file loads again."""
    from datetime import date

    from alembic import command
    from sqlalchemy import text

    from tests.helpers import run_cli
    from tests.importers.builders import cases_workbook, council_case, measure, portfolio_workbook

    url = db_factory.empty("m0003")
    engine = make_engine(url)
    try:
        command.upgrade(alembic_config(engine), "0002_observation_indexes")
        with engine.begin() as conn:
            conn.execute(
                text(
                    'INSERT INTO import_batch (id, created_at, "user", file_name, sha256, kind, '
                    "round_code, rows, status) VALUES (1, CURRENT_TIMESTAMP, 'test', 'k3.xlsx', "
                    "'x', 'portfolio', '2025-K3', 1, 'loaded')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO reporting_round (code, year, quarter, batch_id) "
                    "VALUES ('2025-K3', 2025, 3, 1)"
                )
            )
        if engine.dialect.name == "postgresql":  # ids were given by hand above
            with engine.begin() as conn:
                conn.execute(text("SELECT setval('import_batch_id_seq', 1)"))
        command.upgrade(alembic_config(engine), "head")
        assert {"council_case", "council_meeting", "council_forum"} <= set(
            inspect(engine).get_table_names()
        )
        assert run_cli(url, "status", "--json").json()["round"] == "2025-K3"
        round_file = portfolio_workbook(
            tmp_path / "k4.xlsx", "2025-K4", [measure("T-0057", "Mine timeavtaler", "Rød")]
        )
        assert run_cli(url, "import", str(round_file)).code == 0
        path = cases_workbook(
            tmp_path / "saker.xlsx",
            [["NUIT-2025-4", "NUIT", date(2025, 11, 20), None]],
            [council_case("41/25", "NUIT-2025-4", "Status", measures="T-0057")],
        )
        assert run_cli(url, "import", str(path), "--json").json()["status"] == "loaded"
        assert len(run_cli(url, "cases", "--json").json()["cases"]) == 1

        command.downgrade(alembic_config(engine), "0002_observation_indexes")
        names = set(inspect(engine).get_table_names())
        assert not names & {"council_case", "council_meeting", "council_forum"}
        with engine.connect() as conn:
            batches = conn.execute(
                text("SELECT kind, status, rolled_back_by FROM import_batch ORDER BY id")
            ).all()
            rounds = conn.execute(text("SELECT code FROM reporting_round ORDER BY code")).all()
        assert [tuple(b) for b in batches] == [
            ("portfolio", "loaded", None),
            ("portfolio", "loaded", None),
            ("cases", "rolled-back", "nedgradering av databaseskjemaet (0003_cases)"),
        ]
        assert [r[0] for r in rounds] == ["2025-K3", "2025-K4"]

        command.upgrade(alembic_config(engine), "head")
        again = run_cli(url, "import", str(path), "--json").json()
        assert again["status"] == "loaded" and again["batch_id"] == 4
        assert (
            run_cli(url, "cases", "--measure", "T-0057", "--json").json()["cases"][0]["number"]
            == "41/25"
        )
    finally:
        engine.dispose()
