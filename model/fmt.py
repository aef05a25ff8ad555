"""Norwegian formatting of numbers, percentages, dates and periods (no locale database needed).

``57,3`` · ``57,3 %`` · ``12 345`` · ``12. september 2025`` · ``12. sep. 2025`` ·
``3. kvartal 2025``. Reporting rounds keep their ID (``2025-K3``).
"""

from __future__ import annotations

from datetime import date, datetime

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
NBSP = "\u00a0"
#: Norwegian groups thousands with a (narrow) non-breaking space.
THIN = "\u00a0"
MINUS = "\u2212"


def number(value: float | int | None, decimals: int | None = None) -> str:
    """``12345.6`` → ``12 345,6``; decimals default to 0 for whole numbers, else 1."""
    if value is None:
        return "–"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{abs(value):,.{decimals}f}".replace(",", THIN).replace(".", ",")
    return (
        MINUS if value < 0 and float(text.replace(THIN, "").replace(",", ".")) != 0 else ""
    ) + text


def percent(value: float | None, decimals: int = 1) -> str:
    """A percentage already in percent units: ``57.3`` → ``57,3 %``."""
    if value is None:
        return "–"
    return f"{number(value, decimals)}{NBSP}%"


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


def round_words(round_code: str) -> str:
    """The spelled-out form that may stand beside a round's ID: ``2025-K3`` → ``3. kvartal 2025``."""
    year, q = round_code.split("-K")
    return f"{q}. kvartal {year}"


def period_label(period: str) -> str:
    """An indicator period in words: ``2024-K2`` → ``2. kvartal 2024``; ``2024-05`` → ``mai 2024``."""
    if len(period) == 4:
        return period
    if "-K" in period:
        year, q = period.split("-K")
        return f"{q}. kvartal {year}"
    if len(period) == 7:
        year, month = period.split("-")
        return f"{MONTHS[int(month) - 1]} {year}"
    try:
        return long_date(date.fromisoformat(period))
    except ValueError:
        return period


def round_label(round_code: str) -> str:
    """A reporting round keeps its ID; the spelled-out form stands beside it."""
    return f"{round_code} ({round_words(round_code)})"


def count_word(n: int, one: str, many: str) -> str:
    """``1 tiltak``/``2 tiltak``; words for small numbers as the meeting papers write them."""
    return f"{number(n)} {one if n == 1 else many}"


#: How much of a name a page, a sentence or a table cell shows (the measure's page shows all).
NAME_LIMIT = 200


def shorten(text: str | None, limit: int = NAME_LIMIT) -> str:
    """At most ``limit`` characters; a longer text is cut at a word and ends in «…». Names are
    free text in the workbook: one of 100,000 characters made a page take 25 s to draw."""
    text = "" if text is None else str(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


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
