"""Format-neutral slide content: what a slide says, not how it is drawn.

A slide builder returns a :class:`SlideContent` made of these blocks; the PowerPoint, PDF and
meeting-mode renderers each know how to draw every block. Cells hold plain text (user text is
never markup); status cells hold the icon and the word (``■ Rød``), never a colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.labels import JUDGEMENT_NB


@dataclass(frozen=True)
class Metric:
    """A headline number with its change since the previous round (worded by model.fmt from a
    :class:`model.round_report.Figure`, never parsed back)."""

    label: str
    value: str
    change: str | None = None  # "+11", "−2", "+1 prosentpoeng", "uendret"
    judgement: str | None = None  # "better" | "worse" | None (neutral): Figure.judgement
    since: str | None = None  # "siden 2025-K2"
    note: str | None = None  # instead of a change: "ikke med i 2025-K2"
    #: +1 when the change went up, −1 down, 0 unchanged or nothing to compare
    direction: int = 0
    help: str = ""

    @property
    def change_line(self) -> str | None:
        """``+11 siden 2025-K2 (dårligere)``, or the note, or None."""
        if self.change is None:
            return self.note
        line = self.change + (f" {self.since}" if self.since else "")
        return line + (f" ({self.judgement_text})" if self.judgement else "")

    @property
    def judgement_text(self) -> str | None:
        """«bedre» or «dårligere» (model.labels), or None."""
        return JUDGEMENT_NB.get(self.judgement) if self.judgement else None


@dataclass(frozen=True)
class Metrics:
    items: tuple[Metric, ...]
    caption: str = ""


@dataclass(frozen=True)
class Table:
    """Rows of plain text. ``long_column`` holds free text (a comment) that a renderer with little
    room shortens with "…" (the full text then goes to the speaker notes)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    status_columns: tuple[int, ...] = ()
    long_column: int | None = None
    empty: str = "Ingen tiltak."
    caption: str = ""
    rows_per_slide: int = 3
    #: column widths in millimetres on an A4 page (174 mm wide), when they differ from ``widths``
    paper_widths: tuple[float, ...] | None = None
    #: the column written in bold on a slide (the measure's name), None for none
    bold_column: int | None = 1
    #: False: slides and screen only (on paper a chart's text table says the same)
    on_paper: bool = True
    #: a speaker note per row (the full comment): a slide showing some rows carries theirs
    row_notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chart:
    """A chart by its key in the pack's figures (drawn once, reused), with the sentence that
    states its finding and the numbers as a text alternative."""

    key: str
    finding: str
    alt_columns: tuple[str, ...] = ()
    alt_rows: tuple[tuple[str, ...], ...] = ()
    #: relative column widths of that text table on paper (default: first column wider)
    alt_widths: tuple[float, ...] = ()
    #: the chart's own heading when a slide shows several charts (an indicator's ID and name);
    #: a renderer with room for one chart per page gives each its own page under this heading
    heading: str = ""
    #: the judgement in a few words, icon and word (``▼ Tilbakegang``), shown before the text
    verdict: str = ""
    #: a further sentence: how the judgement came about
    note: str = ""
    #: the method in use (``Metode: …``), stated with every judgement in the files; a screen that
    #: shows several charts states it once
    method: str = ""

    @property
    def speaker_note(self) -> str:
        """What a presenter says about this chart alone (a slide of its own carries it)."""
        head = f"{self.heading}: {self.verdict}." if self.heading else self.verdict
        return "\n".join(t for t in (head, self.finding, self.note) if t)


@dataclass(frozen=True)
class Paragraph:
    text: str
    caption: str = ""


@dataclass(frozen=True)
class Notice:
    """A slide that is not ready yet says so plainly ("kommer")."""

    text: str


Block = Metrics | Table | Chart | Paragraph | Notice


@dataclass(frozen=True)
class SlideContent:
    number: int
    title: str
    blocks: tuple[Block, ...]
    scope: str = "Utvalg: hele porteføljen"
    notes: str = ""
    ready: bool = True


def table_slide(number: int, title: str, table: Table, scope: str) -> SlideContent:
    """A slide of one table of measures: the row count after the title, every row's note in the
    speaker notes."""
    return SlideContent(
        number,
        f"{title} ({len(table.rows)})",
        (table,),
        scope=scope,
        notes="\n\n".join(table.row_notes),
    )
