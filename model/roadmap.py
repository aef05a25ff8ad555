"""The roadmap (Veikart): a round's measures on a time line toward 2030, grouped by strategic goal.

:func:`roadmap` turns a :class:`~model.round_report.RoundReport` into rows: each measure's bar
runs from the start of the round it was first reported in to its planned finish now, with its
status, whether its planned finish slipped since the previous round, the months it has slipped
since it was first planned, and its milestones. A measure with several goals is placed under its
first goal (the lowest code); a measure without a goal under «Uten strategisk mål». Everything
comes from the report; nothing is read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from model.labels import status_words
from model.periods import finish_date, finish_text, period_end

if TYPE_CHECKING:
    from model.round_report import RoundReport

#: The time line's span (the strategy's horizon).
START, END = date(2023, 1, 1), date(2030, 12, 31)
NO_GOAL = "Uten strategisk mål"


@dataclass(frozen=True)
class RoadmapMilestone:
    name: str
    planned: str  # as reported
    when: date | None
    status: str
    slipped: bool  # moved later since the previous round


@dataclass(frozen=True)
class RoadmapRow:
    code: str
    name: str
    owner: str
    goal: str  # S1 … S5 or NO_GOAL
    start: date  # the first day of the round it was first reported in
    end: date | None  # Planlagt ferdig now (None: not given)
    end_text: str | None
    status: str | None
    state: str
    slipped: bool  # Planlagt ferdig later than in the previous round
    slip_months: int  # this round's move (0 when none)
    total_months: int  # first planned → now
    first_round: str
    milestones: tuple[RoadmapMilestone, ...] = ()
    at_risk: bool = False


def round_start(round_code: str) -> date:
    end = period_end(round_code)
    return date(end.year, end.month - 2, 1)


def roadmap(report: RoundReport) -> tuple[RoadmapRow, ...]:
    """The report's measures (in its scope) as roadmap rows, by goal and then by start."""
    slips = {s.code: s for s in report.slipped}
    risky = {a.code for a in report.at_risk}
    by_measure: dict[str, list[RoadmapMilestone]] = {}
    for m in getattr(report, "milestones", ()):
        by_measure.setdefault(m.code, []).append(
            RoadmapMilestone(
                m.name,
                m.planned,
                finish_date(m.planned),
                m.status,
                bool(m.slip_months and m.slip_months > 0),
            )
        )
    rows = []
    for m in report.measures:
        track = report.track(m.code)
        first_round = track.first_round if track else report.round
        slip = slips.get(m.code)
        rows.append(
            RoadmapRow(
                code=m.code,
                name=m.name,
                owner=m.owner,
                goal=min(m.goals) if m.goals else NO_GOAL,
                start=round_start(first_round),
                end=m.finish,
                end_text=m.planned_finish,
                status=m.status,
                state=m.state,
                slipped=slip is not None,
                slip_months=slip.months if slip else 0,
                total_months=track.total_months if track else 0,
                first_round=first_round,
                milestones=tuple(
                    sorted(by_measure.get(m.code, ()), key=lambda x: (x.when or END, x.name))
                ),
                at_risk=m.code in risky,
            )
        )
    return tuple(
        sorted(rows, key=lambda r: (r.goal == NO_GOAL, r.goal, r.start, r.end or END, r.code))
    )


def goals_in(rows: tuple[RoadmapRow, ...]) -> list[str]:
    """The goal groups in the order shown (S1 … S5, then the measures without a goal)."""
    seen: list[str] = []
    for r in rows:
        if r.goal not in seen:
            seen.append(r.goal)
    return seen


def roadmap_finding(rows: tuple[RoadmapRow, ...], round_code: str) -> str:
    """The sentence under the roadmap."""
    from model import fmt

    if not rows:
        return f"Ingen tiltak å vise for {round_code}."
    dated = [r for r in rows if r.end is not None]
    slipped = [r for r in rows if r.slipped]
    late = [r for r in dated if r.end and r.end > END]
    text = (
        f"{fmt.count_word(len(rows), 'tiltak', 'tiltak')} i {round_code}, gruppert etter "
        f"strategisk mål; {len(dated)} har oppgitt planlagt ferdig."
    )
    if slipped:
        text += (
            f" {fmt.count_word(len(slipped), 'tiltak', 'tiltak')} har flyttet planlagt ferdig "
            "til senere siden forrige runde (merket «Forsinket»)."
        )
    if late:
        text += f" {fmt.count_word(len(late), 'tiltak', 'tiltak')} er planlagt ferdig etter 2030."
    return text


def roadmap_table(
    rows: tuple[RoadmapRow, ...],
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The roadmap as text (its accessible alternative): columns and rows."""

    columns = (
        "Mål",
        "Tiltak-ID",
        "Tiltak",
        "Status",
        "Først rapportert",
        "Planlagt ferdig",
        "Forsinket siden forrige runde",
        "Flyttet siden først planlagt",
        "Milepæler",
    )

    def months(n: int) -> str:
        return f"{'+' if n > 0 else ''}{n} mnd." if n else "–"

    out = tuple(
        (
            r.goal,
            r.code,
            r.name,
            status_words(r.status, r.state),
            r.first_round,
            finish_text(r.end_text),
            months(r.slip_months),
            months(r.total_months),
            "; ".join(f"{m.name} {finish_text(m.planned)} ({m.status})" for m in r.milestones)
            or "–",
        )
        for r in rows
    )
    return columns, out


def as_dict(row: RoadmapRow) -> dict[str, Any]:
    return {
        "id": row.code,
        "goal": row.goal,
        "start": row.start.isoformat(),
        "end": row.end.isoformat() if row.end else None,
        "status": row.status,
        "slipped": row.slipped,
    }
