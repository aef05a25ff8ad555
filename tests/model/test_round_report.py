"""The round's report: the figures every surface shows, with the definitions of formats.md
sections 3 and 5 (completed now or before, slipped, the rounding of shares and their change)."""

from __future__ import annotations

from model.round_report import build_round_report
from model.text import status_text
from tests.export.workbooks import rounding_trap_rounds
from tests.helpers import run_cli
from tests.importers.builders import measure, portfolio_workbook


def _load(db_url: str, *paths) -> None:
    for path in paths:
        result = run_cli(db_url, "import", str(path))
        assert result.code == 0, result.stdout + result.stderr


def test_the_rounding_trap_reads_plus_one_point_everywhere(db_url, engine, tmp_path):
    _load(db_url, *rounding_trap_rounds(tmp_path))
    report = build_round_report(engine, "2025-K2", attainment=False)
    share = report.yellow_share
    assert (share.previous, share.value) == (8 / 29, 23 / 81)
    assert share.shown == "28\u00a0%" and share.change_text == "+1 prosentpoeng"
    assert share.judgement == "worse" and share.judgement_text == "dårligere"
    paused = report.figure("paused")
    assert (paused.previous, paused.value, paused.change_text) == (1, 1, "uendret")
    assert paused.judgement is None  # no change shown, no judgement
    text = status_text(report)
    assert (
        "Andelen aktive tiltak med gul status er 28\u00a0% (+1 prosentpoeng siden 2025-K1)." in text
    )
    assert "1 tiltak er rapportert ferdigstilt i denne runden" in text


def test_completed_counts_only_what_was_completed_in_this_round(db_url, tmp_path):
    k1 = [
        measure("T-0001", "Kjernejournal", "Grønn"),
        measure("T-0002", "Nettlegen", "Grønn", state="Stoppet"),
    ]
    k2 = [
        measure("T-0001", "Kjernejournal", None, state="Ferdigstilt", phase="Avsluttet"),
        measure("T-0002", "Nettlegen", None, state="Stoppet"),
        measure("T-0003", "Mine timeavtaler", "Gul"),
    ]
    k3 = [*k2[:2], measure("T-0003", "Mine timeavtaler", None, state="Ferdigstilt")]
    _load(
        db_url,
        portfolio_workbook(tmp_path / "k1.xlsx", "2025-K1", k1),
        portfolio_workbook(tmp_path / "k2.xlsx", "2025-K2", k2),
        portfolio_workbook(tmp_path / "k3.xlsx", "2025-K3", k3),
    )
    k2_json = run_cli(db_url, "status", "--round", "2025-K2", "--json").json()
    assert (k2_json["completed"], k2_json["completed_before"]) == (1, 0)
    assert (k2_json["stopped"], k2_json["stopped_before"]) == (0, 1)
    k3_json = run_cli(db_url, "status", "--round", "2025-K3", "--json").json()
    # T-0001 was completed in 2025-K2 and is still listed: not «completed now»
    assert (k3_json["completed"], k3_json["completed_before"]) == (1, 1)
    text = run_cli(db_url, "status", "--round", "2025-K3").stdout
    assert "1 tiltak er rapportert ferdigstilt i denne runden" in text
    assert "2 tiltak er rapportert ferdigstilt" not in text


def test_slipped_lists_later_planned_finishes_with_months(db_url, engine, tmp_path):
    k1 = [
        measure("T-0001", "PLL", "Gul", finish="2026-12-31"),
        measure("T-0002", "Nettlegen", "Grønn", finish="2027-K2"),
        measure("T-0003", "Kjernejournal", "Grønn", finish="2026-06-30"),
        measure("T-0004", "Helsekort", "Grønn", finish="2026-06-30"),
    ]
    k2 = [
        measure("T-0001", "PLL", "Gul", finish="2027-K2", comment="Venter på EPJ."),
        measure("T-0002", "Nettlegen", "Grønn", finish="2028-03-15"),
        measure("T-0003", "Kjernejournal", "Grønn", finish="2026-03-31"),  # earlier
        measure("T-0004", "Helsekort", "Grønn"),  # no planned finish any more
    ]
    _load(
        db_url,
        portfolio_workbook(tmp_path / "k1.xlsx", "2025-K1", k1),
        portfolio_workbook(tmp_path / "k2.xlsx", "2025-K2", k2),
    )
    assert run_cli(db_url, "status", "--json").json()["slipped"] == [
        {"id": "T-0001", "from": "2026-12-31", "to": "2027-06-30", "months": 6},
        {"id": "T-0002", "from": "2027-06-30", "to": "2028-03-15", "months": 9},
    ]
    report = build_round_report(engine, attainment=False)
    assert [s.code for s in report.slipped_most_first] == ["T-0002", "T-0001"]
    assert report.slipped[0].comment == "Venter på EPJ."
    first = run_cli(db_url, "status", "--round", "2025-K1", "--json").json()
    assert first["slipped"] == [] and first["previous_round"] is None


def test_attainment_as_of_a_round_has_nothing_after_the_round(shared_sample_url):
    from model.periods import counts_at

    result = run_cli(shared_sample_url, "attainment", "--round", "2025-K3", "--json")
    assert result.code == 0, result.stderr
    report = result.json()
    assert report["as_of"] == "2025-K3"
    latest = [i["latest_period"] for i in report["indicators"] if i["latest_period"]]
    assert latest and all(counts_at(p, "2025-K3") for p in latest)
    assert "2025" not in latest and "2025-K4" not in latest  # the year 2025 is not over
    # the same as --as-of 2025-K3, and the same as the round's report
    same = run_cli(shared_sample_url, "attainment", "--as-of", "2025-K3", "--json").json()
    assert same == report
    both = run_cli(shared_sample_url, "attainment", "--as-of", "2025", "--round", "2025-K3")
    assert (
        both.code == 2 and "argumentet --round: er ikke tillatt sammen med --as-of" in both.stderr
    )
