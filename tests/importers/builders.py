"""Write small real workbooks with openpyxl for tests (the corpus in tests/data has the quirky ones)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

PORTFOLIO_HEADERS = [
    "Tiltak-ID",
    "Tiltak",
    "Tiltakseier",
    "Satsning",
    "Strategiske mål",
    "Fase",
    "Tilstand",
    "Samlet status",
    "Risiko",
    "Statuskommentar",
    "Avhengigheter",
    "Planlagt ferdig",
]


def measure(
    code: str,
    name: str,
    status: str | None = "Grønn",
    state: str = "Aktiv",
    owner: str = "Helse Vest RHF",
    phase: str = "Gjennomføring",
    goals: str = "2",
    comment: str | None = None,
    deps: str = "",
    finish: str | date | None = None,
) -> list[Any]:
    if comment is None:  # a red status needs a comment (formats.md §6, comment-required)
        comment = (
            "Forsinket; tiltak er satt i verk." if str(status).strip().casefold() == "rød" else ""
        )
    return [
        code,
        name,
        owner,
        "Digital samhandling",
        goals,
        phase,
        state,
        status,
        "Lav",
        comment,
        deps,
        finish,
    ]


def portfolio_workbook(
    path: Path,
    round_code: str | None,
    rows: list[list[Any]],
    *,
    deadline: date | None = None,
    headers: list[str] | None = None,
    milestones: list[list[Any]] | None = None,
) -> Path:
    """``milestones``: rows of the optional sheet «Milepæler» (Tiltak-ID, Milepæl, Planlagt
    dato, Status, Kommentar); None leaves the sheet out."""
    wb = Workbook()
    info = wb.active
    info.title = "Om rapporten"
    if round_code is not None:
        info.append(["Rapporteringsrunde", round_code])
    if deadline:
        info.append(["Rapporteringsfrist", deadline])
    sheet = wb.create_sheet("Tiltak")
    sheet.append(headers or PORTFOLIO_HEADERS)
    for row in rows:
        sheet.append(row)
    if milestones is not None:
        ms = wb.create_sheet("Milepæler")
        ms.append(["Tiltak-ID", "Milepæl", "Planlagt dato", "Status", "Kommentar"])
        for row in milestones:
            ms.append(row)
    wb.save(path)
    return path


IND_HEADERS = [
    "Indikator-ID",
    "Navn",
    "Mål",
    "Type",
    "Status",
    "Nivå",
    "Del av",
    "Enhet",
    "Retning",
    "Datakilde",
    "Mål 2030",
    "Basisår",
    "Grense",
    "Versjon",
]


def indicator(
    code: str,
    name: str,
    goals: str = "S1",
    *,
    type_: str = "Prosess",
    status: str = "Klar",
    level: str = "Strategisk",
    parent: str = "",
    unit: str = "%",
    direction: str = "Økende",
    target: float | None = None,
    base_year: int | None = None,
    limit: float | None = None,
    version: str = "",
) -> list[Any]:
    return [
        code,
        name,
        goals,
        type_,
        status,
        level,
        parent,
        unit,
        direction,
        "SSB",
        target,
        base_year,
        limit,
        version,
    ]


def indicator_workbook(
    path: Path,
    indicators: list[list[Any]] | None,
    values: list[list[Any]] | None,
    goals: list[list[Any]] | None = None,
) -> Path:
    wb = Workbook()
    first = True
    for title, headers, rows in (
        ("Mål", ["Kode", "Navn", "Beskrivelse"], goals),
        ("Indikatorer", IND_HEADERS, indicators),
        ("Verdier", ["Indikator-ID", "Periode", "Verdi", "Område", "Kommentar"], values),
    ):
        if rows is None:
            continue
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = title
        ws.append(headers)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


MEETING_HEADERS = ["Møte-ID", "Forum", "Dato", "Sted"]
CASE_HEADERS = [
    "Saksnummer",
    "Møte-ID",
    "Tittel",
    "Sakstype",
    "Forslag til vedtak",
    "Vedtak",
    "Tiltak",
    "Indikatorer",
    "Mål",
    "Runde",
    "Oppfølging innen",
]


def council_case(
    number: str,
    meeting: str,
    title: str,
    type_: str = "Drøfting",
    *,
    proposal: str = "",
    decision: str = "",
    measures: str = "",
    indicators: str = "",
    goals: str = "",
    round_code: str = "",
    follow_up: str = "",
) -> list[Any]:
    return [
        number,
        meeting,
        title,
        type_,
        proposal,
        decision,
        measures,
        indicators,
        goals,
        round_code,
        follow_up,
    ]


def cases_workbook(
    path: Path,
    meetings: list[list[Any]] | None,
    cases: list[list[Any]] | None,
    *,
    case_headers: list[str] | None = None,
) -> Path:
    """A ``Saker`` workbook: sheet ``Møter`` and/or sheet ``Saker`` (None leaves a sheet out)."""
    wb = Workbook()
    first = True
    for title, headers, rows in (
        ("Møter", MEETING_HEADERS, meetings),
        ("Saker", case_headers or CASE_HEADERS, cases),
    ):
        if rows is None:
            continue
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = title
        ws.append(headers)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path
