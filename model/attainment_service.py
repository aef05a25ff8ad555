"""Goal attainment of the indicator set in the database: definitions and national series in,
assessments, goal roll-ups and the ``ehelse attainment`` JSON (formats.md §3) out.

Thin glue between ``model.indicator_queries`` (SQL) and ``model.attainment`` (the pure method).
No Streamlit, no pandas.

Which indicators: the newest version of the set (numeric order, ``v0.7`` < ``v0.8`` <
``v0.10``) plus the unversioned ones, or another version on request. Composite parents (the
indicators that other definitions of the selection name in *Del av*) are judged from their
children with the selected composite method; every other indicator from its own national
series (``Hele landet``) up to ``as_of``.

Pinned data (``as_of_batch=N``): definitions, values, versions and goal wording as they were
right after import batch N, so a meeting opened before an upload keeps showing the same.

Rounding in the JSON (the numbers are for people and for comparing runs, not for recomputing):
``progress`` and ``score`` and a goal's ``mean_score`` to 2 decimals, ``projected_2030`` to
1 decimal; observed values and targets are given as stored.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from model import fmt, indicator_queries
from model.attainment import (
    CATEGORIES,
    COMPOSITE_METHODS,
    METHODS,
    Assessment,
    IndicatorSpec,
    Observation,
    assess,
    assess_composite,
    rollup,
)
from model.labels import CATEGORY_LABELS_NB, COMPOSITE_METHOD_LABELS_NB, METHOD_LABELS_NB
from model.periods import counts_at, cut_off_time, period_end, period_label
from model.queries import goals as current_goals
from model.settings import get_settings

STRATEGIC = "Strategisk"
_DIRECTIONS = {"Økende": "increase", "Synkende": "decrease"}


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator of the selection: its definition, national series and assessment.

    ``definition`` is a dict from :func:`model.indicator_queries.definitions`; ``series`` the
    national observations up to ``as_of`` (oldest first); ``children`` the Indikator-IDs of a
    composite's sub-indicators (empty for an ordinary indicator).
    """

    definition: dict[str, Any]
    assessment: Assessment
    series: tuple[Observation, ...] = ()
    children: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return str(self.definition["code"])

    @property
    def goals(self) -> list[str]:
        return list(self.definition["goals"])

    @property
    def is_composite(self) -> bool:
        return bool(self.children)

    @property
    def latest(self) -> Observation | None:
        """The latest national observation (also when the method could not use it)."""
        return self.series[-1] if self.series else None


@dataclass(frozen=True)
class Selection:
    """What a page or the command line asked for, with the version actually used."""

    version: str | None
    as_of: str | None = None
    method: str = "open-sdg"
    composite_method: str = "mean-score"
    results: tuple[IndicatorResult, ...] = field(default=())
    #: the pinned data version (import batch), None = the newest data
    as_of_batch: int | None = None

    def by_code(self) -> dict[str, IndicatorResult]:
        return {r.code: r for r in self.results}


def _check(method: str, composite_method: str, as_of: str | None) -> None:
    if method not in METHODS:
        raise ValueError(f"Ukjent metode «{method}». Velg blant: {', '.join(METHODS)}.")
    if composite_method not in COMPOSITE_METHODS:
        raise ValueError(
            f"Ukjent metode for sammensatte indikatorer «{composite_method}». "
            f"Velg blant: {', '.join(COMPOSITE_METHODS)}."
        )
    if as_of is not None:
        period_end(as_of)  # raises ValueError for an unknown period


def resolve_version(
    engine: Engine, version: str | None, as_of_batch: int | None = None
) -> str | None:
    """The version to use: the one asked for, else the newest (None: only unversioned rows)."""
    return version if version else indicator_queries.newest_version(engine, as_of_batch)


def spec_for(definition: dict[str, Any], target_year: int | None = None) -> IndicatorSpec:
    """The attainment method's view of a definition (Økende → increase, Synkende → decrease)."""
    return IndicatorSpec(
        id=definition["code"],
        direction=_DIRECTIONS.get(definition["direction"], definition["direction"]),
        target=definition["target_2030"],
        base_year=definition["base_year"],
        limit=definition["limit"],
        status=definition["status"],
        target_year=target_year if target_year is not None else get_settings().target_year,
        unit=definition.get("unit"),
    )


def assess_all(
    engine: Engine,
    *,
    as_of: str | None = None,
    method: str = "open-sdg",
    composite_method: str = "mean-score",
    version: str | None = None,
    as_of_batch: int | None = None,
) -> Selection:
    """Assess every indicator of the selected version of the set (sorted by Indikator-ID).

    ``as_of_batch``: the data as it was right after that import batch (a pinned meeting).
    """
    _check(method, composite_method, as_of)
    settings = get_settings()
    used_version = resolve_version(engine, version, as_of_batch)
    defs = indicator_queries.definitions(engine, used_version, as_of_batch)
    by_code = {d["code"]: d for d in defs}
    children: dict[str, list[str]] = {}
    for d in defs:
        parent = d["parent_code"]
        if parent and parent in by_code and parent != d["code"]:
            children.setdefault(parent, []).append(d["code"])
    # The database pre-filters by time position; step 0 (the period ends by the end of the
    # cut-off) decides, so a year that is not over stays out of a quarter's cut-off.
    until = cut_off_time(as_of) if as_of is not None else None
    raw = indicator_queries.national_series(
        engine, list(by_code), until=until, as_of_batch=as_of_batch
    )
    series = {
        code: tuple(
            Observation(period, value)
            for period, _time, value in points
            if counts_at(period, as_of)
        )
        for code, points in raw.items()
    }

    done: dict[str, Assessment] = {}

    def judge(code: str, path: tuple[str, ...] = ()) -> Assessment:
        if code in done:
            return done[code]
        spec = spec_for(by_code[code], settings.target_year)
        kids = [k for k in children.get(code, []) if k not in path]
        if kids:
            result = assess_composite(
                spec, [judge(k, (*path, code)) for k in kids], method=composite_method
            )
        else:
            result = assess(
                spec,
                series[code],
                method=method,
                default_base_year=settings.base_year,
                as_of=as_of,
            )
        done[code] = result
        return result

    results = tuple(
        IndicatorResult(
            definition=by_code[code],
            assessment=judge(code),
            series=series[code],
            children=tuple(children.get(code, ())),
        )
        for code in sorted(by_code)
    )
    return Selection(used_version, as_of, method, composite_method, results, as_of_batch)


@dataclass(frozen=True)
class GoalAttainment:
    """One goal's roll-up (step 12): its strategic indicators (support ones on request) per
    category and their mean score, with the goal's wording of the selection's data version."""

    code: str
    kind: str
    name: str
    description: str | None
    mean_score: float | None
    counts: dict[str, int]
    indicators: tuple[str, ...]

    @property
    def total(self) -> int:
        """How many indicators the roll-up counts."""
        return sum(self.counts.values())


@dataclass(frozen=True)
class AttainmentSummary:
    """Goal attainment per indicator and per goal at one cut-off: what ``ehelse attainment``,
    the goal pages, meeting mode and the meeting pack show."""

    selection: Selection
    goals: tuple[GoalAttainment, ...]
    include_support: bool = False

    @property
    def as_of(self) -> str | None:
        return self.selection.as_of

    @property
    def results(self) -> tuple[IndicatorResult, ...]:
        return self.selection.results

    @property
    def strategic_count(self) -> int:
        return sum(1 for r in self.selection.results if r.definition["level"] == STRATEGIC)

    @property
    def counted(self) -> tuple[IndicatorResult, ...]:
        """The indicators the goal roll-ups count (each once)."""
        codes = {code for g in self.goals for code in g.indicators}
        return tuple(r for r in self.selection.results if r.code in codes)

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``ehelse attainment --json`` (formats.md §3), exactly those keys."""
        selection = self.selection
        indicators = []
        for r in selection.results:
            a = r.assessment
            d = r.definition
            indicators.append(
                {
                    "id": r.code,
                    "goals": r.goals,
                    "status": d["status"],
                    "level": d["level"],
                    "base_period": a.base_period,
                    "base_value": _value(a.base_value),
                    "latest_period": a.latest_period,
                    "latest_value": _value(a.latest_value),
                    "target_2030": _value(d["target_2030"]),
                    "basis": a.basis,
                    "category": a.category,
                    "progress": _round(a.progress, 2),
                    "score": _round(a.score, 2),
                    "projected_2030": _round(a.projected_2030, 1),
                }
            )
        goals = [
            {
                "code": g.code,
                "mean_score": _round(g.mean_score, 2),
                "counts": {category: g.counts[category] for category in CATEGORIES},
            }
            for g in self.goals
        ]
        return {
            "as_of": selection.as_of,
            "method": selection.method,
            "composite_method": selection.composite_method,
            "indicators": indicators,
            "goals": goals,
        }


def goal_rollups(
    engine: Engine, selection: Selection, *, include_support: bool = False
) -> tuple[GoalAttainment, ...]:
    """Per current goal (O1–O3, S1–S5 in order): the counted indicators' roll-up.

    Counts the strategic indicators of each goal (an indicator counts in every goal it names);
    support indicators too when ``include_support``. The goals' wording is the one of the
    selection's pinned batch, if any.
    """
    out = []
    for goal in current_goals(engine, selection.as_of_batch):
        counted = [
            r
            for r in selection.results
            if goal["code"] in r.goals and (include_support or r.definition["level"] == STRATEGIC)
        ]
        summary = rollup([r.assessment for r in counted])
        out.append(
            GoalAttainment(
                code=goal["code"],
                kind=goal["kind"],
                name=goal["name"],
                description=goal["description"],
                mean_score=summary["mean_score"],
                counts=summary["counts"],
                indicators=tuple(r.code for r in counted),
            )
        )
    return tuple(out)


def summarize(
    engine: Engine,
    *,
    as_of: str | None = None,
    method: str = "open-sdg",
    composite_method: str = "mean-score",
    version: str | None = None,
    include_support: bool = False,
    as_of_batch: int | None = None,
) -> AttainmentSummary:
    """Assess the selection and roll it up per goal: one object for every surface."""
    selection = assess_all(
        engine,
        as_of=as_of,
        method=method,
        composite_method=composite_method,
        version=version,
        as_of_batch=as_of_batch,
    )
    return AttainmentSummary(
        selection, goal_rollups(engine, selection, include_support=include_support), include_support
    )


def _round(value: float | None, decimals: int) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), decimals)


def _value(value: float | None) -> float | None:
    return None if value is None else float(value)


def attainment_report(
    engine: Engine,
    *,
    as_of: str | None = None,
    method: str = "open-sdg",
    composite_method: str = "mean-score",
    include_support: bool = False,
    version: str | None = None,
    as_of_batch: int | None = None,
) -> dict[str, Any]:
    """The JSON object of ``ehelse attainment --json`` (formats.md §3), exactly those keys."""
    return summarize(
        engine,
        as_of=as_of,
        method=method,
        composite_method=composite_method,
        version=version,
        include_support=include_support,
        as_of_batch=as_of_batch,
    ).to_json()


# --------------------------------------------------------------------------------------------
# Versions
# --------------------------------------------------------------------------------------------


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, float) or isinstance(new, float):
        return old is not None and new is not None and math.isclose(old, new)
    return old == new


def version_diff(engine: Engine, old: str, new: str) -> dict[str, Any]:
    """What changed from version ``old`` to version ``new`` of the set.

    ``added`` and ``phased_out``: definitions (dicts) present in only one of the versions;
    ``redefined``: ``{"code", "name", "changes": [{"field", "label", "old", "new"}]}`` for
    indicators in both whose definition differs; ``unchanged``: how many are the same.
    """
    before = indicator_queries.version_definitions(engine, old)
    after = indicator_queries.version_definitions(engine, new)
    redefined = []
    unchanged = 0
    for code in sorted(before.keys() & after.keys()):
        changes = [
            {
                "field": name,
                "label": label,
                "old": before[code][name],
                "new": after[code][name],
            }
            for name, label in indicator_queries.DEFINITION_FIELDS.items()
            if not _same(before[code][name], after[code][name])
        ]
        if changes:
            redefined.append({"code": code, "name": after[code]["name"], "changes": changes})
        else:
            unchanged += 1
    return {
        "old": old,
        "new": new,
        "added": [after[c] for c in sorted(after.keys() - before.keys())],
        "phased_out": [before[c] for c in sorted(before.keys() - after.keys())],
        "redefined": redefined,
        "unchanged": unchanged,
    }


# --------------------------------------------------------------------------------------------
# Text for the command line
# --------------------------------------------------------------------------------------------


def _cell(value: float | None, decimals: int | None = None) -> str:
    return "–" if value is None else fmt.number(value, decimals)


def _period_value(period: str | None, value: float | None) -> str:
    return "–" if period is None else f"{_cell(value)} ({period})"


def _table(header: list[str], rows: Iterable[list[str]], right: set[int]) -> list[str]:
    return fmt.text_table(header, rows, right=right, rule=True)


def attainment_text(report: dict[str, Any]) -> str:
    """A readable Norwegian rendering of :func:`attainment_report` for the terminal."""
    as_of = report["as_of"]
    lines = [
        "Måloppnåelse for de strategiske indikatorene",
        f"Metode: {METHOD_LABELS_NB[report['method']]} ({report['method']}). "
        f"Sammensatte indikatorer: {COMPOSITE_METHOD_LABELS_NB[report['composite_method']]} "
        f"({report['composite_method']}).",
        f"Observasjoner: {'til og med ' + period_label(as_of) if as_of else 'alle'}.",
        "",
    ]
    if not report["indicators"]:
        lines.append(
            "Databasen har ingen indikatorer ennå. Last opp en indikatorarbeidsbok "
            "(«ehelse import FIL») eller prøv «ehelse sample»."
        )
    else:
        basis = {"target": "mål", "trend": "trend", None: "–"}
        rows = [
            [
                i["id"],
                "Strategisk" if i["level"] == STRATEGIC else "Støtte",
                CATEGORY_LABELS_NB[i["category"]],
                basis.get(i["basis"], i["basis"]),
                _period_value(i["base_period"], i["base_value"]),
                _period_value(i["latest_period"], i["latest_value"]),
                _cell(i["target_2030"]),
                _cell(i["progress"], 2),
                _cell(i["score"], 1),
                _cell(i["projected_2030"], 1),
            ]
            for i in report["indicators"]
        ]
        lines += _table(
            [
                "ID",
                "Nivå",
                "Vurdering",
                "Grunnlag",
                "Basis",
                "Siste",
                "Mål 2030",
                "Fremdrift",
                "Poeng",
                "Anslag 2030",
            ],
            rows,
            right={6, 7, 8, 9},
        )
    lines += ["", "Per mål (antall indikatorer per vurdering og gjennomsnittlig poeng):"]
    short = [CATEGORY_LABELS_NB[c] for c in CATEGORIES]
    rows = [
        [g["code"], _cell(g["mean_score"], 2), *(str(g["counts"][c]) for c in CATEGORIES)]
        for g in report["goals"]
    ]
    lines += _table(["Mål", "Snittpoeng", *short], rows, right=set(range(1, 2 + len(short))))
    return "\n".join(lines)
