"""Møtemodus and the meeting pack on Oversikt, through Streamlit's AppTest (no browser)."""

from __future__ import annotations

import html
import re

from model import queries
from model.db import make_engine
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


def footers(at) -> list[str]:
    """The slides' footers as a reader sees them (plain text of the HTML), in deck order."""
    bodies = [h.proto.body for h in at.get("html") if 'class="mm-footer"' in h.proto.body]
    return [html.unescape(re.sub(r"<[^>]+>", " ", b)) for b in bodies]


def slide_titles(at) -> list[str]:
    heads = [m.value.removeprefix("# ") for m in at.markdown if m.value.startswith("# ")]
    return [re.sub(r"\\(.)", r"\1", h) for h in heads]  # as a reader sees them


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
    assert slide_titles(at)[0].startswith("Nøkkeltall 2025-K4")
    shown = footers(at)
    assert [re.search(r"Lysbilde \d+ av \d+", f)[0] for f in shown] == [
        f"Lysbilde {n} av 6" for n in range(1, 7)
    ]
    assert all(f"låst til import {latest}" in f for f in shown)


def test_the_deck_holds_the_configured_sequence_once(monkeypatch, shared_sample_url):
    """Every slide is drawn once, in the chosen order; the browser shows one at a time."""
    at = open_page(
        monkeypatch, shared_sample_url, "motemodus", {"runde": "2025-K3", "lysbilder": "1,2,4"}
    )
    assert slide_titles(at) == [
        "Nøkkeltall 2025-K3 – endring siden 2025-K2",
        "Tiltak med rød status (1)",
        "Fargefordeling de siste 8 rundene",
    ]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Aktive tiltak"] == "68" and metrics["■ Rød status"] == "1"
    assert "Mine timeavtaler" in table_text(at)
    assert len(at.get("plotly_chart")) == 1
    bodies = [h.proto.body for h in at.get("html") if 'class="mm-footer"' in h.proto.body]
    assert 'data-mm-step="-1" disabled' in bodies[0] and 'data-mm-step="1" disabled' in bodies[-1]
    assert "disabled" not in bodies[1]
    scripts = [h for h in at.get("html") if h.proto.body.startswith("<script>// Meeting mode")]
    assert len(scripts) == 1 and scripts[0].proto.unsafe_allow_javascript


def test_a_pinned_meeting_ignores_an_upload_during_the_meeting(monkeypatch, sample_url, tmp_path):
    at = open_page(monkeypatch, sample_url, "motemodus", {"runde": "2025-K3", "lysbilde": "2"})
    assert "Mine timeavtaler" in table_text(at)
    pinned = qp(at, "data")
    correction = changed_round(
        tmp_path / "rettet.xlsx",
        "2025-K3",
        statuses={"Mine timeavtaler": "Gul", "Kjernejournal": "Rød"},
    )
    assert run_cli(sample_url, "import", str(correction), "--replace").code == 0
    at.run()  # what a reload does: the same URL, the new data in the database
    assert qp(at, "data") == pinned and qp(at, "lysbilde") == "2"
    assert "Mine timeavtaler" in table_text(at) and "Kjernejournal" not in table_text(at)
    assert all("Nyere data er lastet opp" in f for f in footers(at))
    fresh = open_page(monkeypatch, sample_url, "motemodus", {"runde": "2025-K3", "lysbilde": "2"})
    assert "Kjernejournal" in table_text(fresh)  # a meeting opened now sees the correction


def test_unknown_round_and_broken_addresses_say_so_in_norwegian(monkeypatch, shared_sample_url):
    at = open_page(monkeypatch, shared_sample_url, "motemodus", {"runde": "2031-K1"})
    assert not at.exception
    assert "Runden «2031-K1» finnes ikke" in " ".join(e.value for e in at.error)
    for query in (
        {"data": "99999999999999999999999"},
        {"data": "999999"},
        {"lysbilde": "²"},
        {"lysbilder": "1,²,99999999999999999999"},
    ):
        at = open_page(monkeypatch, shared_sample_url, "motemodus", query)
        assert not at.exception, query
        if "data" in query:
            assert "Dataversjonen" in " ".join(e.value for e in at.error)
        else:
            assert qp(at, "lysbilde") == "1"


def test_goal_attainment_and_the_chosen_indicators(monkeypatch, shared_sample_url):
    at = open_page(
        monkeypatch,
        shared_sample_url,
        "motemodus",
        {"runde": "2025-K3", "lysbilder": "5,6", "indikatorer": "S1-01,S2-01"},
    )
    assert not at.exception
    shown = " ".join(texts(at).split())
    assert slide_titles(at) == ["Måloppnåelse per mål", "Utvalgte indikatorer"]
    assert "kommer" not in shown
    assert "Metode: Open SDG (fremdriftsmål) · Sammensatte indikatorer" in shown
    assert "**S2** Enklere arbeidshverdag" in shown and "snittpoeng −4,3" in shown
    assert "indikatorsett v0.8, data til og med 3. kvartal 2025" in footers(at)[0]
    assert [tab.label for tab in at.tabs] == ["Diagram", "Tabell"]
    table = table_text(at)
    assert "▼ Tilbakegang" in table and "Snittpoeng (−5 til +5)" in table
    assert "S1-01 Andel av befolkningen med digital kontakt med helsetjenesten" in shown
    assert "**▼ Tilbakegang** – Årlig vekst fra 2019 til 2023 er −1,6 %" in shown
    assert len(at.get("plotly_chart")) == 2


def test_a_pinned_meeting_keeps_its_goal_attainment_after_a_new_indicator_workbook(
    monkeypatch, sample_url, tmp_path
):
    from tests.export.workbooks import new_indicator_set

    query = {"runde": "2025-K3", "lysbilder": "5,6", "indikatorer": "S2-01"}
    at = open_page(monkeypatch, sample_url, "motemodus", query)
    before = texts(at)
    assert "▼ Tilbakegang" in before and "**S2** Enklere arbeidshverdag" in before
    upload = new_indicator_set(tmp_path / "indikatorer_v0.9.xlsx")
    assert run_cli(sample_url, "import", str(upload)).code == 0
    at.run()  # a reload during the meeting: the same URL, new data in the database
    assert not at.exception
    assert texts(at) == before and "ny definisjon" not in texts(at)
    assert all("Nyere data er lastet opp" in f for f in footers(at))
    assert "indikatorsett v0.8" in footers(at)[0]
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
    # Start: the address becomes the meeting's own, without the setup's «oppsett»
    at.button(key="mm_start").click().run()
    assert not at.exception and "oppsett" not in at.query_params
    assert (qp(at, "runde"), qp(at, "lysbilder"), qp(at, "lysbilde")) == ("2025-K3", "4,2", "1")
    assert slide_titles(at)[0].startswith("Fargefordeling")


def test_oversikt_offers_the_draft_text_and_the_meeting_pack(monkeypatch, sample_url):
    at = open_page(monkeypatch, sample_url, "oversikt", {"runde": "2025-K3"})
    assert not at.exception
    draft = at.code[0].value
    assert draft.startswith("Rapporteringsrunde 2025-K3") and "økt fra 57 til 68" in draft
    assert "«Mine timeavtaler» (Norsk helsenett SF)" in draft
    # one button per format: a click makes the file and downloads it (tested in the browser)
    labels = [d.label for d in at.get("download_button")]
    assert labels == [
        "PowerPoint (.pptx)",
        "PDF (.pdf)",
        "Ett ark (PDF) (.pdf)",
        "Excel (.xlsx)",
    ]
    assert not at.button  # no «Lag …» step before the download
