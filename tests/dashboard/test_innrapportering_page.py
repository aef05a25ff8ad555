"""Innrapportering and open rounds on the pages: editors follow the collection owner by owner;
viewers never see a round that is not published."""

from __future__ import annotations

from model.db import make_engine
from tests.dashboard.apptest import LOCAL_ADMIN, open_app, open_page, texts
from tests.helpers import run_cli
from tests.importers.test_rounds import submission

LOCAL_EDITOR = {"EHELSE_AUTH_MODE": "local"}


def _open(sample_url: str) -> None:
    result = run_cli(
        sample_url, "round", "open", "2026-K1", "--from", "2025-K4", "--deadline", "2026-03-13"
    )
    assert result.code == 0, result.stderr


def test_the_tracker_shows_each_owner_and_who_is_missing(monkeypatch, sample_url, tmp_path):
    _open(sample_url)
    path = submission(
        tmp_path / "ks.xlsx",
        "2026-K1",
        "KS",
        [
            [
                "T-0900",
                "Nytt KS-tiltak",
                "KS",
                "",
                "",
                "Planlegging",
                "Aktiv",
                "Grønn",
                "",
                "",
                "",
                None,
            ]
        ],
    )
    assert run_cli(sample_url, "import", str(path)).code == 0
    at = open_page(monkeypatch, sample_url, "innrapportering", env=LOCAL_ADMIN)
    assert not at.exception
    shown = texts(at)
    assert "Runden 2026-K1 er åpen" in shown and "13. mars 2026" in shown
    table = at.table[0].value
    ks = table.loc["KS"]
    assert ks["Status"].startswith("✓ Levert") and ks["Rapportert"] == 1
    bergen = table.loc["Bergen kommune"]
    # Late is said in words (the deadline has passed on this machine's clock or not).
    assert bergen["Status"] in ("✗ Mangler, fristen er passert", "… Mangler")
    assert bergen["Rapportert"] == 0 and bergen["Forventet"] > 0
    # The headline counts are the model's, the same as `ehelse round list --json` gives.
    listed = run_cli(sample_url, "round", "list", "--json").json()
    (k1,) = [r for r in listed["rounds"] if r["round"] == "2026-K1"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Forventede tiltak"] == str(sum(o["expected"] for o in k1["owners"]))
    assert metrics["Rapportert"] == str(sum(o["reported"] for o in k1["owners"])) == "1"
    assert int(metrics["Forventede tiltak"]) == int(table["Forventet"].sum())
    reminder = at.code[0].value
    assert "Bergen kommune" in reminder and "KS" not in reminder.split("\n", 2)[2]
    assert [b.label for b in at.button if b.label.startswith("Publiser")] == ["Publiser 2026-K1"]
    make_engine(sample_url).dispose()


def test_viewers_do_not_see_an_open_round_and_editors_see_a_banner(monkeypatch, sample_url):
    _open(sample_url)
    reader = open_app(monkeypatch, sample_url, "oversikt")
    assert "2026-K1" not in str(reader.selectbox[0].options)
    refused = open_app(monkeypatch, sample_url, "innrapportering")
    assert "Du har ikke tilgang" in texts(refused)
    editor = open_app(monkeypatch, sample_url, "oversikt", LOCAL_EDITOR, query={"runde": "2026-K1"})
    assert not editor.exception
    assert "Runden 2026-K1 er åpen for innrapportering og ikke publisert" in texts(editor)
    # An editor lands on the newest published round; the open one is one pick away.
    default = open_app(monkeypatch, sample_url, "oversikt", LOCAL_EDITOR)
    assert default.title[0].value == "Oversikt 2025-K4"


def test_an_administrator_opens_and_publishes_a_round_on_the_page(monkeypatch, sample_url):
    at = open_page(monkeypatch, sample_url, "innrapportering", env=LOCAL_ADMIN)
    assert "Ingen runde er åpen for innrapportering nå" in texts(at)
    at.text_input(key="open_round_code").set_value("2026-K1")
    at.button[[b.label for b in at.button].index("Åpne runden")].click().run()
    assert not at.exception
    assert "Runden 2026-K1 er åpnet: 70 tiltak forventet fra 12 tiltakseiere." in texts(at)
    publish = next(b for b in at.button if b.label == "Publiser 2026-K1")
    assert publish.disabled  # not before everyone has reported, or the box is ticked
    at.checkbox(key="allow_missing").check().run()
    next(b for b in at.button if b.label == "Publiser 2026-K1").click().run()
    assert "Runden 2026-K1 er publisert; alle ser den nå." in texts(at)
    rounds = run_cli(sample_url, "round", "list", "--json").json()["rounds"]
    assert rounds[-1]["round"] == "2026-K1" and rounds[-1]["state"] == "published"
    make_engine(sample_url).dispose()
