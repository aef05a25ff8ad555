"""Meetings, cases and decisions saved from the page: each save is a batch of its own (history,
audit, rollback), validated like the workbook, refused for readers, and nothing on refusal."""

from __future__ import annotations

from datetime import date

import pytest

from importers.case_edits import (
    CaseEditRefused,
    CaseInput,
    MeetingInput,
    record_decision,
    save_case,
    save_meeting,
)
from model.access import Actor, PermissionDenied, Role
from model.audit_log import events
from model.cases import get_case, list_cases
from tests.helpers import run_cli, snapshot
from tests.importers.builders import cases_workbook, council_case

EDITOR = Actor("redaktor@helsedir.no", Role.REDAKTOR, via="web")
READER = Actor("leser@helsedir.no", Role.LESER, via="web")


def _meeting(engine) -> None:
    save_meeting(
        engine,
        MeetingInput("NUIT-2026-1", "nuit", date(2026, 2, 12), "Storo"),
        actor=EDITOR,
    )


def test_an_editor_adds_a_case_records_the_decision_and_can_undo_it(db_url, engine):
    _meeting(engine)
    added = save_case(
        engine,
        CaseInput(
            number="3 / 2026",
            meeting="NUIT-2026-1",
            title="Status nasjonal e-helseportefølje",
            case_type="drøfting",
            proposal="NUIT tar statusrapporten til orientering.",
            measures="T-0057",
            goals="S5",
            round="2025-k4",
        ),
        actor=EDITOR,
    )
    assert added.changed and added.description == "Ny sak NUIT 3/26 (registrert på siden)"
    # The unknown Tiltak-ID is a warning, as in the workbook.
    assert [(w.code, w.value) for w in added.warnings] == [("unknown-reference", "T-0057")]
    case = get_case(engine, "NUIT", "3/26")
    assert (case.type, case.round, case.decision, case.date) == (
        "Drøfting",
        "2025-K4",
        None,
        date(2026, 2, 12),
    )
    before_decision = snapshot(engine)

    decided = record_decision(
        engine,
        "NUIT",
        "3/26",
        "NUIT tok statusrapporten til orientering.",
        actor=EDITOR,
        follow_up_by="2026-K2",
    )
    assert decided.description == "Vedtak i sak NUIT 3/26 (registrert på siden)"
    case = get_case(engine, "NUIT", "3/26")
    assert case.decision == "NUIT tok statusrapporten til orientering."
    assert case.follow_up_by == "2026-K2" and case.title == "Status nasjonal e-helseportefølje"

    history = run_cli(db_url, "history", "--json").json()["batches"]
    assert [(b["id"], b["kind"], b["file"], b["user"], b["rows"]) for b in history] == [
        (1, "cases", "Nytt møte NUIT-2026-1 (registrert på siden)", EDITOR.name, 1),
        (2, "cases", "Ny sak NUIT 3/26 (registrert på siden)", EDITOR.name, 1),
        (3, "cases", "Vedtak i sak NUIT 3/26 (registrert på siden)", EDITOR.name, 1),
    ]
    assert history[1]["status"] == "replaced"  # its only row is superseded by the decision
    logged = [(e["action"], e["outcome"], e["batch_id"]) for e in events(engine)]
    assert logged[:3] == [("case-edit", "ok", 3), ("case-edit", "ok", 2), ("case-edit", "ok", 1)]

    # Saving the same again changes nothing and creates no batch.
    again = record_decision(
        engine,
        "NUIT",
        "3/26",
        "NUIT tok statusrapporten til orientering.",
        actor=EDITOR,
        follow_up_by="2026-K2",
    )
    assert not again.changed and len(run_cli(db_url, "history", "--json").json()["batches"]) == 3

    assert run_cli(db_url, "rollback", "3").code == 0
    data = ("audit_event", "import_batch")
    assert snapshot(engine, skip=data) == {
        k: v for k, v in before_decision.items() if k not in data
    }
    assert get_case(engine, "NUIT", "3/26").decision is None


def test_input_breaking_the_workbook_rules_is_refused_and_writes_nothing(engine):
    _meeting(engine)
    before = snapshot(engine)
    with pytest.raises(CaseEditRefused) as refused:
        save_case(
            engine,
            CaseInput(
                number="3-26",
                meeting="NUIT-2099-1",
                title="",
                case_type="Anbefaling",
                follow_up_by="snart",
            ),
            actor=EDITOR,
        )
    assert [(i.column, i.code) for i in refused.value.issues] == [
        ("Saksnummer", "invalid-value"),
        ("Tittel", "missing-value"),
        ("Sakstype", "invalid-value"),
        ("Oppfølging innen", "invalid-period"),
        ("Møte-ID", "unknown-reference"),
    ]
    assert snapshot(engine) == before
    assert events(engine)[0]["outcome"] == "rejected"


def test_a_number_already_used_in_the_forum_is_refused_and_a_case_can_be_renumbered(engine):
    _meeting(engine)
    first = CaseInput(number="3/26", meeting="NUIT-2026-1", title="Første", case_type="Drøfting")
    save_case(engine, first, actor=EDITOR)
    with pytest.raises(CaseEditRefused) as refused:
        save_case(engine, first, actor=EDITOR)
    assert refused.value.issues[0].code == "duplicate-id"
    assert "Sak 3/26 finnes allerede i NUIT («Første»)" in refused.value.issues[0].message

    from dataclasses import replace

    save_case(engine, replace(first, number="4/26"), actor=EDITOR, original=("NUIT", "3/26"))
    assert [c.number for c in list_cases(engine)] == ["4/26"]


def test_a_reader_may_not_save_and_the_attempt_is_logged(engine):
    before = snapshot(engine)
    with pytest.raises(PermissionDenied):
        save_meeting(engine, MeetingInput("NUIT-2026-1", "NUIT", date(2026, 2, 12)), actor=READER)
    with pytest.raises(PermissionDenied):
        record_decision(engine, "NUIT", "3/26", "Vedtak", actor=READER)
    assert snapshot(engine) == before
    assert [(e["action"], e["outcome"], e["user"]) for e in events(engine)] == [
        ("case-edit", "denied", READER.name),
        ("case-edit", "denied", READER.name),
    ]


def test_a_meeting_is_edited_not_duplicated(db_url, engine, tmp_path):
    path = cases_workbook(
        tmp_path / "saker.xlsx",
        [["NUIT-2026-1", "NUIT", date(2026, 2, 12), None]],
        [council_case("3/26", "NUIT-2026-1", "Sak")],
    )
    assert run_cli(db_url, "import", str(path)).code == 0
    with pytest.raises(CaseEditRefused) as refused:
        _meeting(engine)
    assert refused.value.issues[0].code == "duplicate-id"
    moved = save_meeting(
        engine,
        MeetingInput("NUIT-2026-1", "NUIT", "13.02.2026", "Digitalt"),
        actor=EDITOR,
        original="NUIT-2026-1",
    )
    assert moved.description == "Endret møte NUIT-2026-1 (registrert på siden)"
    assert get_case(engine, "NUIT", "3/26").date == date(2026, 2, 13)
    with pytest.raises(CaseEditRefused) as refused:  # the forum of a meeting with cases stays
        save_meeting(
            engine,
            MeetingInput("NUIT-2026-1", "NUFA", "13.02.2026"),
            actor=EDITOR,
            original="NUIT-2026-1",
        )
    assert "kan ikke bytte forum" in refused.value.issues[0].message
