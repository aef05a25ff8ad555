"""A measure's planned finish per round: first planned vs now in months, and how often it
slipped (a quarter counts as its last day)."""

from __future__ import annotations

from model.round_report import build_round_report
from model.text import track_line
from tests.helpers import run_cli
from tests.importers.builders import measure, portfolio_workbook


def test_track_counts_months_from_first_planned_and_each_slip(db_url, engine, tmp_path):
    finishes = {
        "2025-K1": ("2026-K2", "2026-12-31"),
        "2025-K2": ("2026-K4", "2026-12-31"),  # T-0001 slips 6 months
        "2025-K3": ("2026-K3", "2026-12-31"),  # earlier again by 3
        "2025-K4": ("2027-K1", None),  # slips 6 more; T-0002 stops giving a date
    }
    for round_code, (first, second) in finishes.items():
        path = portfolio_workbook(
            tmp_path / f"{round_code}.xlsx",
            round_code,
            [
                measure("T-0001", "PLL", "Gul", finish=first),
                measure("T-0002", "Kjernejournal", "Grønn", finish=second),
            ],
        )
        assert run_cli(db_url, "import", str(path)).code == 0
    report = build_round_report(engine, attainment=False)
    track = report.track("T-0001")
    assert [p.text for p in track.points] == ["2026-K2", "2026-K4", "2026-K3", "2027-K1"]
    assert track.total_months == 9 and track.times_slipped == 2
    assert [m for _a, _b, m in track.moves] == [6, -3, 6]
    assert track_line(track) == (
        "Først planlagt ferdig 2. kv. 2026 (2025-K1), nå 1. kv. 2027 (2025-K4): "
        "9 måneder senere, utsatt 2 ganger."
    )
    steady = report.track("T-0002")
    assert steady.total_months == 0 and steady.latest.round == "2025-K3"
    assert track_line(steady) == "Planlagt ferdig 31. des. 2026, uendret siden 2025-K1."
    # as of an earlier round, only the rounds up to it count
    earlier = build_round_report(engine, "2025-K2", attainment=False).track("T-0001")
    assert earlier.total_months == 6 and len(earlier.points) == 2
