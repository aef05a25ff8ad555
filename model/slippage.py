"""Slippage: a measure's Planlagt ferdig across rounds, and how far it has moved.

:func:`finish_tracks` reads, for every measure reported up to a round, *Planlagt ferdig* per
round (a quarter counts as its last day, formats.md section 3 ``slipped``) and returns a
:class:`FinishTrack`: the first planned finish, the current one, the slip in months between
them (first planned vs now) and the moves round by round — what the GMPP-style slip chart on a
measure's page and the roadmap draw.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, select

from model.periods import finish_date, months_between
from model.queries import current
from model.tables import Measure, MeasureReport

_mr = MeasureReport.__table__
_m = Measure.__table__


@dataclass(frozen=True)
class FinishPoint:
    round: str
    text: str | None  # as reported: 2026-12-31, 2027-K2 or None
    finish: date | None


@dataclass(frozen=True)
class FinishTrack:
    """One measure's planned finish per round (oldest first) up to a round."""

    code: str
    points: tuple[FinishPoint, ...]

    @property
    def first_round(self) -> str:
        return self.points[0].round

    @property
    def dated(self) -> tuple[FinishPoint, ...]:
        return tuple(p for p in self.points if p.finish is not None)

    @property
    def first(self) -> FinishPoint | None:
        """The first planned finish ever reported."""
        dated = self.dated
        return dated[0] if dated else None

    @property
    def latest(self) -> FinishPoint | None:
        """The planned finish now (the last round that gave one)."""
        dated = self.dated
        return dated[-1] if dated else None

    @property
    def total_months(self) -> int:
        """Months from the first planned finish to the current one (negative: earlier)."""
        first, latest = self.first, self.latest
        if first is None or latest is None:
            return 0
        return months_between(first.finish, latest.finish)  # type: ignore[arg-type]

    @property
    def moves(self) -> tuple[tuple[FinishPoint, FinishPoint, int], ...]:
        """(before, after, months) for every round whose planned finish differs from the round
        before that gave one."""
        dated = self.dated
        return tuple(
            (a, b, months_between(a.finish, b.finish))  # type: ignore[arg-type]
            for a, b in zip(dated, dated[1:], strict=False)
            if a.finish != b.finish
        )

    @property
    def times_slipped(self) -> int:
        return sum(1 for _a, _b, months in self.moves if months > 0)


def finish_tracks(
    engine: Engine,
    until_round: str,
    as_of_batch: int | None = None,
    codes: Iterable[str] | None = None,
) -> dict[str, FinishTrack]:
    """Every measure's planned finish per round up to and including ``until_round`` (only the
    measures in ``codes`` when given), as of an import batch (None: the newest data)."""
    query = (
        select(_m.c.code, _mr.c.round_code, _mr.c.planned_finish)
        .join(_m, _m.c.id == _mr.c.measure_id)
        .where(current(_mr, as_of_batch), _mr.c.round_code <= until_round)
    )
    wanted = set(codes) if codes is not None else None
    points: dict[str, list[FinishPoint]] = {}
    with engine.connect() as conn:
        for code, round_code, planned in conn.execute(query):
            if wanted is not None and code not in wanted:
                continue
            points.setdefault(code, []).append(
                FinishPoint(round_code, planned, finish_date(planned))
            )
    return {
        code: FinishTrack(code, tuple(sorted(items, key=lambda p: p.round)))
        for code, items in sorted(points.items())
    }
