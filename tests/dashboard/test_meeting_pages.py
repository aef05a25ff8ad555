"""Møtemodus and the meeting pack on Oversikt, through Streamlit's AppTest (no browser)."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from model import queries
from model.db import make_engine
from model.tables import AuditEvent
from tests.dashboard.apptest import open_page, texts
from tests.export.workbooks import changed_round
from tests.helpers import run_cli


def qp(at, key: str) -> str:
    value = at.query_params[key]
    return value[0] if isinstance(value, list) else value


def table_text(at) -> str:
    """Every cell of every table, as a reader sees it (the Markdown escapes removed)."""
    cells = [str(v) for t in at.table for v in t.value.to_numpy().ravel()]
    return re.sub(r"\\(.)", r"\1", "\n".join(cells))


def test_opening_pins_round_data_and_sequence_in_the_url(monkeypatch, shared_sample_url):
    at = open_page(monkeypatch, shared_sample_url, "motemodus")
    assert not at.exception
    engine = make_engine(shared_sample_url)
    try:
        latest = queries.latest_batch_id(engine)
    finally:
        engine.dispose()
    assert qp(at, "runde") == "2025-K4" and qp(at, "data") == str(latest)
    assert qp(at, "lysbilder") == "1,2,3,4,5,6" and qp(at, "lysbilde") == "1"
    assert qp(at, "asof") == "2025-K4"  # a round's cut-off is the round
    shown = texts(at)
    assert "Nøkkeltall 2025-K4" in shown and "Lysbilde 1 av 6" in shown
    assert f"låst til import {latest}" in shown


def test_next_and_previous_step_through_the_configured_sequence(monkeypatch, shared_sample_url):
    at = open_page(
        monkeypatch, shared_sample_url, "motemodus", {"runde": "2025-K3", "lysbilder": "1,2,4"}
    )
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Aktive tiltak"] == "68" and metrics["■ Rød status"] == "1"
    at.button(key="mm_next").click().run()
    assert qp(at, "lysbilde") == "2" and "Lysbilde 2 av 3" in texts(at)
    assert "Tiltak med rød status (1)" in texts(at) and "Mine timeavtaler" in table_text(at)
    at.button(key="mm_next_page").click().run()  # PageDown
    assert "Fargefordeling de siste 8 rundene" in texts(at)
    assert len(at.get("plotly_chart")) == 1
    assert at.button(key="mm_next").disabled  # the last slide
    at.button(key="mm_prev").click().run()
    assert qp(at, "lysbilde") == "2"


def test_a_pinned_meeting_ignores_an_upload_during_the_meeting(monkeypatch, sample_url, tmp_path):
    at = open_page(monkeypatch, sample_url, "motemodus", {"runde": "2025-K3", "lysbilde": "2"})
    assert "Mine timeavtaler" in table_text(at)
    pinned = qp(at, "data")
    correction = changed_round(
        tmp_path / "rettet.xlsx",
        "2025-K3",
        statuses={"Mine timeavtaler": "Gul", "Kjernejournal": "Rød"},
    )
    assert run_cli(sample_url, "import", str(correction)).code == 0
    at.run()  # what a reload does: the same URL, the new data in the database
    assert qp(at, "data") == pinned
    assert "Mine timeavtaler" in table_text(at) and "Kjernejournal" not in table_text(at)
    assert "Nyere data er lastet opp" in texts(at)
    fresh = open_page(monkeypatch, sample_url, "motemodus", {"runde": "2025-K3", "lysbilde": "2"})
    assert "Kjernejournal" in table_text(fresh)  # a meeting opened now sees the correction


def test_unknown_round_says_so_in_norwegian(monkeypatch, shared_sample_url):
    at = open_page(monkeypatch, shared_sample_url, "motemodus", {"runde": "2031-K1"})
    assert not at.exception
    assert "Runden «2031-K1» finnes ikke" in " ".join(e.value for e in at.error)


def test_goal_attainment_and_the_chosen_indicators(monkeypatch, shared_sample_url):
    at = open_page(
        monkeypatch,
        shared_sample_url,
        "motemodus",
        {"runde": "2025-K3", "lysbilder": "5,6", "indikatorer": "S1-01,S2-01"},
    )
    assert not at.exception
    shown = texts(at)
    assert "Måloppnåelse per mål" in shown and "Lysbilde 1 av 2" in shown
    assert "kommer" not in shown
    assert "Metode: Open SDG (fremdriftsmål) · Sammensatte indikatorer" in shown
    assert "**S2** Enklere arbeidshverdag" in shown and "snittpoeng −4,3" in shown
    assert "indikatorsett v0.8, data til og med 3. kvartal 2025" in shown
    assert [tab.label for tab in at.tabs] == ["Diagram", "Tabell"]
    table = table_text(at)
    assert "▼ Tilbakegang" in table and "Snittpoeng (−5 til +5)" in table
    at.button(key="mm_next").click().run()
    assert not at.exception
    shown = " ".join(texts(at).split())
    assert "Utvalgte indikatorer" in shown and "Lysbilde 2 av 2" in shown
    assert "S1-01 Andel av befolkningen med digital kontakt med helsetjenesten" in shown
    assert "**▼ Tilbakegang** – Årlig vekst fra 2019 til 2023 er −1,6 %" in shown
    assert len(at.get("plotly_chart")) == 2


def test_a_pinned_meeting_keeps_its_goal_attainment_after_a_new_indicator_workbook(
    monkeypatch, sample_url, tmp_path
):
    from tests.export.workbooks import new_indicator_set

    query = {"runde": "2025-K3", "lysbilder": "5,6", "indikatorer": "S2-01"}
    at = open_page(monkeypatch, sample_url, "motemodus", query)
    five = texts(at)
    at.button(key="mm_next").click().run()
    six = texts(at)
    assert "▼ Tilbakegang" in six and "**S2** Enklere arbeidshverdag" in five
    upload = new_indicator_set(tmp_path / "indikatorer_v0.9.xlsx")
    assert run_cli(sample_url, "import", str(upload)).code == 0
    at.run()  # a reload during the meeting: the same URL, new data in the database
    assert not at.exception
    assert "▼ Tilbakegang" in texts(at) and "ny definisjon" not in texts(at)
    assert "Nyere data er lastet opp" in texts(at)
    at.button(key="mm_prev").click().run()
    assert "**S2** Enklere arbeidshverdag" in texts(at) and "ny ordlyd" not in texts(at)
    assert "indikatorsett v0.8" in texts(at)
    fresh = open_page(monkeypatch, sample_url, "motemodus", {**query, "lysbilde": "2"})
    assert "ny definisjon" in texts(fresh) and "★ Målet er nådd" in texts(fresh)


def test_setup_builds_the_meeting_link(monkeypatch, shared_sample_url):
    at = open_page(
        monkeypatch, shared_sample_url, "motemodus", {"oppsett": "1", "runde": "2025-K3"}
    )
    assert not at.exception
    link = at.code[0].value
    assert "motemodus?runde=2025-K3&asof=" in link
    assert "lysbilder=1,2,3,4,5,6&lysbilde=1&data=" in link
    at.multiselect(key="mm_setup_slides").set_value([4, 2]).run()
    at.checkbox(key="mm_setup_lock").uncheck().run()
    link = at.code[0].value
    assert "lysbilder=4,2" in link and "data=" not in link


def test_oversikt_offers_the_draft_text_and_the_meeting_pack(monkeypatch, sample_url):
    at = open_page(monkeypatch, sample_url, "oversikt", {"runde": "2025-K3"})
    assert not at.exception
    draft = at.code[0].value
    assert draft.startswith("Rapporteringsrunde 2025-K3") and "økt fra 57 til 68" in draft
    assert "«Mine timeavtaler» (Norsk helsenett SF)" in draft
    at.button(key="make_xlsx").click().run()
    assert not at.exception
    downloads = at.get("download_button")
    assert [d.label for d in downloads] == ["Last ned motepakke_2025-K3.xlsx (21 kB)"] or (
        len(downloads) == 1 and downloads[0].label.startswith("Last ned motepakke_2025-K3.xlsx")
    )
    engine = make_engine(sample_url)
    try:
        with engine.connect() as conn:
            t = AuditEvent.__table__
            events = conn.execute(select(t).where(t.c.action == "export")).all()
    finally:
        engine.dispose()
    assert [(e.file_name, json.loads(e.details)["via"]) for e in events] == [
        ("motepakke_2025-K3.xlsx", "web")
    ]
