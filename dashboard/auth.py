"""Who is using the dashboard. Until sign-in is configured, every visitor may upload (the
access-control work replaces this with roles from OIDC or local mode)."""

from __future__ import annotations

from model.access import Actor, Role


def current_actor() -> Actor:
    return Actor(name="nettleser", role=Role.ADMINISTRATOR, via="web")
