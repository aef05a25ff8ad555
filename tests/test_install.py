"""Installing and starting: `make system-deps` finds a LibreOffice without Impress, and
`ehelse serve` says in Norwegian where its database is (the default file is shared per user)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dashboard.serve import database_lines
from tests.e2e.conftest import free_port
from tests.helpers import ROOT, wait_for_health

SYSTEM_DEPS = ROOT / "scripts" / "system-deps"


def _libreoffice(tmp_path: Path, *components: str) -> dict[str, str]:
    """A LibreOffice installation with only ``components`` (as Debian lays it out), first on
    PATH: ``soffice`` is a link into its program directory, like /usr/bin/soffice."""
    program = tmp_path / "libreoffice" / "program"
    program.mkdir(parents=True)
    soffice = program / "soffice"
    soffice.write_text("#!/bin/sh\nexit 0\n")
    soffice.chmod(0o755)
    for component in components:
        (tmp_path / "libreoffice/share/config/soffice.cfg/modules" / component).mkdir(parents=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "soffice").symlink_to(soffice)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


def _check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SYSTEM_DEPS), "--check"], env=env, capture_output=True, text=True, timeout=60
    )


def test_system_deps_installs_impress_where_libreoffice_has_calc_alone(tmp_path):
    result = _check(_libreoffice(tmp_path, "scalc"))
    assert result.returncode == 1
    assert "libreoffice-impress-nogui" in result.stdout.split()
    assert "libreoffice-calc-nogui" not in result.stdout.split()


def test_system_deps_is_content_with_calc_and_impress(tmp_path):
    result = _check(_libreoffice(tmp_path, "scalc", "simpress"))
    assert "libreoffice" not in result.stdout, result.stdout


def test_this_machine_has_every_system_package_the_tests_use():
    result = _check(dict(os.environ))
    assert result.returncode == 0, f"mangler: {result.stdout} – kjør `make system-deps`"


def test_the_default_database_is_named_with_a_warning_that_it_is_shared():
    lines = database_lines("SQLite-fil /home/kari/.local/share/ehelse/ehelse.db", default=True)
    assert lines[0] == "Databasen: SQLite-fil /home/kari/.local/share/ehelse/ehelse.db"
    assert "EHELSE_DB_URL" in lines[1] and "--db" in lines[1]
    assert database_lines("postgresql postgresql+psycopg://u:***@vert/ehelse", default=False) == [
        "Databasen: postgresql postgresql+psycopg://u:***@vert/ehelse"
    ]


def test_serve_speaks_norwegian_in_the_terminal_and_names_its_database(tmp_path):
    """No English welcome from Streamlit; the default SQLite file (under the user's data
    directory, here XDG_DATA_HOME) is named, with how to choose another."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(tmp_path / "data")}
    for key in [k for k in env if k.startswith("EHELSE_") or k.startswith("STREAMLIT_")]:
        del env[key]
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "cli", "serve", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_health(f"http://localhost:{port}", proc)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    text = log.read_text()
    database = tmp_path / "data" / "ehelse" / "ehelse.db"
    assert f"Databasen: SQLite-fil {database}" in text, text
    assert "standardfilen for OS-brukeren din" in text and "EHELSE_DB_URL" in text, text
    assert f"Dashbordet starter på http://localhost:{port}" in text, text
    for english in ("You can now view", "Streamlit app", "URL:", "Uvicorn"):
        assert english not in text, text
