"""The pages of the dashboard, in one registry: app.py builds the navigation from it, and pages
link to each other through :func:`page` (Streamlit identifies a page by its url_path)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

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
    PageDef("veikart", "Veikart", "dashboard.views.veikart", "Portefølje", ":material/timeline:"),
    PageDef("tiltak", "Tiltak", "dashboard.views.tiltak", "Portefølje", ":material/assignment:"),
    PageDef(
        "motemodus",
        "Møtemodus",
        "dashboard.views.motemodus",
        "Portefølje",
        ":material/slideshow:",
    ),
    PageDef("moter", "Møter", "dashboard.views.moter", "Råd og utvalg", ":material/groups:"),
    PageDef("sak", "Sak", "dashboard.views.sak", "Råd og utvalg", ":material/gavel:"),
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
        "innrapportering",
        "Innrapportering",
        "dashboard.views.innrapportering",
        "Forvaltning",
        ":material/assignment_turned_in:",
        "import",
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
        "registrer-sak",
        "Registrer sak",
        "dashboard.views.registrer_sak",
        "Forvaltning",
        ":material/edit_note:",
        "edit-cases",
    ),
    PageDef(
        "importhistorikk",
        "Importhistorikk",
        "dashboard.views.historikk",
        "Forvaltning",
        ":material/history:",
    ),
    PageDef(
        "brukere",
        "Brukere og roller",
        "dashboard.views.brukere",
        "Administrasjon",
        ":material/manage_accounts:",
        "admin",
    ),
    PageDef(
        "revisjonslogg",
        "Revisjonslogg",
        "dashboard.views.revisjonslogg",
        "Administrasjon",
        ":material/policy:",
        "audit",
    ),
)

#: What the public indicator dashboard shows (EHELSE_PUBLIC_MODE): the section «Indikatorer» and
#: these pages, whenever they exist; nothing from the portfolio, no upload, no history.
PUBLIC_SECTIONS = frozenset({"Indikatorer"})
PUBLIC_PAGES = frozenset({"indikatorer", "indikator", "versjoner"})


def is_public(definition: PageDef) -> bool:
    return definition.section in PUBLIC_SECTIONS or definition.key in PUBLIC_PAGES


def page(key: str) -> st.Page:
    """A page object for ``st.page_link``/``st.switch_page`` (same url_path → same page)."""
    definition = next(p for p in PAGES if p.key == key)
    render = importlib.import_module(definition.module).render
    return st.Page(render, title=definition.title, url_path=definition.key, icon=definition.icon)


def _at_root(render: Callable[[], None], title: str, icon: str) -> st.Page:
    """The landing page's content at the root address ``/``.

    Streamlit serves its default page at ``/`` only: opened by its own name (``/oversikt``) it
    would answer with an English «Page not found» dialog. So every page keeps its own address,
    and the landing page is shown once more, hidden, at the root.
    """

    def at_root() -> None:
        render()

    return st.Page(at_root, title=title, url_path="", icon=icon, default=True, visibility="hidden")


def _stand_in(definition: PageDef, render: Callable[[PageDef], None]) -> st.Page:
    """A hidden page at the same address that shows ``render(definition)`` instead (so a
    forbidden page opened by its URL says why, and its own code never runs)."""

    def refused() -> None:
        render(definition)

    refused.__name__ = f"ikke_tilgang_{definition.key.replace('-', '_')}"
    return st.Page(
        refused,
        title=definition.title,
        url_path=definition.key,
        icon=":material/lock:",
        visibility="hidden",
    )


def navigation(
    can: Callable[[str], bool],
    *,
    default: str | None = None,
    public: bool = False,
    refused: Callable[[PageDef], None] | None = None,
    empty: Callable[[], None] | None = None,
) -> dict[str, list[st.Page]]:
    """The sections and pages a user with permission check ``can(permission)`` may see.

    ``public`` keeps only the public indicator pages. With ``refused``, every other page is
    registered hidden at its own address and shows ``refused(definition)``. ``empty`` is the
    page shown when nothing is allowed. ``default`` makes another page the landing page (tests
    open a page directly this way).
    """
    allowed = [d for d in PAGES if can(d.permission) and (not public or is_public(d))]
    landing = _landing(allowed) if default is None else default
    sections: dict[str, list[st.Page]] = {}
    for definition in allowed:
        sections.setdefault(definition.section, []).append(page(definition.key))
    if not allowed and empty is not None:
        sections[""] = [
            st.Page(empty, title="Start", url_path="start", icon=":material/info:"),
        ]
        if landing is None:
            sections[""].append(_at_root(empty, "Start", ":material/info:"))
    if refused is not None:
        for definition in PAGES:
            if definition not in allowed:
                sections.setdefault("", []).append(_stand_in(definition, refused))
    _add_root(sections, landing, allowed, refused)
    return sections


def _landing(allowed: list[PageDef]) -> str | None:
    """The landing page's key: the allowed page marked default, else the first allowed one."""
    marked = [d.key for d in allowed if d.default]
    return marked[0] if marked else (allowed[0].key if allowed else None)


def _add_root(
    sections: dict[str, list[st.Page]],
    landing: str | None,
    allowed: list[PageDef],
    refused: Callable[[PageDef], None] | None,
) -> None:
    """Show the landing page once more at the root address (a forbidden one as refused, or the
    first allowed page when no refusal page is given)."""
    definition = next((p for p in PAGES if p.key == landing), None)
    if definition is not None and definition not in allowed and refused is None:
        definition = allowed[0] if allowed else None
    if definition is None:
        return
    if definition in allowed:
        render = importlib.import_module(definition.module).render
        section = definition.section
    elif refused is not None:
        render, section = partial(refused, definition), ""
    else:
        return
    sections.setdefault(section, []).append(_at_root(render, definition.title, definition.icon))
