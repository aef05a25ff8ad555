"""Parsers for single cell values: forgiving where a person would be, strict where data would
otherwise be wrong. Each returns the canonical value or raises :class:`ValueProblem` carrying the
error code and a Norwegian message. Pure functions (property-tested with hypothesis)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from model.periods import PERIOD_YEARS, looks_like_round, typed_date, typed_period, typed_round
from model.vocab import SYNONYMS


class ValueProblem(ValueError):
    """A cell value that cannot be accepted."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def text_of(value: Any) -> str:
    """A cell as trimmed text ('' for empty). Whole floats lose their '.0' (2023.0 → '2023')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def parse_vocab(
    value: Any, allowed: Sequence[str], *, what: str, synonyms: str | None = None
) -> str:
    """Match a word from a fixed vocabulary, ignoring case and surrounding white space."""
    raw = text_of(value)
    key = fold(raw)
    for word in allowed:
        if fold(word) == key:
            return word
    if synonyms and key in SYNONYMS.get(synonyms, {}):
        return SYNONYMS[synonyms][key]
    raise ValueProblem(
        "invalid-value",
        f"«{raw}» er ikke en gyldig {what}. Gyldige verdier: {', '.join(allowed)}.",
    )


_NUMBER_RE = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def parse_number(value: Any) -> float:
    """A number as a person types it: 57, 57.3, '57,3', '57 %', '12 345', '1 234,5', '−3'."""
    if isinstance(value, bool):
        raise ValueProblem("invalid-number", f"«{value}» er ikke et tall.")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueProblem("invalid-number", "Verdien er ikke et endelig tall.")
        return float(value)
    raw = text_of(value)
    cleaned = raw.replace("\u2212", "-").replace("%", "")
    for space in (" ", "\u00a0", "\u202f", "\u2009"):
        cleaned = cleaned.replace(space, "")
    # A thousands separator '.' or ',' together with the other as decimal mark: "1.234,5".
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "")
        else:
            cleaned = cleaned.replace(",", "")
    if not _NUMBER_RE.match(cleaned):
        raise ValueProblem(
            "invalid-number",
            f"«{raw}» er ikke et tall. Skriv for eksempel 57 eller 57,3.",
        )
    number = float(cleaned.replace(",", "."))
    if not math.isfinite(number):
        raise ValueProblem("invalid-number", f"«{raw}» er ikke et endelig tall.")
    return number


def parse_int(value: Any, *, lo: int, hi: int, what: str) -> int:
    number = parse_number(value)
    if not number.is_integer() or not lo <= number <= hi:
        raise ValueProblem(
            "invalid-number", f"«{text_of(value)}» er ikke et gyldig {what} ({lo}–{hi})."
        )
    return int(number)


_EXCEL_EPOCH = date(1899, 12, 30)


def parse_round(value: Any) -> str:
    """A reporting round: '2025-K3' (also '2025-k3', '2025 K3'). Canonical form '2025-K3'."""
    raw = text_of(value)
    canonical = typed_round(raw)
    if canonical is None:
        raise ValueProblem(
            "invalid-period",
            f"«{raw}» er ikke en gyldig rapporteringsrunde. Skriv år, K og kvartal 1–4, for eksempel 2025-K3.",
        )
    return canonical


def parse_date(value: Any) -> date:
    """A date: a real date cell, '2025-09-12', '12.09.2025', or an Excel serial number."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial day number (1954–2119)
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueProblem(
            "invalid-date", f"«{text_of(value)}» er ikke en dato. Skriv for eksempel 2025-09-12."
        )
    raw = text_of(value)
    try:
        day = typed_date(raw)
    except ValueError as exc:
        raise ValueProblem("invalid-date", f"«{raw}» er ikke en gyldig dato.") from exc
    if day is None:
        raise ValueProblem(
            "invalid-date",
            f"«{raw}» er ikke en dato. Skriv for eksempel 2025-09-12 eller 12.09.2025.",
        )
    return day


def parse_planned_finish(value: Any) -> str:
    """Planlagt ferdig: a date (canonical ISO) or a quarter like '2027-K2'."""
    raw = text_of(value)
    if looks_like_round(raw):
        return parse_round(raw)
    try:
        return parse_date(value).isoformat()
    except ValueProblem as exc:
        raise ValueProblem(
            "invalid-date",
            f"«{raw}» er ikke en dato eller et kvartal. Skriv for eksempel 2027-06-30 eller 2027-K2.",
        ) from exc


def parse_period(value: Any) -> str:
    """An observation period: a year '2023' (or the number 2023), a quarter '2024-K2', a month
    '2024-05', or a date (a date cell, '2024-05-13', '13.05.2024'). Canonical strings
    (model.typed_period)."""
    if isinstance(value, datetime | date):
        return parse_date(value).isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and int(value) in PERIOD_YEARS:
            return str(int(value))
        raise ValueProblem("invalid-period", _period_message(text_of(value)))
    raw = text_of(value)
    canonical = typed_period(raw)
    if canonical is None:
        raise ValueProblem("invalid-period", _period_message(raw))
    return canonical


def _period_message(raw: str) -> str:
    return (
        f"«{raw}» er ikke en gyldig periode. Bruk et år (2023), et kvartal (2024-K2), "
        "en måned (2024-05) eller en dato (2024-05-13)."
    )


_SPLIT_RE = re.compile(r"[,;]")


def parse_goal_list(
    value: Any, allowed: Sequence[str], *, bare_digits: str | None = "S"
) -> list[str]:
    """Goal codes separated by ',' or ';': '2, 4' or 'S2; S4' → ['S2', 'S4'] (sorted, unique).

    ``bare_digits`` is the prefix a bare number means ('S' for the portfolio's strategic goals).
    """
    raw = text_of(value)
    codes: list[str] = []
    for part in _SPLIT_RE.split(raw):
        token = "".join(part.split()).upper()
        if not token:
            continue
        if token.isdigit() and bare_digits:
            token = f"{bare_digits}{int(token)}"
        if token not in allowed:
            raise ValueProblem(
                "invalid-value",
                f"«{part.strip()}» er ikke et gyldig mål. Gyldige verdier: {', '.join(allowed)}"
                + (" (eller bare tallet, for eksempel 2, 4)." if bare_digits else "."),
            )
        if token not in codes:
            codes.append(token)
    return sorted(codes, key=list(allowed).index)


def parse_id_list(value: Any) -> list[str]:
    """IDs separated by ',' or ';' (dependencies). Unique, in the order written."""
    out: list[str] = []
    for part in _SPLIT_RE.split(text_of(value)):
        token = part.strip()
        if token and token not in out:
            out.append(token)
    return out
