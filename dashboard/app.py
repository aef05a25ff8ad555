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
    current.run()


#: The page shown on a projector: no line about who is signed in above its slides.
PRESENTING = next(p.title for p in PAGES if p.key == "motemodus")


if __name__ == "__main__":
    main()
