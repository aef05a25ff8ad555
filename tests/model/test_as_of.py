"""Queries "as of import batch N": what a pinned meeting shows does not move when someone uploads
a correction or a new round during the meeting (and moves back into place after a rollback)."""

from __future__ import annotations

from dashboard.export.content import build_pack
from model import queries
from model.round_report import build_round_report
from model.text import status_text
from tests.export.workbooks import changed_round
from tests.helpers import run_cli


def view(engine, as_of):
    """Everything the meeting slides read: the round's report (figures, lists, distribution,
    goal attainment) and its text."""
    report = build_round_report(engine, "2025-K3", as_of_batch=as_of)
    return {
        "rounds": queries.list_rounds(engine, as_of),
        "figures": report.figures,
        "measures": report.measures,
        "distribution": report.distribution,
        "attainment": report.attainment.to_json(),
        "summary": report.status_json(),
        "red": [{"name": m.name, "code": m.code} for m in report.red],
        "reports": queries.round_reports(engine, "2025-K3", as_of).to_dict("records"),
        "text": status_text(report),
    }


def test_a_pinned_view_ignores_later_uploads(sample_engine, sample_url, tmp_path):
    pinned = queries.latest_batch_id(sample_engine)
    before = view(sample_engine, pinned)
    assert before == view(sample_engine, None)  # pinned to the newest batch = the current data
    assert [r["name"] for r in before["red"]] == ["Mine timeavtaler"]

    correction = changed_round(
        tmp_path / "portefolje_2025-K3_rettet.xlsx",
        "2025-K3",
        statuses={"Mine timeavtaler": "Gul", "Kjernejournal": "Rød"},
    )
    new_round = changed_round(tmp_path / "portefolje_2026-K1.xlsx", "2025-K4", new_round="2026-K1")
    assert run_cli(sample_url, "import", str(correction), "--replace").code == 0
    assert run_cli(sample_url, "import", str(new_round)).code == 0

    now = view(sample_engine, None)
    assert [r["name"] for r in now["red"]] == ["Kjernejournal"]  # the upload did change the data
    assert now["rounds"][-1] == "2026-K1"
    assert view(sample_engine, pinned) == before  # … but not the pinned view

    pack_then = build_pack(sample_engine, "2025-K3", as_of_batch=pinned)
    assert [m.name for m in pack_then.report.red] == ["Mine timeavtaler"]
    assert pack_then.draft_text == before["text"]
    assert "låst til import" in pack_then.data_line


def test_rolling_back_a_later_upload_leaves_the_pinned_view_alone(
    sample_engine, sample_url, tmp_path
):
    pinned = queries.latest_batch_id(sample_engine)
    before = view(sample_engine, pinned)
    correction = changed_round(
        tmp_path / "rettet.xlsx", "2025-K3", statuses={"Mine timeavtaler": "Grønn"}
    )
    assert run_cli(sample_url, "import", str(correction), "--replace").code == 0
    later = queries.latest_batch_id(sample_engine)
    assert later == pinned + 1
    assert view(sample_engine, later)["red"] == []
    assert run_cli(sample_url, "rollback", str(later)).code == 0
    assert view(sample_engine, pinned) == before
    assert view(sample_engine, None) == before


def test_as_of_an_earlier_batch_is_the_data_before_a_round_was_loaded(shared_sample_url):
    from model.db import make_engine

    engine = make_engine(shared_sample_url)
    try:
        history = queries.history(engine)
        k2 = next(b["id"] for b in history if b["round"] == "2025-K2")
        assert queries.list_rounds(engine, k2)[-1] == "2025-K2"
        assert queries.round_summary(engine, "2025-K3", k2) is None
        assert queries.latest_batch_id(engine) == history[-1]["id"]
    finally:
        engine.dispose()


def test_goal_attainment_pinned_to_a_batch_ignores_a_new_indicator_workbook(
    sample_engine, sample_url, tmp_path
):
    """A new indicator workbook during the meeting (new version, redefinition, new value, new
    goal wording) changes the current attainment but not the one as of the pinned batch."""
    from model.attainment_service import attainment_report, summarize
    from tests.export.workbooks import new_indicator_set

    pinned = queries.latest_batch_id(sample_engine)

    def seen(as_of_batch):
        summary = summarize(sample_engine, as_of_batch=as_of_batch)
        selection, goals = summary.selection, summary.goals
        s201 = selection.by_code()["S2-01"]
        return {
            "version": selection.version,
            "goals": [(g.code, g.name, g.counts, g.mean_score) for g in goals],
            "S2-01": (s201.definition["name"], s201.assessment.category, s201.series),
            "report": attainment_report(sample_engine, as_of_batch=as_of_batch),
        }

    before = seen(pinned)
    assert before == seen(None)
    assert before["version"] == "v0.8" and before["S2-01"][1] == "deterioration"

    upload = new_indicator_set(tmp_path / "indikatorer_v0.9.xlsx")
    result = run_cli(sample_url, "import", str(upload))
    assert result.code == 0, result.stdout + result.stderr

    now = seen(None)
    assert now["version"] == "v0.9"  # the upload did change the current data …
    assert now["S2-01"][1] == "achieved" and "ny definisjon" in now["S2-01"][0]
    assert ("S2", "Enklere arbeidshverdag for alle (ny ordlyd)") in [g[:2] for g in now["goals"]]
    assert seen(pinned) == before  # … but not what the pinned meeting sees
