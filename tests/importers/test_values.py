"""Cell parsers: forgiving where a person would be, strict where data would be wrong."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from importers.values import (
    ValueProblem,
    parse_date,
    parse_goal_list,
    parse_number,
    parse_period,
    parse_planned_finish,
    parse_round,
    parse_vocab,
)
from model.periods import period_time
from model.vocab import ALL_GOALS, STATUS_COLOURS, STRATEGIC_GOALS


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (57, 57.0),
        (57.3, 57.3),
        ("57,3", 57.3),
        ("57.3", 57.3),
        ("57 %", 57.0),
        ("57,3%", 57.3),
        ("0.573", 0.573),
        ("12 345", 12345.0),
        ("1 234,5", 1234.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("\u221212", -12.0),
        ("-0,5", -0.5),
        (" 7 ", 7.0),
    ],
)
def test_numbers_as_people_type_them(raw, expected):
    assert parse_number(raw) == pytest.approx(expected)


@pytest.mark.parametrize("raw", ["mange", "57,3,1", "", "12a", "--3", "%", True])
def test_non_numbers_are_refused_with_a_norwegian_message(raw):
    with pytest.raises(ValueProblem) as info:
        parse_number(raw)
    assert info.value.code == "invalid-number"
    assert "tall" in info.value.message


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda x: round(x, 3)))
def test_a_number_written_with_decimal_comma_reads_back(x):
    text = f"{x:.3f}".replace(".", ",")
    assert parse_number(text) == pytest.approx(x, abs=1e-9)


@given(st.integers(min_value=0, max_value=10**9))
def test_thousands_with_spaces_read_back(n):
    text = f"{n:,}".replace(",", " ")
    assert parse_number(text) == n


@given(
    st.sampled_from(STATUS_COLOURS),
    st.sampled_from(["", " ", "  "]),
    st.sampled_from([str.upper, str.lower, str.title, str]),
)
def test_vocabulary_ignores_case_and_surrounding_space(word, pad, case):
    assert parse_vocab(pad + case(word) + pad, STATUS_COLOURS, what="status") == word


def test_unknown_vocabulary_word_lists_the_allowed_ones():
    with pytest.raises(ValueProblem) as info:
        parse_vocab("Oransje", STATUS_COLOURS, what="status")
    assert info.value.code == "invalid-value"
    assert (
        info.value.message
        == "«Oransje» er ikke en gyldig status. Gyldige verdier: Grønn, Gul, Rød."
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2, 4", ["S2", "S4"]),
        ("S2; S4", ["S2", "S4"]),
        ("4,2", ["S2", "S4"]),
        ("s1", ["S1"]),
        ("2;2", ["S2"]),
        ("", []),
        (3.0, ["S3"]),
    ],
)
def test_goal_lists_in_both_spellings(raw, expected):
    assert parse_goal_list(raw, STRATEGIC_GOALS) == expected


@pytest.mark.parametrize("raw", ["7", "S9", "O1", "2, X"])
def test_goal_codes_outside_the_strategy_are_refused(raw):
    with pytest.raises(ValueProblem) as info:
        parse_goal_list(raw, STRATEGIC_GOALS)
    assert info.value.code == "invalid-value"


@given(
    st.lists(st.sampled_from(ALL_GOALS), min_size=1, max_size=8),
    st.sampled_from([",", ";", ", ", " ; "]),
)
def test_goal_list_round_trips(codes, sep):
    assert parse_goal_list(sep.join(codes), ALL_GOALS, bare_digits=None) == sorted(
        set(codes), key=ALL_GOALS.index
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023", "2023"),
        (2023, "2023"),
        (2023.0, "2023"),
        ("2024-K2", "2024-K2"),
        ("2024-k2", "2024-K2"),
        ("2024-05", "2024-05"),
        ("2024-5", "2024-05"),
        (date(2024, 5, 13), "2024-05-13"),
        (datetime(2024, 5, 13), "2024-05-13"),
        ("13.05.2024", "2024-05-13"),
        ("2024-05-13", "2024-05-13"),
    ],
)
def test_periods(raw, expected):
    assert parse_period(raw) == expected


@pytest.mark.parametrize(
    "raw", ["2024-Q2", "2024-K5", "2024-13", "i fjor", "20233", 2023.5, "2024-02-30"]
)
def test_bad_periods(raw):
    with pytest.raises(ValueProblem) as info:
        parse_period(raw)
    assert info.value.code == "invalid-period"


@given(st.integers(min_value=1900, max_value=2100), st.integers(min_value=1, max_value=4))
def test_quarter_time_is_year_plus_quarters(year, q):
    assert period_time(parse_period(f"{year}-K{q}")) == year + (q - 1) / 4


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_dates_parse_and_order_like_time(d):
    p = parse_period(d)
    assert p == d.isoformat()
    assert d.year <= period_time(p) < d.year + 1


def test_rounds():
    assert parse_round(" 2025-k3 ") == "2025-K3"
    for bad in ("2025-Q3", "2025-K5", "3. kvartal", ""):
        with pytest.raises(ValueProblem) as info:
            parse_round(bad)
        assert info.value.code == "invalid-period"


def test_dates_and_planned_finish():
    assert parse_date(date(2025, 9, 12)) == date(2025, 9, 12)
    assert parse_date("12.09.2025") == date(2025, 9, 12)
    assert parse_date(45912) == date(2025, 9, 12)  # an Excel serial day number
    assert parse_planned_finish("2027-k2") == "2027-K2"
    assert parse_planned_finish(datetime(2027, 6, 30)) == "2027-06-30"
    with pytest.raises(ValueProblem) as info:
        parse_planned_finish("snart")
    assert info.value.code == "invalid-date"
