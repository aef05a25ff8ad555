"""The meeting pack as PowerPoint (python-pptx, 16:9): a title slide, then the registry's slides.

Every slide has a real title (for the outline and screen readers), a footer with the data date
and the filter, and speaker notes with the full comments. Status is always an icon and a word;
the tinted cell behind it is a help, never the message. Opens in PowerPoint and LibreOffice.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from dashboard.export.blocks import Chart, Metrics, Notice, Paragraph, SlideContent, Table
from dashboard.export.content import MeetingPack
from model import fmt

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in, exactly 16:9
MARGIN = Inches(0.6)
BODY_TOP = Inches(1.45)
FOOTER_TOP = Inches(6.98)
BODY_BOTTOM = Inches(6.85)

PRIMARY = RGBColor(0x1F, 0x3A, 0x5F)
TEXT = RGBColor(0x1A, 0x1A, 0x1A)
MUTED = RGBColor(0x3D, 0x45, 0x52)
CARD = RGBColor(0xF1, 0xF4, 0xF8)
BORDER = RGBColor(0x9A, 0xA3, 0xAF)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
WORSE = RGBColor(0x7D, 0x1F, 0x18)
BETTER = RGBColor(0x0B, 0x4F, 0x32)
#: Comment length in a table cell; the full text is in the speaker notes.
COMMENT_LIMIT = 170


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#"))


def _style_run(run: Any, size: float, *, bold: bool = False, colour: RGBColor = TEXT) -> None:
    font = run.font
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = colour
    font.name = "Calibri"
    font.language_id = MSO_LANGUAGE_ID.NORWEGIAN_BOKMOL


def _write(
    frame: Any,
    lines: Sequence[tuple[str, float, bool, RGBColor]],
    *,
    align: PP_ALIGN = PP_ALIGN.LEFT,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
) -> None:
    """Replace a text frame's text with lines of (text, size pt, bold, colour)."""
    frame.clear()
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for i, (text, size, bold, colour) in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        run = para.add_run()
        run.text = text
        _style_run(run, size, bold=bold, colour=colour)


def _textbox(slide: Any, left: int, top: int, width: int, height: int) -> Any:
    box = slide.shapes.add_textbox(left, top, width, height)
    box.text_frame.margin_left = box.text_frame.margin_right = Inches(0.05)
    return box.text_frame


class _Deck:
    def __init__(self, pack: MeetingPack) -> None:
        self.pack = pack
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self.footers: list[tuple[Any, str]] = []

    # -- frame of every slide ------------------------------------------------------------
    def new_slide(self, title: str, scope: str, notes: str) -> Any:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[5])  # "Title Only"
        shape = slide.shapes.title
        shape.left, shape.top = MARGIN, Inches(0.35)
        shape.width, shape.height = WIDTH - 2 * MARGIN, Inches(0.85)
        size = 30 if len(title) <= 60 else 22  # a long title (an indicator's name) on two lines
        _write(shape.text_frame, [(title, size, True, PRIMARY)], anchor=MSO_ANCHOR.MIDDLE)
        bar = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, MARGIN, Inches(1.22), WIDTH - 2 * MARGIN, Inches(0.05)
        )
        bar.fill.solid()
        bar.fill.fore_color.rgb = PRIMARY
        bar.line.fill.background()
        footer = f"{self.pack.data_line} · {scope}"
        self.footers.append((slide, footer))
        body = [notes.strip(), "", footer] if notes.strip() else [footer]
        slide.notes_slide.notes_text_frame.text = "\n".join(body)
        return slide

    def finish(self) -> bytes:
        total = len(self.prs.slides)
        for index, (slide, footer) in enumerate(self.footers, start=2):
            left = _textbox(slide, MARGIN, FOOTER_TOP, Inches(10.4), Inches(0.4))
            _write(left, [(footer, 12, False, MUTED)])
            right = _textbox(
                slide, WIDTH - MARGIN - Inches(1.8), FOOTER_TOP, Inches(1.8), Inches(0.4)
            )
            _write(right, [(f"Side {index} av {total}", 12, False, MUTED)], align=PP_ALIGN.RIGHT)
        props = self.prs.core_properties
        props.title = f"Status nasjonal e-helseportefølje {self.pack.round}"
        props.subject = f"Møtepakke, rapporteringsrunde {self.pack.round}"
        props.author = "ehelse"
        props.language = "nb-NO"
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()

    # -- title slide -----------------------------------------------------------------------
    def title_slide(self) -> None:
        pack = self.pack
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[0])
        title, subtitle = slide.shapes.title, slide.placeholders[1]
        title.left, title.top, title.width, title.height = (
            MARGIN,
            Inches(1.6),
            WIDTH - 2 * MARGIN,
            Inches(1.5),
        )
        _write(
            title.text_frame,
            [("Status nasjonal e-helseportefølje", 44, True, PRIMARY)],
            anchor=MSO_ANCHOR.BOTTOM,
        )
        subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
            MARGIN,
            Inches(3.3),
            WIDTH - 2 * MARGIN,
            Inches(3.2),
        )
        lines: list[tuple[str, float, bool, RGBColor]] = [
            (f"Rapporteringsrunde {pack.round} · {pack.round_words}", 32, True, TEXT),
        ]
        if pack.deadline:
            lines.append((f"Rapporteringsfrist {fmt.long_date(pack.deadline)}", 22, False, TEXT))
        lines.append(
            (
                f"Generert {fmt.numeric_date(pack.generated_at)} kl. "
                f"{pack.generated_at:%H:%M} fra ehelse",
                20,
                False,
                MUTED,
            )
        )
        lines.append((pack.data_line, 18, False, MUTED))
        if not pack.filter.is_empty():
            lines.append((pack.measure_scope, 18, False, MUTED))
        _write(subtitle.text_frame, lines)
        slide.notes_slide.notes_text_frame.text = (
            f"Møtepakke for rapporteringsrunde {pack.round} ({pack.round_words}). {pack.data_line}."
        )

    # -- blocks ------------------------------------------------------------------------------
    def metrics(self, slide: Any, block: Metrics) -> None:
        cols = 3
        rows = math.ceil(len(block.items) / cols)
        gap = Inches(0.3)
        card_w = int((WIDTH - 2 * MARGIN - gap * (cols - 1)) / cols)
        card_h = Inches(2.0)
        for i, item in enumerate(block.items):
            r, c = divmod(i, cols)
            left = MARGIN + c * (card_w + gap)
            top = BODY_TOP + Inches(0.1) + r * (card_h + gap)
            card = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, card_w, card_h)
            card.adjustments[0] = 0.06
            card.fill.solid()
            card.fill.fore_color.rgb = CARD
            card.line.color.rgb = BORDER
            card.shadow.inherit = False
            frame = card.text_frame
            frame.margin_left = frame.margin_right = Inches(0.2)
            lines: list[tuple[str, float, bool, RGBColor]] = [
                (item.label, 22, False, TEXT),
                (item.value, 54, True, TEXT),
            ]
            if item.change_line:
                colour = {"worse": WORSE, "better": BETTER}.get(item.judgement or "", MUTED)
                lines.append((item.change_line, 18, False, colour))
            _write(frame, lines, anchor=MSO_ANCHOR.MIDDLE)
        if block.caption:
            top = BODY_TOP + Inches(0.05) + rows * (card_h + gap)
            _write(
                _textbox(slide, MARGIN, top, WIDTH - 2 * MARGIN, Inches(0.8)),
                [(block.caption, 18, False, TEXT)],
            )

    def table(self, title: str, content: SlideContent, block: Table) -> None:
        if not block.rows:
            slide = self.new_slide(title, content.scope, content.notes)
            _write(
                _textbox(slide, MARGIN, BODY_TOP + Inches(0.4), WIDTH - 2 * MARGIN, Inches(1.5)),
                [(block.empty, 28, False, TEXT)]
                + ([(block.caption, 20, False, MUTED)] if block.caption else []),
            )
            return
        pages = math.ceil(len(block.rows) / block.rows_per_slide)
        per_page = math.ceil(len(block.rows) / pages)  # balanced: 5 rows → 3 + 2
        for page in range(pages):
            chunk = block.rows[page * per_page : (page + 1) * per_page]
            heading = title if pages == 1 else f"{title} – {page + 1} av {pages}"
            first = page * per_page
            notes = (
                "\n\n".join(block.row_notes[first : first + len(chunk)])
                if block.row_notes
                else content.notes
            )
            slide = self.new_slide(heading, content.scope, notes)
            self._table_shape(slide, block, chunk)
            if block.caption and page == pages - 1:
                _write(
                    _textbox(slide, MARGIN, Inches(6.4), WIDTH - 2 * MARGIN, Inches(0.5)),
                    [(block.caption, 16, False, MUTED)],
                )

    def _table_shape(self, slide: Any, block: Table, rows: tuple[tuple[str, ...], ...]) -> None:
        from dashboard.theme import status_style

        width = WIDTH - 2 * MARGIN
        shape = slide.shapes.add_table(
            len(rows) + 1, len(block.columns), MARGIN, BODY_TOP + Inches(0.1), width, Inches(1)
        )
        table = shape.table
        total = sum(block.widths)
        for i, w in enumerate(block.widths):
            table.columns[i].width = Emu(int(width * w / total))
        for c, name in enumerate(block.columns):
            cell = table.cell(0, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = PRIMARY
            _write(cell.text_frame, [(name, 15, True, WHITE)])
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                text = fmt.shorten(value, COMMENT_LIMIT) if c == block.long_column else value
                cell.fill.solid()
                if c in block.status_columns:
                    word = value.split(" ", 1)[-1]
                    cell.fill.fore_color.rgb = _rgb(status_style(word).tint)
                    _write(cell.text_frame, [(text, 15, True, TEXT)])
                else:
                    cell.fill.fore_color.rgb = WHITE if r % 2 else CARD
                    size = 13 if c == block.long_column else 15
                    _write(cell.text_frame, [(text, size, c == block.bold_column, TEXT)])
                cell.margin_top = cell.margin_bottom = Inches(0.04)

    def chart(self, slide: Any, block: Chart) -> None:
        """The finding in a column on the left, the chart as large as the slide allows.

        A chart with a judgement (an indicator) gets a wider column for its longer text and a
        somewhat smaller picture.
        """
        top = BODY_TOP + Inches(0.1)
        height = BODY_BOTTOM - top
        if block.verdict or len(block.finding) + len(block.note) + len(block.method) > 420:
            width = WIDTH - 2 * MARGIN - Inches(3.7)
            height = int(width * 9 / 16)
        else:
            width = int(height * 16 / 9)
        left = WIDTH - MARGIN - width
        size = 20 if len(block.finding) + len(block.note) <= 200 else 15
        lines: list[tuple[str, float, bool, RGBColor]] = []
        if block.verdict:
            lines.append((block.verdict, 24, True, TEXT))
        lines.append((block.finding, size, False, TEXT))
        small = " ".join(t for t in (block.note, block.method) if t)
        if small:
            lines.append((small, 12, False, MUTED))
        _write(
            _textbox(
                slide, MARGIN, top + Inches(0.1), left - MARGIN - Inches(0.2), BODY_BOTTOM - top
            ),
            lines,
        )
        image = self.pack.images.get(block.key)
        if image is None:
            _write(
                _textbox(slide, left, top, width, Inches(1)),
                [("Diagrammet mangler (ble ikke tegnet).", 24, False, WORSE)],
            )
            return
        picture = slide.shapes.add_picture(io.BytesIO(image), left, top, width, height)
        # Alternative text for screen readers: the sentence that states the finding, then the
        # numbers behind the chart, one row per line.
        descr = block.finding
        for row in block.alt_rows:
            descr += "\n" + f"{row[0]}: " + ", ".join(row[1:])
        picture._element.nvPicPr.cNvPr.set("descr", descr)

    def paragraph(self, slide: Any, block: Paragraph) -> None:
        frame = _textbox(slide, MARGIN, BODY_TOP + Inches(0.1), WIDTH - 2 * MARGIN, Inches(4.8))
        _write(frame, [(block.text, 19, False, TEXT)])
        if block.caption:
            _write(
                _textbox(slide, MARGIN, Inches(6.35), WIDTH - 2 * MARGIN, Inches(0.5)),
                [(block.caption, 15, False, MUTED)],
            )

    def notice(self, slide: Any, block: Notice) -> None:
        frame = _textbox(slide, MARGIN, Inches(2.5), WIDTH - 2 * MARGIN, Inches(2.5))
        _write(frame, [(block.text, 30, False, TEXT)], align=PP_ALIGN.CENTER)

    # -- one registry slide (one or more PowerPoint slides) -----------------------------------
    def add(self, content: SlideContent) -> None:
        """The other blocks on one slide, then each chart of several on a slide of its own (under
        its heading), then the tables (a table may need several slides of its own)."""
        tables = [b for b in content.blocks if isinstance(b, Table)]
        charts = [b for b in content.blocks if isinstance(b, Chart)]
        rest = [b for b in content.blocks if not isinstance(b, Table)]
        if len(charts) > 1:
            rest = [b for b in rest if not isinstance(b, Chart)]
        if rest:
            # Split charts carry their own notes; what stays here speaks for itself.
            notes = content.notes if len(charts) <= 1 else ""
            self._blocks(self.new_slide(content.title, content.scope, notes), rest)
        if len(charts) > 1:
            for i, chart in enumerate(charts, start=1):
                title = f"{content.title} ({i} av {len(charts)})"
                if chart.heading:
                    title += f": {chart.heading}"
                self.chart(self.new_slide(title, content.scope, chart.speaker_note), chart)
        for table in tables:
            title = f"{content.title} – tabell" if rest or len(charts) > 1 else content.title
            self.table(title, content, table)

    def _blocks(self, slide: Any, blocks: list[Any]) -> None:
        for block in blocks:
            if isinstance(block, Metrics):
                self.metrics(slide, block)
            elif isinstance(block, Chart):
                self.chart(slide, block)
            elif isinstance(block, Paragraph):
                self.paragraph(slide, block)
            elif isinstance(block, Notice):
                self.notice(slide, block)


def write_pptx(pack: MeetingPack, contents: list[SlideContent]) -> bytes:
    """The PowerPoint file's bytes: title slide, then each slide's content in order."""
    deck = _Deck(pack)
    deck.title_slide()
    for content in contents:
        deck.add(content)
    return deck.finish()
