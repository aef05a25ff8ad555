"""The council workbook ``Saker`` (formats.md §8): real workbooks through ``ehelse import``, the
validation report, all-or-nothing, history, rollback, and ``ehelse cases --json``."""

from __future__ import annotations

import subprocess
from datetime import date

from openpyxl import load_workbook

from tests.helpers import run_cli, snapshot
from tests.importers.builders import (
    CASE_HEADERS,
    cases_workbook,
    council_case,
    measure,
    portfolio_workbook,
)

MEETINGS = [
    ["NUIT-2025-3", "NUIT", date(2025, 9, 11), "Storo"],
    ["NUIT-2025-4", "nuit", date(2025, 11, 20), "Helsedirektoratet, Storo"],
    ["EHR-2025-1", "E-helserådet", date(2025, 3, 20), None],
]
CASES = [
    council_case(
        "41/25",
        "NUIT-2025-4",
        "Status nasjonal e-helseportefølje",
        proposal="NUIT drøfter status.",
        decision="NUIT drøftet status og ber om en plan.\nNy linje.",
        measures="T-0057, T-0001",
        goals="5",
        round_code="2025-K3",
        follow_up="2025-K4",
    ),
    council_case(
        "26/25", "NUIT-2025-3", "Veikart", "Drøfting", proposal="NUIT gir innspill.", goals="S1; O2"
    ),
    # The same number in another forum is another case.
    council_case("4/25", "EHR-2025-1", "Strategi og gap", "orienteringssak", indicators="S1-01"),
    council_case("9/25", "NUIT-2025-3", "Godkjenning av innkalling", "Godkjenning"),
]


def _round(db_url, tmp_path, round_code="2025-K3"):
    path = portfolio_workbook(
        tmp_path / f"p_{round_code}.xlsx",
        round_code,
        [
            measure("T-0001", "Pasientens legemiddelliste", "Gul"),
            measure("T-0057", "Mine timeavtaler", "Rød", owner="Norsk helsenett SF"),
        ],
    )
    assert run_cli(db_url, "import", str(path)).code == 0


def test_a_good_workbook_loads_and_ehelse_cases_prints_the_contract(db_url, tmp_path):
    _round(db_url, tmp_path)
    path = cases_workbook(tmp_path / "saker.xlsx", MEETINGS, CASES)
    result = run_cli(db_url, "import", str(path), "--json")
    assert result.code == 0, result.stdout
    report = result.json()
    assert (report["status"], report["kind"], report["rows"]) == ("loaded", "cases", 7)
    assert report["round"] is None and report["version"] is None and report["errors"] == []
    # An unknown Indikator-ID is a warning, located.
    assert [
        (w["sheet"], w["row"], w["column"], w["code"], w["value"]) for w in report["warnings"]
    ] == [("Saker", 4, "Indikatorer", "unknown-reference", "S1-01")]

    cases = run_cli(db_url, "cases", "--json").json()["cases"]
    # Sorted by date, then number: EHR 20 March, then NUIT 9/25 before 26/25 on 11 September.
    assert [(c["forum"], c["number"]) for c in cases] == [
        ("Nasjonalt e-helseråd", "4/25"),
        ("NUIT", "9/25"),
        ("NUIT", "26/25"),
        ("NUIT", "41/25"),
    ]
    assert cases[-1] == {
        "number": "41/25",
        "meeting": "NUIT-2025-4",
        "forum": "NUIT",
        "date": "2025-11-20",
        "title": "Status nasjonal e-helseportefølje",
        "type": "Drøfting",
        "proposal": "NUIT drøfter status.",
        "decision": "NUIT drøftet status og ber om en plan.\nNy linje.",
        "measures": ["T-0057", "T-0001"],
        "indicators": [],
        "goals": ["S5"],
        "round": "2025-K3",
        "follow_up_by": "2025-K4",
    }
    assert cases[0]["type"] == "Orientering" and cases[0]["decision"] is None
    assert cases[2]["goals"] == ["O2", "S1"]

    about = run_cli(db_url, "cases", "--measure", "T-0057", "--json").json()["cases"]
    assert [c["number"] for c in about] == ["41/25"]
    assert run_cli(db_url, "cases", "--measure", "T-0130", "--json").json() == {"cases": []}
    text = run_cli(db_url, "cases", "--measure", "T-0057").stdout
    assert "NUIT sak 41/25 · 20. november 2025" in text
    assert "Oppfølging innen 2025-K4 – ikke kommet ennå" in text  # latest round is 2025-K3

    history = run_cli(db_url, "history", "--json").json()["batches"]
    assert history[-1]["kind"] == "cases" and history[-1]["rows"] == 7
    assert run_cli(db_url, "import", str(path), "--json").json()["status"] == "unchanged"


def test_a_follow_up_is_open_once_its_round_has_come_until_the_council_takes_it_up(
    db_url, tmp_path
):
    _round(db_url, tmp_path)
    path = cases_workbook(tmp_path / "saker.xlsx", MEETINGS, CASES)
    assert run_cli(db_url, "import", str(path)).code == 0
    assert run_cli(db_url, "cases", "--open-follow-ups", "--json").json() == {"cases": []}
    _round(db_url, tmp_path, "2025-K4")  # the round 41/25 asked for has come
    due = run_cli(db_url, "cases", "--open-follow-ups", "--json").json()["cases"]
    assert [c["number"] for c in due] == ["41/25"]
    assert "ventes nå" in run_cli(db_url, "cases", "--open-follow-ups").stdout

    # A later NUIT meeting decides a case about the same measure: followed up.
    later = cases_workbook(
        tmp_path / "saker_2026.xlsx",
        [["NUIT-2026-1", "NUIT", date(2026, 2, 12), None]],
        [
            council_case(
                "3/26",
                "NUIT-2026-1",
                "Mine timeavtaler",
                decision="Tatt til orientering.",
                measures="T-0057",
            )
        ],
    )
    assert run_cli(db_url, "import", str(later)).code == 0
    assert run_cli(db_url, "cases", "--open-follow-ups", "--json").json() == {"cases": []}
    text = run_cli(db_url, "cases", "--measure", "T-0057").stdout
    assert "fulgt opp i sak 3/26 (NUIT, 12. februar 2026)" in text


def test_a_bad_workbook_is_refused_with_every_problem_located_and_nothing_written(
    db_url, engine, tmp_path
):
    _round(db_url, tmp_path)
    before = snapshot(engine)
    meetings = [
        ["NUIT-2025-4", "NUIT", date(2025, 11, 20), None],
        ["NUIT-2025-4", "NUIT", date(2025, 11, 21), None],  # row 3: the same Møte-ID again
        ["NUIT-2025-5", "NUIT", "31.11.2025", None],  # row 4: no such day
        ["EHR-2025-1", "Nasjonalt e-helseråd", date(2025, 3, 20), None],
    ]
    cases = [
        council_case("41/25", "NUIT-2025-4", "Status", "Oransje"),  # 2: unknown Sakstype
        council_case("41/25", "NUIT-2025-4", "Status igjen"),  # 3: 41/25 twice in NUIT
        council_case("41/25", "EHR-2025-1", "Samme nummer, annet forum"),  # 4: fine
        council_case("42/25", "NUIT-2099-1", "Ukjent møte"),  # 5: meeting nowhere
        council_case("43/25", "NUIT-2025-4", "Runde", round_code="2025-K9"),  # 6
        council_case("44/25", "NUIT-2025-4", "Oppfølging", follow_up="neste år"),  # 7
        council_case("45/25", "NUIT-2025-4", ""),  # 8: no title
        council_case("4S/25", "NUIT-2025-4", "Feil nummer"),  # 9
        council_case("46/25", "NUIT-2025-4", "Mål", goals="S9", measures="T-9999"),  # 10
        # 11: its meeting's row has an error of its own (row 4), not repeated here
        council_case("47/25", "NUIT-2025-5", "Møtet med feil dato"),
    ]
    path = cases_workbook(tmp_path / "feil.xlsx", meetings, cases)
    result = run_cli(db_url, "import", str(path), "--json")
    assert result.code == 1
    report = result.json()
    assert (
        report["status"] == "rejected" and report["kind"] == "cases" and report["batch_id"] is None
    )
    assert [(e["sheet"], e["row"], e["column"], e["code"]) for e in report["errors"]] == [
        ("Møter", 3, "Møte-ID", "duplicate-id"),
        ("Møter", 4, "Dato", "invalid-date"),
        ("Saker", 2, "Sakstype", "invalid-value"),
        ("Saker", 3, "Saksnummer", "duplicate-id"),
        ("Saker", 5, "Møte-ID", "unknown-reference"),
        ("Saker", 6, "Runde", "invalid-period"),
        ("Saker", 7, "Oppfølging innen", "invalid-period"),
        ("Saker", 8, "Tittel", "missing-value"),
        ("Saker", 9, "Saksnummer", "invalid-value"),
        ("Saker", 10, "Mål", "invalid-value"),
    ]
    messages = {(e["row"], e["column"]): e["message"] for e in report["errors"]}
    assert messages[(2, "Sakstype")] == (
        "«Oransje» er ikke en gyldig sakstype. Gyldige verdier: Orientering, Drøfting, "
        "Beslutning, Godkjenning."
    )
    assert "Sak 41/25 i NUIT er brukt før i arket (rad 2)" in messages[(3, "Saksnummer")]
    assert "«NUIT-2099-1» finnes verken i arket «Møter» eller databasen" in messages[(5, "Møte-ID")]
    assert [(w["row"], w["column"], w["value"]) for w in report["warnings"]] == [
        (10, "Tiltak", "T-9999")
    ]
    assert snapshot(engine) == before
    text = run_cli(db_url, "import", str(path)).stdout
    assert "Feil (10) – ingenting er lagret:" in text and "Saker  9    Saksnummer" in text


def test_missing_columns_and_sheets_are_named(db_url, engine, tmp_path):
    before = snapshot(engine)
    headers = [h for h in CASE_HEADERS if h not in ("Tittel", "Sakstype")] + ["Notater"]
    path = cases_workbook(
        tmp_path / "kolonner.xlsx",
        None,
        [["1/25", "NUIT-2025-1", "", "", "", "", "", "", "", "", "notat"]],
        case_headers=headers,
    )
    report = run_cli(db_url, "import", str(path), "--json").json()
    assert [(e["sheet"], e["column"], e["code"]) for e in report["errors"]] == [
        ("Saker", "Tittel", "missing-column"),
        ("Saker", "Sakstype", "missing-column"),
        ("Saker", "Møte-ID", "unknown-reference"),
    ]
    assert "databasen (og filen har ikke noe ark «Møter»)" in report["errors"][-1]["message"]
    assert [(w["column"], w["code"]) for w in report["warnings"]] == [("Notater", "unknown-column")]
    assert snapshot(engine) == before


def test_a_saksnummer_that_became_a_date_is_explained(db_url, tmp_path):
    path = cases_workbook(
        tmp_path / "dato.xlsx",
        [["NUIT-2025-2", "NUIT", date(2025, 5, 15), None]],
        [council_case("x", "NUIT-2025-2", "Sak")],
    )
    wb = load_workbook(path)
    wb["Saker"]["A2"] = date(2025, 4, 25)  # what a spreadsheet makes of 4/25
    wb.save(path)
    error = run_cli(db_url, "import", str(path), "--json").json()["errors"][0]
    assert error["column"] == "Saksnummer" and error["code"] == "invalid-value"
    assert "regnearket har trolig gjort saksnummeret om til en dato" in error["message"]


def test_a_corrected_workbook_supersedes_the_cases_and_rollback_restores_them(
    db_url, engine, tmp_path
):
    first = cases_workbook(tmp_path / "saker.xlsx", MEETINGS, CASES)
    assert run_cli(db_url, "import", str(first)).code == 0
    before = snapshot(engine)
    corrected = [list(row) for row in CASES]
    corrected[0][5] = "NUIT drøftet status. Vedtaket er rettet."
    second = cases_workbook(
        tmp_path / "saker_rettet.xlsx",
        [*MEETINGS[:1], ["NUIT-2025-4", "NUIT", date(2025, 11, 20), "Digitalt"]],
        corrected,
    )
    loaded = run_cli(db_url, "import", str(second), "--json").json()
    assert loaded["status"] == "loaded"
    case = run_cli(db_url, "cases", "--measure", "T-0057", "--json").json()["cases"][0]
    assert case["decision"] == "NUIT drøftet status. Vedtaket er rettet."
    # Only the changed rows are new: the first batch still holds the rest.
    history = run_cli(db_url, "history", "--json").json()["batches"]
    assert [b["status"] for b in history] == ["loaded", "loaded"]

    refused = run_cli(db_url, "rollback", "1")
    assert refused.code == 1 and "Angre de senere importene først" in refused.stderr
    assert run_cli(db_url, "rollback", str(loaded["batch_id"])).code == 0
    data = ("audit_event", "import_batch")
    assert snapshot(engine, skip=data) == {k: v for k, v in before.items() if k not in data}
    statuses = [b["status"] for b in run_cli(db_url, "history", "--json").json()["batches"]]
    assert statuses == ["loaded", "rolled-back"]


def test_a_meeting_other_batches_rely_on_cannot_be_rolled_back_alone(db_url, engine, tmp_path):
    meetings = cases_workbook(tmp_path / "moter.xlsx", MEETINGS, None)
    assert run_cli(db_url, "import", str(meetings)).code == 0
    cases = cases_workbook(tmp_path / "saker.xlsx", None, CASES[:2])
    assert run_cli(db_url, "import", str(cases)).code == 0
    refused = run_cli(db_url, "rollback", "1")
    assert refused.code == 1 and "2 (saker.xlsx" in refused.stderr
    assert len(run_cli(db_url, "cases", "--json").json()["cases"]) == 2
    assert run_cli(db_url, "rollback", "2").code == 0
    assert run_cli(db_url, "rollback", "1").code == 0
    from sqlalchemy import func, select

    from model.tables import Forum

    with engine.connect() as conn:  # the forums went with the last meeting that named them
        assert conn.execute(select(func.count()).select_from(Forum.__table__)).scalar_one() == 0


def test_a_meeting_with_cases_cannot_change_forum(db_url, tmp_path):
    assert (
        run_cli(db_url, "import", str(cases_workbook(tmp_path / "a.xlsx", MEETINGS, CASES))).code
        == 0
    )
    moved = cases_workbook(
        tmp_path / "b.xlsx", [["NUIT-2025-4", "NUFA", date(2025, 11, 20), None]], None
    )
    error = run_cli(db_url, "import", str(moved), "--json").json()["errors"][0]
    assert (error["sheet"], error["row"], error["column"]) == ("Møter", 2, "Forum")
    assert "kan ikke bytte forum" in error["message"]


def test_libreoffice_ods_and_csv_are_recognised(db_url, tmp_path):
    """A Saker workbook saved by LibreOffice as .ods, and the Saker sheet alone as CSV."""
    path = cases_workbook(tmp_path / "saker.xlsx", MEETINGS, CASES)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "ods", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    report = run_cli(db_url, "import", str(tmp_path / "saker.ods"), "--json").json()
    assert (report["status"], report["kind"], report["rows"]) == ("loaded", "cases", 7)
    csv = tmp_path / "saker.csv"
    csv.write_text(
        "Saksnummer;Møte-ID;Tittel;Sakstype;Vedtak\n"
        "41/25;NUIT-2025-4;Status nasjonal e-helseportefølje;Drøfting;Nytt vedtak\n",
        encoding="utf-8-sig",
    )
    report = run_cli(db_url, "import", str(csv), "--json").json()
    assert (report["status"], report["kind"], report["rows"]) == ("loaded", "cases", 1)
    case = [c for c in run_cli(db_url, "cases", "--json").json()["cases"] if c["number"] == "41/25"]
    assert case[0]["decision"] == "Nytt vedtak" and case[0]["measures"] == []


def test_the_cases_template_has_a_guide_dropdowns_and_loads_empty(db_url, tmp_path):
    out = tmp_path / "mal_saker.xlsx"
    assert run_cli(db_url, "template", "cases", "-o", str(out)).code == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["Veiledning", "Møter", "Saker"]
    lists = [dv.formula1 for dv in wb["Saker"].data_validations.dataValidation]
    assert '"Orientering,Drøfting,Beslutning,Godkjenning"' in lists
    assert '"NUIT,Nasjonalt e-helseråd,NUFA"' in [
        dv.formula1 for dv in wb["Møter"].data_validations.dataValidation
    ]
    assert wb["Saker"].column_dimensions["A"].number_format == "@"  # 4/25 stays text
    assert [c.value for c in wb["Saker"][1]] == CASE_HEADERS
    result = run_cli(db_url, "import", str(out), "--json")
    assert result.code == 0 and result.json()["rows"] == 0 and result.json()["kind"] == "cases"


def test_the_upload_preview_names_new_and_changed_cases_and_new_decisions(db_url, engine, tmp_path):
    from importers.preview import preview_cases
    from importers.service import import_file
    from model.access import cli_actor

    assert (
        run_cli(db_url, "import", str(cases_workbook(tmp_path / "a.xlsx", MEETINGS, CASES))).code
        == 0
    )
    changed = [list(row) for row in CASES]
    changed[1][5] = "NUIT stiller seg bak veikartet."  # 26/25 gets its decision
    changed.append(council_case("30/25", "NUIT-2025-3", "Nye mandater"))
    path = cases_workbook(
        tmp_path / "b.xlsx", [*MEETINGS, ["NUIT-2025-5", "NUIT", date(2025, 12, 4), None]], changed
    )
    checked = import_file(engine, path, actor=cli_actor(), dry_run=True)
    assert checked.report.status == "dry-run"
    preview = preview_cases(engine, checked.data)
    assert preview["new_meetings"] == ["NUIT-2025-5"] and preview["changed_meetings"] == []
    assert [c["number"] for c in preview["new_cases"]] == ["30/25"]
    assert [c["number"] for c in preview["changed_cases"]] == ["26/25"]
    assert [c["number"] for c in preview["decisions"]] == ["26/25"]
