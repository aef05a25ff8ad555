"""The column-wise check of ``Verdier`` never accepts what the row-by-row validator would refuse,
and gives the very same rows when it accepts. Cells are drawn from what calamine returns for
real workbooks: text with stray spaces, floats, datetimes, empty strings, NaN and infinity."""

from __future__ import annotations

import math
from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from importers.indicators import VALUE_SCHEMA, _clean_values, _values_row_by_row
from importers.readers import Table
from importers.sheets import Issues, map_sheet

KNOWN = {"S1-01", "S2-03", "K-001"}

codes = st.sampled_from(["S1-01", "S2-03", "K-001", " S1-01", "X-9", "", "Eksempel 1", None])
periods = st.one_of(
    st.sampled_from([2023.0, 2024.0, "2024-K2", "2024-05", "1899", "2024-K5", "", 2023.5]),
    st.just(date(2024, 5, 13)),
    st.just(datetime(2024, 5, 13)),
)
values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["57,3", "57 %", "", "tolv", None]),
)
areas = st.sampled_from(["Hele landet", "Oslo", "  Oslo  ", "", None, 301.0, "Kommune 001"])
comments = st.sampled_from(["", None, "Foreløpig tall", " merknad ", 7.0])


@st.composite
def sheets(draw):
    header = ["Indikator-ID", "Periode", "Verdi"]
    with_area, with_comment = draw(st.booleans()), draw(st.booleans())
    header += ["Område"] * with_area + ["Kommentar"] * with_comment
    rows = [header]
    for n in range(draw(st.integers(1, 12))):
        # mostly the clean cells a register export holds, sometimes anything at all
        if draw(st.integers(0, 9)) == 0:
            row = [draw(codes), draw(periods), draw(values)]
            row += [draw(areas)] * with_area + [draw(comments)] * with_comment
        else:
            row = [draw(st.sampled_from(sorted(KNOWN))), 2000.0 + n, draw(st.floats(-1e9, 1e9))]
            row += [draw(areas)] * with_area + [draw(comments)] * with_comment
        rows.append(["" if c is None else c for c in row])
    if draw(st.booleans()):
        rows = rows + [list(r) for r in rows[1:3]]  # repeats
    return rows


@settings(max_examples=400, deadline=None)
@given(sheets())
def test_the_fast_check_agrees_with_the_row_loop(rows):
    issues = Issues()
    mapped = map_sheet(Table("Verdier", rows), VALUE_SCHEMA, issues)
    slow_issues = Issues()
    slow = _values_row_by_row(mapped, slow_issues, KNOWN)
    fast = _clean_values(mapped, KNOWN)
    if fast is not None:
        assert slow_issues.errors == []
        assert fast == slow


def test_a_clean_sheet_takes_the_fast_path_and_a_single_bad_cell_does_not():
    rows = [["Indikator-ID", "Periode", "Verdi", "Område"]]
    rows += [
        ["K-001", 2015.0 + y, 50.0 + y, f"Kommune {a:03d}"] for a in range(50) for y in range(10)
    ]
    mapped = map_sheet(Table("Verdier", rows), VALUE_SCHEMA, Issues())
    clean = _clean_values(mapped, KNOWN)
    assert clean is not None and len(clean) == 500
    assert clean[0] == ("K-001", "2015", 2015.0, "Kommune 000", 50.0, None)

    rows[321][2] = math.inf
    mapped = map_sheet(Table("Verdier", rows), VALUE_SCHEMA, Issues())
    assert _clean_values(mapped, KNOWN) is None
    issues = Issues()
    _values_row_by_row(mapped, issues, KNOWN)
    assert [(e.code, e.row, e.column) for e in issues.errors] == [("invalid-number", 322, "Verdi")]


def test_huge_and_opposite_infinite_values_are_judged_one_by_one():
    def check(numbers):
        rows = [["Indikator-ID", "Periode", "Verdi"]]
        rows += [["K-001", 2000.0 + i, v] for i, v in enumerate(numbers)]
        mapped = map_sheet(Table("Verdier", rows), VALUE_SCHEMA, Issues())
        return _clean_values(mapped, KNOWN)

    assert [r[4] for r in check([1.7e308, 1.7e308])] == [1.7e308, 1.7e308]
    assert check([math.inf, -math.inf]) is None
    assert check([1e308, 1e308, math.nan]) is None
