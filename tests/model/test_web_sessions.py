"""The server's list of sign-ins (issue 21, item 4): signing out, a role change and age end a
sign-in whatever its cookie says; the audit identity is the verified e-mail, else sub + issuer,
never a name the user chose."""

from __future__ import annotations

import time

from model import web_sessions
from model.access import Actor, Role
from model.roles import grant_role, revoke_role
from model.settings import Settings

ISSUER = "https://login.example.no/tenant"


def claims(sub: str, email: str | None = None, *, nonce: str = "n1", **extra) -> dict:
    out = {"iss": ISSUER, "sub": sub, "aud": "ehelse", "nonce": nonce, "iat": int(time.time())}
    out.update({"is_logged_in": True, **extra})
    if email:
        out["email"] = email
    return out


def test_signing_out_ends_the_sign_in_for_every_copy_of_the_cookie(engine):
    kari = claims("kari-1", "kari@helsedir.no")
    assert web_sessions.check(engine, kari, [], 12) == web_sessions.ACTIVE
    copy = dict(kari)  # what a copied cookie carries: the very same claims
    web_sessions.revoke(engine, kari)
    assert web_sessions.check(engine, copy, [], 12) == web_sessions.REVOKED
    # Signing in again is a new sign-in (a new nonce and time from the provider).
    again = claims("kari-1", "kari@helsedir.no", nonce="n2")
    assert web_sessions.check(engine, again, [], 12) == web_sessions.ACTIVE


def test_a_cookie_signed_out_before_it_was_ever_seen_stays_useless(engine):
    ola = claims("ola-1", "ola@helsedir.no")
    web_sessions.revoke(engine, ola)
    assert web_sessions.check(engine, ola, [], 12) == web_sessions.REVOKED


def test_an_old_sign_in_expires_whatever_the_cookie_says(engine):
    old = claims("per-1", "per@helsedir.no", iat=int(time.time()) - 13 * 3600)
    assert web_sessions.check(engine, old, [], 12) == web_sessions.EXPIRED
    fresh = claims("per-1", "per@helsedir.no", nonce="n3", iat=int(time.time()) - 60)
    assert web_sessions.check(engine, fresh, [], 12) == web_sessions.ACTIVE
    assert web_sessions.check(engine, fresh, [], 0.01) == web_sessions.EXPIRED  # 36 seconds


def test_a_role_change_ends_the_sign_ins_of_that_user_or_group(engine):
    admin = Actor("sjef@helsedir.no", Role.ADMINISTRATOR, via="web")
    kari = claims("kari-1", "Kari@Helsedir.no")
    ola = claims("ola-1", "ola@helsedir.no")
    own = claims("sjef-1", "sjef@helsedir.no")
    for person in (kari, ola, own):
        assert web_sessions.check(engine, person, ["Porteføljekontoret"], 12) == "active"
    grant_role(engine, "kari@helsedir.no", "redaktor", actor=admin)
    assert web_sessions.check(engine, kari, [], 12) == web_sessions.REVOKED
    assert web_sessions.check(engine, ola, [], 12) == web_sessions.ACTIVE
    revoke_role(engine, "kari@helsedir.no", actor=admin)
    grant_role(engine, "group: porteføljekontoret ", "leser", actor=admin)
    assert web_sessions.check(engine, ola, [], 12) == web_sessions.REVOKED
    # The administrator who made the change keeps working.
    assert web_sessions.check(engine, own, [], 12) == web_sessions.ACTIVE


def test_the_audit_identity_cannot_be_chosen_by_the_user():
    spoof = claims("a1b2c3", preferred_username="admin@helsedir.no", name="Administrator")
    assert web_sessions.identity(spoof) == "a1b2c3 (login.example.no)"
    unverified = claims("a1b2c3", "admin@helsedir.no", email_verified=False)
    assert web_sessions.identity(unverified) == "a1b2c3 (login.example.no)"
    assert web_sessions.identity(claims("a1b2c3", "kari@helsedir.no")) == "kari@helsedir.no"


def test_no_email_means_the_default_role_not_the_role_of_a_chosen_name(engine, tmp_path):
    from dashboard.auth import oidc_actor

    roles = tmp_path / "roller.toml"
    roles.write_text('[users]\n"admin@helsedir.no" = "administrator"\n', encoding="utf-8")
    settings = Settings(auth_mode="oidc", roles_file=roles)
    spoof = claims("a1b2c3", preferred_username="admin@helsedir.no")
    actor, problem, state = oidc_actor(settings, spoof, engine)
    assert state == "active" and problem is None
    assert actor == Actor("a1b2c3 (login.example.no)", Role.LESER, via="web")
    real = claims("d4e5", "admin@helsedir.no")
    assert oidc_actor(settings, real, engine)[0].role == Role.ADMINISTRATOR
    web_sessions.revoke(engine, real)
    assert oidc_actor(settings, real, engine) == (None, None, "revoked")
