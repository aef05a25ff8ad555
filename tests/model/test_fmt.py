"""Norwegian formatting: numbers, percentages, thousands, dates, periods, sorting."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from model import fmt, periods

NB = "\u00a0"


def test_numbers_and_percentages():
    assert fmt.number(57.3) == "57,3"
    assert fmt.percent(57.3) == f"57,3{NB}%"
    assert fmt.number(12345) == f"12{NB}345"
    assert fmt.number(1234567.891, 2) == f"1{NB}234{NB}567,89"
    assert fmt.number(-3.5) == "\u22123,5"
    assert fmt.number(-0.01, 1) == "0,0"  # no "minus zero"
    assert fmt.signed(11) == "+11" and fmt.signed(-2) == "\u22122" and fmt.signed(0) == "0"
    assert fmt.share(20, 61) == f"33{NB}%"
    assert fmt.number(None) == "–"


def test_dates_and_periods():
    assert fmt.long_date(date(2025, 9, 12)) == "12. september 2025"
    assert fmt.short_date(date(2025, 9, 12)) == "12. sep. 2025"
    assert periods.period_label("2025-K3") == "3. kvartal 2025"
    assert periods.period_label("2024-05") == "mai 2024"
    assert periods.period_label("2023") == "2023"
    assert periods.period_label("2024-05-13") == "13. mai 2024"
    # A reporting round keeps its ID; the spelled-out form stands beside it.
    assert periods.round_label("2025-K3") == "2025-K3 (3. kvartal 2025)"


def test_norwegian_alphabetical_order():
    words = ["Østfold", "Agder", "Ålesund", "Æsir", "Bodø", "oslo", "Zeta"]
    assert sorted(words, key=fmt.sort_key_nb) == [
        "Agder",
        "Bodø",
        "oslo",
        "Zeta",
        "Æsir",
        "Østfold",
        "Ålesund",
    ]


def test_lists():
    assert fmt.list_nb(["a"]) == "a"
    assert fmt.list_nb(["a", "b", "c"]) == "a, b og c"


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_formatted_numbers_read_back_with_the_importer(x):
    from importers.values import parse_number

    assert abs(parse_number(fmt.number(x, 2)) - round(x, 2)) < 0.006
