"""Import benchmark: a whole ``ehelse import`` of the 357,000-value workbook against a bare
python-calamine parse of the same file, each in a fresh Python process, best of 3, alternating
in the same run (start-up and migrations count: the database is new every time).

Targets (issue 10): ≤ 2.5× the parse on SQLite, ≤ 3× on PostgreSQL; peak memory reported
against the workbook's unpacked cell data (goal ≤ 5×).
"""

from __future__ import annotations

import os
import subprocess
import time
import uuid
import zipfile
from pathlib import Path
from typing import Any

from tests.bench import workbook
from tests.bench.common import Ctx
from tests.bench.common import row as _row

ROUNDS = 3

PARSE = """
import sys, python_calamine as pc
wb = pc.CalamineWorkbook.from_path(sys.argv[1])
for name in wb.sheet_names:
    wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
"""


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=Path.cwd()
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} feilet:\n{out}\n{err}")
    return seconds, usage.ru_maxrss / 1024


def cell_data_mb(path: Path) -> float:
    """The unpacked size of the workbook's sheets and shared strings (its cell data)."""
    with zipfile.ZipFile(path) as zf:
        return (
            sum(
                i.file_size
                for i in zf.infolist()
                if i.filename.startswith("xl/worksheets/") or i.filename == "xl/sharedStrings.xml"
            )
            / 1e6
        )


def _ehelse(ctx: Ctx) -> list[str]:
    return [ctx.python, "-m", "cli"]


def _fresh_pg(url: str) -> tuple[str, Any]:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"ehelse_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return make_url(url).set(database=name).render_as_string(hide_password=False), drop


def run(ctx: Ctx) -> list[dict[str, Any]]:
    folder = ctx.results_dir
    folder.mkdir(parents=True, exist_ok=True)
    book = workbook.cached(folder)
    env = {**os.environ, "EHELSE_AUTH_MODE": "none"}
    parse, sqlite, pg, rss = [], [], [], []
    for i in range(ROUNDS):
        parse.append(timed([ctx.python, "-c", PARSE, str(book)])[0])
        db = folder / f"import-bench-{i}.db"
        for f in folder.glob(f"{db.name}*"):
            f.unlink()
        seconds, peak = timed([*_ehelse(ctx), "--db", f"sqlite:///{db}", "import", str(book)], env)
        sqlite.append(seconds)
        rss.append(peak)
        for f in folder.glob(f"{db.name}*"):
            f.unlink()
        if ctx.pg_url:
            url, drop = _fresh_pg(ctx.pg_url)
            try:
                pg.append(timed([*_ehelse(ctx), "--db", url, "import", str(book)], env)[0])
            finally:
                drop()
    base = min(parse)
    data_mb = cell_data_mb(book)
    rows: list[dict[str, Any]] = [
        row("Parse med python-calamine (ny prosess)", base, "s"),
        row("ehelse import, ny SQLite", min(sqlite), "s"),
        row("  forhold til parse (SQLite)", min(sqlite) / base, "x", "≤ 2.5×", 2.5),
    ]
    if pg:
        rows += [
            row("ehelse import, ny PostgreSQL", min(pg), "s"),
            row("  forhold til parse (PostgreSQL)", min(pg) / base, "x", "≤ 3×", 3.0),
        ]
    rows += [
        row("Fil (xlsx)", book.stat().st_size / 1e6, "MB"),
        row("Celledata pakket ut", data_mb, "MB"),
        row("Største minnebruk under import (RSS)", max(rss), "MB"),
        row("  forhold til celledata", max(rss) / data_mb, "x", "≤ 5×", 5.0),
    ]
    return rows


def row(
    name: str, value: float, unit: str, target: str | None = None, limit: float | None = None
) -> dict[str, Any]:
    return _row("import", name, value, unit, target, limit)
