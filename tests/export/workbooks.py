"""Change a committed sample workbook and save it as a new upload (a correction, a new round)."""

from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import load_workbook

from tests.helpers import ROOT

SAMPLE = ROOT / "sample_data" / "workbooks"


def changed_round(
    target: Path,
    source_round: str,
    *,
    new_round: str | None = None,
    statuses: dict[str, str] | None = None,
    texts: dict[tuple[str, str], str] | None = None,
) -> Path:
    """Copy ``portefolje_<source_round>.xlsx`` to ``target`` with changes.

    ``statuses``: Tiltak name → Samlet status. ``texts``: (Tiltak-ID, column header) → text,
    written as a *text* cell even when it starts with "=" (openpyxl would make it a formula).
    """
    shutil.copyfile(SAMPLE / f"portefolje_{source_round}.xlsx", target)
    wb = load_workbook(target)
    if new_round:
        info = wb["Om rapporten"]
        for row in info.iter_rows(min_row=1):
            if row[0].value == "Rapporteringsrunde":
                row[1].value = new_round
    sheet = wb["Tiltak"]
    headers = [c.value for c in sheet[1]]
    col = {h: i for i, h in enumerate(headers)}
    for row in sheet.iter_rows(min_row=2):
        name, code = row[col["Tiltak"]].value, row[col["Tiltak-ID"]].value
        if statuses and name in statuses:
            row[col["Samlet status"]].value = statuses[name]
        for (tid, header), text in (texts or {}).items():
            if tid == code:
                cell = row[col[header]]
                cell.value = text
                cell.data_type = "s"
    wb.save(target)
    return target
