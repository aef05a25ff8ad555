"""The indicator pages (Mål og indikatorer, Indikator, Versjoner) through Streamlit's AppTest,
on the sample data and on an empty database."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from tests.dashboard.apptest import open_page, texts
from tests.helpers import run_cli
from tests.importers.builders import indicator, indicator_workbook

NBSP = "\u00a0"


def links(at) -> dict[str, dict[str, str]]:
    """Indicator links on the page: Indikator-ID → the query parameters they carry."""
    out = {}
    for link in at.page_link:
        if link.proto.page.rstrip("/").endswith("indikator"):
            query = {k: v[0] for k, v in parse_qs(link.proto.query_string).items()}
            out[query["id"]] = query
    return out


def charts(at) -> list:
    return list(at.get("plotly_chart"))


def query(at, key: str):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) and len(value) == 1 else value


# --------------------------------------------------------------------------- Mål og indikatorer


def test_goal_page_shows_the_tree_with_categories_values_and_the_method(
    monkeypatch, shared_sample_url
):
    at = open_page(monkeypatch, shared_sample_url, "indikatorer")
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Metode: Open SDG (fremdriftsmål) · Sammensatte indikatorer: Gjennomsnittlig poeng" in (
        shown
    )
    assert "Indikatorsett v0.8" in shown
    for heading in ("Overordnede mål", "Strategiske mål", "S1 Aktiv medvirkning i egen og næres"):
        assert heading in shown
    # Category and status as icon and word (the colour is in the badge around them).
    assert "▲ God fremgang" in shown and "▼ Tilbakegang" in shown and "⚙ Under arbeid" in shown
    assert "● Klar" in shown
    # Norwegian numbers and period labels; a missing target is said in words.
    assert f"139{NBSP}400" in shown  # S4-05, December 2025
    assert "4. kvartal 2025" in shown and "desember 2025" in shown
    assert "ikke fastsatt" in shown
    # Under arbeid: description and planned source, no chart of its own.
    assert "Planlagt datakilde: Helsedirektoratets spørreundersøkelse" in shown
    assert len(charts(at)) == 1  # only the counts per goal
    found = links(at)
    assert len(found) == 38
    assert found["S1-01"] == {"id": "S1-01"}
    # The goal summary counts strategic indicators only: S1 has two, both «God fremgang».
    assert "2 strategiske indikatorer: " in shown


def test_goal_page_filters_change_the_list_and_live_in_the_url(monkeypatch, shared_sample_url):
    at = open_page(monkeypatch, shared_sample_url, "indikatorer")
    at.multiselect(key="filter_status").select("Under arbeid").run()
    assert not at.exception
    under = links(at)
    assert set(under) == {"O1-03", "O3-02", "S1-07", "S2-02", "S2-06", "S3-03", "S4-06", "S5-04"}
    assert query(at, "status") == "Under arbeid"
    assert "Viser 8 indikatorer av 38" in texts(at)

    linked = open_page(
        monkeypatch, shared_sample_url, "indikatorer", {"niva": "Strategisk", "mal": "S2"}
    )
    assert not linked.exception
    assert set(links(linked)) == {"S2-01", "S2-03"}
    shown = texts(linked)
    assert "S2 Enklere arbeidshverdag" in shown and "S1 Aktiv medvirkning" not in shown
    assert linked.multiselect(key="filter_mal").value == ["S2"]

    structure = open_page(monkeypatch, shared_sample_url, "indikatorer", {"type": "Struktur"})
    assert set(links(structure)) == {"O3-02", "S2-05", "S2-06", "S3-03", "S5-02", "S5-03"}


def test_method_selectors_change_results_and_their_labels(monkeypatch, shared_sample_url):
    at = open_page(monkeypatch, shared_sample_url, "indikatorer")
    assert "→ Begrenset fremgang: 1" not in texts(at).split("S1 Aktiv")[1].split("S2 ")[0]
    at.selectbox(key="ind_composite").select("worst-child").run()
    assert not at.exception
    shown = texts(at)
    assert "Sammensatte indikatorer: Svakeste delindikator" in shown
    # S1-03 is judged by its weakest child now: S1 gets a «Begrenset fremgang».
    s1 = shown.split("S1 Aktiv")[1].split("S2 ")[0]
    assert "→ Begrenset fremgang: 1" in s1
    assert query(at, "sammensatt") == "worst-child"
    assert links(at)["S1-03"] == {"id": "S1-03", "sammensatt": "worst-child"}

    at.selectbox(key="ind_method").select("linear-trajectory").run()
    assert "Metode: Lineær bane mot målet" in texts(at)
    assert query(at, "metode") == "linear-trajectory"


def test_as_of_and_version_selectors(monkeypatch, shared_sample_url):
    at = open_page(monkeypatch, shared_sample_url, "indikatorer")
    at.selectbox(key="ind_as_of").select("2023").run()
    assert not at.exception
    shown = texts(at)
    assert "Observasjoner: til og med 2023" in shown
    assert "desember 2025" not in shown  # nothing after 2023 is shown or counted
    assert query(at, "per") == "2023"
    assert links(at)["S1-01"]["per"] == "2023"

    v07 = open_page(monkeypatch, shared_sample_url, "indikatorer", {"versjon": "v0.7"})
    assert "S3-02" in links(v07) and "S2-07" not in links(v07)
    assert "Indikatorsett v0.7" in texts(v07)
    newest = open_page(monkeypatch, shared_sample_url, "indikatorer")
    assert "S2-07" in links(newest) and "S3-02" not in links(newest)


# --------------------------------------------------------------------------- Indikator


def test_indicator_page_shows_the_numbers_behind_the_category(monkeypatch, shared_sample_url):
    at = open_page(monkeypatch, shared_sample_url, "indikator", {"id": "S1-01", "per": "2023"})
    assert not at.exception, at.exception
    shown = texts(at)
    assert "S1-01 Andel av befolkningen med digital kontakt med helsetjenesten" in shown
    assert "▲ God fremgang" in shown
    assert "Metode: Open SDG (fremdriftsmål)" in shown
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Basis (2019)"] == f"33{NBSP}%"
    assert metrics["Siste verdi (2023)"] == f"57{NBSP}%"
    assert metrics["Mål 2030"] == f"75{NBSP}%"
    assert metrics["Observert årlig vekst"] == f"14,6{NBSP}%"
    assert metrics["Nødvendig årlig vekst"] == f"7,7{NBSP}%"
    assert metrics["Forhold"] == "1,89" and metrics["Poeng"] == "5,0"
    assert "Forholdet er 1,89" in shown  # the engine's own explanation
    assert f"148,3{NBSP}%" in shown  # the projection, stated in words
    # The series and the breakdown by county (ranked bars); counties are more than six, so no
    # small multiples.
    assert len(charts(at)) == 2
    assert "Høyest i" in shown and "blant 15 områder" in shown
    at.radio(key="area_kind").set_value("region").run()
    assert "blant 4 områder" in texts(at)
    assert len(charts(at)) == 3  # four health regions: one panel each over time


def test_indicator_page_for_a_composite_lists_its_children(monkeypatch, shared_sample_url):
    at = open_page(
        monkeypatch, shared_sample_url, "indikator", {"id": "S1-03", "sammensatt": "worst-child"}
    )
    assert not at.exception
    shown = texts(at)
    assert "Delindikatorer" in shown and "Svakeste delindikator" in shown
    assert "S1-05 har lavest poeng" in shown
    found = links(at)
    assert set(found) == {"S1-04", "S1-05", "S1-06"}
    assert found["S1-05"] == {"id": "S1-05", "sammensatt": "worst-child"}
    assert {m.label: m.value for m in at.metric}["Vurdering"] == "→ Begrenset fremgang"


def test_indicator_page_under_arbeid_has_no_chart(monkeypatch, shared_sample_url):
    at = open_page(monkeypatch, shared_sample_url, "indikator", {"id": "S5-04"})
    assert not at.exception
    shown = texts(at)
    assert "⚙ Under arbeid" in shown and "ingen verdier ennå" in shown
    assert "Planlagt datakilde: Nasjonal e-helseportefølje" in shown
    assert charts(at) == []


def test_indicator_page_for_a_phased_out_indicator_points_to_its_version(
    monkeypatch, shared_sample_url
):
    at = open_page(monkeypatch, shared_sample_url, "indikator", {"id": "S3-02"})
    assert not at.exception
    assert "er ikke med i indikatorsett v0.8. Den finnes i v0.7" in texts(at)
    assert links(at)["S3-02"] == {"id": "S3-02", "versjon": "v0.7"}
    old = open_page(monkeypatch, shared_sample_url, "indikator", {"id": "S3-02", "versjon": "v0.7"})
    assert "S3-02 Andel nasjonale helseregistre" in texts(old)


def test_indicator_page_without_a_choice_asks_for_one(monkeypatch, shared_sample_url):
    at = open_page(monkeypatch, shared_sample_url, "indikator")
    assert not at.exception
    assert "Velg en indikator" in texts(at)
    at.selectbox(key="indicator_picker").select("O3-01").run()
    assert "O3-01 Saksbehandlingstid" in texts(at)
    assert query(at, "id") == "O3-01"


# --------------------------------------------------------------------------- Versjoner


def test_versions_page_lists_added_phased_out_and_redefined(monkeypatch, shared_sample_url):
    at = open_page(monkeypatch, shared_sample_url, "versjoner")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Nye": "1", "Faset ut": "1", "Endret definisjon": "1", "Uendret": "36"}
    tables = [t.value for t in at.table]
    # text_table escapes Markdown (S2\-07); a reader sees the plain text.
    cells = "\n".join(frame.reset_index().to_string() for frame in tables).replace("\\", "")
    assert "S2-07" in cells and "S3-02" in cells
    assert "Andel innbyggere som har lest journalen sin på Helsenorge" in cells
    assert "ikke fastsatt" in cells
    assert links(at)["S2-07"] == {"id": "S2-07", "versjon": "v0.8"}
    at.selectbox(key="version_to").select("v0.7").run()
    assert "Velg to ulike versjoner" in texts(at)
    assert query(at, "til") == "v0.7"


def test_versions_page_with_one_version(monkeypatch, db_url, tmp_path):
    path = indicator_workbook(
        tmp_path / "v09.xlsx", [indicator("S1-01", "Digital kontakt", version="v0.9")], []
    )
    assert run_cli(db_url, "import", str(path)).code == 0
    at = open_page(monkeypatch, db_url, "versjoner")
    assert not at.exception
    assert "bare versjon v0.9" in texts(at)


# --------------------------------------------------------------------------- empty database


@pytest.mark.parametrize("key", ["indikatorer", "indikator", "versjoner"])
def test_indicator_pages_on_an_empty_database(monkeypatch, db_url, key):
    at = open_page(monkeypatch, db_url, key, {"id": "S1-01"})
    assert not at.exception, at.exception
    shown = texts(at)
    assert "ingen indikatorer ennå" in shown and "ehelse sample" in shown


def test_goal_page_on_an_uploaded_ods_workbook(monkeypatch, db_url):
    from tests.helpers import ROOT

    ods = ROOT / "tests" / "data" / "corpus" / "indikatorer_quirky.ods"
    assert run_cli(db_url, "import", str(ods)).code == 0
    at = open_page(monkeypatch, db_url, "indikatorer")
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Uversjonerte indikatorer" in shown
    assert set(links(at)) == {"S1-01", "S2-01", "S2-01a", "S2-01b", "S3-04"}
    assert f"57{NBSP}%" in shown and f"57,3{NBSP}%" not in shown  # S2-01a's latest is 58,1
    assert f"58,1{NBSP}%" in shown and "mai 2024" in shown
    page = open_page(monkeypatch, db_url, "indikator", {"id": "S2-01"})
    assert not page.exception
    assert set(links(page)) == {"S2-01a", "S2-01b"}
