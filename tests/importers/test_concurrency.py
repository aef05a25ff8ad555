"""Two editors upload different files for the same round at the same moment, as two real
processes: imports are serialised (PostgreSQL advisory lock / SQLite write lock), both load one
after the other, the round is never duplicated, and the earlier batch is marked replaced.

To make "at the same moment" certain rather than likely, the test holds the database's write
gate itself while both processes start (PostgreSQL: the importers' advisory lock; SQLite: a
write transaction), waits until both are queued behind it, and then lets go.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, func, select, text

from model.tables import MeasureReport, ReportingRound
from tests.helpers import ROOT, run_cli
from tests.importers.builders import measure, portfolio_workbook

N = 1500  # enough rows that each load takes a while, so the two really overlap


def _rows(status: str, label: str) -> list:
    return [
        measure(f"T-{i:04d}", f"Tiltak {i} ({label})", status, comment=f"Fil {label}, rad {i}")
        for i in range(1, N + 1)
    ]


def _start(db_url: str, path, user: str) -> subprocess.Popen:
    # --replace: both mean to replace the round; the second must wait and then replace it.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "EHELSE_DB_URL": db_url}
    env.pop("EHELSE_TEST_DB_URL", None)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cli",
            "import",
            str(path),
            "--json",
            "--user",
            user,
            "--replace",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@contextmanager
def _gate(engine: Engine):
    """Hold the write gate; yields a function that waits until ``n`` imports queue behind it."""
    raw = engine.raw_connection()
    try:
        if engine.dialect.name == "postgresql":
            raw.cursor().execute("SELECT pg_advisory_lock(804211)")

            def queued(n: int, procs: list[subprocess.Popen]) -> None:
                with engine.connect() as conn:
                    for _ in range(600):
                        waiting = conn.execute(
                            text(
                                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                                "AND NOT granted AND database = "
                                "(SELECT oid FROM pg_database WHERE datname = current_database())"
                            )
                        ).scalar_one()
                        if waiting >= n:
                            return
                        assert all(p.poll() is None for p in procs), "an import did not wait"
                        time.sleep(0.1)
                raise AssertionError("the imports never queued behind the lock")

        else:
            raw.driver_connection.isolation_level = None  # type: ignore[union-attr]
            raw.cursor().execute("BEGIN IMMEDIATE")

            def queued(n: int, procs: list[subprocess.Popen]) -> None:
                # SQLite shows no queue; give both processes ample time to reach the lock.
                time.sleep(6)
                assert all(p.poll() is None for p in procs), "an import did not wait"

        yield queued
    finally:
        if engine.dialect.name == "postgresql":
            raw.cursor().execute("SELECT pg_advisory_unlock(804211)")
        else:
            raw.cursor().execute("COMMIT")
        raw.close()


@pytest.mark.parametrize("gated", [True, False], ids=["queued-behind-the-lock", "free-race"])
def test_two_simultaneous_uploads_for_the_same_round_load_one_after_the_other(
    db_url, engine, tmp_path, gated
):
    green = portfolio_workbook(tmp_path / "gronn.xlsx", "2025-K3", _rows("Grønn", "A"))
    yellow = portfolio_workbook(tmp_path / "gul.xlsx", "2025-K3", _rows("Gul", "B"))

    if gated:
        with _gate(engine) as queued:
            procs = {"kari": _start(db_url, green, "kari"), "ola": _start(db_url, yellow, "ola")}
            queued(2, list(procs.values()))
    else:  # started together and left alone, as two browsers would
        procs = {"kari": _start(db_url, green, "kari"), "ola": _start(db_url, yellow, "ola")}
    results: dict[str, dict] = {}
    for user, proc in procs.items():
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, (user, err[-2000:])
        results[user] = json.loads(out)

    assert {r["status"] for r in results.values()} == {"loaded"}
    batches = {b["id"]: b for b in run_cli(db_url, "history", "--json").json()["batches"]}
    assert sorted(batches) == [1, 2]
    first, last = batches[1], batches[2]
    assert (first["status"], last["status"]) == ("replaced", "loaded")
    assert first["round"] == last["round"] == "2025-K3"

    mr, rr = MeasureReport.__table__, ReportingRound.__table__
    with engine.connect() as conn:
        per_measure = conn.execute(
            select(mr.c.measure_id, func.count())
            .where(mr.c.round_code == "2025-K3", mr.c.replaced_by_batch_id.is_(None))
            .group_by(mr.c.measure_id)
        ).all()
        current_batches = set(
            conn.execute(select(mr.c.batch_id).where(mr.c.replaced_by_batch_id.is_(None))).scalars()
        )
        rounds = conn.execute(
            select(func.count()).where(rr.c.code == "2025-K3", rr.c.replaced_by_batch_id.is_(None))
        ).scalar_one()
        all_rows = conn.execute(select(func.count()).select_from(mr)).scalar_one()
    assert len(per_measure) == N and {n for _m, n in per_measure} == {1}
    assert current_batches == {2} and rounds == 1
    assert all_rows == 2 * N  # the earlier file's rows are kept as history, not current

    # What the council sees is the later file, whole: every measure with its colour.
    later_user = last["user"]
    expected = "Grønn" if later_user == "kari" else "Gul"
    summary = run_cli(db_url, "status", "--json").json()
    assert summary["colours_active"] == {"Grønn": 0, "Gul": 0, "Rød": 0, expected: N}
