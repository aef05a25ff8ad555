"""Hostile files from the red-team run (issue 21): a 5 KB workbook whose sheet reaches to the
last cell, ODS files with repeated rows and columns, and paths that are no regular file. Each is
refused in Norwegian before anything large is allocated or anything hangs; the command line runs
as a real process, so a crash (SIGABRT) or a hang fails the test, and its peak memory is checked.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from importers.extent import check_extent
from tests.helpers import ROOT, run_cli
from tests.importers.builders import measure, portfolio_workbook

#: What `ehelse import --dry-run` of a tiny workbook may use at most (Python, SQLAlchemy,
#: pandas and calamine loaded: ≈ 120 MB measured).
PEAK_LIMIT_MB = 300
CORPUS = ROOT / "tests" / "data" / "corpus"


#: Runs the command and reports its peak memory. A small process in between: a child forked
#: straight from pytest would count pytest's own memory (held until exec) in its peak.
_MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.write(f"\\nTOPP_KB={peak}\\n")
sys.exit(done.returncode if done.returncode >= 0 else 128 - done.returncode)
"""


def _import_process(db_url: str, path: Path, timeout: float = 120) -> tuple[int, dict, float]:
    """`ehelse import PATH --dry-run --json` as its own process: (exit code, JSON, peak MB)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "EHELSE_DB_URL": db_url}
    env.pop("EHELSE_TEST_DB_URL", None)
    command = [sys.executable, "-m", "cli", "import", str(path), "--dry-run", "--json"]
    proc = subprocess.Popen(
        [sys.executable, "-c", _MEASURE, *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the group this test started: the command too
        proc.communicate()
        pytest.fail(f"`ehelse import {path.name}` svarte ikke innen {timeout:.0f} s")
    text = err.decode()
    assert proc.returncode < 128, f"drept av signal {proc.returncode - 128}: {text[-2000:]}"
    peak_kb = int(re.search(r"TOPP_KB=(\d+)", text).group(1))
    return proc.returncode, json.loads(out.decode()), peak_kb / 1024


def far_cell_workbook(path: Path, cell: str, value: str = "x") -> Path:
    """A valid portfolio round (openpyxl) whose Tiltak sheet also holds ``value`` at ``cell``."""
    portfolio_workbook(path, "2025-K3", [measure("T-0001", "Pasientjournal", "Gul")])
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb["Tiltak"][cell] = value
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("cell", "cells"),
    [
        ("XFD1048576", "17\u00a0179\u00a0869\u00a0184"),  # 549 GB in calamine: SIGABRT
        ("Z1048576", "27\u00a0262\u00a0976"),  # 1.2 GB and 13 s
        ("L300000", "3\u00a0600\u00a0000"),  # just over the default limit
    ],
)
def test_a_sheet_reaching_far_is_refused_before_it_is_read(db_url, tmp_path, cell, cells):
    path = far_cell_workbook(tmp_path / f"langt_{cell}.xlsx", cell)
    assert path.stat().st_size < 10_000
    code, report, peak = _import_process(db_url, path)
    assert code == 2, report
    assert report["status"] == "rejected" and report["kind"] is None
    [error] = report["errors"]
    assert error["code"] == "too-large" and error["sheet"] == "Tiltak"
    assert f"går helt til celle {cell}" in error["message"]
    assert f"= {cells} celler, mer enn grensen på 3\u00a0000\u00a0000" in error["message"]
    assert peak < PEAK_LIMIT_MB, f"toppforbruk {peak:.0f} MB"


def test_a_far_value_within_the_limit_still_imports(db_url, tmp_path):
    """The limit is about cells, not about where they are: 100,000 rows × 12 columns is fine."""
    path = far_cell_workbook(tmp_path / "langt_men_lovlig.xlsx", "L100000", " ")
    code, report, peak = _import_process(db_url, path)
    assert code == 0 and report["status"] == "dry-run" and report["rows"] == 1, report
    assert peak < PEAK_LIMIT_MB


def test_the_limit_is_a_setting(db_url, tmp_path, monkeypatch):
    path = far_cell_workbook(tmp_path / "k.xlsx", "K20")
    monkeypatch.setenv("EHELSE_MAX_CELLS", "150")
    from model.settings import get_settings

    get_settings.cache_clear()
    result = run_cli(db_url, "import", str(path), "--dry-run", "--json")
    assert result.code == 2
    assert "20 rader × 12 kolonner = 240 celler, mer enn grensen på 150" in result.stdout


def _rewrite_sheet(path: Path, out: Path, edit) -> Path:
    """Copy a workbook, passing the Tiltak sheet's XML through ``edit`` (what an attacker does
    with a zip tool: the cells stay, the bookkeeping lies)."""
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = edit(data)
            zout.writestr(info, data)
    return out


@pytest.mark.parametrize(
    "edit",
    [
        # The declared used range says B2; the far cell is still there.
        lambda x: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2"/>', x),
        # No declared range at all.
        lambda x: re.sub(rb'<dimension ref="[^"]*"/>', b"", x),
        # The far cell's reference given twice: calamine takes the last one.
        lambda x: x.replace(b'<c r="A1" t="inlineStr">', b'<c r="A1" r="ZZ90000" t="inlineStr">'),
        # The reference in single quotes, and a namespace prefix on the cell.
        lambda x: x.replace(b'r="Z1048576"', b"r='Z1048576'"),
        lambda x: x.replace(b'<c r="Z1048576"', b'<x:c xmlns:x="x" r="Z1048576"').replace(
            b"</c></row></sheetData>", b"</x:c></row></sheetData>"
        ),
    ],
    ids=["dimension-lies", "no-dimension", "r-twice", "single-quotes", "prefix"],
)
def test_the_bookkeeping_of_a_sheet_cannot_hide_a_far_cell(tmp_path, edit):
    source = far_cell_workbook(tmp_path / "kilde.xlsx", "Z1048576")
    path = _rewrite_sheet(source, tmp_path / "lurt.xlsx", edit)
    from importers.errors import FileRefused

    with pytest.raises(FileRefused) as refused:
        check_extent(str(path), "xlsx", max_cells=3_000_000)
    assert refused.value.issue.code == "too-large"


def test_cells_without_a_reference_are_placed_as_calamine_places_them(tmp_path):
    """Cells may leave out ``r``: they follow the row's ``r`` and the cell before them. The scan
    counts them where calamine puts them (compared with calamine itself, on a harmless size)."""
    import python_calamine as pc

    source = far_cell_workbook(tmp_path / "kilde.xlsx", "B3")
    path = _rewrite_sheet(
        source,
        tmp_path / "uten_r.xlsx",
        lambda x: x.replace(
            b"</sheetData>",
            b'<row r="4000"><c><v>1</v></c><c r="E4000"><v>2</v></c><c><v>3</v></c></row>'
            b"<row><c/><c><v>4</v></c></row></sheetData>",
        ),
    )
    [_info, tiltak] = check_extent(str(path), "xlsx", max_cells=3_000_000)
    wb = pc.CalamineWorkbook.from_path(str(path))
    sheet = wb.get_sheet_by_name("Tiltak")
    assert sheet.end is not None
    assert (tiltak.rows, tiltak.columns) == (sheet.end[0] + 1, sheet.end[1] + 1) == (4001, 12)


def _ods_with(tmp_path: Path, extra_rows: bytes) -> Path:
    """The LibreOffice-written portfolio of the corpus with rows added below the header of its
    Tiltak table."""
    source = CORPUS / "portefolje_quirky.ods"
    out = tmp_path / "fiendtlig.ods"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "content.xml":
                start = data.index(b'<table:table table:name="Tiltak"')
                end = data.index(b"</table:table-row>", start) + len(b"</table:table-row>")
                data = data[:end] + extra_rows + data[end:]
            zout.writestr(info, data, zipfile.ZIP_STORED if info.filename == "mimetype" else 8)
    return out


VALUE = b'<table:table-cell office:value-type="float" office:value="1" calcext:value-type="float"'


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (  # one value repeated across all 16,384 columns of 1,048,576 rows
            b'<table:table-row table:number-rows-repeated="1048576">'
            + VALUE
            + b' table:number-columns-repeated="16384"/></table:table-row>',
            "går helt til celle XFD1048582",
        ),
        (  # empty rows pushed down a million, then one value far to the right
            b'<table:table-row table:number-rows-repeated="1000000">'
            b'<table:table-cell table:number-columns-repeated="30"/></table:table-row>'
            b'<table:table-row><table:table-cell table:number-columns-repeated="25"/>'
            + VALUE
            + b"/></table:table-row>",
            "går helt til celle Z1000007",
        ),
    ],
    ids=["repeated-everything", "far-down"],
)
def test_ods_repeats_are_counted_before_calamine_expands_them(db_url, tmp_path, rows, expected):
    path = _ods_with(tmp_path, rows)
    code, report, peak = _import_process(db_url, path)
    assert code == 2, report
    [error] = report["errors"]
    assert error["code"] == "too-large" and expected in error["message"]
    assert peak < PEAK_LIMIT_MB, f"toppforbruk {peak:.0f} MB"


def test_ods_extent_matches_what_calamine_reads():
    import python_calamine as pc

    for name in ("portefolje_quirky.ods", "indikatorer_quirky.ods"):
        extents = check_extent(str(CORPUS / name), "ods", max_cells=3_000_000)
        wb = pc.CalamineWorkbook.from_path(str(CORPUS / name))
        for extent in extents:
            grid = wb.get_sheet_by_name(extent.sheet).to_python(skip_empty_area=False)
            assert (extent.rows, extent.columns) == (len(grid), max(len(r) for r in grid))


# --------------------------------------------------------------------------------------------
# Not a regular file: nothing may wait for ever
# --------------------------------------------------------------------------------------------


def test_a_fifo_is_refused_without_waiting(db_url, tmp_path):
    fifo = tmp_path / "rør.xlsx"
    os.mkfifo(fifo)
    code, report, _peak = _import_process(db_url, fifo, timeout=30)
    assert code == 2
    assert report["errors"][0]["code"] == "unsupported-file"
    assert "er ikke en vanlig fil" in report["errors"][0]["message"]


def test_a_link_to_an_endless_device_is_refused_without_reading(db_url, tmp_path):
    link = tmp_path / "null.xlsx"
    link.symlink_to("/dev/zero")
    code, report, _peak = _import_process(db_url, link, timeout=30)
    assert code == 2
    assert "er ikke en vanlig fil" in report["errors"][0]["message"]


def test_a_folder_is_refused(db_url, tmp_path):
    folder = tmp_path / "mappe.xlsx"
    folder.mkdir()
    result = run_cli(db_url, "import", str(folder), "--json")
    assert result.code == 2
    assert "er en mappe, ikke en fil" in result.json()["errors"][0]["message"]


def test_the_large_sample_workbooks_still_pass_the_extent_check():
    """Every sample workbook, as Excel-format files written by openpyxl: well within the limit
    and read through the fast path (each sheet's declared range)."""
    for path in sorted((ROOT / "sample_data" / "workbooks").glob("*.xlsx")):
        extents = check_extent(str(path), "xlsx", max_cells=3_000_000)
        assert extents and all(e.cells < 100_000 for e in extents), path.name


def test_a_wide_header_row_is_not_a_problem(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append([f"Kolonne {i}" for i in range(1, 201)])  # GR1
    wb.save(tmp_path / "bred.xlsx")
    [extent] = check_extent(str(tmp_path / "bred.xlsx"), "xlsx", max_cells=3_000_000)
    # The fast path checks a bound just above the declared range (A1:GR1 → up to GZ).
    assert extent.rows == 1 and 200 <= extent.columns <= 208
