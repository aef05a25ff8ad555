"""Who gets which role after signing in (OIDC mode): grants from a TOML file and from the
``user_role`` table, which administrators edit on the page «Brukere og roller».

A grant's subject is an e-mail address (``ola@example.no``) or a group from the ID token
(``group:porteføljekontoret``). A user holds the highest role of all grants that match them; a
signed-in user without any grant gets the configured default (reader, or no access).

The roles file (``EHELSE_ROLES_FILE``)::

    [users]
    "ola.nordmann@helsedir.no" = "administrator"

    [groups]
    "porteføljekontoret" = "redaktor"
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, delete, insert, select, update

from model import audit, web_sessions
from model.access import Actor, Role
from model.labels import ROLE_LABELS_NB
from model.tables import UserRole

GROUP_PREFIX = "group:"
_ROLE_WORDS = {
    "leser": Role.LESER,
    "redaktor": Role.REDAKTOR,
    "redaktør": Role.REDAKTOR,
    "administrator": Role.ADMINISTRATOR,
}
_RANK = {role: i for i, role in enumerate(Role)}


class RoleError(ValueError):
    """A grant that cannot be made (unknown role, empty subject, an administrator demoting
    themselves, a broken roles file); the message is Norwegian and names what to fix."""


def parse_role(text: object) -> Role:
    word = str(text or "").strip().casefold()
    if word not in _ROLE_WORDS:
        raise RoleError(
            f"Ukjent rolle «{text}». Gyldige roller er: leser, redaktor, administrator."
        )
    return _ROLE_WORDS[word]


def normalise_subject(subject: str) -> str:
    """E-mail addresses and group names compare without case and surrounding space."""
    text = " ".join(str(subject).split())
    if text.casefold().startswith(GROUP_PREFIX):
        name = text[len(GROUP_PREFIX) :].strip()
        if not name:
            raise RoleError("Gruppenavnet mangler etter «group:».")
        return GROUP_PREFIX + name.casefold()
    if not text:
        raise RoleError("Oppgi en e-postadresse eller en gruppe (group:navn).")
    if "@" not in text:
        raise RoleError(
            f"«{text}» er verken en e-postadresse eller en gruppe. Skriv f.eks. "
            "ola.nordmann@helsedir.no eller group:porteføljekontoret."
        )
    return text.casefold()


def highest(roles: Iterable[Role]) -> Role | None:
    return max(roles, key=_RANK.__getitem__, default=None)


@dataclass(frozen=True)
class Grant:
    subject: str
    role: Role
    source: str  # "fil" (roles file) | "database" (set on the page or with `ehelse role`)
    granted_by: str | None = None
    granted_at: datetime | None = None


# --------------------------------------------------------------------------------------------
# The roles file
# --------------------------------------------------------------------------------------------


def load_roles_file(path: Path | None) -> tuple[Grant, ...]:
    """The grants of the TOML roles file (none when no file is configured)."""
    if path is None:
        return ()
    path = Path(path).expanduser()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        raise RoleError(f"Rollefilen {path} finnes ikke eller kan ikke leses.") from exc
    return _load_roles_file(str(path), stamp)


@lru_cache(maxsize=4)
def _load_roles_file(path: str, _stamp: int) -> tuple[Grant, ...]:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RoleError(f"Rollefilen {path} kan ikke leses: {exc}") from exc
    unknown = set(data) - {"users", "groups"}
    if unknown:
        raise RoleError(
            f"Rollefilen {path} har ukjente seksjoner: {', '.join(sorted(unknown))}. "
            "Bruk [users] og [groups]."
        )
    grants: list[Grant] = []
    for section, prefix in (("users", ""), ("groups", GROUP_PREFIX)):
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise RoleError(f"[{section}] i rollefilen {path} må være en tabell.")
        for subject, role in table.items():
            try:
                grants.append(Grant(normalise_subject(prefix + subject), parse_role(role), "fil"))
            except RoleError as exc:
                raise RoleError(f"Rollefilen {path}, [{section}] «{subject}»: {exc}") from exc
    return tuple(grants)


# --------------------------------------------------------------------------------------------
# Resolution
# --------------------------------------------------------------------------------------------


def identity_subjects(email: str | None, groups: Iterable[str] = ()) -> set[str]:
    subjects: set[str] = set()
    if email and "@" in email:
        subjects.add(normalise_subject(email))
    for group in groups:
        if str(group).strip():
            subjects.add(normalise_subject(GROUP_PREFIX + str(group)))
    return subjects


def resolve_role(
    engine: Engine,
    *,
    email: str | None,
    groups: Iterable[str] = (),
    roles_file: Path | None = None,
    default: Role | None = Role.LESER,
) -> Role | None:
    """The highest role any grant gives this identity; ``default`` when none matches."""
    subjects = identity_subjects(email, groups)
    matched = [g.role for g in load_roles_file(roles_file) if g.subject in subjects]
    if subjects:
        t = UserRole.__table__
        with engine.connect() as conn:
            matched += [
                parse_role(r)
                for r in conn.execute(select(t.c.role).where(t.c.subject.in_(sorted(subjects))))
                .scalars()
                .all()
            ]
    return highest(matched) or default


def list_grants(engine: Engine, roles_file: Path | None = None) -> list[Grant]:
    """Every grant, from the database and the file, sorted by subject."""
    t = UserRole.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(t).order_by(t.c.subject)).all()
    grants = [
        Grant(r.subject, parse_role(r.role), "database", r.granted_by, r.granted_at) for r in rows
    ]
    grants += list(load_roles_file(roles_file))
    return sorted(grants, key=lambda g: (g.subject, g.source))


# --------------------------------------------------------------------------------------------
# Changes (administrators only; every change is audited)
# --------------------------------------------------------------------------------------------


def _refuse_self_demotion(actor: Actor, subject: str, role: Role | None) -> None:
    try:
        own = normalise_subject(actor.name)
    except RoleError:
        return
    if own == subject and (role is None or _RANK[role] < _RANK[actor.role]):
        raise RoleError(
            "Du kan ikke senke eller fjerne din egen rolle. Be en annen administrator om det, "
            "så ingen låser seg ute ved et uhell."
        )


def grant_role(engine: Engine, subject: str, role: Role | str, *, actor: Actor) -> Grant:
    """Give ``subject`` the role ``role`` (replacing its earlier database grant)."""
    audit.require_audited(engine, actor, "admin", "role-change", details={"subject": subject})
    subject, role = normalise_subject(subject), parse_role(role)
    _refuse_self_demotion(actor, subject, role)
    t = UserRole.__table__
    now = audit.now_utc()
    with engine.begin() as conn:
        before = conn.execute(select(t.c.role).where(t.c.subject == subject)).scalar()
        if before is None:
            conn.execute(
                insert(t).values(
                    subject=subject, role=str(role), granted_by=actor.name, granted_at=now
                )
            )
        else:
            conn.execute(
                update(t)
                .where(t.c.subject == subject)
                .values(role=str(role), granted_by=actor.name, granted_at=now)
            )
        audit.record(
            conn,
            actor,
            "role-change",
            details={"subject": subject, "from": before, "to": str(role)},
        )
        # The user signs in again and gets the new role from the start.
        web_sessions.revoke_subject(conn, subject, keep=actor.name)
    return Grant(subject, role, "database", actor.name, now)


def revoke_role(engine: Engine, subject: str, *, actor: Actor) -> bool:
    """Remove the database grant of ``subject``; False when it had none (nothing is logged)."""
    audit.require_audited(engine, actor, "admin", "role-change", details={"subject": subject})
    subject = normalise_subject(subject)
    _refuse_self_demotion(actor, subject, None)
    t = UserRole.__table__
    with engine.begin() as conn:
        before = conn.execute(select(t.c.role).where(t.c.subject == subject)).scalar()
        if before is None:
            return False
        conn.execute(delete(t).where(t.c.subject == subject))
        audit.record(
            conn,
            actor,
            "role-change",
            details={"subject": subject, "from": before, "to": None},
        )
        web_sessions.revoke_subject(conn, subject, keep=actor.name)
    return True


def role_label(role: Role | str | None) -> str:
    if role is None:
        return "ingen tilgang"
    return ROLE_LABELS_NB[parse_role(role)]
