"""The indicator pages in a real browser: a council member follows a goal down to one indicator."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import goto, no_exceptions, settle, shot

pytestmark = pytest.mark.e2e


def charts_drawn(page) -> int:
    return page.locator('[data-testid="stPlotlyChart"] .main-svg').count()


def test_goal_page_leads_to_an_indicator(page, server):
    goto(page, server, "/indikatorer")
    no_exceptions(page)
    main = page.get_by_test_id("stMain")
    text = main.inner_text()
    assert "Mål og indikatorer" in text
    assert "Metode: Open SDG (fremdriftsmål)" in text
    assert "Andel av befolkningen med digital kontakt med helsetjenesten" in text
    assert "▲ God fremgang" in text and "⚙ Under arbeid" in text and "ikke fastsatt" in text
    assert charts_drawn(page) >= 1
    # The chart legend names every category with icon and word, not colour alone.
    legend = page.locator('[data-testid="stPlotlyChart"]').first.inner_text()
    assert "Målet er nådd" in legend and "Tilbakegang" in legend
    shot(page, "indikatorer-maal")
    page.get_by_role("link", name=re.compile(r"S1-01 · Andel av befolkningen")).first.click()
    settle(page)
    no_exceptions(page)
    assert "/indikator" in page.url and "id=S1-01" in page.url
    assert page.get_by_role("heading", name=re.compile("S1-01 Andel av befolkningen")).is_visible()
    assert charts_drawn(page) >= 2
    text = page.get_by_test_id("stMain").inner_text()
    assert "God fremgang" in text and "Nødvendig årlig vekst" in text
    shot(page, "indikator-S1-01")


def test_indicator_as_of_2023_reproduces_the_contract_example(page, server):
    goto(page, server, "/indikator?id=S1-01&per=2023")
    no_exceptions(page)
    text = page.get_by_test_id("stMain").inner_text()
    assert "Forholdet er 1,89" in text
    assert "Observasjoner: til og med 2023" in text
    legend = page.locator('[data-testid="stPlotlyChart"]').first.inner_text()
    for entry in ("Hele landet", "Mål 2030: 75 %", "Nødvendig bane mot målet", "Framskriving"):
        assert entry in legend.replace("\u00a0", " ")
    shot(page, "indikator-S1-01-per-2023", full=False)


def test_composite_and_filter_in_the_url(page, server):
    goto(page, server, "/indikator?id=S1-03&sammensatt=worst-child")
    no_exceptions(page)
    text = page.get_by_test_id("stMain").inner_text()
    assert "Svakeste delindikator" in text and "Begrenset fremgang" in text
    shot(page, "indikator-S1-03-svakeste")
    goto(page, server, "/indikatorer?status=Under+arbeid")
    no_exceptions(page)
    assert "Viser 8 indikatorer av 38" in page.get_by_test_id("stMain").inner_text()
    shot(page, "indikatorer-under-arbeid")


def test_versions_page(page, server):
    goto(page, server, "/versjoner")
    no_exceptions(page)
    text = page.get_by_test_id("stMain").inner_text()
    assert "Nye i v0.8" in text and "S2-07" in text and "S3-02" in text
    assert "Andel innbyggere som har lest journalen sin på Helsenorge" in text
    shot(page, "versjoner-v0.7-v0.8")
    page.get_by_role("link", name=re.compile("Åpne S3-02 i versjon v0.7")).click()
    settle(page)
    no_exceptions(page)
    assert "versjon=v0.7" in page.url
    assert page.get_by_role("heading", name=re.compile("S3-02")).is_visible()
