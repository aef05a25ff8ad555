"""The pages of the dashboard, in one registry: app.py builds the navigation from it, and pages
link to each other through :func:`page` (Streamlit identifies a page by its url_path)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class PageDef:
    key: str  # url_path
    title: str
    module: str
    section: str
    icon: str
    permission: str = "view"
    default: bool = False


PAGES: tuple[PageDef, ...] = (
    PageDef(
        "oversikt",
        "Oversikt",
        "dashboard.views.oversikt",
        "Portefølje",
        ":material/dashboard:",
        default=True,
    ),
    PageDef(
        "portefolje",
        "Portefølje",
        "dashboard.views.portefolje",
        "Portefølje",
        ":material/table_view:",
    ),
    PageDef("tiltak", "Tiltak", "dashboard.views.tiltak", "Portefølje", ":material/assignment:"),
    PageDef(
        "motemodus",
        "Møtemodus",
        "dashboard.views.motemodus",
        "Portefølje",
        ":material/slideshow:",
    ),
    PageDef(
        "indikatorer",
        "Mål og indikatorer",
        "dashboard.views.indikatorer",
        "Indikatorer",
        ":material/flag:",
    ),
    PageDef(
        "indikator",
        "Indikator",
        "dashboard.views.indikator",
        "Indikatorer",
        ":material/show_chart:",
    ),
    PageDef(
        "versjoner",
        "Versjoner",
        "dashboard.views.versjoner",
        "Indikatorer",
        ":material/difference:",
    ),
    PageDef(
        "last-opp",
        "Last opp",
        "dashboard.views.last_opp",
        "Forvaltning",
        ":material/upload_file:",
        "import",
    ),
    PageDef(
        "importhistorikk",
        "Importhistorikk",
        "dashboard.views.historikk",
        "Forvaltning",
        ":material/history:",
    ),
)


def page(key: str, *, default: bool | None = None) -> st.Page:
    """A page object for ``st.page_link``/``st.switch_page`` (same url_path → same page)."""
    definition = next(p for p in PAGES if p.key == key)
    render = importlib.import_module(definition.module).render
    return st.Page(
        render,
        title=definition.title,
        url_path=definition.key,
        icon=definition.icon,
        default=definition.default if default is None else default,
    )


def navigation(
    can: Callable[[str], bool], *, default: str | None = None
) -> dict[str, list[st.Page]]:
    """The sections and pages a user with permission check ``can(permission)`` may see.

    ``default`` makes another page the landing page (tests open a page directly this way).
    """
    sections: dict[str, list[st.Page]] = {}
    for definition in PAGES:
        if can(definition.permission):
            is_default = definition.default if default is None else definition.key == default
            sections.setdefault(definition.section, []).append(
                page(definition.key, default=is_default)
            )
    return sections
