"""Brukere og roller (administrators): who has which role after signing in. Grants from the
roles file are shown but changed only in the file; grants in the database are changed here, and
every change is written to the audit log."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard.auth import mode, require_page
from dashboard.components import md_escape, page_setup
from dashboard.data import engine
from dashboard.labels import ROLE_SOURCE_NB
from model.access import Role
from model.labels import ROLE_LABELS_NB
from model.oslo import oslo_iso
from model.roles import RoleError, grant_role, list_grants, revoke_role
from model.settings import get_settings


def render() -> None:
    page_setup()
    st.title("Brukere og roller")
    actor = require_page("admin")
    settings = get_settings()
    _intro(settings)
    message = st.session_state.pop("roles_message", None)
    if message:
        (st.error if message[0] == "error" else st.success)(md_escape(message[1]))
    grants = _grants(settings)
    _grant_form(actor)
    _revoke_form([g.subject for g in grants if g.source == "database"], actor)


def _intro(settings) -> None:  # noqa: ANN001 - model.settings.Settings
    """When the roles apply, how a subject is written, and what a user without a role gets."""
    if mode(settings) != "oidc":
        st.info(
            "Rollene her gjelder når dashbordet kjører med innlogging (EHELSE_AUTH_MODE=oidc). "
            "I denne modusen bestemmer innstillingene rollen til alle."
        )
    default = (
        "ingen tilgang"
        if settings.oidc_default_role == "ingen"
        else ROLE_LABELS_NB[Role(settings.oidc_default_role)].lower()
    )
    st.caption(
        "En bruker er en e-postadresse fra innloggingen; en gruppe skrives group:navn (kravet "
        f"«{md_escape(settings.oidc_groups_claim)}» i ID-tokenet). Har noen flere roller, gjelder "
        f"den høyeste. Innloggede uten rolle får: {default}."
    )


def _grants(settings) -> list:  # noqa: ANN001 - model.settings.Settings
    """The grants from the database and the roles file, shown as a table."""
    try:
        grants = list_grants(engine(), settings.roles_file)
    except RoleError as problem:
        st.error(md_escape(str(problem)))
        grants = list_grants(engine(), None)
    frame = pd.DataFrame(
        {
            "Bruker eller gruppe": [g.subject for g in grants],
            "Rolle": [ROLE_LABELS_NB[g.role] for g in grants],
            "Kilde": [ROLE_SOURCE_NB[g.source] for g in grants],
            "Gitt av": [g.granted_by or "" for g in grants],
            "Tidspunkt": [(oslo_iso(g.granted_at) or "").replace("T", " ") for g in grants],
        }
    )
    if grants:
        st.dataframe(frame, hide_index=True, key="grants_table")
    else:
        st.info("Ingen roller er gitt ennå.")
    return grants


def _change(action: Callable[[], str]) -> None:
    """Run a role change, keep its outcome (the success text or the refusal) for the next run,
    and rerun the page."""
    try:
        text = action()
    except RoleError as problem:
        st.session_state["roles_message"] = ("error", str(problem))
    else:
        st.session_state["roles_message"] = ("success", text)
    st.rerun()


def _grant_form(actor) -> None:  # noqa: ANN001 - dashboard.auth.Actor
    st.subheader("Gi eller endre en rolle")
    with st.form("grant_form", clear_on_submit=True):
        c1, c2 = st.columns([2, 1])
        subject = c1.text_input("E-postadresse eller group:navn", key="grant_subject")
        role = c2.selectbox(
            "Rolle", list(Role), format_func=lambda r: ROLE_LABELS_NB[r], key="grant_role"
        )
        # The select box has no placeholder, so a role is always chosen.
        if st.form_submit_button("Lagre rollen", type="primary") and role is not None:

            def grant() -> str:
                given = grant_role(engine(), subject, role, actor=actor)
                return f"{given.subject} har nå rollen {ROLE_LABELS_NB[given.role].lower()}."

            _change(grant)


def _revoke_form(own: list[str], actor) -> None:  # noqa: ANN001 - dashboard.auth.Actor
    if not own:
        return
    st.subheader("Fjern en rolle")
    c1, c2 = st.columns([2, 1], vertical_alignment="bottom")
    chosen = c1.selectbox("Bruker eller gruppe", own, key="revoke_subject")
    if c2.button("Fjern rollen", key="revoke_button"):

        def revoke() -> str:
            revoke_role(engine(), chosen, actor=actor)
            return f"Rollen til {chosen} er fjernet."

        _change(revoke)
