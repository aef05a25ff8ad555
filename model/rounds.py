"""The reporting cycle (formats.md §6): open a round, follow the owners' submissions, publish.

A round is ``open`` while the portfolio office collects it, ``published`` once everyone may see
it, and ``reopened`` when it is taken back for corrections (treated like ``open``). A round
without a :class:`~model.tables.RoundState` row is published: a whole-round workbook creates its
round that way, as it always did.

Opening a round records the measures **expected**: the ``--from`` round's Aktiv and Pause
measures (default: the latest published round), each under its owner. An owner *has submitted*
when the round holds at least one current row of that owner; the expected measures of owners
who have not are **not reported** (neither active nor disappeared in the round's figures).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from model import audit
from model.access import Actor
from model.fmt import sort_key_nb
from model.labels import ROUND_STATE_LABELS_NB
from model.oslo import in_oslo, today_oslo
from model.tables import (
    ImportBatch,
    Measure,
    MeasureReport,
    ReportingRound,
    RoundExpected,
    RoundState,
)

OPEN_STATES = frozenset({"open", "reopened"})

_rs = RoundState.__table__
_re = RoundExpected.__table__
_rr = ReportingRound.__table__
_mr = MeasureReport.__table__
_m = Measure.__table__
_b = ImportBatch.__table__


class RoundRefused(Exception):
    """A round change that cannot be done; the message is Norwegian and says why.

    ``unknown``: the round does not exist (a usage error on the command line, exit 2).
    ``missing``: the Tiltak-IDs not reported yet (publishing refused)."""

    def __init__(self, message: str, *, unknown: bool = False, missing: list[str] | None = None):
        super().__init__(message)
        self.unknown = unknown
        self.missing = missing or []


def owner_key(name: str | None) -> str:
    """Owners compare case- and whitespace-insensitively («helse vest rhf» = «Helse Vest RHF»)."""
    return " ".join(str(name or "").split()).casefold()


def is_open(state: str | None) -> bool:
    return state in OPEN_STATES


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def state_row(conn: Connection, code: str) -> Any:
    return conn.execute(select(_rs).where(_rs.c.code == code)).first()


def round_state(conn: Connection, code: str) -> str | None:
    """``open``, ``published``, ``reopened``, or None when the round does not exist."""
    row = state_row(conn, code)
    if row is not None:
        return str(row.state)
    return "published" if has_data(conn, code) else None


def has_data(conn: Connection, code: str) -> bool:
    """The round has a current round row or current measure reports."""
    rr = conn.execute(
        select(func.count())
        .select_from(_rr)
        .where(_rr.c.code == code, _rr.c.replaced_by_batch_id.is_(None))
    ).scalar_one()
    if rr:
        return True
    return bool(report_count(conn, code))


def report_count(conn: Connection, code: str) -> int:
    return int(
        conn.execute(
            select(func.count())
            .select_from(_mr)
            .where(_mr.c.round_code == code, _mr.c.replaced_by_batch_id.is_(None))
        ).scalar_one()
    )


def states(engine: Engine) -> dict[str, str]:
    """The rounds that have a state row: code → state (the others are published)."""
    with engine.connect() as conn:
        return {r.code: r.state for r in conn.execute(select(_rs.c.code, _rs.c.state))}


def unpublished(conn: Connection) -> set[str]:
    """Codes of rounds that viewers do not see (open or reopened)."""
    return set(
        conn.execute(select(_rs.c.code).where(_rs.c.state.in_(sorted(OPEN_STATES)))).scalars()
    )


def state_revision(conn: Connection) -> int:
    """Grows with every open, publish and reopen (part of the dashboard's data version)."""
    return int(conn.execute(select(func.coalesce(func.sum(_rs.c.revision), 0))).scalar_one())


def deadline_of(conn: Connection, code: str) -> date | None:
    row = state_row(conn, code)
    if row is not None and row.deadline is not None:
        return row.deadline  # type: ignore[no-any-return]
    return conn.execute(
        select(_rr.c.deadline).where(_rr.c.code == code, _rr.c.replaced_by_batch_id.is_(None))
    ).scalar()


@dataclass
class OwnerProgress:
    """One owner's part of a round."""

    owner: str
    expected: list[str] = field(default_factory=list)  # Tiltak-IDs expected (open rounds)
    reported: list[str] = field(default_factory=list)  # Tiltak-IDs in the round now
    last_submission: datetime | None = None  # Oslo time
    late: bool = False

    @property
    def submitted(self) -> bool:
        return bool(self.reported)

    @property
    def missing(self) -> list[str]:
        """Expected measures not reported because the owner has not submitted yet."""
        return [] if self.submitted else list(self.expected)

    @property
    def left_out(self) -> list[str]:
        """Expected measures the owner's submission left out (they have disappeared)."""
        if not self.submitted:
            return []
        return [c for c in self.expected if c not in set(self.reported)]

    def to_json(self, *, has_expectations: bool) -> dict[str, Any]:
        return {
            "owner": self.owner,
            "expected": len(self.expected) if has_expectations else len(self.reported),
            "reported": len(self.reported),
            "last_submission": _iso(self.last_submission),
            "late": self.late,
        }


@dataclass
class RoundProgress:
    """Who has reported what in one round."""

    round: str
    state: str
    deadline: date | None
    from_round: str | None
    owners: list[OwnerProgress]
    has_expectations: bool
    opened_at: datetime | None = None

    @property
    def not_reported(self) -> list[str]:
        """Expected measures of owners who have not submitted, and nobody else reported."""
        reported = {c for o in self.owners for c in o.reported}
        return sorted({c for o in self.owners for c in o.missing if c not in reported})

    @property
    def expected_count(self) -> int:
        """Measures expected in the round (every owner's)."""
        return sum(len(o.expected) for o in self.owners)

    @property
    def reported_count(self) -> int:
        """Measures reported so far (every owner's submissions)."""
        return sum(len(o.reported) for o in self.owners)

    @property
    def missing_owners(self) -> list[OwnerProgress]:
        return [o for o in self.owners if o.expected and not o.submitted]

    def to_json(self) -> dict[str, Any]:
        return {
            "round": self.round,
            "state": self.state,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "owners": [o.to_json(has_expectations=self.has_expectations) for o in self.owners],
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def progress(
    conn: Connection, code: str, *, as_of_batch: int | None = None, today: date | None = None
) -> RoundProgress:
    """Per owner: expected, reported, last submission and lateness against the deadline."""
    from model.queries import current

    row = state_row(conn, code)
    state = str(row.state) if row is not None else "published"
    deadline = deadline_of(conn, code)
    expected = conn.execute(
        select(_re.c.code, _re.c.owner).where(_re.c.round_code == code).order_by(_re.c.code)
    ).all()
    reported = conn.execute(
        select(_m.c.code, _mr.c.owner, _b.c.created_at)
        .join(_m, _m.c.id == _mr.c.measure_id)
        .join(_b, _b.c.id == _mr.c.batch_id)
        .where(_mr.c.round_code == code, current(_mr, as_of_batch))
        .order_by(_m.c.code)
    ).all()
    owners: dict[str, OwnerProgress] = {}
    for measure_code, owner in expected:
        owners.setdefault(owner_key(owner), OwnerProgress(owner)).expected.append(measure_code)
    for measure_code, owner, created in reported:
        item = owners.setdefault(owner_key(owner), OwnerProgress(owner))
        item.reported.append(measure_code)
        moment = in_oslo(created)
        if moment and (item.last_submission is None or moment > item.last_submission):
            item.last_submission = moment
    day = today or today_oslo()
    for item in owners.values():
        if deadline is None:
            continue
        if item.submitted:
            item.late = bool(item.last_submission and item.last_submission.date() > deadline)
        else:
            item.late = bool(item.expected) and day > deadline
    return RoundProgress(
        round=code,
        state=state,
        deadline=deadline,
        from_round=row.from_round if row is not None else None,
        owners=sorted(owners.values(), key=lambda o: sort_key_nb(o.owner)),
        has_expectations=bool(expected),
        opened_at=in_oslo(row.opened_at) if row is not None else None,
    )


def round_progress(engine: Engine, code: str, *, today: date | None = None) -> RoundProgress:
    with engine.connect() as conn:
        return progress(conn, code, today=today)


def all_rounds(engine: Engine) -> list[str]:
    """Every round: those with data and those opened, oldest first."""
    with engine.connect() as conn:
        return sorted(_codes(conn))


def list_rounds_json(engine: Engine, *, today: date | None = None) -> dict[str, Any]:
    """``ehelse round list --json`` (formats.md §6)."""
    with engine.connect() as conn:
        return {
            "rounds": [progress(conn, code, today=today).to_json() for code in all_rounds(engine)]
        }


def owners_of(engine: Engine, code: str) -> list[str]:
    """The owners of a round's current rows, in Norwegian order."""
    with engine.connect() as conn:
        names = conn.execute(
            select(_mr.c.owner)
            .distinct()
            .where(_mr.c.round_code == code, _mr.c.replaced_by_batch_id.is_(None))
        ).scalars()
        return sorted(set(names), key=sort_key_nb)


def rounds_with_data(engine: Engine) -> list[str]:
    """The rounds that hold current reports (an opened round without submissions has none)."""
    with engine.connect() as conn:
        return sorted(
            set(
                conn.execute(
                    select(_mr.c.round_code).distinct().where(_mr.c.replaced_by_batch_id.is_(None))
                ).scalars()
            )
        )


def replaced_measures(engine: Engine, code: str, kept: list[str]) -> list[tuple[str, str]]:
    """(Tiltak-ID, name) of the round's current measures that a whole-round file with the
    Tiltak-IDs ``kept`` would make disappear."""
    keep = set(kept)
    with engine.connect() as conn:
        rows = conn.execute(
            select(_m.c.code, _mr.c.name)
            .join(_m, _m.c.id == _mr.c.measure_id)
            .where(_mr.c.round_code == code, _mr.c.replaced_by_batch_id.is_(None))
            .order_by(_m.c.code)
        ).all()
    return [(r.code, r.name) for r in rows if r.code not in keep]


def latest_published(engine: Engine) -> str | None:
    from model.queries import list_rounds

    rounds = list_rounds(engine, published_only=True)
    return rounds[-1] if rounds else None


# --------------------------------------------------------------------------------------------
# Changing
# --------------------------------------------------------------------------------------------


def open_round(
    engine: Engine,
    code: str,
    *,
    actor: Actor,
    deadline: date | None = None,
    from_round: str | None = None,
) -> RoundProgress:
    """Open ``code`` for the owners' submissions; the expectations come from ``from_round``
    (default: the latest published round)."""
    audit.require_audited(engine, actor, "admin", "round-open", details={"round": code})
    with engine.begin() as conn:
        _lock(conn)
        state = round_state(conn, code)
        if state is not None:
            raise RoundRefused(
                f"Runden {code} finnes allerede ({ROUND_STATE_LABELS_NB.get(state, state)}). "
                + (
                    "En publisert runde tas tilbake for rettelser med «ehelse round reopen»."
                    if state == "published"
                    else "Den tar allerede imot innrapportering."
                )
            )
        if from_round is None:
            candidates = [r for r in _codes(conn) - unpublished(conn) if r < code]
            from_round = max(candidates) if candidates else None
        elif round_state(conn, from_round) is None:
            raise RoundRefused(f"Runden {from_round} (--from) finnes ikke.", unknown=True)
        rows: list[Any] = []
        if from_round is not None:
            rows = conn.execute(  # type: ignore[assignment]
                select(_m.c.code, _mr.c.name, _mr.c.owner)
                .join(_m, _m.c.id == _mr.c.measure_id)
                .where(
                    _mr.c.round_code == from_round,
                    _mr.c.replaced_by_batch_id.is_(None),
                    _mr.c.state.in_(("Aktiv", "Pause")),
                )
                .order_by(_m.c.code)
            ).all()
        now = audit.now_utc()
        conn.execute(
            insert(_rs).values(
                code=code,
                state="open",
                deadline=deadline,
                from_round=from_round,
                opened_at=now,
                opened_by=actor.name,
                changed_at=now,
                changed_by=actor.name,
                revision=1,
            )
        )
        _set_expected(conn, code, rows)
        audit.record(
            conn,
            actor,
            "round-open",
            details={
                "round": code,
                "deadline": deadline.isoformat() if deadline else None,
                "from": from_round,
                "expected": len(rows),
            },
        )
        return progress(conn, code)


def delete_expected(code: str) -> Any:
    return _re.delete().where(_re.c.round_code == code)


def publish_round(
    engine: Engine, code: str, *, actor: Actor, allow_missing: bool = False
) -> RoundProgress:
    """Publish an open round; refused while expected measures are not reported, unless
    ``allow_missing``."""
    audit.require_audited(engine, actor, "admin", "round-publish", details={"round": code})
    with engine.begin() as conn:
        _lock(conn)
        state = round_state(conn, code)
        if state is None:
            raise RoundRefused(_unknown(conn, code), unknown=True)
        if state == "published":
            raise RoundRefused(f"Runden {code} er allerede publisert.")
        now_progress = progress(conn, code)
        missing = now_progress.not_reported
        if missing and not allow_missing:
            owners = [o.owner for o in now_progress.missing_owners]
            raise RoundRefused(
                f"Runden {code} kan ikke publiseres ennå: {len(missing)} forventede tiltak er ikke "
                f"rapportert (fra {', '.join(owners)}): {', '.join(missing)}. Vent på "
                "innrapporteringen, eller publiser likevel med --allow-missing.",
                missing=missing,
            )
        _set_state(conn, code, "published", actor)
        audit.record(
            conn,
            actor,
            "round-publish",
            details={"round": code, "missing": missing, "allow_missing": allow_missing},
        )
        return progress(conn, code)


def reopen_round(engine: Engine, code: str, *, actor: Actor) -> RoundProgress:
    """Take a published round back for corrections (viewers no longer see it)."""
    audit.require_audited(engine, actor, "admin", "round-reopen", details={"round": code})
    with engine.begin() as conn:
        _lock(conn)
        state = round_state(conn, code)
        if state is None:
            raise RoundRefused(_unknown(conn, code), unknown=True)
        if state != "published":
            raise RoundRefused(
                f"Runden {code} er ikke publisert; den er {ROUND_STATE_LABELS_NB[state]}."
            )
        row = state_row(conn, code)
        if row is None:
            # A round loaded as one workbook: what it holds now is what is expected.
            now = audit.now_utc()
            conn.execute(
                insert(_rs).values(
                    code=code,
                    state="reopened",
                    deadline=deadline_of(conn, code),
                    from_round=None,
                    opened_at=now,
                    opened_by=actor.name,
                    changed_at=now,
                    changed_by=actor.name,
                    revision=1,
                )
            )
            rows = conn.execute(
                select(_m.c.code, _mr.c.name, _mr.c.owner)
                .join(_m, _m.c.id == _mr.c.measure_id)
                .where(_mr.c.round_code == code, _mr.c.replaced_by_batch_id.is_(None))
            ).all()
            _set_expected(conn, code, rows)
        else:
            _set_state(conn, code, "reopened", actor)
        audit.record(conn, actor, "round-reopen", details={"round": code})
        return progress(conn, code)


def _set_state(conn: Connection, code: str, state: str, actor: Actor) -> None:
    conn.execute(
        update(_rs)
        .where(_rs.c.code == code)
        .values(
            state=state,
            changed_at=audit.now_utc(),
            changed_by=actor.name,
            revision=_rs.c.revision + 1,
        )
    )


def _codes(conn: Connection) -> set[str]:
    """Every round: with a current round row, or with a state row."""
    return set(
        conn.execute(select(_rr.c.code).where(_rr.c.replaced_by_batch_id.is_(None))).scalars()
    ) | set(conn.execute(select(_rs.c.code)).scalars())


def _unknown(conn: Connection, code: str) -> str:
    known = sorted(_codes(conn))
    return f"Runden {code} finnes ikke." + (
        f" Rundene som finnes: {', '.join(known)}." if known else ""
    )


def _lock(conn: Connection) -> None:
    """Round changes and imports one after the other (the import lock)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(804211)")
    else:
        conn.exec_driver_sql("UPDATE import_batch SET id = id WHERE id = -1")


def _set_expected(conn: Connection, code: str, rows: Sequence[Any]) -> None:
    """The round's expected measures are ``rows`` (code, name, owner), replacing any before."""
    conn.execute(delete_expected(code))
    if rows:
        conn.execute(
            insert(_re),
            [{"round_code": code, "code": r.code, "name": r.name, "owner": r.owner} for r in rows],
        )
