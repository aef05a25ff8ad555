"""Risk through dependencies: measures that depend, directly or through others, on a red or
yellow measure are «i risiko via avhengighet», with the chain; a ring of dependencies is warned
about at import and never looped over."""

from __future__ import annotations

from model.round_report import build_round_report
from tests.helpers import run_cli
from tests.importers.builders import measure, portfolio_workbook


def _rows() -> list[list]:
    return [
        measure("T-0001", "Felles legemiddelliste", "Rød", comment="Leverandøren er forsinket."),
        measure("T-0002", "E-resept i sykehus", "Grønn", deps="T-0001"),
        measure("T-0003", "Pasientens legemiddelliste", "Grønn", deps="T-0002"),
        measure("T-0004", "Legemiddelsamstemming", "Grønn", deps="T-0003"),
        measure("T-0005", "Helsekort", "Gul"),
        measure("T-0006", "Timebok", "Grønn", deps="T-0005, T-0099"),
        # a ring: 7 → 8 → 9 → 7, and 9 also depends on the yellow one
        measure("T-0007", "Ring A", "Grønn", deps="T-0008"),
        measure("T-0008", "Ring B", "Grønn", deps="T-0009"),
        measure("T-0009", "Ring C", "Grønn", deps="T-0007, T-0005"),
        measure("T-0010", "Ferdig", None, state="Ferdigstilt", deps="T-0001"),
        measure("T-0011", "Uavhengig", "Grønn"),
        measure("T-0012", "Egen ring", "Grønn", deps="T-0012"),
    ]


def test_at_risk_lists_every_measure_downstream_of_red_or_yellow_with_its_chain(
    db_url, engine, tmp_path
):
    path = portfolio_workbook(tmp_path / "k1.xlsx", "2025-K1", _rows())
    result = run_cli(db_url, "import", str(path), "--json")
    assert result.code == 0, result.stdout + result.stderr
    warnings = [w for w in result.json()["warnings"] if w["code"] == "dependency-cycle"]
    assert [(w["sheet"], w["row"], w["column"], w["value"]) for w in warnings] == [
        ("Tiltak", 8, "Avhengigheter", "T-0007 → T-0008 → T-0009 → T-0007"),
        ("Tiltak", 13, "Avhengigheter", "T-0012 → T-0012"),
    ]
    assert "går i ring" in warnings[0]["message"]

    report = build_round_report(engine, attainment=False)
    chains = {a.code: (a.chain_text, a.source_status) for a in report.at_risk}
    assert chains == {
        "T-0002": ("T-0002 → T-0001", "Rød"),
        "T-0003": ("T-0003 → T-0002 → T-0001", "Rød"),
        "T-0004": ("T-0004 → T-0003 → T-0002 → T-0001", "Rød"),
        "T-0006": ("T-0006 → T-0005", "Gul"),
        "T-0007": ("T-0007 → T-0008 → T-0009 → T-0005", "Gul"),
        "T-0008": ("T-0008 → T-0009 → T-0005", "Gul"),
        "T-0009": ("T-0009 → T-0005", "Gul"),
    }
    # worst first: red sources, shorter chains, then ID
    assert [a.code for a in report.at_risk][:4] == ["T-0002", "T-0003", "T-0004", "T-0006"]
    assert report.at_risk[0].source_comment == "Leverandøren er forsinket."
    assert report.dependency_cycles == (
        ("T-0007", "T-0008", "T-0009", "T-0007"),
        ("T-0012", "T-0012"),
    )
    graph = report.dependency_graph()
    layers = {n.code: n.layer for n in graph.nodes}
    assert layers["T-0001"] == 0 and layers["T-0004"] == 3
    assert layers["T-0007"] == layers["T-0008"] == layers["T-0009"] == 1
    assert {n.code for n in graph.nodes if n.in_cycle} == {"T-0007", "T-0008", "T-0009", "T-0012"}
    assert ("T-0004", "T-0003") in graph.edges and "T-0011" not in layers


def test_a_filter_keeps_the_chains_of_the_measures_it_keeps(db_url, engine, tmp_path):
    from model.filters import PortfolioFilter

    _load = run_cli(
        db_url, "import", str(portfolio_workbook(tmp_path / "k.xlsx", "2025-K1", _rows()))
    )
    assert _load.code == 0
    report = build_round_report(engine, attainment=False)
    narrowed = report.restricted(PortfolioFilter(search="legemiddel"))
    # the chain still names the red measure outside the filter
    assert [(a.code, a.source) for a in narrowed.at_risk] == [
        ("T-0003", "T-0001"),
        ("T-0004", "T-0001"),
    ]


def test_veikart_draws_a_cycle_and_names_it(monkeypatch, db_url, tmp_path):
    from tests.dashboard.apptest import open_page, texts

    path = portfolio_workbook(tmp_path / "k.xlsx", "2025-K1", _rows())
    assert run_cli(db_url, "import", str(path)).code == 0
    at = open_page(monkeypatch, db_url, "veikart")
    assert not at.exception
    shown = texts(at)
    assert "Avhengigheter i ring (↻): T-0007 → T-0008 → T-0009 → T-0007; T-0012 → T-0012" in shown
    oversikt = open_page(monkeypatch, db_url, "oversikt")
    assert "Avhengighetene går i ring" in texts(oversikt)
