"""`pip install .` alone makes every command work: the wheel carries the migrations, the sample
workbooks and the dashboard, and declares PostgreSQL and export libraries as dependencies."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from email.parser import Parser

from tests.helpers import ROOT


def test_the_wheel_has_everything_the_commands_need(tmp_path):
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    # setuptools says when a pyproject field is deprecated (e.g. a TOML table as the license).
    assert "deprecated" not in build.stdout + build.stderr, build.stderr[-2000:]
    wheel = next(tmp_path.glob("ehelse-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(zf.read(metadata).decode())
        entry_points = zf.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    for needed in (
        "model/migrations/env.py",
        "model/migrations/script.py.mako",
        "model/migrations/versions/0001_initial.py",
        "dashboard/app.py",
        "sample_data/workbooks/portefolje_2025-K3.xlsx",
        "sample_data/workbooks/indikatorer_v0.7.xlsx",
    ):
        assert needed in names, needed
    assert not any(n.startswith("tests/") for n in names)
    requires = " ".join(meta.get_all("Requires-Dist") or [])
    for dependency in (
        "psycopg",
        "python-pptx",
        "kaleido",
        "streamlit",
        "python-calamine",
        "alembic",
        "fpdf2",
    ):
        assert dependency in requires, dependency
    assert "ehelse = cli:main" in entry_points
    assert meta["License-Expression"] == "MIT"


def test_xlsm_is_read_like_xlsx(db_url, tmp_path):
    from tests.data.corpus import CORPUS_DIR
    from tests.helpers import run_cli

    xlsm = tmp_path / "portefolje.xlsm"
    xlsm.write_bytes((CORPUS_DIR / "portefolje_gyldig.xlsx").read_bytes())
    result = run_cli(db_url, "import", str(xlsm), "--json")
    assert result.code == 0, result.stdout
    assert result.json()["kind"] == "portfolio"
