"""The meeting pack's data: one round's numbers, gathered once and shared by every format.

``build_pack`` reads the database (optionally as of one import batch, so a pinned meeting view
never changes) and returns a :class:`MeetingPack`: plain data (dicts, DataFrames, text) that can
be cached and pickled. Slides and files are built from the pack, never from the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from model import fmt, queries
from model.filters import PortfolioFilter, describe
from model.text import status_text, yellow_share

OSLO = ZoneInfo("Europe/Oslo")
#: How many rounds the colour-distribution chart shows (up to and including the pack's round).
DISTRIBUTION_ROUNDS = 8


class UnknownRound(LookupError):
    """The round is not in the database (the message is Norwegian and lists the rounds)."""

    def __init__(self, round_code: str | None, rounds: list[str]) -> None:
        self.round_code = round_code
        self.rounds = rounds
        if not rounds:
            message = (
                "Databasen har ingen rapporteringsrunder ennå. Last opp en porteføljerapport "
                "(«ehelse import FIL») eller prøv «ehelse sample»."
            )
        else:
            message = f"Runden {round_code} finnes ikke. Tilgjengelige runder: {', '.join(rounds)}."
        super().__init__(message)


@dataclass
class MeetingPack:
    """Everything the slides, the PDF and the workbook say about one round."""

    round: str
    previous_round: str | None
    deadline: Any  # date | None
    loaded_at: datetime | None  # when the round's data was imported (Oslo time)
    generated_at: datetime
    as_of_batch: int | None  # the pinned data version, None = newest data
    asof_period: str | None  # the indicator as-of period of the meeting (slides 5–6)
    indicators: tuple[str, ...]  # chosen indicator IDs for slide 6
    filter: PortfolioFilter
    summary: dict[str, Any]
    previous: dict[str, Any] | None
    reports: Any  # DataFrame: the round's reports, filtered
    reports_total: int  # rows before the filter
    red: list[dict[str, Any]]  # filtered
    changes: list[dict[str, Any]]  # filtered, worse first
    distribution: Any  # DataFrame: round, Grønn, Gul, Rød
    draft_text: str
    #: Data gathered by slide registry hooks (``SlideDef.collect``), by slide key.
    extras: dict[str, Any] = field(default_factory=dict)
    #: Rendered chart images (PNG bytes) by chart key; empty until rendered.
    images: dict[str, bytes] = field(default_factory=dict)

    # -- wording shared by every format -------------------------------------------------
    @property
    def round_words(self) -> str:
        return fmt.round_words(self.round)

    @property
    def data_line(self) -> str:
        """``Data: rapporteringsrunde 2025-K3, lastet inn 13.09.2025``."""
        line = f"Data: rapporteringsrunde {self.round}"
        if self.loaded_at:
            line += f", lastet inn {fmt.numeric_date(self.loaded_at)}"
        if self.as_of_batch is not None:
            line += f" (låst til import {self.as_of_batch})"
        return line

    @property
    def filter_text(self) -> str:
        return describe(self.filter)

    @property
    def measure_scope(self) -> str:
        """What the measure tables cover: the filter, or the whole portfolio."""
        if self.filter.is_empty():
            return "Utvalg: hele porteføljen"
        return f"Utvalg: {self.filter_text.removeprefix('Filter: ')}"

    @property
    def file_stem(self) -> str:
        return f"motepakke_{self.round}"


def _oslo(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite keeps no zone; we always write UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(OSLO)


def build_pack(
    engine: Engine,
    round_code: str | None = None,
    *,
    filt: PortfolioFilter | None = None,
    as_of_batch: int | None = None,
    asof_period: str | None = None,
    indicators: tuple[str, ...] = (),
    slides: Any = None,
    now: datetime | None = None,
) -> MeetingPack:
    """Read one round (default: the latest) and everything its meeting pack shows.

    ``as_of_batch`` pins the data to what was current right after that import batch.
    ``slides`` (a list of :class:`~dashboard.export.slides.SlideDef`) lets registered slides
    gather their own data (``collect``) while the database is at hand.
    Raises :class:`UnknownRound` when the round is not there.
    """
    filt = filt or PortfolioFilter()
    rounds = queries.list_rounds(engine, as_of_batch)
    round_code = round_code or (rounds[-1] if rounds else None)
    if not round_code or round_code not in rounds:
        raise UnknownRound(round_code, rounds)
    summary = queries.round_summary(engine, round_code, as_of_batch)
    assert summary is not None  # the round exists
    prev = summary["previous_round"]
    previous = queries.round_summary(engine, prev, as_of_batch) if prev else None
    info = queries.round_info(engine, round_code, as_of_batch) or {}
    reports = queries.round_reports(engine, round_code, as_of_batch)
    chosen = filt.apply(reports) if not filt.is_empty() else reports
    codes = set(chosen["code"])
    red = [r for r in queries.red_measures(engine, round_code, as_of_batch) if r["code"] in codes]
    changes = [
        c for c in queries.colour_changes(engine, round_code, as_of_batch) if c["code"] in codes
    ]
    distribution = queries.colour_distribution(
        engine, DISTRIBUTION_ROUNDS, until_round=round_code, as_of_batch=as_of_batch
    )
    pack = MeetingPack(
        round=round_code,
        previous_round=prev,
        deadline=info.get("deadline"),
        loaded_at=_oslo(info.get("loaded_at")),
        generated_at=(now or datetime.now(UTC)).astimezone(OSLO),
        as_of_batch=as_of_batch,
        asof_period=asof_period,
        indicators=tuple(indicators),
        filter=filt,
        summary=summary,
        previous=previous,
        reports=chosen.reset_index(drop=True),
        reports_total=len(reports),
        red=red,
        changes=changes,
        distribution=distribution,
        draft_text=status_text(engine, summary, previous, as_of_batch),
    )
    for slide in slides or ():
        if slide.collect is not None:
            pack.extras[slide.key] = slide.collect(engine, pack)
    return pack


# ---------------------------------------------------------------------------------------------
# Numbers in words, shared by the slides and the workbook
# ---------------------------------------------------------------------------------------------


def headline(pack: MeetingPack) -> list[dict[str, Any]]:
    """The headline numbers with their change since the previous round.

    Each item: label, value (number or None), shown (text), change (text or None),
    judgement ("bedre" | "dårligere" | None).
    """
    s, p = pack.summary, pack.previous
    since = f" siden {pack.previous_round}" if pack.previous_round else ""

    def item(
        label: str, key: str, *, bad_when_up: bool = False, good_when_up: bool = False
    ) -> dict[str, Any]:
        now = s[key]
        value = len(now) if isinstance(now, list) else int(now)
        change = judgement = None
        if p is not None:
            before = p[key]
            diff = value - (len(before) if isinstance(before, list) else int(before))
            change = f"{fmt.signed(diff)}{since}" if diff else f"uendret{since}"
            if diff and (bad_when_up or good_when_up):
                worse = (diff > 0) == bad_when_up
                judgement = "dårligere" if worse else "bedre"
        return {
            "label": label,
            "value": value,
            "shown": fmt.number(value),
            "change": change,
            "judgement": judgement,
        }

    items = [
        item("Aktive tiltak", "active"),
        {
            "label": "Nye tiltak",
            "value": len(s["new"]),
            "shown": fmt.number(len(s["new"])),
            "change": f"ikke med i {pack.previous_round}" if pack.previous_round else None,
            "judgement": None,
        },
        item("Ferdigstilt", "completed"),
        item("På pause", "paused"),
        item("■ Rød status", "red", bad_when_up=True),
    ]
    now_share = yellow_share(s)
    before_share = yellow_share(p) if p else None
    change = judgement = None
    if now_share is not None and before_share is not None:
        diff = round(now_share) - round(before_share)
        change = f"{fmt.signed(diff)} prosentpoeng{since}" if diff else f"uendret{since}"
        judgement = None if not diff else ("dårligere" if diff > 0 else "bedre")
    items.append(
        {
            "label": "▲ Andel gul",
            "value": None if now_share is None else round(now_share, 1),
            "shown": fmt.percent(now_share, 0),
            "change": change,
            "judgement": judgement,
        }
    )
    return items


def colours_line(pack: MeetingPack) -> str:
    """``Aktive tiltak etter samlet status: ● Grønn 47 · ▲ Gul 20 · ■ Rød 1``."""
    from dashboard.theme import status_label

    colours = pack.summary["colours_active"]
    return "Aktive tiltak etter samlet status: " + " · ".join(
        f"{status_label(c)} {fmt.number(n)}" for c, n in colours.items()
    )


def shorten(text: str | None, limit: int) -> str:
    """Free text on one line, cut at a word boundary with "…" when longer than ``limit``."""
    if not text:
        return ""
    flat = " ".join(str(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.–-") + "…"
