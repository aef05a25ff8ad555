"""The preview before loading is a diff, field by field: what a staff member checks before
confirming (a correction that only changes a comment says «1 endret kommentar», the same file
again says «Uendret»), in ``ehelse import --dry-run --json`` and on the upload page."""

from __future__ import annotations

import shutil

from openpyxl import load_workbook

from importers.preview import diff_rounds, preview_for, summary_nb
from importers.service import import_file
from model.access import cli_actor
from model.db import make_engine
from sample_data import WORKBOOK_DIR, sample_files
from tests.helpers import run_cli
from tests.importers.builders import measure, portfolio_workbook

K4 = WORKBOOK_DIR / "portefolje_2025-K4.xlsx"


def _edit(source, target, *, round_code=None, cells=None, drop=()):
    """Copy a sample round and change cells: {(Tiltak-ID, header): value}; drop rows by ID."""
    shutil.copyfile(source, target)
    wb = load_workbook(target)
    if round_code:
        wb["Om rapporten"]["B1"] = round_code
    sheet = wb["Tiltak"]
    col = {c.value: i for i, c in enumerate(sheet[1])}
    for row in list(sheet.iter_rows(min_row=2)):
        code = row[col["Tiltak-ID"]].value
        for (tid, header), value in (cells or {}).items():
            if tid == code:
                row[col[header]].value = value
    for index in range(sheet.max_row, 1, -1):
        if sheet.cell(index, col["Tiltak-ID"] + 1).value in drop:
            sheet.delete_rows(index)
    wb.save(target)
    return target


def test_a_correction_that_only_changes_a_comment_previews_as_one_changed_comment(
    sample_url, tmp_path
):
    path = _edit(K4, tmp_path / "rettet.xlsx", cells={("T-0001", "Statuskommentar"): "Rettet."})
    result = run_cli(sample_url, "import", str(path), "--dry-run", "--json")
    assert result.code == 0
    preview = result.json()["preview"]
    assert preview["replaces"] is True and preview["unchanged"] is False
    assert preview["compared_with"] == "2025-K4"
    assert [c["code"] for c in preview["comment_changed"]] == ["T-0001"]
    assert preview["comment_changed"][0]["to"] == "Rettet."
    others = [k for k in preview if isinstance(preview[k], list) and k != "comment_changed"]
    assert all(preview[k] == [] for k in others), {k: preview[k] for k in others}
    assert summary_nb(preview) == "1 endret kommentar."
    text = run_cli(sample_url, "import", str(path), "--dry-run").stdout
    assert "1 endret kommentar" in text and "Endret kommentar: T-0001" in text


def test_the_same_file_again_previews_as_unchanged(sample_url, tmp_path):
    copy = shutil.copyfile(K4, tmp_path / "igjen.xlsx")
    preview = run_cli(sample_url, "import", str(copy), "--dry-run", "--json").json()["preview"]
    assert preview["replaces"] is True and preview["unchanged"] is True
    assert summary_nb(preview).startswith("Uendret")
    text = run_cli(sample_url, "import", str(copy), "--dry-run").stdout
    assert "Uendret: filen er lik runden 2025-K4" in text and "erstatt" not in text


def test_a_new_round_previews_every_field_change_against_the_previous_round(sample_url, tmp_path):
    path = _edit(
        K4,
        tmp_path / "2026-K1.xlsx",
        round_code="2026-K1",
        cells={
            ("T-0001", "Samlet status"): "Rød",
            ("T-0001", "Statuskommentar"): "Leverandøren er forsinket.",
            ("T-0002", "Tilstand"): "Ferdigstilt",
            ("T-0003", "Fase"): "Avsluttet",
            ("T-0003", "Planlagt ferdig"): "2030-K4",
        },
        drop=("T-0004",),
    )
    preview = run_cli(sample_url, "import", str(path), "--dry-run", "--json").json()["preview"]
    assert preview["replaces"] is False and preview["compared_with"] == "2025-K4"
    assert [(c["code"], c["to"]) for c in preview["changed"]] == [("T-0001", "Rød")]
    assert [(c["code"], c["from"], c["to"]) for c in preview["state_changed"]] == [
        ("T-0002", "Aktiv", "Ferdigstilt")
    ]
    assert [c["code"] for c in preview["completed"]] == ["T-0002"]
    assert [(c["code"], c["to"]) for c in preview["phase_changed"]] == [("T-0003", "Avsluttet")]
    assert [(c["code"], c["to"]) for c in preview["finish_changed"]] == [("T-0003", "2030-K4")]
    assert [c["code"] for c in preview["comment_changed"]] == ["T-0001"]
    assert [(r["code"], r["name"]) for r in preview["removed"]] == [
        ("T-0004", "Pasientens prøvesvar")
    ]
    assert preview["new"] == [] and preview["other_changed"] == []
    assert summary_nb(preview) == (
        "1 endret farge, 1 endret tilstand, 1 endret fase, 1 endret planlagt ferdig, "
        "1 endret kommentar, 1 nylig ferdigstilt og 1 tiltak ikke med lenger."
    )


def test_the_diff_is_pure_and_counts_in_singular_and_plural():
    before = {
        "T-1": {
            "name": "A",
            "owner": "X",
            "status_overall": "Gul",
            "state": "Aktiv",
            "phase": "Utprøving",
            "planned_finish": None,
            "comment": None,
        },
        "T-2": {
            "name": "B",
            "owner": "X",
            "status_overall": "Gul",
            "state": "Aktiv",
            "phase": "Utprøving",
            "planned_finish": None,
            "comment": "x",
        },
    }
    reports = [
        {
            "code": "T-1",
            "name": "A",
            "owner": "X",
            "status_overall": "Gul",
            "state": "Aktiv",
            "phase": "Utprøving",
            "planned_finish": None,
            "comment": "ny",
        },
        {
            "code": "T-2",
            "name": "B",
            "owner": "X",
            "status_overall": "Gul",
            "state": "Aktiv",
            "phase": "Utprøving",
            "planned_finish": None,
            "comment": "y",
        },
        {
            "code": "T-3",
            "name": "C",
            "owner": "X",
            "status_overall": "Grønn",
            "state": "Aktiv",
            "phase": "Utprøving",
            "planned_finish": None,
            "comment": "",
        },
    ]
    diff = diff_rounds(before, reports)
    assert [c["code"] for c in diff["comment_changed"]] == ["T-1", "T-2"]
    assert [n["code"] for n in diff["new"]] == ["T-3"]
    preview = {"unchanged": False, **diff}
    assert summary_nb(preview) == "1 nytt tiltak og 2 endrede kommentarer."


def test_the_indicator_preview_works_on_a_database_that_has_indicators(sample_engine):
    """SQLAlchemy 2.1's result has keys(), so dict(result) failed («'CursorResult' object is not
    subscriptable»): the sample's own workbook could not be previewed on the web."""
    path = WORKBOOK_DIR / "indikatorer_v0.8.xlsx"
    checked = import_file(sample_engine, path, actor=cli_actor(None), dry_run=True)
    assert checked.report.ok
    preview = preview_for(sample_engine, "indicators", checked.data)
    assert preview["version"] == "v0.8" and preview["indicators"] > 0
    assert preview["new_values"] == 0 and preview["changed_values"] == 0
    assert preview["new_indicators"] == []


def test_every_sample_file_previews_on_an_empty_and_on_a_filled_database(engine, sample_engine):
    for path in sample_files():
        for db in (engine, sample_engine):
            checked = import_file(db, path, actor=cli_actor(None), dry_run=True)
            assert checked.report.ok, (path.name, checked.report.errors)
            assert isinstance(preview_for(db, checked.report.kind, checked.data), dict)


def test_a_missing_round_is_asked_for_where_the_file_came_in(db_url, tmp_path):
    """On the web there is no --round: the message points to the page's round field."""
    csv = tmp_path / "runde.csv"
    csv.write_text(
        "Tiltak-ID;Tiltak;Tiltakseier;Fase;Tilstand;Samlet status\n"
        "T-0001;Legemiddelliste;Helse Vest RHF;Utprøving;Aktiv;Gul\n",
        encoding="utf-8",
    )
    workbook = portfolio_workbook(tmp_path / "uten.xlsx", None, [measure("T-0001", "PLL")])
    engine = make_engine(db_url)
    try:
        for path in (csv, workbook):
            cli = import_file(engine, path, actor=cli_actor(None), dry_run=True).report
            web = import_file(
                engine, path, actor=cli_actor(None), dry_run=True, surface="web"
            ).report
            (cli_error,) = [e for e in cli.errors if e.column == "Rapporteringsrunde"]
            (web_error,) = [e for e in web.errors if e.column == "Rapporteringsrunde"]
            assert "--round 2025-K3" in cli_error.message
            assert "--" not in web_error.message, web_error.message
            assert "feltet «Rapporteringsrunde» på denne siden" in web_error.message
    finally:
        engine.dispose()
