"""Universal design (WCAG 2.1 AA): axe-core on every page, keyboard use, the document language,
layouts from phone to projector, dark mode and a colour-blind view.

Violations that a bare Streamlit page shows too are the framework's: they are printed apart and
do not fail the test; every other serious or critical violation does.
"""

from __future__ import annotations

import pytest

from dashboard.nav import PAGES
from tests.e2e.axe import describe, run_axe, serious
from tests.e2e.conftest import free_port, goto, no_exceptions, settle, shot
from tests.helpers import start_bare_chart

pytestmark = pytest.mark.e2e

#: A page of ours with sensible parameters, per url_path.
PAGE_PATHS = {
    "oversikt": "/?runde=2025-K3",
    "portefolje": "/portefolje?runde=2025-K3",
    "tiltak": "/tiltak?id=T-0057",
    "indikator": "/indikator?id=S1-01",
    "moter": "/moter?mote=NUIT-2025-4",
    "sak": "/sak?forum=NUIT&nr=41/25",
}


def page_paths() -> list[tuple[str, str]]:
    return [(p.key, PAGE_PATHS.get(p.key, f"/{p.key}")) for p in PAGES]


@pytest.fixture(scope="session")
def bare_url():
    """A bare one-chart Streamlit page: what the framework alone produces."""
    port = free_port()
    proc = start_bare_chart(port, dashboard_flags=False)
    url = f"http://127.0.0.1:{port}"
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def framework_rules(browser, bare_url) -> set[str]:
    page = browser.new_page()
    page.goto(bare_url)
    settle(page)
    rules = {v["id"] for v in run_axe(page)}
    page.close()
    print(f"\nStreamlit alene (bar side) bryter disse axe-reglene: {sorted(rules) or 'ingen'}")
    return rules


@pytest.mark.parametrize(("key", "path"), page_paths(), ids=[k for k, _ in page_paths()])
def test_no_serious_violations_caused_by_our_code(page, server, framework_rules, key, path):
    goto(page, server, path)
    no_exceptions(page)
    violations = serious(run_axe(page))
    framework = [v for v in violations if v["id"] in framework_rules]
    ours = [v for v in violations if v["id"] not in framework_rules]
    if framework:
        print(
            f"\n[{key}] rammeverkets brudd (vises også på en bar Streamlit-side):\n{describe(framework)}"
        )
    assert not ours, f"[{key}] alvorlige brudd fra vår kode:\n{describe(ours)}"


SLIDES = [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize("number", SLIDES)
def test_every_presentation_slide_has_no_serious_violations_from_our_code(
    browser, server, framework_rules, number
):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nb-NO")
    page = context.new_page()
    slides = ",".join(map(str, SLIDES))
    goto(page, server, f"/motemodus?runde=2025-K3&lysbilder={slides}&lysbilde={number}")
    no_exceptions(page)
    assert f"Lysbilde {number} av {len(SLIDES)}" in page.get_by_test_id("stMain").inner_text()
    ours = [v for v in serious(run_axe(page)) if v["id"] not in framework_rules]
    context.close()
    assert not ours, f"[lysbilde {number}] alvorlige brudd fra vår kode:\n{describe(ours)}"


def test_the_document_is_in_norwegian(page, server):
    goto(page, server, "/")
    assert page.evaluate("document.documentElement.lang") == "nb"


def test_keyboard_reaches_navigation_and_widgets_with_visible_focus(page, server):
    goto(page, server, "/?runde=2025-K3")
    seen: list[str] = []
    visible_outline = 0
    for _ in range(25):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const e = document.activeElement; if (!e || e === document.body) return null;
                       const s = getComputedStyle(e);
                       return {text: (e.innerText || e.getAttribute('aria-label') || e.value || '').trim().slice(0, 40),
                               tag: e.tagName, outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                               shadow: s.boxShadow !== 'none'}; }"""
        )
        if info:
            seen.append(f"{info['tag']}:{info['text']}")
            visible_outline += bool(info["outline"] or info["shadow"])
    joined = " | ".join(seen)
    assert "Portefølje" in joined, joined  # the navigation
    assert "2025-K3" in joined, joined  # the round picker
    assert visible_outline >= len(seen) * 0.8, f"fokus er ikke synlig på alle elementer: {joined}"
    # The link to the red measure can be reached and followed with the keyboard alone.
    link = page.get_by_role("link", name="Åpne T-0057 med historikk og kommentarer")
    link.focus()
    page.keyboard.press("Enter")
    settle(page)
    assert "id=T-0057" in page.url


@pytest.mark.parametrize(
    ("width", "height", "label"),
    [(390, 844, "mobil"), (1024, 768, "nettbrett"), (1920, 1080, "projektor")],
)
def test_oversikt_and_an_indicator_page_fit_every_screen(browser, server, width, height, label):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nb-NO")
    page = context.new_page()
    paths = [("oversikt", "/?runde=2025-K3")]
    if any(p.key == "indikator" for p in PAGES):
        paths.append(("indikator", PAGE_PATHS["indikator"]))
    for name, path in paths:
        goto(page, server, path)
        no_exceptions(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} flyter {overflow} px ut til siden på {label}"
        assert page.get_by_role("heading", level=1).first.is_visible()
        shot(page, f"responsiv-{name}-{label}-{width}x{height}")
    context.close()


def test_dark_mode_is_legible(browser, server):
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, locale="nb-NO", color_scheme="dark"
    )
    page = context.new_page()
    goto(page, server, "/?runde=2025-K3")
    background = page.evaluate(
        "getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor"
    )
    assert background.replace(" ", "") == "rgb(16,22,30)"
    violations = [v for v in serious(run_axe(page)) if v["id"] == "color-contrast"]
    assert not violations, describe(violations)
    shot(page, "morkt-tema-oversikt")
    context.close()


DEUTERANOPIA = """
<svg xmlns="http://www.w3.org/2000/svg" style="position:absolute;height:0;width:0">
  <filter id="deuteranopia"><feColorMatrix type="matrix"
    values="0.625 0.375 0 0 0  0.7 0.3 0 0 0  0 0.3 0.7 0 0  0 0 0 1 0"/></filter></svg>
"""


def test_colour_blind_view_keeps_status_readable(page, server):
    """Deuteranopia simulation (test-only filter): status must still be told apart by words/shapes."""
    goto(page, server, "/?runde=2025-K3")
    page.evaluate("(svg) => document.body.insertAdjacentHTML('beforeend', svg)", DEUTERANOPIA)
    page.add_style_tag(content="[data-testid='stApp'] { filter: url(#deuteranopia); }")
    page.wait_for_timeout(300)
    shot(page, "fargeblind-deuteranopi-oversikt")
    text = page.get_by_test_id("stMain").inner_text()
    assert "■ Rød" in text and "▲ Andel gul" in text
