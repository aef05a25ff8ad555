"""Meeting mode's address: what the meeting shows is fixed at opening and kept in the URL.

``/motemodus?runde=2025-K3&asof=2025-K3&lysbilder=1,2,3,4&lysbilde=1&data=14&indikatorer=S1-01``

Pure functions (no Streamlit): :func:`pin` reads the query parameters a browser sent and returns
either the complete, pinned :class:`Pin` (what is missing filled in: the latest round, its own
cut-off, the default sequence, the newest data) or a :class:`Refusal` to show in Norwegian.
:meth:`Pin.query` is what the URL must say, so a reload or a shared link shows the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from model.periods import is_period, period_kind

_INDICATOR = re.compile(r"^[A-Za-z0-9._-]{1,20}$")
#: A data version (import batch id) or a slide position: a positive whole number of sane size.
_COUNT = re.compile(r"^[1-9][0-9]{0,8}$")


@dataclass(frozen=True)
class Pin:
    """A meeting fixed on one round, cut-off, slide sequence and data version."""

    round: str
    asof: str
    sequence: tuple[int, ...]
    index: int  # 1-based position in the sequence
    data: int  # the import batch the meeting is pinned to
    indicators: tuple[str, ...] = ()
    newer: bool = False  # data newer than the pinned version exists

    def query(self) -> dict[str, str]:
        out = {
            "runde": self.round,
            "asof": self.asof,
            "lysbilder": ",".join(map(str, self.sequence)),
            "lysbilde": str(self.index),
            "data": str(self.data),
        }
        if self.indicators:
            out["indikatorer"] = ",".join(self.indicators)
        return out


@dataclass(frozen=True)
class Refusal:
    """Why the meeting cannot be shown (Norwegian), and whether to offer the setup link."""

    message: str
    setup_link: bool = True


def positive_int(text: str | None, *, maximum: int = 999_999_999) -> int | None:
    """``"14"`` → 14; anything else (``"²"``, ``"-1"``, ``"99999999999999999999"``, a number
    above ``maximum``) → None. Only the digits 0–9: ``"²".isdigit()`` is true but ``int("²")``
    fails, and a number too large for the database fails later."""
    text = (text or "").strip()
    if not _COUNT.fullmatch(text):
        return None
    value = int(text)
    return value if value <= maximum else None


def parse_sequence(text: str | None, known: Sequence[int]) -> list[int]:
    """``"1,2, 4"`` → ``[1, 2, 4]``: known numbers in the given order, duplicates dropped."""
    out: list[int] = []
    for part in (text or "").replace(";", ",").split(","):
        number = positive_int(part)
        if number is not None and number in known and number not in out:
            out.append(number)
    return out


def pin(
    params: Mapping[str, str],
    *,
    rounds_at: Callable[[int], Sequence[str]],
    latest: int | None,
    known_slides: Sequence[int],
    default_sequence: Sequence[int],
) -> Pin | Refusal:
    """The pinned meeting for these query parameters.

    ``rounds_at(data)`` gives the rounds of a data version (``data``, else the newest);
    ``latest`` is the newest import batch. A ``data`` newer than the newest batch, or no data at
    all, is refused; so is a round that the data version does not have.
    """

    def param(name: str) -> str | None:
        value = params.get(name)
        return value.strip() if value and value.strip() else None

    if latest is None:
        return Refusal(
            "Databasen har ingen data ennå. Last opp en porteføljerapport først.",
            setup_link=False,
        )
    asked = param("data")
    data = positive_int(asked) if asked else latest
    if data is None or data > latest:
        return Refusal(
            f"Dataversjonen «{asked}» finnes ikke (nyeste er import {latest}). Lag en ny lenke "
            "i oppsettet."
        )
    rounds = rounds_at(data)
    round_code = param("runde") or (rounds[-1] if rounds else None)
    if round_code is None or round_code not in rounds:
        where = f" (låst til import {data})" if asked else ""
        return Refusal(
            f"Runden «{round_code or '–'}» finnes ikke i dataene{where}. "
            f"Tilgjengelige runder: {', '.join(rounds) or 'ingen'}."
        )
    asof = param("asof")
    if not asof or not is_period(asof) or period_kind(asof) == "date":
        asof = round_code  # a round's cut-off is the round (formats.md section 4, step 0)
    sequence = parse_sequence(param("lysbilder"), known_slides) or list(default_sequence)
    index = positive_int(param("lysbilde")) or 1
    indicators = tuple(
        i.strip() for i in (param("indikatorer") or "").split(",") if _INDICATOR.match(i.strip())
    )
    return Pin(
        round=round_code,
        asof=asof,
        sequence=tuple(sequence),
        index=min(index, len(sequence)),
        data=data,
        indicators=indicators,
        newer=latest > data,
    )


def meeting_query(
    round_code: str,
    asof: str,
    numbers: Sequence[int],
    data: int | None,
    indicators: Sequence[str],
) -> dict[str, str]:
    """The address the setup builds (before pinning; without ``data`` the meeting pins the
    newest data when it opens)."""
    query = {
        "runde": round_code,
        "asof": asof,
        "lysbilder": ",".join(map(str, numbers)),
        "lysbilde": "1",
    }
    if data is not None:
        query["data"] = str(data)
    if indicators:
        query["indikatorer"] = ",".join(indicators)
    return query
