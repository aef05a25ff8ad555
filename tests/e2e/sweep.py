"""One visit per page, two checks: the English a Norwegian reader must never meet (visible text
and what a screen reader reads), and axe-core's serious and critical violations.

Used by tests/e2e/test_every_mode.py for every access mode.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from dashboard.nav import PAGES
from tests.e2e.axe import axe_results, describe, serious, undecided_contrast
from tests.e2e.conftest import Server, settle, shot

#: A page of ours with sensible parameters, per url_path.
PAGE_PATHS = {
    "oversikt": "/oversikt?runde=2025-K3",
    "portefolje": "/portefolje?runde=2025-K4",  # T-0023 and T-0037 have no risk in 2025-K4
    "tiltak": "/tiltak?id=T-0057",
    "indikator": "/indikator?id=S1-01",
    "moter": "/moter?mote=NUIT-2025-4",
    "sak": "/sak?forum=NUIT&nr=41/25",
}


#: Serious axe rules exempt because Streamlit's own markup breaks them – only a rule that a
#: bare Streamlit page breaks too may stand here (tests/e2e/test_accessibility.py checks).
#: Empty with Streamlit 1.67 and axe-core 4.12: ``scrollable-region-focusable``, which older
#: versions reported on every page (a scrolling container without keyboard focus), no longer
#: occurs on any page in any mode, nor on a bare page.
FRAMEWORK_RULES: set[str] = set()


def page_paths(*, root: bool = True) -> list[str]:
    """Every page at its own address; with ``root`` also the root and an address that is no
    page (Streamlit's «Page not found» dialog)."""
    own = [PAGE_PATHS.get(p.key, f"/{p.key}") for p in PAGES]
    return ["/", *own, "/finnes-ikke"] if root else own


#: Streamlit's English (and Python's «None») that must never reach a reader. Whole words,
#: case-sensitive: «Open SDG» is the name of a method and allowed (ALLOWED).
ENGLISH = (
    "Select all",
    "Page not found",
    "Upload",
    "Drag and drop",
    "per file",
    "Limit",
    "Browse",
    "Print",
    "Record screen",
    "None",
    "NaN",
    "nan",
    "null",
    "True",
    "False",
    "Clear",
    "Deploy",
    "Rerun",
    "Settings",
    "Loading",
    "Running",
    "Stop",
    "Search",
    "Download",
    "Fullscreen",
    "Choose",
    "Open",
    "Close",
    "Show",
    "Hide",
    "Help for",
    "Main menu",
    "Sidebar",
    "Skip to",
    "App pages",
    "Link to",
    "No results",
    "Copy",
    "Sort ascending",
    "Sort descending",
    "Made with",
    "file upload",
    "Remove",
    "Cancel",
    "Zoom in",
    "Zoom out",
    "Autoscale",
    "Reset axes",
    "You can",
    "Please",
)
ALLOWED = ("Open SDG",)
_ENGLISH = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH) + r")\b")

#: What the reader meets: text not hidden from people or assistive technology, and the
#: attributes a screen reader or tooltip reads.
_READ_JS = """() => {
  const out = [];
  const shown = (el) => {
    for (let e = el; e; e = e.parentElement) {
      if (e.getAttribute('aria-hidden') === 'true' || e.hidden) return false;
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden') return false;
    }
    return true;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement, text = node.nodeValue.trim();
    if (!text || !el || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
    if (shown(el)) out.push(['tekst', text]);
  }
  const names = ['aria-label', 'title', 'placeholder', 'alt', 'data-title', 'aria-description',
                 'aria-roledescription', 'aria-valuetext'];
  for (const el of document.querySelectorAll(names.map((n) => `[${n}]`).join(','))) {
    if (el.closest('[aria-hidden="true"]')) continue;
    for (const n of names) { const v = el.getAttribute(n); if (v && v.trim()) out.push([n, v.trim()]); }
  }
  return out;
}"""


def english(page) -> list[str]:
    """Every English word of :data:`ENGLISH` the reader meets on the page, with where."""
    found = []
    for where, text in page.evaluate(_READ_JS):
        cleaned = text
        for allowed in ALLOWED:
            cleaned = cleaned.replace(allowed, "")
        hits = _ENGLISH.findall(cleaned)
        if hits:
            found.append(f"{where}: «{text[:120]}» ({', '.join(sorted(set(hits)))})")
    return found


def _open_and_read(page, locator, label: str, opened: set[str], *, choices: int = 0) -> list[str]:
    """Open a dropdown (select box, filter, column chooser), read it, close it again – the
    first one of each kind in a sweep (Streamlit's texts in them are the same everywhere)."""
    if label in opened or not locator.count() or not locator.first.is_visible():
        return []
    opened.add(label)
    locator.first.click()
    page.wait_for_timeout(400)
    found = [f"{label}: {f}" for f in english(page)]
    if page.get_by_role("option").count() < choices:
        opened.discard(label)  # too little to choose between: try the next one of its kind
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)
    return found


def open_controls(page, opened: set[str]) -> list[str]:
    """The English in what opens: a select box, a filter (multiselect) with «Select all», a
    table's column chooser. Their texts are not in the page until they open."""
    found = _open_and_read(
        page, page.locator('[data-testid="stSelectbox"]'), "nedtrekksliste", opened
    )
    filters = page.locator('[data-testid="stMultiSelect"]')
    for index in range(min(filters.count(), 4) if "filter" not in opened else 0):
        # «Select all» shows only with two options or more to choose from.
        found += _open_and_read(page, filters.nth(index), "filter", opened, choices=2)
    table = page.locator('[data-testid="stDataFrame"]')
    if "kolonnevalg" not in opened and table.count() and table.first.is_visible():
        table.first.hover()
        toolbar = page.locator('[data-testid="stElementToolbar"] button')
        if toolbar.count():  # a tooltip appears after a moment's hover
            toolbar.first.hover()
            page.get_by_test_id("stTooltipContent").first.wait_for(timeout=5000)
            found += [f"verktøytips: {f}" for f in english(page)]
        found += _open_and_read(
            page, page.get_by_role("button", name="Vis eller skjul kolonner"), "kolonnevalg", opened
        )
    return found


def open_expanders(page) -> None:
    """Open every closed expander (filters, rules, …), so their content is read and checked.
    Not behind an open dialog (the «page not found» one): the page under it is inert."""
    if page.locator('[role="dialog"]').count():
        return
    closed = page.locator('[data-testid="stExpander"] details:not([open]) > summary')
    for _ in range(closed.count()):
        closed.first.click()
        page.wait_for_timeout(150)
    if page.locator('[data-testid="stExpander"]').count():
        settle(page, quiet_ms=300)


@dataclass
class Visit:
    path: str
    english: list[str] = field(default_factory=list)
    violations: list[dict[str, Any]] = field(default_factory=list)
    exception: str | None = None
    seconds: float = 0.0


@dataclass
class Sweep:
    mode: str
    visits: list[Visit] = field(default_factory=list)
    seconds: float = 0.0

    def english_report(self) -> str:
        return "\n".join(f"[{self.mode} {v.path}] {e}" for v in self.visits for e in v.english)

    def violations_report(self, allowed: set[str]) -> str:
        out = []
        for visit in self.visits:
            ours = [v for v in visit.violations if v["id"] not in allowed]
            if ours:
                out.append(f"[{self.mode} {visit.path}]\n{describe(ours)}")
        return "\n".join(out)


def sweep(page, server: Server, mode: str, paths: list[str] | None = None) -> Sweep:
    """Visit every page (:func:`page_paths`) in this browser page: read, open, run axe."""
    result = Sweep(mode)
    start = time.perf_counter()
    opened: set[str] = set()
    for path in paths or page_paths():
        began = time.perf_counter()
        page.goto(server.url + path)
        settle(page, quiet_ms=600)
        visit = Visit(path)
        errors = page.locator('[data-testid="stException"]')
        if errors.count():
            visit.exception = errors.first.inner_text()
        open_expanders(page)
        visit.english = english(page)
        results = axe_results(page)
        visit.violations = serious(results["violations"]) + undecided_contrast(page, results)
        if page.locator('[role="dialog"]').count():  # e.g. the address that is no page
            page.keyboard.press("Escape")
            page.locator('[role="dialog"]').first.wait_for(state="detached")
        visit.english += open_controls(page, opened)
        visit.seconds = time.perf_counter() - began
        if not result.visits:  # how each mode looks, for people to check
            shot(page, f"modus-{mode}", full=False)
        result.visits.append(visit)
    result.seconds = time.perf_counter() - start
    return result
