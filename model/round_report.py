"""One round, one truth: every figure of a reporting round, computed once.

:func:`build_round_report` reads one round (as of an optional import batch, so a pinned meeting
never changes) and returns a :class:`RoundReport`: typed, picklable values — the headline
figures with their previous value, change and judgement, the colour distribution, the measures
that changed colour, are red, new, completed, paused, disappeared or slipped, and goal
attainment per goal and per indicator at the round's cut-off. Every surface (the pages, meeting
mode, PowerPoint, PDF, Excel, ``ehelse status`` and ``ehelse attainment --round``) renders this
object; none computes a figure of its own. Words and numbers come from :mod:`model.fmt`.

Definitions (formats.md sections 3 and 5):

* counts by Tilstand over this round's rows; ``completed``/``stopped`` count only measures that
  reached that state **in this round** (``completed_before``/``stopped_before`` the rest);
* ``colours_active`` counts Samlet status among the Aktiv rows; the yellow share is Gul among
  them, kept as a fraction and shown rounded once to a whole percent; its change is the
  difference of the unrounded shares, rounded once to whole percentage points;
* ``new``, ``disappeared`` and ``changed`` compare with the previous round in the database;
  ``slipped``: Planlagt ferdig moved later (a quarter counts as its last day);
* goal attainment uses the round as its cut-off unless another is chosen (section 4, step 0).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, select

from model import fmt
from model.dependencies import AtRisk, DependencyGraph, at_risk, cycles, graph
from model.filters import PortfolioFilter
from model.labels import JUDGEMENT_NB, STATUS_ICONS
from model.milestones import MilestoneRow, round_milestones
from model.oslo import in_oslo
from model.periods import finish_date, months_between
from model.queries import current, list_rounds, previous_round, round_info
from model.slippage import FinishTrack, finish_tracks
from model.tables import Measure, MeasureReport
from model.vocab import STATUS_COLOURS

#: How many rounds the colour distribution shows (up to and including the report's round).
DISTRIBUTION_ROUNDS = 8
#: Worse is higher: Grønn < Gul < Rød.
SEVERITY = {colour: rank for rank, colour in enumerate(STATUS_COLOURS)}
STATES = ("Aktiv", "Pause", "Ferdigstilt", "Stoppet")

_mr = MeasureReport.__table__
_m = Measure.__table__


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


# --------------------------------------------------------------------------------------------
# The values
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureRow:
    """One measure's report in the round, with what it reported in the previous round."""

    code: str
    name: str
    owner: str
    programme_area: str | None
    goals: tuple[str, ...]
    phase: str
    state: str
    status: str | None
    status_progress: str | None
    status_cost: str | None
    status_benefit: str | None
    risk: str | None
    planned_finish: str | None
    comment: str | None
    dependencies: tuple[str, ...]
    previous: MeasureRow | None = None

    @property
    def is_new(self) -> bool:
        return self.previous is None

    @property
    def finish(self) -> date | None:
        """Planlagt ferdig as a date (a quarter as its last day)."""
        return finish_date(self.planned_finish)

    def record(self) -> dict[str, Any]:
        """The reported fields under the column keys of :data:`model.queries.REPORT_COLUMNS`."""
        return {
            "code": self.code,
            "name": self.name,
            "owner": self.owner,
            "programme_area": self.programme_area,
            "goals": ";".join(self.goals) or None,
            "phase": self.phase,
            "state": self.state,
            "status_overall": self.status,
            "status_progress": self.status_progress,
            "status_cost": self.status_cost,
            "status_benefit": self.status_benefit,
            "risk": self.risk,
            "planned_finish": self.planned_finish,
            "comment": self.comment,
            "dependencies": ";".join(self.dependencies) or None,
        }


@dataclass(frozen=True)
class ColourChange:
    """A measure whose Samlet status differs from the previous round."""

    code: str
    name: str
    owner: str
    before: str
    after: str
    comment: str | None
    state: str

    @property
    def worse(self) -> bool:
        return SEVERITY[self.after] > SEVERITY[self.before]


@dataclass(frozen=True)
class Slip:
    """A measure whose Planlagt ferdig moved later than in the previous round."""

    code: str
    name: str
    owner: str
    before: date
    after: date
    before_text: str  # as reported: 2026-12-31 or 2027-K2
    after_text: str
    months: int
    comment: str | None


@dataclass(frozen=True)
class Figure:
    """A headline figure: its value, the previous round's value, the change and its judgement.

    ``kind`` ``count`` (a whole number) or ``share`` (a fraction 0–1, shown as a whole percent).
    ``worse_when_up``: True (more is worse), False (more is better) or None (a change is neither).
    """

    key: str
    label: str  # "Rød status"
    value: float | None
    previous: float | None
    kind: str = "count"
    worse_when_up: bool | None = None
    help: str = ""
    icon: str = ""  # the status shape that goes with a colour figure: ■ Rød, ▲ Gul

    @property
    def title(self) -> str:
        """The label as a card shows it, with the shape of its colour: ``■ Rød status``."""
        return f"{self.icon} {self.label}" if self.icon else self.label

    @property
    def change(self) -> float | None:
        """The difference of the unrounded values (None without a previous value)."""
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def shown_change(self) -> float | None:
        """The change as shown: whole counts, or whole percentage points of a share."""
        change = self.change
        if change is None:
            return None
        return fmt.points(change) if self.kind == "share" else fmt.rounded(change, 0)

    @property
    def judgement(self) -> str | None:
        """``better``, ``worse`` or None (no change shown, or a change that is neither)."""
        shown = self.shown_change
        if not shown or self.worse_when_up is None:
            return None
        return "worse" if (shown > 0) == self.worse_when_up else "better"

    @property
    def shown(self) -> str:
        return fmt.figure_value(self.kind, self.value)

    @property
    def change_text(self) -> str | None:
        """``+11``, ``−2``, ``+1 prosentpoeng``, ``uendret`` or None."""
        return fmt.change_words(self.kind, self.change)

    @property
    def judgement_text(self) -> str | None:
        return JUDGEMENT_NB.get(self.judgement or "")


@dataclass(frozen=True)
class DistributionRow:
    """Aktiv measures per Samlet status in one round."""

    round: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, colour: str) -> float | None:
        """The colour's share of the round's Aktiv measures (a fraction), None without any."""
        return self.counts[colour] / self.total if self.total else None

    @property
    def yellow_share(self) -> float | None:
        return self.share("Gul")


@dataclass(frozen=True)
class RoundReport:
    """Everything any surface says about one round (see the module docstring)."""

    round: str
    previous_round: str | None
    deadline: date | None
    loaded_at: datetime | None  # when the round's data was imported (Oslo time)
    as_of_batch: int | None  # the pinned data version, None = the newest data
    cut_off: str  # the indicator cut-off period (the round unless chosen otherwise)
    measures: tuple[MeasureRow, ...]  # this round's rows, by Tiltak-ID
    disappeared: tuple[MeasureRow, ...]  # the previous round's rows missing now
    counts: dict[str, int]  # active, paused, completed, completed_before, stopped, stopped_before
    colours_active: dict[str, int]
    figures: tuple[Figure, ...]
    distribution: tuple[DistributionRow, ...]
    attainment: Any = None  # model.attainment_service.AttainmentSummary | None
    scope: PortfolioFilter = field(default_factory=PortfolioFilter)
    #: formats.md §6: ``published``, or ``open``/``reopened`` while the owners report
    state: str = "published"
    #: expected measures of owners who have not submitted yet (an open round only): neither
    #: active nor disappeared
    not_reported: tuple[str, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.state != "published"

    #: measures at risk via a dependency (model.dependencies), worst first; of the whole round,
    #: limited to the filter by :meth:`restricted`
    at_risk: tuple[AtRisk, ...] = ()
    #: dependency cycles in the round's data (each once, as a path back to its first ID)
    dependency_cycles: tuple[tuple[str, ...], ...] = ()
    #: every measure's planned finish per round up to this round (model.slippage), by ID
    tracks: tuple[FinishTrack, ...] = ()
    #: milestones of the round's measures with their previous planned date (model.milestones)
    milestones: tuple[MilestoneRow, ...] = ()

    # -- derived lists (of the measures in scope) ----------------------------------------------
    @property
    def new(self) -> tuple[MeasureRow, ...]:
        if self.previous_round is None:
            return ()
        return tuple(m for m in self.measures if m.is_new)

    @property
    def red(self) -> tuple[MeasureRow, ...]:
        return tuple(m for m in self.measures if m.status == "Rød")

    @property
    def completed(self) -> tuple[MeasureRow, ...]:
        """Reached Ferdigstilt in this round."""
        return tuple(m for m in self.measures if _reached(m, "Ferdigstilt"))

    @property
    def paused(self) -> tuple[MeasureRow, ...]:
        return tuple(m for m in self.measures if m.state == "Pause")

    @property
    def changed(self) -> tuple[ColourChange, ...]:
        """Colour changes by Tiltak-ID (formats.md ``changed``)."""
        return tuple(_colour_change(m) for m in self.measures if _changed_colour(m))

    @property
    def changes_worse_first(self) -> tuple[ColourChange, ...]:
        """Worse first (to Rød before to Gul), then better; by ID within each."""
        return tuple(
            sorted(
                self.changed,
                key=lambda c: (
                    not c.worse,
                    -SEVERITY[c.after] if c.worse else SEVERITY[c.after],
                    c.code,
                ),
            )
        )

    @property
    def worse(self) -> tuple[ColourChange, ...]:
        return tuple(c for c in self.changes_worse_first if c.worse)

    @property
    def slipped(self) -> tuple[Slip, ...]:
        """Planlagt ferdig later than in the previous round, by Tiltak-ID."""
        return tuple(s for s in (_slip(m) for m in self.measures) if s is not None)

    @property
    def slipped_most_first(self) -> tuple[Slip, ...]:
        return tuple(sorted(self.slipped, key=lambda s: (-s.months, s.code)))

    def track(self, code: str) -> FinishTrack | None:
        """The measure's planned finish per round up to this round."""
        return next((t for t in self.tracks if t.code == code), None)

    def at_risk_of(self, code: str) -> AtRisk | None:
        return next((a for a in self.at_risk if a.code == code), None)

    def dependency_graph(self) -> DependencyGraph:
        """Who depends on whom among the measures in scope, in layers, with colours."""
        return graph(self.measures, self.at_risk)

    @property
    def milestones_slipped(self) -> tuple[MilestoneRow, ...]:
        """Milestones whose planned date moved later than in the previous round, most months
        first."""
        moved = [m for m in self.milestones if m.slip_months is not None and m.slip_months > 0]
        return tuple(sorted(moved, key=lambda m: (-(m.slip_months or 0), m.code, m.name)))

    # -- lookups --------------------------------------------------------------------------------
    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)

    @property
    def yellow_share(self) -> Figure:
        return self.figure("yellow_share")

    @property
    def measures_total(self) -> int:
        """Rows in the round before any filter (the headline counts the whole round)."""
        return sum(self.counts[k] for k in ("active", "paused", "all_completed", "all_stopped"))

    def restricted(self, filt: PortfolioFilter | None) -> RoundReport:
        """The same report with its measure lists limited to ``filt`` (the headline figures,
        counts and distribution stay those of the whole round, as the surfaces say)."""
        if filt is None or filt.is_empty():
            return self
        import pandas as pd

        from model.queries import REPORT_COLUMNS

        frame = pd.DataFrame(
            [m.record() | {"round_code": self.round} for m in self.measures],
            columns=list(REPORT_COLUMNS),
        )
        keep = set(filt.apply(frame)["code"]) if len(frame) else set()
        gone = pd.DataFrame(
            [m.record() | {"round_code": self.previous_round} for m in self.disappeared],
            columns=list(REPORT_COLUMNS),
        )
        keep_gone = set(filt.apply(gone)["code"]) if len(gone) else set()
        return replace(
            self,
            measures=tuple(m for m in self.measures if m.code in keep),
            disappeared=tuple(m for m in self.disappeared if m.code in keep_gone),
            scope=filt,
            at_risk=tuple(a for a in self.at_risk if a.code in keep),
            milestones=tuple(m for m in self.milestones if m.code in keep),
        )

    # -- the command line's JSON ----------------------------------------------------------------
    def status_json(self) -> dict[str, Any]:
        """``ehelse status --json`` (formats.md section 3), for the whole round."""
        first = self.previous_round is None
        opened: dict[str, Any] = (
            {"state": self.state, "not_reported": list(self.not_reported)} if self.is_open else {}
        )
        return {
            "round": self.round,
            "previous_round": self.previous_round,
            "deadline": fmt.iso_or_none(self.deadline),
            "active": self.counts["active"],
            "paused": self.counts["paused"],
            "completed": self.counts["completed"],
            "completed_before": self.counts["completed_before"],
            "stopped": self.counts["stopped"],
            "stopped_before": self.counts["stopped_before"],
            "new": [] if first else [m.code for m in self.new],
            "red": [m.code for m in self.red],
            "disappeared": [m.code for m in self.disappeared],
            "colours_active": dict(self.colours_active),
            "changed": [{"id": c.code, "from": c.before, "to": c.after} for c in self.changed],
            "slipped": [
                {
                    "id": s.code,
                    "from": s.before.isoformat(),
                    "to": s.after.isoformat(),
                    "months": s.months,
                }
                for s in self.slipped
            ],
        } | opened


def _reached(m: MeasureRow, state: str) -> bool:
    return m.state == state and (m.previous is None or m.previous.state != state)


def _changed_colour(m: MeasureRow) -> bool:
    before = m.previous.status if m.previous else None
    return bool(before and m.status and before != m.status)


def _colour_change(m: MeasureRow) -> ColourChange:
    assert m.previous is not None and m.previous.status and m.status
    return ColourChange(m.code, m.name, m.owner, m.previous.status, m.status, m.comment, m.state)


def _slip(m: MeasureRow) -> Slip | None:
    if m.previous is None:
        return None
    before, after = m.previous.finish, m.finish
    if before is None or after is None or after <= before:
        return None
    return Slip(
        m.code,
        m.name,
        m.owner,
        before,
        after,
        str(m.previous.planned_finish),
        str(m.planned_finish),
        months_between(before, after),
        m.comment,
    )


# --------------------------------------------------------------------------------------------
# Building it
# --------------------------------------------------------------------------------------------


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(part for part in (text or "").split(";") if part)


def _rows(conn: Any, round_code: str | None, as_of_batch: int | None) -> dict[str, MeasureRow]:
    if round_code is None:
        return {}
    query = (
        select(
            _m.c.code,
            _mr.c.name,
            _mr.c.owner,
            _mr.c.programme_area,
            _mr.c.goals,
            _mr.c.phase,
            _mr.c.state,
            _mr.c.status_overall,
            _mr.c.status_progress,
            _mr.c.status_cost,
            _mr.c.status_benefit,
            _mr.c.risk,
            _mr.c.planned_finish,
            _mr.c.comment,
            _mr.c.dependencies,
        )
        .join(_m, _m.c.id == _mr.c.measure_id)
        .where(_mr.c.round_code == round_code, current(_mr, as_of_batch))
        .order_by(_m.c.code)
    )
    return {
        r.code: MeasureRow(
            r.code,
            r.name,
            r.owner,
            r.programme_area,
            _split(r.goals),
            r.phase,
            r.state,
            r.status_overall,
            r.status_progress,
            r.status_cost,
            r.status_benefit,
            r.risk,
            r.planned_finish,
            r.comment,
            _split(r.dependencies),
        )
        for r in conn.execute(query)
    }


def _linked(now: dict[str, MeasureRow], before: dict[str, MeasureRow]) -> tuple[MeasureRow, ...]:
    """This round's rows, each with its previous-round row (one level deep: enough for every
    derived list)."""
    return tuple(
        replace(row, previous=replace(before[code], previous=None) if code in before else None)
        for code, row in sorted(now.items())
    )


def _counts(rows: Iterable[MeasureRow], first: bool) -> dict[str, int]:
    rows = list(rows)
    by_state = {state: sum(1 for r in rows if r.state == state) for state in STATES}
    completed = sum(1 for r in rows if _reached(r, "Ferdigstilt")) if not first else None
    stopped = sum(1 for r in rows if _reached(r, "Stoppet")) if not first else None
    # The first round in the database: every Ferdigstilt row counts as completed now (there is
    # nothing to say it was completed before).
    completed = by_state["Ferdigstilt"] if completed is None else completed
    stopped = by_state["Stoppet"] if stopped is None else stopped
    return {
        "active": by_state["Aktiv"],
        "paused": by_state["Pause"],
        "completed": completed,
        "completed_before": by_state["Ferdigstilt"] - completed,
        "stopped": stopped,
        "stopped_before": by_state["Stoppet"] - stopped,
        "all_completed": by_state["Ferdigstilt"],
        "all_stopped": by_state["Stoppet"],
    }


def _colours(rows: Iterable[MeasureRow]) -> dict[str, int]:
    colours = dict.fromkeys(STATUS_COLOURS, 0)
    for r in rows:
        if r.state == "Aktiv" and r.status in colours:
            colours[r.status] += 1
    return colours


def _share(colours: dict[str, int] | None) -> float | None:
    if not colours:
        return None
    total = sum(colours.values())
    return colours["Gul"] / total if total else None


#: The headline, in the order every surface shows it:
#: (key, label, kind, worse_when_up, help, icon).
HEADLINE = (
    ("active", "Aktive tiltak", "count", None, "Tiltak med tilstand Aktiv i runden.", ""),
    ("new", "Nye tiltak", "count", None, "Tiltak som ikke var med i forrige runde.", ""),
    (
        "completed",
        "Ferdigstilt",
        "count",
        None,
        "Tiltak som er rapportert ferdigstilt i denne runden (ikke de som var ferdigstilt før).",
        "",
    ),
    ("paused", "På pause", "count", True, "Tiltak med tilstand Pause.", ""),
    (
        "red",
        "Rød status",
        "count",
        True,
        "Tiltak som melder rød samlet status.",
        STATUS_ICONS["Rød"],
    ),
    (
        "yellow_share",
        "Andel gul",
        "share",
        True,
        "Andelen av de aktive tiltakene som melder gul samlet status. Endringen er i "
        "prosentpoeng: forskjellen mellom de uavrundede andelene, avrundet én gang.",
        STATUS_ICONS["Gul"],
    ),
)


def _figure_values(
    counts: dict[str, int], colours: dict[str, int], rows: dict[str, MeasureRow], first: bool
) -> dict[str, float | None]:
    return {
        "active": counts["active"],
        "new": None if first else sum(1 for r in rows.values() if r.is_new),
        "completed": counts["completed"],
        "paused": counts["paused"],
        "red": sum(1 for r in rows.values() if r.status == "Rød"),
        "yellow_share": _share(colours),
    }


def build_round_report(
    engine: Engine,
    round_code: str | None = None,
    *,
    cut_off: str | None = None,
    as_of_batch: int | None = None,
    attainment: bool = True,
    method: str = "open-sdg",
    composite_method: str = "mean-score",
) -> RoundReport:
    """The report of one round (default: the latest) as of ``as_of_batch`` (None: newest data).

    ``cut_off``: the indicator cut-off period for goal attainment (default: the round itself).
    ``attainment=False`` leaves goal attainment out (``ehelse status`` needs none).
    Raises :class:`UnknownRound` when the round is not there.
    """
    rounds = list_rounds(engine, as_of_batch)
    if round_code is None:
        # The latest published round: an open round is only shown when asked for by name.
        published = list_rounds(engine, as_of_batch, published_only=True)
        round_code = published[-1] if published else (rounds[-1] if rounds else None)
    if not round_code or round_code not in rounds:
        raise UnknownRound(round_code, rounds)
    prev = previous_round(rounds, round_code)
    before_prev = previous_round(rounds, prev) if prev else None
    info = round_info(engine, round_code, as_of_batch) or {}
    state = info.get("state", "published")
    with engine.connect() as conn:
        raw_now = _rows(conn, round_code, as_of_batch)
        raw_prev = _rows(conn, prev, as_of_batch)
        raw_prev2 = _rows(conn, before_prev, as_of_batch)
        not_reported: tuple[str, ...] = ()
        if state != "published":
            from model.rounds import progress

            not_reported = tuple(progress(conn, round_code, as_of_batch=as_of_batch).not_reported)
    measures = _linked(raw_now, raw_prev)
    previous_measures = _linked(raw_prev, raw_prev2)
    first = prev is None
    counts = _counts(measures, first)
    colours = _colours(measures)
    values = _figure_values(counts, colours, {m.code: m for m in measures}, first)
    if prev is not None:
        prev_first = before_prev is None
        prev_counts = _counts(previous_measures, prev_first)
        prev_values = _figure_values(
            prev_counts,
            _colours(previous_measures),
            {m.code: m for m in previous_measures},
            prev_first,
        )
    else:
        prev_values = {}
    figures = tuple(
        Figure(
            key,
            label,
            values[key],
            None if key == "new" else prev_values.get(key),
            kind,
            worse,
            help_text.replace("forrige runde", prev) if prev else help_text,
            icon,
        )
        for key, label, kind, worse, help_text, icon in HEADLINE
    )
    summary = None
    cut = cut_off or round_code
    if attainment:
        from model.attainment_service import summarize

        summary = summarize(
            engine,
            as_of=cut,
            as_of_batch=as_of_batch,
            method=method,
            composite_method=composite_method,
        )
    return RoundReport(
        round=round_code,
        previous_round=prev,
        deadline=info.get("deadline"),
        loaded_at=in_oslo(info.get("loaded_at")),
        as_of_batch=as_of_batch,
        cut_off=cut,
        measures=measures,
        disappeared=tuple(
            replace(raw_prev[code], previous=None)
            for code in sorted(raw_prev)
            if code not in raw_now and code not in not_reported
        ),
        counts=counts,
        colours_active=colours,
        figures=figures,
        distribution=distribution(engine, round_code, as_of_batch),
        attainment=summary,
        state=state,
        not_reported=not_reported,
        at_risk=at_risk(measures),
        dependency_cycles=cycles({m.code: m.dependencies for m in measures}),
        tracks=tuple(finish_tracks(engine, round_code, as_of_batch).values()),
        milestones=round_milestones(engine, round_code, prev, as_of_batch),
    )


def distribution(
    engine: Engine, until_round: str, as_of_batch: int | None = None
) -> tuple[DistributionRow, ...]:
    """Aktiv measures per colour in the last :data:`DISTRIBUTION_ROUNDS` rounds up to a round."""
    from sqlalchemy import func

    query = (
        select(_mr.c.round_code, _mr.c.status_overall, func.count())
        .where(
            current(_mr, as_of_batch),
            _mr.c.state == "Aktiv",
            _mr.c.round_code <= until_round,
        )
        .group_by(_mr.c.round_code, _mr.c.status_overall)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    by_round: dict[str, dict[str, int]] = {}
    for round_code, status, count in rows:
        counts = by_round.setdefault(round_code, dict.fromkeys(STATUS_COLOURS, 0))
        if status in counts:
            counts[status] += int(count)
    chosen = sorted(by_round)[-DISTRIBUTION_ROUNDS:]
    return tuple(DistributionRow(r, by_round[r]) for r in chosen)
