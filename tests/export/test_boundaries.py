"""The export package is usable without Streamlit (the CLI imports it) and does no work at import."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT


def test_export_package_imports_neither_streamlit_nor_kaleido():
    code = (
        "import sys, cli.main\n"
        "from dashboard.export import blocks, content, images, pdf_writer, pptx_writer, service,"
        " slides, xlsx_writer\n"
        "slides.all_slides()\n"
        "bad = [m for m in ('streamlit', 'kaleido', 'choreographer') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
