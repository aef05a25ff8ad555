"""Norwegian formatting of numbers, percentages, dates and periods (no locale database needed).

``57,3`` · ``57,3 %`` · ``12 345`` · ``12. september 2025`` · ``12. sep. 2025`` ·
``3. kvartal 2025``. Reporting rounds keep their ID (``2025-K3``).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
MONTHS_SHORT = (
    "jan.",
    "feb.",
    "mars",
    "apr.",
    "mai",
    "juni",
    "juli",
    "aug.",
    "sep.",
    "okt.",
    "nov.",
    "des.",
)
#: Norwegian groups thousands with a space that does not break: U+00A0 (the narrow U+202F is
#: missing from some projector and PDF fonts).
NBSP = "\u00a0"
MINUS = "\u2212"


def rounded(value: float, decimals: int = 0) -> float:
    """Rounded the way people (and Excel) round: half away from zero, on the decimal digits as
    written (``0.5`` → 1, ``2.675`` → 2.68, ``−0.5`` → −1). Every number shown is rounded
    here, once."""
    if not math.isfinite(value) or abs(value) >= 1e15:
        return value  # nothing after the decimal comma to round (and beyond Decimal's precision)
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP))


def number(value: float | int | None, decimals: int | None = None) -> str:
    """``12345.6`` → ``12 345,6``; decimals default to 0 for whole numbers, else 1."""
    if value is None:
        return "–"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{abs(rounded(value, decimals)):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return (
        MINUS if value < 0 and float(text.replace(NBSP, "").replace(",", ".")) != 0 else ""
    ) + text


def trimmed(value: float | None, decimals: int = 2) -> str:
    """A number the Norwegian way without trailing zeros: ``7.25`` → ``7,25``, ``75.0`` → ``75``;
    a tiny non-zero value keeps two significant digits (``0.0004`` → ``0,0004``); infinity is
    ``uendelig`` (the attainment method's explanations)."""
    if value is None:
        return "–"
    if math.isinf(value):
        return "uendelig" if value > 0 else f"{MINUS}uendelig"
    text = f"{abs(value):,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "0" and value != 0:
        text = f"{abs(value):.2g}"
    text = text.replace(",", NBSP).replace(".", ",")
    return (MINUS if value < 0 and text.strip("0,") else "") + text


def percent(value: float | None, decimals: int = 1) -> str:
    """A percentage already in percent units: ``57.3`` → ``57,3 %``."""
    if value is None:
        return "–"
    return f"{number(value, decimals)}{NBSP}%"


def fraction_percent(fraction: float | None, decimals: int = 1) -> str:
    """A fraction as a percentage: ``0.0146`` → ``1,5 %`` (growth rates, progress)."""
    return "–" if fraction is None else percent(100 * fraction, decimals)


def share(part: int, whole: int, decimals: int = 0) -> str:
    """``part/whole`` as a percentage: ``(20, 61)`` → ``33 %``."""
    if not whole:
        return "–"
    return percent(100 * part / whole, decimals)


def signed(value: float | int, decimals: int = 0) -> str:
    """A change with its sign: ``+11``, ``−2``, ``0``."""
    if value > 0:
        return "+" + number(value, decimals)
    return number(value, decimals)


def long_date(value: date | datetime | None) -> str:
    """``12. september 2025``."""
    if value is None:
        return "–"
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def short_date(value: date | datetime | None) -> str:
    """``12. sep. 2025`` where space is short."""
    if value is None:
        return "–"
    return f"{value.day}. {MONTHS_SHORT[value.month - 1]} {value.year}"


def numeric_date(value: date | datetime | None) -> str:
    """``13.09.2025`` (footers and data lines, where the long form is too wide)."""
    if value is None:
        return "–"
    return f"{value.day:02d}.{value.month:02d}.{value.year}"


def count_word(n: int, one: str, many: str) -> str:
    """``1 tiltak``/``2 tiltak``; words for small numbers as the meeting papers write them."""
    return f"{number(n)} {one if n == 1 else many}"


#: How much of a name a page, a sentence or a table cell shows (the measure's page shows all).
NAME_LIMIT = 200


def one_line(text: Any) -> str:
    """Free text on one line: runs of white space (line breaks too) as single spaces."""
    return " ".join(str(text or "").split())


def shorten(text: str | None, limit: int = NAME_LIMIT) -> str:
    """Free text on one line (runs of white space as one space), at most ``limit`` characters;
    a longer text is cut at a word and ends in «…». The one shortener: names are free text in
    the workbook (one of 100,000 characters made a page take 25 s to draw), comments are long."""
    flat = one_line(text)
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.–-") + "…"


def first_line(text: str | None, limit: int = 160) -> str:
    """The first line of a comment, shortened (:func:`shorten`)."""
    if not text or not str(text).strip():
        return ""
    return shorten(str(text).strip().splitlines()[0], limit)


def list_nb(items: list[str]) -> str:
    """``a, b og c``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " og " + items[-1]


def sort_key_nb(text: str) -> tuple:
    """Sort Norwegian text right: æ, ø, å after z (in that order), case-insensitive."""
    order = {"æ": "{", "ø": "|", "å": "}"}
    folded = text.casefold()
    return tuple(order.get(ch, ch) for ch in folded)


# --------------------------------------------------------------------------------------------
# Figures of a round (model.round_report): every surface words them with these functions
# --------------------------------------------------------------------------------------------

#: Shares are shown as whole percentages, their changes as whole percentage points.
SHARE_DECIMALS = 0


def share_percent(fraction: float | None) -> str:
    """A share kept as a fraction, shown once rounded to a whole percent: ``0.3676`` → ``37 %``."""
    return "–" if fraction is None else percent(100 * fraction, SHARE_DECIMALS)


def points(fraction_change: float) -> float:
    """A change of a share (difference of the unrounded fractions) in whole percentage points,
    rounded once: ``0.3676 − 0.1754`` → 19."""
    return rounded(100 * fraction_change, SHARE_DECIMALS)


def change_words(kind: str, change: float | None) -> str | None:
    """A figure's change since the previous round: ``+11``, ``−2``, ``+1 prosentpoeng`` or
    ``uendret`` (None: nothing to compare with). ``kind`` is ``count`` or ``share``."""
    if change is None:
        return None
    shown = points(change) if kind == "share" else rounded(change, 0)
    if shown == 0:
        return "uendret"
    return signed(shown) + (" prosentpoeng" if kind == "share" else "")


def figure_value(kind: str, value: float | None) -> str:
    """A figure's value: a count (``68``) or a share (``28 %``)."""
    if value is None:
        return "–"
    return share_percent(value) if kind == "share" else number(value, 0)


def iso_or_none(value: date | None) -> str | None:
    return value.isoformat() if value else None


def text_table(
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    right: Collection[int] = (),
    indent: str = "",
    rule: bool = False,
) -> list[str]:
    """A table for the terminal: each column as wide as its widest cell, two spaces between,
    columns ``right`` aligned right, the last column left free (a message, a file name);
    ``rule``: a line of dashes under the header. Every command's table is drawn here."""
    body = [[str(c) for c in row] for row in rows]
    head = [str(c) for c in header]
    widths = [max(len(c) for c in column) for column in zip(head, *body, strict=True)]
    last = len(head) - 1

    def line(cells: list[str]) -> str:
        parts = [
            c.rjust(w) if i in right else (c if i == last else c.ljust(w))
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return (indent + "  ".join(parts)).rstrip()

    out = [line(head)]
    if rule:
        out.append(line(["-" * w for w in widths]))
    return out + [line(r) for r in body]
