"""The quarterly collection from start to end, as the portfolio office runs it (issue 16):
open 2026-K1 from 2025-K4 → one prefilled workbook per owner → each edited and saved through
LibreOffice → uploaded owner by owner → the tracker shows who is missing → publish → the
round's summary equals what one whole-round workbook with the same rows gives; rolling back one
submission restores only that owner's rows."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from model.db import make_engine
from model.tables import Measure, MeasureReport
from tests.helpers import run_cli

ROUND, FROM, DEADLINE = "2026-K1", "2025-K4", "2026-03-13"
COLOURS = ("Grønn", "Gul", "Rød")


def _headers(ws) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[1] if c.value}


def _edit(path: Path, out: Path, index: int) -> None:
    """What an owner does in the spreadsheet: new colours and comments, and for some owners a
    new measure, a measure left out, a later planned finish."""
    wb = load_workbook(path)
    ws = wb["Tiltak"]
    col = _headers(ws)
    last = max(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["Tiltak-ID"]).value)
    for r in range(2, last + 1):
        if ws.cell(r, col["Tilstand"]).value == "Aktiv":
            colour = COLOURS[(index + r) % 3]
            ws.cell(r, col["Samlet status"]).value = colour
            ws.cell(
                r, col["Statuskommentar"]
            ).value = (
                f"Oppdatert for {ROUND}: {colour.lower()} etter gjennomgang.\nNeste steg avklart."
            )
    if index == 0:  # a new measure on the first free row
        row = [None] * len(col)
        for header, value in {
            "Tiltak-ID": "T-9001",
            "Tiltak": "Nytt tiltak fra tiltakseieren",
            "Tiltakseier": wb["Om rapporten"]["B3"].value,
            "Fase": "Planlegging",
            "Tilstand": "Aktiv",
            "Samlet status": "Grønn",
        }.items():
            row[col[header] - 1] = value
        for c, value in enumerate(row, start=1):
            ws.cell(last + 1, c).value = value
    if index == 1 and last > 2:  # a measure left out of the report
        ws.delete_rows(last)
    if index == 2:
        ws.cell(2, col["Planlagt ferdig"]).value = "2029-K4"
        ws.cell(2, col["Statuskommentar"]).value = "Utsatt: leverandøren er forsinket."
    wb.save(out)


def _through_libreoffice(files: list[Path], outdir: Path, profile: Path) -> list[Path]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) mangler; `make system-deps` installerer den"
    outdir.mkdir()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    converted = [outdir / f.name for f in files]
    assert all(p.exists() for p in converted)
    return converted


def _whole_round(files: list[Path], out: Path) -> Path:
    """One workbook with every owner's rows (as one person would upload the finished round)."""
    wb = Workbook()
    info = wb.active
    info.title = "Om rapporten"
    info.append(["Rapporteringsrunde", ROUND])
    info.append(["Rapporteringsfrist", DEADLINE])
    sheet = wb.create_sheet("Tiltak")
    header_written = False
    for path in files:
        ws = load_workbook(path)["Tiltak"]
        rows = list(ws.iter_rows(values_only=True))
        if not header_written:
            sheet.append(rows[0])
            header_written = True
        for row in rows[1:]:
            if row and row[0]:
                sheet.append(row)
    wb.save(out)
    return out


def _rows_of(engine, owner: str | None = None, *, others: bool = False) -> list[tuple]:
    mr, m = MeasureReport.__table__, Measure.__table__
    query = (
        select(m.c.code, mr.c.owner, mr.c.status_overall, mr.c.comment, mr.c.batch_id)
        .join(m, m.c.id == mr.c.measure_id)
        .where(mr.c.round_code == ROUND, mr.c.replaced_by_batch_id.is_(None))
        .order_by(m.c.code)
    )
    if owner is not None:
        query = query.where(mr.c.owner != owner if others else mr.c.owner == owner)
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(query)]


def test_the_quarterly_collection_from_open_to_published(
    sample_url, sample_engine, db_factory, sample_template, tmp_path
):
    url = sample_url
    assert run_cli(url, "status", "--json").json()["round"] == FROM  # the sample ends there
    opened = run_cli(url, "round", "open", ROUND, "--from", FROM, "--deadline", DEADLINE)
    assert opened.code == 0, opened.stderr

    # One prefilled workbook per owner.
    folder = tmp_path / "tilsendt"
    made = run_cli(
        url, "template", "portfolio", "--round", ROUND, "--from", FROM, "-o", str(folder)
    )
    assert made.code == 0, made.stderr
    files = sorted(folder.glob("*.xlsx"))
    listed = run_cli(url, "round", "list", "--json").json()["rounds"]
    tracker = next(r for r in listed if r["round"] == ROUND)
    owners = [o["owner"] for o in tracker["owners"]]
    assert len(files) == len(owners) >= 10
    assert all(o["reported"] == 0 and o["expected"] > 0 for o in tracker["owners"])

    # Each owner edits theirs; the files are saved again by LibreOffice.
    edited_dir = tmp_path / "redigert"
    edited_dir.mkdir()
    edited = []
    for index, path in enumerate(files):
        _edit(path, edited_dir / path.name, index)
        edited.append(edited_dir / path.name)
    saved = _through_libreoffice(edited, tmp_path / "lagret", tmp_path / "lo-profil")
    # LibreOffice keeps the protection: IDs and names locked, the rest and new rows open.
    kept = load_workbook(saved[3])["Tiltak"]
    assert kept.protection.sheet and kept["A2"].protection.locked
    assert not kept["H2"].protection.locked
    assert not kept.column_dimensions["A"].protection.locked  # the empty rows' style

    # All owners but the last submit through the command line, each in its own batch.
    owner_of = {p: load_workbook(p, read_only=True)["Om rapporten"]["B3"].value for p in saved}
    batches: dict[str, int] = {}
    for path in saved[:-1]:
        result = run_cli(url, "import", str(path), "--json")
        assert result.code == 0, result.stdout
        report = result.json()
        assert report["status"] == "loaded", report["errors"]
        batches[owner_of[path]] = report["batch_id"]
    assert len(set(batches.values())) == len(saved) - 1

    # The tracker says who is missing, and the round cannot be published yet.
    late_owner = owner_of[saved[-1]]
    listed = run_cli(url, "round", "list", "--json").json()["rounds"]
    tracker = {o["owner"]: o for o in next(r for r in listed if r["round"] == ROUND)["owners"]}
    assert tracker[late_owner]["reported"] == 0 and tracker[late_owner]["last_submission"] is None
    assert all(tracker[o]["reported"] > 0 for o in batches)
    status = run_cli(url, "status", "--round", ROUND, "--json").json()
    assert status["state"] == "open"
    missing = status["not_reported"]
    assert missing and set(missing).isdisjoint(status["disappeared"])
    refused = run_cli(url, "round", "publish", ROUND)
    assert refused.code == 1 and all(code in refused.stderr for code in missing)

    # A correction from the first owner, rolled back again: only that owner's rows move.
    first_owner = owner_of[saved[0]]
    first_rows, other_rows = (
        _rows_of(sample_engine, first_owner),
        _rows_of(sample_engine, first_owner, others=True),
    )
    correction = tmp_path / "rettelse.xlsx"
    wb = load_workbook(saved[0])
    ws = wb["Tiltak"]
    ws.cell(2, _headers(ws)["Statuskommentar"]).value = "Rettet kommentar"
    wb.save(correction)
    corrected = run_cli(url, "import", str(correction), "--json").json()
    assert corrected["status"] == "loaded"
    assert _rows_of(sample_engine, first_owner) != first_rows
    assert _rows_of(sample_engine, first_owner, others=True) == other_rows
    assert run_cli(url, "rollback", str(corrected["batch_id"])).code == 0
    assert _rows_of(sample_engine, first_owner) == first_rows
    assert _rows_of(sample_engine, first_owner, others=True) == other_rows

    # The last owner submits; the round is published; viewers see it now.
    assert run_cli(url, "import", str(saved[-1])).code == 0
    assert run_cli(url, "status", "--round", ROUND, "--json").json()["not_reported"] == []
    published = run_cli(url, "round", "publish", ROUND)
    assert published.code == 0, published.stderr
    summary = run_cli(url, "status", "--round", ROUND, "--json").json()
    assert "state" not in summary and "T-9001" in summary["new"]
    assert summary["disappeared"] and summary["slipped"]

    # The same rows as one whole-round workbook give exactly the same summary.
    whole_url = db_factory.clone(sample_template, "whole")
    whole = _whole_round(saved, tmp_path / f"portefolje_{ROUND}.xlsx")
    loaded = run_cli(whole_url, "import", str(whole), "--json")
    assert loaded.code == 0, loaded.stdout
    assert run_cli(whole_url, "status", "--round", ROUND, "--json").json() == summary
    make_engine(whole_url).dispose()
