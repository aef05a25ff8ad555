"""Periods and cut-offs: one home for what a canonical period means in time.

A canonical period is a year ``2023``, a quarter ``2024-K2``, a month ``2024-05`` or a date
``2024-05-13`` (the importer makes every typed form canonical). Every period is an **interval**
(formats.md section 4, step 0): a year runs 1 January–31 December, a quarter its three months,
a month its days, a date one day.

* :func:`period_time` – the period's *time position* for the growth formulas (step 1: its start
  as a year number; ``2024-K2`` → 2024.25).
* :func:`period_end` – the last day of the interval.
* :func:`counts_at` – whether an observation of a period counts as of a cut-off: its period
  **ends on or before the end of the cut-off period** (``2025-K3`` takes 2025-K1…K3 and months
  up to 2025-09, but not the year 2025, which is not over).
* A reporting round ``2025-K3`` is also a period (a quarter): a round's cut-off is the round.
* :func:`typed_period`, :func:`typed_round`, :func:`typed_date` – what a person typed in a cell
  (``2024 k2``, ``13.05.2024``) as the canonical form, or None; the importers turn None into
  their Norwegian error (importers/values.py).
* :func:`period_label`, :func:`round_words`, :func:`round_label` – a period in words
  (``2024-K2`` → «2. kvartal 2024»).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from model.fmt import MONTHS, long_date, short_date

_YEAR_RE = re.compile(r"([0-9]{4})")
_QUARTER_RE = re.compile(r"([0-9]{4})-K([1-4])")
_MONTH_RE = re.compile(r"([0-9]{4})-([0-9]{2})")
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def _parts(period: str) -> tuple[str, int, int, int]:
    """``(kind, year, a, b)``: kind year/quarter/month/date. Raises ValueError otherwise."""
    if not isinstance(period, str):
        raise ValueError(f"A period must be a text such as '2023' or '2024-K2', not {period!r}")
    if m := _YEAR_RE.fullmatch(period):
        return "year", int(m[1]), 0, 0
    if m := _QUARTER_RE.fullmatch(period):
        return "quarter", int(m[1]), int(m[2]), 0
    if m := _MONTH_RE.fullmatch(period):
        if not 1 <= int(m[2]) <= 12:
            raise ValueError(f"Invalid month in period {period!r}")
        return "month", int(m[1]), int(m[2]), 0
    if m := _DATE_RE.fullmatch(period):
        try:
            date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError as exc:
            raise ValueError(f"Invalid date in period {period!r}: {exc}") from None
        return "date", int(m[1]), int(m[2]), int(m[3])
    raise ValueError(
        f"Unknown period {period!r}: expected a year (2023), a quarter (2024-K2), "
        "a month (2024-05) or a date (2024-05-13)"
    )


def period_kind(period: str) -> str:
    """``year``, ``quarter``, ``month`` or ``date``; raises ValueError for anything else."""
    return _parts(period)[0]


def is_quarter(text: str) -> bool:
    """True for a canonical quarter (``2027-K2``): a reporting round or a planned finish."""
    return bool(_QUARTER_RE.fullmatch(text))


def quarter_number(code: str) -> int:
    """``2025-K3`` → a running quarter number (year × 4 + quarter − 1), to step through rounds."""
    kind, year, q, _ = _parts(code)
    if kind != "quarter":
        raise ValueError(f"{code!r} is not a quarter")
    return year * 4 + q - 1


def quarter_code(number: int) -> str:
    """The quarter of a running quarter number: ``quarter_code(quarter_number(c)) == c``."""
    return f"{number // 4}-K{number % 4 + 1}"


def quarters(first: str, last: str) -> tuple[str, ...]:
    """Every quarter from ``first`` to ``last``, both included: ``2023-K4``, ``2024-K1``, …"""
    return tuple(quarter_code(n) for n in range(quarter_number(first), quarter_number(last) + 1))


def next_quarter(code: str) -> str:
    """The round after ``2024-K4`` is ``2025-K1``."""
    return quarter_code(quarter_number(code) + 1)


def quarter_of(day: date) -> str:
    """The quarter a day lies in: 12 September 2025 → ``2025-K3``."""
    return quarter_code(day.year * 4 + (day.month - 1) // 3)


def is_period(text: str) -> bool:
    """True for a canonical period (year, quarter, month or date)."""
    try:
        _parts(text)
    except ValueError:
        return False
    return True


def date_time(day: date) -> float:
    """A day as a year number: ``year + (day of year − 1) / days in the year``."""
    days_in_year = 366 if calendar.isleap(day.year) else 365
    return day.year + (day.timetuple().tm_yday - 1) / days_in_year


def period_time(period: str) -> float:
    """The time position of a period as a year number (formats.md section 4, step 1).

    ``"2023"`` → 2023.0; a quarter ``"2024-K2"`` → year + (q − 1)/4 = 2024.25; a month
    ``"2024-05"`` → year + (m − 1)/12; a date → year + (day of year − 1)/days in the year.
    Anything else raises :class:`ValueError`.
    """
    kind, year, a, b = _parts(period)
    if kind == "year":
        return float(year)
    if kind == "quarter":
        return year + (a - 1) / 4
    if kind == "month":
        return year + (a - 1) / 12
    return date_time(date(year, a, b))


def period_start(period: str) -> date:
    """The first day of the period's interval."""
    kind, year, a, b = _parts(period)
    if kind == "year":
        return date(year, 1, 1)
    if kind == "quarter":
        return date(year, 3 * a - 2, 1)
    if kind == "month":
        return date(year, a, 1)
    return date(year, a, b)


def period_end(period: str) -> date:
    """The last day of the period's interval: ``2025`` → 31.12.2025, ``2027-K2`` → 30.06.2027,
    ``2024-02`` → 29.02.2024, a date → itself."""
    kind, year, a, b = _parts(period)
    if kind == "year":
        return date(year, 12, 31)
    if kind == "quarter":
        month = 3 * a
        return date(year, month, calendar.monthrange(year, month)[1])
    if kind == "month":
        return date(year, a, calendar.monthrange(year, a)[1])
    return date(year, a, b)


def counts_at(period: str, cut_off: str | None) -> bool:
    """Step 0: an observation of ``period`` counts as of ``cut_off`` (None: no cut-off) when the
    period ends on or before the end of the cut-off period."""
    return cut_off is None or period_end(period) <= period_end(cut_off)


def cut_off_time(cut_off: str) -> float:
    """An upper bound of the time positions that can count as of ``cut_off`` (for a database
    pre-filter; :func:`counts_at` decides): the time of the cut-off's last day."""
    return date_time(period_end(cut_off))


def round_end(round_code: str) -> date:
    """The last day of a reporting round's quarter (``2025-K3`` → 30.09.2025)."""
    return period_end(round_code)


def finish_date(planned: str | None) -> date | None:
    """*Planlagt ferdig* as a date: a quarter counts as its last day (``2027-K2`` → 30.06.2027),
    an ISO date as itself, anything else (or nothing) as None (formats.md section 3, ``slipped``)."""
    if not planned:
        return None
    text = str(planned).strip()
    if _QUARTER_RE.fullmatch(text) or _DATE_RE.fullmatch(text):
        try:
            return period_end(text)
        except ValueError:
            return None
    return None


def months_between(earlier: date, later: date) -> int:
    """``(later.year − earlier.year)·12 + later.month − earlier.month`` (formats.md, ``slipped``)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def previous_quarter(round_code: str) -> str:
    """The round before ``2025-K1`` is ``2024-K4``."""
    _kind, year, q, _ = _parts(round_code)
    return f"{year - 1}-K4" if q == 1 else f"{year}-K{q - 1}"


# --------------------------------------------------------------------------------------------
# What a person types in a cell, made canonical (forgiving where a person would be)
# --------------------------------------------------------------------------------------------

_TYPED_ROUND_RE = re.compile(r"^(\d{4})\s*-?\s*[kK]\s*([1-4])$")
_TYPED_QUARTER_RE = re.compile(r"^(\d{4})\s*-\s*[kK]\s*(\d)$")
_TYPED_MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
_TYPED_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TYPED_NO_DATE_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TYPED_YEAR_RE = re.compile(r"^(\d{4})$")
#: Years a typed period may name (a four-digit number outside is a typing error).
PERIOD_YEARS = range(1900, 2101)
#: Years a reporting round may name.
ROUND_YEARS = range(2000, 2101)


def typed_round(text: str) -> str | None:
    """A reporting round as typed – ``2025-K3``, ``2025-k3``, ``2025 K3`` – as ``2025-K3``."""
    m = _TYPED_ROUND_RE.match(text)
    if not m or int(m[1]) not in ROUND_YEARS:
        return None
    return f"{m[1]}-K{m[2]}"


def looks_like_round(text: str) -> bool:
    """True when ``text`` has the shape of a round (``2027-K2``), whatever its year."""
    return bool(_TYPED_ROUND_RE.match(text))


def typed_date(text: str) -> date | None:
    """``2025-09-12`` or ``12.09.2025`` as a date; None when the text has neither shape.
    Raises ValueError when it has the shape but names no real day (``31.02.2025``)."""
    if m := _TYPED_ISO_DATE_RE.match(text):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := _TYPED_NO_DATE_RE.match(text):
        return date(int(m[3]), int(m[2]), int(m[1]))
    return None


def typed_period(text: str) -> str | None:
    """An observation period as typed – a year ``2023``, a quarter ``2024-K2`` (``2024-k 2``),
    a month ``2024-5``, a date ``2024-05-13`` or ``13.05.2024`` – in canonical form; None when
    it is none of these or out of range."""
    if _TYPED_YEAR_RE.match(text):
        return text if int(text) in PERIOD_YEARS else None
    if m := _TYPED_QUARTER_RE.match(text):
        return f"{m[1]}-K{m[2]}" if 1 <= int(m[2]) <= 4 else None
    if m := _TYPED_MONTH_RE.match(text):
        return f"{m[1]}-{int(m[2]):02d}" if 1 <= int(m[2]) <= 12 else None
    try:
        day = typed_date(text)
    except ValueError:
        return None
    return None if day is None else day.isoformat()


# --------------------------------------------------------------------------------------------
# A period in words
# --------------------------------------------------------------------------------------------


def round_words(round_code: str) -> str:
    """The spelled-out form that may stand beside a round's ID: ``2025-K3`` → ``3. kvartal 2025``."""
    year, q = round_code.split("-K")
    return f"{q}. kvartal {year}"


def period_label(period: str) -> str:
    """An indicator period in words: ``2024-K2`` → ``2. kvartal 2024``; ``2024-05`` → ``mai 2024``;
    anything that is not a canonical period as it is."""
    try:
        kind, year, a, b = _parts(period)
    except ValueError:
        return period
    if kind == "year":
        return period
    if kind == "quarter":
        return round_words(period)
    if kind == "month":
        return f"{MONTHS[a - 1]} {year}"
    return long_date(date(year, a, b))


def round_label(round_code: str) -> str:
    """A reporting round keeps its ID; the spelled-out form stands beside it."""
    return f"{round_code} ({round_words(round_code)})"


def finish_text(value: str | date | None) -> str:
    """*Planlagt ferdig* in one style everywhere: ``31. des. 2026`` or ``2. kv. 2027``."""
    if value is None or value == "":
        return "–"
    if isinstance(value, date):
        return short_date(value)
    text = str(value)
    if is_quarter(text):
        year, q = text.split("-K")
        return f"{q}. kv. {year}"
    try:
        return short_date(date.fromisoformat(text))
    except ValueError:
        return text
