"""The meeting pack's data: one round's report and what the meeting chose, shared by every format.

``build_pack`` takes the round's :class:`~model.round_report.RoundReport` (built once per round,
cut-off and data version; optionally as of one import batch, so a pinned meeting view never
changes) and returns a :class:`MeetingPack`. Slides and files are rendered from the pack: they
word the report's typed values with :mod:`model.fmt` and compute nothing themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from model import fmt
from model.filters import PortfolioFilter, describe
from model.oslo import OSLO
from model.periods import period_label, round_words
from model.round_report import RoundReport, UnknownRound, build_round_report
from model.text import status_text

#: The agenda slide's key (its data in ``MeetingPack.extras``).
AGENDA_KEY = "saksliste"

__all__ = ["MeetingPack", "UnknownRound", "build_pack", "colours_line"]


@dataclass
class MeetingPack:
    """Everything the slides, the PDF and the workbook say about one round."""

    report: RoundReport  # restricted to the filter (its headline is the whole round's)
    generated_at: datetime
    indicators: tuple[str, ...]  # chosen indicator IDs for slide 6
    #: Data gathered by slide registry hooks (``SlideDef.collect``), by slide key.
    extras: dict[str, Any] = field(default_factory=dict)
    #: Rendered chart images (PNG bytes) by chart key; empty until rendered.
    images: dict[str, bytes] = field(default_factory=dict)
    #: The portfolio-status case's *forslag til vedtak* as the secretariat edited it before the
    #: export; None: the draft made from the data (:attr:`proposal_text`).
    proposal: str | None = None

    # -- the report's identity ----------------------------------------------------------------
    @property
    def round(self) -> str:
        return self.report.round

    @property
    def previous_round(self) -> str | None:
        return self.report.previous_round

    @property
    def deadline(self) -> Any:
        return self.report.deadline

    @property
    def loaded_at(self) -> datetime | None:
        return self.report.loaded_at

    @property
    def as_of_batch(self) -> int | None:
        return self.report.as_of_batch

    @property
    def cut_off(self) -> str:
        return self.report.cut_off

    @property
    def filter(self) -> PortfolioFilter:
        return self.report.scope

    @property
    def draft_text(self) -> str:
        return status_text(self.report)

    @property
    def agenda(self) -> Any:
        """The round's meeting and saksliste (:class:`model.cases.RoundAgenda`), gathered by the
        agenda slide; None when that slide is not in the pack."""
        return self.extras.get(AGENDA_KEY)

    @property
    def draft_proposal(self) -> str:
        """The *forslag til vedtak* drafted from the data, in the forum's name."""
        from model.cases import draft_portfolio_proposal

        forum = self.agenda.forum if self.agenda is not None else "NUIT"
        return draft_portfolio_proposal(self.report, forum)

    @property
    def proposal_text(self) -> str:
        """The proposal the files carry: the secretariat's edit, else the draft."""
        return (self.proposal or "").strip() or self.draft_proposal

    # -- wording shared by every format -------------------------------------------------
    @property
    def round_words(self) -> str:
        return round_words(self.round)

    @property
    def data_line(self) -> str:
        """``Data: rapporteringsrunde 2025-K3, lastet inn 13.09.2025, indikatorer til og med
        3. kvartal 2025``."""
        line = f"Data: rapporteringsrunde {self.round}"
        if self.loaded_at:
            line += f", lastet inn {fmt.numeric_date(self.loaded_at)}"
        if self.as_of_batch is not None:
            line += f" (låst til import {self.as_of_batch})"
        return line + f", indikatorer {cut_off_words(self.cut_off)}"

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


def cut_off_words(cut_off: str | None) -> str:
    """``til og med 3. kvartal 2025`` (observations of periods that have ended by then)."""
    return f"til og med {period_label(cut_off)}" if cut_off else "alle observasjoner"


def build_pack(
    engine: Engine,
    round_code: str | None = None,
    *,
    filt: PortfolioFilter | None = None,
    as_of_batch: int | None = None,
    cut_off: str | None = None,
    indicators: tuple[str, ...] = (),
    slides: Any = None,
    now: datetime | None = None,
    report: RoundReport | None = None,
) -> MeetingPack:
    """The pack of one round (default: the latest).

    ``report``: the round's report when the caller has it (a page's cached one); else it is
    built here. ``as_of_batch`` pins the data to what was current right after that import
    batch; ``cut_off`` is the indicator cut-off (default: the round). ``slides`` (a list of
    :class:`~dashboard.export.slides.SlideDef`) lets registered slides gather their own data
    (``collect``) while the database is at hand. Raises :class:`UnknownRound`.
    """
    if report is None:
        report = build_round_report(engine, round_code, cut_off=cut_off, as_of_batch=as_of_batch)
    pack = MeetingPack(
        report=report.restricted(filt),
        generated_at=(now or datetime.now(UTC)).astimezone(OSLO),
        indicators=tuple(indicators),
    )
    for slide in slides or ():
        if slide.collect is not None:
            pack.extras[slide.key] = slide.collect(engine, pack)
    return pack


def colours_line(report: RoundReport) -> str:
    """``Aktive tiltak etter samlet status: ● Grønn 47 · ▲ Gul 20 · ■ Rød 1``."""
    from dashboard.theme import status_label

    return "Aktive tiltak etter samlet status: " + " · ".join(
        f"{status_label(c)} {fmt.number(n)}" for c, n in report.colours_active.items()
    )
