"""The councils' meetings, cases and decisions: read functions for the pages, the command line
(``ehelse cases``) and the meeting pack, and the pure rules behind them.

Only current rows are read (or the rows current right after import batch ``as_of_batch``).

**Follow-ups.** A decided case may ask for a follow-up by a round (*Oppfølging innen*). It is

* ``answered`` when a later meeting of the same forum has decided a case about at least one of
  the same measures or indicators (the council came back to it);
* else ``due`` (an *open follow-up*) once that round has come, i.e. ``follow_up_by`` is at most
  the latest reporting round in the database;
* else ``pending``. A case without a decision yet asks for nothing (``None``).

*As of a round* (``until_round``, for a page or a pack of that round): that round counts as the
latest, and only meetings held by the end of its quarter count — later cases neither ask nor
answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, select

from model.periods import round_end
from model.queries import current, list_rounds
from model.tables import CouncilCase, Forum, Measure, MeasureReport, Meeting
from model.vocab import FORUMS

if TYPE_CHECKING:
    from model.round_report import RoundReport

_f, _m, _c = Forum.__table__, Meeting.__table__, CouncilCase.__table__

#: The keys of one case in ``ehelse cases --json`` (formats.md §8), in this order.
JSON_KEYS = (
    "number",
    "meeting",
    "forum",
    "date",
    "title",
    "type",
    "proposal",
    "decision",
    "measures",
    "indicators",
    "goals",
    "round",
    "follow_up_by",
)


@dataclass(frozen=True)
class Case:
    """One case on a meeting's agenda, with the meeting's forum and date."""

    number: str
    meeting: str
    forum: str
    date: dt.date
    title: str
    type: str
    proposal: str | None
    decision: str | None
    measures: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    round: str | None = None
    follow_up_by: str | None = None
    seq: int = 0
    year: int = 0
    place: str | None = None
    #: ``due`` | ``pending`` | ``answered`` | None (see the module docstring)
    follow_up: str | None = None
    #: the case that answered the follow-up: (forum, number, meeting date)
    answered_by: tuple[str, str, dt.date] | None = field(default=None)

    @property
    def decided(self) -> bool:
        return bool(self.decision)

    @property
    def key(self) -> tuple[str, str]:
        return (self.forum, self.number)

    def to_json(self) -> dict[str, Any]:
        """The contract shape of ``ehelse cases --json``."""
        return {
            "number": self.number,
            "meeting": self.meeting,
            "forum": self.forum,
            "date": self.date.isoformat(),
            "title": self.title,
            "type": self.type,
            "proposal": self.proposal,
            "decision": self.decision,
            "measures": list(self.measures),
            "indicators": list(self.indicators),
            "goals": list(self.goals),
            "round": self.round,
            "follow_up_by": self.follow_up_by,
        }


def sort_key(case: Case) -> tuple:
    """Date, then Saksnummer (9/25 before 10/25), then forum."""
    return (case.date, case.year, case.seq, case.forum)


def _codes(text: str | None) -> tuple[str, ...]:
    return tuple(c for c in (text or "").split(";") if c)


# --------------------------------------------------------------------------------------------
# Pure rules
# --------------------------------------------------------------------------------------------


def follow_up_states(cases: Sequence[Case], latest_round: str | None) -> list[Case]:
    """Every case with its follow-up state (module docstring) and the case that answered it."""
    from dataclasses import replace

    decided = sorted((c for c in cases if c.decided), key=sort_key)
    out = []
    for case in cases:
        if not case.follow_up_by or not case.decided:
            out.append(replace(case, follow_up=None, answered_by=None))
            continue
        about = set(case.measures) | set(case.indicators)
        answer = next(
            (
                later
                for later in decided
                if later.forum == case.forum
                and later.date > case.date
                and about & (set(later.measures) | set(later.indicators))
            ),
            None,
        )
        if answer is not None:
            state = "answered"
        elif latest_round is not None and case.follow_up_by <= latest_round:
            state = "due"
        else:
            state = "pending"
        out.append(
            replace(
                case,
                follow_up=state,
                answered_by=(answer.forum, answer.number, answer.date) if answer else None,
            )
        )
    return out


_NUMBER_WORDS = (
    "ingen",
    "ett",
    "to",
    "tre",
    "fire",
    "fem",
    "seks",
    "sju",
    "åtte",
    "ni",
    "ti",
    "elleve",
    "tolv",
)


def _count_measures(n: int) -> str:
    """``ett tiltak``, ``to tiltak``, ``13 tiltak``: small numbers in words, as the papers write."""
    return f"{_NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else n} tiltak"


def _list_nb(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def draft_proposal(
    round_code: str,
    red_measures: Iterable[tuple[str, str, str]],
    forum: str = "NUIT",
) -> str:
    """The *forslag til vedtak* of a round's portfolio-status case, in the style of the papers:

    «NUIT tar statusrapporten for nasjonal e-helseportefølje 2025-K3 til orientering.» and, when
    measures report red (``(Tiltak-ID, name, owner)``), the sentence that asks the council to
    note them: «NUIT merker seg at ett tiltak melder rød status: «Mine timeavtaler» (T-0057,
    Norsk helsenett SF).» A draft: the secretariat edits it before the meeting.
    """
    text = (
        f"{forum} tar statusrapporten for nasjonal e-helseportefølje {round_code} til orientering."
    )
    red = sorted(red_measures)
    if red:
        listed = [f"«{name}» ({code}, {owner})" for code, name, owner in red]
        text += (
            f" {forum} merker seg at {_count_measures(len(red))} melder rød status: "
            f"{_list_nb(listed)}."
        )
    return text


# --------------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------------


def _all_cases(
    engine: Engine, as_of_batch: int | None = None, until_round: str | None = None
) -> list[Case]:
    query = (
        select(
            _c,
            _f.c.name.label("forum_name"),
            _m.c.meeting_date,
            _m.c.place,
        )
        .join(_f, _f.c.id == _c.c.forum_id)
        .join(_m, (_m.c.code == _c.c.meeting_code) & current(_m, as_of_batch))
        .where(current(_c, as_of_batch))
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    cases = [
        Case(
            number=r.number,
            meeting=r.meeting_code,
            forum=r.forum_name,
            date=r.meeting_date,
            title=r.title,
            type=r.case_type,
            proposal=r.proposal,
            decision=r.decision,
            measures=_codes(r.measures),
            indicators=_codes(r.indicators),
            goals=_codes(r.goals),
            round=r.round_code,
            follow_up_by=r.follow_up_by,
            seq=r.seq,
            year=r.year,
            place=r.place,
        )
        for r in rows
    ]
    if until_round:
        end = round_end(until_round)
        cases = [c for c in cases if c.date <= end]
        latest: str | None = until_round
    else:
        rounds = list_rounds(engine, as_of_batch, published_only=True)
        latest = rounds[-1] if rounds else None
    return sorted(follow_up_states(cases, latest), key=sort_key)


def list_cases(
    engine: Engine,
    *,
    measure: str | None = None,
    indicator: str | None = None,
    forum: str | None = None,
    open_follow_ups: bool = False,
    as_of_batch: int | None = None,
    until_round: str | None = None,
) -> list[Case]:
    """Cases sorted by date then Saksnummer (``ehelse cases``): those about ``measure`` or
    ``indicator``, of ``forum``, or only the open follow-ups (due and not answered);
    ``until_round``: as of that round (module docstring)."""
    cases = _all_cases(engine, as_of_batch, until_round)
    if measure:
        cases = [c for c in cases if measure in c.measures]
    if indicator:
        cases = [c for c in cases if indicator in c.indicators]
    if forum:
        cases = [c for c in cases if c.forum == forum]
    if open_follow_ups:
        cases = [c for c in cases if c.follow_up == "due"]
    return cases


def cases_json(engine: Engine, **filters: Any) -> dict[str, Any]:
    """``ehelse cases --json``: ``{"cases": [...]}`` in the contract's shape."""
    return {"cases": [c.to_json() for c in list_cases(engine, **filters)]}


def cases_for_measure(engine: Engine, code: str, as_of_batch: int | None = None) -> list[Case]:
    """What the councils handled and decided about one measure, oldest first."""
    return list_cases(engine, measure=code, as_of_batch=as_of_batch)


def cases_for_indicator(engine: Engine, code: str, as_of_batch: int | None = None) -> list[Case]:
    """What the councils handled and decided about one indicator, oldest first."""
    return list_cases(engine, indicator=code, as_of_batch=as_of_batch)


def open_follow_ups(
    engine: Engine, round_code: str | None = None, as_of_batch: int | None = None
) -> list[Case]:
    """Decisions that asked for a follow-up by a round that has come, not yet answered by a later
    case of the same forum (module docstring), oldest due first. ``round_code``: as of that
    round (default: the latest round in the database)."""
    due = list_cases(engine, open_follow_ups=True, as_of_batch=as_of_batch, until_round=round_code)
    return sorted(due, key=lambda c: (c.follow_up_by or "", *sort_key(c)))


def cases_for_round(engine: Engine, round_code: str, as_of_batch: int | None = None) -> list[Case]:
    """The cases about one reporting round (column Runde), e.g. its portfolio-status case."""
    return [c for c in _all_cases(engine, as_of_batch) if c.round == round_code]


def get_case(
    engine: Engine, forum: str, number: str, as_of_batch: int | None = None
) -> Case | None:
    return next(
        (c for c in _all_cases(engine, as_of_batch) if c.key == (forum, number)),
        None,
    )


def forums(engine: Engine, as_of_batch: int | None = None) -> list[str]:
    """The forums with current meetings: NUIT, Nasjonalt e-helseråd, NUFA first, then others."""
    query = (
        select(_f.c.name)
        .distinct()
        .join(_m, _m.c.forum_id == _f.c.id)
        .where(current(_m, as_of_batch))
    )
    with engine.connect() as conn:
        names = set(conn.execute(query).scalars())
    known = [f for f in FORUMS if f in names]
    return known + sorted(names - set(known), key=str.casefold)


def list_meetings(
    engine: Engine, forum: str | None = None, as_of_batch: int | None = None
) -> list[dict[str, Any]]:
    """Meetings, newest first: code, forum, date, place, the number of cases and of decisions."""
    query = (
        select(_m.c.code, _m.c.meeting_date, _m.c.place, _f.c.name.label("forum"))
        .join(_f, _f.c.id == _m.c.forum_id)
        .where(current(_m, as_of_batch))
    )
    if forum:
        query = query.where(_f.c.name == forum)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    counts: dict[str, list[int]] = {}
    for case in _all_cases(engine, as_of_batch):
        entry = counts.setdefault(case.meeting, [0, 0])
        entry[0] += 1
        entry[1] += case.decided
    meetings = [
        {
            "code": r.code,
            "forum": r.forum,
            "date": r.meeting_date,
            "place": r.place,
            "cases": counts.get(r.code, [0, 0])[0],
            "decided": counts.get(r.code, [0, 0])[1],
        }
        for r in rows
    ]
    return sorted(meetings, key=lambda m: (m["date"], m["code"]), reverse=True)


def meeting(engine: Engine, code: str, as_of_batch: int | None = None) -> dict[str, Any] | None:
    return next((m for m in list_meetings(engine, None, as_of_batch) if m["code"] == code), None)


def meeting_agenda(engine: Engine, code: str, as_of_batch: int | None = None) -> list[Case]:
    """A meeting's *saksliste*: its cases in Saksnummer order (for the page and the meeting
    pack: number, title, type, proposal, decision)."""
    return [c for c in _all_cases(engine, as_of_batch) if c.meeting == code]


def measure_status(
    engine: Engine,
    codes: Sequence[str],
    as_of_batch: int | None = None,
    until_round: str | None = None,
) -> dict[str, dict[str, Any]]:
    """The current status of measures: their newest report (round, name, owner, Samlet status,
    phase, state), or their newest up to ``until_round``. Measures never reported are absent."""
    if not codes:
        return {}
    m, mr = Measure.__table__, MeasureReport.__table__
    query = (
        select(
            m.c.code,
            mr.c.round_code,
            mr.c.name,
            mr.c.owner,
            mr.c.status_overall,
            mr.c.phase,
            mr.c.state,
        )
        .join(m, m.c.id == mr.c.measure_id)
        .where(m.c.code.in_(list(codes)), current(mr, as_of_batch))
        .order_by(m.c.code, mr.c.round_code)
    )
    if until_round:
        query = query.where(mr.c.round_code <= until_round)
    out: dict[str, dict[str, Any]] = {}
    with engine.connect() as conn:
        for r in conn.execute(query):
            out[r.code] = {
                "code": r.code,
                "round": r.round_code,
                "name": r.name,
                "owner": r.owner,
                "status": r.status_overall,
                "phase": r.phase,
                "state": r.state,
            }
    return out


def draft_portfolio_proposal(report: RoundReport, forum: str = "NUIT") -> str:
    """:func:`draft_proposal` for a round's report (its red measures)."""
    return draft_proposal(report.round, [(m.code, m.name, m.owner) for m in report.red], forum)


#: The title of a round's portfolio-status case when the workbook has none yet.
STATUS_CASE_TITLE = "Status nasjonal e-helseportefølje"


@dataclass(frozen=True)
class RoundAgenda:
    """The meeting that handles a round's portfolio status, for the meeting pack: its
    *saksliste* and the portfolio-status case (``status_case``; None when the meeting has none
    registered yet). ``meeting`` is None when no meeting handles the round yet: the pack then has
    the drafted proposal and no agenda."""

    round: str
    forum: str
    meeting: dict[str, Any] | None
    cases: tuple[Case, ...]
    status_case: Case | None

    @property
    def heading(self) -> str:
        """``NUIT-2025-4, 18. september 2025`` or the forum alone."""
        if self.meeting is None:
            return self.forum
        from model import fmt

        return f"{self.meeting['code']}, {fmt.long_date(self.meeting['date'])}"


def _is_status_case(case: Case) -> bool:
    return STATUS_CASE_TITLE.casefold() in case.title.casefold()


def round_agenda(
    engine: Engine, round_code: str, as_of_batch: int | None = None, forum: str = "NUIT"
) -> RoundAgenda:
    """The meeting whose cases concern ``round_code`` (column Runde), preferring the one with the
    portfolio-status case; its saksliste in Saksnummer order."""
    cases = _all_cases(engine, as_of_batch)
    about = [c for c in cases if c.round == round_code]
    status = next((c for c in about if _is_status_case(c)), None)
    chosen = status or (about[0] if about else None)
    if chosen is None:
        return RoundAgenda(round_code, forum, None, (), None)
    agenda = tuple(c for c in cases if c.meeting == chosen.meeting)
    return RoundAgenda(
        round_code,
        chosen.forum,
        meeting(engine, chosen.meeting, as_of_batch),
        agenda,
        status,
    )


def agenda_rows(agenda: RoundAgenda, proposal: str) -> list[tuple[str, str, str, str, str]]:
    """The saksliste as (Sak, Tittel, Type, Forslag til vedtak, Vedtak); the portfolio-status
    case carries ``proposal`` (drafted from the data, edited by the secretariat) – added at the
    end when the meeting has no such case registered yet."""
    rows = [
        (
            c.number,
            c.title,
            c.type,
            proposal if c is agenda.status_case else (c.proposal or ""),
            c.decision or "",
        )
        for c in agenda.cases
    ]
    if agenda.status_case is None:
        rows.append(("", f"{STATUS_CASE_TITLE} {agenda.round}", "Orientering", proposal, ""))
    return rows


# --------------------------------------------------------------------------------------------
# Text (``ehelse cases`` without --json)
# --------------------------------------------------------------------------------------------


def follow_up_text(case: Case) -> str:
    """``Oppfølging innen 2025-K4 – ventes nå`` (empty when the case asks for none)."""
    if not case.follow_up_by:
        return ""
    head = f"Oppfølging innen {case.follow_up_by}"
    if case.follow_up == "due":
        return f"{head} – ventes nå (runden er kommet, saken er ikke tatt opp igjen)"
    if case.follow_up == "answered" and case.answered_by:
        forum, number, when = case.answered_by
        from model import fmt

        return f"{head} – fulgt opp i sak {number} ({forum}, {fmt.long_date(when)})"
    if case.follow_up == "pending":
        return f"{head} – ikke kommet ennå"
    return f"{head} (når vedtaket er fattet)"


def text(
    cases: Sequence[Case], *, measure: str | None = None, open_follow_ups: bool = False
) -> str:
    """The cases as Norwegian text, one block per case."""
    from model import fmt

    if not cases:
        if open_follow_ups:
            return "Ingen åpne oppfølgingspunkter: ingen vedtak venter på oppfølging nå."
        if measure:
            return f"Ingen saker i rådene om {measure}."
        return "Ingen saker ennå. Last opp en saksarbeidsbok («ehelse import FIL»)."
    lines: list[str] = []
    for c in cases:
        lines.append(
            f"{c.forum} sak {c.number} · {fmt.long_date(c.date)} · møte {c.meeting} · {c.type}"
        )
        lines.append(f"  {c.title}")
        if c.proposal:
            lines.append(f"  Forslag til vedtak: {' '.join(c.proposal.split())}")
        lines.append(
            f"  Vedtak: {' '.join(c.decision.split())}"
            if c.decision
            else "  Vedtak: ikke fattet ennå"
        )
        links = [
            f"{label}: {', '.join(values)}"
            for label, values in (
                ("Tiltak", c.measures),
                ("Indikatorer", c.indicators),
                ("Mål", c.goals),
            )
            if values
        ]
        if c.round:
            links.append(f"Runde: {c.round}")
        if links:
            lines.append("  " + " · ".join(links))
        if c.follow_up_by:
            lines.append("  " + follow_up_text(c))
        lines.append("")
    lines.append(fmt.count_word(len(cases), "sak", "saker") + ".")
    return "\n".join(lines)
