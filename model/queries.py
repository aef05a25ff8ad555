"""Read functions the CLI and the pages call: plain functions returning rows, dicts or frames.

Everything here reads only *current* rows (``replaced_by_batch_id IS NULL``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select

from model.tables import Goal, ImportBatch, MeasureReport, ReportingRound
from model.vocab import STATUS_COLOURS

_mr = MeasureReport.__table__
_rr = ReportingRound.__table__
_b = ImportBatch.__table__


def data_version(engine: Engine) -> tuple[int, int]:
    """A key that changes whenever data changes (new batch or rollback): for caches."""
    with engine.connect() as conn:
        row = conn.execute(
            select(func.coalesce(func.max(_b.c.id), 0), func.count()).where(
                _b.c.status != "rolled-back"
            )
        ).one()
        rolled = conn.execute(select(func.count()).where(_b.c.status == "rolled-back")).scalar_one()
    return int(row[0]) * 100000 + int(row[1]), int(rolled)


def list_rounds(engine: Engine) -> list[str]:
    """The rounds that have current data, oldest first (``2023-K1`` … ``2025-K4``)."""
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(_rr.c.code).where(_rr.c.replaced_by_batch_id.is_(None)).order_by(_rr.c.code)
            ).scalars()
        )


def round_info(engine: Engine, round_code: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(_rr).where(_rr.c.code == round_code, _rr.c.replaced_by_batch_id.is_(None))
        ).first()
    if row is None:
        return None
    return {
        "round": row.code,
        "year": row.year,
        "quarter": row.quarter,
        "deadline": row.deadline,
        "submitted_by": row.submitted_by,
        "batch_id": row.batch_id,
    }


def previous_round(rounds: list[str], round_code: str) -> str | None:
    """The round before ``round_code`` among those in the database."""
    earlier = [r for r in rounds if r < round_code]
    return earlier[-1] if earlier else None


@dataclass(frozen=True)
class ReportRow:
    code: str
    name: str
    owner: str
    state: str
    status: str | None


def _reports(conn: Any, round_code: str) -> dict[str, ReportRow]:
    from model.tables import Measure

    m = Measure.__table__
    query = (
        select(m.c.code, _mr.c.name, _mr.c.owner, _mr.c.state, _mr.c.status_overall)
        .join(m, m.c.id == _mr.c.measure_id)
        .where(_mr.c.round_code == round_code, _mr.c.replaced_by_batch_id.is_(None))
    )
    return {
        r.code: ReportRow(r.code, r.name, r.owner, r.state, r.status_overall)
        for r in conn.execute(query)
    }


def round_summary(engine: Engine, round_code: str | None = None) -> dict[str, Any] | None:
    """The round's summary as the secretariat writes it (``ehelse status --json``).

    Counts by Tilstand; colours of Aktiv measures; new, red, disappeared and colour changes
    compared with the previous round in the database. None when there is no such round.
    """
    rounds = list_rounds(engine)
    if not rounds:
        return None
    round_code = round_code or rounds[-1]
    if round_code not in rounds:
        return None
    prev = previous_round(rounds, round_code)
    info = round_info(engine, round_code) or {}
    with engine.connect() as conn:
        now = _reports(conn, round_code)
        before = _reports(conn, prev) if prev else {}
    by_state = {"Aktiv": 0, "Pause": 0, "Ferdigstilt": 0, "Stoppet": 0}
    colours = dict.fromkeys(STATUS_COLOURS, 0)
    for r in now.values():
        by_state[r.state] = by_state.get(r.state, 0) + 1
        if r.state == "Aktiv" and r.status in colours:
            colours[r.status] += 1
    changed = []
    if prev:
        for code in sorted(now):
            old = before.get(code)
            new = now[code]
            if old and old.status and new.status and old.status != new.status:
                changed.append({"id": code, "from": old.status, "to": new.status})
    deadline = info.get("deadline")
    return {
        "round": round_code,
        "previous_round": prev,
        "deadline": deadline.isoformat() if deadline else None,
        "active": by_state["Aktiv"],
        "paused": by_state["Pause"],
        "completed": by_state["Ferdigstilt"],
        "stopped": by_state["Stoppet"],
        "new": sorted(c for c in now if c not in before) if prev else [],
        "red": sorted(c for c, r in now.items() if r.status == "Rød"),
        "disappeared": sorted(c for c in before if c not in now) if prev else [],
        "colours_active": colours,
        "changed": changed,
    }


def goals(engine: Engine) -> list[dict[str, Any]]:
    """The current wording of the 3 + 5 goals, in strategy order."""
    g = Goal.__table__
    with engine.connect() as conn:
        rows = conn.execute(
            select(g).where(g.c.replaced_by_batch_id.is_(None)).order_by(g.c.sort_order, g.c.code)
        ).all()
    return [
        {"code": r.code, "kind": r.kind, "name": r.name, "description": r.description} for r in rows
    ]
