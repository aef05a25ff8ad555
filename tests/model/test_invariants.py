"""Rules the database itself enforces: one current report per (measure, round), one current
observation per (indicator, period, area); superseded rows stay as history."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from model.tables import ImportBatch, Indicator, Measure, MeasureReport, Observation


def _batch(conn, n: int) -> int:
    return conn.execute(
        insert(ImportBatch.__table__)
        .values(
            created_at=datetime.now(UTC),
            user="t",
            file_name=f"f{n}.xlsx",
            sha256=f"{n:064d}",
            kind="portfolio",
            rows=1,
            status="loaded",
        )
        .returning(ImportBatch.__table__.c.id)
    ).scalar_one()


def _report(measure_id: int, batch_id: int) -> dict:
    return {
        "measure_id": measure_id,
        "round_code": "2025-K3",
        "batch_id": batch_id,
        "source_row": 2,
        "name": "Nettlegen",
        "owner": "Helsedirektoratet",
        "phase": "Utprøving",
        "state": "Aktiv",
        "status_overall": "Grønn",
        "goals": "",
        "dependencies": "",
    }


def test_two_current_reports_for_one_measure_and_round_are_refused(engine):
    with engine.begin() as conn:
        b1 = _batch(conn, 1)
        mid = conn.execute(
            insert(Measure.__table__)
            .values(code="T-0001", name="Nettlegen", owner="Hdir")
            .returning(Measure.__table__.c.id)
        ).scalar_one()
        conn.execute(insert(MeasureReport.__table__).values(**_report(mid, b1)))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(MeasureReport.__table__).values(**_report(mid, b1)))


def test_a_superseded_report_stays_as_history_beside_the_current_one(engine):
    t = MeasureReport.__table__
    with engine.begin() as conn:
        b1, b2 = _batch(conn, 1), _batch(conn, 2)
        mid = conn.execute(
            insert(Measure.__table__)
            .values(code="T-0001", name="Nettlegen", owner="Hdir")
            .returning(Measure.__table__.c.id)
        ).scalar_one()
        conn.execute(insert(t).values(**_report(mid, b1)))
        conn.execute(update(t).where(t.c.batch_id == b1).values(replaced_by_batch_id=b2))
        conn.execute(insert(t).values(**{**_report(mid, b2), "status_overall": "Gul"}))
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.c.status_overall, t.c.replaced_by_batch_id).order_by(t.c.id)
        ).all()
    assert [(r[0], r[1] is None) for r in rows] == [("Grønn", False), ("Gul", True)]


def test_observation_key_is_unique_among_current_rows(engine):
    o = Observation.__table__
    row = {"period": "2023", "period_time": 2023.0, "area": "Hele landet", "value": 57.0}
    with engine.begin() as conn:
        b1 = _batch(conn, 1)
        iid = conn.execute(
            insert(Indicator.__table__).values(code="S1-01").returning(Indicator.__table__.c.id)
        ).scalar_one()
        conn.execute(insert(o).values(indicator_id=iid, batch_id=b1, **row))
        # Another area or period is a different observation.
        conn.execute(
            insert(o).values(indicator_id=iid, batch_id=b1, **{**row, "area": "Helse Vest"})
        )
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(o).values(indicator_id=iid, batch_id=b1, **{**row, "value": 58.0}))
