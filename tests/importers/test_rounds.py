"""The reporting cycle (formats.md §6): open a round, owners' submissions, publish, reopen."""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from sqlalchemy import select

from model.queries import list_rounds
from model.round_report import build_round_report
from model.tables import AuditEvent
from tests.helpers import run_cli, snapshot
from tests.importers.builders import PORTFOLIO_HEADERS, measure, portfolio_workbook

VEST, NORD = "Helse Vest RHF", "Helse Nord RHF"
K4 = [
    measure("T-0001", "Pasientjournal", "Grønn", owner=VEST),
    measure("T-0002", "Legemiddelliste", "Gul", owner=VEST, comment="Forsinket"),
    measure("T-0003", "Kjernejournal", "Grønn", owner=NORD),
    measure("T-0004", "Velferdsteknologi", "Grønn", owner=NORD, state="Pause"),
    measure("T-0005", "Ferdig tiltak", None, owner=NORD, state="Ferdigstilt"),
]


def submission(path, round_code, owner, rows, *, info_owner=True):
    """A workbook as an owner fills it: «Om rapporten» names the round and the owner."""
    wb = Workbook()
    info = wb.active
    info.title = "Om rapporten"
    info.append(["Rapporteringsrunde", round_code])
    if info_owner:
        info.append(["Tiltakseier", owner])
    sheet = wb.create_sheet("Tiltak")
    sheet.append(PORTFOLIO_HEADERS)
    for row in rows:
        sheet.append(row)
    wb.save(path)
    return path


def _setup(db_url, tmp_path, deadline="2026-03-13"):
    path = portfolio_workbook(tmp_path / "k4.xlsx", "2025-K4", K4, deadline=date(2025, 11, 12))
    assert run_cli(db_url, "import", str(path)).code == 0
    opened = run_cli(db_url, "round", "open", "2026-K1", "--deadline", deadline)
    assert opened.code == 0, opened.stderr
    assert "4 tiltak er forventet fra 2 tiltakseiere (fra 2025-K4)" in opened.stdout


def _events(engine, action):
    with engine.connect() as conn:
        return conn.execute(select(AuditEvent.action).where(AuditEvent.action == action)).all()


def test_round_list_json_has_exactly_the_contract_keys(db_url, engine, tmp_path):
    _setup(db_url, tmp_path)
    listed = run_cli(db_url, "round", "list", "--json").json()
    assert list(listed) == ["rounds"]
    by_round = {r["round"]: r for r in listed["rounds"]}
    assert set(by_round) == {"2025-K4", "2026-K1"}
    k1 = by_round["2026-K1"]
    assert list(k1) == ["round", "state", "deadline", "owners"]
    assert (k1["state"], k1["deadline"]) == ("open", "2026-03-13")
    assert [list(o) for o in k1["owners"]] == [
        ["owner", "expected", "reported", "last_submission", "late"]
    ] * 2
    assert [(o["owner"], o["expected"], o["reported"]) for o in k1["owners"]] == [
        (NORD, 2, 0),  # the finished T-0005 is not expected
        (VEST, 2, 0),
    ]
    assert by_round["2025-K4"]["state"] == "published"
    assert len(_events(engine, "round-open")) == 1


def test_a_submission_replaces_only_its_owners_rows_and_rolls_back_alone(db_url, engine, tmp_path):
    _setup(db_url, tmp_path)
    status = run_cli(db_url, "status", "--round", "2026-K1", "--json").json()
    assert status["state"] == "open"
    assert status["not_reported"] == ["T-0001", "T-0002", "T-0003", "T-0004"]
    assert status["active"] == 0 and status["disappeared"] == ["T-0005"]

    vest = submission(
        tmp_path / "vest.xlsx",
        "2026-K1",
        VEST,
        [measure("T-0001", "Pasientjournal", "Gul", owner=VEST, comment="Ny risiko")],
    )
    first = run_cli(db_url, "import", str(vest), "--json").json()
    assert first["status"] == "loaded"
    status = run_cli(db_url, "status", "--round", "2026-K1", "--json").json()
    # Helse Vest left T-0002 out: it has disappeared; Helse Nord has not reported yet.
    assert status["not_reported"] == ["T-0003", "T-0004"]
    assert status["disappeared"] == ["T-0002", "T-0005"]
    assert status["active"] == 1 and status["changed"] == [
        {"id": "T-0001", "from": "Grønn", "to": "Gul"}
    ]

    # Helse Nord through --owner (a CSV-like file without the key), in its own batch.
    nord = portfolio_workbook(
        tmp_path / "nord.xlsx",
        "2026-K1",
        [
            measure("T-0003", "Kjernejournal", "Rød", owner=NORD, comment="Stans"),
            measure("T-0004", "Velferdsteknologi", "Grønn", owner=NORD, state="Pause"),
        ],
    )
    second = run_cli(db_url, "import", str(nord), "--owner", NORD, "--json").json()
    assert second["status"] == "loaded" and second["batch_id"] != first["batch_id"]

    # A correction from Helse Vest replaces Vest's rows only.
    corrected = submission(
        tmp_path / "vest2.xlsx",
        "2026-K1",
        VEST,
        [
            measure("T-0001", "Pasientjournal", "Grønn", owner=VEST),
            measure("T-0002", "Legemiddelliste", "Gul", owner=VEST),
        ],
    )
    before_correction = snapshot(engine, skip=("audit_event", "import_batch"))
    third = run_cli(db_url, "import", str(corrected), "--json").json()
    assert third["status"] == "loaded"
    status = run_cli(db_url, "status", "--round", "2026-K1", "--json").json()
    assert status["not_reported"] == [] and status["red"] == ["T-0003"]
    assert status["active"] == 3 and status["paused"] == 1

    # Rolling the correction back restores Vest's first submission; Nord's rows stay.
    assert run_cli(db_url, "rollback", str(third["batch_id"])).code == 0
    assert snapshot(engine, skip=("audit_event", "import_batch")) == before_correction
    # Nord's submission rolls back on its own too (it replaced nobody's rows).
    assert run_cli(db_url, "rollback", str(second["batch_id"])).code == 0
    status = run_cli(db_url, "status", "--round", "2026-K1", "--json").json()
    assert status["not_reported"] == ["T-0003", "T-0004"]


def test_a_row_of_another_owner_is_refused_and_nothing_is_written(db_url, engine, tmp_path):
    _setup(db_url, tmp_path)
    before = snapshot(engine)
    bad = submission(
        tmp_path / "vest.xlsx",
        "2026-K1",
        VEST,
        [
            measure("T-0001", "Pasientjournal", "Gul", owner=VEST),
            measure("T-0003", "Kjernejournal", "Gul", owner=NORD),
        ],
    )
    result = run_cli(db_url, "import", str(bad), "--json")
    assert result.code == 1
    errors = result.json()["errors"]
    assert [(e["code"], e["row"], e["column"], e["value"]) for e in errors] == [
        ("wrong-owner", 3, "Tiltakseier", NORD)
    ]
    assert "T-0003" in errors[0]["message"] and VEST in errors[0]["message"]
    assert snapshot(engine) == before


def test_submissions_need_an_open_round(db_url, engine, tmp_path):
    path = portfolio_workbook(tmp_path / "k4.xlsx", "2025-K4", K4)
    run_cli(db_url, "import", str(path))
    before = snapshot(engine)
    for round_code, word in (("2026-K1", "ikke åpnet"), ("2025-K4", "publisert")):
        file = submission(
            tmp_path / f"{round_code}.xlsx",
            round_code,
            VEST,
            [measure("T-0001", "Pasientjournal", owner=VEST)],
        )
        result = run_cli(db_url, "import", str(file), "--json")
        assert result.code == 1
        (error,) = result.json()["errors"]
        assert error["code"] == "round-not-open" and word in error["message"]
    assert snapshot(engine) == before


def test_a_whole_round_file_over_a_published_round_needs_replace(db_url, engine, tmp_path):
    path = portfolio_workbook(tmp_path / "k4.xlsx", "2025-K4", K4)
    run_cli(db_url, "import", str(path))
    before = snapshot(engine)
    again = portfolio_workbook(tmp_path / "k4b.xlsx", "2025-K4", K4[:2])
    refused = run_cli(db_url, "import", str(again), "--json")
    assert refused.code == 1
    (error,) = refused.json()["errors"]
    assert error["code"] == "round-exists" and "5 tiltak" in error["message"]
    assert snapshot(engine) == before
    # --dry-run says the same before anything is tried.
    assert run_cli(db_url, "import", str(again), "--dry-run").code == 1
    replaced = run_cli(db_url, "import", str(again), "--replace", "--json")
    assert replaced.code == 0 and replaced.json()["status"] == "loaded"
    assert run_cli(db_url, "status", "--json").json()["active"] == 2


def test_publish_is_refused_while_measures_are_missing(db_url, engine, tmp_path):
    _setup(db_url, tmp_path)
    refused = run_cli(db_url, "round", "publish", "2026-K1")
    assert refused.code == 1
    assert (
        "T-0001, T-0002, T-0003, T-0004" in refused.stderr and "--allow-missing" in refused.stderr
    )
    assert list_rounds(engine, published_only=True) == ["2025-K4"]
    # Viewers never see the open round; editors do.
    assert list_rounds(engine) == ["2025-K4", "2026-K1"]
    assert build_round_report(engine, attainment=False).round == "2025-K4"

    done = run_cli(db_url, "round", "publish", "2026-K1", "--allow-missing")
    assert done.code == 0, done.stderr
    assert list_rounds(engine, published_only=True) == ["2025-K4", "2026-K1"]
    status = run_cli(db_url, "status", "--round", "2026-K1", "--json").json()
    assert "state" not in status and "not_reported" not in status
    assert run_cli(db_url, "round", "publish", "2026-K1").code == 1  # already published

    assert run_cli(db_url, "round", "reopen", "2026-K1").code == 0
    states = {
        r["round"]: r["state"] for r in run_cli(db_url, "round", "list", "--json").json()["rounds"]
    }
    assert states == {"2025-K4": "published", "2026-K1": "reopened"}
    assert run_cli(db_url, "round", "open", "2025-K4").code == 1  # exists
    assert run_cli(db_url, "round", "publish", "2030-K1").code == 2  # no such round
    actions = {
        a
        for (a,) in _events(engine, "round-open")
        + _events(engine, "round-publish")
        + _events(engine, "round-reopen")
    }
    assert actions == {"round-open", "round-publish", "round-reopen"}


def test_a_whole_round_file_creates_its_round_published(db_url, engine, tmp_path):
    run_cli(db_url, "import", str(portfolio_workbook(tmp_path / "k4.xlsx", "2025-K4", K4)))
    assert list_rounds(engine, published_only=True) == ["2025-K4"]
    listed = run_cli(db_url, "round", "list", "--json").json()["rounds"]
    assert [(r["round"], r["state"]) for r in listed] == [("2025-K4", "published")]
    assert [(o["owner"], o["expected"], o["reported"]) for o in listed[0]["owners"]] == [
        (NORD, 3, 3),
        (VEST, 2, 2),
    ]


def test_the_history_names_the_owner_of_each_submission(db_url, engine, tmp_path, monkeypatch):
    """Who sent a batch into an open round stays in the history, also after it is rolled back:
    ``history --json``, the terminal table and the Importhistorikk page say the same."""
    from tests.dashboard.apptest import LOCAL_ADMIN, open_page

    _setup(db_url, tmp_path)
    vest = submission(
        tmp_path / "vest.xlsx",
        "2026-K1",
        VEST,
        [measure("T-0001", "Pasientjournal", "Gul", owner=VEST, comment="Ny risiko")],
    )
    loaded = run_cli(db_url, "import", str(vest), "--json").json()
    assert run_cli(db_url, "rollback", str(loaded["batch_id"])).code == 0

    batches = run_cli(db_url, "history", "--json").json()["batches"]
    # the whole-round file of 2025-K4 is nobody's submission; Vest's is, rolled back or not
    assert [(b["owner"], b["status"]) for b in batches] == [
        (None, "loaded"),
        (VEST, "rolled-back"),
    ]
    table = run_cli(db_url, "history").stdout
    assert "Innrapportering fra" in table
    assert [line.split()[0] for line in table.splitlines() if VEST in line] == [
        str(loaded["batch_id"])
    ]
    at = open_page(monkeypatch, db_url, "importhistorikk", env=LOCAL_ADMIN)
    assert not at.exception
    frame = at.dataframe[0].value
    assert list(zip(frame["Nr."], frame["Innrapportering fra"], strict=True)) == [
        (loaded["batch_id"], VEST),
        (loaded["batch_id"] - 1, "–"),
    ]
