"""Goal attainment (formats.md section 4): the contract examples, hand-computed cases for every
branch of the three methods, composite indicators and the goal roll-up.

Every expected number below is worked out by hand in the comment next to it (rounded to the
digits shown); the assertions allow for that rounding only.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from model.attainment import (
    CATEGORIES,
    COMPOSITE_METHODS,
    METHODS,
    Assessment,
    IndicatorSpec,
    Observation,
    assess,
    assess_composite,
    growth,
    rollup,
)
from model.labels import CATEGORY_LABELS_NB, COMPOSITE_METHOD_LABELS_NB, METHOD_LABELS_NB
from model.periods import period_time

ROOT = Path(__file__).resolve().parents[2]
# A copy of ../shared/attainment_examples.json (the contract's worked cases), so the suite runs
# from any clone; test_vendored_examples_match_the_contract keeps the copy honest.
EXAMPLES_FILE = ROOT / "tests" / "data" / "attainment_examples.json"
CONTRACT_FILE = ROOT.parent / "shared" / "attainment_examples.json"
EXAMPLES = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))


def test_vendored_examples_match_the_contract():
    if not CONTRACT_FILE.exists():  # a clone outside the workspace: the copy is all there is
        assert EXAMPLES
        return
    assert json.loads(CONTRACT_FILE.read_text(encoding="utf-8")) == EXAMPLES


def obs(series: dict[str, float]) -> list[Observation]:
    return [Observation(period, value) for period, value in series.items()]


def run(
    series: dict[str, float],
    *,
    direction: str = "increase",
    target: float | None = None,
    limit: float | None = None,
    base_year: int | None = None,
    status: str = "Klar",
    **kwargs: object,
) -> Assessment:
    spec = IndicatorSpec(
        "X-01",
        direction=direction,
        target=target,
        limit=limit,
        base_year=base_year,
        status=status,
    )
    return assess(spec, obs(series), **kwargs)  # type: ignore[arg-type]


approx = pytest.approx


# --------------------------------------------------------------------------- the contract


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_sdg_build_examples(example: dict) -> None:
    assert example["direction"] in ("increase", "decrease")
    result = run(example["series"], direction=example["direction"], target=example["target"])
    assert result.category == example["expected"]
    assert result.method == "open-sdg"


def test_examples_file_is_the_one_we_expect() -> None:
    # Guards against silently testing nothing: the contract lists nine cases, all categories
    # other than the two "cannot judge" ones appear at least once except limited progress.
    assert len(EXAMPLES) == 9
    assert {e["expected"] for e in EXAMPLES} == {
        "achieved",
        "substantial-progress",
        "moderate-progress",
        "deterioration",
    }


def test_formats_md_section_3_example_s1_01() -> None:
    # Base year 2015 has no observation → base is the first one after it: 2019 (33).
    # observed growth = (57/33)^(1/4) − 1 = 1.72727^(0.25) − 1 = 1.14641 − 1 = 0.14641
    # required growth = (75/33)^(1/11) − 1 = exp(0.820981/11) − 1 = 1.077490 − 1 = 0.077490
    # p = 0.14641 / 0.077490 = 1.8894 ≥ 0.95 → substantial; score min(7.1429·1.8894 − 4.2857, 5) = 5
    # projection = 57 · 1.14641^7 = 57 · exp(7 · 0.136634) = 57 · 2.60244 = 148.34
    spec = IndicatorSpec("S1-01", direction="increase", target=75)
    result = assess(spec, obs({"2023": 57, "2021": 46, "2019": 33, "2022": 54}))
    assert (result.base_period, result.base_value) == ("2019", 33)
    assert (result.latest_period, result.latest_value) == ("2023", 57)
    assert result.basis == "target"
    assert result.category == "substantial-progress"
    assert result.progress is not None and round(result.progress, 2) == 1.89
    assert result.score == 5.0
    assert result.projected_2030 is not None and round(result.projected_2030, 1) == 148.3
    assert result.observed_growth == approx(0.14641, abs=1e-5)
    assert result.required_growth == approx(0.077490, abs=1e-6)
    assert result.thresholds == (0.95, 0.6, 0.0)
    assert result.limit_factor is None
    assert result.target == 75
    text = result.explanation_nb
    assert "14,6" in text and "7,7" in text and "1,89" in text and "«God fremgang»" in text
    assert "2019" in text and "2023" in text and "75" in text


# --------------------------------------------------------------------------- periods, growth


@pytest.mark.parametrize(
    ("period", "time"),
    [
        ("2023", 2023.0),
        ("2024-K1", 2024.0),
        ("2024-K2", 2024.25),  # 2024 + (2 − 1)/4
        ("2024-K4", 2024.75),  # 2024 + 3/4
        ("2024-01", 2024.0),
        ("2024-05", 2024 + 4 / 12),  # 2024 + (5 − 1)/12
        ("2024-12", 2024 + 11 / 12),
        ("2024-05-13", 2024 + 133 / 366),  # leap year: 31+29+31+30+13 = 134th day
        ("2023-05-13", 2023 + 132 / 365),  # 31+28+31+30+13 = 133rd day
        ("2023-01-01", 2023.0),
        ("2023-12-31", 2023 + 364 / 365),
        ("2024-12-31", 2024 + 365 / 366),
    ],
)
def test_period_time(period: str, time: float) -> None:
    assert period_time(period) == time


@pytest.mark.parametrize(
    "period",
    [
        "2024-K5",
        "2024-K0",
        "2024-k2",
        "2024-13",
        "2024-00",
        "2023-02-29",
        "2024-5",
        "24",
        "",
        " 2024",
        "2024 ",
        "2024-Q2",
        "13.05.2024",
        "2024-05-13T00:00",
        2024,
        None,
    ],
)
def test_period_to_time_refuses_other_text(period: object) -> None:
    with pytest.raises(ValueError):
        period_time(period)  # type: ignore[arg-type]


def test_growth() -> None:
    # (121/100)^(1/2) − 1 = 1.1 − 1 = 0.1
    assert growth(121, 100, 2017, 2015) == approx(0.1)
    # (−81/−100)^(1/2) − 1 = 0.9 − 1 = −0.1
    assert growth(-81, -100, 2017, 2015) == approx(-0.1)
    for bad in [(1, 0, 2016, 2015), (1, -1, 2016, 2015), (1, 1, 2015, 2015)]:
        with pytest.raises(ValueError):
            growth(*bad)


def test_labels_cover_every_code() -> None:
    assert set(CATEGORY_LABELS_NB) == set(CATEGORIES)
    assert set(METHOD_LABELS_NB) == set(METHODS)
    assert set(COMPOSITE_METHOD_LABELS_NB) == set(COMPOSITE_METHODS)
    assert CATEGORY_LABELS_NB["deterioration"] == "Tilbakegang"


def test_unknown_method_or_direction_is_refused() -> None:
    with pytest.raises(ValueError):
        run({"2015": 1, "2016": 2}, method="fancy")
    with pytest.raises(ValueError):
        run({"2015": 1, "2016": 2}, direction="up")


def test_norwegian_direction_words_are_accepted() -> None:
    up = run({"2015": 100, "2016": 98}, direction="Økende")
    down = run({"2015": 100, "2016": 98}, direction="Synkende")
    assert (up.category, down.category) == ("deterioration", "substantial-progress")


# --------------------------------------------------------------------------- open-sdg, target


def test_target_increase_moderate() -> None:
    # g_obs = 1.1^(1/5) − 1 = 0.019245; g_req = 1.5^(1/15) − 1 = 0.027400
    # p = 0.019245/0.027400 = 0.70238 → 0.6 ≤ p < 0.95 → moderate
    # score = 7.1429·0.70238 − 4.2857 = 0.73131
    result = run({"2015": 100, "2020": 110}, target=150)
    assert result.category == "moderate-progress"
    assert result.progress == approx(0.70238, abs=1e-5)
    assert result.score == approx(0.73131, abs=1e-4)
    assert result.observed_growth == approx(0.019245, abs=1e-6)
    assert result.required_growth == approx(0.027400, abs=1e-6)
    assert "«Moderat fremgang»" in result.explanation_nb


def test_target_decrease_limited() -> None:
    # g_obs = 0.95^(1/5) − 1 = −0.010206; g_req = 0.5^(1/15) − 1 = −0.045158
    # p = s·d·g_obs/|g_req| = 1·(−1)·(−0.010206)/0.045158 = 0.22601 → 0 ≤ p < 0.6 → limited
    # score = 4.1667·0.22601 − 2.5 = −1.55829
    result = run({"2015": 20, "2020": 19}, direction="decrease", target=10)
    assert result.category == "limited-progress"
    assert result.progress == approx(0.22601, abs=1e-5)
    assert result.score == approx(-1.55829, abs=1e-4)
    assert "synkende" in result.explanation_nb


def test_target_increase_deterioration_score_floor() -> None:
    # g_obs = 0.8^(1/4) − 1 = −0.054258; g_req = 1.2^(1/15) − 1 = 0.012229
    # p = −0.054258/0.012229 = −4.4369 < 0 → deterioration; score max(4.1667·p − 2.5, −5) = −5
    result = run({"2015": 50, "2019": 40}, target=60)
    assert result.category == "deterioration"
    assert result.progress == approx(-4.4369, abs=1e-4)
    assert result.score == -5.0


def test_target_substantial_score_unclamped() -> None:
    # g_obs = 1.21^(1/2) − 1 = 0.1 (2015 → 2017); required: target 100·1.1^15 makes g_req 0.1
    # exactly, so p = 1.0 → substantial; score = 7.1429·1 − 4.2857 = 2.8572
    result = run({"2015": 100, "2017": 121}, target=100 * 1.1**15)
    assert result.category == "substantial-progress"
    assert result.progress == approx(1.0)
    assert result.score == approx(2.8572, abs=1e-6)


def test_target_with_negative_values() -> None:
    # base −100 (s = −1), increase (d = +1), target −50 (less negative is better)
    # g_obs = (−90/−100)^(1/5) − 1 = 0.9^0.2 − 1 = −0.020852
    # g_req = (−50/−100)^(1/15) − 1 = 0.5^(1/15) − 1 = −0.045158
    # p = (−1)(+1)(−0.020852)/0.045158 = 0.46174 → limited; score 4.1667·0.46174 − 2.5 = −0.57605
    result = run({"2015": -100, "2020": -90}, target=-50)
    assert result.category == "limited-progress"
    assert result.progress == approx(0.46174, abs=1e-5)
    assert result.score == approx(-0.57605, abs=1e-4)
    assert "negativ basisverdi" in result.explanation_nb


def test_target_of_opposite_sign_to_base_is_insufficient() -> None:
    # (−5/10)^(1/15) is no real number: the required growth cannot be computed.
    result = run({"2015": 10, "2020": 8}, direction="decrease", target=-5)
    assert result.category == "insufficient-data"
    assert result.score is None and result.basis is None
    assert "motsatt fortegn" in result.explanation_nb


def test_target_zero_is_replaced_for_growth_only() -> None:
    # target 0 → 0.001: g_req = 0.001^(1/15) − 1 = 10^(−0.2) − 1 = 0.630957 − 1 = −0.369043
    # g_obs = 0.5^(1/5) − 1 = −0.129449; p = (−1)(−0.129449)/0.369043 = 0.35077 → limited
    # score = 4.1667·0.35077 − 2.5 = −1.03844
    result = run({"2015": 1.0, "2020": 0.5}, direction="decrease", target=0)
    assert result.category == "limited-progress"
    assert result.required_growth == approx(-0.369043, abs=1e-6)
    assert result.progress == approx(0.35077, abs=1e-5)
    assert result.score == approx(-1.03844, abs=1e-4)
    assert result.target == 0
    assert "0,001" in result.explanation_nb


def test_target_zero_achieved_is_checked_against_zero_itself() -> None:
    # formats.md step 3 compares with the target as typed: 0.0005 > 0 is not achieved
    # (sdg-build would compare with 0.001 and say achieved). Growth: 0.0005^(1/5) − 1 = −0.78133,
    # p = 0.78133/0.369043 = 2.1172 → substantial.
    not_yet = run({"2015": 1.0, "2020": 0.0005}, direction="decrease", target=0)
    assert not_yet.category == "substantial-progress"
    assert not_yet.progress == approx(2.1172, abs=1e-4)
    reached = run({"2015": 1.0, "2020": 0.0}, direction="decrease", target=0)
    assert reached.category == "achieved" and reached.score == 5.0


def test_base_zero_and_target_zero() -> None:
    # base 0 → 0.001 and target 0 → 0.001: g_req = (0.001/0.001)^(1/15) − 1 = 0, and 2 > 0 is not
    # achieved (decrease) → p = (−1)·g_obs/0 = −inf → deterioration, score −5; p is not finite,
    # so progress is None.
    result = run({"2015": 0, "2018": 2}, direction="decrease", target=0)
    assert result.category == "deterioration"
    assert result.score == -5.0
    assert result.progress is None
    assert result.required_growth == 0.0
    assert result.basis == "target"
    # The same series with an increasing direction has reached its target (2 ≥ 0).
    assert run({"2015": 0, "2018": 2}, target=0).category == "achieved"


def test_base_at_or_after_target_year_is_insufficient() -> None:
    # The required growth (target, base, 2030, 2030) would divide by zero.
    result = run({"2030": 10, "2032": 12}, target=20, base_year=2030)
    assert result.category == "insufficient-data"
    assert "målåret 2030" in result.explanation_nb


# --------------------------------------------------------------------------- open-sdg, trend


@pytest.mark.parametrize(
    ("latest", "category", "score"),
    [
        # g = 101.6/100 − 1 = 0.016 ≥ 0.015 → substantial; score min(500·0.016 − 5, 5) = 3.0
        (101.6, "substantial-progress", 3.0),
        # g = 0.012: 0.005 ≤ g < 0.015 → moderate; score 250·0.012 − 1.25 = 1.75
        (101.2, "moderate-progress", 1.75),
        # g = 0.002: 0 ≤ g < 0.005 → limited; score 500·0.002 − 2.5 = −1.5
        (100.2, "limited-progress", -1.5),
        # g = 0 → limited (low ≤ p); score 500·0 − 2.5 = −2.5
        (100.0, "limited-progress", -2.5),
        # g = −0.01 < 0 → deterioration; score 125·(−0.01) − 2.5 = −3.75
        (99.0, "deterioration", -3.75),
        # g = −0.5 → score max(125·(−0.5) − 2.5, −5) = −5
        (50.0, "deterioration", -5.0),
        # g = 0.5 → score min(500·0.5 − 5, 5) = 5
        (150.0, "substantial-progress", 5.0),
    ],
)
def test_trend_increase(latest: float, category: str, score: float) -> None:
    result = run({"2015": 100, "2016": latest})
    assert result.basis == "trend"
    assert result.category == category
    assert result.score == approx(score, abs=1e-9)
    assert result.thresholds == (0.015, 0.005, 0.0)
    assert result.required_growth is None
    assert CATEGORY_LABELS_NB[category] in result.explanation_nb


def test_trend_over_several_years() -> None:
    # g = (102.01/100)^(1/2) − 1 = 1.01 − 1 = 0.01 → moderate; score 250·0.01 − 1.25 = 1.25
    result = run({"2015": 100, "2016": 0.5, "2017": 102.01})
    assert result.category == "moderate-progress"
    assert result.observed_growth == approx(0.01)
    assert result.score == approx(1.25)


def test_trend_decrease() -> None:
    # g = 196/200 − 1 = −0.02; p = d·g = (−1)(−0.02) = 0.02 → substantial; score min(10 − 5, 5) = 5
    assert run({"2015": 200, "2016": 196}, direction="decrease").category == (
        "substantial-progress"
    )
    # g = 198/200 − 1 = −0.01; p = 0.01 → moderate; score 250·0.01 − 1.25 = 1.25
    result = run({"2015": 200, "2016": 198}, direction="decrease")
    assert result.category == "moderate-progress"
    assert result.progress == approx(0.01)
    assert result.score == approx(1.25)
    # g = 202/200 − 1 = +0.01; p = −0.01 → deterioration; score 125·(−0.01) − 2.5 = −3.75
    worse = run({"2015": 200, "2016": 202}, direction="decrease")
    assert (worse.category, worse.score) == ("deterioration", approx(-3.75))


def test_trend_negative_values() -> None:
    # increase, base −100: g = (−98/−100) − 1 = −0.02; p = s·d·g = (−1)(1)(−0.02) = 0.02
    # → substantial (a less negative value is higher)
    assert run({"2015": -100, "2016": -98}).category == "substantial-progress"
    # decrease, base −100: g = (−101/−100) − 1 = 0.01; p = (−1)(−1)(0.01) = 0.01 → moderate
    result = run({"2015": -100, "2016": -101}, direction="decrease")
    assert result.category == "moderate-progress"
    assert result.progress == approx(0.01)


def test_base_value_zero_is_replaced_by_0_001() -> None:
    # base 0 → 0.001: g = 0.00101/0.001 − 1 = 0.01 → moderate; score 1.25
    result = run({"2015": 0, "2016": 0.00101})
    assert result.category == "moderate-progress"
    assert result.observed_growth == approx(0.01)
    assert result.score == approx(1.25)
    assert result.base_value == 0  # the observed value is reported, not the replacement


def test_base_zero_and_negative_latest_are_of_opposite_sign() -> None:
    # base 0 → 0.001 (positive) and −2 are of opposite sign → insufficient data (as sdg-build)
    result = run({"2015": 0, "2017": -2})
    assert result.category == "insufficient-data"
    assert result.score is None and result.basis is None


def test_opposite_signs_are_insufficient_unless_the_target_is_met() -> None:
    result = run({"2015": -5, "2018": 5})
    assert result.category == "insufficient-data"
    assert (result.base_value, result.latest_value) == (-5, 5)
    assert result.progress is None and result.projected_2030 is None
    assert "motsatt fortegn" in result.explanation_nb
    # Step 3 comes first: 5 ≥ 3 is achieved even though no growth can be computed.
    achieved = run({"2015": -5, "2018": 5}, target=3)
    assert (achieved.category, achieved.score, achieved.basis) == ("achieved", 5.0, None)


# --------------------------------------------------------------------------- natural limit


def test_limit_base_below_limit_widens_to_substantial() -> None:
    # b = 90, L = 100, b ≤ L: c = 1 − 0.9^4.44 = 1 − exp(4.44·ln 0.9) = 1 − 0.626378 = 0.373622
    # thresholds: high 0.015c = 0.0056043, med 0.005c = 0.0018681
    # g = 90.9/90 − 1 = 0.01 ≥ 0.0056043 → substantial (without a limit: moderate)
    # score = min(500·0.01/0.373622 − 5, 5) = min(8.38, 5) = 5
    result = run({"2015": 90, "2016": 90.9}, limit=100)
    assert result.limit_factor == approx(0.373622, abs=1e-6)
    assert result.thresholds == approx((0.0056043, 0.0018681, 0.0), abs=1e-7)
    assert result.category == "substantial-progress"
    assert result.score == 5.0
    assert run({"2015": 90, "2016": 90.9}).category == "moderate-progress"
    assert "0,374" in result.explanation_nb


def test_limit_base_below_limit_score_divided_by_c() -> None:
    # g = 90.36/90 − 1 = 0.004: med 0.0018681 ≤ g < high 0.0056043 → moderate
    # score = 250·0.004/0.373622 − 1.25 = 2.676502 − 1.25 = 1.426502
    result = run({"2015": 90, "2016": 90.36}, limit=100)
    assert result.category == "moderate-progress"
    assert result.score == approx(1.4265, abs=1e-4)


def test_limit_base_between_limit_and_twice_limit() -> None:
    # b = 150, L = 100, L < b < 2L: c = 1 − ((200 − 150)/100)^4.44 = 1 − 0.5^4.44 = 0.953929
    # decrease: g = 148.5/150 − 1 = −0.01, p = 0.01; high 0.0143089 > p ≥ med 0.0047696 → moderate
    # score = 250·0.01/0.953929 − 1.25 = 2.620740 − 1.25 = 1.370740
    result = run({"2015": 150, "2016": 148.5}, direction="decrease", limit=100)
    assert result.limit_factor == approx(0.953929, abs=1e-6)
    assert result.category == "moderate-progress"
    assert result.score == approx(1.37074, abs=1e-4)


def test_limit_base_at_least_twice_limit() -> None:
    # b = 200 ≥ 2L = 200 → c = 1: thresholds unchanged; g = 0.01 → moderate, score 1.25
    result = run({"2015": 200, "2016": 202}, limit=100)
    assert result.limit_factor == 1.0
    assert result.thresholds == (0.015, 0.005, 0.0)
    assert result.category == "moderate-progress"
    assert result.score == approx(1.25)


def test_limit_zero_gives_factor_one() -> None:
    # L = 0: b ≥ 2L is checked first, so c = 1 (no division by zero)
    assert run({"2015": 5, "2016": 5.05}, limit=0).limit_factor == 1.0


def test_limit_factor_zero_gives_score_five() -> None:
    # b = L = 100 → c = 1 − 1^4.44 = 0: thresholds (0, 0, 0); g = 0 ≥ 0 → substantial, score 5
    result = run({"2015": 100, "2016": 100}, limit=100)
    assert result.limit_factor == 0.0
    assert result.thresholds == (0.0, 0.0, 0.0)
    assert (result.category, result.score) == ("substantial-progress", 5.0)
    # Falling away from the limit is still deterioration: g = −0.01, score 125·(−0.01) − 2.5
    fell = run({"2015": 100, "2016": 99}, limit=100)
    assert (fell.category, fell.score) == ("deterioration", approx(-3.75))


def test_limit_is_ignored_when_there_is_a_target() -> None:
    result = run({"2015": 90, "2016": 90.9}, target=95, limit=100)
    assert result.basis == "target"
    assert result.limit_factor is None
    assert result.thresholds == (0.95, 0.6, 0.0)


# --------------------------------------------------------------------------- base and current


def test_single_observation_meeting_the_target_is_achieved() -> None:
    result = run({"2020": 80}, target=75)
    assert result.category == "achieved"
    assert result.score == 5.0
    assert result.basis is None and result.progress is None
    assert result.base_period == result.latest_period == "2020"
    assert "«Målet er nådd»" in result.explanation_nb


def test_single_observation_not_meeting_the_target_is_insufficient() -> None:
    result = run({"2020": 70}, target=75)
    assert result.category == "insufficient-data"
    assert result.score is None
    assert "én observasjon" in result.explanation_nb


def test_decrease_target_met() -> None:
    result = run({"2015": 12, "2020": 9}, direction="decrease", target=10)
    assert (result.category, result.score) == ("achieved", 5.0)
    # growth is still shown: 0.75^(1/5) − 1 = −0.056
    assert result.observed_growth == approx(0.75**0.2 - 1)


def test_observations_before_the_base_year_are_ignored() -> None:
    later = {"2016": 100.0, "2020": 110.0}
    plain = run(later, target=150)
    assert plain.base_period == "2016"
    for early in ({"2010": 5.0, "2014": 500.0}, {"2010": -99.0}, {"2014-K4": 1e6}):
        assert run({**early, **later}, target=150) == plain


def test_no_observation_from_the_base_year_on() -> None:
    result = run({"2012": 10, "2014": 12})
    assert result.category == "insufficient-data"
    assert result.base_period is None
    assert "2015" in result.explanation_nb


def test_base_year_override_per_indicator_and_default() -> None:
    series = {"2015": 100, "2018": 130, "2020": 128}
    # default 2015: g = 1.28^(1/5) − 1 = 0.050611 → substantial
    assert run(series).category == "substantial-progress"
    # Basisår 2018: g = (128/130)^(1/2) − 1 = −0.007722 → deterioration
    override = run(series, base_year=2018)
    assert override.category == "deterioration"
    assert override.base_period == "2018"
    assert override.observed_growth == approx(-0.007722, abs=1e-6)
    # the setting moves the default; the indicator's own Basisår wins over it
    assert run(series, default_base_year=2018).category == "deterioration"
    assert run(series, base_year=2015, default_base_year=2018).category == "substantial-progress"


def test_less_than_a_year_between_base_and_latest() -> None:
    result = run({"2015-K1": 100, "2015-K4": 102})  # 2015.75 − 2015.0 = 0.75 < 1
    assert result.category == "insufficient-data"
    assert "mindre enn ett år" in result.explanation_nb


def test_quarters() -> None:
    # 2016-K1 − 2015-K1 = 2016.0 − 2015.0 = 1; g = 102/100 − 1 = 0.02 → substantial
    assert run({"2015-K1": 100, "2016-K1": 102}).category == "substantial-progress"
    # base year 2015: 2014-K4 (2014.75) is before it; 2015-K3 (2015.5) is after 2015.0 → base
    result = run({"2014-K4": 50, "2015-K3": 100, "2016-K3": 101})
    assert result.base_period == "2015-K3"
    # span 2016.5 − 2015.5 = 1; g = 0.01 → moderate
    assert result.category == "moderate-progress"
    assert result.observed_growth == approx(0.01)


def test_months() -> None:
    # 2016-02 − 2015-02 = (2016 + 1/12) − (2015 + 1/12) = 1 → assessed; g = 0.01 → moderate
    result = run({"2015-02": 100, "2016-02": 101})
    assert result.category == "moderate-progress"
    assert result.observed_growth == approx(0.01)
    # 2016-02 − 2015-03 = 11/12 < 1 → insufficient
    assert run({"2015-03": 100, "2016-02": 101}).category == "insufficient-data"


def test_dates() -> None:
    # 2015-07-02 = 2015 + 182/365; 2016-07-02 (leap year, day 184) = 2016 + 183/366
    # span = 1 + 183/366 − 182/365 = 1.001370 → g = 1.1^(1/1.001370) − 1 = 0.099857
    result = run({"2015-07-02": 100, "2016-07-02": 110})
    assert result.observed_growth == approx(0.099857, abs=1e-6)
    assert result.observed_growth != approx(0.1, abs=1e-6)
    # 2016-07-01 = 2016 + 182/366: span = 1 + 182/366 − 182/365 = 0.998638 < 1 → insufficient
    assert run({"2015-07-02": 100, "2016-07-01": 110}).category == "insufficient-data"


def test_as_of_cuts_off_later_observations() -> None:
    series = {"2015": 100, "2018": 90, "2020": 130}
    # all: g = 1.3^(1/5) − 1 = 0.053874 → substantial
    assert run(series).category == "substantial-progress"
    cut = run(series, as_of="2019")
    # up to 2019: latest is 2018 (90), g = 0.9^(1/3) − 1 < 0 → deterioration
    assert (cut.latest_period, cut.category) == ("2018", "deterioration")
    # step 0: periods are intervals. The year 2018 is not over at the end of 2018-K1 (or K3),
    # so its value does not count yet; at the end of 2018-K4 it does.
    assert run(series, as_of="2018-K1").latest_period == "2015"
    assert run(series, as_of="2018-K3").latest_period == "2015"
    assert run(series, as_of="2018-K4").latest_period == "2018"
    # a year's cut-off takes every quarter, month and date inside the year
    months = {"2015": 1, "2017-12": 2, "2018-06": 3, "2018-12-31": 4, "2019-01": 5}
    assert run(months, as_of="2018").latest_period == "2018-12-31"
    assert run(months, as_of="2018-K2").latest_period == "2018-06"
    assert run(months, as_of="2018-06-29").latest_period == "2017-12"
    # nothing left: no data, or under development for an "Under arbeid" indicator
    assert run(series, as_of="2014").category == "insufficient-data"
    assert run(series, as_of="2014", status="Under arbeid").category == "under-development"
    with pytest.raises(ValueError):
        run(series, as_of="2019-K7")


def test_projection() -> None:
    # g = 1.1^(1/5) − 1; projection = 110·(1 + g)^(2030 − 2020) = 110·1.1^(10/5) = 110·1.21 = 133.1
    result = run({"2015": 100, "2020": 110})
    assert result.projected_2030 == approx(133.1)
    # with a target the projection is the same (it is shown, not used for the category)
    assert run({"2015": 100, "2020": 110}, target=500).projected_2030 == approx(133.1)


def test_under_development() -> None:
    result = run({}, status="Under arbeid")
    assert result.category == "under-development"
    assert result.score is None and result.basis is None
    assert "under arbeid" in result.explanation_nb
    # with observations it is assessed as usual
    assert run({"2015": 100, "2016": 102}, status="Under arbeid").category == (
        "substantial-progress"
    )
    # a ready indicator without observations has too little data
    assert run({}).category == "insufficient-data"


def test_values_that_are_not_numbers_are_skipped() -> None:
    result = run({"2015": 100, "2016": 101, "2017": math.nan})
    assert result.latest_period == "2016"


def test_two_periods_at_the_same_time_last_given_wins() -> None:
    result = run({"2015": 100, "2015-K1": 50, "2016": 51})
    # 2015 and 2015-K1 are both 2015.0: 50 wins; g = 51/50 − 1 = 0.02 → substantial
    assert (result.base_period, result.base_value) == ("2015-K1", 50)
    assert result.category == "substantial-progress"


def test_assessments_are_frozen() -> None:
    result = run({"2015": 100, "2016": 101})
    with pytest.raises(AttributeError):
        result.category = "achieved"  # type: ignore[misc]


# --------------------------------------------------------------------------- linear-trajectory


@pytest.mark.parametrize(
    ("latest", "category", "progress", "score"),
    [
        # line 40 (2020) → 60 (2030): expected in 2024 = 40 + 20·4/10 = 48; change expected 8
        # 48: on the line → substantial; progress 8/8 = 1; score 7.1429·1 − 4.2857 = 2.8572
        (48, "substantial-progress", 1.0, 2.8572),
        # 52: above the line → substantial; progress 12/8 = 1.5; score min(10.714 − 4.286, 5) = 5
        (52, "substantial-progress", 1.5, 5.0),
        # 46: 6/8 = 0.75 ≥ 0.6 → moderate; score 7.1429·0.75 − 4.2857 = 1.071475
        (46, "moderate-progress", 0.75, 1.071475),
        # 42: 2/8 = 0.25 → limited; score 4.1667·0.25 − 2.5 = −1.458325
        (42, "limited-progress", 0.25, -1.458325),
        # 38: −2/8 = −0.25 → deterioration; score 4.1667·(−0.25) − 2.5 = −3.541675
        (38, "deterioration", -0.25, -3.541675),
    ],
)
def test_linear_trajectory(latest: float, category: str, progress: float, score: float) -> None:
    result = run({"2020": 40, "2022": 44, "2024": latest}, target=60, method="linear-trajectory")
    assert result.method == "linear-trajectory"
    assert result.basis == "target"
    assert result.category == category
    assert result.progress == approx(progress)
    assert result.score == approx(score, abs=1e-6)
    assert result.thresholds == (1.0, 0.6, 0.0)
    assert "48" in result.explanation_nb  # the expected value on the line


def test_linear_trajectory_achieved_and_projection() -> None:
    assert run({"2020": 40, "2024": 61}, target=60, method="linear-trajectory").category == (
        "achieved"
    )
    # straight-line projection: pace (46 − 40)/4 = 1.5 per year → 46 + 1.5·6 = 55
    result = run({"2020": 40, "2024": 46}, target=60, method="linear-trajectory")
    assert result.projected_2030 == approx(55.0)


def test_linear_trajectory_decrease() -> None:
    # line 40 (2020) → 20 (2030); expected in 2025: 40 − 20·0.5 = 30; expected change −10
    # actual change 32 − 40 = −8; progress = d·(−8)/|−10| = 0.8 → moderate
    # score 7.1429·0.8 − 4.2857 = 1.42862
    result = run(
        {"2020": 40, "2025": 32}, direction="decrease", target=20, method="linear-trajectory"
    )
    assert result.category == "moderate-progress"
    assert result.progress == approx(0.8)
    assert result.score == approx(1.42862, abs=1e-6)


def test_linear_trajectory_target_on_the_wrong_side_of_the_base() -> None:
    # increase, base 80 (2020), target 75 (already passed at the base), latest 70 (2025):
    # expected 80 − 5·0.5 = 77.5; progress = d·(70 − 80)/|77.5 − 80| = −10/2.5 = −4
    # → deterioration (a plain −10/−2.5 = +4 would call the fall "progress"); score −5
    result = run({"2020": 80, "2025": 70}, target=75, method="linear-trajectory")
    assert result.category == "deterioration"
    assert result.progress == approx(-4.0)
    assert result.score == -5.0


def test_linear_trajectory_target_equal_to_base() -> None:
    # expected change 0, actual −5 → progress −inf (stored as None) → deterioration, score −5
    result = run({"2020": 50, "2022": 45}, target=50, method="linear-trajectory")
    assert (result.category, result.progress, result.score) == ("deterioration", None, -5.0)


@pytest.mark.parametrize("method", ["linear-trajectory", "share-of-distance"])
def test_linear_methods_need_a_target(method: str) -> None:
    result = run({"2020": 40, "2024": 46}, method=method)
    assert result.category == "insufficient-data"
    assert result.basis is None and result.score is None
    assert "krever et mål" in result.explanation_nb
    assert METHOD_LABELS_NB[method] in result.explanation_nb


@pytest.mark.parametrize("method", ["linear-trajectory", "share-of-distance"])
def test_linear_methods_share_the_base_and_data_rules(method: str) -> None:
    assert run({"2020": 40}, target=60, method=method).category == "insufficient-data"
    assert run({"2020": 61}, target=60, method=method).category == "achieved"
    assert run({}, status="Under arbeid", method=method).category == "under-development"
    # values of opposite sign are fine for straight lines: −10 → 5 toward 20 over 2020 → 2025
    # share: 15/30 = 0.5 ≥ elapsed 0.5 → substantial
    crossing = run({"2020": -10, "2025": 5}, target=20, method=method)
    assert crossing.category == "substantial-progress"


# --------------------------------------------------------------------------- share-of-distance


@pytest.mark.parametrize(
    ("latest", "category", "progress", "score"),
    [
        # base 40 (2020), target 60 (2030), 2025: elapsed share 5/10 = 0.5
        # 52: (52 − 40)/20 = 0.6 ≥ 0.5 → substantial; score 7.1429·(0.6/0.5) − 4.2857 = 4.28578
        (52, "substantial-progress", 0.6, 4.28578),
        # 48: 0.4; 0.3 ≤ 0.4 < 0.5 → moderate; score 7.1429·0.8 − 4.2857 = 1.42862
        (48, "moderate-progress", 0.4, 1.42862),
        # 44: 0.2 < 0.3 → limited; score 4.1667·0.4 − 2.5 = −0.83332
        (44, "limited-progress", 0.2, -0.83332),
        # 38: −0.1 → deterioration; score 4.1667·(−0.2) − 2.5 = −3.33334
        (38, "deterioration", -0.1, -3.33334),
        # 60: 1.0 → achieved; score 5
        (60, "achieved", 1.0, 5.0),
    ],
)
def test_share_of_distance(latest: float, category: str, progress: float, score: float) -> None:
    result = run({"2020": 40, "2025": latest}, target=60, method="share-of-distance")
    assert result.category == category
    assert result.progress == approx(progress)
    assert result.score == approx(score, abs=1e-6)
    assert result.thresholds == approx((0.5, 0.3, 0.0))
    assert result.basis == "target"


def test_share_of_distance_decrease() -> None:
    # base 100 (2020), target 50, 2022: 90 → share (100 − 90)/50 = 0.2; elapsed 2/10 = 0.2
    # 0.2 ≥ 0.2 → substantial; score 7.1429·1 − 4.2857 = 2.8572
    result = run(
        {"2020": 100, "2022": 90}, direction="decrease", target=50, method="share-of-distance"
    )
    assert result.category == "substantial-progress"
    assert result.progress == approx(0.2)
    assert result.score == approx(2.8572, abs=1e-6)
    assert "20" in result.explanation_nb


# --------------------------------------------------------------------------- composite


def child(ident: str, category: str, score: float | None, method: str = "open-sdg") -> Assessment:
    return Assessment(
        indicator_id=ident,
        method=method,
        category=category,
        basis=None if score is None else "trend",
        progress=None,
        score=score,
        base_period=None,
        base_value=None,
        latest_period=None,
        latest_value=None,
        target=None,
        projected_2030=None,
        observed_growth=None,
        required_growth=None,
        thresholds=None,
        limit_factor=None,
        explanation_nb="",
    )


PARENT = IndicatorSpec("S2-04")


def test_mean_score() -> None:
    children = [
        child("a", "substantial-progress", 5.0),
        child("b", "moderate-progress", 1.0),
        child("c", "deterioration", -3.0),
        child("d", "insufficient-data", None),
    ]
    # mean of the scored children: (5 + 1 − 3)/3 = 1.0 → 0 ≤ 1 < 2.5 → moderate
    result = assess_composite(PARENT, children)
    assert (result.category, result.score) == ("moderate-progress", approx(1.0))
    assert result.composite_method == "mean-score"
    assert result.children == tuple(children)
    assert result.indicator_id == "S2-04"
    assert result.method == "open-sdg"
    assert "Gjennomsnittlig poeng" in result.explanation_nb
    assert "1 uten poeng" in result.explanation_nb


@pytest.mark.parametrize(
    ("scores", "category"),
    [
        ((2.5, 2.5), "substantial-progress"),  # mean 2.5 → substantial
        ((2.4, 2.6), "substantial-progress"),  # mean 2.5
        ((0.0, 0.0), "moderate-progress"),  # mean 0 → moderate
        ((-2.5, -2.5), "limited-progress"),  # mean −2.5 → limited
        ((-2.6, -2.6), "deterioration"),  # mean −2.6 → deterioration
    ],
)
def test_mean_score_bands(scores: tuple[float, float], category: str) -> None:
    children = [child(str(i), "moderate-progress", s) for i, s in enumerate(scores)]
    assert assess_composite(PARENT, children).category == category


def test_mean_score_achieved_only_if_every_child_is() -> None:
    both = [child("a", "achieved", 5.0), child("b", "achieved", 5.0)]
    assert assess_composite(PARENT, both).category == "achieved"
    # mean 5 but one child only has substantial progress → substantial
    one = [child("a", "achieved", 5.0), child("b", "substantial-progress", 5.0)]
    assert assess_composite(PARENT, one).category == "substantial-progress"
    # a child without data is not achieved either
    gap = [*both, child("c", "insufficient-data", None)]
    result = assess_composite(PARENT, gap)
    assert (result.category, result.score) == ("substantial-progress", 5.0)


def test_composite_without_scored_children() -> None:
    under = [child("a", "under-development", None), child("b", "under-development", None)]
    assert assess_composite(PARENT, under).category == "under-development"
    mixed = [child("a", "under-development", None), child("b", "insufficient-data", None)]
    result = assess_composite(PARENT, mixed)
    assert (result.category, result.score) == ("insufficient-data", None)
    assert assess_composite(PARENT, []).category == "insufficient-data"
    waiting = IndicatorSpec("S2-05", status="Under arbeid")
    assert assess_composite(waiting, []).category == "under-development"
    for method in COMPOSITE_METHODS:
        assert assess_composite(PARENT, mixed, method=method).category == "insufficient-data"


def test_worst_child() -> None:
    children = [
        child("a", "substantial-progress", 3.0),
        child("b", "limited-progress", -1.0),
        child("c", "moderate-progress", 1.0),
        child("d", "insufficient-data", None),
    ]
    result = assess_composite(PARENT, children, method="worst-child")
    assert (result.category, result.score) == ("limited-progress", -1.0)
    assert result.composite_method == "worst-child"
    assert "Svakeste delindikator" in result.explanation_nb and "b" in result.explanation_nb


def test_worst_child_tie_takes_the_weaker_category() -> None:
    children = [child("a", "achieved", 5.0), child("b", "substantial-progress", 5.0)]
    result = assess_composite(PARENT, children, method="worst-child")
    assert result.category == "substantial-progress"


def test_single_child_methods_keep_achieved_for_all_achieved_only() -> None:
    children = [
        child("a", "achieved", 5.0),
        child("b", "achieved", 5.0),
        child("c", "insufficient-data", None),
    ]
    for method in ("worst-child", "median-child"):
        result = assess_composite(PARENT, children, method=method)
        assert (result.category, result.score) == ("substantial-progress", 5.0)
    all_done = children[:2]
    assert assess_composite(PARENT, all_done, method="worst-child").category == "achieved"


def test_median_child() -> None:
    odd = [
        child("a", "substantial-progress", 3.0),
        child("b", "deterioration", -4.0),
        child("c", "moderate-progress", 1.0),
        child("d", "achieved", 5.0),
        child("e", "limited-progress", -1.0),
    ]
    # sorted scores −4, −1, 1, 3, 5 → median 1 (c)
    result = assess_composite(PARENT, odd, method="median-child")
    assert (result.category, result.score) == ("moderate-progress", 1.0)
    assert "Median delindikator" in result.explanation_nb
    # even: −4, −1, 1, 3 → lower median is −1 (e)
    even = assess_composite(PARENT, odd[:3] + odd[4:], method="median-child")
    assert (even.category, even.score) == ("limited-progress", -1.0)


def test_composite_refuses_mixed_methods_and_unknown_method() -> None:
    children = [
        child("a", "moderate-progress", 1.0),
        child("b", "moderate-progress", 1.0, method="linear-trajectory"),
    ]
    with pytest.raises(ValueError):
        assess_composite(PARENT, children)
    with pytest.raises(ValueError):
        assess_composite(PARENT, children[:1], method="best-child")


def test_composite_of_real_assessments() -> None:
    a = assess(IndicatorSpec("a", target=75), obs({"2019": 33, "2023": 57}))  # score 5
    b = assess(IndicatorSpec("b"), obs({"2015": 100, "2016": 99}))  # score −3.75
    # mean (5 − 3.75)/2 = 0.625 → moderate
    result = assess_composite(PARENT, [a, b])
    assert result.score == approx(0.625)
    assert result.category == "moderate-progress"
    nested = assess_composite(IndicatorSpec("top"), [result, a], method="worst-child")
    assert nested.category == "moderate-progress"


# --------------------------------------------------------------------------- roll-up


def test_rollup() -> None:
    assessments = [
        child("a", "achieved", 5.0),
        child("b", "deterioration", -4.0),
        child("c", "deterioration", -3.0),
        child("d", "under-development", None),
    ]
    result = rollup(assessments)
    # mean of existing scores: (5 − 4 − 3)/3 = −0.6667
    assert result["mean_score"] == approx(-2 / 3)
    assert result["counts"] == {
        "achieved": 1,
        "substantial-progress": 0,
        "moderate-progress": 0,
        "limited-progress": 0,
        "deterioration": 2,
        "insufficient-data": 0,
        "under-development": 1,
    }
    assert list(result["counts"]) == list(CATEGORIES)


def test_rollup_without_scores() -> None:
    result = rollup([child("a", "insufficient-data", None)])
    assert result["mean_score"] is None
    assert sum(result["counts"].values()) == 1
    assert rollup([]) == {"mean_score": None, "counts": dict.fromkeys(CATEGORIES, 0)}
    with pytest.raises(ValueError):
        rollup([replace(child("a", "achieved", 5.0), category="great")])


def test_growth_beyond_any_float_is_infinite_not_a_crash():
    """Found by hypothesis: a base of 1e-274 half a year before the target made ``**`` overflow."""
    from model.attainment import growth

    assert growth(1.0, 1e-300, 2030.0, 2029.5) == math.inf
    assert growth(1.0, 1e-300, 2030.0, 2029.5) > growth(1.0, 1e-3, 2030.0, 2029.5) > 0
