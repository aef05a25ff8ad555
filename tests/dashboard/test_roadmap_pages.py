"""Veikart, slippage and risk through dependencies on the pages (sample data, AppTest)."""

from __future__ import annotations

from model.db import get_engine
from model.round_report import build_round_report
from tests.dashboard.apptest import open_page, texts


def _report(url: str, round_code: str = "2025-K4"):
    return build_round_report(get_engine(url), round_code, attainment=False)


def test_oversikt_lists_slipped_most_months_first_and_the_measures_at_risk(
    monkeypatch, shared_sample_url
):
    report = _report(shared_sample_url)
    at = open_page(monkeypatch, shared_sample_url, "oversikt", {"runde": "2025-K4"})
    assert not at.exception
    shown = texts(at)
    slipped = report.slipped_most_first
    assert slipped and f"Forsinket siden forrige runde ({len(slipped)})" in shown
    # most months first: the first slipped measure is named before the last one
    first, last = slipped[0], slipped[-1]
    assert shown.index(f"{first.code} ") < shown.index(f"{last.code} ")
    assert f"(+{first.months} måneder)" in shown
    assert report.at_risk and f"I risiko via avhengighet ({len(report.at_risk)})" in shown
    deepest = max(report.at_risk, key=lambda a: len(a.chain))
    assert len(deepest.chain) >= 4  # the sample has chains three deep
    assert " via " + " → ".join(deepest.chain[1:-1]) in shown


def test_veikart_draws_the_roadmap_and_the_dependency_graph(monkeypatch, shared_sample_url):
    at = open_page(monkeypatch, shared_sample_url, "veikart", {"runde": "2025-K4"})
    assert not at.exception
    shown = texts(at)
    assert "Veikart" in shown and "gruppert etter strategisk mål" in shown
    assert "Avhengigheter i runden" in shown
    figures = [c for c in at.get("plotly_chart")]
    assert len(figures) == 2
    # filters as on Portefølje, kept in the URL
    narrowed = open_page(
        monkeypatch, shared_sample_url, "veikart", {"runde": "2025-K4", "mal": "S1"}
    )
    assert not narrowed.exception
    assert "Filter: Mål: S1" in texts(narrowed)


def test_measure_page_shows_planned_finish_per_round_and_its_risk(monkeypatch, shared_sample_url):
    report = _report(shared_sample_url)
    risky = max(report.at_risk, key=lambda a: len(a.chain))
    at = open_page(monkeypatch, shared_sample_url, "tiltak", {"id": risky.code})
    assert not at.exception
    shown = texts(at)
    assert "Planlagt ferdig per runde" in shown
    assert "I risiko via avhengighet:" in shown and risky.source in shown
    slipper = max(report.tracks, key=lambda t: t.times_slipped)
    at = open_page(monkeypatch, shared_sample_url, "tiltak", {"id": slipper.code})
    shown = texts(at)
    assert f"utsatt {slipper.times_slipped} ganger" in shown
    assert "Først planlagt ferdig" in shown


def test_measure_page_lists_milestones_with_their_moves(monkeypatch, shared_sample_url):
    report = _report(shared_sample_url)
    moved = report.milestones_slipped[0]
    at = open_page(monkeypatch, shared_sample_url, "tiltak", {"id": moved.code})
    assert not at.exception
    shown = texts(at)
    assert "Milepæler" in shown and moved.name in shown
    assert "siden forrige runde" in shown and "først planlagt" in shown
    oversikt = open_page(monkeypatch, shared_sample_url, "oversikt", {"runde": "2025-K4"})
    assert moved.name in texts(oversikt)
