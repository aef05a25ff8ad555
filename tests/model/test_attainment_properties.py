"""Properties of the goal-attainment methods that must hold for every series (Hypothesis)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from model.attainment import (
    CATEGORIES,
    COMPOSITE_METHODS,
    METHODS,
    PROGRESS_ORDER,
    Assessment,
    IndicatorSpec,
    Observation,
    assess,
    assess_composite,
    rollup,
)

# Set per test, so that loading this file leaves other tests' Hypothesis settings alone.
thorough = settings(max_examples=300, deadline=None)

#: How good a category is; the two "cannot judge" categories rank below everything.
RANK = {category: i for i, category in enumerate(PROGRESS_ORDER)}


def rank(result: Assessment) -> int:
    return RANK.get(result.category, -1)


positive = st.floats(min_value=0.01, max_value=1000, allow_nan=False, allow_infinity=False)
anything = st.one_of(
    st.just(0.0),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
    st.floats(min_value=-1, max_value=1, allow_nan=False, allow_infinity=False),
)
nonzero = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False).filter(
    lambda v: abs(v) > 1e-3
)
directions = st.sampled_from(["increase", "decrease"])
periods_from_2015 = st.one_of(
    st.integers(2015, 2035).map(str),
    st.tuples(st.integers(2015, 2034), st.integers(1, 4)).map(lambda yq: f"{yq[0]}-K{yq[1]}"),
    st.tuples(st.integers(2015, 2034), st.integers(1, 12)).map(lambda ym: f"{ym[0]}-{ym[1]:02d}"),
)
periods_before_2015 = st.one_of(
    st.integers(1990, 2014).map(str),
    st.integers(1, 4).map(lambda q: f"2014-K{q}"),
    st.integers(1, 12).map(lambda m: f"2014-{m:02d}"),
)


def observations(periods: st.SearchStrategy[str], values: st.SearchStrategy[float], **kw):
    return st.dictionaries(periods, values, **kw).map(
        lambda d: [Observation(p, v) for p, v in d.items()]
    )


@thorough
@given(
    base=positive,
    middle=st.lists(positive, max_size=3),
    latest=positive,
    target=positive,
    base_year=st.integers(2015, 2025),
    span=st.integers(1, 8),
    share=st.floats(min_value=0, max_value=1),
    direction=directions,
    method=st.sampled_from(METHODS),
)
def test_closer_to_target_is_never_worse(
    base: float,
    middle: list[float],
    latest: float,
    target: float,
    base_year: int,
    span: int,
    share: float,
    direction: str,
    method: str,
) -> None:
    """Moving the latest value toward the target never gives a worse category.

    Order: deterioration < limited < moderate < substantial < achieved.
    """
    closer = latest + share * (target - latest)
    # keep rounding from stepping past the target or behind the old value
    closer = min(max(closer, min(latest, target)), max(latest, target))
    spec = IndicatorSpec("P", direction=direction, target=target)
    years = [str(base_year + 1 + i) for i in range(len(middle))]
    latest_year = str(base_year + len(middle) + span)
    rest = [Observation(y, v) for y, v in zip(years, middle, strict=True)]
    before = assess(
        spec,
        [Observation(str(base_year), base), *rest, Observation(latest_year, latest)],
        method=method,
    )
    after = assess(
        spec,
        [Observation(str(base_year), base), *rest, Observation(latest_year, closer)],
        method=method,
    )
    assert before.category in PROGRESS_ORDER and after.category in PROGRESS_ORDER
    assert rank(after) >= rank(before), (before.explanation_nb, after.explanation_nb)


@thorough
@given(
    later=observations(periods_from_2015, anything, min_size=1, max_size=6),
    earlier=observations(periods_before_2015, anything, min_size=1, max_size=6),
    target=st.one_of(st.none(), anything),
    limit=st.one_of(st.none(), positive),
    direction=directions,
    method=st.sampled_from(METHODS),
)
def test_observations_before_the_base_year_never_matter(
    later: list[Observation],
    earlier: list[Observation],
    target: float | None,
    limit: float | None,
    direction: str,
    method: str,
) -> None:
    spec = IndicatorSpec("P", direction=direction, target=target, limit=limit)
    without = assess(spec, later, method=method)
    assert assess(spec, [*earlier, *later], method=method) == without
    assert assess(spec, [*later, *earlier], method=method) == without


@thorough
@given(
    series=observations(st.one_of(periods_from_2015, periods_before_2015), anything, max_size=8),
    target=st.one_of(st.none(), anything),
    limit=st.one_of(st.none(), anything),
    direction=directions,
    method=st.sampled_from(METHODS),
    status=st.sampled_from(["Klar", "Under arbeid"]),
    base_year=st.one_of(st.none(), st.integers(2010, 2031)),
)
def test_score_and_category_are_always_valid(
    series: list[Observation],
    target: float | None,
    limit: float | None,
    direction: str,
    method: str,
    status: str,
    base_year: int | None,
) -> None:
    spec = IndicatorSpec(
        "P", direction=direction, target=target, limit=limit, status=status, base_year=base_year
    )
    result = assess(spec, series, method=method)
    assert result.category in CATEGORIES
    if result.category in ("insufficient-data", "under-development"):
        assert result.score is None
    else:
        assert result.score is not None and -5 <= result.score <= 5
    if result.category == "achieved":
        assert result.score == 5
    for number in (result.progress, result.projected_2030, result.observed_growth):
        assert number is None or abs(number) < float("inf")
    assert result.explanation_nb.strip()


@thorough
@given(
    scores=st.lists(
        st.one_of(st.none(), st.floats(min_value=-5, max_value=5)), min_size=0, max_size=7
    ),
    method=st.sampled_from(COMPOSITE_METHODS),
)
def test_composite_score_stays_within_its_children(scores: list[float | None], method: str) -> None:
    children = [
        assess(IndicatorSpec(f"c{i}"), []) if s is None else _scored(f"c{i}", s)
        for i, s in enumerate(scores)
    ]
    parent = assess_composite(IndicatorSpec("P"), children, method=method)
    real = [s for s in scores if s is not None]
    if not real:
        assert parent.score is None
    else:
        assert parent.score is not None
        assert min(real) - 1e-9 <= parent.score <= max(real) + 1e-9
    assert sum(rollup([parent, *children])["counts"].values()) == len(children) + 1


def _scored(ident: str, score: float) -> Assessment:
    base = assess(IndicatorSpec(ident), [Observation("2015", 1), Observation("2016", 1.01)])
    return replace(base, score=score)


@thorough
@given(
    series=observations(periods_from_2015, nonzero, min_size=2, max_size=6),
    factor=st.floats(min_value=1e-3, max_value=1e3),
    direction=directions,
)
def test_trend_category_does_not_depend_on_the_unit(
    series: list[Observation], factor: float, direction: str
) -> None:
    """Without a target and a limit, open-sdg's trend category is scale-free."""
    spec = IndicatorSpec("P", direction=direction)
    original = assess(spec, series)
    if original.progress is not None:
        # a change of unit may move p by a rounding error; stay clear of the thresholds
        assume(all(abs(original.progress - t) > 1e-9 for t in (0.015, 0.005, 0.0)))
    scaled = assess(spec, [Observation(o.period, o.value * factor) for o in series])
    assert scaled.category == original.category
    assert scaled.basis == original.basis
