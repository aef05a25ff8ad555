"""Scale-out, as far as one machine can show it: two `ehelse serve` processes (two replicas
behind a load balancer, docs/scale-out.md) on one database. An import through the command
line lands in the database; both replicas show it at the next page load, without a restart,
although each has its own caches (they are keyed on the data version, read on every run)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SHOTS, Server, settle
from tests.helpers import run_cli
from tests.importers.builders import measure, portfolio_workbook

pytestmark = pytest.mark.e2e


def _oversikt_title(page, server: Server) -> str:
    page.goto(f"{server.url}/")
    settle(page)
    return page.locator("h1").first.inner_text()


def test_two_replicas_on_one_database_show_a_new_round_after_an_import(
    sample_url, browser, tmp_path
):
    url = sample_url
    a, b = Server(url, name="replika-a"), Server(url, name="replika-b")
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nb-NO")
    page = context.new_page()
    try:
        # Both replicas have read (and cached) the sample's latest round.
        assert "2025-K4" in _oversikt_title(page, a)
        assert "2025-K4" in _oversikt_title(page, b)

        rows = [measure("T-9001", "Felles legemiddelliste, utvidet", "Rød", comment="Forsinket")]
        book = portfolio_workbook(tmp_path / "2026-K1.xlsx", "2026-K1", rows)
        result = run_cli(url, "import", str(book), "--json")
        assert result.code == 0, result.out

        for server in (b, a):
            assert "2026-K1" in _oversikt_title(page, server)
            assert (
                "Felles legemiddelliste, utvidet"
                in page.locator('[data-testid="stMain"]').inner_text()
            )
        page.screenshot(path=str(SHOTS / "skalering-replika-a-ny-runde.png"))
    finally:
        context.close()
        a.stop()
        b.stop()
