"""Prefilled portfolio workbooks for the owners (formats.md §6).

``ehelse template portfolio --round 2026-K1 [--from 2025-K4] [--owner NAME] -o PATH`` and the
upload page write the upload workbook filled with the ``--from`` round's Aktiv and Pause
measures of one owner: «Om rapporten» names the new round, its deadline and the owner
(Tiltakseier), every controlled column has a dropdown (the owner's too), required columns are
marked (colour *and* a note «Påkrevd», explained in «Veiledning»), and Tiltak-ID and Tiltak of
the prefilled rows are locked (sheet protection without a password; every other cell is open).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import Engine, select

from importers import portfolio
from importers.sheets import headers
from importers.templates import (
    HEADER_FILL,
    HEADER_FONT,
    MAX_ROWS,
    PORTFOLIO_DROPDOWNS,
    PORTFOLIO_GUIDE,
)
from model.fmt import sort_key_nb
from model.safe_text import formula_like
from model.tables import Measure, MeasureReport

#: Required columns: a darker header and the note «Påkrevd» (never colour alone).
REQUIRED_FILL = PatternFill("solid", fgColor="7A1F1F")
LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")
LISTS_SHEET = "Lister"
EXPECTED_STATES = ("Aktiv", "Pause")

PREFILL_GUIDE = [
    ("Forhåndsutfylt innrapportering", ""),
    ("", ""),
    (
        "Slik gjør du",
        "Arbeidsboken er fylt ut med tiltakene dine slik de ble rapportert i forrige runde. "
        "Oppdater fase, tilstand, status, risiko, planlagt ferdig og statuskommentar for hvert "
        "tiltak, og last opp filen (eller send den til porteføljekontoret) innen fristen.",
    ),
    (
        "Låste celler",
        "Tiltak-ID og Tiltak (navnet) er låst for tiltakene som står i filen, så de ikke endres "
        "ved et uhell. Nye tiltak skrives på de første tomme radene under; der er alle celler "
        "åpne. Et tiltak som er avsluttet, får tilstand Ferdigstilt eller Stoppet – slett det ikke.",
    ),
    (
        "Påkrevde kolonner",
        "Overskrifter med mørk rød bakgrunn og merknaden «Påkrevd» må fylles ut på hver rad "
        "(Samlet status når tilstanden er Aktiv eller Pause).",
    ),
    (
        "Tiltakseier",
        "Filen er innrapporteringen fra tiltakseieren som står i arket «Om rapporten». Den "
        "erstatter bare denne tiltakseierens tiltak i runden; en rad med en annen tiltakseier "
        "avvises.",
    ),
    ("", ""),
    *PORTFOLIO_GUIDE[2:],
]


class PrefillError(Exception):
    """The prefilled workbook cannot be written (no such round or owner); Norwegian message."""


@dataclass(frozen=True)
class Written:
    owner: str
    rows: int
    path: Path | None = None


def file_name(round_code: str, owner: str) -> str:
    """``portefolje_2026-K1_Helse_Vest_RHF.xlsx``: letters (æøå too), digits and ``-`` kept,
    spaces as ``_``, everything else left out."""
    words = re.sub(r"[^\w\- ]", "", owner, flags=re.UNICODE).split()
    return f"portefolje_{round_code}_{'_'.join(words) or 'tiltakseier'}.xlsx"


def source_round(engine: Engine, round_code: str, from_round: str | None) -> str:
    """The round the rows come from: ``from_round``, the open round's own ``--from``, or the
    latest published round before ``round_code``."""
    from model.queries import list_rounds
    from model.rounds import state_row

    rounds = list_rounds(engine)
    if from_round is not None:
        if from_round not in rounds:
            raise PrefillError(
                f"Runden {from_round} finnes ikke. Rundene som finnes: {', '.join(rounds) or 'ingen'}."
            )
        return from_round
    with engine.connect() as conn:
        row = state_row(conn, round_code)
    if row is not None and row.from_round:
        return str(row.from_round)
    earlier = [r for r in list_rounds(engine, published_only=True) if r < round_code]
    if not earlier:
        raise PrefillError(
            f"Det finnes ingen publisert runde før {round_code} å hente tiltakene fra. "
            "Oppgi runden med --from, eller bruk den tomme malen."
        )
    return earlier[-1]


def rows_by_owner(engine: Engine, from_round: str) -> dict[str, list[dict[str, Any]]]:
    """The round's Aktiv and Pause rows, per owner (Norwegian order), by Tiltak-ID."""
    mr, m = MeasureReport.__table__, Measure.__table__
    query = (
        select(m.c.code, mr)
        .join(m, m.c.id == mr.c.measure_id)
        .where(
            mr.c.round_code == from_round,
            mr.c.replaced_by_batch_id.is_(None),
            mr.c.state.in_(EXPECTED_STATES),
        )
        .order_by(m.c.code)
    )
    out: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as conn:
        for row in conn.execute(query).mappings():
            out.setdefault(row["owner"], []).append(dict(row))
    return {owner: out[owner] for owner in sorted(out, key=sort_key_nb)}


def _deadline(engine: Engine, round_code: str) -> date | None:
    from model.rounds import deadline_of

    with engine.connect() as conn:
        return deadline_of(conn, round_code)


def _pick_owner(owners: list[str], wanted: str) -> str:
    from model.rounds import owner_key

    for owner in owners:
        if owner_key(owner) == owner_key(wanted):
            return owner
    raise PrefillError(
        f"«{wanted}» har ingen aktive tiltak eller tiltak på pause i runden. Tiltakseierne er: "
        f"{', '.join(owners) or 'ingen'}."
    )


def build(
    engine: Engine, round_code: str, *, from_round: str | None = None, owner: str | None = None
) -> list[tuple[str, Workbook]]:
    """(owner, workbook) for one owner, or for every owner of the source round."""
    source = source_round(engine, round_code, from_round)
    grouped = rows_by_owner(engine, source)
    owners = list(grouped)
    if owner is not None:
        owners = [_pick_owner(owners, owner)]
    if not owners:
        raise PrefillError(f"Runden {source} har ingen aktive tiltak eller tiltak på pause.")
    deadline = _deadline(engine, round_code)
    return [(o, workbook(round_code, o, grouped[o], deadline=deadline)) for o in owners]


def workbook(
    round_code: str, owner: str, rows: list[dict[str, Any]], *, deadline: date | None = None
) -> Workbook:
    """The prefilled upload workbook of one owner."""
    from importers.templates import write_guide

    wb = Workbook()
    write_guide(wb, list(PREFILL_GUIDE))
    _info_sheet(wb, round_code, owner, deadline)

    lists = wb.create_sheet(LISTS_SHEET)
    lists.append([owner])
    lists.sheet_state = "hidden"

    ws = wb.create_sheet(portfolio.MEASURES_SHEET)
    wb.active = wb.sheetnames.index(portfolio.MEASURES_SHEET)
    letters = _measures_header(ws)
    for row in rows:
        ws.append([_cell_value(key, row) for key in (c.key for c in portfolio.SCHEMA)])
    _style_rows(ws, letters, last=len(rows) + 1)
    _add_dropdowns(ws, letters, owner)
    # Locked cells stay locked; formatting and widths may change.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False
    return wb


def _info_sheet(wb: Workbook, round_code: str, owner: str, deadline: date | None) -> None:
    """«Om rapporten»: the round, its deadline and the owner, filled in."""
    info = wb.create_sheet(portfolio.INFO_SHEET)
    info.append(["Rapporteringsrunde", round_code])
    info.append(["Rapporteringsfrist", deadline])
    info.append(["Tiltakseier", owner])
    info.append(["Innsendt av", None])
    info["B2"].number_format = "yyyy-mm-dd"
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 36


def _measures_header(ws: Any) -> dict[str, str]:
    """The header row of «Tiltak» (required columns marked, with a note), the widths and the
    frozen panes; returns each header's column letter."""
    required = {c.header for c in portfolio.SCHEMA if c.value_required} | {"Samlet status"}
    ws.append(list(headers(portfolio.SCHEMA)))
    letters: dict[str, str] = {}
    for index, column in enumerate(portfolio.SCHEMA, start=1):
        cell = ws.cell(row=1, column=index)
        letter = cell.column_letter
        letters[column.header] = letter
        cell.fill = REQUIRED_FILL if column.header in required else HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        if column.header in required:
            note = "Påkrevd" + (
                " når tilstanden er Aktiv eller Pause." if column.header == "Samlet status" else "."
            )
            cell.comment = Comment(note, "ehelse")
        ws.column_dimensions[letter].width = max(14, min(40, len(column.header) + 6))
    for header in ("Tiltak", "Statuskommentar"):
        ws.column_dimensions[letters[header]].width = 50
    ws.freeze_panes = "C2"
    return letters


def _style_rows(ws: Any, letters: dict[str, str], *, last: int) -> None:
    """Rows 2 … ``last``: Tiltak-ID and Tiltak locked, every other cell open, text that looks
    like a formula kept as text, comments wrapped, dates shown as dates."""
    headers = list(letters)
    # Empty rows take their column's style (open); the filled rows are styled cell by cell.
    for letter in letters.values():
        ws.column_dimensions[letter].protection = Protection(locked=False)
    for r in range(2, last + 1):
        for index, header in enumerate(headers, start=1):
            _style_cell(ws.cell(row=r, column=index), header)
    for r in range(2, last + 1):
        cell = ws[f"{letters['Planlagt ferdig']}{r}"]
        if isinstance(cell.value, date):
            cell.number_format = "yyyy-mm-dd"


def _style_cell(cell: Any, header: str) -> None:
    locked = header in ("Tiltak-ID", "Tiltak")
    cell.protection = Protection(locked=locked)
    if locked:
        cell.fill = LOCKED_FILL
    if isinstance(cell.value, str) and formula_like(cell.value):
        cell.data_type = "s"  # a comment that begins with = stays text
    if header == "Statuskommentar":
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _add_dropdowns(ws: Any, letters: dict[str, str], owner: str) -> None:
    """The lists of the vocabulary columns, and Tiltakseier: only this owner."""
    dropdowns: dict[str, str] = {
        header: '"' + ",".join(values) + '"' for header, values in PORTFOLIO_DROPDOWNS.items()
    }
    dropdowns["Tiltakseier"] = f"{LISTS_SHEET}!$A$1:$A$1"
    for header, formula in dropdowns.items():
        letter = letters[header]
        dv = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Ugyldig verdi",
            error=(
                f"Filen er innrapporteringen fra {owner}."
                if header == "Tiltakseier"
                else "Velg en verdi fra listen: " + ", ".join(PORTFOLIO_DROPDOWNS[header])
            ),
            promptTitle=header,
            prompt="Velg fra listen",
        )
        dv.add(f"{letter}2:{letter}{MAX_ROWS}")
        ws.add_data_validation(dv)


def _cell_value(key: str, row: dict[str, Any]) -> Any:
    value = row.get(key)
    if key in ("goals", "dependencies"):
        return ", ".join(p for p in (value or "").split(";") if p) or None
    if (
        key == "planned_finish"
        and value
        and len(value) == 10
        and value[4] == "-"
        and "K" not in value
    ):
        return date.fromisoformat(value)
    return value


def write_prefilled(
    engine: Engine,
    out: Path,
    *,
    round_code: str,
    from_round: str | None = None,
    owner: str | None = None,
) -> list[Written]:
    """One file (``owner``) at ``out``, or one file per owner into the folder ``out``."""
    built = build(engine, round_code, from_round=from_round, owner=owner)
    out = Path(out)
    written: list[Written] = []
    if owner is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        name, wb = built[0]
        wb.save(out)
        return [Written(name, _rows(wb), out)]
    if out.exists() and not out.is_dir():
        raise PrefillError(
            f"{out} er en fil; uten --owner skrives én fil per tiltakseier i en mappe."
        )
    out.mkdir(parents=True, exist_ok=True)
    for name, wb in built:
        path = out / file_name(round_code, name)
        wb.save(path)
        written.append(Written(name, _rows(wb), path))
    return written


def _rows(wb: Workbook) -> int:
    ws = wb[portfolio.MEASURES_SHEET]
    return sum(1 for r in ws.iter_rows(min_row=2, max_col=1, values_only=True) if r[0])


def prefilled_bytes(
    engine: Engine, round_code: str, owner: str, *, from_round: str | None = None
) -> bytes:
    """One owner's prefilled workbook as bytes (a download button)."""
    _, wb = build(engine, round_code, from_round=from_round, owner=owner)[0]
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def prefilled_zip(engine: Engine, round_code: str, *, from_round: str | None = None) -> bytes:
    """Every owner's prefilled workbook in one zip (a download button)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, wb in build(engine, round_code, from_round=from_round):
            one = io.BytesIO()
            wb.save(one)
            archive.writestr(file_name(round_code, name), one.getvalue())
    return buffer.getvalue()
