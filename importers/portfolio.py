"""The portfolio status workbook (formats.md §1): one reporting round, one row per measure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import Connection, insert, select, update

from importers.readers import Table, Workbook, is_blank, normalize_name
from importers.sheets import (
    Column,
    Issues,
    MappedSheet,
    map_sheet,
    parse_row,
    report_duplicates,
)
from importers.values import (
    ValueProblem,
    parse_date,
    parse_goal_list,
    parse_id_list,
    parse_planned_finish,
    parse_round,
    parse_vocab,
    text_of,
)
from model.dependencies import cycle_text, cycles
from model.tables import Measure, MeasureReport, MilestoneReport, ReportingRound
from model.vocab import (
    PHASES,
    RISKS,
    STATES,
    STATES_NEEDING_STATUS,
    STATUS_COLOURS,
    STRATEGIC_GOALS,
)

INFO_SHEET = "Om rapporten"
MEASURES_SHEET = "Tiltak"
MILESTONES_SHEET = "Milepæler"
MILESTONE_STATUSES = ("Ikke startet", "Pågår", "Nådd", "Forsinket")

_status = partial(parse_vocab, allowed=STATUS_COLOURS, what="status", synonyms="status")

SCHEMA: tuple[Column, ...] = (
    Column(
        "Tiltak-ID",
        "code",
        required=True,
        value_required=True,
        aliases=("Tiltak ID", "TiltakID", "ID"),
    ),
    Column("Tiltak", "name", required=True, value_required=True, aliases=("Tiltaksnavn", "Navn")),
    Column("Tiltakseier", "owner", required=True, value_required=True, aliases=("Eier",)),
    Column("Satsning", "programme_area", aliases=("Satsing",)),
    Column(
        "Strategiske mål",
        "goals",
        parse=partial(parse_goal_list, allowed=STRATEGIC_GOALS),
        aliases=("Strategisk mål", "Mål"),
    ),
    Column(
        "Fase",
        "phase",
        parse=partial(parse_vocab, allowed=PHASES, what="fase"),
        required=True,
        value_required=True,
    ),
    Column(
        "Tilstand",
        "state",
        parse=partial(parse_vocab, allowed=STATES, what="tilstand"),
        required=True,
        value_required=True,
    ),
    Column("Samlet status", "status_overall", parse=_status, required=True, aliases=("Status",)),
    Column("Status fremdrift", "status_progress", parse=_status),
    Column("Status kostnad", "status_cost", parse=_status),
    Column("Status gevinst", "status_benefit", parse=_status),
    Column(
        "Risiko", "risk", parse=partial(parse_vocab, allowed=RISKS, what="risiko", synonyms="risk")
    ),
    Column("Planlagt ferdig", "planned_finish", parse=parse_planned_finish),
    Column("Statuskommentar", "comment", parse=lambda v: str(v).strip(), aliases=("Kommentar",)),
    Column("Avhengigheter", "dependencies", parse=parse_id_list, aliases=("Avhengighet",)),
)

#: The optional sheet «Milepæler» (formats.md §7).
MILESTONE_SCHEMA: tuple[Column, ...] = (
    Column(
        "Tiltak-ID",
        "code",
        required=True,
        value_required=True,
        aliases=("Tiltak ID", "TiltakID", "ID"),
    ),
    Column("Milepæl", "name", required=True, value_required=True, aliases=("Milepel", "Navn")),
    Column(
        "Planlagt dato",
        "planned",
        parse=parse_planned_finish,
        required=True,
        value_required=True,
        aliases=("Dato", "Planlagt"),
    ),
    Column(
        "Status",
        "status",
        parse=partial(parse_vocab, allowed=MILESTONE_STATUSES, what="milepælstatus"),
        required=True,
        value_required=True,
    ),
    Column("Kommentar", "comment", parse=lambda v: str(v).strip()),
)

INFO_KEYS = {
    "rapporteringsrunde": "round",
    "rapporteringsfrist": "deadline",
    "innsendt av": "submitted_by",
    "tiltakseier": "owner",
}


@dataclass
class PortfolioData:
    """A validated portfolio workbook, ready to load."""

    round: str | None
    deadline: date | None = None
    submitted_by: str | None = None
    reports: list[dict[str, Any]] = field(default_factory=list)
    rows: int = 0
    milestones: list[dict[str, Any]] = field(default_factory=list)
    #: The row of «Rapporteringsrunde» in «Om rapporten» (where round problems are reported).
    round_row: int | None = None
    #: «Om rapporten» Tiltakseier (or --owner): one owner's submission into an open round
    owner: str | None = None
    owner_row: int | None = None
    #: set by the importer: load as that owner's submission (replace only the owner's rows)
    submission: bool = False


def read_info(
    table: Table | None,
    issues: Issues,
    round_arg: str | None,
    *,
    csv: bool = False,
    surface: str = "cli",
) -> PortfolioData:
    """The ``Om rapporten`` key/value sheet (column A key, column B value). ``surface`` is where
    the file came in (``cli`` or ``web``): a missing round is asked for where it can be given."""
    data = PortfolioData(round=None)
    found = _info_rows(table)
    data.round = _info_value(found, "round", parse_round, "Rapporteringsrunde", issues)
    if round_arg:
        if data.round and data.round != round_arg:
            issues.error(
                "invalid-value",
                f"Arket «{INFO_SHEET}» sier rapporteringsrunde {data.round}, men kommandoen ba om "
                f"{round_arg}. Rett den ene så de stemmer overens.",
                sheet=INFO_SHEET,
                row=found["round"][0],
                column="Rapporteringsrunde",
                value=data.round,
            )
        data.round = round_arg
    elif data.round is None and not any(i.column == "Rapporteringsrunde" for i in issues.errors):
        _missing_round(found, issues, no_sheet=table is None, csv=csv, surface=surface)
    data.round_row = found["round"][0] if "round" in found else None
    data.deadline = _info_value(found, "deadline", parse_date, "Rapporteringsfrist", issues)
    if "submitted_by" in found and not is_blank(found["submitted_by"][1]):
        data.submitted_by = text_of(found["submitted_by"][1])
    if "owner" in found and not is_blank(found["owner"][1]):
        data.owner = " ".join(text_of(found["owner"][1]).split())
        data.owner_row = found["owner"][0]
    return data


def _info_rows(table: Table | None) -> dict[str, tuple[int, Any]]:
    """The known keys of ``Om rapporten`` (:data:`INFO_KEYS`): (row number, column B's cell)."""
    found: dict[str, tuple[int, Any]] = {}
    for index, row in enumerate(table.rows if table is not None else []):
        if not row or is_blank(row[0]):
            continue
        key = INFO_KEYS.get(normalize_name(text_of(row[0])).rstrip(":"))
        if key:
            found[key] = (index + 1, row[1] if len(row) > 1 else None)
    return found


def _missing_round(
    found: dict[str, tuple[int, Any]], issues: Issues, *, no_sheet: bool, csv: bool, surface: str
) -> None:
    """The one error for a file that names no round (and none was given): it says where the
    round goes, in the file or where the file is uploaded (``surface``)."""
    elsewhere = (
        "fyll inn feltet «Rapporteringsrunde» på denne siden (under «Valgfritt: runde eller "
        "versjon»), for eksempel 2025-K3"
        if surface == "web"
        else "oppgi runden ved innlasting (for eksempel --round 2025-K3)"
    )
    if no_sheet and not csv:
        issues.error(
            "missing-sheet",
            f"Arket «{INFO_SHEET}» med rapporteringsrunden mangler. Legg det til (som i malen), "
            f"eller {elsewhere}.",
            sheet=INFO_SHEET,
        )
    elif csv:
        issues.error(
            "missing-value",
            f"Rapporteringsrunde mangler: en .csv-fil har ikke arket «{INFO_SHEET}». "
            f"{elsewhere[0].upper()}{elsewhere[1:]}.",
            sheet=INFO_SHEET,
            column="Rapporteringsrunde",
        )
    elif "round" in found:
        issues.error(
            "missing-value",
            "Rapporteringsrunde mangler. Skriv den i kolonne B ved siden av "
            "«Rapporteringsrunde», for eksempel 2025-K3.",
            sheet=INFO_SHEET,
            row=found["round"][0],
            column="Rapporteringsrunde",
        )
    else:
        issues.error(
            "missing-value",
            f"Rapporteringsrunde mangler. Skriv «Rapporteringsrunde» i kolonne A i arket "
            f"«{INFO_SHEET}» og runden i kolonne B (for eksempel 2025-K3), eller {elsewhere}.",
            sheet=INFO_SHEET,
            column="Rapporteringsrunde",
        )


def _info_value(
    found: dict[str, tuple[int, Any]],
    key: str,
    parse: Callable[[Any], Any],
    column: str,
    issues: Issues,
) -> Any:
    """One parsed value of ``Om rapporten`` (None when absent or wrong; wrong is reported)."""
    if key not in found or is_blank(found[key][1]):
        return None
    row_number, raw = found[key]
    try:
        return parse(raw)
    except ValueProblem as p:
        issues.problem(p, sheet=INFO_SHEET, row=row_number, column=column, value=text_of(raw))
        return None


def validate(
    workbook: Workbook,
    issues: Issues,
    *,
    round_arg: str | None,
    known_measures: set[str],
    conn: Connection | None = None,
    surface: str = "cli",
) -> PortfolioData:
    """Check every row of the workbook; the returned data is only loadable when no errors.

    With ``conn`` the rows are also compared with what the database holds (formats.md §6:
    ``comment-required`` warnings, ``unknown-owner``, ``round-gap``)."""
    info_table: Table | None
    measures_table: Table | None
    if workbook.format == "csv":
        info_table, measures_table = None, workbook.tables[0]
        measures_table.sheet = MEASURES_SHEET
    else:
        info_table, measures_table = workbook.get(INFO_SHEET), workbook.get(MEASURES_SHEET)
        if info_table is not None:
            info_table.sheet = INFO_SHEET
    data = read_info(info_table, issues, round_arg, csv=workbook.format == "csv", surface=surface)
    if measures_table is None:
        issues.error(
            "missing-sheet",
            f"Arket «{MEASURES_SHEET}» mangler. Arkene i filen er: {', '.join(workbook.sheet_names)}.",
            sheet=MEASURES_SHEET,
        )
        return data
    measures_table.sheet = MEASURES_SHEET
    mapped = map_sheet(measures_table, SCHEMA, issues)
    if mapped is None:
        return data
    data.reports = _validate_rows(mapped, issues, known_measures)
    milestones_table = workbook.get(MILESTONES_SHEET) if workbook.format != "csv" else None
    if milestones_table is not None:
        milestones_table.sheet = MILESTONES_SHEET
        in_file = {r["code"] for r in data.reports}
        in_file |= {code for _n, code in mapped.row_ids("code") if code is not None}
        data.milestones = _validate_milestones(milestones_table, issues, in_file | known_measures)
    if not any(True for _ in mapped.data_rows(id_key="code")):
        # An unfilled template names a round: loading it would replace that round with nothing.
        issues.error(
            "missing-value",
            f"Arket «{MEASURES_SHEET}» har ingen tiltak. Fyll inn én rad per tiltak (fra rad 2) "
            "og last opp på nytt; en tom rapport lastes aldri inn (den ville erstattet runden "
            "med ingenting).",
            sheet=MEASURES_SHEET,
        )
    if conn is not None and data.reports:
        from importers.plausibility import check_round

        check_round(conn, data, issues, info_sheet=info_table is not None)
    return data


def _validate_rows(
    mapped: MappedSheet, issues: Issues, known_measures: set[str]
) -> list[dict[str, Any]]:
    reports: list[dict[str, Any]] = []
    for row_number, row in mapped.data_rows(id_key="code"):
        parsed = parse_row(mapped, SCHEMA, row_number, row, issues)
        if parsed is None:
            continue
        if (
            parsed["state"] in STATES_NEEDING_STATUS
            and not parsed["status_overall"]
            and "status_overall" in mapped.columns
        ):
            issues.error(
                "missing-value",
                f"«Samlet status» må fylles ut når tilstanden er {parsed['state']}. "
                f"Gyldige verdier: {', '.join(STATUS_COLOURS)}.",
                sheet=MEASURES_SHEET,
                row=row_number,
                column="Samlet status",
            )
            continue
        if parsed["status_overall"] == "Rød" and not parsed["comment"]:
            issues.error(
                "comment-required",
                "Samlet status er Rød, men Statuskommentar er tom. Skriv kort hva som er galt og "
                "hva som gjøres (rådet leser kommentaren til alle røde tiltak).",
                sheet=MEASURES_SHEET,
                row=row_number,
                column="Statuskommentar",
            )
        parsed["source_row"] = row_number
        reports.append(parsed)
    in_file = report_duplicates(
        mapped.row_ids("code"),
        issues,
        sheet=MEASURES_SHEET,
        column="Tiltak-ID",
        message="{column} «{code}» er brukt før i filen (rad {first}). Hvert tiltak skal stå på én rad.",
    )
    if "dependencies" in mapped.columns:
        # Checked on every row, also rows with other errors: the person fixes all in one go.
        for row_number, row in mapped.data_rows(id_key="code"):
            cell = mapped.cell(row, "dependencies")
            for dep in parse_id_list(cell) if not is_blank(cell) else []:
                if dep not in in_file and dep not in known_measures:
                    issues.warning(
                        "unknown-reference",
                        f"Avhengigheten «{dep}» er ikke et kjent Tiltak-ID. Sjekk skrivemåten.",
                        sheet=MEASURES_SHEET,
                        row=row_number,
                        column="Avhengigheter",
                        value=dep,
                    )
    _warn_cycles(reports, issues)
    return reports


def _validate_milestones(table: Table, issues: Issues, known: set[str]) -> list[dict[str, Any]]:
    """The sheet «Milepæler»: every row checked, a milestone of an unknown measure and a
    milestone named twice for the same measure are errors (the file is refused)."""
    mapped = map_sheet(table, MILESTONE_SCHEMA, issues)
    if mapped is None:
        return []
    out: list[dict[str, Any]] = []
    keys: list[tuple[int, str | None]] = []
    for row_number, row in mapped.data_rows(id_key="code"):
        parsed = parse_row(mapped, MILESTONE_SCHEMA, row_number, row, issues)
        if parsed is None:
            continue
        if parsed["code"] not in known:
            issues.error(
                "unknown-reference",
                f"Milepælen hører til Tiltak-ID «{parsed['code']}», som verken står i arket "
                f"«{MEASURES_SHEET}» eller finnes fra før. Sjekk skrivemåten.",
                sheet=MILESTONES_SHEET,
                row=row_number,
                column="Tiltak-ID",
                value=parsed["code"],
            )
            continue
        keys.append((row_number, f"{parsed['code']} · {parsed['name']}"))
        parsed["source_row"] = row_number
        out.append(parsed)
    report_duplicates(
        keys,
        issues,
        sheet=MILESTONES_SHEET,
        column="Milepæl",
        message="Milepælen «{code}» står før i arket (rad {first}). Hver milepæl skal stå på "
        "én rad per tiltak.",
    )
    return out


def _warn_cycles(reports: list[dict[str, Any]], issues: Issues) -> None:
    """A ring of dependencies (A avhenger av B, B av A) is loaded, drawn and warned about; the
    risk walk never loops over it (model.dependencies)."""
    deps = {r["code"]: tuple(r["dependencies"] or ()) for r in reports}
    rows = {r["code"]: r["source_row"] for r in reports}
    for cycle in cycles(deps):
        issues.warning(
            "dependency-cycle",
            f"Avhengighetene går i ring: {cycle_text(cycle)}. Et tiltak kan ikke vente på seg "
            "selv; sjekk om en av avhengighetene er feil. Rapporten lastes inn, og ringen vises "
            "i avhengighetsgrafen.",
            sheet=MEASURES_SHEET,
            row=rows.get(cycle[0]),
            column="Avhengigheter",
            value=cycle_text(cycle),
        )


def load(conn: Connection, data: PortfolioData, batch_id: int) -> set[int]:
    """Write the round inside the caller's transaction. Returns the batches it superseded."""
    assert data.round is not None
    if data.submission:
        return _load_submission(conn, data, batch_id)
    rr, mr = ReportingRound.__table__, MeasureReport.__table__
    superseded: set[int] = set()
    for table, condition in ((rr, rr.c.code == data.round), (mr, mr.c.round_code == data.round)):
        old = conn.execute(
            select(table.c.batch_id)
            .distinct()
            .where(condition, table.c.replaced_by_batch_id.is_(None))
        ).scalars()
        superseded.update(old)
        conn.execute(
            update(table)
            .where(condition, table.c.replaced_by_batch_id.is_(None))
            .values(replaced_by_batch_id=batch_id)
        )
    year, quarter = int(data.round[:4]), int(data.round[-1])
    conn.execute(
        insert(rr).values(
            code=data.round,
            year=year,
            quarter=quarter,
            deadline=data.deadline,
            submitted_by=data.submitted_by,
            batch_id=batch_id,
        )
    )
    measure_ids = _insert_reports(conn, data, batch_id)
    superseded |= _load_milestones(conn, data, batch_id, measure_ids)
    superseded.discard(batch_id)
    return superseded


def _load_submission(conn: Connection, data: PortfolioData, batch_id: int) -> set[int]:
    """One owner's submission into an open round: it replaces that owner's current rows of the
    round (and a measure handed over from another owner), nothing else. The round's own row is
    left alone, so each submission can be rolled back on its own."""
    from model.rounds import owner_key

    assert data.round is not None and data.owner is not None
    mr, m = MeasureReport.__table__, Measure.__table__
    codes = {r["code"] for r in data.reports}
    key = owner_key(data.owner)
    rows = conn.execute(
        select(mr.c.id, mr.c.owner, mr.c.batch_id, m.c.code)
        .join(m, m.c.id == mr.c.measure_id)
        .where(mr.c.round_code == data.round, mr.c.replaced_by_batch_id.is_(None))
    ).all()
    replaced = [r for r in rows if owner_key(r.owner) == key or r.code in codes]
    superseded = {r.batch_id for r in replaced}
    if replaced:
        conn.execute(
            update(mr)
            .where(mr.c.id.in_([r.id for r in replaced]))
            .values(replaced_by_batch_id=batch_id)
        )
    measure_ids = _insert_reports(conn, data, batch_id)
    superseded |= _load_milestones(conn, data, batch_id, measure_ids, only=codes)
    superseded.discard(batch_id)
    return superseded


def _insert_reports(conn: Connection, data: PortfolioData, batch_id: int) -> dict[str, int]:
    """The file's measure rows; returns the measures' database IDs by Tiltak-ID."""
    mr = MeasureReport.__table__
    measure_ids = ensure_measures(conn, data.reports)
    rows = [
        {
            "measure_id": measure_ids[r["code"]],
            "round_code": data.round,
            "batch_id": batch_id,
            "source_row": r["source_row"],
            "name": r["name"],
            "owner": r["owner"],
            "programme_area": r["programme_area"],
            "phase": r["phase"],
            "state": r["state"],
            "status_overall": r["status_overall"],
            "status_progress": r["status_progress"],
            "status_cost": r["status_cost"],
            "status_benefit": r["status_benefit"],
            "risk": r["risk"],
            "planned_finish": r["planned_finish"],
            "comment": r["comment"],
            "goals": ";".join(r["goals"] or []),
            "dependencies": ";".join(r["dependencies"] or []),
        }
        for r in data.reports
    ]
    if rows:
        conn.execute(insert(mr), rows)
    return measure_ids


def _load_milestones(
    conn: Connection,
    data: PortfolioData,
    batch_id: int,
    measure_ids: dict[str, int],
    only: set[str] | None = None,
) -> set[int]:
    """The round's milestones are what this file says (none when it has no «Milepæler»); an
    owner's submission (``only``: its measures) replaces the milestones of its measures only."""
    ms = MilestoneReport.__table__
    condition = (ms.c.round_code == data.round) & ms.c.replaced_by_batch_id.is_(None)
    if only is not None:
        condition = condition & ms.c.measure_id.in_([measure_ids[c] for c in only])
    superseded = set(conn.execute(select(ms.c.batch_id).distinct().where(condition)).scalars())
    conn.execute(update(ms).where(condition).values(replaced_by_batch_id=batch_id))
    if not data.milestones:
        return superseded
    m = Measure.__table__
    missing = {x["code"] for x in data.milestones} - set(measure_ids)
    if missing:
        measure_ids = measure_ids | dict(
            conn.execute(select(m.c.code, m.c.id).where(m.c.code.in_(missing))).all()
        )
    conn.execute(
        insert(ms),
        [
            {
                "measure_id": measure_ids[x["code"]],
                "round_code": data.round,
                "batch_id": batch_id,
                "source_row": x["source_row"],
                "name": x["name"],
                "planned": x["planned"],
                "status": x["status"],
                "comment": x["comment"],
            }
            for x in data.milestones
        ],
    )
    return superseded


def ensure_measures(conn: Connection, reports: list[dict[str, Any]]) -> dict[str, int]:
    """Measure ids by Tiltak-ID, creating the measures that are new."""
    m = Measure.__table__
    codes = [r["code"] for r in reports]
    existing = (
        dict(conn.execute(select(m.c.code, m.c.id).where(m.c.code.in_(codes))).all())
        if codes
        else {}
    )
    new = [
        {
            "code": r["code"],
            "name": r["name"],
            "owner": r["owner"],
            "programme_area": r["programme_area"],
        }
        for r in reports
        if r["code"] not in existing
    ]
    if new:
        conn.execute(insert(m), new)
        existing.update(
            conn.execute(
                select(m.c.code, m.c.id).where(m.c.code.in_([n["code"] for n in new]))
            ).all()
        )
    return existing


def refresh_measures(conn: Connection) -> None:
    """Copy the newest current report's name/owner/area onto each measure; drop measures that
    no current or historical report refers to any more (after a rollback)."""
    m, mr = Measure.__table__, MeasureReport.__table__
    latest = (
        select(mr.c.measure_id, mr.c.name, mr.c.owner, mr.c.programme_area, mr.c.round_code)
        .where(mr.c.replaced_by_batch_id.is_(None))
        .order_by(mr.c.measure_id, mr.c.round_code)
    )
    newest: dict[int, tuple[str, str, str | None]] = {}
    for measure_id, name, owner, area, _round in conn.execute(latest):
        newest[measure_id] = (name, owner, area)
    current = {row.id: (row.name, row.owner, row.programme_area) for row in conn.execute(select(m))}
    for measure_id, values in newest.items():
        if current.get(measure_id) != values:
            conn.execute(
                update(m)
                .where(m.c.id == measure_id)
                .values(name=values[0], owner=values[1], programme_area=values[2])
            )
    ms = MilestoneReport.__table__
    referenced = set(conn.execute(select(mr.c.measure_id).distinct()).scalars())
    referenced |= set(conn.execute(select(ms.c.measure_id).distinct()).scalars())
    orphans = [mid for mid in current if mid not in referenced]
    if orphans:
        conn.execute(m.delete().where(m.c.id.in_(orphans)))
