"""The council workbook ``Saker`` (formats.md §8): meetings (sheet ``Møter``) and the cases on
their agendas with proposals and decisions (sheet ``Saker``).

Either sheet may come alone: a ``Møter`` sheet announces meetings; a ``Saker`` sheet may list
cases of meetings already in the database. A meeting is identified by its Møte-ID, a case by its
forum and Saksnummer (``41/25``: unique per forum and year). A row whose content equals the
current row changes nothing; a changed row supersedes the current one (history is kept, and a
rollback brings it back). The same validation serves the page where editors add a case or
record a decision (:mod:`importers.case_edits`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any

from sqlalchemy import Connection, insert, select, update

from importers.readers import Workbook, is_blank
from importers.sheets import Column, Issues, MappedSheet, map_sheet, parse_row
from importers.values import (
    ValueProblem,
    fold,
    parse_date,
    parse_goal_list,
    parse_id_list,
    parse_round,
    parse_vocab,
    text_of,
)
from model.tables import CouncilCase, Forum, Meeting
from model.vocab import ALL_GOALS, CASE_TYPES, SYNONYMS

MEETINGS_SHEET = "Møter"
CASES_SHEET = "Saker"

_NUMBER_RE = re.compile(r"^(?:sak\s*)?(\d{1,3})\s*/\s*(\d{2}|\d{4})$", re.IGNORECASE)


def parse_case_number(value: Any) -> tuple[str, int, int]:
    """A Saksnummer: ``41/25`` (also ``41 / 25``, ``41/2025``, ``Sak 41/25``) → ``("41/25",
    41, 2025)``: the canonical number, its order on the agenda, and its year."""
    if isinstance(value, datetime | date):
        shown = value.date() if isinstance(value, datetime) else value
        raise ValueProblem(
            "invalid-value",
            f"«{shown.isoformat()}» er en dato, ikke et saksnummer: regnearket har trolig gjort "
            "saksnummeret om til en dato. Formater kolonnen som tekst og skriv for eksempel 41/25.",
        )
    raw = text_of(value)
    m = _NUMBER_RE.match(raw)
    if not m or int(m.group(1)) == 0:
        raise ValueProblem(
            "invalid-value",
            f"«{raw}» er ikke et gyldig saksnummer. Skriv nummer, skråstrek og år, for eksempel 41/25.",
        )
    seq = int(m.group(1))
    year = int(m.group(2)) if len(m.group(2)) == 4 else 2000 + int(m.group(2))
    if not 2000 <= year <= 2100:
        raise ValueProblem("invalid-value", f"«{raw}» har et ugyldig år.")
    return f"{seq}/{year % 100:02d}", seq, year


def canonical_forum(value: Any, known: dict[int, str] | None = None) -> str:
    """A forum's name as stored: the usual spelling of a known forum (``nuit`` → ``NUIT``,
    ``E-helserådet`` → ``Nasjonalt e-helseråd``), a forum already in the database as it is
    spelled there, or else the name as typed (white space folded)."""
    raw = " ".join(text_of(value).split())
    key = fold(raw)
    if key in SYNONYMS["forum"]:
        return SYNONYMS["forum"][key]
    for name in (known or {}).values():
        if fold(name) == key:
            return name
    return raw


def _text(value: Any) -> str:
    """Free text as typed (line breaks kept), trimmed."""
    return str(value).strip()


MEETING_SCHEMA: tuple[Column, ...] = (
    Column(
        "Møte-ID",
        "code",
        required=True,
        value_required=True,
        aliases=("Møte ID", "MøteID", "Mote-ID", "Møte"),
        help_nb="Hvert møte trenger en ID, for eksempel NUIT-2025-4.",
    ),
    Column("Forum", "forum", required=True, value_required=True, aliases=("Råd", "Utvalg")),
    Column("Dato", "date", parse=parse_date, required=True, value_required=True),
    Column("Sted", "place", parse=_text),
)

CASE_SCHEMA: tuple[Column, ...] = (
    Column(
        "Saksnummer",
        "number",
        parse=parse_case_number,
        required=True,
        value_required=True,
        aliases=("Sak", "Saksnr", "Saksnr."),
    ),
    Column(
        "Møte-ID",
        "meeting",
        required=True,
        value_required=True,
        aliases=("Møte ID", "MøteID", "Mote-ID", "Møte"),
    ),
    Column("Tittel", "title", required=True, value_required=True, aliases=("Tema", "Sakstittel")),
    Column(
        "Sakstype",
        "case_type",
        parse=partial(parse_vocab, allowed=CASE_TYPES, what="sakstype", synonyms="case_type"),
        required=True,
        value_required=True,
        aliases=("Type", "Behandling", "Innretning"),
    ),
    Column("Forslag til vedtak", "proposal", parse=_text, aliases=("Forslag",)),
    Column("Vedtak", "decision", parse=_text),
    Column("Tiltak", "measures", parse=parse_id_list, aliases=("Tiltak-ID", "Tiltak-IDer")),
    Column("Indikatorer", "indicators", parse=parse_id_list, aliases=("Indikator", "Indikator-ID")),
    Column(
        "Mål",
        "goals",
        parse=partial(parse_goal_list, allowed=ALL_GOALS),
        aliases=("Strategiske mål",),
    ),
    Column("Runde", "round", parse=parse_round, aliases=("Rapporteringsrunde",)),
    Column(
        "Oppfølging innen",
        "follow_up_by",
        parse=parse_round,
        aliases=("Oppfølging", "Frist for oppfølging"),
    ),
)


@dataclass(frozen=True)
class KnownMeeting:
    """A current meeting in the database: its forum, and whether cases refer to it."""

    forum: str
    has_cases: bool = False


@dataclass
class CasesData:
    """A validated ``Saker`` workbook, ready to load."""

    meetings: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    rows: int = 0


def validate(
    workbook: Workbook,
    issues: Issues,
    *,
    known_meetings: dict[str, KnownMeeting],
    known_forums: dict[int, str],
    known_measures: set[str],
    known_indicators: set[str],
) -> CasesData:
    """Check every row of both sheets; the data is only loadable when there are no errors."""
    data = CasesData()
    if workbook.format == "csv":
        table = workbook.tables[0]
        tables = {table.sheet: table}
    else:
        tables = {}
        for sheet in (MEETINGS_SHEET, CASES_SHEET):
            found = workbook.get(sheet)
            if found is not None:
                found.sheet = sheet
                tables[sheet] = found
    if not tables:
        issues.error(
            "missing-sheet",
            f"Fant verken arket «{MEETINGS_SHEET}» eller arket «{CASES_SHEET}». Arkene i filen er: "
            f"{', '.join(workbook.sheet_names) or 'ingen'}.",
            sheet=CASES_SHEET,
        )
        return data
    file_meetings: dict[str, str] = {}  # Møte-ID → forum (of rows without errors)
    named: set[str] = set()  # every Møte-ID in the sheet, also on rows with errors
    if MEETINGS_SHEET in tables:
        mapped = map_sheet(tables[MEETINGS_SHEET], MEETING_SCHEMA, issues)
        if mapped is not None:
            data.meetings = _validate_meetings(
                mapped, issues, known_meetings, known_forums, file_meetings
            )
            named = {text_of(mapped.cell(row, "code")) for _n, row in mapped.data_rows("code")}
    if CASES_SHEET in tables:
        mapped = map_sheet(tables[CASES_SHEET], CASE_SCHEMA, issues)
        if mapped is not None:
            data.cases = _validate_cases(
                mapped,
                issues,
                known_meetings=known_meetings,
                file_meetings=file_meetings,
                named_meetings=named,
                known_measures=known_measures,
                known_indicators=known_indicators,
            )
    data.rows = (
        len(data.meetings) + len(data.cases)
        if not issues.errors
        else sum(_filled_rows(t) for t in tables.values())
    )
    return data


def _filled_rows(table: Any) -> int:
    filled = [r for r in table.rows if any(not is_blank(c) for c in r)]
    return max(len(filled) - 1, 0)


def _validate_meetings(
    mapped: MappedSheet,
    issues: Issues,
    known_meetings: dict[str, KnownMeeting],
    known_forums: dict[int, str],
    file_meetings: dict[str, str],
) -> list[dict[str, Any]]:
    meetings: list[dict[str, Any]] = []
    first_row: dict[str, int] = {}
    for row_number, row in mapped.data_rows(id_key="code"):
        parsed = parse_row(mapped, MEETING_SCHEMA, row_number, row, issues)
        code = text_of(mapped.cell(row, "code"))
        if code:
            if code in first_row:
                issues.error(
                    "duplicate-id",
                    f"Møte-ID «{code}» er brukt før i arket (rad {first_row[code]}). "
                    "Hvert møte skal stå på én rad.",
                    sheet=MEETINGS_SHEET,
                    row=row_number,
                    column="Møte-ID",
                    value=code,
                )
                continue
            first_row[code] = row_number
        if parsed is None:
            continue
        parsed["forum"] = canonical_forum(parsed["forum"], known_forums)
        known = known_meetings.get(code)
        if known is not None and known.has_cases and known.forum != parsed["forum"]:
            issues.error(
                "invalid-value",
                f"Møtet «{code}» er registrert for {known.forum} og har saker der. Et møte kan ikke "
                f"bytte forum til {parsed['forum']}; rett «Forum» eller bruk en ny Møte-ID.",
                sheet=MEETINGS_SHEET,
                row=row_number,
                column="Forum",
                value=parsed["forum"],
            )
            continue
        parsed["source_row"] = row_number
        file_meetings[code] = parsed["forum"]
        meetings.append(parsed)
    return meetings


def _validate_cases(
    mapped: MappedSheet,
    issues: Issues,
    *,
    known_meetings: dict[str, KnownMeeting],
    file_meetings: dict[str, str],
    named_meetings: set[str],
    known_measures: set[str],
    known_indicators: set[str],
) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    first_row: dict[tuple[str, str], int] = {}
    meetings_named = bool(file_meetings)
    for row_number, row in mapped.data_rows(id_key="number"):
        parsed = parse_row(mapped, CASE_SCHEMA, row_number, row, issues)
        meeting = text_of(mapped.cell(row, "meeting"))
        forum = file_meetings.get(meeting) or (
            known_meetings[meeting].forum if meeting in known_meetings else None
        )
        # A meeting whose own row has an error is reported there, not once more per case.
        if meeting and forum is None and meeting not in named_meetings:
            where = (
                f"arket «{MEETINGS_SHEET}» eller databasen"
                if meetings_named
                else f"databasen (og filen har ikke noe ark «{MEETINGS_SHEET}»)"
            )
            issues.error(
                "unknown-reference",
                f"Møte-ID «{meeting}» finnes verken i {where}. Legg møtet til i arket "
                f"«{MEETINGS_SHEET}», eller rett Møte-ID-en.",
                sheet=CASES_SHEET,
                row=row_number,
                column="Møte-ID",
                value=meeting,
            )
        _check_references(mapped, row, row_number, issues, known_measures, known_indicators)
        # Checked on rows with other errors too: the person fixes everything in one go.
        number = _number_or_none(mapped, row)
        if forum is not None and number is not None:
            key = (forum, number)
            if key in first_row:
                issues.error(
                    "duplicate-id",
                    f"Sak {number} i {forum} er brukt før i arket (rad {first_row[key]}). "
                    "Et saksnummer er unikt per forum og år.",
                    sheet=CASES_SHEET,
                    row=row_number,
                    column="Saksnummer",
                    value=number,
                )
                continue
            first_row[key] = row_number
        if parsed is None or forum is None:
            continue
        number, seq, year = parsed.pop("number")
        cases.append(
            {
                **parsed,
                "number": number,
                "seq": seq,
                "year": year,
                "forum": forum,
                "measures": parsed["measures"] or [],
                "indicators": parsed["indicators"] or [],
                "goals": parsed["goals"] or [],
                "source_row": row_number,
            }
        )
    return cases


def _number_or_none(mapped: MappedSheet, row: list[Any]) -> str | None:
    cell = mapped.cell(row, "number")
    try:
        return None if is_blank(cell) else parse_case_number(cell)[0]
    except ValueProblem:
        return None


def _check_references(
    mapped: MappedSheet,
    row: list[Any],
    row_number: int,
    issues: Issues,
    known_measures: set[str],
    known_indicators: set[str],
) -> None:
    """Unknown Tiltak-IDs and Indikator-IDs are warnings: the measure may come in a later round."""
    for key, header, known, what in (
        ("measures", "Tiltak", known_measures, "Tiltak-ID"),
        ("indicators", "Indikatorer", known_indicators, "Indikator-ID"),
    ):
        cell = mapped.cell(row, key)
        if is_blank(cell):
            continue
        for code in parse_id_list(cell):
            if code not in known:
                issues.warning(
                    "unknown-reference",
                    f"«{code}» er ikke en kjent {what} i databasen. Sjekk skrivemåten.",
                    sheet=CASES_SHEET,
                    row=row_number,
                    column=header,
                    value=code,
                )


# --------------------------------------------------------------------------------------------
# What the database knows, for validation
# --------------------------------------------------------------------------------------------


def known_context(conn: Connection) -> dict[str, Any]:
    """The current meetings (with forum and whether cases refer to them) and the forums."""
    f, m, c = Forum.__table__, Meeting.__table__, CouncilCase.__table__
    forums: dict[int, str] = {fid: name for fid, name in conn.execute(select(f.c.id, f.c.name))}
    with_cases = set(
        conn.execute(
            select(c.c.meeting_code).distinct().where(c.c.replaced_by_batch_id.is_(None))
        ).scalars()
    )
    meetings = {
        code: KnownMeeting(forums[forum_id], code in with_cases)
        for code, forum_id in conn.execute(
            select(m.c.code, m.c.forum_id).where(m.c.replaced_by_batch_id.is_(None))
        )
    }
    return {"known_meetings": meetings, "known_forums": forums}


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------

MEETING_FIELDS = ("forum_id", "meeting_date", "place")
CASE_FIELDS = (
    "meeting_code",
    "title",
    "case_type",
    "proposal",
    "decision",
    "measures",
    "indicators",
    "goals",
    "round_code",
    "follow_up_by",
)


def ensure_forums(conn: Connection, names: set[str]) -> dict[str, int]:
    """Forum ids by name, creating the forums that are new."""
    f = Forum.__table__
    existing = {name: fid for fid, name in conn.execute(select(f.c.id, f.c.name))}
    new = sorted(names - existing.keys())
    if new:
        conn.execute(insert(f), [{"name": n} for n in new])
        existing = {name: fid for fid, name in conn.execute(select(f.c.id, f.c.name))}
    return existing


def meeting_row(meeting: dict[str, Any], forum_ids: dict[str, int]) -> dict[str, Any]:
    return {
        "code": meeting["code"],
        "forum_id": forum_ids[meeting["forum"]],
        "meeting_date": meeting["date"],
        "place": meeting["place"] or None,
        "source_row": meeting["source_row"],
    }


def case_row(case: dict[str, Any], forum_ids: dict[str, int]) -> dict[str, Any]:
    return {
        "forum_id": forum_ids[case["forum"]],
        "number": case["number"],
        "year": case["year"],
        "seq": case["seq"],
        "meeting_code": case["meeting"],
        "title": case["title"],
        "case_type": case["case_type"],
        "proposal": case["proposal"] or None,
        "decision": case["decision"] or None,
        "measures": ";".join(case["measures"]),
        "indicators": ";".join(case["indicators"]),
        "goals": ";".join(case["goals"]),
        "round_code": case["round"],
        "follow_up_by": case["follow_up_by"],
        "source_row": case["source_row"],
    }


def load(conn: Connection, data: CasesData, batch_id: int) -> set[int]:
    """Write meetings and cases inside the caller's transaction; a row equal to the current one
    is left alone. Returns the earlier batches whose rows this batch superseded."""
    forum_ids = ensure_forums(conn, {x["forum"] for x in (*data.meetings, *data.cases)})
    superseded = _supersede(
        conn,
        Meeting.__table__,
        [meeting_row(meeting, forum_ids) for meeting in data.meetings],
        ("code",),
        MEETING_FIELDS,
        batch_id,
    )
    superseded |= _supersede(
        conn,
        CouncilCase.__table__,
        [case_row(case, forum_ids) for case in data.cases],
        ("forum_id", "number"),
        CASE_FIELDS,
        batch_id,
    )
    superseded.discard(batch_id)
    return superseded


def _supersede(
    conn: Connection,
    table: Any,
    rows: list[dict[str, Any]],
    key: tuple[str, ...],
    fields: tuple[str, ...],
    batch_id: int,
) -> set[int]:
    """Insert ``rows`` into ``table`` as of ``batch_id``: a row whose ``fields`` equal the current
    row of the same ``key`` is left alone, a changed one replaces it. Returns the batches of the
    replaced rows."""
    current = {
        tuple(getattr(r, k) for k in key): r
        for r in conn.execute(select(table).where(table.c.replaced_by_batch_id.is_(None)))
    }
    superseded: set[int] = set()
    new_rows = []
    for row in rows:
        old = current.get(tuple(row[k] for k in key))
        if old is not None:
            if all(getattr(old, k) == row[k] for k in fields):
                continue
            conn.execute(
                update(table).where(table.c.id == old.id).values(replaced_by_batch_id=batch_id)
            )
            superseded.add(old.batch_id)
        new_rows.append({**row, "batch_id": batch_id})
    if new_rows:
        conn.execute(insert(table), new_rows)
    return superseded


def rollback_blockers(conn: Connection, batch_id: int) -> set[int]:
    """Later batches with current cases in a meeting that only ``batch_id`` brought in (rolling
    it back alone would leave those cases without their meeting)."""
    m, c = Meeting.__table__, CouncilCase.__table__
    added = set(conn.execute(select(m.c.code).where(m.c.batch_id == batch_id)).scalars())
    if not added:
        return set()
    restored = set(
        conn.execute(select(m.c.code).where(m.c.replaced_by_batch_id == batch_id)).scalars()
    )
    gone = added - restored
    if not gone:
        return set()
    return set(
        conn.execute(
            select(c.c.batch_id)
            .distinct()
            .where(
                c.c.meeting_code.in_(sorted(gone)),
                c.c.batch_id != batch_id,
                c.c.replaced_by_batch_id.is_(None),
            )
        ).scalars()
    )


def drop_orphan_forums(conn: Connection) -> None:
    """Forums no meeting or case row refers to any more (after a rollback)."""
    f, m, c = Forum.__table__, Meeting.__table__, CouncilCase.__table__
    used = select(m.c.forum_id).union(select(c.c.forum_id))
    conn.execute(f.delete().where(f.c.id.not_in(used)))
