"""Generic table handling: find the header row, map columns by name, parse cells, collect issues.

A sheet's schema is a tuple of :class:`Column`. Headers match case- and white-space-insensitively
in any order; unknown columns are a warning; a missing required column or a repeated header is an
error. Each cell goes through its column's parser; every problem is collected (never only the
first) with the spreadsheet's row number and the column's canonical header.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from importers.errors import Issue
from importers.readers import Table, is_blank, normalize_name
from importers.values import ValueProblem, text_of

#: Rows whose ID starts with this word are the template's examples and are skipped on import.
EXAMPLE_MARK = "eksempel"


@dataclass(frozen=True)
class Column:
    """One column of a sheet schema."""

    header: str
    key: str
    parse: Callable[[Any], Any] | None = None
    #: The column must exist in the sheet.
    required: bool = False
    #: Every row must have a value (checked only when the column exists).
    value_required: bool = False
    aliases: tuple[str, ...] = ()
    help_nb: str = ""

    def names(self) -> set[str]:
        return {normalize_name(self.header), *(normalize_name(a) for a in self.aliases)}


def headers(schema: tuple[Column, ...], *, leave_out: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The sheet's column headings in the order the templates write them (the one place the
    headings are spelled: each schema)."""
    return tuple(c.header for c in schema if c.header not in leave_out)


@dataclass
class Issues:
    """Errors and warnings collected while reading a file."""

    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def error(self, code: str, message: str, **where: Any) -> None:
        self.errors.append(Issue(code=code, message=message, **where))

    def warning(self, code: str, message: str, **where: Any) -> None:
        self.warnings.append(Issue(code=code, message=message, **where))

    def problem(self, problem: ValueProblem, **where: Any) -> None:
        """A cell's :class:`ValueProblem` as an error at ``where``."""
        self.error(problem.code, problem.message, **where)


@dataclass
class MappedSheet:
    """A sheet whose header row has been found: column key → index into each row."""

    table: Table
    header_index: int
    columns: dict[str, int]

    def data_rows(self, id_key: str | None = None) -> Iterator[tuple[int, list[Any]]]:
        """(spreadsheet row number, cells) below the header; empty and example rows skipped."""
        id_col = self.columns.get(id_key) if id_key else None
        rows = self.table.rows
        for index in range(self.header_index + 1, len(rows)):
            row = rows[index]
            if all(is_blank(c) for c in row):
                continue
            if id_col is not None and id_col < len(row):
                first = row[id_col]
                if isinstance(first, str) and first.strip().casefold().startswith(EXAMPLE_MARK):
                    continue
            yield index + 1, row

    def cell(self, row: list[Any], key: str) -> Any:
        """The row's cell in column ``key``: None when the sheet lacks it or the row is short."""
        index = self.columns.get(key)
        return row[index] if index is not None and index < len(row) else None

    def row_ids(self, key: str) -> list[tuple[int, str | None]]:
        """(row number, text of column ``key``) of every data row, for :func:`report_duplicates`
        (None on a row too short to reach the column); empty when the sheet lacks the column."""
        index = self.columns.get(key)
        if index is None:
            return []
        return [
            (row_number, text_of(row[index]) if index < len(row) else None)
            for row_number, row in self.data_rows(id_key=key)
        ]


#: How far down a sheet the importer looks for a misplaced header row (to say where it is).
HEADER_SEARCH_ROWS = 30


def _header_matches(row: list[Any], by_name: dict[str, Column]) -> int:
    """How many distinct schema columns a row names."""
    names = (normalize_name(text_of(c)) for c in row if not is_blank(c))
    return len({by_name[n].key for n in names if n in by_name})


def _header_row(table: Table, by_name: dict[str, Column]) -> tuple[int | None, int | None]:
    """(first non-empty row index, index of the row that names the most schema columns)."""
    first = next((i for i, row in enumerate(table.rows) if any(not is_blank(c) for c in row)), None)
    if first is None:
        return None, None
    best, best_hits = None, 0
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        hits = _header_matches(row, by_name)
        if hits > best_hits:
            best, best_hits = index, hits
    return first, best


def map_sheet(table: Table, schema: Sequence[Column], issues: Issues) -> MappedSheet | None:
    """Find the header row (row 1) and map it to ``schema``.

    Header problems (a missing required column, a repeated header) are recorded, and the sheet is
    still returned so that every other check can run: a person gets all errors at once. Headers
    that stand lower down than row 1 are one ``header-not-found`` error naming the row they are on
    (the rows below are still checked); a sheet where no row names the columns is one
    ``header-not-found`` error instead of one «Kolonnen … mangler» per column. Returns None for
    an empty sheet or one without a header row.
    """
    sheet = table.sheet or None
    by_name = {name: col for col in schema for name in col.names()}
    first_row, best = _header_row(table, by_name)
    if first_row is None:
        for required_col in schema:
            if required_col.required:
                issues.error(
                    "missing-column",
                    f"Arket er tomt: kolonnen «{required_col.header}» mangler.",
                    sheet=sheet,
                    column=required_col.header,
                )
        return None
    header_index = _header_index(table, schema, by_name, first_row, best, issues)
    if header_index is None:
        return None
    columns = _map_columns(table.rows[header_index], by_name, sheet, issues)
    for col in schema:
        if col.required and col.key not in columns:
            issues.error(
                "missing-column",
                f"Kolonnen «{col.header}» mangler i arket{f' «{sheet}»' if sheet else ''}."
                + (f" {col.help_nb}" if col.help_nb else ""),
                sheet=sheet,
                row=None,
                column=col.header,
            )
    return MappedSheet(table, header_index, columns)


def _header_index(
    table: Table,
    schema: Sequence[Column],
    by_name: dict[str, Column],
    first_row: int,
    best: int | None,
    issues: Issues,
) -> int | None:
    """The index of the row read as the header: row 1 when it names a column, else the first
    filled row, or the lower row that names the columns (an error says where it stands). None
    (one error) when no row looks like a header row."""
    sheet = table.sheet or None
    row1_hits = _header_matches(table.rows[0], by_name)
    required = sum(c.required for c in schema)
    best_hits = _header_matches(table.rows[best], by_name) if best is not None else 0
    in_sheet = f" i arket «{sheet}»" if sheet else ""
    if best is not None and best != 0 and best_hits >= 2 and best_hits > row1_hits:
        above = "rad 1" if best == 1 else f"rad 1–{best}"
        issues.error(
            "header-not-found",
            f"Kolonneoverskriftene{in_sheet} står på rad {best + 1}, men skal stå på rad 1. "
            f"Slett {above} over overskriftene og last opp på nytt (radnumrene i denne "
            "listen gjelder filen slik den er nå).",
            sheet=sheet,
            row=best + 1,
        )
        return best
    if best_hits < max(1, min(2, required), (required + 1) // 2):
        # A known word or two in a row («ID», «Status») is no header row: one error that says
        # where the headers belong, not one «Kolonnen … mangler» per column.
        expected = ", ".join(f"«{c.header}»" for c in schema if c.required)
        issues.error(
            "header-not-found",
            f"Fant ingen rad med kolonneoverskrifter{in_sheet} (søkte i de første "
            f"{HEADER_SEARCH_ROWS} radene). Rad 1 skal ha overskriftene"
            + (f", blant annet {expected}" if expected else "")
            + ". Last ned malen for å se riktig oppsett.",
            sheet=sheet,
            row=None,
        )
        return None
    return 0 if row1_hits else first_row


def _map_columns(
    header: list[Any], by_name: dict[str, Column], sheet: str | None, issues: Issues
) -> dict[str, int]:
    """Column key → index for the header row's known titles; an unknown title is a warning, a
    repeated one an error (the first occurrence is the one read)."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        if is_blank(cell):
            continue
        title = text_of(cell)
        col = by_name.get(normalize_name(title))
        if col is None:
            issues.warning(
                "unknown-column",
                f"Kolonnen «{title}» er ukjent og blir ikke lest inn.",
                sheet=sheet,
                row=None,
                column=title,
            )
            continue
        if col.key in columns:
            first = text_of(header[columns[col.key]])
            issues.error(
                "duplicate-column",
                f"Kolonnen «{col.header}» finnes to ganger («{first}» og «{title}»). "
                "Slett eller gi nytt navn til den ene.",
                sheet=sheet,
                row=None,
                column=col.header,
            )
            continue
        columns[col.key] = index
    return columns


def parse_row(
    mapped: MappedSheet,
    schema: Sequence[Column],
    row_number: int,
    row: list[Any],
    issues: Issues,
) -> dict[str, Any] | None:
    """Parse one row by ``schema``: a dict of canonical values, or None if any cell was wrong."""
    out: dict[str, Any] = {}
    ok = True
    sheet = mapped.table.sheet or None
    for col in schema:
        index = mapped.columns.get(col.key)
        raw = row[index] if index is not None and index < len(row) else None
        if is_blank(raw):
            out[col.key] = None
            if col.value_required and index is not None:
                issues.error(
                    "missing-value",
                    f"«{col.header}» må fylles ut.",
                    sheet=sheet,
                    row=row_number,
                    column=col.header,
                )
                ok = False
            continue
        if col.parse is None:
            out[col.key] = text_of(raw)
            continue
        try:
            out[col.key] = col.parse(raw)
        except ValueProblem as problem:
            issues.problem(
                problem,
                sheet=sheet,
                row=row_number,
                column=col.header,
                value=text_of(raw),
            )
            ok = False
    return out if ok else None


def find_duplicates(
    keys: Sequence[tuple[int, str | None]],
) -> Iterator[tuple[int, str, int]]:
    """For (row, key) pairs: yield (row, key, first row) for every repeat of a key seen higher up."""
    first: dict[str, int] = {}
    for row, key in keys:
        if key is None:
            continue
        if key in first:
            yield row, key, first[key]
        else:
            first[key] = row


def report_duplicates(
    ids: Sequence[tuple[int, str | None]],
    issues: Issues,
    *,
    sheet: str,
    column: str,
    message: str = "{column} «{code}» er brukt før i filen (rad {first}).",
) -> set[str]:
    """A ``duplicate-id`` error on every row that repeats an ID seen higher up; returns the IDs.

    ``message`` may use ``{column}``, ``{code}`` and ``{first}`` (the row it was first seen on).
    """
    for row_number, code, first in find_duplicates(ids):
        issues.error(
            "duplicate-id",
            message.format(column=column, code=code, first=first),
            sheet=sheet,
            row=row_number,
            column=column,
            value=code,
        )
    return {code for _, code in ids if code}
