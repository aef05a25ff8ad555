"""Slides 5 (goal attainment per goal) and 6 (selected indicators) of the meeting pack: their
content, the PowerPoint and PDF written from it and read back, and the pinned data version."""

from __future__ import annotations

import io
import subprocess

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from dashboard.export import attainment_slides, slides
from dashboard.export.blocks import Chart, Notice, Table
from dashboard.export.content import build_pack
from dashboard.export.service import prepare_pack, render
from model import queries
from model.attainment_service import attainment_report
from model.db import make_engine
from tests.export.workbooks import changed_round, new_indicator_set
from tests.helpers import run_cli

ROUND = "2025-K3"
CHOSEN = ("S1-01", "S2-01")
S101 = "S1-01 Andel av befolkningen med digital kontakt med helsetjenesten"
S201 = "S2-01 Andel helsepersonell som opplever at IKT-systemene støtter arbeidet deres godt"
METHOD = "Metode: Open SDG (fremdriftsmål) · Sammensatte indikatorer: Gjennomsnittlig poeng"


def flat(text: str) -> str:
    """Runs of white space (also the no-break space before «%») as one space."""
    return " ".join(text.split())


def goal_slides() -> list:
    return [slides.get(5), slides.get(6)]


@pytest.fixture(scope="module")
def goal_names(shared_sample_url) -> dict[str, str]:
    engine = make_engine(shared_sample_url)
    try:
        return {g["code"]: g["name"] for g in queries.goals(engine)}
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def pack(shared_sample_url):
    """As the meeting mode asks for it: the round's cut-off (2025-K3), two chosen indicators."""
    engine = make_engine(shared_sample_url)
    try:
        yield prepare_pack(engine, ROUND, indicators=CHOSEN)
    finally:
        engine.dispose()


def content(pack, number: int):
    return slides.get(number).build(pack)


# ---------------------------------------------------------------------------------- content


def test_slide_five_counts_per_goal_as_the_attainment_service_does(pack, shared_sample_url):
    engine = make_engine(shared_sample_url)
    try:
        report = attainment_report(engine, as_of=ROUND)
    finally:
        engine.dispose()
    five = content(pack, 5)
    assert five.ready and five.title == "Måloppnåelse per mål"
    chart, table = five.blocks
    assert isinstance(chart, Chart) and isinstance(table, Table)
    assert chart.method.startswith(METHOD)
    assert table.columns == ("Vurdering", "O1", "O2", "O3", "S1", "S2", "S3", "S4", "S5")
    by_label = {row[0]: row[1:] for row in table.rows}
    for i, goal in enumerate(report["goals"]):
        for category, n in goal["counts"].items():
            label = next(r for r in by_label if r.endswith(" " + _nb(category)))
            assert by_label[label][i] == (str(n) if n else "–"), (goal["code"], category)
    assert by_label["▼ Tilbakegang"] == ("–", "–", "–", "–", "1", "–", "–", "1")
    assert by_label["Snittpoeng (−5 til +5)"][4] == "0,3"  # S2: (5,0 + −4,41) / 2
    assert five.scope == (
        "Strategiske indikatorer, indikatorsett v0.8, data til og med 3. kvartal 2025"
    )


def _nb(category: str) -> str:
    from model.labels import CATEGORY_LABELS_NB

    return CATEGORY_LABELS_NB[category]


def test_slide_six_shows_the_chosen_indicators_with_category_and_explanation(pack):
    six = content(pack, 6)
    charts = [b for b in six.blocks if isinstance(b, Chart)]
    assert [c.heading for c in charts] == [S101, S201]
    assert [c.verdict for c in charts] == ["▲ God fremgang", "▼ Tilbakegang"]
    assert "Siste verdi er 45" in charts[1].finding and "Målet for 2030 er 70" in charts[1].finding
    assert flat(charts[1].note).startswith("Årlig vekst fra 2019 til 2023 er −1,6 %")
    assert all(c.method.startswith(METHOD) for c in charts)
    assert set(pack.images) >= {"indikator-S1-01", "indikator-S2-01", "maloppnaelse"}


def test_slide_six_defaults_to_the_worst_strategic_indicators(shared_sample_url):
    engine = make_engine(shared_sample_url)
    try:
        in_k3 = build_pack(engine, ROUND, slides=goal_slides())
        everything = build_pack(engine, ROUND, cut_off="2030", slides=goal_slides())
    finally:
        engine.dispose()
    codes = [i["code"] for i in attainment_slides.indicators_data(in_k3)["items"]]
    # Tilbakegang first (lowest score first), then Begrenset, then Moderat; at most four.
    assert codes == ["S2-01", "S5-01", "O2-01", "O1-01"]
    codes = [i["code"] for i in attainment_slides.indicators_data(everything)["items"]]
    assert codes == ["S5-01", "S2-01", "O2-01", "O1-01"]  # S5-01 scores −5,0 with all data
    six = content(everything, 6)
    assert "indikatorer de strategiske med svakest utvikling" in six.scope
    assert "data til og med 2030" in six.scope


def test_slide_six_names_an_unknown_indicator_and_shows_a_composite_by_its_parts(
    shared_sample_url,
):
    engine = make_engine(shared_sample_url)
    try:
        pack = build_pack(
            engine, ROUND, indicators=("s1-03", "S9-99"), slides=goal_slides(), as_of_batch=None
        )
    finally:
        engine.dispose()
    six = content(pack, 6)
    notice, chart = six.blocks
    assert isinstance(notice, Notice) and "Fant ikke S9-99 i indikatorsett v0.8" in notice.text
    assert chart.heading == "S1-03 Digitale innbyggertjenester i kommunene"
    assert [r[0][:5] for r in chart.alt_rows] == ["S1-04", "S1-05", "S1-06"]
    fig = slides.get(6).figures(pack)["indikator-S1-03"]
    assert "Begrenset fremgang" in " ".join(a.text for a in fig.layout.annotations)


def test_the_figures_say_it_in_words_and_shapes_not_colour_alone(pack):
    figures = slides.figures_for(pack, goal_slides())
    goals = figures["maloppnaelse"]
    texts = [t for trace in goals.data for t in trace.text if t]
    assert "▼ 1" in texts and "▲ 2" in texts  # icon and count on the segments
    assert [t.name for t in goals.data if t.showlegend] == [
        "▲ God fremgang",
        "↗ Moderat fremgang",
        "→ Begrenset fremgang",
        "▼ Tilbakegang",
        "⚙ Under arbeid",
    ]
    assert "Enklere arbeidshverdag" in [a.text for a in goals.layout.annotations]
    series = figures["indikator-S2-01"]
    names = [flat(t.name) for t in series.data if t.showlegend is not False]
    assert names == [
        "Hele landet",
        "Mål 2030: 70 %",
        "Nødvendig bane mot målet",
        "Framskriving av observert utvikling",
    ]
    dashes = {t.name: t.line.dash for t in series.data if t.mode == "lines"}
    assert dashes["Nødvendig bane mot målet"] == "dot"
    assert dashes["Framskriving av observert utvikling"] == "dash"
    written = [flat(t.text[0]) for t in series.data if t.text]
    assert "Mål 70 %" in written and "Siste 45 %" in written and "Basis 48 %" in written


# ---------------------------------------------------------------------------------- files


@pytest.fixture(scope="module")
def pptx(pack, tmp_path_factory):
    path = tmp_path_factory.mktemp("goals") / "pakke.pptx"
    path.write_bytes(render(pack, "pptx"))
    return Presentation(str(path))


def _title(slide) -> str:
    return slide.shapes.title.text_frame.text


def _pictures(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def _text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts.extend(c.text for row in shape.table.rows for c in row.cells)
    return "\n".join(parts)


def test_pptx_has_goal_attainment_with_the_goal_names_and_the_method(pptx, goal_names):
    by_title = {_title(s): s for s in pptx.slides}
    chart_slide = by_title["Måloppnåelse per mål"]
    (picture,) = _pictures(chart_slide)
    descr = picture._element.nvPicPr.cNvPr.get("descr")
    assert len(goal_names) == 8
    for code, name in goal_names.items():
        assert f"{code} {name}" in descr  # the alternative text names every goal
        assert f"{code} {name}" in chart_slide.notes_slide.notes_text_frame.text
    text = _text(chart_slide)
    assert METHOD in text and "Av 14 strategiske indikatorer" in text
    assert "indikatorsett v0.8, data til og med 3. kvartal 2025" in text
    table = _text(by_title["Måloppnåelse per mål – tabell"])
    assert "▼ Tilbakegang" in table and "Snittpoeng (−5 til +5)" in table and "S5" in table


def test_pptx_has_one_slide_per_chosen_indicator_with_its_chart(pptx):
    titles = [_title(s) for s in pptx.slides]
    assert f"Utvalgte indikatorer (1 av 2): {S101}" in titles
    assert f"Utvalgte indikatorer (2 av 2): {S201}" in titles
    slide = pptx.slides[titles.index(f"Utvalgte indikatorer (2 av 2): {S201}")]
    (picture,) = _pictures(slide)
    assert picture.width > picture.height * 1.7  # the 16:9 chart, not a thumbnail
    assert "«Tilbakegang»" in picture._element.nvPicPr.cNvPr.get("descr")
    text = _text(slide)
    assert "▼ Tilbakegang" in text and "nødvendig vekst mot målet 70" in text and METHOD in text
    assert "3,5 % per år" in flat(text)


def test_pdf_has_goal_attainment_the_method_and_the_indicators(pack, tmp_path):
    path = tmp_path / "pakke.pdf"
    path.write_bytes(render(pack, "pdf"))
    proc = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    text = flat(proc.stdout)
    assert "Måloppnåelse per mål" in text and "Utvalgte indikatorer" in text
    assert METHOD in text
    assert "S2 Enklere arbeidshverdag" in text  # the goals by name, in the text table
    assert "1 god fremgang, 1 tilbakegang" in text
    assert S201 in text and "▼ Tilbakegang" in text
    reader = PdfReader(path)
    # colours, goals, 2 indicators, the roadmap (one picture per strategic goal)
    assert sum(len(page.images) for page in reader.pages) == 9


def test_without_indicators_the_files_leave_slides_five_and_six_out(engine, tmp_path):
    """A database with the portfolio only: the meeting shows that there is nothing yet, the files
    say nothing about goal attainment."""
    url = engine.url.render_as_string(hide_password=False)
    upload = changed_round(tmp_path / "portefolje_2025-K3.xlsx", ROUND)
    assert run_cli(url, "import", str(upload)).code == 0
    pack = prepare_pack(engine, ROUND, charts=False)
    five, six = content(pack, 5), content(pack, 6)
    assert not five.ready and not six.ready
    assert "ingen indikatorer" in five.blocks[0].text
    deck = Presentation(io.BytesIO(render(pack, "pptx")))
    titles = [_title(s) for s in deck.slides]
    assert not any("Måloppnåelse" in t or "Utvalgte indikatorer" in t for t in titles)


# ---------------------------------------------------------------------------------- pinning


def test_a_new_indicator_workbook_does_not_change_the_pinned_slides(sample_url, tmp_path):
    engine = make_engine(sample_url)
    try:
        pinned = queries.latest_batch_id(engine)

        def shown(as_of_batch):
            pack = build_pack(
                engine,
                ROUND,
                as_of_batch=as_of_batch,
                indicators=("S2-01",),
                slides=goal_slides(),
            )
            return content(pack, 5), content(pack, 6)

        before = shown(pinned)
        upload = new_indicator_set(tmp_path / "indikatorer_v0.9.xlsx")
        assert run_cli(sample_url, "import", str(upload)).code == 0
        assert queries.latest_batch_id(engine) > pinned
        now_five, now_six = shown(None)
        assert now_six.blocks[0].verdict == "★ Målet er nådd"  # the upload did change things
        assert "ny definisjon" in now_six.blocks[0].heading and "v0.9" in now_six.scope
        assert "S2 Enklere arbeidshverdag for alle (ny ordlyd)" in [
            r[0] for r in now_five.blocks[0].alt_rows
        ]
        assert shown(pinned) == before  # … but not the pinned meeting's slides 5 and 6
        assert before[1].blocks[0].verdict == "▼ Tilbakegang"
    finally:
        engine.dispose()


def test_the_attainment_slides_are_registered_once():
    assert slides.get(5).build is attainment_slides.goals_slide
    assert slides.get(6).build is attainment_slides.indicators_slide
    assert [s.number for s in slides.all_slides()].count(5) == 1
