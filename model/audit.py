"""The audit log: who did what, when."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert
from sqlalchemy.exc import SQLAlchemyError

from model.access import Actor, PermissionDenied, require
from model.tables import AuditEvent


def now_utc() -> datetime:
    return datetime.now(UTC)


def record(
    conn: Connection,
    actor: Actor,
    action: str,
    *,
    outcome: str = "ok",
    file_name: str | None = None,
    sha256: str | None = None,
    batch_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one event (inside the caller's transaction)."""
    conn.execute(
        insert(AuditEvent.__table__).values(
            time=now_utc(),
            user=actor.name,
            action=action,
            outcome=outcome,
            file_name=file_name,
            sha256=sha256,
            batch_id=batch_id,
            details=json.dumps(
                {"via": actor.via, "role": str(actor.role), **(details or {})}, ensure_ascii=False
            ),
        )
    )


def require_audited(
    engine: Engine, actor: Actor, permission: str, action: str, **fields: Any
) -> None:
    """:func:`~model.access.require`, and a refused attempt is logged (outcome ``denied``)
    before :class:`~model.access.PermissionDenied` is raised. Nothing else is written."""
    try:
        require(actor, permission)
    except PermissionDenied:
        try:
            with engine.begin() as conn:
                record(conn, actor, action, outcome="denied", **fields)
        except SQLAlchemyError:  # no schema yet: the refusal itself is what matters
            pass
        raise


def record_export(
    engine: Engine,
    actor: Actor,
    *,
    what: str,
    fmt: str,
    file_name: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """An export left the system (a meeting pack, the audit log, …): who, what, which format."""
    with engine.begin() as conn:
        record(
            conn,
            actor,
            "export",
            file_name=file_name,
            details={"what": what, "format": fmt, **(details or {})},
        )
