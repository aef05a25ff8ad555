"""The meeting pack as a PDF meeting paper (fpdf2, A4 portrait).

fpdf2 is pure Python (no system libraries, already a dependency), embeds a subset of a TrueType
font so æ, ø, å and the status shapes ● ▲ ■ print everywhere, flows long tables over pages with
repeated headings, and writes document language, title, bookmarks and image alt text.

The font is DejaVu Sans from the system (Debian: fonts-dejavu-core) or ``EHELSE_PDF_FONT_DIR``.
Without it the PDF is still written with the built-in Helvetica (Latin-1: æøå work; the shapes
are dropped, the status words remain), so ``pip install .`` alone always produces a file.
"""

from __future__ import annotations

import functools
import io
import os
import re
from pathlib import Path
from typing import Any

from fpdf import FPDF, FontFace
from fpdf.enums import MethodReturnValue, XPos, YPos

from dashboard.export.blocks import Chart, Metrics, Notice, Paragraph, SlideContent, Table
from dashboard.export.content import MeetingPack
from model import fmt

FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
    "/Library/Fonts",
)
PRIMARY = (31, 58, 95)
TEXT = (26, 26, 26)
MUTED = (61, 69, 82)
CARD = (241, 244, 248)
WHITE = (255, 255, 255)
#: A table cell is at most this share of a page high: fpdf2 refuses a row taller than a page.
CELL_PAGE_SHARE = 0.6
SHORTENED = " … [forkortet – hele teksten står i dashbordet og i Excel-pakken]"

#: Characters outside Latin-1 and what the built-in font prints instead.
_LATIN1_FALLBACK = str.maketrans(
    {
        "●": "",
        "▲": "",
        "■": "",
        "○": "",
        "→": "->",
        "–": "-",
        "—": "-",
        "−": "-",
        "…": "...",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
    }
)


def find_font() -> tuple[Path, Path] | None:
    """DejaVu Sans regular and bold, or None."""
    dirs = [os.environ.get("EHELSE_PDF_FONT_DIR", "").strip(), *FONT_DIRS]
    for folder in dirs:
        if not folder:
            continue
        regular, bold = Path(folder) / "DejaVuSans.ttf", Path(folder) / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


_HYPHEN_WORD = re.compile(r"[A-Za-zÆØÅæøåÉéÜüÖöÄä]{7,}")


@functools.cache
def _dictionary() -> Any:
    import pyphen

    return pyphen.Pyphen(lang="nb_NO")


def hyphenate(text: str) -> str:
    """Soft hyphens (U+00AD) where Norwegian hyphenation (pyphen's nb_NO) allows a break in
    words of seven letters or more; fpdf2 prints a hyphen where it breaks a line there."""
    return _HYPHEN_WORD.sub(lambda m: _dictionary().inserted(m[0], hyphen="\u00ad"), text)


class _Paper(FPDF):
    def __init__(self, pack: MeetingPack) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.pack = pack
        font = find_font()
        self.unicode = font is not None
        if font:
            self.add_font("Sans", "", str(font[0]))
            self.add_font("Sans", "B", str(font[1]))
            self.family = "Sans"
        else:
            self.family = "Helvetica"
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(auto=True, margin=18)
        self.alias_nb_pages("{nb}")
        self.set_lang("nb")
        self.set_title(f"Status nasjonal e-helseportefølje {pack.round}")
        self.set_subject(f"Saksfremlegg, rapporteringsrunde {pack.round}")
        self.set_author("ehelse")
        self.set_creator("ehelse")

    def t(self, text: Any) -> str:
        """Text as this font can print it (for a one-line cell)."""
        text = "" if text is None else str(text)
        if self.unicode:
            return text
        return text.translate(_LATIN1_FALLBACK).encode("latin-1", "replace").decode("latin-1")

    def wrap(self, text: Any) -> str:
        """Text that wraps, with the places a Norwegian word may be divided marked (soft
        hyphens): a line ends at a word boundary or at such a place, with a hyphen, never
        inside a syllable."""
        return self.t(hyphenate("" if text is None else str(text)))

    def font(self, size: float, bold: bool = False, colour: tuple[int, int, int] = TEXT) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)

    def footer(self) -> None:
        self.set_y(-13)
        self.font(8, colour=MUTED)
        half = self.epw * 0.8
        self.cell(half, 5, self.t(self.pack.data_line), align="L")
        self.cell(self.epw - half, 5, self.t(f"Side {self.page_no()} av {{nb}}"), align="R")

    # -- pieces ----------------------------------------------------------------------------
    def heading(self, text: str, room: float = 45) -> None:
        """A section heading; starts a new page unless ``room`` mm follow it on this one."""
        if self.get_y() + room > self.h - self.b_margin:
            self.add_page()
        self.ln(4)
        self.start_section(self.t(text))
        self.font(13, bold=True, colour=PRIMARY)
        self.multi_cell(0, 7, self.wrap(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*PRIMARY)
        self.set_line_width(0.4)
        self.line(self.l_margin, self.get_y(), self.l_margin + self.epw, self.get_y())
        self.ln(2)

    def text_block(self, text: str, size: float = 10.5, colour=TEXT, align: str = "J") -> None:
        self.font(size, colour=colour)
        self.multi_cell(
            0, size * 0.5, self.wrap(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.ln(1.5)

    def grid(
        self,
        columns: tuple[str, ...],
        rows: tuple[tuple[str, ...], ...],
        widths: tuple[float, ...],
        status_columns: tuple[int, ...] = (),
        size: float = 9,
    ) -> None:
        from dashboard.theme import status_style

        self.font(size)
        headings = FontFace(emphasis="BOLD", color=WHITE, fill_color=PRIMARY)
        total = sum(widths)
        padding = 1.2
        room = [self.epw * w / total - 2 * padding for w in widths]
        max_lines = int((self.h - self.t_margin - self.b_margin) * CELL_PAGE_SHARE / (size * 0.5))
        rows = tuple(
            tuple(
                self.fit(self.wrap(value), room[c], size * 0.5, max_lines)
                for c, value in enumerate(values)
            )
            for values in rows
        )
        with self.table(
            col_widths=tuple(w / total for w in widths),
            headings_style=headings,
            line_height=size * 0.5,
            text_align="LEFT",
            v_align="TOP",
            padding=padding,
            borders_layout="HORIZONTAL_LINES",
            repeat_headings=1,
        ) as table:
            head = table.row()
            for name in columns:
                head.cell(self.wrap(name))
            for i, values in enumerate(rows):
                row = table.row()
                for c, value in enumerate(values):
                    if c in status_columns:
                        word = str(value).split(" ", 1)[-1]
                        tint = FontFace(emphasis="BOLD", fill_color=_rgb(status_style(word).tint))
                        row.cell(value, style=tint)
                    else:
                        stripe = None if i % 2 == 0 else FontFace(fill_color=CARD)
                        row.cell(value, style=stripe)
        self.ln(2)

    def fit(self, text: str, width: float, line_height: float, max_lines: int) -> str:
        """``text`` as it fits in ``max_lines`` lines of a cell ``width`` mm wide (wrapped the
        way fpdf2 will wrap it), shortened with a note that says so when it is longer."""
        if len(text) < 40 or width <= 0:
            return text

        def lines(candidate: str) -> Any:
            margin, self.c_margin = self.c_margin, 0  # a table cell has its padding instead
            try:
                return self.multi_cell(
                    width, line_height, candidate, dry_run=True, output=MethodReturnValue.LINES
                )
            finally:
                self.c_margin = margin

        wrapped = lines(text)
        if len(wrapped) <= max_lines:
            return text
        note = self.t(SHORTENED)
        keep = max(max_lines - len(lines(note)) - 1, 1)
        return " ".join(str(line).strip() for line in wrapped[:keep]) + note

    # -- blocks ------------------------------------------------------------------------------
    def metrics(self, block: Metrics) -> None:
        rows = tuple((m.label, m.value, m.change_line or "–") for m in block.items)
        self.grid(("Nøkkeltall", "Verdi", "Endring"), rows, (2.2, 1.0, 3.2), size=10)
        if block.caption:
            self.text_block(block.caption, 10)

    def table_block(self, block: Table) -> None:
        if not block.rows:
            self.text_block(block.empty, 10.5)
        else:
            self.grid(
                block.columns, block.rows, block.paper_widths or block.widths, block.status_columns
            )
        if block.caption:
            self.text_block(block.caption, 9.5, colour=MUTED, align="L")

    def chart(self, block: Chart) -> None:
        if block.heading:
            # One of several charts (an indicator): its own heading, kept with its picture.
            if self.get_y() + self.epw * 9 / 16 + 45 > self.h - self.b_margin:
                self.add_page()
            self.ln(2)
            self.font(11.5, bold=True, colour=PRIMARY)
            self.multi_cell(
                0, 6, self.wrap(block.heading), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            self.ln(1)
        if block.verdict:
            self.font(11, bold=True)
            self.multi_cell(
                0, 6, self.wrap(block.verdict), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
        self.text_block(block.finding, 10.5, align="L")
        small = " ".join(t for t in (block.note, block.method) if t)
        if small:
            self.text_block(small, 9, colour=MUTED, align="L")
        image = self.pack.images.get(block.key)
        if image is not None:
            height = self.epw * 9 / 16
            if self.get_y() + height > self.h - 20:
                self.add_page()
            self.image(
                io.BytesIO(image),
                x=self.l_margin,
                w=self.epw,
                h=height,
                alt_text=self.t(block.finding),
            )
            self.set_y(self.get_y() + 2)
        if block.alt_rows:
            self.grid(
                block.alt_columns,
                block.alt_rows,
                block.alt_widths or (1.4,) + (1.0,) * (len(block.alt_columns) - 1),
                size=9,
            )

    def section(self, content: SlideContent, scope_shown: bool) -> None:
        self.heading(content.title, room=_room(content, self.epw))
        # The portfolio filter is shown when one is set; any other scope (the indicator set and
        # period of the goal-attainment sections) always.
        if scope_shown or not content.scope.startswith("Utvalg:"):
            self.text_block(content.scope, 9, colour=MUTED, align="L")
        for block in content.blocks:
            self.block(block)

    def block(self, block: Metrics | Table | Chart | Paragraph | Notice) -> None:
        if isinstance(block, Metrics):
            self.metrics(block)
        elif isinstance(block, Table):
            if block.on_paper:
                self.table_block(block)
        elif isinstance(block, Chart):
            self.chart(block)
        elif isinstance(block, Paragraph):
            self.paragraph(block)
        elif isinstance(block, Notice):
            self.text_block(block.text, 11)

    def paragraph(self, block: Paragraph) -> None:
        self.text_block(block.text, 11, align="L")
        if block.caption:
            self.text_block(block.caption, 9, colour=MUTED, align="L")


def _room(content: SlideContent, width: float) -> float:
    """The height a section's heading keeps free below it, so its first block follows it."""
    if any(isinstance(b, Chart) for b in content.blocks):
        return width * 9 / 16 + 30
    if any(isinstance(b, Table) and b.rows and b.on_paper for b in content.blocks):
        return 75.0  # the heading, the table's head and its first (tall) row
    return 45.0


def write_pdf(pack: MeetingPack, contents: list[SlideContent]) -> bytes:
    """The meeting paper's bytes: title block, the draft text first, then the slides' content."""
    pdf = _Paper(pack)
    pdf.add_page()
    pdf.font(18, bold=True, colour=PRIMARY)
    pdf.multi_cell(
        0, 9, pdf.wrap("Status nasjonal e-helseportefølje"), new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.font(13, bold=True)
    pdf.multi_cell(
        0,
        7,
        pdf.wrap(f"Rapporteringsrunde {pack.round} · {pack.round_words}"),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    meta = []
    if pack.deadline:
        meta.append(f"Rapporteringsfrist {fmt.long_date(pack.deadline)}")
    meta.append(pack.data_line)
    meta.append(
        f"Generert {fmt.numeric_date(pack.generated_at)} kl. {pack.generated_at:%H:%M} fra ehelse"
    )
    meta.append(
        f"{pack.measure_scope} (gjelder tabellene over tiltak; nøkkeltall og fargefordeling "
        "gjelder hele porteføljen)"
        if not pack.filter.is_empty()
        else pack.measure_scope
    )
    pdf.ln(1)
    for line in meta:
        pdf.text_block(line, 9.5, colour=MUTED, align="L")
    # A meeting paper leads with its prose; the numbers follow.
    ordered = sorted(contents, key=lambda c: not any(isinstance(b, Paragraph) for b in c.blocks))
    for content in ordered:
        pdf.section(content, scope_shown=not pack.filter.is_empty())
    return bytes(pdf.output())
