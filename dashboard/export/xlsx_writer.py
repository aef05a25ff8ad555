"""The round's data as an Excel workbook (openpyxl): one sheet per table, header row frozen,
autofilter on, sensible column widths.

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

from dashboard.export.content import MeetingPack, colours_line, headline
from model import fmt
from model.safe_text import formula_like
from model.vocab import STATUS_COLOURS

HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

MEASURE_COLUMNS = (
    ("code", "Tiltak-ID", 11),
    ("name", "Tiltak", 38),
    ("owner", "Tiltakseier", 28),
    ("programme_area", "Satsning", 22),
    ("goals", "Strategiske mål", 14),
    ("phase", "Fase", 15),
    ("state", "Tilstand", 12),
    ("status_overall", "Samlet status", 13),
    ("status_progress", "Status fremdrift", 13),
    ("status_cost", "Status kostnad", 13),
    ("status_benefit", "Status gevinst", 13),
    ("risk", "Risiko", 10),
    ("planned_finish", "Planlagt ferdig", 14),
    ("comment", "Statuskommentar", 90),
    ("dependencies", "Avhengigheter", 18),
)
STATUS_HEADERS = {"Samlet status", "Status fremdrift", "Status kostnad", "Status gevinst"}


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
    if isinstance(value, datetime | date):
        cell.number_format = "DD.MM.YYYY"


def _sheet(
    wb: Workbook,
    title: str,
    headers: list[str],
    rows: list[list[Any]],
    widths: list[int],
    *,
    wrap_columns: tuple[str, ...] = ("Statuskommentar", "Kommentar", "Verdi"),
) -> Any:
    ws = wb.create_sheet(title)
    for c, name in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=c, value=name)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    from dashboard.theme import status_style

    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            safe_value(cell, value)
            header = headers[c - 1]
            cell.alignment = WRAP if header in wrap_columns else TOP
            if value in STATUS_COLOURS and (
                header in STATUS_HEADERS or header.startswith("Status ")
            ):
                cell.fill = PatternFill("solid", fgColor=status_style(value).tint.lstrip("#"))
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(rows) + 1, 1)}"
    ws.row_dimensions[1].height = 30
    return ws


def _measures(pack: MeetingPack) -> tuple[list[str], list[list[Any]], list[int]]:
    frame = pack.reports
    headers = [h for _, h, _ in MEASURE_COLUMNS]
    widths = [w for _, _, w in MEASURE_COLUMNS]
    rows = []
    for rec in frame.to_dict("records"):
        row = []
        for key, _, _ in MEASURE_COLUMNS:
            value = rec.get(key)
            if key in ("goals", "dependencies") and isinstance(value, str):
                value = ", ".join(v for v in value.split(";") if v)
            row.append(value)
        rows.append(row)
    return headers, rows, widths


def write_xlsx(pack: MeetingPack) -> bytes:
    """Sheets: Sammendrag, Tiltak, Røde, Endret farge, Fargefordeling."""
    wb = Workbook()
    wb.remove(wb.active)
    scope = (
        "hele porteføljen"
        if pack.filter.is_empty()
        else pack.filter_text.removeprefix("Filter: ")
        + " (gjelder arkene Tiltak, Røde og Endret farge)"
    )
    summary_rows: list[list[Any]] = [
        ["Rapporteringsrunde", pack.round],
        ["Periode", pack.round_words],
        ["Forrige runde", pack.previous_round],
        ["Rapporteringsfrist", pack.deadline],
        ["Data lastet inn", pack.loaded_at.replace(tzinfo=None) if pack.loaded_at else None],
        ["Generert", pack.generated_at.replace(tzinfo=None)],
        ["Utvalg", scope],
        ["Tiltak i utvalget", len(pack.reports)],
        ["Tiltak i runden", pack.reports_total],
    ]
    for item in headline(pack):
        value = item["value"]
        label = item["label"].lstrip("■▲● ")
        summary_rows.append(
            [label + (" (%)" if label == "Andel gul" else ""), value]
            + ([item["change"]] if item["change"] else [])
        )
    summary_rows.append(["Fargefordeling", colours_line(pack).split(": ", 1)[1]])
    summary_rows.append(["Utkast til saksfremlegg", pack.draft_text])
    ws = _sheet(wb, "Sammendrag", ["Nøkkel", "Verdi", "Endring"], summary_rows, [26, 100, 30])
    for row in ws.iter_rows(min_row=2):
        if isinstance(row[0].value, str) and row[0].value in ("Generert", "Data lastet inn"):
            row[1].number_format = "DD.MM.YYYY HH:MM"

    headers, rows, widths = _measures(pack)
    _sheet(wb, "Tiltak", headers, rows, widths)

    red_rows = [
        [r["code"], r["name"], r["owner"], r["phase"], r["state"], "Rød", r["comment"]]
        for r in pack.red
    ]
    _sheet(
        wb,
        "Røde",
        [
            "Tiltak-ID",
            "Tiltak",
            "Tiltakseier",
            "Fase",
            "Tilstand",
            "Samlet status",
            "Statuskommentar",
        ],
        red_rows,
        [11, 38, 28, 15, 12, 13, 90],
    )

    change_rows = [
        [
            c["code"],
            c["name"],
            c["owner"],
            c["from"],
            c["to"],
            "Forverret" if c["worse"] else "Forbedret",
            c["comment"],
        ]
        for c in pack.changes
    ]
    _sheet(
        wb,
        "Endret farge",
        [
            "Tiltak-ID",
            "Tiltak",
            "Tiltakseier",
            f"Status {pack.previous_round or 'forrige runde'}",
            f"Status {pack.round}",
            "Endring",
            "Statuskommentar",
        ],
        change_rows,
        [11, 38, 28, 18, 18, 12, 90],
    )

    dist_rows = []
    for rec in pack.distribution.to_dict("records"):
        total = sum(int(rec[c]) for c in STATUS_COLOURS)
        dist_rows.append(
            [rec["round"], *(int(rec[c]) for c in STATUS_COLOURS), total]
            + [round(100 * int(rec["Gul"]) / total, 1) if total else None]
        )
    _sheet(
        wb,
        "Fargefordeling",
        ["Runde", *STATUS_COLOURS, "Aktive i alt", "Andel gul (%)"],
        dist_rows,
        [12, 10, 10, 10, 14, 15],
    )
    wb.properties.title = f"Møtepakke {pack.round} ({fmt.round_words(pack.round)})"
    wb.properties.creator = "ehelse"
    wb.properties.language = "nb-NO"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
