"""The meeting pack as an Excel workbook of data (formats.md section 5), not a picture of text.

Every number is a numeric cell with a number format (a share as 0.3676 shown ``37 %``, a
change of a share in whole percentage points, a mean score ``−4,4``), every date a date cell,
every round or period its code as text. One sheet per table, header row frozen, autofilter on:

Sammendrag (the round, the cut-off and the headline figures with their change), Tiltak (every
reported field), Røde, Endret farge, Forsinket, Milepæler (forsinkede først), I risiko (via
avhengighet), Fargefordeling, Mål (goal attainment per goal), Indikatorer (per indicator), Utkast
(the meeting-paper draft), Saksliste (the meeting's cases with the portfolio-status case's
forslag til vedtak).

Formula injection: text that a person typed (names, comments …) and that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return (:func:`model.safe_text.formula_like`) is
written as a text cell with Excel's quote prefix, never as a formula, so opening the file can
not run anything.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard.export.content import MeetingPack, cut_off_words
from dashboard.theme import PRIMARY
from importers.portfolio import SCHEMA as PORTFOLIO_SCHEMA
from model.attainment import CATEGORIES
from model.labels import CATEGORY_LABELS_NB, METHOD_LABELS_NB
from model.periods import finish_date, is_quarter, round_words
from model.round_report import Figure, RoundReport
from model.safe_text import formula_like
from model.vocab import STATUS_COLOURS

HEADER_FILL = PatternFill("solid", fgColor=PRIMARY.lstrip("#"))
HEADER_FONT = Font(bold=True, color="FFFFFF")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

#: Number formats (Excel shows them with the reader's decimal comma).
COUNT = "0"
SHARE = "0 %"
COUNT_CHANGE = '+0;-0;"uendret"'
POINTS_CHANGE = '+0" pp";-0" pp";"uendret"'
SCORE = "0.0"
PROGRESS = "0.00"
DATE = "DD.MM.YYYY"
MOMENT = "DD.MM.YYYY HH:MM"

#: A measure's columns are headed as in the upload format (importers/portfolio.py), so an
#: exported sheet reads like the workbook the owners fill in: one home for those headings.
FORMAT_HEADERS: dict[str, str] = {column.key: column.header for column in PORTFOLIO_SCHEMA}
#: The sheet Tiltak: (field of the format, column width).
MEASURE_COLUMNS = (
    ("code", 11),
    ("name", 38),
    ("owner", 28),
    ("programme_area", 22),
    ("goals", 14),
    ("phase", 15),
    ("state", 12),
    ("status_overall", 13),
    ("status_progress", 13),
    ("status_cost", 13),
    ("status_benefit", 13),
    ("risk", 10),
    ("planned_finish", 14),
    ("comment", 90),
    ("dependencies", 18),
)
STATUS_HEADERS = {
    FORMAT_HEADERS[key]
    for key in ("status_overall", "status_progress", "status_cost", "status_benefit")
}


def headers(*keys: str) -> list[str]:
    """The upload format's headings of these fields."""
    return [FORMAT_HEADERS[key] for key in keys]


def safe_value(cell: Any, value: Any) -> None:
    """Write a value; text that a spreadsheet would read as a formula stays text."""
    if value is None or (isinstance(value, float) and value != value):  # None or NaN
        cell.value = None
        return
    if isinstance(value, str):
        cell.value = value
        if formula_like(value):
            cell.data_type = "s"
            cell.quotePrefix = True
        return
    cell.value = value
    if isinstance(value, datetime):
        cell.number_format = MOMENT
    elif isinstance(value, date):
        cell.number_format = DATE


def _sheet(
    wb: Workbook,
    title: str,
    headers: list[str],
    rows: list[list[Any]],
    widths: list[int],
    *,
    formats: dict[int, str] | None = None,
    wrap_columns: tuple[str, ...] = ("Statuskommentar", "Kommentar", "Verdi", "Utkast"),
) -> Any:
    """A sheet of one table; ``formats``: number format by 0-based column."""
    ws = wb.create_sheet(title)
    for c, name in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=c, value=name)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    from dashboard.theme import status_style

    formats = formats or {}
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            safe_value(cell, value)
            if c - 1 in formats and isinstance(value, int | float):
                cell.number_format = formats[c - 1]
            header = headers[c - 1]
            cell.alignment = WRAP if header in wrap_columns else TOP
            if value in STATUS_COLOURS and (
                header in STATUS_HEADERS or header.startswith("Status ")
            ):
                cell.fill = PatternFill("solid", fgColor=status_style(value).tint.lstrip("#"))
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A2"
    _print_across(ws)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(rows) + 1, 1)}"
    ws.row_dimensions[1].height = 30
    return ws


def _print_across(ws: Any) -> None:
    """Printed, a sheet is one page wide (landscape), as many pages tall as it needs."""
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _finish(text: str | None) -> date | str | None:
    """Planlagt ferdig: a date as a date cell, a quarter as its code (``2027-K2``)."""
    if not text:
        return None
    if is_quarter(text):
        return text
    return finish_date(text) or text


def _naive(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=None) if moment else None


def _figure_row(figure: Figure) -> list[Any]:
    """Nøkkeltall, Verdi, Forrige runde, Endring, Vurdering: numbers as numbers."""
    return [
        figure.label,
        figure.value,
        figure.previous,
        figure.shown_change,
        figure.judgement_text,
    ]


def _summary(wb: Workbook, pack: MeetingPack) -> None:
    report = pack.report
    scope = (
        "hele porteføljen"
        if pack.filter.is_empty()
        else pack.filter_text.removeprefix("Filter: ")
        + " (gjelder arkene Tiltak, Røde, Endret farge, Forsinket og I risiko)"
    )
    meta: list[list[Any]] = [
        ["Rapporteringsrunde", report.round],
        ["Periode", pack.round_words],
        ["Forrige runde", report.previous_round],
        ["Rapporteringsfrist", report.deadline],
        ["Data lastet inn", _naive(report.loaded_at)],
        ["Låst til import", report.as_of_batch],
        ["Indikatorer", f"{report.cut_off} ({cut_off_words(report.cut_off)})"],
        ["Generert", _naive(pack.generated_at)],
        ["Utvalg", scope],
        ["Tiltak i utvalget", len(report.measures)],
        ["Tiltak i runden", report.measures_total],
    ]
    ws = _sheet(wb, "Sammendrag", ["Nøkkel", "Verdi"], meta, [26, 60])
    start = len(meta) + 3
    headers = [
        "Nøkkeltall",
        "Verdi",
        f"Forrige runde ({report.previous_round or '–'})",
        "Endring",
        "Vurdering",
    ]
    for c, name in enumerate(headers, start=1):
        cell = ws.cell(row=start, column=c, value=name)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    for offset, figure in enumerate(report.figures, start=1):
        row = start + offset
        for c, value in enumerate(_figure_row(figure), start=1):
            cell = ws.cell(row=row, column=c)
            safe_value(cell, value)
            if c in (2, 3) and value is not None:
                cell.number_format = SHARE if figure.kind == "share" else COUNT
            if c == 4 and value is not None:
                cell.number_format = POINTS_CHANGE if figure.kind == "share" else COUNT_CHANGE
    for letter, width in zip("CDE", (22, 16, 14), strict=True):
        ws.column_dimensions[letter].width = width


def _measure_rows(report: RoundReport) -> list[list[Any]]:
    rows = []
    for m in report.measures:
        record = m.record() | {"status_overall": m.status}
        row = []
        for key, _ in MEASURE_COLUMNS:
            value = record.get(key)
            if key in ("goals", "dependencies") and isinstance(value, str):
                value = ", ".join(v for v in value.split(";") if v)
            if key == "planned_finish":
                value = _finish(value)
            row.append(value)
        rows.append(row)
    return rows


def _attainment(wb: Workbook, report: RoundReport) -> None:
    summary = report.attainment
    if summary is None or not summary.results:
        return  # no indicators yet: the pack says nothing about goal attainment (as the slides)
    selection = summary.selection
    cut = report.cut_off
    goal_rows = [
        [
            g.code,
            g.name,
            g.mean_score,
            *(g.counts[c] for c in CATEGORIES),
            g.total,
            cut,
        ]
        for g in summary.goals
    ]
    _sheet(
        wb,
        "Mål",
        [
            "Mål",
            "Navn",
            "Snittpoeng",
            *(CATEGORY_LABELS_NB[c] for c in CATEGORIES),
            "Strategiske indikatorer",
            "Data til og med",
        ],
        goal_rows,
        [10, 50, 11, *(12,) * len(CATEGORIES), 13, 14],
        formats={2: SCORE, **{3 + i: COUNT for i in range(len(CATEGORIES) + 1)}},
    )
    method = METHOD_LABELS_NB[selection.method]
    basis = {"target": "mål", "trend": "trend"}
    indicator_rows = []
    for r in selection.results:
        a, d = r.assessment, r.definition
        indicator_rows.append(
            [
                r.code,
                d["name"],
                ", ".join(r.goals),
                d["level"],
                d["status"],
                CATEGORY_LABELS_NB[a.category],
                basis.get(a.basis or ""),
                a.score,
                a.progress,
                a.base_period,
                a.base_value,
                a.latest_period,
                a.latest_value,
                d["target_2030"],
                a.projected_2030,
                d["unit"],
                method,
                cut,
            ]
        )
    _sheet(
        wb,
        "Indikatorer",
        [
            "Indikator-ID",
            "Navn",
            "Mål",
            "Nivå",
            "Status",
            "Vurdering",
            "Grunnlag",
            "Poeng",
            "Fremdrift",
            "Basisperiode",
            "Basisverdi",
            "Siste periode",
            "Siste verdi",
            "Mål 2030",
            "Anslag 2030",
            "Enhet",
            "Metode",
            "Data til og med",
        ],
        indicator_rows,
        [11, 50, 10, 11, 12, 18, 10, 8, 10, 12, 11, 12, 11, 10, 11, 10, 26, 14],
        formats={7: SCORE, 8: PROGRESS, 14: SCORE},
    )


def _agenda(wb: Workbook, pack: MeetingPack) -> None:
    """Sheet Saksliste: the meeting's cases with the portfolio-status case's proposal as the
    secretariat left it (or the draft), the same text as on the agenda slide."""
    from model.cases import agenda_rows

    if pack.agenda is None:
        return
    _sheet(
        wb,
        "Saksliste",
        ["Sak", "Tittel", "Type", "Forslag til vedtak", "Vedtak"],
        [list(r) for r in agenda_rows(pack.agenda, pack.proposal_text)],
        [10, 40, 14, 70, 50],
        wrap_columns=("Tittel", "Forslag til vedtak", "Vedtak"),
    )


def write_xlsx(pack: MeetingPack) -> bytes:
    """The workbook's bytes (sheets in the module docstring)."""
    report = pack.report
    wb = Workbook()
    wb.remove(wb.active)
    _summary(wb, pack)
    widths = [w for _, w in MEASURE_COLUMNS]
    _sheet(wb, "Tiltak", headers(*(k for k, _ in MEASURE_COLUMNS)), _measure_rows(report), widths)
    _sheet(
        wb,
        "Røde",
        headers("code", "name", "owner", "phase", "state", "status_overall", "comment"),
        [[m.code, m.name, m.owner, m.phase, m.state, m.status, m.comment] for m in report.red],
        [11, 38, 28, 15, 12, 13, 90],
    )
    _sheet(
        wb,
        "Endret farge",
        [
            *headers("code", "name", "owner"),
            f"Status {report.previous_round or 'forrige runde'}",
            f"Status {report.round}",
            "Endring",
            *headers("comment"),
        ],
        [
            [
                c.code,
                c.name,
                c.owner,
                c.before,
                c.after,
                "Forverret" if c.worse else "Forbedret",
                c.comment,
            ]
            for c in report.changes_worse_first
        ],
        [11, 38, 28, 18, 18, 12, 90],
    )
    _sheet(
        wb,
        "Forsinket",
        [
            *headers("code", "name", "owner"),
            f"Planlagt ferdig {report.previous_round or ''}".strip(),
            f"Planlagt ferdig {report.round}",
            "Måneder senere",
            *headers("comment"),
        ],
        [
            [s.code, s.name, s.owner, s.before, s.after, s.months, s.comment]
            for s in report.slipped_most_first
        ],
        [11, 38, 28, 16, 16, 10, 90],
        formats={5: COUNT},
    )
    _sheet(
        wb,
        "Milepæler",
        [
            *headers("code"),
            "Milepæl",
            f"Planlagt {report.previous_round or ''}".strip(),
            f"Planlagt {report.round}",
            "Måneder senere",
            "Status",
            "Kommentar",
        ],
        [
            [
                m.code,
                m.name,
                _finish(m.previous_planned),
                _finish(m.planned),
                m.slip_months,
                m.status,
                m.comment,
            ]
            for m in (
                *report.milestones_slipped,
                *(x for x in report.milestones if x not in report.milestones_slipped),
            )
        ],
        [11, 40, 16, 16, 10, 14, 60],
        formats={4: COUNT},
    )
    _sheet(
        wb,
        "I risiko",
        [
            *headers("code", "name", "owner"),
            "Status",
            "Avhenger av (rød eller gul)",
            "Status der",
            "Kjede",
            "Ledd",
            "Statuskommentar der",
        ],
        [
            [
                a.code,
                a.name,
                a.owner,
                a.status,
                f"{a.source} {a.source_name}",
                a.source_status,
                a.chain_text,
                len(a.chain) - 1,
                a.source_comment,
            ]
            for a in report.at_risk
        ],
        [11, 38, 28, 10, 38, 10, 36, 8, 90],
        formats={7: COUNT},
    )
    _sheet(
        wb,
        "Fargefordeling",
        ["Runde", *STATUS_COLOURS, "Aktive i alt", "Andel gul"],
        [
            [r.round, *(r.counts[c] for c in STATUS_COLOURS), r.total, r.yellow_share]
            for r in report.distribution
        ],
        [12, 10, 10, 10, 14, 12],
        formats={1: COUNT, 2: COUNT, 3: COUNT, 4: COUNT, 5: SHARE},
    )
    _attainment(wb, report)
    _sheet(wb, "Utkast", ["Utkast til saksfremlegg"], [[pack.draft_text]], [120])
    _agenda(wb, pack)
    wb.properties.title = f"Møtepakke {report.round} ({round_words(report.round)})"
    wb.properties.creator = "ehelse"
    wb.properties.language = "nb-NO"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
