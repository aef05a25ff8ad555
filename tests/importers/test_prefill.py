"""Prefilled workbooks (formats.md §6): what an owner gets to fill in."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from importers.prefill import prefilled_zip
from tests.helpers import run_cli

HELSE_VEST = "Helse Vest RHF"


def test_one_owners_workbook_is_prefilled_locked_and_has_dropdowns(sample_url, tmp_path):
    assert run_cli(sample_url, "round", "open", "2026-K1", "--deadline", "2026-03-13").code == 0
    out = tmp_path / "vest.xlsx"
    made = run_cli(
        sample_url,
        "template",
        "portfolio",
        "--round",
        "2026-K1",
        "--owner",
        "helse vest rhf",
        "-o",
        str(out),
    )
    assert made.code == 0, made.stderr
    wb = load_workbook(out)
    info = {row[0]: row[1] for row in wb["Om rapporten"].iter_rows(values_only=True)}
    assert info["Rapporteringsrunde"] == "2026-K1" and info["Tiltakseier"] == HELSE_VEST
    assert info["Rapporteringsfrist"].date().isoformat() == "2026-03-13"

    ws = wb["Tiltak"]
    headers = [c.value for c in ws[1]]
    col = {h: i for i, h in enumerate(headers)}
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    # The 2025-K4 rows of Helse Vest that are Aktiv or Pause, nothing else.
    assert rows and {r[col["Tiltakseier"]] for r in rows} == {HELSE_VEST}
    assert {r[col["Tilstand"]] for r in rows} <= {"Aktiv", "Pause"}

    # Tiltak-ID and Tiltak locked on the prefilled rows; everything else open.
    assert ws.protection.sheet
    assert ws.cell(2, col["Tiltak-ID"] + 1).protection.locked
    assert ws.cell(2, col["Tiltak"] + 1).protection.locked
    assert not ws.cell(2, col["Samlet status"] + 1).protection.locked
    assert not ws.cell(2, col["Statuskommentar"] + 1).protection.locked

    # Required columns say so in words, not by colour alone.
    required = {h for i, h in enumerate(headers) if ws.cell(1, i + 1).comment is not None}
    assert required == {"Tiltak-ID", "Tiltak", "Tiltakseier", "Fase", "Tilstand", "Samlet status"}
    assert ws.cell(1, col["Tiltak-ID"] + 1).comment.text.startswith("Påkrevd")

    # A dropdown on every controlled column, the owner's too.
    listed = {}
    for dv in ws.data_validations.dataValidation:
        for ref in str(dv.sqref).split():
            listed[ref[0]] = dv.formula1
    letter = {h: ws.cell(1, i + 1).column_letter for i, h in enumerate(headers)}
    for header in ("Fase", "Tilstand", "Samlet status", "Risiko", "Tiltakseier"):
        assert letter[header] in listed, header
    assert wb["Lister"]["A1"].value == HELSE_VEST

    # Uploaded unchanged, it is Helse Vest's submission.
    loaded = run_cli(sample_url, "import", str(out), "--json").json()
    assert loaded["status"] == "loaded" and loaded["rows"] == len(rows)


def test_every_owner_gets_a_file_and_the_zip_holds_the_same(sample_url, tmp_path):
    from model.db import make_engine

    folder = tmp_path / "alle"
    made = run_cli(
        sample_url,
        "template",
        "portfolio",
        "--round",
        "2026-K1",
        "--from",
        "2025-K4",
        "-o",
        str(folder),
    )
    assert made.code == 0, made.stderr
    names = sorted(p.name for p in folder.glob("*.xlsx"))
    assert "portefolje_2026-K1_Helse_Vest_RHF.xlsx" in names and len(names) >= 10
    engine = make_engine(sample_url)
    with zipfile.ZipFile(io.BytesIO(prefilled_zip(engine, "2026-K1"))) as archive:
        assert sorted(archive.namelist()) == names
    engine.dispose()
    unknown = run_cli(
        sample_url,
        "template",
        "portfolio",
        "--round",
        "2026-K1",
        "--owner",
        "Helse vest",
        "-o",
        str(tmp_path / "x.xlsx"),
    )
    assert unknown.code == 2 and HELSE_VEST in unknown.stderr
