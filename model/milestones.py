"""Milestones (formats.md §7): a measure's milestones per round, their planned dates tracked
across rounds like Planlagt ferdig (a quarter counts as its last day).

:func:`round_milestones` gives the milestones of one round with the planned date each had in the
previous round (``slip_months`` > 0: moved later); :func:`milestone_history` a measure's
milestones in every round up to one (the measure's page draws them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, select

from model.periods import finish_date, months_between
from model.queries import current
from model.tables import Measure, MilestoneReport

_ms = MilestoneReport.__table__
_m = Measure.__table__


@dataclass(frozen=True)
class MilestoneRow:
    code: str  # the measure's Tiltak-ID
    name: str
    round: str
    planned: str  # as reported: 2026-06-30 or 2026-K2
    status: str
    comment: str | None
    previous_planned: str | None = None  # in the previous round (None: new or not reported)

    @property
    def when(self) -> date | None:
        return finish_date(self.planned)

    @property
    def slip_months(self) -> int | None:
        """Months later than in the previous round (negative: earlier); None without one."""
        before, after = finish_date(self.previous_planned), self.when
        if before is None or after is None:
            return None
        return months_between(before, after)


def _read(conn, rounds: list[str], as_of_batch: int | None, code: str | None = None):  # noqa: ANN001, ANN202
    query = (
        select(_m.c.code, _ms.c.name, _ms.c.round_code, _ms.c.planned, _ms.c.status, _ms.c.comment)
        .join(_m, _m.c.id == _ms.c.measure_id)
        .where(current(_ms, as_of_batch), _ms.c.round_code.in_(rounds))
        .order_by(_m.c.code, _ms.c.round_code, _ms.c.planned, _ms.c.name)
    )
    if code is not None:
        query = query.where(_m.c.code == code)
    return conn.execute(query).all()


def round_milestones(
    engine: Engine, round_code: str, previous_round: str | None, as_of_batch: int | None = None
) -> tuple[MilestoneRow, ...]:
    """The round's milestones, each with its planned date in the previous round."""
    rounds = [round_code] + ([previous_round] if previous_round else [])
    with engine.connect() as conn:
        rows = _read(conn, rounds, as_of_batch)
    before = {(r.code, r.name): r.planned for r in rows if r.round_code == previous_round}
    return tuple(
        MilestoneRow(
            r.code,
            r.name,
            r.round_code,
            r.planned,
            r.status,
            r.comment,
            before.get((r.code, r.name)),
        )
        for r in rows
        if r.round_code == round_code
    )


def milestone_history(
    engine: Engine, code: str, rounds: list[str], as_of_batch: int | None = None
) -> tuple[MilestoneRow, ...]:
    """A measure's milestones in each of ``rounds`` (oldest first), each with the planned date it
    had in the round before."""
    with engine.connect() as conn:
        rows = _read(conn, rounds, as_of_batch, code)
    order = {r: i for i, r in enumerate(rounds)}
    out: list[MilestoneRow] = []
    last: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: (order[r.round_code], r.name)):
        prev_round = rounds[order[r.round_code] - 1] if order[r.round_code] else None
        prev = (
            last.get(r.name) if prev_round and last.get(f"{r.name}\0round") == prev_round else None
        )
        out.append(MilestoneRow(r.code, r.name, r.round_code, r.planned, r.status, r.comment, prev))
        last[r.name] = r.planned
        last[f"{r.name}\0round"] = r.round_code
    return tuple(out)
