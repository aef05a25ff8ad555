"""The indicator workbook (formats.md §2): goals, the indicator set, and values by period/area.

The ``Verdier`` sheet can hold hundreds of thousands of rows (indicators × 357 municipalities ×
years), so its validation is a tight loop with per-distinct-value caches, and loading uses the
driver's bulk paths, never per-row ORM objects.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from importers.readers import Table, Workbook, is_blank
from importers.sheets import (
    EXAMPLE_MARK,
    Column,
    Issues,
    MappedSheet,
    map_sheet,
    parse_row,
    report_duplicates,
)
from importers.values import (
    ValueProblem,
    parse_goal_list,
    parse_int,
    parse_number,
    parse_period,
    parse_vocab,
    text_of,
)
from model.periods import period_time
from model.tables import Goal, Indicator, IndicatorDefinition, IndicatorSetVersion, Observation
from model.vocab import (
    ALL_GOALS,
    DEFAULT_AREA,
    DIRECTIONS,
    INDICATOR_LEVELS,
    INDICATOR_STATUSES,
    INDICATOR_TYPES,
    OVERARCHING_GOALS,
)

GOALS_SHEET = "Mål"
INDICATORS_SHEET = "Indikatorer"
VALUES_SHEET = "Verdier"

_VERSION_RE = re.compile(r"^v?\d+(\.\d+)*$", re.IGNORECASE)


def parse_version(value: Any) -> str:
    """An indicator-set version: 'v0.7' (also '0.7', 'V0.7'); canonical 'v0.7'."""
    raw = text_of(value)
    if not _VERSION_RE.match(raw):
        raise ValueProblem(
            "invalid-value", f"«{raw}» er ikke en gyldig versjon. Skriv for eksempel v0.7."
        )
    return "v" + raw.lstrip("vV")


def _goal_code(value: Any) -> str:
    return parse_goal_list(value, ALL_GOALS, bare_digits=None)[0] if text_of(value) else ""


GOAL_SCHEMA: tuple[Column, ...] = (
    Column("Kode", "code", parse=_goal_code, required=True, value_required=True),
    Column("Navn", "name", required=True, value_required=True),
    Column("Beskrivelse", "description"),
)

INDICATOR_SCHEMA: tuple[Column, ...] = (
    Column(
        "Indikator-ID", "code", required=True, value_required=True, aliases=("Indikator ID", "ID")
    ),
    Column("Navn", "name", required=True, value_required=True, aliases=("Indikator",)),
    Column(
        "Mål",
        "goals",
        parse=partial(parse_goal_list, allowed=ALL_GOALS, bare_digits=None),
        required=True,
        value_required=True,
    ),
    Column(
        "Type",
        "type",
        parse=partial(
            parse_vocab, allowed=INDICATOR_TYPES, what="indikatortype", synonyms="indicator_type"
        ),
        required=True,
        value_required=True,
    ),
    Column(
        "Status",
        "status",
        parse=partial(parse_vocab, allowed=INDICATOR_STATUSES, what="status"),
        required=True,
        value_required=True,
    ),
    Column(
        "Nivå",
        "level",
        parse=partial(parse_vocab, allowed=INDICATOR_LEVELS, what="nivå", synonyms="level"),
        required=True,
        value_required=True,
    ),
    Column("Del av", "parent_code", aliases=("Sammensatt", "Del av (sammensatt)")),
    Column("Enhet", "unit"),
    Column(
        "Retning",
        "direction",
        parse=partial(parse_vocab, allowed=DIRECTIONS, what="retning", synonyms="direction"),
        required=True,
        value_required=True,
    ),
    Column("Datakilde", "source", aliases=("Kilde",)),
    Column("Mål 2030", "target_2030", parse=parse_number, aliases=("Ambisjon 2030", "Mål2030")),
    Column("Basisår", "base_year", parse=partial(parse_int, lo=1900, hi=2100, what="år")),
    Column("Grense", "limit", parse=parse_number),
    Column("Versjon", "version", parse=parse_version),
    Column("Beskrivelse", "description"),
)

VALUE_SCHEMA: tuple[Column, ...] = (
    Column(
        "Indikator-ID", "code", required=True, value_required=True, aliases=("Indikator ID", "ID")
    ),
    Column("Periode", "period", parse=parse_period, required=True, value_required=True),
    Column("Verdi", "value", parse=parse_number, required=True, value_required=True),
    Column("Område", "area", aliases=("Omrade",)),
    Column("Kommentar", "comment"),
)


@dataclass
class IndicatorData:
    """A validated indicator workbook, ready to load."""

    version: str | None = None
    goals: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    #: (indicator code, period, period_time, area, value, comment)
    values: list[tuple[str, str, float, str, float, str | None]] = field(default_factory=list)
    rows: int = 0
    #: False when validation left repeated (indicator, period, area) keys to the database's
    #: unique rule (see :class:`RepeatedValues`).
    repeats_checked: bool = True


class RepeatedValues(Exception):
    """The file repeats an (indicator, period, area): the database's unique rule refused it.

    Raised while loading, inside the import's transaction (so nothing is written); the caller
    validates again row by row to name the rows.
    """


def validate(
    workbook: Workbook,
    issues: Issues,
    *,
    version_arg: str | None,
    known_indicators: set[str],
    check_repeats: bool = True,
) -> IndicatorData:
    """The indicator workbook's rows, with every problem in ``issues``.

    ``check_repeats=False`` lets a clean ``Verdier`` sheet skip the search for repeated keys
    (a fifth of the validation time at 357,000 rows) when the caller loads the rows right away:
    the database's unique index refuses a repeat then, and :class:`RepeatedValues` says so.
    """
    data = IndicatorData()
    goals_t, ind_t, val_t = _sheets(workbook)
    if ind_t is None and val_t is None:
        issues.error(
            "missing-sheet",
            f"Arkene «{INDICATORS_SHEET}» og «{VALUES_SHEET}» mangler. Arkene i filen er: "
            f"{', '.join(workbook.sheet_names)}.",
            sheet=INDICATORS_SHEET,
        )
        return data
    mapped = map_sheet(goals_t, GOAL_SCHEMA, issues) if goals_t is not None else None
    if mapped is not None:
        data.goals = _validate_goals(mapped, issues)
    if version_arg is not None:
        data.version = parse_version(version_arg)
    in_file: set[str] = set()
    mapped = map_sheet(ind_t, INDICATOR_SCHEMA, issues) if ind_t is not None else None
    if mapped is not None:
        data.indicators, in_file = _validate_indicators(mapped, issues, data, known_indicators)
    mapped = map_sheet(val_t, VALUE_SCHEMA, issues) if val_t is not None else None
    if mapped is not None:
        _validate_values(mapped, issues, data, in_file | known_indicators, check_repeats)
    data.rows = len(data.goals) + len(data.indicators) + len(data.values)
    return data


def _sheets(workbook: Workbook) -> tuple[Table | None, Table | None, Table | None]:
    """The sheets «Mål», «Indikatorer» and «Verdier» (None where absent), named as canonical.

    A CSV file is one sheet: «Verdier» when detection said so, else «Indikatorer».
    """
    goals_t = workbook.get(GOALS_SHEET)
    ind_t = workbook.get(INDICATORS_SHEET)
    val_t = workbook.get(VALUES_SHEET)
    if workbook.format == "csv":
        table = workbook.tables[0]
        if table.sheet == VALUES_SHEET:
            val_t = table
        else:
            ind_t = table
    for found, name in ((goals_t, GOALS_SHEET), (ind_t, INDICATORS_SHEET), (val_t, VALUES_SHEET)):
        if found is not None:
            found.sheet = name
    return goals_t, ind_t, val_t


def _validate_values(
    mapped: MappedSheet, issues: Issues, data: IndicatorData, known: set[str], check_repeats: bool
) -> None:
    """The «Verdier» rows into ``data``: the fast column-wise path for a clean sheet, else the
    row-by-row check that names every problem."""
    clean = _clean_values(mapped, known, check_repeats=check_repeats)
    if clean is not None:
        data.values, data.repeats_checked = clean, check_repeats
    else:
        data.values = _values_row_by_row(mapped, issues, known)


def _validate_goals(mapped: MappedSheet, issues: Issues) -> list[dict[str, Any]]:
    goals = []
    codes: list[tuple[int, str | None]] = []
    for row_number, row in mapped.data_rows(id_key="code"):
        parsed = parse_row(mapped, GOAL_SCHEMA, row_number, row, issues)
        if parsed is None:
            continue
        codes.append((row_number, parsed["code"]))
        parsed["kind"] = "overarching" if parsed["code"] in OVERARCHING_GOALS else "strategic"
        parsed["sort_order"] = ALL_GOALS.index(parsed["code"])
        goals.append(parsed)
    report_duplicates(
        codes,
        issues,
        sheet=GOALS_SHEET,
        column="Kode",
        message="Målet «{code}» står allerede på rad {first}.",
    )
    return goals


def _validate_indicators(
    mapped: MappedSheet, issues: Issues, data: IndicatorData, known: set[str]
) -> tuple[list[dict[str, Any]], set[str]]:
    indicators: list[dict[str, Any]] = []
    versions: dict[str, int] = {}
    for row_number, row in mapped.data_rows(id_key="code"):
        parsed = parse_row(mapped, INDICATOR_SCHEMA, row_number, row, issues)
        if parsed is None:
            continue
        parsed["source_row"] = row_number
        if parsed["version"]:
            versions.setdefault(parsed["version"], row_number)
        indicators.append(parsed)
    in_file = report_duplicates(
        mapped.row_ids("code"), issues, sheet=INDICATORS_SHEET, column="Indikator-ID"
    )
    references = in_file | known
    for ind in indicators:
        _check_parent(ind, references, issues)
    data.version = _one_version(versions, data.version, issues)
    return indicators, in_file


def _check_parent(ind: dict[str, Any], known: set[str], issues: Issues) -> None:
    """«Del av» names another indicator of the file or the database, never the row itself."""
    parent = ind["parent_code"]
    if parent is None:
        return
    if parent == ind["code"]:
        issues.error(
            "invalid-value",
            "En indikator kan ikke være del av seg selv.",
            sheet=INDICATORS_SHEET,
            row=ind["source_row"],
            column="Del av",
            value=parent,
        )
    elif parent not in known:
        issues.error(
            "unknown-reference",
            f"«Del av» viser til «{parent}», som ikke er en kjent Indikator-ID. Den sammensatte "
            "indikatoren må stå i arket Indikatorer.",
            sheet=INDICATORS_SHEET,
            row=ind["source_row"],
            column="Del av",
            value=parent,
        )


def _one_version(versions: dict[str, int], wanted: str | None, issues: Issues) -> str | None:
    """One file is one version of the set: rows may not disagree with each other or --version
    (``wanted``). ``versions``: each version named, by the first row naming it. Returns the
    file's version."""
    for version, row_number in sorted(versions.items(), key=lambda kv: kv[1]):
        if wanted is None:
            wanted = version
        elif version != wanted:
            issues.error(
                "invalid-value",
                f"Versjonen «{version}» avviker fra «{wanted}». En fil kan bare inneholde ett "
                "indikatorsett (én versjon).",
                sheet=INDICATORS_SHEET,
                row=row_number,
                column="Versjon",
                value=version,
            )
    return wanted


ValueRow = tuple[str, str, float, str, float, str | None]


def _clean_values(
    mapped: MappedSheet, known: set[str], *, check_repeats: bool = True
) -> list[ValueRow] | None:
    """Column-wise check of a clean ``Verdier`` sheet, at C speed: the rows, or None.

    A file staff export from a register is almost always clean: every ID known, every period
    valid, every value a finite number, no repeats. This checks exactly that with set operations
    over whole columns and parses each *distinct* period, area and comment once. Any doubt at
    all (a blank, an example row, a number typed as text, a repeat, a ragged row …) returns None,
    and the row-by-row validator below runs and names every problem. Both give the same rows for
    a clean sheet (a property test checks it).
    """
    cols = mapped.columns
    rows = mapped.table.rows[mapped.header_index + 1 :]
    if not rows or not {"code", "period", "value"} <= cols.keys():
        return None
    width = max(cols.values()) + 1
    if min(map(len, rows)) < width:
        return None

    def column(key: str) -> list[Any]:
        return list(map(itemgetter(cols[key]), rows))

    codes = column("code")
    if not _clean_codes(set(codes), known):
        return None
    raw_values = column("value")
    if set(map(type, raw_values)) != {float} or not _all_finite(raw_values):
        return None
    periods = _clean_periods(column("period"))
    if periods is None:
        return None
    period_col, time_col = periods
    area_col = _by_distinct(column("area"), _area) if "area" in cols else [DEFAULT_AREA] * len(rows)
    comment_col = (
        _by_distinct(column("comment"), _comment) if "comment" in cols else [None] * len(rows)
    )
    if check_repeats and _has_repeats(codes, period_col, area_col):
        return None  # a repeated (indicator, period, area): the row loop says where
    return list(zip(codes, period_col, time_col, area_col, raw_values, comment_col, strict=True))


def _clean_codes(distinct_codes: set[Any], known: set[str]) -> bool:
    """Every Indikator-ID is known text, trimmed, and no example row's."""
    if set(map(type, distinct_codes)) != {str} or not distinct_codes <= known:
        return False
    return not any(c != c.strip() or c.casefold().startswith(EXAMPLE_MARK) for c in distinct_codes)


def _clean_periods(raw_periods: list[Any]) -> tuple[list[str], list[float]] | None:
    """The column «Periode» as (periods, their times), each distinct cell parsed once; None
    when a cell is blank or no period."""
    period_of: dict[Any, str] = {}
    time_of: dict[Any, float] = {}
    for raw in set(raw_periods):
        if is_blank(raw):
            return None
        try:
            period_of[raw] = parse_period(raw)
        except ValueProblem:
            return None
        time_of[raw] = period_time(period_of[raw])
    return list(map(period_of.__getitem__, raw_periods)), list(
        map(time_of.__getitem__, raw_periods)
    )


def _by_distinct(raw: list[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """``convert`` applied to each cell of a column, computed once per distinct cell."""
    converted = {cell: convert(cell) for cell in set(raw)}
    return list(map(converted.__getitem__, raw))


def _has_repeats(codes: list[str], periods: list[str], areas: list[str]) -> bool:
    return len(set(zip(codes, periods, areas, strict=True))) != len(codes)


def _all_finite(numbers: list[float]) -> bool:
    """No NaN or infinity among ``numbers`` (a sum carries either; a huge sum is checked one by one)."""
    try:
        return math.isfinite(math.fsum(numbers))
    except (OverflowError, ValueError):  # a sum that overflows, or inf - inf
        return all(map(math.isfinite, numbers))


def _area(raw: Any) -> str:
    if isinstance(raw, str):
        return " ".join(raw.split()) or DEFAULT_AREA
    return DEFAULT_AREA if is_blank(raw) else text_of(raw)


def _comment(raw: Any) -> str | None:
    return None if is_blank(raw) else text_of(raw)


def _values_row_by_row(mapped: MappedSheet, issues: Issues, known: set[str]) -> list[ValueRow]:
    """Every «Verdier» row checked on its own, every problem named with its row: the rows
    without problems (the file is refused when there were any)."""
    cols = mapped.columns
    if not {"code", "period", "value"} <= cols.keys():
        return []  # a required column is missing (reported); the rows cannot be read
    c_code, c_period, c_value = cols["code"], cols["period"], cols["value"]
    c_area, c_comment = cols.get("area"), cols.get("comment")
    width_needed = max(c for c in cols.values()) + 1
    period_cache: dict[Any, tuple[str, float] | ValueProblem] = {}
    out: list[ValueRow] = []
    seen: dict[tuple[str, str, str], int] = {}
    for row_number, row in mapped.data_rows(id_key="code"):
        if len(row) < width_needed:
            row = row + [""] * (width_needed - len(row))
        code = _row_code(row[c_code], known, issues, row_number)
        period = _row_period(row[c_period], period_cache, issues, row_number)
        value = _row_value(row[c_value], issues, row_number)
        if code is None or period is None or value is None:
            continue
        area = DEFAULT_AREA if c_area is None else _area(row[c_area])
        comment = None if c_comment is None else _comment(row[c_comment])
        if _repeated(seen, (code, period[0], area), issues, row_number):
            continue
        out.append((code, period[0], period[1], area, value, comment))
    return out


def _row_code(raw: Any, known: set[str], issues: Issues, row_number: int) -> str | None:
    """A row's Indikator-ID, or None when it is blank or unknown (reported)."""
    code = raw.strip() if isinstance(raw, str) else text_of(raw)
    if not code:
        issues.error(
            "missing-value",
            "«Indikator-ID» må fylles ut.",
            sheet=VALUES_SHEET,
            row=row_number,
            column="Indikator-ID",
        )
        return None
    if code not in known:
        issues.error(
            "unknown-reference",
            f"Indikator-ID «{code}» finnes ikke i arket Indikatorer eller i databasen.",
            sheet=VALUES_SHEET,
            row=row_number,
            column="Indikator-ID",
            value=code,
        )
        return None
    return code


def _row_period(
    raw: Any,
    cache: dict[Any, tuple[str, float] | ValueProblem],
    issues: Issues,
    row_number: int,
) -> tuple[str, float] | None:
    """A row's (period, period time), each distinct cell parsed once (``cache``); None when the
    cell is blank or no period (reported)."""
    cached = cache.get(raw)
    if cached is None:
        cached = _parse_period_cell(raw)
        cache[raw] = cached
    if isinstance(cached, ValueProblem):
        issues.problem(
            cached,
            sheet=VALUES_SHEET,
            row=row_number,
            column="Periode",
            value=text_of(raw) or None,
        )
        return None
    return cached


def _parse_period_cell(raw: Any) -> tuple[str, float] | ValueProblem:
    if is_blank(raw):
        return ValueProblem("missing-value", "«Periode» må fylles ut.")
    try:
        period = parse_period(raw)
    except ValueProblem as problem:
        return problem
    return period, period_time(period)


def _row_value(raw: Any, issues: Issues, row_number: int) -> float | None:
    """A row's value as a finite number, or None when it is blank or no number (reported)."""
    if type(raw) is float:
        if raw != raw or raw in (float("inf"), float("-inf")):
            issues.error(
                "invalid-number",
                "Verdien er ikke et endelig tall.",
                sheet=VALUES_SHEET,
                row=row_number,
                column="Verdi",
            )
            return None
        return raw
    if is_blank(raw):
        issues.error(
            "missing-value",
            "«Verdi» må fylles ut.",
            sheet=VALUES_SHEET,
            row=row_number,
            column="Verdi",
        )
        return None
    try:
        return parse_number(raw)
    except ValueProblem as problem:
        issues.problem(
            problem,
            sheet=VALUES_SHEET,
            row=row_number,
            column="Verdi",
            value=text_of(raw),
        )
        return None


def _repeated(
    seen: dict[tuple[str, str, str], int],
    key: tuple[str, str, str],
    issues: Issues,
    row_number: int,
) -> bool:
    """Whether (indicator, period, area) stood on a row above (reported); else it is noted."""
    first = seen.get(key)
    if first is None:
        seen[key] = row_number
        return False
    code, period, area = key
    issues.error(
        "duplicate-id",
        f"Verdien for {code}, periode {period}, område {area} står allerede på rad {first}.",
        sheet=VALUES_SHEET,
        row=row_number,
        column="Periode",
        value=period,
    )
    return True


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------

DEFINITION_FIELDS = (
    "name",
    "description",
    "goals",
    "type",
    "status",
    "level",
    "parent_code",
    "unit",
    "direction",
    "source",
    "target_2030",
    "base_year",
    "limit",
)


def load(conn: Connection, data: IndicatorData, batch_id: int) -> set[int]:
    """Write goals, version, definitions and values in the caller's transaction.

    Returns the ids of earlier batches whose rows this batch superseded.
    """
    superseded: set[int] = set()
    superseded |= _load_goals(conn, data.goals, batch_id)
    version = data.version or ""
    if version:
        v = IndicatorSetVersion.__table__
        if conn.execute(select(v.c.id).where(v.c.code == version)).first() is None:
            conn.execute(insert(v).values(code=version, batch_id=batch_id))
    codes = {i["code"] for i in data.indicators} | {v[0] for v in data.values}
    ids = ensure_indicators(conn, codes)
    superseded |= _load_definitions(conn, data.indicators, ids, version, batch_id)
    superseded |= _load_values(conn, data.values, ids, batch_id, data.repeats_checked)
    superseded.discard(batch_id)
    return superseded


def _load_goals(conn: Connection, goals: list[dict[str, Any]], batch_id: int) -> set[int]:
    g = Goal.__table__
    superseded: set[int] = set()
    current = {r.code: r for r in conn.execute(select(g).where(g.c.replaced_by_batch_id.is_(None)))}
    for goal in goals:
        old = current.get(goal["code"])
        if old is not None and (old.name, old.description) == (goal["name"], goal["description"]):
            continue
        if old is not None:
            conn.execute(update(g).where(g.c.id == old.id).values(replaced_by_batch_id=batch_id))
            if old.batch_id is not None:
                superseded.add(old.batch_id)
        conn.execute(
            insert(g).values(
                code=goal["code"],
                kind=goal["kind"],
                name=goal["name"],
                description=goal["description"],
                sort_order=goal["sort_order"],
                batch_id=batch_id,
            )
        )
    return superseded


def ensure_indicators(conn: Connection, codes: set[str]) -> dict[str, int]:
    t = Indicator.__table__
    if not codes:
        return {}
    existing = dict(conn.execute(select(t.c.code, t.c.id).where(t.c.code.in_(sorted(codes)))).all())
    new = sorted(codes - existing.keys())
    if new:
        conn.execute(insert(t), [{"code": c} for c in new])
        existing.update(conn.execute(select(t.c.code, t.c.id).where(t.c.code.in_(new))).all())
    return existing


def _load_definitions(
    conn: Connection,
    indicators: list[dict[str, Any]],
    ids: dict[str, int],
    version: str,
    batch_id: int,
) -> set[int]:
    d = IndicatorDefinition.__table__
    superseded: set[int] = set()
    if not indicators:
        return superseded
    current = {
        r.indicator_id: r
        for r in conn.execute(
            select(d).where(d.c.version == version, d.c.replaced_by_batch_id.is_(None))
        )
    }
    rows = []
    for ind in indicators:
        values = {f: ind[f] for f in DEFINITION_FIELDS}
        values["goals"] = ";".join(ind["goals"])
        indicator_id = ids[ind["code"]]
        old = current.get(indicator_id)
        if old is not None:
            if all(getattr(old, f) == values[f] for f in DEFINITION_FIELDS):
                continue
            conn.execute(update(d).where(d.c.id == old.id).values(replaced_by_batch_id=batch_id))
            superseded.add(old.batch_id)
        rows.append(
            {
                **values,
                "indicator_id": indicator_id,
                "version": version,
                "batch_id": batch_id,
                "source_row": ind["source_row"],
            }
        )
    if rows:
        conn.execute(insert(d), rows)
    return superseded


def _load_values(
    conn: Connection,
    values: list[tuple[str, str, float, str, float, str | None]],
    ids: dict[str, int],
    batch_id: int,
    repeats_checked: bool = True,
) -> set[int]:
    o = Observation.__table__
    superseded: set[int] = set()
    if not values:
        return superseded
    indicator_ids = sorted({ids[v[0]] for v in values})
    existing: dict[tuple[int, str, str], tuple[int, float, str | None, int]] = {}
    for chunk_start in range(0, len(indicator_ids), 500):
        chunk = indicator_ids[chunk_start : chunk_start + 500]
        query = select(
            o.c.id, o.c.indicator_id, o.c.period, o.c.area, o.c.value, o.c.comment, o.c.batch_id
        ).where(o.c.indicator_id.in_(chunk), o.c.replaced_by_batch_id.is_(None))
        for row in conn.execute(query):
            existing[(row.indicator_id, row.period, row.area)] = (
                row.id,
                row.value,
                row.comment,
                row.batch_id,
            )
    to_replace: list[int] = []
    if not existing:  # values for new indicators (the common large case): no lookups per row
        # A repeat in the file meets the unique index here (RepeatedValues).
        bulk_insert_observations(
            conn, [(ids[c], p, t, a, v, cm, batch_id) for c, p, t, a, v, cm in values]
        )
        check_references(conn, set(ids.values()))
        return superseded
    if not repeats_checked and _has_repeats(*(list(map(itemgetter(i), values)) for i in (0, 1, 3))):
        # With current rows in the way, a repeat could slip past the index as "a new value
        # replaces the old one": look for it now.
        raise RepeatedValues
    rows = []
    for code, period, ptime, area, value, comment in values:
        indicator_id = ids[code]
        old = existing.get((indicator_id, period, area))
        if old is not None:
            if old[1] == value and old[2] == comment:
                continue  # the same value again: nothing changes, nothing duplicated
            to_replace.append(old[0])
            superseded.add(old[3])
        rows.append((indicator_id, period, ptime, area, value, comment, batch_id))
    if to_replace:
        conn.execute(
            update(o).where(o.c.id == bindparam("old_id")).values(replaced_by_batch_id=batch_id),
            [{"old_id": i} for i in to_replace],
        )
    bulk_insert_observations(conn, rows)
    check_references(conn, set(ids.values()))
    return superseded


class BrokenReference(RuntimeError):
    """An observation of this batch points at an indicator that does not exist (a bug)."""


def check_references(conn: Connection, indicator_ids: set[int]) -> None:
    """The foreign key of observation → indicator, checked once for the whole batch.

    The table has no per-row foreign keys (migration 0002). A batch's rows point at the
    indicators in ``indicator_ids`` only; one query confirms each exists, inside the import's
    transaction: a broken reference raises and nothing is committed.
    """
    i = Indicator.__table__
    found = set(conn.execute(select(i.c.id).where(i.c.id.in_(sorted(indicator_ids)))).scalars())
    missing = sorted(indicator_ids - found)
    if missing:
        raise BrokenReference(f"Verdier peker på ukjente indikatorer (id {missing[:5]}).")


def bulk_insert_observations(conn: Connection, rows: list[tuple]) -> None:
    """The values into the database the fastest way the driver offers (:mod:`model.bulk`).

    Raises :class:`RepeatedValues` when the unique index over current values refuses a row.
    """
    from model.bulk import UniqueViolation, insert_observations

    try:
        insert_observations(conn, rows)
    except UniqueViolation as exc:
        raise RepeatedValues from exc
