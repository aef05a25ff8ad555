"""Who may do what. Enforced in the library functions themselves, not only by hiding pages.

The command line acts as *administrator* under the OS user's name; the web app passes the
signed-in user's role. A library call without the needed permission raises
:class:`PermissionDenied` with a Norwegian message.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from enum import StrEnum

from model.labels import PERMISSION_LABELS_NB, ROLE_LABELS_NB


class Role(StrEnum):
    """The three roles of the dashboard, lowest first."""

    LESER = "leser"
    REDAKTOR = "redaktor"
    ADMINISTRATOR = "administrator"


#: permission → roles that hold it
PERMISSIONS: dict[str, frozenset[Role]] = {
    "view": frozenset(Role),
    "import": frozenset({Role.REDAKTOR, Role.ADMINISTRATOR}),
    "edit-cases": frozenset({Role.REDAKTOR, Role.ADMINISTRATOR}),
    "rollback": frozenset({Role.ADMINISTRATOR}),
    "admin": frozenset({Role.ADMINISTRATOR}),
    "audit": frozenset({Role.ADMINISTRATOR}),
    "backup": frozenset({Role.ADMINISTRATOR}),
}


class PermissionDenied(PermissionError):
    """The actor lacks the permission for what it tried."""

    def __init__(self, actor: Actor, permission: str) -> None:
        self.actor = actor
        self.permission = permission
        super().__init__(
            f"{actor.name} har rollen {ROLE_LABELS_NB[actor.role].lower()} og har ikke lov til å "
            f"{PERMISSION_LABELS_NB.get(permission, permission)}."
        )


@dataclass(frozen=True)
class Actor:
    """Someone doing something: a name for the audit log, a role, and the channel used."""

    name: str
    role: Role
    via: str = "cli"

    def can(self, permission: str) -> bool:
        return self.role in PERMISSIONS[permission]


def require(actor: Actor, permission: str) -> None:
    if not actor.can(permission):
        raise PermissionDenied(actor, permission)


def cli_actor(user: str | None = None) -> Actor:
    """The command line acts with administrator rights, recorded as the OS user (or --user)."""
    try:
        name = user or getpass.getuser()
    except (KeyError, OSError):
        name = "ukjent"
    return Actor(name=name, role=Role.ADMINISTRATOR, via="cli")
