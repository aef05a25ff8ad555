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


def new_indicator_set(target: Path, *, version: str = "v0.9") -> Path:
    """A new version of the indicator workbook, as someone might upload it during a meeting.

    Compared with ``indikatorer_v0.8.xlsx``: every definition moves to ``version``; S2-01 gets a
    new name and a lower 2030 target (40, so its latest value 43 reaches it), a new national
    value for 2025 (71) and goal S2 a new wording (sheet ``Mål``).
    """
    shutil.copyfile(SAMPLE / "indikatorer_v0.8.xlsx", target)
    wb = load_workbook(target)
    sheet = wb["Indikatorer"]
    col = {h: i for i, h in enumerate(c.value for c in sheet[1])}
    for row in sheet.iter_rows(min_row=2):
        if row[col["Indikator-ID"]].value is None:
            continue
        row[col["Versjon"]].value = version
        if row[col["Indikator-ID"]].value == "S2-01":
            row[col["Navn"]].value = "Helsepersonell som er fornøyd med IKT (ny definisjon)"
            row[col["Mål 2030"]].value = 40
    values = wb["Verdier"]
    for row in values.iter_rows(min_row=2):
        cells = [c.value for c in row]
        if cells[0] == "S2-01" and str(cells[1]) == "2025" and cells[3] == "Hele landet":
            row[2].value = 71
    goals = wb.create_sheet("Mål", 0)
    goals.append(["Kode", "Navn", "Beskrivelse"])
    goals.append(["S2", "Enklere arbeidshverdag for alle (ny ordlyd)", None])
    wb.save(target)
    return target


def rounding_trap_rounds(folder: Path) -> list[Path]:
    """Two rounds built to hit the rounding trap of formats.md section 5: the yellow share goes
    from 8 of 29 (27.6 %) to 23 of 81 (28.4 %). Both show as 28 %; the change is the difference
    of the unrounded shares, +0.81 → «+1 prosentpoeng», judged worse. One measure is paused in
    the second round (worse when up), one completed, one slips from 2026-12-31 to 2027-K2."""
    from tests.importers.builders import measure, portfolio_workbook

    def rows(round_no: int, active: int, yellow: int) -> list[list]:
        out = []
        for i in range(1, active + 1):
            status = "Gul" if i <= yellow else "Grønn"
            finish = "2026-12-31" if round_no == 1 else "2027-K2"
            out.append(
                measure(
                    f"T-{i:04d}",
                    f"Tiltak nummer {i}",
                    status,
                    owner="Helse Vest RHF" if i % 2 else "KS",
                    comment=f"Kommentar {i} i runde {round_no}",
                    finish=finish if i == 1 else None,
                )
            )
        return out

    first = rows(1, 29, 8)
    second = rows(2, 81, 23)
    second.append(measure("T-0901", "Satt på vent", "Gul", state="Pause"))
    second.append(measure("T-0902", "Ferdig nå", None, state="Ferdigstilt", phase="Avsluttet"))
    first.append(measure("T-0902", "Ferdig nå", "Grønn", state="Pause"))
    return [
        portfolio_workbook(folder / "felle_2025-K1.xlsx", "2025-K1", first),
        portfolio_workbook(folder / "felle_2025-K2.xlsx", "2025-K2", second),
    ]
