"""Periods are intervals (formats.md section 4, step 0): what counts as of a cut-off."""

from __future__ import annotations

from datetime import date

import pytest

from model.periods import (
    counts_at,
    cut_off_time,
    finish_date,
    is_quarter,
    looks_like_round,
    months_between,
    next_quarter,
    period_end,
    period_kind,
    period_label,
    period_start,
    period_time,
    quarter_code,
    quarter_number,
    quarter_of,
    quarters,
    round_label,
    typed_date,
    typed_period,
    typed_round,
)


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025-K1", date(2025, 1, 1), date(2025, 3, 31)),
        ("2025-K3", date(2025, 7, 1), date(2025, 9, 30)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),  # a leap year
        ("2025-02", date(2025, 2, 1), date(2025, 2, 28)),
        ("2025-09-12", date(2025, 9, 12), date(2025, 9, 12)),
    ],
)
def test_every_period_is_an_interval(period, start, end):
    assert (period_start(period), period_end(period)) == (start, end)


def test_the_cut_off_of_the_contract():
    # --as-of 2025 takes 2025, 2025-K1…K4, 2025-01…12 and every date in 2025
    inside_2025 = ["2025", "2025-K1", "2025-K4", "2025-01", "2025-12", "2025-12-31", "2024"]
    assert all(counts_at(p, "2025") for p in inside_2025)
    assert not any(counts_at(p, "2025") for p in ("2026", "2026-K1", "2026-01-01"))
    # --as-of 2025-K3 takes 2025-K1…K3, months up to 2025-09 and dates up to 30 September 2025,
    # but not the year 2025 (it is not over): its latest annual value is 2024
    taken = ["2025-K1", "2025-K3", "2025-09", "2025-09-30", "2024", "2024-K4"]
    assert all(counts_at(p, "2025-K3") for p in taken)
    left_out = ["2025", "2025-K4", "2025-10", "2025-10-01"]
    assert not any(counts_at(p, "2025-K3") for p in left_out)
    assert counts_at("2030", None)  # no cut-off: everything


def test_time_positions_stay_as_in_step_one():
    assert period_time("2023") == 2023.0
    assert period_time("2024-K2") == 2024.25
    assert period_time("2024-05") == pytest.approx(2024 + 4 / 12)
    assert period_time("2024-03-01") == pytest.approx(2024 + 60 / 366)
    # the database pre-filter never drops an observation that counts
    for period in ("2025-K3", "2025-09", "2025-09-30", "2025-07-01"):
        assert period_time(period) <= cut_off_time("2025-K3")


def test_planned_finish_and_slip_in_months():
    assert finish_date("2027-K2") == date(2027, 6, 30)  # a quarter counts as its last day
    assert finish_date("2026-12-31") == date(2026, 12, 31)
    assert finish_date(None) is None and finish_date("snart") is None
    assert months_between(date(2026, 12, 31), date(2027, 6, 30)) == 6
    assert months_between(date(2026, 1, 31), date(2026, 2, 1)) == 1


def test_unknown_periods_are_refused():
    for bad in ("2025-K5", "2025-13", "2025-02-30", "25", "K3"):
        with pytest.raises(ValueError):
            period_end(bad)


def test_what_a_person_types_becomes_the_canonical_period():
    assert typed_period("2024-k 2") == "2024-K2"
    assert typed_period("2024-5") == "2024-05"
    assert typed_period("13.05.2024") == "2024-05-13"
    assert typed_period("2023") == "2023"
    for canonical in ("2023", "2024-K2", "2024-05", "2024-05-13"):
        assert typed_period(canonical) == canonical
    for bad in ("1899", "2024-K5", "2024-13", "31.02.2025", "K3", "neste år", ""):
        assert typed_period(bad) is None, bad


def test_rounds_and_dates_as_typed():
    assert typed_round("2025 k3") == typed_round("2025-K3") == "2025-K3"
    assert typed_round("1999-K3") is None and typed_round("2025-K5") is None
    assert looks_like_round("1999-K3")
    assert typed_date("12.09.2025") == typed_date("2025-09-12") == date(2025, 9, 12)
    assert typed_date("i morgen") is None
    with pytest.raises(ValueError):
        typed_date("31.02.2025")  # the shape of a date but no such day


def test_periods_in_words():
    assert [period_label(p) for p in ("2025-K3", "2024-05", "2023", "2024-05-13")] == [
        "3. kvartal 2025",
        "mai 2024",
        "2023",
        "13. mai 2024",
    ]
    assert period_label("ukjent") == "ukjent"
    assert round_label("2025-K3") == "2025-K3 (3. kvartal 2025)"
    assert period_kind("2024-K2") == "quarter"


def test_stepping_through_quarters():
    assert quarters("2023-K3", "2024-K2") == ("2023-K3", "2023-K4", "2024-K1", "2024-K2")
    assert next_quarter("2024-K4") == "2025-K1" and next_quarter("2025-K1") == "2025-K2"
    assert quarter_of(date(2025, 9, 12)) == "2025-K3" and quarter_of(date(2026, 1, 1)) == "2026-K1"
    for code in ("2023-K1", "2024-K4", "2030-K2"):
        assert quarter_code(quarter_number(code)) == code
    assert is_quarter("2027-K2") and not is_quarter("2027-06-30")
