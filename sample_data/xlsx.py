"""Writing the sample workbooks byte-for-byte reproducibly with openpyxl."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"


@dataclass
class Sheet:
    """One worksheet: a header row (or none, for key/value sheets) and data rows."""

    title: str
    headers: Sequence[str] | None
    rows: list[Sequence[Any]]
    widths: Mapping[str, float] = field(default_factory=dict)  # header (or column letter) → width
    wrap: Sequence[str] = ()  # headers whose cells wrap


def build(sheets: Sequence[Sheet]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for spec in sheets:
        _add_sheet(wb, spec)
    return wb


def _add_sheet(wb: Workbook, spec: Sheet) -> None:
    """One worksheet: the styled header row (frozen), the rows, wrapped columns, date cells
    shown as dates, and the column widths."""
    ws = wb.create_sheet(spec.title)
    headers = list(spec.headers or [])
    if headers:
        ws.append(headers)
        for cell in ws[1]:
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
        ws.freeze_panes = "A2"
    for row in spec.rows:
        ws.append(list(row))
    first_data = 2 if headers else 1
    for col, name in enumerate(headers, start=1):
        if name in spec.wrap:
            for (cell,) in ws.iter_rows(min_row=first_data, min_col=col, max_col=col):
                cell.alignment = WRAP
    _format_dates(ws, first_data)
    for key, width in spec.widths.items():
        letter = get_column_letter(headers.index(key) + 1) if key in headers else key
        ws.column_dimensions[letter].width = width


def _format_dates(ws: Any, first_row: int) -> None:
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if isinstance(cell.value, date | datetime):
                cell.number_format = DATE_FORMAT


def workbook_bytes(wb: Workbook, stamp: datetime) -> bytes:
    """The .xlsx bytes with fixed document properties and zip timestamps.

    openpyxl stamps ``modified`` with the current time on save and zip entries carry the time of
    writing; both are pinned to ``stamp`` so the same content gives the same bytes.
    """
    wb.properties.creator = "Helsedirektoratet"
    wb.properties.lastModifiedBy = "Helsedirektoratet"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    raw = io.BytesIO()
    wb.save(raw)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    lambda m: m.group(1) + iso + m.group(2),
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)
    return out.getvalue()


def write(path: Path, sheets: Sequence[Sheet], stamp: datetime) -> Path:
    """Write the workbook; an unchanged file is left untouched (its mtime too)."""
    data = workbook_bytes(build(sheets), stamp)
    if not (path.exists() and path.read_bytes() == data):
        path.write_bytes(data)
    return path
