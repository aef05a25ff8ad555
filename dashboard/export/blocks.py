"""Format-neutral slide content: what a slide says, not how it is drawn.

A slide builder returns a :class:`SlideContent` made of these blocks; the PowerPoint, PDF and
meeting-mode renderers each know how to draw every block. Cells hold plain text (user text is
never markup); status cells hold the icon and the word (``■ Rød``), never a colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    """A headline number with its change since the previous round."""

    label: str
    value: str
    change: str | None = None  # "+11 siden 2025-K2"
    judgement: str | None = None  # "bedre" | "dårligere" | None (neutral)


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


@dataclass(frozen=True)
class Chart:
    """A chart by its key in the pack's figures (drawn once, reused), with the sentence that
    states its finding and the numbers as a text alternative."""

    key: str
    finding: str
    alt_columns: tuple[str, ...] = ()
    alt_rows: tuple[tuple[str, ...], ...] = ()


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
