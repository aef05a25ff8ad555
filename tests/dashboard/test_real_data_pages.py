"""Pages on data and addresses the red team found in the wild (issue 21, item 5): a round without
«Planlagt ferdig», crafted numbers in the meeting link, and a name of 100,000 characters."""

from __future__ import annotations

import pytest

from tests.dashboard.apptest import open_page, texts
from tests.helpers import run_cli
from tests.importers.builders import measure, portfolio_workbook


def _round(path, round_code: str, rows: list[list]) -> str:
    return str(portfolio_workbook(path, round_code, rows))


def test_a_later_round_without_planned_finish_shows_the_measure(monkeypatch, db_url, tmp_path):
    first = _round(
        tmp_path / "k1.xlsx", "2025-K1", [measure("T-0001", "Kjernejournal", finish="2026-K4")]
    )
    second = _round(tmp_path / "k2.xlsx", "2025-K2", [measure("T-0001", "Kjernejournal")])
    third = _round(
        tmp_path / "k3.xlsx", "2025-K3", [measure("T-0001", "Kjernejournal", finish="2027-K1")]
    )
    for path in (first, second, third):
        assert run_cli(db_url, "import", path).code == 0
    at = open_page(monkeypatch, db_url, "tiltak", {"id": "T-0001"})
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Kjernejournal" in shown and "Rapportert i 3 runder" in shown
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Planlagt ferdig"] == "1. kv. 2027"


@pytest.mark.parametrize(
    "query",
    [
        {"data": "99999999999999999999999"},
        {"data": "²"},
        {"lysbilde": "²"},
        {"lysbilde": "99999999999999999999999"},
        {"lysbilder": "1,²,3"},
        {"data": "-3", "lysbilde": "0"},
    ],
    ids=["data-huge", "data-superscript", "slide-superscript", "slide-huge", "sequence", "neg"],
)
def test_crafted_numbers_in_the_meeting_link_never_raise(monkeypatch, shared_sample_url, query):
    """A slide number that is no number falls back to the first slide; a data version that is
    no version is refused in Norwegian with the way to a new link (never silently other data)."""
    at = open_page(monkeypatch, shared_sample_url, "motemodus", {"runde": "2025-K3", **query})
    assert not at.exception, at.exception
    shown = texts(at)
    if "data" in query:
        assert "Dataversjonen" in shown and "Lag en ny lenke i oppsettet" in shown
        return
    assert "Nøkkeltall 2025-K3" in shown
    data = at.query_params["data"]
    data = data[0] if isinstance(data, list) else data
    assert data.isascii() and data.isdigit() and int(data) < 10**6


def test_positive_whole_numbers_from_an_address():
    from dashboard.meeting_url import positive_int

    assert positive_int("14") == 14 and positive_int(" 3 ") == 3
    for text in (None, "", "0", "-1", "²", "١٢", "1e3", "99999999999999999999999", "3.0"):
        assert positive_int(text) is None, text
    assert positive_int("50", maximum=40) is None


def test_a_very_long_name_is_shortened_on_oversikt(monkeypatch, db_url, tmp_path):
    """A 100,000-character name made Oversikt take ~25 s in the browser. The page shows the first
    part with «…» and says where the whole name is (the measure's own page)."""
    name = ("Nasjonal løsning for deling av pasientopplysninger " * 2000)[:100_000]
    for round_code, status in (("2025-K1", "Gul"), ("2025-K2", "Rød")):
        path = portfolio_workbook(
            tmp_path / f"{round_code}.xlsx",
            round_code,
            [
                measure("T-0001", name, status, comment="Forsinket", owner=name),
                measure("T-0002", "Kjernejournal"),
            ],
        )
        assert run_cli(db_url, "import", str(path)).code == 0
    at = open_page(monkeypatch, db_url, "oversikt", {"runde": "2025-K2"})
    assert not at.exception
    shown = texts(at)
    assert name[:60] in shown and "…" in shown
    assert len(shown) < 8_000, len(shown)  # was more than 300,000 characters
    assert "Hele navnet står på siden til tiltaket" in shown
    # every piece of text on the page (cards, the colour changes, the paragraph) is short
    assert max(len(str(m.value)) for m in at.markdown) < 2_000
