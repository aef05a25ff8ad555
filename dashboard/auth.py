"""Who is using the dashboard, and what they may do (README: «Tilgang»).

* ``EHELSE_AUTH_MODE=none`` (default): nobody signs in; every visitor is a *leser*; nothing writes.
* ``local``: no sign-in, a banner on every page, the role from ``EHELSE_LOCAL_ROLE``.
* ``oidc``: sign-in with ``st.login()``; the role comes from the roles file and the ``user_role``
  table (:mod:`model.roles`); a signed-out visitor sees only the sign-in page. The server keeps
  its own list of sign-ins (:mod:`model.web_sessions`): a sign-in that was signed out, ended by
  a role change or is older than ``EHELSE_SESSION_HOURS`` counts as signed out, whatever the
  browser's cookie says.
* ``EHELSE_PUBLIC_MODE=true``: the public indicator dashboard, every visitor a reader, no sign-in.

Pages that write call :func:`require_page` first (a refusal in Norwegian, then the script
stops); the library functions check the same permission once more.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass

import streamlit as st
from sqlalchemy import Engine

from model import web_sessions
from model.access import PERMISSIONS, Actor, Role
from model.labels import ROLE_LABELS_NB, SESSION_ENDED_NB
from model.settings import Settings, get_settings


@dataclass(frozen=True)
class Access:
    """The visitor of this script run."""

    mode: str  # none | local | oidc | public
    actor: Actor | None  # None: signed out, or signed in without any role
    signed_in: bool = False
    problem: str | None = None  # a configuration problem to show an administrator

    def can(self, permission: str) -> bool:
        return self.actor is not None and self.actor.can(permission)

    @property
    def needs_sign_in(self) -> bool:
        return self.mode == "oidc" and not self.signed_in


def mode(settings: Settings | None = None) -> str:
    settings = settings or get_settings()
    return "public" if settings.public_mode else settings.auth_mode


def _local_actor(settings: Settings) -> Actor:
    try:
        name = settings.local_user or f"{getpass.getuser()} (lokal modus)"
    except (KeyError, OSError):
        name = "lokal bruker"
    return Actor(name=name, role=Role(settings.local_role), via="web-local")


def _claims() -> dict:
    try:
        return dict(st.user.to_dict())
    except Exception:  # noqa: BLE001 - no auth configured or outside a script run
        return {}


def _groups(claims: dict, claim: str) -> list[str]:
    value = claims.get(claim)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return []


def _oidc_access(settings: Settings) -> Access:
    from dashboard.data import engine

    claims = _claims()
    if not claims.get("is_logged_in"):
        return Access("oidc", None)
    actor, problem, state = oidc_actor(settings, claims, engine())
    if state != web_sessions.ACTIVE:
        return Access("oidc", None, False, SESSION_ENDED_NB[state])
    return Access("oidc", actor, True, problem)


def oidc_actor(
    settings: Settings, claims: dict, engine: Engine
) -> tuple[Actor | None, str | None, str]:
    """(actor, a problem to show, the sign-in's state) for a signed-in user's ID-token claims.
    The pages and the web server's guard (downloads) decide with this one function."""
    from model.roles import RoleError, resolve_role

    groups = _groups(claims, settings.oidc_groups_claim)
    state = web_sessions.check(engine, claims, groups, settings.session_hours)
    if state != web_sessions.ACTIVE:
        return None, None, state
    name = web_sessions.identity(claims)
    email = web_sessions.verified_email(claims)
    default = None if settings.oidc_default_role == "ingen" else Role(settings.oidc_default_role)
    try:
        role = resolve_role(
            engine, email=email, groups=groups, roles_file=settings.roles_file, default=default
        )
    except RoleError as problem:
        # A broken roles file must not lock out everyone or grant anything: read-only at most.
        return Actor(name, Role.LESER, via="web"), str(problem), state
    return (None if role is None else Actor(name, role, via="web")), None, state


def sign_out() -> None:
    """End the sign-in on the server too (a copied cookie opens nothing afterwards), then let
    Streamlit clear the cookie and sign out at the provider."""
    from dashboard.data import engine

    claims = _claims()
    if claims.get("is_logged_in"):
        web_sessions.revoke(engine(), claims)
    st.logout()


def current_access() -> Access:
    settings = get_settings()
    current = mode(settings)
    if current == "public":
        return Access("public", Actor("offentlig besøkende", Role.LESER, via="web-public"))
    if current == "local":
        return Access("local", _local_actor(settings))
    if current == "oidc":
        return _oidc_access(settings)
    return Access("none", Actor("anonym leser", Role.LESER, via="web"))


def current_actor() -> Actor:
    """The actor for audit and permission checks; a reader when nobody is signed in."""
    return current_access().actor or Actor("anonym", Role.LESER, via="web")


def roles_with(permission: str) -> str:
    roles = [ROLE_LABELS_NB[r] for r in Role if r in PERMISSIONS[permission]]
    return " eller ".join(roles)


def refusal_text(permission: str, access: Access | None = None) -> str:
    access = access or current_access()
    if access.mode == "public":
        return "Denne siden er ikke en del av den offentlige visningen av indikatorene."
    role = ROLE_LABELS_NB[access.actor.role] if access.actor else "ingen rolle"
    text = f"Du har ikke tilgang til denne siden. Den krever rollen {roles_with(permission)}; du er {role.lower()}."
    if access.mode == "none":
        text += (
            " Ingen innlogging er satt opp på denne serveren, så alle besøkende er lesere og "
            "ingenting kan endres herfra."
        )
    elif access.mode == "oidc":
        text += " Be en administrator om en annen rolle hvis du trenger det."
    return text


def require_page(permission: str) -> Actor:
    """First thing on a page that writes: refuse in Norwegian and stop unless allowed."""
    access = current_access()
    if not access.can(permission):
        st.error(refusal_text(permission, access), icon=":material/lock:")
        st.stop()
    assert access.actor is not None
    return access.actor
