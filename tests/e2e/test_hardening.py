"""The red team's attacks on a real `ehelse serve` on loopback (issue 21): DNS rebinding into
local mode, filling memory through Streamlit's upload endpoint, the public metrics, a hostile
workbook on Last opp, Streamlit's English upload message and its formula-writing table
download. Raw HTTP and websocket clients where an attacker would use them, Chromium where a
person would."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus

from tests.e2e import raw
from tests.e2e.conftest import Server, goto, no_exceptions, settle, shot
from tests.helpers import run_cli

pytestmark = pytest.mark.e2e

MB = 1024 * 1024
REBIND = "rebind.attacker.test"


@pytest.fixture(scope="module")
def local_server(db_factory, sample_template) -> Iterator[Server]:
    """What `make run` starts: local mode, administrator."""
    url = db_factory.clone(sample_template, "lokal")
    srv = Server(
        url,
        name="lokal",
        env={"EHELSE_AUTH_MODE": "local", "EHELSE_LOCAL_ROLE": "administrator"},
    )
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def reader_server(db_factory, sample_template) -> Iterator[Server]:
    """A server without sign-in (every visitor a reader), behind a proxy that sends its name."""
    url = db_factory.clone(sample_template, "leser")
    srv = Server(url, name="leser", env={"EHELSE_ALLOWED_HOSTS": "ehelse.example.test"})
    yield srv
    srv.stop()


def test_local_mode_answers_only_to_localhost_names(local_server):
    port = local_server.port
    foreign = f"{REBIND}:{port}"
    page = raw.request(port, "GET", "/", headers={"Host": foreign})
    assert page.status == 403
    assert "Lokal modus svarer bare på localhost og 127.0.0.1" in page.text
    # The websocket a rebound page would open: refused before Streamlit accepts it.
    rebound = raw.session(port, host=foreign, origin=f"http://{foreign}")
    with pytest.raises(InvalidStatus) as refused, rebound:
        pass
    assert refused.value.response.status_code == 403
    # A local page on another origin cannot use it either.
    with pytest.raises(InvalidStatus), raw.session(port, origin=f"http://{REBIND}"):
        pass
    # The dashboard's own names work.
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"):
        assert raw.request(port, "GET", "/_stcore/health", headers={"Host": host}).status == 200
    with raw.session(port, host=f"localhost:{port}", origin=f"http://localhost:{port}") as sid:
        assert sid


def test_no_visitor_without_the_right_to_import_can_store_uploads(reader_server):
    """10 × 20 MB to the upload endpoint from an anonymous reader: every one refused, and the
    server's memory does not grow (before: +200 MB, held for 2 minutes)."""
    port, pid = reader_server.port, reader_server.proc.pid
    chunk = b"x" * (20 * MB)
    with raw.session(port) as session_id:
        before, _peak = raw.memory_mb(pid)
        answers = [raw.put_file(port, session_id, chunk) for _ in range(10)]
        after, _peak = raw.memory_mb(pid)
    assert {a.status for a in answers} == {403}
    assert "Du har ikke tilgang til å laste opp filer" in answers[0].text
    print(f"RSS leser: {before:.0f} MB før, {after:.0f} MB etter 10 × 20 MB")
    assert after - before < 40, (before, after)


def test_an_editor_session_holds_a_bounded_amount_of_uploads(local_server):
    port, pid = local_server.port, local_server.proc.pid
    chunk = b"x" * (20 * MB)
    with raw.session(port) as session_id:
        before, _peak = raw.memory_mb(pid)
        answers = [raw.put_file(port, session_id, chunk) for _ in range(10)]
        after, _peak = raw.memory_mb(pid)
    assert [a.status for a in answers[:2]] == [204, 204]
    assert {a.status for a in answers[2:]} == {413}
    assert "så mye som den får ha samtidig" in answers[2].text
    print(f"RSS redaktør: {before:.0f} MB før, {after:.0f} MB etter 10 × 20 MB")
    assert after - before < 120, (before, after)


def test_metrics_answer_only_the_machine_itself(reader_server):
    port = reader_server.port
    outside = raw.request(port, "GET", "/_stcore/metrics", headers={"Host": "ehelse.example.test"})
    assert outside.status == 404 and "active_sessions" not in outside.text
    assert raw.request(port, "GET", "/", headers={"Host": "ehelse.example.test"}).status == 200
    assert raw.request(port, "GET", "/", headers={"Host": f"{REBIND}"}).status == 403
    inside = raw.request(port, "GET", "/_stcore/metrics", headers={"Host": f"127.0.0.1:{port}"})
    assert inside.status == 200 and "active_sessions" in inside.text


def _far_cell_workbook(tmp_path: Path, cell: str) -> Path:
    from tests.importers.test_hostile_files import far_cell_workbook

    return far_cell_workbook(tmp_path / f"langt_{cell}.xlsx", cell)


def test_a_hostile_workbook_on_last_opp_is_refused_and_the_server_lives_on(
    page, local_server, tmp_path
):
    goto(page, local_server, "/last-opp")
    _now, peak_before = raw.memory_mb(local_server.proc.pid)
    for cell in ("XFD1048576", "Z1048576"):
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            str(_far_cell_workbook(tmp_path, cell))
        )
        page.wait_for_timeout(500)
        settle(page)
        text = page.get_by_test_id("stMain").inner_text()
        assert f"går helt til celle {cell}" in text, text[-2000:]
        assert "Ingenting er lagret" in text
        no_exceptions(page)
    shot(page, "last-opp-for-stort-ark")
    assert raw.request(local_server.port, "GET", "/_stcore/health").status == 200
    _now, peak = raw.memory_mb(local_server.proc.pid)
    print(f"Toppforbruk for serveren: {peak_before:.0f} MB før, {peak:.0f} MB etter")
    assert peak - peak_before < 150


def test_an_oversized_upload_is_refused_in_norwegian(page, local_server):
    goto(page, local_server, "/last-opp")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {"name": "stor.xlsx", "mimeType": "application/octet-stream", "buffer": b"x" * (27 * MB)}
    )
    page.get_by_text(re.compile("Filen er for stor")).first.wait_for(timeout=30000)
    text = page.get_by_test_id("stMain").inner_text()
    assert "Filen er for stor. Største filstørrelse er 25 MB." in text
    assert "must be" not in text and "or smaller" not in text
    shot(page, "last-opp-for-stor-fil", full=False)


@pytest.fixture(scope="module")
def formula_server(db_factory, migrated_template, tmp_path_factory) -> Iterator[Server]:
    from tests.e2e.test_security_browser import hostile_workbook

    url = db_factory.clone(migrated_template, "formler")
    folder = tmp_path_factory.mktemp("formler")
    for round_code, status in (("2025-K1", "Gul"), ("2025-K2", "Rød")):
        path = hostile_workbook(folder / f"{round_code}.xlsx", round_code, status)
        assert run_cli(url, "import", str(path)).code == 0
    srv = Server(url, name="formler")
    yield srv
    srv.stop()


def test_the_portfolio_table_downloads_formulas_as_text(page, formula_server):
    from tests.e2e.test_security_browser import FORMULA

    goto(page, formula_server, "/portefolje?runde=2025-K2")
    table = page.get_by_test_id("stDataFrame").first
    table.hover()
    page.wait_for_timeout(500)
    # Streamlit's own download wrote the names as they are; it is switched off.
    assert page.get_by_role("button", name="Download as CSV").count() == 0
    with page.expect_download() as download:
        page.get_by_role("button", name="Last ned tabellen (CSV)").click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert f"'{FORMULA}" in content.replace('""', '"')
    assert not re.search(r'(^|;)"?=HYPERLINK', content, re.MULTILINE)
