"""The councils' pages (Møter, Sak, Registrer sak) and «Saker i rådene» on the measure and
indicator pages, through Streamlit's AppTest on the sample data, in every access mode."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from model.audit_log import events
from model.cases import get_case
from tests.dashboard.apptest import LOCAL_ADMIN, open_app, open_page, texts
from tests.helpers import run_cli, snapshot

LOCAL_EDITOR = {"EHELSE_AUTH_MODE": "local"}
PUBLIC = {"EHELSE_PUBLIC_MODE": "true"}


def table_text(at) -> str:
    cells = [str(v) for t in at.table for v in t.value.to_numpy().ravel()]
    return re.sub(r"\\(.)", r"\1", "\n".join(cells))


def link_labels(at) -> list[str]:
    return [re.sub(r"\\(.)", r"\1", link.proto.label) for link in at.page_link]


def link_targets(at, page: str) -> list[dict[str, str]]:
    return [
        {k: v[0] for k, v in parse_qs(link.proto.query_string).items()}
        for link in at.page_link
        if link.proto.page.rstrip("/").endswith(page)
    ]


def test_meetings_page_shows_a_meetings_agenda_with_proposals_and_decisions(
    monkeypatch, shared_sample_url
):
    at = open_page(monkeypatch, shared_sample_url, "moter", {"mote": "NUIT-2025-4"})
    assert not at.exception
    shown = texts(at)
    assert "Møte i NUIT 20. november 2025" in shown
    assert "4 saker, 4 vedtak" in shown
    agenda = at.table[0].value
    assert list(agenda.columns) == ["Tittel", "Sakstype", "Forslag til vedtak", "Vedtak"]
    assert [re.sub(r"\\(.)", r"\1", i) for i in agenda.index] == [
        "33/25",
        "39/25",
        "40/25",
        "41/25",
    ]
    cells = table_text(at)
    assert "Status nasjonal e-helseportefølje" in cells
    assert "NUIT ber Norsk helsenett SF komme tilbake med en plan" in cells
    assert {"forum": "NUIT", "nr": "41/25"} in link_targets(at, "sak")
    # Every meeting by forum and date, newest first.
    assert "Alle møter (12)" in shown
    assert "Åpne oppfølgingspunkter (4)" in [e.label for e in at.expander]
    # Readers get no editing links.
    assert not link_targets(at, "registrer-sak")

    nuit = open_page(monkeypatch, shared_sample_url, "moter", {"forum": "NUIT"})
    assert "Alle møter (8)" in texts(nuit) and "Nasjonalt e-helseråd" not in table_text(nuit)


def test_an_undecided_meeting_shows_the_proposals(monkeypatch, shared_sample_url):
    at = open_page(monkeypatch, shared_sample_url, "moter")  # the newest meeting by default
    assert not at.exception
    shown = texts(at)
    assert "Møte i Nasjonalt e-helseråd 11. desember 2025" in shown
    assert "Møtet har ikke behandlet sakene ennå" in shown
    cells = table_text(at)
    assert "Ikke behandlet ennå" in cells
    assert (
        "Nasjonalt e-helseråd tar statusrapporten for nasjonal e-helseportefølje 2025-K4" in cells
    )


def test_case_page_shows_the_decision_and_the_status_of_what_it_concerns(
    monkeypatch, shared_sample_url
):
    at = open_page(monkeypatch, shared_sample_url, "sak", {"forum": "NUIT", "nr": "41/25"})
    assert not at.exception
    shown = texts(at)
    assert [re.sub(r"\\(.)", r"\1", t.value) for t in at.title] == [
        "Status nasjonal e-helseportefølje"
    ]
    assert "NUIT sak 41/25 · Drøfting · behandlet i møtet 20. november 2025 (NUIT-2025-4)" in shown
    assert "NUIT ber Norsk helsenett SF komme tilbake med en plan" in shown
    assert "◆ Oppfølging ventes: vedtaket ba om oppfølging innen 2025-K4" in shown
    labels = link_labels(at)
    # The measure's status now (2025-K4), colour as icon and word; the indicator's category.
    assert "T-0057 · Mine timeavtaler — ▲ Gul (2025-K4)" in labels
    assert any(
        label.startswith("S5-01 · Andel tiltak") and "▼ Tilbakegang" in label for label in labels
    )
    assert "S5 Samarbeid og virkemidler som styrker gjennomføringskraft" in shown

    unknown = open_page(monkeypatch, shared_sample_url, "sak", {"forum": "NUIT", "nr": "99/25"})
    assert "Finner ingen sak 99/25 i NUIT." in texts(unknown)


def test_measure_and_indicator_pages_list_the_councils_cases_about_them(
    monkeypatch, shared_sample_url
):
    at = open_page(monkeypatch, shared_sample_url, "tiltak", {"id": "T-0062"})
    assert not at.exception
    shown = texts(at)
    assert "Saker i rådene" in shown
    assert "Rådene har behandlet tiltaket i 5 saker (5 vedtak). Nyeste først." in shown
    order = [m for m in re.findall(r"NUIT sak (\d+/\d+)", shown)]
    assert order[:5] == ["17/25", "38/24", "29/24", "27/24", "5/24"]
    assert "✓ Fulgt opp: oppfølging innen 2024-K3, tatt opp igjen i sak 27/24" in shown

    none = open_page(monkeypatch, shared_sample_url, "tiltak", {"id": "T-0002"})
    assert "Rådene har ingen saker om dette tiltaket ennå." in texts(none)

    indicator = open_page(monkeypatch, shared_sample_url, "indikator", {"id": "S2-05"})
    assert not indicator.exception
    shown = texts(indicator)
    assert "Rådene har behandlet indikatoren i 3 saker (2 vedtak)." in shown
    assert "Nasjonalt e-helseråd sak 13/25" in shown
    assert "(ikke behandlet ennå)" in shown  # 13/25 has only a proposal


def test_open_follow_ups_appear_on_oversikt(monkeypatch, shared_sample_url):
    at = open_page(monkeypatch, shared_sample_url, "oversikt")
    assert not at.exception
    shown = texts(at)
    assert "Åpne oppfølgingspunkter fra rådene (4)" in shown
    assert "Gjelder nå: «Mine timeavtaler» (T-0057) ▲ Gul i 2025-K4" in shown
    # A past round's Oversikt shows the follow-ups as they stood then, not today's.
    past = texts(open_page(monkeypatch, shared_sample_url, "oversikt", {"runde": "2025-K2"}))
    assert "Åpne oppfølgingspunkter fra rådene (1)" in past
    assert "Nasjonalt e-helseråd sak 11/24" in past and "NUIT sak 41/25" not in past
    assert "2025-K4" not in past.split("Åpne oppfølgingspunkter")[1]


def test_public_mode_shows_no_cases(monkeypatch, shared_sample_url):
    at = open_app(monkeypatch, shared_sample_url, "indikator", PUBLIC, query={"id": "S2-05"})
    assert not at.exception
    shown = texts(at)
    assert "Saker i rådene" not in shown and "13/25" not in shown
    for key in ("moter", "sak", "registrer-sak"):
        refused = open_app(monkeypatch, shared_sample_url, key, PUBLIC)
        assert not refused.exception
        assert "ikke en del av den offentlige visningen" in " ".join(e.value for e in refused.error)
        assert "NUIT" not in texts(refused) and not refused.table


def test_readers_cannot_open_the_editing_page(monkeypatch, shared_sample_url):
    for env in ({}, {"EHELSE_AUTH_MODE": "local", "EHELSE_LOCAL_ROLE": "leser"}):
        at = open_app(monkeypatch, shared_sample_url, "registrer-sak", env)
        assert not at.exception
        assert "Du har ikke tilgang til denne siden" in " ".join(e.value for e in at.error)
        assert not at.text_area and not at.text_input
        # Defence in depth: the page's own code refuses too, when reached past the navigation.
        direct = open_page(monkeypatch, shared_sample_url, "registrer-sak", env=env)
        assert "Du har ikke tilgang" in " ".join(e.value for e in direct.error)
        assert not direct.text_area


def test_an_editor_records_a_decision_on_the_page(monkeypatch, sample_url, sample_engine):
    at = open_app(
        monkeypatch,
        sample_url,
        "registrer-sak",
        LOCAL_EDITOR,
        query={"forum": "Nasjonalt e-helseråd", "nr": "14/25"},
    )
    assert not at.exception
    decision = at.text_area(key="d_text_Nasjonalt e-helseråd_14/25")
    assert decision.value.startswith("Nasjonalt e-helseråd tar statusrapporten")  # the proposal
    decision.input("Nasjonalt e-helseråd tok statusrapporten til orientering.")
    at.text_input(key="d_follow_Nasjonalt e-helseråd_14/25").input("2026-K1")
    at.button(key="FormSubmitter:decision_Nasjonalt e-helseråd_14/25-Lagre vedtaket").click().run()
    assert not at.exception
    shown = texts(at)
    number = len(run_cli(sample_url, "history", "--json").json()["batches"])
    assert f"Lagret som import nummer {number}: Vedtak i sak Nasjonalt e-helseråd 14/25" in shown
    case = get_case(sample_engine, "Nasjonalt e-helseråd", "14/25")
    assert case.decision == "Nasjonalt e-helseråd tok statusrapporten til orientering."
    assert case.follow_up_by == "2026-K1" and case.follow_up == "pending"
    event = events(sample_engine)[0]
    assert (event["action"], event["outcome"], event["batch_id"]) == ("case-edit", "ok", number)

    # A bad round is refused on the page with the field named, and nothing is written.
    before = snapshot(sample_engine)
    at.text_input(key="d_follow_Nasjonalt e-helseråd_14/25").input("neste år")
    at.button(key="FormSubmitter:decision_Nasjonalt e-helseråd_14/25-Lagre vedtaket").click().run()
    assert "Ikke lagret. Rett dette og prøv igjen:" in texts(at)
    assert "Oppfølging innen:" in texts(at) and "«neste år» er ikke en gyldig" in texts(at)
    assert snapshot(sample_engine) == before


def test_an_administrator_adds_a_meeting_and_a_case(monkeypatch, sample_url, sample_engine):
    at = open_app(monkeypatch, sample_url, "registrer-sak", LOCAL_ADMIN, query={"ny": "mote"})
    assert not at.exception
    at.text_input(key="m_code").input("NUIT-2026-1")
    at.date_input(key="m_date").set_value(__import__("datetime").date(2026, 2, 12))
    at.button(key="FormSubmitter:meeting_form-Lagre møtet").click().run()
    assert not at.exception
    assert "Nytt møte NUIT-2026-1" in texts(at)
    assert at.query_params["mote"] in ("NUIT-2026-1", ["NUIT-2026-1"])

    at = open_app(
        monkeypatch, sample_url, "registrer-sak", LOCAL_ADMIN, query={"mote": "NUIT-2026-1"}
    )
    at.text_input(key="new_nr").input("3/26")
    at.text_input(key="new_title").input("Status nasjonal e-helseportefølje 2025-K4")
    at.text_area(key="new_prop").input("NUIT tar statusrapporten til orientering.")
    at.multiselect(key="new_measures").select("T-0063").select("T-0064")
    at.selectbox(key="new_round").select("2025-K4")
    at.button(key="FormSubmitter:case_form_new-Lagre saken").click().run()
    assert not at.exception, at.exception
    assert "Ny sak NUIT 3/26" in texts(at)
    case = get_case(sample_engine, "NUIT", "3/26")
    assert case.measures == ("T-0063", "T-0064") and case.round == "2025-K4"
    assert case.meeting == "NUIT-2026-1" and case.decision is None
    # The new case is on the measure's page, as not decided yet.
    page = open_page(monkeypatch, sample_url, "tiltak", {"id": "T-0063"})
    assert "NUIT sak 3/26" in texts(page)
