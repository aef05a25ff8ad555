"""Small helpers for tests: run the CLI, snapshot a database's content."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, select

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_cli(db_url: str, *args: str) -> CliResult:
    """Run ``ehelse --db URL args…`` in this process (fast) and capture what it prints."""
    from cli.main import main
    from model.db import dispose_engines

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--db", db_url, *args])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        finally:
            # As a real command's process ends: its database connections close (on PostgreSQL,
            # four test workers would otherwise use up the server's connections).
            dispose_engines()
    return CliResult(code, out.getvalue(), err.getvalue())


def run_cli_process(
    db_url: str | None, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> CliResult:
    """Run the real ``ehelse`` program in a new process."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    if db_url:
        full_env["EHELSE_DB_URL"] = db_url
    proc = subprocess.run(
        [sys.executable, "-m", "cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        cwd=ROOT,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def snapshot(engine: Engine, *, skip: tuple[str, ...] = ("audit_event",)) -> dict[str, list[tuple]]:
    """Every row of every table (sorted), to prove a refused import changed nothing."""
    meta = MetaData()
    meta.reflect(engine)
    out: dict[str, list[tuple]] = {}
    with engine.connect() as conn:
        for name, table in sorted(meta.tables.items()):
            if name in skip:
                continue
            rows = conn.execute(select(table)).all()
            out[name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def counts(engine: Engine) -> dict[str, int]:
    return {name: len(rows) for name, rows in snapshot(engine, skip=()).items()}


def wait_for_health(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Until the Streamlit server at ``url`` answers its health check (or its process died)."""
    import time
    import urllib.request

    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"serveren stoppet ({' '.join(map(str, proc.args))})")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} svarte ikke innen {timeout} s")


def start_bare_chart(port: int, *, dashboard_flags: bool = True) -> subprocess.Popen:
    """The bare one-chart Streamlit page (tests/e2e/apps/bare_chart.py): the reference for the
    first-screen benchmark (with the dashboard's server flags, a fair comparison) and for axe
    (``dashboard_flags=False``: what the framework alone produces, without our theme)."""
    from dashboard.serve import STREAMLIT_FLAGS

    flags = STREAMLIT_FLAGS if dashboard_flags else {"server.headless": "true"}

    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "tests/e2e/apps/bare_chart.py"),
            f"--server.port={port}",
            "--server.address=127.0.0.1",
            "--browser.gatherUsageStats=false",
            *(f"--{k}={v}" for k, v in flags.items() if k != "browser.gatherUsageStats"),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_health(f"http://127.0.0.1:{port}", proc)
    return proc
