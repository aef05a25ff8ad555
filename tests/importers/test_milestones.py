"""The optional sheet «Milepæler» (formats.md §7): imported with the round, checked like the rest
(sheet, row, column, slug, Norwegian message), all or nothing, undone with its import; a
milestone's planned date is tracked across rounds and a later date is listed as slipped."""

from __future__ import annotations

from datetime import date

from model.milestones import milestone_history
from model.round_report import build_round_report
from tests.helpers import run_cli, snapshot
from tests.importers.builders import measure, portfolio_workbook

MEASURES = [
    measure("T-0001", "Pasientens legemiddelliste", "Gul"),
    measure("T-0002", "Kjernejournal", "Grønn"),
]


def test_milestones_load_with_the_round_and_slips_are_tracked(db_url, engine, tmp_path):
    k1 = portfolio_workbook(
        tmp_path / "k1.xlsx",
        "2025-K1",
        MEASURES,
        milestones=[
            ["T-0001", "Pilot i Bergen", "2025-K4", "Pågår", None],
            ["T-0001", "Nasjonal innføring", date(2027, 6, 30), " ikke STARTET", None],
            ["T-0002", "Ny versjon", "2026-K1", "Ikke startet", "Avtalt med leverandør."],
        ],
    )
    k2 = portfolio_workbook(
        tmp_path / "k2.xlsx",
        "2025-K2",
        MEASURES,
        milestones=[
            ["T-0001", "Pilot i Bergen", "2026-K2", "Forsinket", "Venter på EPJ."],
            ["T-0001", "Nasjonal innføring", "2027-K2", "Ikke startet", None],
            ["T-0002", "Ny versjon", "2025-K4", "Pågår", None],  # earlier: not slipped
        ],
    )
    for path in (k1, k2):
        result = run_cli(db_url, "import", str(path), "--json")
        assert result.code == 0, result.stdout
    report = build_round_report(engine, attainment=False)
    assert [(m.code, m.name, m.slip_months) for m in report.milestones_slipped] == [
        ("T-0001", "Pilot i Bergen", 6)
    ]
    assert {m.name: m.status for m in report.milestones}["Nasjonal innføring"] == "Ikke startet"
    history = milestone_history(engine, "T-0001", ["2025-K1", "2025-K2"])
    pilot = [(m.round, m.planned) for m in history if m.name == "Pilot i Bergen"]
    assert pilot == [("2025-K1", "2025-K4"), ("2025-K2", "2026-K2")]

    # rolled back with its batch: the round's milestones are those of 2025-K1's file again
    assert run_cli(db_url, "rollback", "2").code == 0
    rounds = build_round_report(engine, attainment=False)
    assert rounds.round == "2025-K1" and len(rounds.milestones) == 3
    assert milestone_history(engine, "T-0001", ["2025-K1", "2025-K2"])[-1].round == "2025-K1"


def test_bad_milestones_refuse_the_whole_file_with_sheet_row_and_column(db_url, engine, tmp_path):
    good = portfolio_workbook(tmp_path / "good.xlsx", "2025-K1", MEASURES)
    assert run_cli(db_url, "import", str(good)).code == 0
    before = snapshot(engine)
    bad = portfolio_workbook(
        tmp_path / "bad.xlsx",
        "2025-K2",
        MEASURES,
        milestones=[
            ["T-0001", "Pilot", "snart", "Pågår", None],
            ["T-0009", "Ukjent tiltak", "2026-K1", "Pågår", None],
            ["T-0002", "Ny versjon", "2026-K1", "Ferdig", None],
            ["T-0002", None, "2026-K1", "Pågår", None],
            ["T-0001", "Pilot i Bergen", "2026-K1", "Pågår", None],
            ["T-0001", "Pilot i Bergen", "2026-K2", "Pågår", None],
        ],
    )
    result = run_cli(db_url, "import", str(bad), "--json")
    assert result.code == 1
    errors = [(e["sheet"], e["row"], e["column"], e["code"]) for e in result.json()["errors"]]
    assert errors == [
        ("Milepæler", 2, "Planlagt dato", "invalid-date"),
        ("Milepæler", 3, "Tiltak-ID", "unknown-reference"),
        ("Milepæler", 4, "Status", "invalid-value"),
        ("Milepæler", 5, "Milepæl", "missing-value"),
        ("Milepæler", 7, "Milepæl", "duplicate-id"),
    ]
    messages = {e["code"]: e["message"] for e in result.json()["errors"]}
    assert "Ikke startet, Pågår, Nådd, Forsinket" in messages["invalid-value"]
    assert "verken står i arket «Tiltak» eller finnes fra før" in messages["unknown-reference"]
    assert snapshot(engine) == before  # nothing written
