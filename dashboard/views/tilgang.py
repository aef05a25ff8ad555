"""The access pages: sign-in, no access, a refusal at a forbidden page's address, the public
dashboard before its indicator pages exist, and the banner and sidebar that say who you are."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard import labels
from dashboard.auth import Access, current_access, refusal_text, sign_out
from dashboard.components import md_escape, page_setup
from dashboard.nav import PAGES, PageDef
from model.labels import ROLE_LABELS_NB

SIGN_IN_TITLE = "Logg inn"


def sign_in() -> None:
    page_setup()
    st.title(labels.APP_TITLE)
    st.markdown(
        "Dashbordet for den nasjonale e-helseporteføljen og de strategiske indikatorene krever "
        "innlogging. Du logger inn med brukeren fra virksomheten din."
    )
    ended = current_access().problem
    if ended:
        st.info(ended, icon=":material/logout:")
    if st.button(SIGN_IN_TITLE, type="primary", icon=":material/login:", key="sign_in"):
        st.login()


def sign_in_pages() -> list[st.Page]:
    """The sign-in page at its own address, at the root and at every page's address (a
    bookmark still works, and no address answers with Streamlit's English «Page not found»)."""
    return everywhere(sign_in, SIGN_IN_TITLE, "logg-inn")


def everywhere(render: Callable[[], None], title: str, key: str) -> list[st.Page]:
    """``render`` at ``/key``, at the root and (hidden) at every page's address."""
    pages = [st.Page(render, title=title, url_path=key)]
    for address in ["", *(definition.key for definition in PAGES)]:

        def at_address() -> None:
            render()

        pages.append(
            st.Page(
                at_address,
                title=title,
                url_path=address,
                default=address == "",
                visibility="hidden",
            )
        )
    return pages


def no_access() -> None:
    page_setup()
    access = current_access()
    st.title("Ingen tilgang")
    who = md_escape(access.actor.name if access.actor else _signed_in_name())
    st.error(
        f"Du er logget inn som {who}, men har ingen rolle i dashbordet. Be en administrator om "
        "tilgang (siden «Brukere og roller»).",
        icon=":material/lock:",
    )
    if st.button("Logg ut", key="sign_out_no_access", icon=":material/logout:"):
        sign_out()


def _signed_in_name() -> str:
    from model.web_sessions import identity

    try:
        user = st.user.to_dict()
    except Exception:  # noqa: BLE001
        return "ukjent"
    return identity(user)


def refused(definition: PageDef) -> None:
    page_setup()
    st.title(definition.title)
    st.error(refusal_text(definition.permission), icon=":material/lock:")


def public_start() -> None:
    page_setup()
    st.title("Strategiske indikatorer")
    st.info(
        "Indikatorsidene er ikke publisert ennå. Her kommer den offentlige visningen av "
        "indikatorene i Nasjonal e-helsestrategi."
    )


def banner(access: Access, *, presenting: bool = False) -> None:
    """Who you are, on every page: one short line at the top right (with «Logg ut» when signed
    in), and in local mode a warning that nobody signs in. ``presenting``: meeting mode on a
    projector shows only the local-mode warning."""
    if access.mode == "local" and access.actor is not None:
        role = ROLE_LABELS_NB[access.actor.role]
        st.warning(
            f"**Lokal modus – ingen innlogging.** Alle som åpner denne adressen har rollen "
            f"{role.lower()} og registreres som «{md_escape(access.actor.name)}». Bare for egen "
            "maskin eller demo, aldri på en server.",
            icon=":material/warning:",
        )
    if presenting:
        return
    line = access_line(access)
    if line is None:
        return
    with st.container(
        horizontal=True,
        horizontal_alignment="right",
        vertical_alignment="center",
        key="ehelse_access",
    ):
        # Plain text, not Markdown: an e-mail address would otherwise become a link.
        st.text(line)
        if access.mode == "oidc" and st.button(
            "Logg ut", key="sign_out", icon=":material/logout:", type="tertiary"
        ):
            sign_out()
    if access.mode == "oidc" and access.problem:
        st.warning(md_escape(access.problem))


def access_line(access: Access) -> str | None:
    """The line that says who you are and what you may do (plain text)."""
    if access.mode == "oidc" and access.actor is not None:
        role = ROLE_LABELS_NB[access.actor.role]
        return f"Innlogget som {access.actor.name} · {role}"
    if access.mode == "none":
        return (
            "Lesetilgang: ingen innlogging er satt opp på denne serveren, så opplasting og "
            "angring er slått av."
        )
    if access.mode == "public":
        return "Offentlig visning av de strategiske indikatorene."
    return None
