"""The server's list of dashboard sign-ins (OIDC mode), so that signing out really ends one.

Streamlit keeps a signed-in user in a signed cookie (``_streamlit_user``) that is valid for 30
days on its own: a copy taken before sign-out stayed signed in with its role. Here every sign-in
is a row of ``web_session``, known by a hash of its ID token's issuer, subject, nonce and issue
time (the same for every copy of the cookie, new at every sign-in). A sign-in is accepted while
its row is neither revoked nor older than ``EHELSE_SESSION_HOURS``:

* signing out revokes it (the button, and Streamlit's ``/auth/logout`` address);
* a role change revokes the sessions of that user, or of every member of that group;
* a cookie whose sign-in is older than the limit is signed out, whatever the cookie says.

The identity written in the audit log is the verified e-mail address, else the ID token's
``sub`` with its issuer: never ``preferred_username`` or ``name``, which a user may choose.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from model.tables import WebSession

ACTIVE, REVOKED, EXPIRED = "active", "revoked", "expired"


@dataclass(frozen=True)
class SignIn:
    """What the ID token says about one sign-in."""

    key: str
    identity: str
    email: str | None
    groups: tuple[str, ...]
    signed_in_at: datetime | None


def verified_email(claims: Mapping[str, Any]) -> str | None:
    email = claims.get("email")
    if not email or claims.get("email_verified") is False:
        return None  # an address the provider has not verified grants nothing
    return str(email)


def identity(claims: Mapping[str, Any]) -> str:
    """The audit log's name for this user: the verified e-mail, else ``sub (issuer host)``.

    ``preferred_username`` and ``name`` are not used: with many providers a user sets them
    himself, so «admin@helsedir.no» there proves nothing."""
    email = verified_email(claims)
    if email:
        return email
    sub = str(claims.get("sub") or "ukjent")
    issuer = str(claims.get("iss") or "")
    host = urlparse(issuer).netloc or issuer
    return f"{sub} ({host})" if host else sub


def sign_in(claims: Mapping[str, Any], groups: Iterable[str] = ()) -> SignIn:
    fields = {k: claims.get(k) for k in ("iss", "sub", "nonce", "iat", "aud")}
    if not fields["nonce"] and not fields["iat"]:
        fields["claims"] = {k: v for k, v in claims.items() if k != "is_logged_in"}
    key = hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()
    iat = claims.get("iat")
    at = datetime.fromtimestamp(int(iat), UTC) if isinstance(iat, int | float) else None
    return SignIn(
        key,
        identity(claims),
        verified_email(claims),
        tuple(sorted({" ".join(str(g).split()).casefold() for g in groups})),
        at,
    )


def check(engine: Engine, claims: Mapping[str, Any], groups: Iterable[str], hours: float) -> str:
    """``active``, ``revoked`` or ``expired`` for the sign-in these claims belong to. A sign-in
    seen for the first time is added to the list (from the ID token's issue time)."""
    session = sign_in(claims, groups)
    now = datetime.now(UTC)
    t = WebSession.__table__
    with engine.connect() as conn:
        row = conn.execute(
            select(t.c.signed_in_at, t.c.revoked_at).where(t.c.key == session.key)
        ).first()
    if row is not None:
        if row.revoked_at is not None:
            return REVOKED
        return EXPIRED if _aged(row.signed_in_at, now, hours) else ACTIVE
    started = session.signed_in_at or now
    if _aged(started, now, hours):
        return EXPIRED
    try:
        with engine.begin() as conn:
            # Old rows are of no use once their sign-in has expired twice over.
            conn.execute(delete(t).where(t.c.signed_in_at < now - timedelta(hours=2 * hours)))
            conn.execute(
                insert(t).values(
                    key=session.key,
                    identity=session.identity,
                    email=session.email.casefold() if session.email else None,
                    groups=json.dumps(list(session.groups), ensure_ascii=False),
                    signed_in_at=started,
                )
            )
    except IntegrityError:
        # Another page of the same sign-in added it a moment ago: read what it says now.
        return check(engine, claims, groups, hours)
    return ACTIVE


def _aged(started: datetime, now: datetime, hours: float) -> bool:
    if started.tzinfo is None:  # SQLite returns naive UTC
        started = started.replace(tzinfo=UTC)
    return now - started > timedelta(hours=hours)


def revoke(engine: Engine, claims: Mapping[str, Any], reason: str = "sign-out") -> None:
    """End the sign-in these claims belong to (also when it was never seen: a cookie copied
    before the first page load stays useless too)."""
    session = sign_in(claims)
    now = datetime.now(UTC)
    t = WebSession.__table__
    with engine.begin() as conn:
        done = conn.execute(
            update(t)
            .where(t.c.key == session.key, t.c.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason=reason)
        ).rowcount
        if not done:
            exists = conn.execute(select(t.c.key).where(t.c.key == session.key)).first()
            if exists is None:  # a race with a first page load only re-adds the same key
                conn.execute(
                    insert(t).values(
                        key=session.key,
                        identity=session.identity,
                        email=session.email.casefold() if session.email else None,
                        groups="[]",
                        signed_in_at=session.signed_in_at or now,
                        revoked_at=now,
                        revoked_reason=reason,
                    )
                )


def revoke_subject(conn: Connection, subject: str, *, keep: str | None = None) -> int:
    """Inside a role change's transaction: end every open sign-in of ``subject`` (an e-mail
    address, or ``group:<name>`` for every member of that group), except those of ``keep``
    (the administrator making the change). Returns how many were ended."""
    t = WebSession.__table__
    rows = conn.execute(
        select(t.c.key, t.c.email, t.c.identity, t.c.groups).where(t.c.revoked_at.is_(None))
    ).all()
    wanted = subject.casefold()
    keys = []
    for row in rows:
        if keep and row.identity.casefold() == keep.casefold():
            continue
        if wanted.startswith("group:"):
            groups = json.loads(row.groups or "[]")
            if wanted[len("group:") :] in groups:
                keys.append(row.key)
        elif row.email == wanted:
            keys.append(row.key)
    if keys:
        conn.execute(
            update(t)
            .where(t.c.key.in_(keys))
            .values(revoked_at=datetime.now(UTC), revoked_reason="role-change")
        )
    return len(keys)
