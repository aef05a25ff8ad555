"""«Ett ark»: a round on one A4 page, also when the round is long and its texts are huge."""

from __future__ import annotations

from pypdf import PdfReader

from tests.helpers import run_cli
from tests.importers.builders import measure, portfolio_workbook


def test_a_long_round_with_huge_texts_still_fits_one_page(db_url, tmp_path):
    before = [measure(f"T-{i:04d}", f"Tiltak {i}", "Grønn") for i in range(1, 61)]
    words = "Integrasjonen med spesialisthelsetjenestens timebøker er forsinket. " * 30
    after = [
        measure(
            f"T-{i:04d}",
            ("Langt navn " * 100 if i == 1 else f"Tiltak {i}"),
            "Rød" if i <= 12 else "Gul",
            comment=words[:2000],
        )
        for i in range(1, 61)
    ]
    for name, round_code, rows in (("a", "2025-K2", before), ("b", "2025-K3", after)):
        path = portfolio_workbook(tmp_path / f"{name}.xlsx", round_code, rows)
        assert run_cli(db_url, "import", str(path)).code == 0
    out = tmp_path / "ettark.pdf"
    result = run_cli(db_url, "export", "--format", "ettark", "-o", str(out))
    assert result.code == 0, result.stderr
    reader = PdfReader(str(out))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Tiltak med rød status (12)" in text and "… og" in text and "i møtepakken" in text
    assert "60 dårligere, 0 bedre" in text
    assert reader.metadata.title == "Ett ark: status nasjonal e-helseportefølje 2025-K3"
