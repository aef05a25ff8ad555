"""Reading the audit log: filter by time, user, action and outcome; export as CSV and XLSX.

Exports hold text only: in XLSX every cell is a text cell (never a formula), in CSV a value that
a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return first) is
prefixed with an apostrophe, as OWASP recommends against CSV injection (:mod:`model.safe_text`).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from model.labels import AUDIT_ACTION_LABELS_NB, AUDIT_OUTCOME_LABELS_NB, label
from model.oslo import OSLO, oslo_iso
from model.safe_text import csv_bytes
from model.tables import AuditEvent

COLUMNS = ["Tid", "Bruker", "Handling", "Utfall", "Fil", "Import", "SHA-256", "Kanal", "Detaljer"]


def action_label(action: str) -> str:
    return label(AUDIT_ACTION_LABELS_NB, action)


def outcome_label(outcome: str) -> str:
    return label(AUDIT_OUTCOME_LABELS_NB, outcome)


@dataclass(frozen=True)
class AuditFilter:
    """Dates are calendar days in Norway (Europe/Oslo), both ends included."""

    date_from: date | None = None
    date_to: date | None = None
    users: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()

    def describe(self) -> dict[str, Any]:
        """The filter as recorded with an export of the log."""
        return {
            "fra": self.date_from.isoformat() if self.date_from else None,
            "til": self.date_to.isoformat() if self.date_to else None,
            "brukere": list(self.users),
            "handlinger": list(self.actions),
            "utfall": list(self.outcomes),
        }


def _utc_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=OSLO).astimezone(UTC)


def events(engine: Engine, filt: AuditFilter | None = None) -> list[dict[str, Any]]:
    """The matching events, newest first."""
    filt = filt or AuditFilter()
    t = AuditEvent.__table__
    query = select(t).order_by(t.c.time.desc(), t.c.id.desc())
    if filt.date_from:
        query = query.where(t.c.time >= _utc_start(filt.date_from))
    if filt.date_to:
        query = query.where(t.c.time < _utc_start(filt.date_to + timedelta(days=1)))
    if filt.users:
        query = query.where(t.c.user.in_(filt.users))
    if filt.actions:
        query = query.where(t.c.action.in_(filt.actions))
    if filt.outcomes:
        query = query.where(t.c.outcome.in_(filt.outcomes))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    out = []
    for r in rows:
        try:
            details = json.loads(r.details) if r.details else {}
        except json.JSONDecodeError:
            details = {"tekst": r.details}
        out.append(
            {
                "id": r.id,
                "time": oslo_iso(r.time),
                "user": r.user,
                "action": r.action,
                "outcome": r.outcome,
                "file": r.file_name,
                "batch_id": r.batch_id,
                "sha256": r.sha256,
                "via": details.pop("via", None),
                "role": details.pop("role", None),
                "details": details,
            }
        )
    return out


def options(engine: Engine) -> dict[str, Any]:
    """The values to filter by: users, actions, outcomes present, and the first and last day."""
    t = AuditEvent.__table__
    with engine.connect() as conn:
        users = conn.execute(select(t.c.user).distinct().order_by(t.c.user)).scalars().all()
        actions = conn.execute(select(t.c.action).distinct().order_by(t.c.action)).scalars().all()
        outcomes = (
            conn.execute(select(t.c.outcome).distinct().order_by(t.c.outcome)).scalars().all()
        )
        first, last = conn.execute(select(func.min(t.c.time), func.max(t.c.time))).one()

    def day(moment: datetime | None) -> date | None:
        text = oslo_iso(moment)
        return date.fromisoformat(text[:10]) if text else None

    return {
        "users": list(users),
        "actions": list(actions),
        "outcomes": list(outcomes),
        "first": day(first),
        "last": day(last),
    }


def _details_text(event: dict[str, Any]) -> str:
    parts = []
    for key, value in event["details"].items():
        if value in (None, "", [], {}):
            continue
        if isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False)
        parts.append(f"{key}: {value}")
    if event.get("role"):
        parts.insert(0, f"rolle: {event['role']}")
    return "; ".join(parts)


def table_rows(events_: list[dict[str, Any]]) -> list[list[str]]:
    """One row of text per event, in the order of :data:`COLUMNS`."""
    return [
        [
            (e["time"] or "").replace("T", " "),
            e["user"] or "",
            action_label(e["action"]),
            outcome_label(e["outcome"]),
            e["file"] or "",
            "" if e["batch_id"] is None else str(e["batch_id"]),
            e["sha256"] or "",
            e["via"] or "",
            _details_text(e),
        ]
        for e in events_
    ]


def to_csv(events_: list[dict[str, Any]]) -> bytes:
    """Semicolon-separated UTF-8 with BOM (opens correctly in Norwegian Excel)."""
    return csv_bytes(COLUMNS, table_rows(events_))


def to_xlsx(events_: list[dict[str, Any]]) -> bytes:
    """One sheet «Revisjonslogg»; every cell is a text cell, so nothing can run as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Revisjonslogg"
    for r, row in enumerate([COLUMNS, *table_rows(events_)], start=1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            cell.data_type = "s"
            if r == 1:
                cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHI", (26, 28, 16, 28, 30, 8, 20, 10, 60), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def submission_owners(conn: Connection) -> dict[int, str]:
    """Import batch → the Tiltakseier whose submission it loaded (formats.md §6), as the
    import's audit event recorded it. A whole-round file or another kind has none."""
    a = AuditEvent.__table__
    rows = conn.execute(
        select(a.c.batch_id, a.c.details).where(
            a.c.action == "import",
            a.c.outcome == "ok",
            a.c.batch_id.is_not(None),
            a.c.details.like('%"owner"%'),
        )
    ).all()
    owners: dict[int, str] = {}
    for batch_id, details in rows:
        try:
            owner = json.loads(details).get("owner")
        except (ValueError, AttributeError):
            continue
        if isinstance(owner, str) and owner:
            owners[int(batch_id)] = owner
    return owners
