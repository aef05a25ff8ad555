"""The indicator pages in a real browser: a council member follows a goal down to one indicator."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import WAIT_MS, goto, no_exceptions, settle, shot, wait_for_charts

pytestmark = pytest.mark.e2e


def main_text(page, expected: str) -> str:
    """The main area's text once ``expected`` is in it (the script run may still be going)."""
    expect(page.get_by_test_id("stMain")).to_contain_text(expected, timeout=WAIT_MS)
    return page.get_by_test_id("stMain").inner_text()


def test_goal_page_leads_to_an_indicator(page, server):
    goto(page, server, "/indikatorer")
    # Page links are a lazily loaded component too: their labels appear after the rest.
    link = page.get_by_role("link", name=re.compile(r"S1-01 · Andel av befolkningen")).first
    expect(link).to_be_visible(timeout=WAIT_MS)
    text = main_text(page, "Indikatorer per mål")
    wait_for_charts(page, 1)
    no_exceptions(page)
    assert "Metode: Open SDG (fremdriftsmål)" in text
    assert "Andel av befolkningen med digital kontakt med helsetjenesten" in text
    assert "▲ God fremgang" in text and "⚙ Under arbeid" in text and "ikke fastsatt" in text
    # The chart legend names every category with icon and word, not colour alone.
    legend = page.locator('[data-testid="stPlotlyChart"]').first.inner_text()
    assert "Målet er nådd" in legend and "Tilbakegang" in legend
    shot(page, "indikatorer-maal")
    link.click()
    expect(page).to_have_url(re.compile(r"/indikator\?.*id=S1-01"), timeout=WAIT_MS)
    expect(
        page.get_by_role("heading", name=re.compile("S1-01 Andel av befolkningen"))
    ).to_be_visible(timeout=WAIT_MS)
    text = main_text(page, "Fordeling på områder")
    wait_for_charts(page, 2)
    no_exceptions(page)
    assert "God fremgang" in text and "Forholdet er 1,43" in text
    ratio = page.get_by_test_id("stMetric").filter(has_text="Nødvendig årlig vekst")
    expect(ratio).to_have_count(1)
    expect(ratio).to_contain_text("7,7")
    shot(page, "indikator-S1-01")


def test_indicator_as_of_2023_reproduces_the_contract_example(page, server):
    goto(page, server, "/indikator?id=S1-01&per=2023")
    text = main_text(page, "Forholdet er 1,89")
    wait_for_charts(page, 1)
    no_exceptions(page)
    assert "Observasjoner: til og med 2023" in text
    legend = page.locator('[data-testid="stPlotlyChart"]').first.inner_text()
    for entry in ("Hele landet", "Mål 2030: 75 %", "Nødvendig bane mot målet", "Framskriving"):
        assert entry in legend.replace("\u00a0", " ")
    shot(page, "indikator-S1-01-per-2023", full=False)


def test_composite_and_filter_in_the_url(page, server):
    goto(page, server, "/indikator?id=S1-03&sammensatt=worst-child")
    text = main_text(page, "Delindikatorer")
    wait_for_charts(page, 1)
    no_exceptions(page)
    assert "Svakeste delindikator" in text and "Begrenset fremgang" in text
    shot(page, "indikator-S1-03-svakeste")
    goto(page, server, "/indikatorer?status=Under+arbeid")
    main_text(page, "Viser 8 indikatorer av 38")
    wait_for_charts(page, 1)
    no_exceptions(page)
    shot(page, "indikatorer-under-arbeid")


def test_versions_page(page, server):
    goto(page, server, "/versjoner")
    text = main_text(page, "Endret definisjon")
    no_exceptions(page)
    assert "Nye i v0.8" in text and "S2-07" in text and "S3-02" in text
    assert "Andel innbyggere som har lest journalen sin på Helsenorge" in text
    shot(page, "versjoner-v0.7-v0.8")
    link = page.get_by_role("link", name=re.compile("Åpne S3-02 i versjon v0.7"))
    expect(link).to_be_visible(timeout=WAIT_MS)
    link.click()
    expect(page).to_have_url(re.compile(r"versjon=v0\.7"), timeout=WAIT_MS)
    expect(page.get_by_role("heading", name=re.compile("S3-02"))).to_be_visible(timeout=WAIT_MS)
    settle(page)
    no_exceptions(page)
