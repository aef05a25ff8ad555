"""Goal attainment (*måloppnåelse*) of the strategic indicators: observations in, categories out.

Pure functions, no database and no Streamlit. Every indicator is judged on its national series
(``Hele landet``) up to an optional cut-off period (``as_of``), with one of three selectable,
labelled methods. The result is an :class:`Assessment` that carries the category, the score for
roll-ups, every number the category was derived from, and a short Norwegian explanation.

Methods
-------
``open-sdg`` (default)
    The progress measure of the Open SDG reporting platforms (sdg-build 2.4,
    ``sdg/ProgressMeasure.py``), implemented as written in ``formats.md`` section 4: compound
    annual growth from the base observation to the latest one, compared with the growth the
    2030 target requires (basis ``"target"``), or with fixed growth thresholds when the
    indicator has no target yet (basis ``"trend"``, optionally scaled near a natural limit).

``linear-trajectory`` (this project's own definition)
    Needs a target. The expected value at the latest observation's time lies on the straight
    line from the base observation ``(t_base, base)`` to ``(target_year, target)``. At or beyond
    the line in the desired direction → ``substantial-progress``; otherwise the share of the
    expected change actually achieved, ``progress = d · (current − base) / |expected − base|``,
    gives ``moderate-progress`` (≥ 0.6), ``limited-progress`` (≥ 0) or ``deterioration`` (< 0).
    The score is the with-target score of step 9 applied to ``progress``.

``share-of-distance`` (this project's own definition)
    Needs a target. ``progress = d · (current − base) / |target − base|`` is the share of the
    distance from the base to the target already covered (1.0 = 100 %, which is ``achieved``).
    It is compared with the elapsed share of the time,
    ``elapsed = (t_current − t_base) / (target_year − t_base)``: ``progress ≥ elapsed`` →
    ``substantial-progress``, ``≥ 0.6 · elapsed`` → ``moderate-progress``, ``≥ 0`` →
    ``limited-progress``, below → ``deterioration``. The score is the with-target score of step 9
    applied to ``progress / elapsed``.

    For both linear methods ``d`` is +1 (Økende) or −1 (Synkende); when the target lies in the
    desired direction from the base (the normal case) ``d · (current − base) / |target − base|``
    equals the plain ``(current − base) / (target − base)``. Writing it with ``d`` keeps a target
    that lies on the wrong side of the base (already passed at the base) from turning a fall
    below the target into "progress". Their ``projected_2030`` is the straight-line
    extrapolation of the observed pace; open-sdg uses step 10's compound growth.

Rules shared by the methods: base and latest observation (step 2), "achieved" first (step 3),
at least one year between base and latest observation (step 4), ``Under arbeid`` without
observations → ``under-development``. The sign rule of step 4 applies to open-sdg only, because
only compound growth needs both values on the same side of zero.

Composite (*sammensatte*) indicators are judged from their children's assessments with
:func:`assess_composite` (``mean-score``, ``worst-child`` or ``median-child``), and goals are
summarised with :func:`rollup`.

Numbers stored in an :class:`Assessment` are finite or ``None`` (never ``inf``/``nan``), so they
can go to JSON and to the database as they are. ``progress`` is ``None`` in the degenerate case
where the required growth or the distance to the target is zero (the category is then decided
by the sign of the observed change alone).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from model import fmt
from model.labels import CATEGORY_LABELS_NB, COMPOSITE_METHOD_LABELS_NB, METHOD_LABELS_NB
from model.periods import counts_at, period_end, period_time

METHODS: tuple[str, ...] = ("open-sdg", "linear-trajectory", "share-of-distance")
COMPOSITE_METHODS: tuple[str, ...] = ("mean-score", "worst-child", "median-child")
CATEGORIES: tuple[str, ...] = (
    "achieved",
    "substantial-progress",
    "moderate-progress",
    "limited-progress",
    "deterioration",
    "insufficient-data",
    "under-development",
)
#: The categories that say how an indicator is going, from worst to best (the last two
#: categories of :data:`CATEGORIES` say that it cannot be judged and have no place here).
PROGRESS_ORDER: tuple[str, ...] = (
    "deterioration",
    "limited-progress",
    "moderate-progress",
    "substantial-progress",
    "achieved",
)
#: Step 6: thresholds (high, med, low) for the growth ratio when a target exists.
TARGET_THRESHOLDS: tuple[float, float, float] = (0.95, 0.60, 0.0)
#: Step 7: thresholds (high, med, low) for the annual growth when there is no target.
TREND_THRESHOLDS: tuple[float, float, float] = (0.015, 0.005, 0.0)
#: Step 7: exponent of the natural-limit factor ``c``.
LIMIT_EXPONENT = 4.44
#: Step 5: a base value or target of exactly 0 is replaced by this before computing growth.
ZERO_REPLACEMENT = 0.001
#: Linear methods: share of the expected progress that still counts as moderate progress.
LINEAR_MODERATE_SHARE = 0.6

# Periods are compared as floats; months such as 2015-02 and 2016-02 must still be one year
# apart, so the one-year rule of step 4 allows for rounding in the last bits.
_TIME_EPS = 1e-9


@dataclass(frozen=True)
class Observation:
    """One value of an indicator's national series for one period (``2023``, ``2024-K2``, …)."""

    period: str
    value: float


@dataclass(frozen=True)
class IndicatorSpec:
    """What the attainment method needs to know about an indicator (from sheet ``Indikatorer``).

    ``direction`` is ``"increase"`` (Økende, higher is better) or ``"decrease"`` (Synkende);
    ``target`` is the 2030 ambition (*Mål 2030*, often still empty); ``base_year`` overrides the
    default base year (*Basisår*); ``limit`` is the natural limit of the value (*Grense*, e.g. 100
    for a share in %); ``status`` is ``"Klar"`` or ``"Under arbeid"``.
    """

    id: str
    direction: str = "increase"
    target: float | None = None
    base_year: int | None = None
    limit: float | None = None
    status: str = "Klar"
    target_year: int = 2030
    unit: str | None = None  # «%», «antall», «prosentpoeng» …: said with every value explained


@dataclass(frozen=True)
class Assessment:
    """The goal attainment of one indicator (or of a composite parent) and how it came about.

    ``progress`` is the method's progress value: for open-sdg the ``p`` of steps 6–7, for
    linear-trajectory the share of the expected change achieved, for share-of-distance the share
    of the distance to the target covered. ``score`` runs from −5 to +5 and is ``None`` for
    ``insufficient-data`` and ``under-development``. ``thresholds`` are the (high, med, low)
    thresholds actually used, after any natural-limit scaling by ``limit_factor``.
    ``explanation_nb`` tells in plain Norwegian, with the numbers, why the category was given.
    A composite parent carries its ``children`` and the ``composite_method`` used.
    """

    indicator_id: str
    method: str
    category: str
    basis: str | None
    progress: float | None
    score: float | None
    base_period: str | None
    base_value: float | None
    latest_period: str | None
    latest_value: float | None
    target: float | None
    projected_2030: float | None
    observed_growth: float | None
    required_growth: float | None
    thresholds: tuple[float, float, float] | None
    limit_factor: float | None
    explanation_nb: str
    children: tuple[Assessment, ...] = ()
    composite_method: str | None = None

    @property
    def category_nb(self) -> str:
        """The Norwegian label of the category (``Målet er nådd``, ``God fremgang``, …)."""
        return CATEGORY_LABELS_NB[self.category]


# --------------------------------------------------------------------------- periods and growth


def growth(v1: float, v0: float, t1: float, t0: float) -> float:
    """Compound annual growth from value ``v0`` at time ``t0`` to ``v1`` at ``t1`` (step 5).

    ``(v1 / v0) ** (1 / (t1 − t0)) − 1``; 0.05 means 5 % per year. The caller replaces a zero
    base value first (step 5); a zero ``v0``, equal times, or values of opposite sign (where the
    growth is not a real number) raise :class:`ValueError`.
    """
    if t1 == t0:
        raise ValueError("Growth needs two different times")
    if v0 == 0:
        raise ValueError("Growth from a base value of 0 is undefined (replace it by 0.001 first)")
    ratio = v1 / v0
    if ratio < 0:
        raise ValueError(f"Growth between values of opposite sign ({v0} → {v1}) is undefined")
    try:
        return float(ratio ** (1 / (t1 - t0))) - 1
    except OverflowError:  # e.g. from a base of 1e-274 within a year: growth beyond any float
        return math.inf


# --------------------------------------------------------------------------- single indicator


@dataclass(frozen=True)
class _Point:
    time: float
    period: str
    value: float


def assess(
    spec: IndicatorSpec,
    observations: Sequence[Observation],
    *,
    method: str = "open-sdg",
    default_base_year: int = 2015,
    as_of: str | None = None,
) -> Assessment:
    """Judge one indicator's goal attainment from its national series.

    ``observations`` may come in any order; only those with a time at or before ``as_of`` (a
    canonical period) count, and observations without a finite value are skipped. Two
    observations at the same time (say ``2015`` and ``2015-K1``): the one given last wins.
    The base year is ``spec.base_year`` or else ``default_base_year``; ``method`` is one of
    :data:`METHODS`.
    """
    if method not in METHODS:
        raise ValueError(f"Unknown attainment method {method!r}; choose one of {METHODS}")
    d = _direction_sign(spec.direction)
    base_year = spec.base_year if spec.base_year is not None else default_base_year
    points = _prepare(observations, as_of)
    out = _Builder(spec, method)

    if not points:
        if _under_development(spec.status):
            return out.done(
                "under-development",
                "Indikatoren er under arbeid og har ingen observasjoner ennå.",
            )
        cut = f" til og med {as_of}" if as_of is not None else ""
        return out.done("insufficient-data", f"Indikatoren har ingen observasjoner{cut}.")

    eligible = [p for p in points if p.time >= base_year]
    if not eligible:
        return out.done(
            "insufficient-data",
            f"Ingen observasjoner fra basisåret {base_year} eller senere (siste er "
            f"{points[-1].period}); observasjoner før basisåret brukes ikke.",
        )
    base, current = eligible[0], eligible[-1]
    out.set(
        base_period=base.period,
        base_value=base.value,
        latest_period=current.period,
        latest_value=current.value,
    )
    if method == "open-sdg":
        return _assess_open_sdg(spec, d, base, current, out)
    return _assess_linear(spec, d, base, current, out, method)


def _assess_open_sdg(
    spec: IndicatorSpec, d: int, base: _Point, current: _Point, out: _Builder
) -> Assessment:
    """Steps 3–10 of formats.md section 4 for one series with its base and latest observation."""
    target = spec.target
    target_year = spec.target_year
    achieved = target is not None and _meets(current.value, target, d)
    # Step 5's replacement of a zero base happens before the sign check, as in sdg-build
    # (calculate_progress_value): base 0 and a negative latest value are then of opposite sign,
    # which is the only reading under which the growth stays a real number.
    base_value = base.value if base.value != 0 else ZERO_REPLACEMENT
    # formats.md replaces a target of 0 for the growth only; sdg-build replaces it everywhere,
    # also in the "achieved" check. formats.md wins: step 3 compares with the target as typed.
    target_value = None if target is None else (target if target != 0 else ZERO_REPLACEMENT)

    problem = _span_problem(base, current)
    if problem is None and _opposite_signs(base_value, current.value):
        problem = (
            f"Basisverdien {_qty(base.value, spec.unit)} ({base.period}) og siste verdi "
            f"{_num(current.value)} ({current.period}) har motsatt fortegn, så årlig vekst "
            "kan ikke beregnes."
        )
    if problem is None and target_value is not None:
        problem = _target_problem(base, base_value, target_value, target_year)

    if problem is not None:
        if achieved:
            return out.done("achieved", _achieved_text(current, spec, d), score=5.0)
        return out.done("insufficient-data", problem)

    observed = growth(current.value, base_value, current.time, base.time)
    s = -1 if base_value < 0 else 1
    projected = _compound_projection(current, observed, target_year)
    out.set(observed_growth=_finite(observed), projected_2030=projected)

    if target_value is not None:
        required = growth(target_value, base_value, target_year, base.time)
        p = _ratio(s * d * observed, abs(required))
        thresholds = TARGET_THRESHOLDS
        c: float | None = None
        out.set(basis="target", required_growth=_finite(required), thresholds=thresholds)
    else:
        required = None
        p = s * d * observed
        c = _limit_factor(base.value, spec.limit) if spec.limit is not None else None
        scale = 1.0 if c is None else c
        high, med, low = TREND_THRESHOLDS
        thresholds = (high * scale, med * scale, low * scale)
        out.set(basis="trend", thresholds=thresholds, limit_factor=c)
    out.set(progress=_finite(p))

    if math.isnan(p):
        if achieved:
            return out.done("achieved", _achieved_text(current, spec, d), score=5.0)
        return out.done(
            "insufficient-data",
            "Veksten kan ikke beregnes for disse verdiene (tallene er for ekstreme).",
        )

    if achieved:
        return out.done("achieved", _achieved_text(current, spec, d), score=5.0)
    category = _category(p, thresholds)
    if required is not None:
        score = _target_score(p)
        text = _open_sdg_target_text(spec, d, s, base, current, observed, required, p, category)
    else:
        score = _trend_score(p, thresholds, 1.0 if c is None else c)
        text = _open_sdg_trend_text(spec, d, s, base, current, observed, thresholds, c, category)
    return out.done(category, text, score=score)


def _assess_linear(
    spec: IndicatorSpec, d: int, base: _Point, current: _Point, out: _Builder, method: str
) -> Assessment:
    """The two straight-line methods, linear-trajectory and share-of-distance (module docstring)."""
    target = spec.target
    target_year = spec.target_year
    if target is None:
        return out.done(
            "insufficient-data",
            f"Metoden «{METHOD_LABELS_NB[method]}» krever et mål for {target_year}, og "
            "indikatoren har ikke fått noe mål ennå.",
        )
    achieved = _meets(current.value, target, d)
    problem = _span_problem(base, current)
    if problem is None and base.time >= target_year:
        problem = (
            f"Basisobservasjonen ({base.period}) ligger ikke før målåret {target_year}, så "
            "veien mot målet kan ikke beregnes."
        )
    if problem is not None:
        if achieved:
            return out.done("achieved", _achieved_text(current, spec, d), score=5.0)
        return out.done("insufficient-data", problem)

    span = current.time - base.time
    pace = (current.value - base.value) / span
    out.set(
        basis="target",
        observed_growth=_optional_growth(current.value, base.value, current.time, base.time),
        required_growth=_optional_growth(
            target if target != 0 else ZERO_REPLACEMENT, base.value, target_year, base.time
        ),
        projected_2030=_finite(current.value + pace * (target_year - current.time)),
    )
    elapsed = span / (target_year - base.time)
    actual = d * (current.value - base.value)

    if method == "linear-trajectory":
        expected = base.value + (target - base.value) * elapsed
        progress = _ratio(actual, abs(expected - base.value))
        thresholds = (1.0, LINEAR_MODERATE_SHARE, 0.0)
        out.set(progress=_finite(progress), thresholds=thresholds)
        if achieved:
            return out.done("achieved", _achieved_text(current, spec, d), score=5.0)
        on_track = d * (current.value - expected) >= 0
        if on_track:
            category = "substantial-progress"
        else:
            category = _category(progress, (math.inf, LINEAR_MODERATE_SHARE, 0.0))
        text = (
            f"På en rett linje fra {_qty(base.value, spec.unit)} ({base.period}) til målet {_qty(target, spec.unit)} "
            f"i {target_year} skulle verdien i {current.period} vært {_qty(expected, spec.unit)}; den er "
            f"{_num(current.value)}. " + _linear_share_sentence(progress, category)
        )
        return out.done(category, text, score=_target_score(progress))

    # share-of-distance
    progress = _ratio(actual, abs(target - base.value))
    thresholds = (elapsed, LINEAR_MODERATE_SHARE * elapsed, 0.0)
    out.set(progress=_finite(progress), thresholds=thresholds)
    if achieved or progress >= 1:
        return out.done("achieved", _achieved_text(current, spec, d), score=5.0)
    category = _category(progress, thresholds)
    covered = "—" if not math.isfinite(progress) else _pct(progress, 0)
    text = (
        f"Fra {_qty(base.value, spec.unit)} ({base.period}) til {_qty(current.value, spec.unit)} "
        f"({current.period}) er {covered} av avstanden til målet {_num(target)} tilbakelagt, "
        f"mens {_pct(elapsed, 0)} av tiden fram til {target_year} er gått. "
        f"Det gir «{CATEGORY_LABELS_NB[category]}»."
    )
    return out.done(category, text, score=_target_score(_ratio(progress, elapsed)))


# --------------------------------------------------------------------------- composite, roll-up


def assess_composite(
    spec: IndicatorSpec,
    children: Sequence[Assessment],
    *,
    method: str = "mean-score",
) -> Assessment:
    """Judge a composite (*sammensatt*) indicator from its children's assessments (step 11).

    ``mean-score`` (Open SDG's own aggregation): the mean of the children's scores, children
    without a score left out; ``achieved`` only if every child is achieved, else the mean gives
    the category (≥ 2.5 substantial, ≥ 0 moderate, ≥ −2.5 limited, below deterioration).
    ``worst-child``: the child with the lowest score decides (category and score).
    ``median-child``: the child with the median score (the lower one for an even count) decides.
    Without any scored child the parent is ``under-development`` when all children are (or, with
    no children, when the parent is ``Under arbeid``), else ``insufficient-data``. The children
    must all have been judged with the same attainment method.
    """
    if method not in COMPOSITE_METHODS:
        raise ValueError(f"Unknown composite method {method!r}; choose one of {COMPOSITE_METHODS}")
    child_methods = {child.method for child in children}
    if len(child_methods) > 1:
        raise ValueError(
            f"The children of {spec.id} were judged with different methods: "
            f"{sorted(child_methods)}; methods are never mixed"
        )
    attainment_method = child_methods.pop() if child_methods else METHODS[0]
    label = COMPOSITE_METHOD_LABELS_NB[method]
    out = _Builder(spec, attainment_method)
    out.set(children=tuple(children), composite_method=method)

    scored = [child for child in children if child.score is not None]
    unscored = len(children) - len(scored)
    if not scored:
        all_under = (
            all(child.category == "under-development" for child in children)
            if children
            else _under_development(spec.status)
        )
        if all_under:
            return out.done(
                "under-development",
                f"Sammensatt indikator ({label}): ingen delindikatorer har data ennå.",
            )
        return out.done(
            "insufficient-data",
            f"Sammensatt indikator ({label}): ingen av de {len(children)} delindikatorene har "
            "et poeng, så måloppnåelsen kan ikke beregnes.",
        )

    all_achieved = all(child.category == "achieved" for child in children)
    left_out = f" ({unscored} uten poeng er ikke med)" if unscored else ""

    if method == "mean-score":
        mean = sum(child.score for child in scored if child.score is not None) / len(scored)
        bases = {child.basis for child in scored}
        out.set(basis=bases.pop() if len(bases) == 1 else None)
        if all_achieved:
            text = (
                f"Sammensatt indikator ({label}): alle {len(children)} delindikatorene har nådd "
                f"målet, som gir «{CATEGORY_LABELS_NB['achieved']}»."
            )
            return out.done("achieved", text, score=mean)
        category = _category_from_score(mean)
        text = (
            f"Sammensatt indikator ({label}): gjennomsnittet av {len(scored)} delindikatorers "
            f"poeng er {_num(mean)}{left_out}, som gir «{CATEGORY_LABELS_NB[category]}»."
        )
        return out.done(category, text, score=mean)

    # worst-child and median-child: one child decides; ties are broken toward the weaker
    # category and then by the children's order.
    ranked = sorted(
        scored,
        key=lambda child: (child.score, PROGRESS_ORDER.index(child.category)),
    )
    chosen = ranked[0] if method == "worst-child" else ranked[(len(ranked) - 1) // 2]
    category = chosen.category
    note = ""
    if category == "achieved" and not all_achieved:
        # "achieved" is kept for a parent whose children have all reached their target.
        category = "substantial-progress"
        note = " Ikke alle delindikatorene har nådd målet, så resultatet er «God fremgang»."
    which = "lavest" if method == "worst-child" else "midterste"
    out.set(basis=chosen.basis)
    text = (
        f"Sammensatt indikator ({label}): {chosen.indicator_id} har {which} poeng "
        f"({_num(chosen.score)}) av {len(scored)} delindikatorer med poeng{left_out} og "
        f"bestemmer resultatet «{CATEGORY_LABELS_NB[chosen.category]}».{note}"
    )
    return out.done(category, text, score=chosen.score)


def rollup(assessments: Sequence[Assessment]) -> dict[str, Any]:
    """Summarise a goal's indicators (step 12): the count per category and the mean score.

    Returns ``{"mean_score": float | None, "counts": {category: n}}`` with all seven
    categories in ``counts`` (zeros included); ``mean_score`` is the mean of the scores that
    exist, ``None`` when there are none. The caller picks strategic or support indicators.
    """
    counts = dict.fromkeys(CATEGORIES, 0)
    scores: list[float] = []
    for assessment in assessments:
        if assessment.category not in counts:
            raise ValueError(f"Unknown category {assessment.category!r}")
        counts[assessment.category] += 1
        if assessment.score is not None:
            scores.append(assessment.score)
    mean = sum(scores) / len(scores) if scores else None
    return {"mean_score": mean, "counts": counts}


# --------------------------------------------------------------------------- building blocks


class _Builder:
    """Collects an Assessment's fields as the method proceeds; unset fields stay ``None``."""

    def __init__(self, spec: IndicatorSpec, method: str) -> None:
        self.fields: dict[str, Any] = {
            "indicator_id": spec.id,
            "method": method,
            "basis": None,
            "progress": None,
            "score": None,
            "base_period": None,
            "base_value": None,
            "latest_period": None,
            "latest_value": None,
            "target": spec.target,
            "projected_2030": None,
            "observed_growth": None,
            "required_growth": None,
            "thresholds": None,
            "limit_factor": None,
        }

    def set(self, **fields: Any) -> None:
        self.fields.update(fields)

    def done(self, category: str, explanation: str, *, score: float | None = None) -> Assessment:
        if category in ("insufficient-data", "under-development"):
            score = None
        return Assessment(
            **{**self.fields, "category": category, "score": score, "explanation_nb": explanation}
        )


def _prepare(observations: Sequence[Observation], as_of: str | None) -> list[_Point]:
    """The usable observations, sorted by time, that count as of ``as_of`` (step 0: the period
    ends by the end of the cut-off period); the last given wins a tie."""
    if as_of is not None:
        period_end(as_of)  # raises ValueError for an unknown cut-off
    by_time: dict[float, _Point] = {}
    for obs in observations:
        t = period_time(obs.period)
        value = float(obs.value)
        if counts_at(obs.period, as_of) and math.isfinite(value):
            by_time[t] = _Point(t, obs.period, value)
    return [by_time[t] for t in sorted(by_time)]


def _direction_sign(direction: str) -> int:
    word = direction.strip().casefold()
    if word in ("increase", "økende"):
        return 1
    if word in ("decrease", "synkende"):
        return -1
    raise ValueError(f"Unknown direction {direction!r}: use 'increase' or 'decrease'")


def _under_development(status: str) -> bool:
    return status.strip().casefold() == "under arbeid"


def _meets(value: float, target: float, d: int) -> bool:
    """Step 3: the value has reached the target in the desired direction."""
    return value >= target if d > 0 else value <= target


def _opposite_signs(a: float, b: float) -> bool:
    return (a > 0 and b < 0) or (a < 0 and b > 0)


def _span_problem(base: _Point, current: _Point) -> str | None:
    """Step 4: less than one year between the base and the latest observation."""
    if current.time - base.time < 1 - _TIME_EPS:
        if base.period == current.period:
            return (
                f"Det finnes bare én observasjon fra basisåret eller senere ({current.period}), "
                "så utviklingen kan ikke beregnes."
            )
        return (
            f"Det er mindre enn ett år mellom basisobservasjonen ({base.period}) og siste "
            f"observasjon ({current.period}), så utviklingen kan ikke beregnes."
        )
    return None


def _target_problem(
    base: _Point, base_value: float, target_value: float, target_year: int
) -> str | None:
    """Cases where the required growth of step 6 is no real number (formats.md is silent)."""
    if base.time >= target_year:
        return (
            f"Basisobservasjonen ({base.period}) ligger ikke før målåret {target_year}, så "
            "nødvendig vekst mot målet kan ikke beregnes."
        )
    if _opposite_signs(base_value, target_value):
        return (
            f"Basisverdien {_num(base.value)} og målet {_num(target_value)} har motsatt "
            "fortegn, så nødvendig vekst mot målet kan ikke beregnes."
        )
    return None


def _limit_factor(base_value: float, limit: float) -> float:
    """Step 7: the factor ``c`` that shrinks the trend thresholds near a natural limit.

    Computed from the base value as observed (sdg-build does the same: its thresholds are set
    before a zero base is replaced by 0.001). ``b ≥ 2L`` is checked first so that ``L = 0``
    gives ``c = 1``.
    """
    b, limit_abs = abs(base_value), abs(limit)
    if b >= 2 * limit_abs:
        return 1.0
    if b <= limit_abs:
        return 1 - (b / limit_abs) ** LIMIT_EXPONENT
    return 1 - ((2 * limit_abs - b) / limit_abs) ** LIMIT_EXPONENT


def _category(p: float, thresholds: tuple[float, float, float]) -> str:
    """Step 8: the category from the progress value and the (high, med, low) thresholds."""
    high, med, low = thresholds
    if p >= high:
        return "substantial-progress"
    if p >= med:
        return "moderate-progress"
    if p >= low:
        return "limited-progress"
    return "deterioration"


def _category_from_score(score: float) -> str:
    """Step 11: the category of a mean score (Open SDG's get_progress_status_from_score)."""
    if score >= 2.5:
        return "substantial-progress"
    if score >= 0:
        return "moderate-progress"
    if score >= -2.5:
        return "limited-progress"
    return "deterioration"


def _target_score(p: float) -> float:
    """Step 9, with a target: the score of a growth ratio (or another progress ratio)."""
    if p >= TARGET_THRESHOLDS[1]:
        return min(7.1429 * p - 4.2857, 5.0)
    return max(4.1667 * p - 2.5, -5.0)


def _trend_score(p: float, thresholds: tuple[float, float, float], c: float) -> float:
    """Step 9, without a target; the thresholds are already scaled by ``c``."""
    high, med, low = thresholds
    if p < low:
        return max(125 * p - 2.5, -5.0)
    if c == 0:
        # The base value sits on the natural limit and the value holds there or better.
        return 5.0
    if p >= high:
        return min(500 * p / c - 5, 5.0)
    if p >= med:
        return 250 * p / c - 1.25
    return 500 * p / c - 2.5


def _ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator`` where a zero denominator gives ±inf (or 0 for 0/0)."""
    if denominator == 0:
        if numerator == 0:
            return 0.0
        return math.copysign(math.inf, numerator)
    return numerator / denominator


def _finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def _optional_growth(v1: float, v0: float, t1: float, t0: float) -> float | None:
    """Annual growth for display, or ``None`` where it is no real number."""
    v0 = v0 if v0 != 0 else ZERO_REPLACEMENT
    if t1 == t0 or _opposite_signs(v0, v1):
        return None
    return _finite(growth(v1, v0, t1, t0))


def _compound_projection(current: _Point, observed: float, target_year: int) -> float | None:
    """Step 10: the latest value carried forward to the target year at the observed growth."""
    try:
        projected = current.value * (1 + observed) ** (target_year - current.time)
    except (OverflowError, ZeroDivisionError):
        return None
    return _finite(float(projected))


# --------------------------------------------------------------------------- Norwegian wording


def _num(x: float | None, decimals: int = 2) -> str:
    return fmt.trimmed(x, decimals)


def _qty(x: float | None, unit: str | None) -> str:
    """A value with its unit: ``70 %``, ``22 prosentpoeng``, ``1 234`` (antall needs no word)."""
    shown = _num(x)
    if x is None or not unit or unit.strip().casefold() == "antall":
        return shown
    return f"{shown}{fmt.NBSP}%" if unit.strip() == "%" else f"{shown} {unit.strip()}"


def _pct(fraction: float, decimals: int = 1) -> str:
    """A fraction as a Norwegian percentage with fixed decimals: ``0.1464`` → ``14,6 %``."""
    return fmt.fraction_percent(fraction, decimals)


def _direction_word(d: int) -> str:
    return "økende" if d > 0 else "synkende"


def _achieved_text(current: _Point, spec: IndicatorSpec, d: int) -> str:
    relation = "minst" if d > 0 else "høyst"
    return (
        f"Siste verdi {_qty(current.value, spec.unit)} ({current.period}) er {relation} målet "
        f"{_num(spec.target)} for {spec.target_year} (retning {_direction_word(d)}), som gir "
        f"«{CATEGORY_LABELS_NB['achieved']}»."
    )


def _zero_note(value: float | None) -> str:
    """Says so when a base value or target of 0 was replaced by 0.001 (step 5)."""
    return f" (verdien 0 regnes som {_num(ZERO_REPLACEMENT, 3)})" if value == 0 else ""


def _open_sdg_target_text(
    spec: IndicatorSpec,
    d: int,
    s: int,
    base: _Point,
    current: _Point,
    observed: float,
    required: float,
    p: float,
    category: str,
) -> str:
    first = (
        f"Årlig vekst fra {base.period}{_zero_note(base.value)} til {current.period} er "
        f"{_pct(observed)}; nødvendig vekst mot målet {_num(spec.target)}"
        f"{_zero_note(spec.target)} i {spec.target_year} er {_pct(required)} per år."
    )
    label = CATEGORY_LABELS_NB[category]
    if required == 0:
        return (
            f"{first} Basisverdien er allerede lik målet, så en bevegelse bort fra målet gir "
            f"«{label}»."
        )
    if d < 0 or s < 0:
        return (
            f"{first} Forholdet, regnet i ønsket retning ({_direction_word(d)}"
            f"{', med negativ basisverdi' if s < 0 else ''}), er {_num(p)}, som gir «{label}»."
        )
    return f"{first} Forholdet er {_num(p)}, som gir «{label}»."


def _open_sdg_trend_text(
    spec: IndicatorSpec,
    d: int,
    s: int,
    base: _Point,
    current: _Point,
    observed: float,
    thresholds: tuple[float, float, float],
    c: float | None,
    category: str,
) -> str:
    high, med, _low = thresholds
    first = (
        f"Årlig vekst fra {base.period}{_zero_note(base.value)} til {current.period} er "
        f"{_pct(observed, 2)}"
    )
    if d < 0 or s < 0:
        first += (
            f"; regnet i ønsket retning ({_direction_word(d)}"
            f"{', med negativ basisverdi' if s < 0 else ''}) er det {_pct(s * d * observed, 2)}"
        )
    second = (
        f"Uten mål for {spec.target_year} sammenlignes dette med grensene {_pct(high, 2)} og "
        f"{_pct(med, 2)} per år"
    )
    if c is not None and c == 0:
        second += (
            f"; basisverdien ligger på den naturlige grensen {_num(spec.limit)}, så alt annet "
            "enn tilbakegang regnes som god fremgang"
        )
    elif c is not None and c < 1:
        second += (
            f", skalert med faktoren {_num(c, 3)} fordi basisverdien {_qty(base.value, spec.unit)} ligger "
            f"nær den naturlige grensen {_num(spec.limit)}"
        )
    return f"{first}. {second}. Det gir «{CATEGORY_LABELS_NB[category]}»."


def _linear_share_sentence(progress: float, category: str) -> str:
    label = CATEGORY_LABELS_NB[category]
    if category == "substantial-progress":
        return f"Utviklingen ligger på eller foran linjen, som gir «{label}»."
    if not math.isfinite(progress):
        return f"Verdien har beveget seg bort fra målet, som gir «{label}»."
    if progress < 0:
        return (
            f"Verdien har beveget seg bort fra målet ({_pct(progress, 0)} av den forventede "
            f"endringen), som gir «{label}»."
        )
    return f"Bare {_pct(progress, 0)} av den forventede endringen er nådd, som gir «{label}»."
