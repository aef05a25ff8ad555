"""Every file of the corpus (written by openpyxl, xlsxwriter and LibreOffice): the exit code, the
JSON report with sheet/row/column/code for each problem, Norwegian messages, and, for every
refused file, a database exactly as it was before."""

from __future__ import annotations

import pytest

from tests.data.corpus import CASES, CorpusCase, expected, issue_tuples
from tests.helpers import run_cli, snapshot


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_file(case: CorpusCase, db_url, engine):
    if case.preload:
        pre = run_cli(db_url, "import", str(case.path.with_name(case.preload)), "--json")
        assert pre.code == 0, pre.stdout
    before = snapshot(engine)
    result = run_cli(db_url, "import", str(case.path), "--json", *case.extra_args)
    assert result.code == case.exit_code, f"{case.description_nb}\n{result.stdout}{result.stderr}"
    report = result.json()  # exactly one JSON object on stdout, for every outcome
    assert report["kind"] == case.kind
    assert issue_tuples(report["errors"]) == expected(case.errors), case.description_nb
    assert issue_tuples(report["warnings"]) == expected(case.warnings), case.description_nb
    for issue in report["errors"] + report["warnings"]:
        assert issue["message"] and "Traceback" not in issue["message"]
    if case.exit_code == 0:
        assert report["status"] == "loaded" and report["batch_id"] is not None
    else:
        assert report["status"] == "rejected" and report["batch_id"] is None
        assert snapshot(engine) == before, (
            "a refused file must leave the database exactly as it was"
        )
    assert "Traceback" not in result.stderr


def test_text_output_of_a_refused_file_is_a_norwegian_table(db_url):
    case = next(c for c in CASES if c.name == "portefolje_mange_feil.xlsx")
    result = run_cli(db_url, "import", str(case.path))
    assert result.code == 1
    assert "Feil (" in result.stdout and "ingenting er lagret" in result.stdout
    assert "Ark" in result.stdout and "Rad" in result.stdout and "Kolonne" in result.stdout


def test_the_real_console_script_reports_an_unreadable_file_as_json(db_url):
    from tests.helpers import run_cli_process

    case = next(c for c in CASES if c.name == "zipbombe.xlsx")
    result = run_cli_process(db_url, "import", str(case.path), "--json")
    assert result.code == 2
    assert result.json()["errors"][0]["code"] == "too-large"
    assert result.json()["kind"] is None
