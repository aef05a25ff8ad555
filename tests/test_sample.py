"""The sample data: real workbooks loaded through the importers, realistic enough for every screen."""

from __future__ import annotations

import pytest

from sample_data import WORKBOOK_DIR, generate, sample_files
from tests.helpers import run_cli


def test_sample_loads_through_the_importers_and_matches_the_meeting_paper(shared_sample_url):
    status = run_cli(shared_sample_url, "status", "--round", "2025-K3", "--json").json()
    # NUIT 20 Nov 2025, sak 41/25: 57 → 68 active, eleven new, two completed, four paused, one red.
    assert status["previous_round"] == "2025-K2"
    assert status["active"] == 68 and status["completed"] == 2 and status["paused"] == 4
    assert len(status["new"]) == 11 and len(status["red"]) == 1
    assert (
        run_cli(shared_sample_url, "status", "--round", "2025-K2", "--json").json()["active"] == 57
    )
    latest = run_cli(shared_sample_url, "status", "--json").json()
    assert latest["round"] == "2025-K4" and latest["active"] >= 50

    batches = run_cli(shared_sample_url, "history", "--json").json()["batches"]
    rounds = {b["round"] for b in batches if b["kind"] == "portfolio"}
    assert len(rounds) >= 12
    assert {b["version"] for b in batches if b["kind"] == "indicators"} == {"v0.7", "v0.8"}
    assert all(b["status"] == "loaded" for b in batches)
    assert all(b["user"] == "eksempeldata" for b in batches)


def test_sample_twice_changes_nothing_and_force_reloads(sample_url):
    again = run_cli(sample_url, "sample")
    assert again.code == 0 and "allerede data" in again.stdout
    assert len(run_cli(sample_url, "history", "--json").json()["batches"]) == len(sample_files())
    forced = run_cli(sample_url, "sample", "--force")
    assert forced.code == 0
    # progress in Norwegian, one line per file: "[2/14] portefolje_2023-K1.xlsx: lastet inn (47 rader)"
    assert (
        "portefolje_2023-K1.xlsx: lastet inn (" in forced.stdout and "loaded" not in forced.stdout
    )
    batches = run_cli(sample_url, "history", "--json").json()["batches"]
    assert len(batches) == len(sample_files())


def test_the_generator_is_deterministic_and_the_committed_workbooks_are_current(tmp_path):
    """Regenerating with the same seed gives the committed files, byte for byte."""
    fresh = generate(tmp_path)
    committed = sample_files()
    assert [p.name for p in fresh] == [p.name for p in committed]
    for new, old in zip(fresh, committed, strict=True):
        assert new.read_bytes() == old.read_bytes(), (
            f"{old.name} differs: run `make sample-workbooks`"
        )
    assert all(p.parent == WORKBOOK_DIR for p in committed)


@pytest.mark.parametrize("kind", ["portfolio", "indicators"])
def test_templates_have_a_guide_dropdowns_and_ignored_example_rows(db_url, tmp_path, kind):
    from openpyxl import load_workbook

    out = tmp_path / f"mal_{kind}.xlsx"
    assert run_cli(db_url, "template", kind, "-o", str(out)).code == 0
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "Veiledning"
    main = wb["Tiltak" if kind == "portfolio" else "Indikatorer"]
    lists = [dv.formula1 for dv in main.data_validations.dataValidation]
    expected = '"Grønn,Gul,Rød"' if kind == "portfolio" else '"Struktur,Prosess,Effekt"'
    assert expected in lists
    # The template as it comes: its example rows are skipped. An unfilled portfolio template is
    # refused (it would replace the round with nothing); an unfilled indicator workbook is empty.
    result = run_cli(db_url, "import", str(out), "--json")
    if kind == "portfolio":
        assert result.code == 1, result.stdout
        assert "har ingen tiltak" in result.json()["errors"][0]["message"]
        assert result.json()["batch_id"] is None
    else:
        assert result.code == 0, result.stdout
        assert result.json()["rows"] == 0
