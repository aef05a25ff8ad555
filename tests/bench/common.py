"""What the benchmark sections share: the context, a result row, the benchmark database
(the sample data plus the 357,000 values), and servers on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.bench import workbook
from tests.helpers import start_bare_chart, wait_for_health

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Ctx:
    results_dir: Path = field(default_factory=lambda: ROOT / "bench-results")
    pg_url: str | None = None
    python: str = sys.executable


def row(
    section: str,
    name: str,
    value: float,
    unit: str,
    target: str | None = None,
    limit: float | None = None,
) -> dict[str, Any]:
    """One line of the report; ``ok`` compares ``value`` with ``limit`` (lower is better)."""
    return {
        "section": section,
        "name": name,
        "value": round(value, 3),
        "unit": unit,
        "target": target,
        "ok": None if limit is None else value <= limit,
    }


def bench_db(ctx: Ctx) -> str:
    """A SQLite URL holding the sample data plus the 357,000-value workbook (made once)."""
    folder = ctx.results_dir
    folder.mkdir(parents=True, exist_ok=True)
    book = workbook.cached(folder)
    db = folder / "bench.db"
    marker = folder / "bench.db.ok"
    from model.db import HEAD_REVISION

    stamp = f"{HEAD_REVISION} {book.name}"
    if db.exists() and marker.exists() and marker.read_text() == stamp:
        return f"sqlite:///{db}"
    for f in folder.glob("bench.db*"):
        f.unlink()
    url = f"sqlite:///{db}"
    env = {**os.environ, "EHELSE_AUTH_MODE": "none"}
    for args in (["sample"], ["import", str(book)]):
        subprocess.run(
            [ctx.python, "-m", "cli", "--db", url, *args],
            check=True,
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    marker.write_text(stamp)
    return url


def serve(ctx: Ctx, db_url: str, port: int) -> subprocess.Popen:
    """``ehelse serve`` on loopback, as a reader (the public setting a council member meets)."""
    env = {**os.environ, "EHELSE_DB_URL": db_url, "EHELSE_AUTH_MODE": "none"}
    env.pop("EHELSE_TEST_DB_URL", None)
    proc = subprocess.Popen(
        [ctx.python, "-m", "cli", "serve", "--port", str(port), "--address", "127.0.0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_health(f"http://127.0.0.1:{port}", proc)
    return proc


def serve_bare(ctx: Ctx, port: int) -> subprocess.Popen:
    return start_bare_chart(port)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_stats(pid: int) -> tuple[float, float]:
    """(CPU seconds used so far, peak resident memory in MB) of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    peak = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) / 1024
    return cpu, peak
