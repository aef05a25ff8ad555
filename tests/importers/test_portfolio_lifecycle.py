"""A round's life: load, compare with the previous round, replace with a corrected file, undo."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from model.tables import Measure
from tests.helpers import run_cli, snapshot
from tests.importers.builders import measure, portfolio_workbook

K1 = [
    measure("T-0001", "Pasientens legemiddelliste", "Grønn", owner="Norsk helsenett SF"),
    measure("T-0002", "Mine timeavtaler", "Gul", owner="Helse Sør-Øst RHF"),
    measure("T-0003", "Kjernejournal", "Grønn"),
    measure("T-0004", "Digitalt helsekort", "Grønn", state="Pause"),
]
K2 = [
    measure("T-0001", "Pasientens legemiddelliste", "Gul", owner="Norsk helsenett SF"),
    measure(
        "T-0002",
        "Mine timeavtaler",
        "Rød",
        owner="Helse Sør-Øst RHF",
        comment="Forsinket.\nVenter på EPJ.",
    ),
    measure("T-0004", "Digitalt helsekort", "Grønn", state="Ferdigstilt", phase="Avsluttet"),
    measure("T-0005", "Nettlegen", "Grønn", owner="Helsedirektoratet"),
    measure("T-0006", "Nytt nødnett", None, state="Stoppet"),
]


def test_status_compares_a_round_with_the_previous_one(db_url, tmp_path):
    assert (
        run_cli(db_url, "import", str(portfolio_workbook(tmp_path / "k1.xlsx", "2025-K1", K1))).code
        == 0
    )
    assert (
        run_cli(
            db_url,
            "import",
            str(
                portfolio_workbook(tmp_path / "k2.xlsx", "2025-K2", K2, deadline=date(2025, 5, 12))
            ),
        ).code
        == 0
    )

    first = run_cli(db_url, "status", "--round", "2025-K1", "--json").json()
    assert first["previous_round"] is None and first["new"] == [] and first["changed"] == []
    assert (first["active"], first["paused"]) == (3, 1)

    latest = run_cli(db_url, "status", "--json").json()
    assert latest == {
        "round": "2025-K2",
        "previous_round": "2025-K1",
        "deadline": "2025-05-12",
        "active": 3,
        "paused": 0,
        "completed": 1,
        "completed_before": 0,
        "stopped": 1,
        "stopped_before": 0,
        "new": ["T-0005", "T-0006"],
        "red": ["T-0002"],
        "disappeared": ["T-0003"],
        "colours_active": {"Grønn": 1, "Gul": 1, "Rød": 1},
        "changed": [
            {"id": "T-0001", "from": "Grønn", "to": "Gul"},
            {"id": "T-0002", "from": "Gul", "to": "Rød"},
        ],
        "slipped": [],
    }
    text = run_cli(db_url, "status").stdout
    assert "økt fra 3 til 3" not in text and "holdt seg på 3" in text
    assert "«Mine timeavtaler» (Helse Sør-Øst RHF)" in text


def test_a_corrected_file_replaces_the_round_and_rollback_restores_it(db_url, engine, tmp_path):
    run_cli(db_url, "import", str(portfolio_workbook(tmp_path / "k1.xlsx", "2025-K1", K1)))
    before = snapshot(engine)
    corrected = [*K1[:2], measure("T-0003", "Kjernejournal (ny)", "Rød")]
    corrected_file = str(portfolio_workbook(tmp_path / "k1b.xlsx", "2025-K1", corrected))
    # Without --replace the round is never replaced silently: refused, nothing written.
    refused = run_cli(db_url, "import", corrected_file, "--json")
    assert refused.code == 1 and [e["code"] for e in refused.json()["errors"]] == ["round-exists"]
    assert snapshot(engine) == before
    result = run_cli(db_url, "import", corrected_file, "--replace", "--json")
    assert result.code == 0 and result.json()["status"] == "loaded"
    summary = run_cli(db_url, "status", "--json").json()
    assert summary["active"] == 3 and summary["paused"] == 0 and summary["red"] == ["T-0003"]
    with engine.connect() as conn:
        assert (
            conn.execute(select(Measure.name).where(Measure.code == "T-0003")).scalar()
            == "Kjernejournal (ny)"
        )

    batches = run_cli(db_url, "history", "--json").json()["batches"]
    assert [(b["id"], b["status"], b["round"]) for b in batches] == [
        (1, "replaced", "2025-K1"),
        (2, "loaded", "2025-K1"),
    ]

    # The replaced batch cannot be undone alone: the message names the later import.
    refused = run_cli(db_url, "rollback", "1")
    assert (
        refused.code == 1
        and "Angre de senere importene først" in refused.stderr
        and "2 (k1b.xlsx" in refused.stderr
    )

    assert run_cli(db_url, "rollback", "2").code == 0
    assert snapshot(engine, skip=("audit_event", "import_batch")) == {
        k: v for k, v in before.items() if k != "import_batch"
    }
    statuses = [b["status"] for b in run_cli(db_url, "history", "--json").json()["batches"]]
    assert statuses == ["loaded", "rolled-back"]
    assert run_cli(db_url, "rollback", "2").code == 1  # already undone
    assert run_cli(db_url, "rollback", "99").code == 2  # no such import


def test_rolling_back_the_only_batch_empties_the_database(db_url, engine, tmp_path):
    empty = snapshot(engine)
    run_cli(db_url, "import", str(portfolio_workbook(tmp_path / "k1.xlsx", "2025-K1", K1)))
    assert run_cli(db_url, "rollback", "1").code == 0
    assert snapshot(engine, skip=("audit_event", "import_batch")) == {
        k: v for k, v in empty.items() if k != "import_batch"
    }
    assert run_cli(db_url, "status").code == 2


def test_the_same_file_twice_is_unchanged_and_after_rollback_loads_again(db_url, engine, tmp_path):
    path = portfolio_workbook(tmp_path / "k1.xlsx", "2025-K1", K1)
    first = run_cli(db_url, "import", str(path), "--json").json()
    after_first = snapshot(engine)
    again = run_cli(db_url, "import", str(path), "--json")
    assert again.code == 0
    assert again.json()["status"] == "unchanged" and again.json()["batch_id"] == first["batch_id"]
    assert snapshot(engine) == after_first
    run_cli(db_url, "rollback", str(first["batch_id"]))
    third = run_cli(db_url, "import", str(path), "--json").json()
    assert third["status"] == "loaded" and third["batch_id"] != first["batch_id"]


def test_a_refused_file_changes_nothing_but_the_audit_log(db_url, engine, tmp_path):
    run_cli(db_url, "import", str(portfolio_workbook(tmp_path / "k1.xlsx", "2025-K1", K1)))
    before = snapshot(engine)
    audit_before = len(snapshot(engine, skip=())["audit_event"])
    bad = [*K2[:3], measure("T-0009", "Uten status", None)]
    result = run_cli(
        db_url, "import", str(portfolio_workbook(tmp_path / "bad.xlsx", "2025-K2", bad)), "--json"
    )
    assert result.code == 1
    report = result.json()
    assert report["status"] == "rejected" and report["batch_id"] is None
    assert [(e["sheet"], e["row"], e["column"], e["code"]) for e in report["errors"]] == [
        ("Tiltak", 5, "Samlet status", "missing-value")
    ]
    assert snapshot(engine) == before
    audit = snapshot(engine, skip=())["audit_event"]
    assert len(audit) == audit_before + 1


def test_dry_run_validates_but_writes_nothing(db_url, engine, tmp_path):
    before = snapshot(engine)
    result = run_cli(
        db_url,
        "import",
        str(portfolio_workbook(tmp_path / "k1.xlsx", "2025-K1", K1)),
        "--dry-run",
        "--json",
    )
    assert result.code == 0 and result.json()["status"] == "dry-run" and result.json()["rows"] == 4
    assert snapshot(engine) == before


def test_round_on_the_command_line_must_agree_with_the_file(db_url, tmp_path):
    path = portfolio_workbook(tmp_path / "k1.xlsx", "2025-K1", K1)
    result = run_cli(db_url, "import", str(path), "--round", "2025-K2", "--json")
    assert result.code == 1
    assert [e["code"] for e in result.json()["errors"]] == ["invalid-value"]
    no_round = portfolio_workbook(tmp_path / "none.xlsx", None, K1)
    assert (
        run_cli(db_url, "import", str(no_round), "--json").json()["errors"][0]["code"]
        == "missing-value"
    )
    ok = run_cli(db_url, "import", str(no_round), "--round", "2025-k1", "--json")
    assert ok.code == 0 and ok.json()["round"] == "2025-K1"
    usage = run_cli(db_url, "import", str(no_round), "--round", "2025-Q1", "--json")
    assert usage.code == 2 and usage.json()["errors"][0]["code"] == "invalid-period"


def test_the_user_is_recorded_in_history(db_url, tmp_path):
    run_cli(
        db_url,
        "import",
        str(portfolio_workbook(tmp_path / "k1.xlsx", "2025-K1", K1)),
        "--user",
        "kari",
    )
    assert run_cli(db_url, "history", "--json").json()["batches"][0]["user"] == "kari"
