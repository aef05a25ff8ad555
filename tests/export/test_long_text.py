"""Real data is sometimes long: a red measure with a 2,000-character comment or a 1,000-character
name still gives a meeting paper (issue 21, item 5). The paper shortens what cannot fit on one
page and says where the whole text is; nothing exits with a traceback."""

from __future__ import annotations

import subprocess

import pytest

from tests.helpers import run_cli
from tests.importers.builders import measure, portfolio_workbook

WORDS = "Leverandøren har varslet forsinkelse i integrasjonen mot kjernejournal. "


@pytest.mark.parametrize(
    ("name", "comment"),
    [
        ("Pasientens legemiddelliste", (WORDS * 40)[:2000]),  # a long comment
        (("Nasjonal løsning " * 70)[:1000], "Forsinket."),  # a long name
        ("Journal", "x" * 2500),  # one unbreakable word
    ],
    ids=["comment-2000", "name-1000", "one-word"],
)
def test_a_red_measure_with_long_text_gives_a_meeting_paper(db_url, tmp_path, name, comment):
    path = portfolio_workbook(
        tmp_path / "lang.xlsx",
        "2025-K3",
        [
            measure("T-0001", name, "Rød", comment=comment),
            measure("T-0002", "Kjernejournal", "Grønn"),
        ],
    )
    assert run_cli(db_url, "import", str(path)).code == 0
    out = tmp_path / "pakke.pdf"
    result = run_cli(db_url, "export", "--round", "2025-K3", "--format", "pdf", "-o", str(out))
    assert result.code == 0, result.stderr
    assert "Traceback" not in result.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert name[:20] in flat and comment[:20] in flat
    assert "forkortet" in flat  # the reader is told the text was shortened
