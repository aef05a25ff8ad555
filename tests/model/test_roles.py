"""Roles after sign-in: the roles file, the user_role table, the highest grant wins, every change
is audited, and only administrators may change anything."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from model.access import Actor, PermissionDenied, Role
from model.roles import (
    RoleError,
    grant_role,
    list_grants,
    load_roles_file,
    resolve_role,
    revoke_role,
)
from model.tables import AuditEvent, UserRole
from tests.helpers import run_cli, snapshot

ADMIN = Actor("admin@helsedir.no", Role.ADMINISTRATOR, via="web")


def _roles_file(tmp_path, text: str):
    path = tmp_path / "roller.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_roles_file_users_and_groups_and_the_highest_grant_wins(engine, tmp_path):
    path = _roles_file(
        tmp_path,
        '[users]\n"Kari@Helsedir.no" = "redaktør"\n"ola@helsedir.no" = "leser"\n'
        '[groups]\n"Porteføljekontoret" = "administrator"\n',
    )
    assert {(g.subject, g.role) for g in load_roles_file(path)} == {
        ("kari@helsedir.no", Role.REDAKTOR),
        ("ola@helsedir.no", Role.LESER),
        ("group:porteføljekontoret", Role.ADMINISTRATOR),
    }
    assert resolve_role(engine, email="KARI@helsedir.no", roles_file=path) == Role.REDAKTOR
    # Ola is a reader by name but an administrator through his group: the higher role counts.
    assert (
        resolve_role(
            engine, email="ola@helsedir.no", groups=["porteføljekontoret"], roles_file=path
        )
        == Role.ADMINISTRATOR
    )
    # Nobody grants a stranger anything: the configured default decides.
    assert resolve_role(engine, email="x@y.no", roles_file=path) == Role.LESER
    assert resolve_role(engine, email="x@y.no", roles_file=path, default=None) is None
    assert resolve_role(engine, email=None, roles_file=path, default=None) is None


@pytest.mark.parametrize(
    "text",
    [
        '[users]\n"a@b.no" = "sjef"\n',
        '[brukere]\n"a@b.no" = "leser"\n',
        '[users]\n"ikke-epost" = "leser"\n',
        "[users\n",
    ],
)
def test_a_broken_roles_file_is_refused_with_a_norwegian_message(engine, tmp_path, text):
    path = _roles_file(tmp_path, text)
    with pytest.raises(RoleError, match="Rollefilen"):
        resolve_role(engine, email="a@b.no", roles_file=path)


def test_database_grants_are_audited_and_can_be_revoked(engine, tmp_path):
    grant_role(engine, "Redaktor@Helsedir.no", "redaktor", actor=ADMIN)
    assert resolve_role(engine, email="redaktor@helsedir.no", default=None) == Role.REDAKTOR
    grant_role(engine, "redaktor@helsedir.no", Role.ADMINISTRATOR, actor=ADMIN)
    grant_role(engine, "group:NUIT", "leser", actor=ADMIN)
    assert resolve_role(engine, email="z@z.no", groups=["nuit"], default=None) == Role.LESER
    assert revoke_role(engine, "redaktor@helsedir.no", actor=ADMIN) is True
    assert revoke_role(engine, "redaktor@helsedir.no", actor=ADMIN) is False
    assert resolve_role(engine, email="redaktor@helsedir.no", default=None) is None

    with engine.connect() as conn:
        events = conn.execute(
            select(AuditEvent).where(AuditEvent.action == "role-change").order_by(AuditEvent.id)
        ).all()
    changes = [
        (
            e.user,
            json.loads(e.details)["subject"],
            json.loads(e.details)["from"],
            json.loads(e.details)["to"],
        )
        for e in events
    ]
    assert changes == [
        ("admin@helsedir.no", "redaktor@helsedir.no", None, "redaktor"),
        ("admin@helsedir.no", "redaktor@helsedir.no", "redaktor", "administrator"),
        ("admin@helsedir.no", "group:nuit", None, "leser"),
        ("admin@helsedir.no", "redaktor@helsedir.no", "administrator", None),
    ]
    path = _roles_file(tmp_path, '[users]\n"fil@helsedir.no" = "leser"\n')
    assert [(g.subject, g.source) for g in list_grants(engine, path)] == [
        ("fil@helsedir.no", "fil"),
        ("group:nuit", "database"),
    ]


@pytest.mark.parametrize("role", [Role.LESER, Role.REDAKTOR])
def test_only_administrators_change_roles_and_a_refusal_writes_nothing(engine, role):
    before = snapshot(engine)
    someone = Actor("kari@helsedir.no", role, via="web")
    with pytest.raises(PermissionDenied, match="administrere brukere og roller"):
        grant_role(engine, "kari@helsedir.no", "administrator", actor=someone)
    with pytest.raises(PermissionDenied):
        revoke_role(engine, "kari@helsedir.no", actor=someone)
    assert snapshot(engine) == before
    # Only the attempts are on record.
    with engine.connect() as conn:
        outcomes = conn.execute(select(AuditEvent.action, AuditEvent.outcome)).all()
    assert outcomes == [("role-change", "denied")] * 2


def test_an_administrator_cannot_lock_themselves_out(engine):
    grant_role(engine, "admin@helsedir.no", "administrator", actor=ADMIN)
    with pytest.raises(RoleError, match="egen rolle"):
        grant_role(engine, "admin@helsedir.no", "leser", actor=ADMIN)
    with pytest.raises(RoleError, match="egen rolle"):
        revoke_role(engine, "ADMIN@helsedir.no", actor=ADMIN)
    with engine.connect() as conn:
        assert conn.execute(select(UserRole.role)).scalars().all() == ["administrator"]


def test_the_cli_grants_lists_and_revokes_as_the_os_user(db_url, engine):
    import getpass

    assert run_cli(db_url, "role", "grant", "kari@helsedir.no", "redaktor").code == 0
    listed = run_cli(db_url, "role", "list", "--json").json()["grants"]
    assert listed == [{"subject": "kari@helsedir.no", "role": "redaktor", "source": "database"}]
    bad = run_cli(db_url, "role", "grant", "kari@helsedir.no", "sjef")
    assert bad.code == 2 and "Ukjent rolle «sjef»" in bad.stderr
    assert run_cli(db_url, "role", "revoke", "kari@helsedir.no", "--user", "drift").code == 0
    assert run_cli(db_url, "role", "revoke", "kari@helsedir.no").code == 1
    with engine.connect() as conn:
        users = conn.execute(
            select(AuditEvent.user)
            .where(AuditEvent.action == "role-change")
            .order_by(AuditEvent.id)
        ).scalars()
        assert list(users) == [getpass.getuser(), "drift"]
