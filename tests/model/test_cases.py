"""model.cases: the drafted proposal, the follow-up rule, and the queries on the sample."""

from __future__ import annotations

from datetime import date

from model.cases import (
    Case,
    agenda_rows,
    cases_for_round,
    draft_portfolio_proposal,
    draft_proposal,
    follow_up_states,
    list_cases,
    list_meetings,
    meeting_agenda,
    open_follow_ups,
    round_agenda,
)
from model.db import make_engine
from model.queries import latest_batch_id
from model.round_report import build_round_report
from sample_data import sample_files


def test_the_drafted_proposal_takes_the_round_to_orientation_and_names_the_red_measures():
    assert draft_proposal("2025-K3", []) == (
        "NUIT tar statusrapporten for nasjonal e-helseportefølje 2025-K3 til orientering."
    )
    assert draft_proposal("2025-K3", [("T-0057", "Mine timeavtaler", "Norsk helsenett SF")]) == (
        "NUIT tar statusrapporten for nasjonal e-helseportefølje 2025-K3 til orientering. "
        "NUIT merker seg at ett tiltak melder rød status: «Mine timeavtaler» (T-0057, "
        "Norsk helsenett SF)."
    )
    three = [
        ("T-0064", "Helsefellesskapenes plattform", "Helse Midt-Norge RHF"),
        ("T-0063", "PLL i Bergen kommune", "Bergen kommune"),
        ("T-0010", "Kodeverk", "Helsedirektoratet"),
    ]
    text = draft_proposal("2025-K4", three, forum="Nasjonalt e-helseråd")
    assert text.startswith("Nasjonalt e-helseråd tar statusrapporten for nasjonal")
    assert "Nasjonalt e-helseråd merker seg at tre tiltak melder rød status: «Kodeverk» " in text
    assert text.endswith(
        "«PLL i Bergen kommune» (T-0063, Bergen kommune) og «Helsefellesskapenes plattform» "
        "(T-0064, Helse Midt-Norge RHF)."
    )
    assert "13 tiltak" in draft_proposal("2025-K4", [(f"T-{i:04d}", "X", "Y") for i in range(13)])


def _case(number, when, *, forum="NUIT", decision="Vedtatt.", measures=(), follow_up=None):
    seq, year = number.split("/")
    return Case(
        number=number,
        meeting=f"{forum}-{when.isoformat()}",
        forum=forum,
        date=when,
        title="Sak",
        type="Drøfting",
        proposal="Forslag.",
        decision=decision,
        measures=tuple(measures),
        follow_up_by=follow_up,
        seq=int(seq),
        year=2000 + int(year),
    )


def test_a_follow_up_is_due_once_its_round_has_come_and_answered_by_a_later_case():
    asked = _case("5/25", date(2025, 2, 13), measures=["T-1"], follow_up="2025-K2")
    not_decided = _case("6/25", date(2025, 2, 13), decision=None, follow_up="2025-K1")
    same_day = _case("7/25", date(2025, 2, 13), measures=["T-1"])
    other_forum = _case("2/25", date(2025, 3, 1), forum="NUFA", measures=["T-1"])
    states = {
        c.number: c
        for c in follow_up_states([asked, not_decided, same_day, other_forum], "2025-K1")
    }
    assert states["5/25"].follow_up == "pending"  # 2025-K2 has not come
    assert states["6/25"].follow_up is None  # a proposal asks for nothing yet
    states = {c.number: c for c in follow_up_states([asked, same_day, other_forum], "2025-K2")}
    assert states["5/25"].follow_up == "due"  # neither the same meeting nor NUFA answers it
    undecided_later = _case("20/25", date(2025, 5, 15), decision=None, measures=["T-1"])
    later = _case("21/25", date(2025, 5, 15), measures=["T-2", "T-1"])
    assert follow_up_states([asked, undecided_later], "2025-K2")[0].follow_up == "due"
    answered = follow_up_states([asked, later], "2025-K2")[0]
    assert answered.follow_up == "answered"
    assert answered.answered_by == ("NUIT", "21/25", date(2025, 5, 15))


def test_the_sample_has_open_follow_ups_and_agendas(shared_sample_url):
    engine = make_engine(shared_sample_url)
    try:
        due = open_follow_ups(engine)
        assert [(c.forum, c.number, c.follow_up_by) for c in due] == [
            ("Nasjonalt e-helseråd", "11/24", "2025-K2"),
            ("Nasjonalt e-helseråd", "4/25", "2025-K4"),
            ("NUIT", "17/25", "2025-K4"),
            ("NUIT", "41/25", "2025-K4"),
        ]
        # As of a round: only meetings by the end of its quarter ask and answer.
        assert open_follow_ups(engine, "2024-K4") == []
        assert [c.number for c in open_follow_ups(engine, "2025-K2")] == ["11/24"]
        agenda = meeting_agenda(engine, "NUIT-2025-4")
        assert [(c.number, c.type) for c in agenda] == [
            ("33/25", "Godkjenning"),
            ("39/25", "Orientering"),
            ("40/25", "Drøfting"),
            ("41/25", "Drøfting"),
        ]
        assert all(c.decided for c in agenda)
        upcoming = meeting_agenda(engine, "EHR-2025-2")
        assert upcoming and not any(c.decided for c in upcoming)
        # The sample's drafted proposal is what the model drafts from the same round.
        (status_case,) = cases_for_round(engine, "2025-K4")
        assert status_case.proposal == draft_portfolio_proposal(
            build_round_report(engine, "2025-K4", attainment=False), forum="Nasjonalt e-helseråd"
        )
        assert "to tiltak melder rød status" in status_case.proposal
        meetings = list_meetings(engine)
        assert len(meetings) == 12 and meetings[0]["code"] == "EHR-2025-2"
        assert {m["forum"] for m in list_meetings(engine, "NUIT")} == {"NUIT"}
        assert len(list_cases(engine)) == 25
        # As of the batch before the cases were loaded, there were none.
        assert latest_batch_id(engine) == len(sample_files())
        assert list_cases(engine, as_of_batch=len(sample_files()) - 1) == []
    finally:
        engine.dispose()


def test_a_rounds_agenda_is_the_meeting_of_its_status_case(shared_sample_url):
    """The meeting pack's saksliste: the meeting whose portfolio-status case is about the round;
    the drafted proposal goes in that case; a round no meeting handles yet gets the status case
    alone."""
    engine = make_engine(shared_sample_url)
    try:
        k4 = round_agenda(engine, "2025-K4")
        assert k4.meeting["code"] == "EHR-2025-2" and k4.forum == "Nasjonalt e-helseråd"
        assert k4.status_case.number == "14/25"
        rows = agenda_rows(k4, "FORSLAG")
        assert [r[0] for r in rows] == ["12/25", "13/25", "14/25"]
        assert rows[-1][3] == "FORSLAG" and rows[0][3] != "FORSLAG"
        early = round_agenda(engine, "2023-K1")
        assert early.meeting is None and early.cases == () and early.forum == "NUIT"
        assert agenda_rows(early, "FORSLAG") == [
            ("", "Status nasjonal e-helseportefølje 2023-K1", "Orientering", "FORSLAG", "")
        ]
    finally:
        engine.dispose()
