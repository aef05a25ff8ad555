"""The dashboard's entry point (run by Streamlit as ``__main__``): who the visitor is, and the
pages they may open; nothing else."""

from __future__ import annotations

import streamlit as st

from dashboard import labels
from dashboard.auth import Access, current_access
from dashboard.guard import permit_uploads
from dashboard.nav import PAGES, navigation
from dashboard.views import tilgang


def pages_for(access: Access, default: str | None = None) -> dict[str, list[st.Page]]:
    """What this visitor's navigation holds: the sign-in page when signed out, a refusal when
    signed in without a role, else the pages their role allows (others answer with a refusal)."""
    if access.needs_sign_in:
        return {"": tilgang.sign_in_pages()}
    if access.actor is None:
        return {"": tilgang.everywhere(tilgang.no_access, "Ingen tilgang", "ingen-tilgang")}
    return navigation(
        access.can,
        default=default,
        public=access.mode == "public",
        refused=tilgang.refused,
        empty=tilgang.public_start,
    )


def main(default: str | None = None) -> None:
    """``default`` opens another page first (tests open a page by its address this way)."""
    st.set_page_config(page_title=labels.APP_TITLE, page_icon="📊", layout="wide")
    access = current_access()
    # Only a session whose user may import can store uploads (dashboard/guard.py).
    permit_uploads(access.can("import"))
    current = st.navigation(pages_for(access, default), position="top")
    if access.actor is not None:
        tilgang.banner(access, presenting=current.title == PRESENTING)
    run_page(current)


#: What a visitor reads when a page fails unexpectedly: no traceback, no server paths.
PAGE_FAILED = (
    "Siden kunne ikke vises på grunn av en uventet feil. Ingen data er endret. Last siden på "
    "nytt; hvis feilen kommer igjen, gi beskjed til den som drifter dashbordet og oppgi "
    "tidspunktet {when} (feilen er skrevet i serverens logg)."
)


def run_page(page: st.Page) -> None:
    """Run the page; an unexpected error becomes one Norwegian sentence on the page and the full
    traceback goes to the server's log only (Streamlit's own error box shows server paths).
    Streamlit's rerun and stop signals are not Exceptions and pass through."""
    try:
        page.run()
    except Exception:
        import logging
        from datetime import datetime

        when = datetime.now().strftime("%d.%m.%Y %H:%M:%S")
        logging.getLogger("ehelse.dashboard").exception("Siden %s feilet (%s)", page.title, when)
        st.error(PAGE_FAILED.format(when=when), icon=":material/error:")


#: The page shown on a projector: no line about who is signed in above its slides.
PRESENTING = next(p.title for p in PAGES if p.key == "motemodus")


if __name__ == "__main__":
    main()
