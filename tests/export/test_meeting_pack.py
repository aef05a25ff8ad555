"""The meeting pack of 2025-K3 (the real paper's round) written to PowerPoint, PDF and Excel and
read back with the programs a reader would use: python-pptx, LibreOffice, pdftotext/pypdf,
openpyxl."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from dashboard.export import pdf_writer, slides
from dashboard.export.content import build_pack
from dashboard.export.service import prepare_pack, render
from model.db import make_engine
from model.filters import PortfolioFilter

ROUND = "2025-K3"


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pack(shared_sample_url):
    """The pack with its chart rendered once (one Chromium session) for every format below."""
    engine = make_engine(shared_sample_url)
    try:
        yield prepare_pack(engine, ROUND)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def files(pack, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pack")
    paths = {}
    for fmt_key in ("pptx", "pdf", "xlsx"):
        paths[fmt_key] = out / f"motepakke_{ROUND}.{fmt_key}"
        paths[fmt_key].write_bytes(render(pack, fmt_key))
    return paths


def slide_texts(prs) -> list[str]:
    texts = []
    for slide in prs.slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(c.text for row in shape.table.rows for c in row.cells)
        texts.append("\n".join(parts))
    return texts


def test_the_chart_is_rendered_once_at_presentation_resolution(pack):
    image = pack.images["fargefordeling"]
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(image[16:20], "big"), int.from_bytes(image[20:24], "big")
    assert (width, height) == (1600, 900)


def test_pptx_has_the_sequence_the_red_measure_and_the_chart(files):
    prs = Presentation(str(files["pptx"]))
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9
    texts = slide_texts(prs)
    # title, 1 headline, 2 red (1 measure), 3 turned yellow/red (5 measures: 2 slides), 4 chart,
    # 5 goal attainment (chart, table), 6 the four worst strategic indicators (a slide each), draft,
    # 8 the proposal and the meeting's saksliste (4 cases: 2 table slides), then 9 slipped,
    # 10 at risk via a dependency and 11 the roadmap (a picture per strategic goal)
    after = texts[16:]
    assert after[0].startswith("Forsinket siden forrige runde (")
    assert any(t.startswith("I risiko via avhengighet (") for t in after)
    roadmap = [t for t in after if t.startswith("Veikart 2025-K3 (")]
    assert len(roadmap) == 5 and "S1 Aktiv medvirkning" in roadmap[0]
    title = texts[0]
    assert "2025-K3" in title and "3. kvartal 2025" in title
    assert "Rapporteringsfrist 12. september 2025" in title and "Generert " in title
    assert "Nøkkeltall 2025-K3" in texts[1] and "68" in texts[1] and "+11 siden 2025-K2" in texts[1]
    assert "Tiltak med rød status (1)" in texts[2]
    assert "Mine timeavtaler" in texts[2] and "Norsk helsenett SF" in texts[2]
    assert "■ Rød" in texts[2]  # the status as a word with its shape, not a colour alone
    assert "Fått gul eller rød status siden 2025-K2 (5) – 1 av 2" in texts[3]
    assert "▲ Gul" in texts[3] and "● Grønn" in texts[3]
    assert "Utkast til saksfremlegg" in texts[12] and "økt fra 57 til 68" in texts[12]
    for text in texts[1:]:
        assert "Data: rapporteringsrunde 2025-K3, lastet inn " in text
    assert "Saksliste og forslag til vedtak – NUIT-2025-4, 20. november 2025" in texts[13]
    assert (
        "NUIT tar statusrapporten for nasjonal e-helseportefølje 2025-K3 til orientering"
        in (texts[13])
    )
    assert "41/25" in texts[15] and "Status nasjonal e-helseportefølje" in texts[15]
    for text in texts[1:6] + texts[12:]:
        assert "Utvalg: hele porteføljen" in text
    pictures = [
        shape
        for slide in prs.slides
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    assert len(pictures) == 11  # colour distribution, goals, four indicators, five roadmaps
    assert "andelen gule er 29 % (+3 prosentpoeng siden 2025-K2)" in flat(
        pictures[0]._element.nvPicPr.cNvPr.get("descr")
    )


def test_pptx_shortens_long_comments_and_keeps_the_full_text_in_the_notes(files, pack):
    prs = Presentation(str(files["pptx"]))
    red_slide = prs.slides[2]
    full = " ".join(pack.report.red[0].comment.split())
    table = next(s for s in red_slide.shapes if s.has_table).table
    shown = table.cell(1, 5).text
    assert shown.endswith("…") and len(shown) < len(full)
    assert flat(full) in flat(red_slide.notes_slide.notes_text_frame.text)


def test_every_slide_carries_the_speaker_notes_of_what_it_shows(files, pack):
    """A table split over slides carries its own rows' notes; an indicator on a slide of its own
    carries its own explanation, not the other indicators'."""
    prs = Presentation(str(files["pptx"]))
    notes = {
        next(s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text): (
            slide.notes_slide.notes_text_frame.text
        )
        for slide in prs.slides
    }
    changed = [t for t in notes if t.startswith("Fått gul eller rød status siden 2025-K2")]
    assert len(changed) == 2  # 5 measures: 3 + 2
    worse = [c.code for c in pack.report.worse]
    first, second = (notes[t] for t in changed)
    assert all(code in first for code in worse[:3]) and not any(c in first for c in worse[3:])
    assert all(code in second for code in worse[3:]) and not any(c in second for c in worse[:3])
    indicators = [t for t in notes if t.startswith("Utvalgte indikatorer (")]
    assert len(indicators) == 4
    for title in indicators:
        code = title.split(": ", 1)[1].split(" ", 1)[0]
        others = [t.split(": ", 1)[1].split(" ", 1)[0] for t in indicators if t != title]
        assert code in notes[title] and not any(o in notes[title] for o in others), title


def test_libreoffice_opens_the_pptx_with_one_page_per_slide(files, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) mangler; `make system-deps` installerer den"
    profile = tmp_path / "lo-profile"  # own profile: parallel runs do not lock each other
    proc = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(files["pptx"]),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    converted = tmp_path / files["pptx"].with_suffix(".pdf").name
    assert proc.returncode == 0 and converted.exists(), proc.stderr
    prs = Presentation(str(files["pptx"]))
    assert len(PdfReader(converted).pages) == len(prs.slides)


def test_pdf_has_the_draft_paragraph_the_red_measure_and_the_chart(files, pack):
    proc = subprocess.run(
        ["pdftotext", "-layout", str(files["pdf"]), "-"], capture_output=True, text=True
    )
    text = flat(proc.stdout)
    draft = flat(pack.draft_text)
    # a word divided at a line end (Norwegian hyphenation) is the same word
    joined = re.sub(
        r"(\w+)- (\w+)",
        lambda m: m[1] + m[2] if m[1] + m[2] in draft else m[0],
        text,
    )
    assert draft in joined  # the whole paragraph, word for word
    assert "Mine timeavtaler" in text and "■ Rød" in text
    assert "Status nasjonal e-helseportefølje" in text  # æ ø å survive
    assert "Rapporteringsrunde 2025-K3 · 3. kvartal 2025" in text
    # the full comment on paper, not shortened
    assert flat(pack.report.red[0].comment)[-40:] in flat(proc.stdout.replace("\n", " "))
    reader = PdfReader(files["pdf"])
    assert reader.metadata.title == "Status nasjonal e-helseportefølje 2025-K3"
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any("DejaVu" in f for f in fonts), fonts
    images = sum(len(page.images) for page in reader.pages)
    assert images == 11  # colour distribution, goals, the four worst indicators, five roadmaps
    page_text = reader.pages[0].extract_text()
    assert "Side 1 av" in page_text


def test_pdf_is_written_without_a_unicode_font_too(pack, monkeypatch):
    """`pip install .` alone: no DejaVu on the machine → Helvetica, status words kept."""
    monkeypatch.setattr(pdf_writer, "FONT_DIRS", ())
    monkeypatch.delenv("EHELSE_PDF_FONT_DIR", raising=False)
    data = render(pack, "pdf")
    reader = PdfReader(__import__("io").BytesIO(data))
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert "Mine timeavtaler" in text and "Rød" in text and "portefølje" in text


def test_xlsx_has_one_sheet_per_table_with_frozen_header_and_filter(files):
    wb = load_workbook(files["xlsx"])
    assert wb.sheetnames == [
        "Sammendrag",
        "Tiltak",
        "Røde",
        "Endret farge",
        "Forsinket",
        "Milepæler",
        "I risiko",
        "Fargefordeling",
        "Mål",
        "Indikatorer",
        "Utkast",
        "Saksliste",
    ]
    for ws in wb:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert ws.column_dimensions["A"].width >= 10, ws.title
    tiltak = wb["Tiltak"]
    assert tiltak.max_row == 75  # 74 measures in 2025-K3 + header
    assert [c.value for c in wb["Røde"][2]][:3] == [
        "T-0057",
        "Mine timeavtaler",
        "Norsk helsenett SF",
    ]
    changed = {row[0].value: row for row in wb["Endret farge"].iter_rows(min_row=2)}
    assert changed["T-0057"][3].value == "Gul" and changed["T-0057"][4].value == "Rød"
    dist = [[c.value for c in row] for row in wb["Fargefordeling"].iter_rows(min_row=2)]
    assert dist[-1][:5] == ["2025-K3", 47, 20, 1, 68] and len(dist) == 8
    assert dist[-1][5] == pytest.approx(20 / 68)  # a share is a fraction with a percent format
    assert wb["Fargefordeling"]["F9"].number_format == "0 %"
    summary = {row[0].value: row for row in wb["Sammendrag"].iter_rows(min_row=2)}
    assert summary["Rapporteringsrunde"][1].value == "2025-K3"
    assert summary["Aktive tiltak"][1].value == 68  # a number, not the text «68»
    share = summary["Andel gul"]
    assert share[1].value == pytest.approx(20 / 68) and share[1].number_format == "0 %"
    assert share[2].value == pytest.approx(15 / 57)  # 2025-K2
    assert share[3].value == 3 and share[3].number_format == '+0" pp";-0" pp";"uendret"'
    assert share[4].value == "dårligere"
    assert wb["Utkast"]["A2"].value.startswith("Rapporteringsrunde 2025-K3")


def test_xlsx_follows_the_portfolio_filter(shared_sample_url):
    engine = make_engine(shared_sample_url)
    try:
        pack = build_pack(engine, ROUND, filt=PortfolioFilter(owners=("KS",)))
    finally:
        engine.dispose()
    wb = load_workbook(__import__("io").BytesIO(render(pack, "xlsx")))
    owners = {row[2].value for row in wb["Tiltak"].iter_rows(min_row=2)}
    assert owners == {"KS"}
    assert wb["Røde"].max_row == 1  # the red measure is Norsk helsenett's
    summary = {row[0].value: row[1].value for row in wb["Sammendrag"].iter_rows(min_row=2)}
    assert summary["Utvalg"].startswith("Tiltakseier: KS")
    assert summary["Aktive tiltak"] == 68  # headline numbers stay the whole portfolio's


DANGEROUS = {
    ("T-0057", "Statuskommentar"): '=HYPERLINK("http://example.invalid/x","Klikk her")',
    ("T-0001", "Statuskommentar"): "+1",
    ("T-0002", "Statuskommentar"): "@SUM(A1:A3)",
    ("T-0003", "Statuskommentar"): "-2+3",
    ("T-0004", "Tiltak"): "=1+1",
}


def test_xlsx_writes_formula_like_user_text_as_text(engine, tmp_path):
    """A comment uploaded as "=HYPERLINK(…)", "+1", "@SUM(…)" comes back as a text cell."""
    from tests.export.workbooks import changed_round
    from tests.helpers import run_cli

    upload = changed_round(tmp_path / "med_formler.xlsx", ROUND, texts=DANGEROUS)
    url = engine.url.render_as_string(hide_password=False)
    assert run_cli(url, "import", str(upload)).code == 0
    out = tmp_path / "pakke.xlsx"
    result = run_cli(url, "export", "--round", ROUND, "--format", "xlsx", "-o", str(out))
    assert result.code == 0, result.stderr
    wb = load_workbook(out)
    tiltak = wb["Tiltak"]
    headers = [c.value for c in tiltak[1]]
    rows = {row[0].value: row for row in tiltak.iter_rows(min_row=2)}
    for (code, header), text in DANGEROUS.items():
        cell = rows[code][headers.index(header)]
        assert cell.value == text and cell.data_type == "s", (code, header, cell.data_type)
        assert cell.quotePrefix, (code, header)
    red = wb["Røde"]
    assert red.cell(row=2, column=7).value == DANGEROUS[("T-0057", "Statuskommentar")]
    assert red.cell(row=2, column=7).data_type == "s"
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(re.search(rb"<f[ >]", z.read(n)) for n in sheets)


def test_slides_five_and_six_are_ready_and_in_the_files():
    assert [s.number for s in slides.export_slides()] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert slides.default_presentation() == [1, 2, 3, 4, 5, 6]  # 9–11 on request
    assert slides.parse_sequence("4, 2,x,2,99") == [4, 2]
    assert slides.get(5).title == "Måloppnåelse per mål"
    assert slides.get(6).title == "Utvalgte indikatorer"


def _words_broken_without_hyphen(text: str, vocabulary: set[str]) -> list[str]:
    """Places where a line ends inside a word without a hyphen: the end of one line and the
    start of the next make a word of the source text."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    broken = []
    for first, second in zip(lines, lines[1:], strict=False):
        tail, head = first.split()[-1], second.split()[0]
        if tail[-1].isalpha() and head[0].isalpha() and (tail + head) in vocabulary:
            broken.append(f"{tail}|{head}")
    return broken


def _hyphenated(text: str) -> list[tuple[str, str]]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [
        (a.split()[-1][:-1], b.split()[0])
        for a, b in zip(lines, lines[1:], strict=False)
        if a.endswith("-") and a.split()[-1][:-1].isalpha() and b.split()[0][:1].isalpha()
    ]


def test_the_pdf_wraps_at_word_boundaries_or_norwegian_hyphenation(files, pack):
    import pyphen

    text = "\n".join(p.extract_text() for p in PdfReader(str(files["pdf"])).pages)
    source = " ".join(
        f"{m.name} {m.owner} {m.phase} {m.comment or ''}" for m in pack.report.measures
    )
    vocabulary = {w.strip(".,:;()«»") for w in source.split()}
    assert _words_broken_without_hyphen(text, vocabulary) == []
    splits = _hyphenated(text)
    assert splits, "long names in narrow columns are hyphenated"
    dictionary = pyphen.Pyphen(lang="nb_NO")
    for left, right in splits:
        word = left + right
        if word in vocabulary:  # a divided word: only where Norwegian hyphenation allows
            assert any(a == left for a, _b in dictionary.iterate(word)), (left, right)


def test_the_edited_proposal_goes_into_every_file_with_the_meeting_agenda(pack):
    """The secretariat edits the drafted *forslag til vedtak* before the export: PowerPoint, PDF
    and Excel carry the edited text in the portfolio-status case (41/25 of NUIT-2025-4), and the
    rest of the meeting's saksliste with its own proposals."""
    from dataclasses import replace

    draft = pack.proposal_text
    assert draft == pack.draft_proposal
    assert draft.startswith("NUIT tar statusrapporten for nasjonal e-helseportefølje 2025-K3")
    assert "ett tiltak melder rød status: «Mine timeavtaler» (T-0057" in draft
    edited_text = "NUIT tar statusrapporten til orientering og ber om en plan for Mine timeavtaler."
    edited = replace(pack, proposal=edited_text)

    prs = Presentation(__import__("io").BytesIO(render(edited, "pptx")))
    texts = slide_texts(prs)
    agenda = [t for t in texts if t.startswith("Saksliste og forslag til vedtak")]
    assert len(agenda) == 3
    assert edited_text in agenda[0] and draft not in "".join(texts)
    assert "redigert av sekretariatet" in agenda[0]
    assert "33/25" in agenda[1] and "Godkjenning av innkalling og dagsorden" in agenda[1]
    assert "41/25" in agenda[2] and edited_text in agenda[2]

    pdf = flat(
        subprocess.run(
            ["pdftotext", "-", "-"], input=render(edited, "pdf"), capture_output=True
        ).stdout.decode()
    )
    assert "Saksliste og forslag til vedtak" in pdf and "Godkjenning av innkalling" in pdf
    assert "ber om en plan for" in pdf

    wb = load_workbook(__import__("io").BytesIO(render(edited, "xlsx")))
    rows = [[c.value for c in row] for row in wb["Saksliste"].iter_rows(min_row=2)]
    assert [r[0] for r in rows] == ["33/25", "39/25", "40/25", "41/25"]
    assert rows[3][3] == edited_text
    assert rows[0][3] == "NUIT godkjenner innkalling og dagsorden."
