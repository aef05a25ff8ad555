"""The portfolio pages in a real browser: what a council member and an officer actually do."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import goto, no_exceptions, settle, shot, wait_for_charts

pytestmark = pytest.mark.e2e


def test_oversikt_names_the_red_measure_and_leads_to_its_page(page, server):
    goto(page, server, "/?runde=2025-K3")
    no_exceptions(page)
    main = page.get_by_test_id("stMain")
    assert "Oversikt 2025-K3" in main.inner_text()
    first_screen = page.get_by_text("Mine timeavtaler", exact=False).first
    assert first_screen.is_visible()
    wait_for_charts(page, 1)
    shot(page, "oversikt-2025-K3")
    page.get_by_role("link", name=re.compile("Åpne T-0057 med historikk")).click()
    settle(page)
    no_exceptions(page)
    assert "tiltak" in page.url and "id=T-0057" in page.url and "runde=2025-K3" in page.url
    assert page.get_by_role("heading", name="Mine timeavtaler").is_visible()
    shot(page, "tiltak-mine-timeavtaler")


def test_a_filter_survives_a_reload_of_the_url(page, server):
    goto(page, server, "/portefolje?runde=2025-K3")
    page.get_by_text("Filter", exact=True).click()
    search = page.get_by_label("Søk i navn og kommentar")
    search.fill("legemiddel")
    search.press("Enter")
    settle(page)
    assert "sok=legemiddel" in page.url
    caption = page.get_by_text(re.compile(r"Viser \d+ av 74 tiltak")).inner_text()
    shown = int(re.search(r"Viser (\d+)", caption).group(1))
    assert 0 < shown < 74
    page.reload()
    settle(page)
    assert page.get_by_label("Søk i navn og kommentar").input_value() == "legemiddel"
    assert page.get_by_text(f"Viser {shown} av 74 tiltak", exact=False).is_visible()
    shot(page, "portefolje-filter-legemiddel")


def test_every_portfolio_page_renders_without_errors(page, server):
    for path, name in (
        ("/", "oversikt"),
        ("/portefolje", "portefolje"),
        ("/tiltak?id=T-0001", "tiltak"),
        ("/last-opp", "last-opp"),
        ("/importhistorikk", "importhistorikk"),
    ):
        goto(page, server, path)
        no_exceptions(page)
        shot(page, f"side-{name}")


def test_on_a_phone_tables_are_lists(browser, server):
    """390×844: the portfolio is a list (status as shape and word, ID and name, the comment),
    not a table of nine columns of which only two fit; Oversikt's colour changes likewise."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nb-NO")
    page = context.new_page()
    try:
        goto(page, server, "/portefolje?runde=2025-K3")
        no_exceptions(page)
        narrow = page.locator('[class*="st-key-narrow_portfolio"]')
        assert narrow.is_visible()
        assert not page.locator('[class*="st-key-wide_portfolio"]').is_visible()
        assert not page.get_by_test_id("stDataFrame").first.is_visible()
        first = narrow.locator("li").first
        assert re.match(r"(● Grønn|▲ Gul|■ Rød) · T-0001 ", first.inner_text())
        assert (
            first.get_by_role("link")
            .get_attribute("href")
            .endswith("tiltak?id=T-0001&runde=2025-K3")
        )
        width = page.evaluate("document.querySelector('[data-testid=stMain]').scrollWidth")
        assert width <= 390, width  # nothing to scroll sideways
        shot(page, "portefolje-mobil-390x844", full=False)
        goto(page, server, "/?runde=2025-K3")
        page.get_by_text("Endret farge siden 2025-K2").wait_for()
        page.get_by_text("Endret farge siden 2025-K2").scroll_into_view_if_needed()
        settle(page)
        assert page.get_by_text("▲ Gul → ■ Rød (forverret)").first.is_visible()
        shot(page, "oversikt-endringer-mobil-390x844", full=False)
        # a wide screen gets the table again
        page.set_viewport_size({"width": 1366, "height": 768})
        goto(page, server, "/portefolje?runde=2025-K3")
        assert page.get_by_test_id("stDataFrame").first.is_visible()
        assert not narrow.is_visible()
    finally:
        context.close()
