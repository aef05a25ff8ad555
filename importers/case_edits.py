"""Meetings, cases and decisions typed on the page «Registrer sak» instead of uploaded.

**Each saved edit is a batch of its own** (``import_batch`` with kind ``cases``; its «file» is a
description such as «Vedtak i sak NUIT 41/25 (registrert på siden)», its sha256 that of the
saved values). So an edit is validated by exactly the rules of the ``Saker`` workbook
(:mod:`importers.cases`), appears in the import history, is audited (action ``case-edit``), moves
the data version the pages cache on, and can be undone with ``ehelse rollback`` or on
«Importhistorikk» like an upload: the case as it was before returns. An edit that changes nothing
creates no batch. Refused input writes nothing but an audit event.

Only editors and administrators may save (permission ``edit-cases``), checked here as well as by
the page.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from importers import cases
from importers.errors import Issue
from importers.readers import Table, Workbook
from importers.service import _refresh_batch_status, _take_import_lock
from importers.sheets import Issues, headers
from model import audit
from model.access import Actor
from model.fmt import one_line
from model.tables import CouncilCase, Forum, ImportBatch, Indicator, Measure, Meeting
from model.vocab import BatchStatus

ACTION = "case-edit"


@dataclass(frozen=True)
class MeetingInput:
    """A meeting as typed in the form (the same columns as the sheet ``Møter``)."""

    code: str
    forum: str
    date: date | str | None
    place: str = ""


@dataclass(frozen=True)
class CaseInput:
    """A case as typed in the form (the same columns as the sheet ``Saker``; lists as text)."""

    number: str
    meeting: str
    title: str
    case_type: str
    proposal: str = ""
    decision: str = ""
    measures: str = ""
    indicators: str = ""
    goals: str = ""
    round: str = ""
    follow_up_by: str = ""


@dataclass
class EditResult:
    """What a save did: the new batch (None when nothing changed) and any warnings."""

    batch_id: int | None
    description: str
    warnings: list[Issue] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.batch_id is not None


class CaseEditRefused(Exception):
    """The input breaks a rule; nothing was saved. ``issues`` name the field (``column``)."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(" ".join(i.message for i in issues))
        self.issues = issues


class _NothingChanged(Exception):
    pass


def _plain(payload: dict[str, Any]) -> dict[str, Any]:
    """The values as JSON has them (a date as ISO text), for the audit log's details."""
    return json.loads(json.dumps(payload, ensure_ascii=False, default=str))


def _sha(payload: dict[str, Any]) -> str:
    data = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def _workbook(sheet: str, schema: tuple, values: list[Any]) -> Workbook:
    header = list(headers(schema))
    return Workbook(file_name="skjema", format="web", tables=[Table(sheet, [header, values])])


def _validate(conn: Connection, workbook: Workbook) -> tuple[cases.CasesData, Issues]:
    issues = Issues()
    data = cases.validate(
        workbook,
        issues,
        **cases.known_context(conn),
        known_measures=set(conn.execute(select(Measure.__table__.c.code)).scalars()),
        known_indicators=set(conn.execute(select(Indicator.__table__.c.code)).scalars()),
    )
    return data, issues


def _current_case(conn: Connection, forum: str, number: str) -> Any:
    c, f = CouncilCase.__table__, Forum.__table__
    return conn.execute(
        select(c, f.c.name.label("forum_name"))
        .join(f, f.c.id == c.c.forum_id)
        .where(f.c.name == forum, c.c.number == number, c.c.replaced_by_batch_id.is_(None))
    ).first()


def _save(
    engine: Engine,
    actor: Actor,
    *,
    description: str,
    payload: dict[str, Any],
    run: Any,
) -> EditResult:
    """One edit in one transaction: validate and check (``run`` raises CaseEditRefused), create
    the batch, load, audit. ``run(conn, batch_id_factory)`` returns (superseded, warnings)."""
    audit.require_audited(engine, actor, "edit-cases", ACTION, file_name=description)
    sha = _sha(payload)
    try:
        with engine.begin() as conn:
            _take_import_lock(conn)
            b = ImportBatch.__table__

            def new_batch(rows: int) -> int:
                return conn.execute(
                    insert(b)
                    .values(
                        created_at=audit.now_utc(),
                        user=actor.name,
                        file_name=description,
                        sha256=sha,
                        kind="cases",
                        rows=rows,
                        status=BatchStatus.LOADED,
                    )
                    .returning(b.c.id)
                ).scalar_one()

            batch_id, superseded, warnings = run(conn, new_batch)
            written = 0
            for t in (CouncilCase.__table__, Meeting.__table__):
                written += conn.execute(
                    select(func.count()).select_from(t).where(t.c.batch_id == batch_id)
                ).scalar_one()
            if not written and not superseded:
                raise _NothingChanged
            _refresh_batch_status(conn, superseded)
            audit.record(
                conn,
                actor,
                ACTION,
                file_name=description,
                sha256=sha,
                batch_id=batch_id,
                details=payload,
            )
    except _NothingChanged:
        with engine.begin() as conn:
            audit.record(
                conn, actor, ACTION, outcome="unchanged", file_name=description, details=payload
            )
        return EditResult(None, description)
    except CaseEditRefused as refused:
        with engine.begin() as conn:
            audit.record(
                conn,
                actor,
                ACTION,
                outcome="rejected",
                file_name=description,
                details={**payload, "errors": [i.code for i in refused.issues]},
            )
        raise
    return EditResult(batch_id, description, warnings)


def _refuse_on_errors(issues: Issues) -> None:
    if issues.errors:
        raise CaseEditRefused(issues.errors)


def save_meeting(
    engine: Engine, meeting: MeetingInput, *, actor: Actor, original: str | None = None
) -> EditResult:
    """Add a meeting (``original`` None: its Møte-ID must be new) or change one (``original``:
    its Møte-ID before; the ID itself cannot change once the meeting has cases)."""
    code = one_line(meeting.code)
    verb = "Nytt møte" if original is None else "Endret møte"
    description = f"{verb} {code or '(uten ID)'} (registrert på siden)"
    payload = _plain({"what": "meeting", "original": original, **asdict(meeting)})

    def run(conn: Connection, new_batch: Any) -> tuple[int, set[int], list[Issue]]:
        workbook = _workbook(
            cases.MEETINGS_SHEET,
            cases.MEETING_SCHEMA,
            [code, meeting.forum, meeting.date, meeting.place],
        )
        data, issues = _validate(conn, workbook)
        m = Meeting.__table__
        exists = conn.execute(
            select(m.c.id).where(m.c.code == code, m.c.replaced_by_batch_id.is_(None))
        ).first()
        if code and original is None and exists:
            issues.error(
                "duplicate-id",
                f"Møtet «{code}» finnes allerede. Velg det i listen for å endre det.",
                column="Møte-ID",
                value=code,
            )
        if original is not None and code != original:
            issues.error(
                "invalid-value",
                "Møte-ID-en kan ikke endres her. Registrer et nytt møte i stedet.",
                column="Møte-ID",
                value=code,
            )
        _refuse_on_errors(issues)
        batch_id = new_batch(1)
        return batch_id, cases.load(conn, data, batch_id), issues.warnings

    return _save(engine, actor, description=description, payload=payload, run=run)


def save_case(
    engine: Engine,
    case: CaseInput,
    *,
    actor: Actor,
    original: tuple[str, str] | None = None,
    description: str | None = None,
) -> EditResult:
    """Add a case (``original`` None: its Saksnummer must be new in the meeting's forum) or
    change one (``original``: its (forum, Saksnummer) before; it may get a new number or
    meeting). The fields follow the rules of the sheet ``Saker``."""
    if description is None:
        verb = "Ny sak" if original is None else "Endret sak"
        description = f"{verb} {_case_label(engine, case)} (registrert på siden)"
    payload = _plain(
        {"what": "case", "original": list(original) if original else None, **asdict(case)}
    )

    def run(conn: Connection, new_batch: Any) -> tuple[int, set[int], list[Issue]]:
        workbook = _workbook(
            cases.CASES_SHEET,
            cases.CASE_SCHEMA,
            [
                case.number,
                case.meeting,
                case.title,
                case.case_type,
                case.proposal,
                case.decision,
                case.measures,
                case.indicators,
                case.goals,
                case.round,
                case.follow_up_by,
            ],
        )
        data, issues = _validate(conn, workbook)
        before = _current_case(conn, *original) if original else None
        if original is not None and before is None:
            issues.error(
                "unknown-reference",
                f"Sak {original[1]} i {original[0]} finnes ikke (lenger). Last siden på nytt.",
                column="Saksnummer",
                value=original[1],
            )
        new = data.cases[0] if data.cases else None
        if new is not None and (original is None or (new["forum"], new["number"]) != original):
            taken = _current_case(conn, new["forum"], new["number"])
            if taken is not None:
                issues.error(
                    "duplicate-id",
                    f"Sak {new['number']} finnes allerede i {new['forum']} («{taken.title}»). "
                    "Et saksnummer er unikt per forum og år.",
                    column="Saksnummer",
                    value=new["number"],
                )
        _refuse_on_errors(issues)
        batch_id = new_batch(1)
        superseded = cases.load(conn, data, batch_id)
        if before is not None and new is not None and (new["forum"], new["number"]) != original:
            c = CouncilCase.__table__
            conn.execute(update(c).where(c.c.id == before.id).values(replaced_by_batch_id=batch_id))
            superseded.add(before.batch_id)
        return batch_id, superseded, issues.warnings

    return _save(engine, actor, description=description, payload=payload, run=run)


def _case_label(engine: Engine, case: CaseInput) -> str:
    """``NUIT 3/26`` as far as the input allows (for the history's «file» column)."""
    from importers.values import ValueProblem

    try:
        number = cases.parse_case_number(case.number)[0]
    except ValueProblem:
        number = one_line(case.number) or "(uten nummer)"
    m, f = Meeting.__table__, Forum.__table__
    with engine.connect() as conn:
        forum = conn.execute(
            select(f.c.name)
            .join(m, m.c.forum_id == f.c.id)
            .where(m.c.code == case.meeting.strip(), m.c.replaced_by_batch_id.is_(None))
        ).scalar()
    return f"{forum} {number}" if forum else number


def case_input(engine: Engine, forum: str, number: str) -> CaseInput | None:
    """The current case as form values (to prefill the edit form)."""
    with engine.connect() as conn:
        row = _current_case(conn, forum, number)
    if row is None:
        return None

    def listed(text: str | None) -> str:
        return ", ".join(c for c in (text or "").split(";") if c)

    return CaseInput(
        number=row.number,
        meeting=row.meeting_code,
        title=row.title,
        case_type=row.case_type,
        proposal=row.proposal or "",
        decision=row.decision or "",
        measures=listed(row.measures),
        indicators=listed(row.indicators),
        goals=listed(row.goals),
        round=row.round_code or "",
        follow_up_by=row.follow_up_by or "",
    )


def record_decision(
    engine: Engine,
    forum: str,
    number: str,
    decision: str,
    *,
    actor: Actor,
    follow_up_by: str = "",
) -> EditResult:
    """Record (or correct) the *vedtak* of a case, and the round by which it asks for a
    follow-up (empty: none)."""
    description = f"Vedtak i sak {forum} {number} (registrert på siden)"
    audit.require_audited(engine, actor, "edit-cases", ACTION, file_name=description)
    current = case_input(engine, forum, number)
    if current is None:
        raise CaseEditRefused(
            [
                Issue(
                    code="unknown-reference",
                    message=f"Sak {number} i {forum} finnes ikke (lenger). Last siden på nytt.",
                    column="Saksnummer",
                    value=number,
                )
            ]
        )
    from dataclasses import replace

    return save_case(
        engine,
        replace(current, decision=decision, follow_up_by=follow_up_by),
        actor=actor,
        original=(forum, number),
        description=description,
    )
