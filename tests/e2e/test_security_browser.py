"""Hostile text in a real browser: measure names, owners and comments with script tags, image
tags with onerror, javascript: links, Markdown, Streamlit colour directives and LaTeX show as the
characters typed; nothing runs. Uploads leave no temporary files and keep only the base name of
a file name sent by the browser."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.e2e.conftest import Server, goto, no_exceptions, settle, shot
from tests.helpers import run_cli

pytestmark = pytest.mark.e2e

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[klikk her](javascript:alert(1))",
    "**fet**",
    ":red[rød]",
    "$x$",
    '<a href="//evil.example">x</a>',  # Plotly reads a few HTML tags in chart labels
]
FORMULA = '=HYPERLINK("javascript:alert(1)";"klikk")'
HEADERS = [
    "Tiltak-ID",
    "Tiltak",
    "Tiltakseier",
    "Fase",
    "Tilstand",
    "Samlet status",
    "Statuskommentar",
]


def hostile_workbook(
    path: Path, round_code: str, status: str, *, bad_status: str | None = None
) -> Path:
    """A portfolio round whose names, owners and comments are the payloads (openpyxl; text
    starting with "=" is stored as text, not as a formula)."""
    wb = Workbook()
    info = wb.active
    info.title = "Om rapporten"
    info.append(["Rapporteringsrunde", round_code])
    info.append(["Rapporteringsfrist", date(2025, 5, 12)])
    sheet = wb.create_sheet("Tiltak")
    sheet.append(HEADERS)
    for i, payload in enumerate(PAYLOADS, start=1):
        sheet.append(
            [
                f"T-{i:04d}",
                payload,
                f"Eier {payload}",
                "Gjennomføring",
                "Aktiv",
                bad_status if (bad_status and i == 2) else status,
                f"Kommentar {payload}\nAndre linje {payload}",
            ]
        )
    sheet.append(["T-0099", FORMULA, FORMULA, "Gjennomføring", "Aktiv", status, FORMULA])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
                cell.quotePrefix = True
    wb.save(path)
    return path


class Watch:
    """Everything that would betray executed or interpreted user text on the current page."""

    def __init__(self, page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def check(self, where: str) -> None:
        page = self.page
        no_exceptions(page)
        found = page.evaluate(
            r"""() => ({
                img: document.querySelectorAll('img[src="x"], img[onerror]').length,
                script: [...document.querySelectorAll('script')]
                          .filter(s => (s.textContent || '').includes('alert(1)')).length,
                js_links: [...document.querySelectorAll('a[href], a')]
                          .filter(a => /^\s*javascript|evil\.example/i.test(
                                a.getAttribute('href') || a.getAttribute('xlink:href') || '')).length,
                bold_fet: [...document.querySelectorAll('strong, b')]
                          .filter(b => b.textContent.trim() === 'fet').length,
                katex: document.querySelectorAll('.katex, .katex-display, math').length,
                red_directive: [...document.querySelectorAll('[data-testid="stMain"] span')]
                          .filter(s => s.textContent === 'rød' && s.style.color).length,
            })"""
        )
        assert found == {
            "img": 0,
            "script": 0,
            "js_links": 0,
            "bold_fet": 0,
            "katex": 0,
            "red_directive": 0,
        }, (where, found)
        assert self.dialogs == [], (where, self.dialogs)


def main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text()


@pytest.fixture
def hostile_server(db_factory, migrated_template, tmp_path):
    url = db_factory.clone(migrated_template, "xss")
    assert (
        run_cli(url, "import", str(hostile_workbook(tmp_path / "k1.xlsx", "2025-K1", "Gul"))).code
        == 0
    )
    assert (
        run_cli(url, "import", str(hostile_workbook(tmp_path / "k2.xlsx", "2025-K2", "Rød"))).code
        == 0
    )
    temp = tmp_path / "servertmp"
    temp.mkdir()
    srv = Server(
        url,
        name="xss",
        env={
            "EHELSE_AUTH_MODE": "local",
            "EHELSE_LOCAL_ROLE": "administrator",
            "TMPDIR": str(temp),
        },
    )
    yield srv, url, temp
    srv.stop()


def test_hostile_text_is_shown_literally_on_every_page(page, hostile_server, tmp_path):
    server, url, temp = hostile_server
    watch = Watch(page)

    goto(page, server, "/?runde=2025-K2")
    text = main_text(page)
    for payload in PAYLOADS:
        assert payload in text, payload  # the red measures by name, owner and comment
        assert f"Kommentar {payload}" in text
    assert FORMULA in text
    watch.check("oversikt")
    shot(page, "xss-oversikt")

    goto(page, server, "/portefolje?runde=2025-K2")
    ticks = " ".join(page.locator('[data-testid="stPlotlyChart"] .ytick text').all_text_contents())
    for payload in PAYLOADS:
        assert payload[:30] in ticks, payload  # heatmap row labels, as typed
    watch.check("portefolje")
    shot(page, "xss-portefolje")

    for i, payload in enumerate(PAYLOADS, start=1):
        goto(page, server, f"/tiltak?id=T-{i:04d}")
        heading = page.get_by_role("heading", level=1).first.inner_text()
        assert heading.strip() == payload
        text = main_text(page)
        assert f"Eier {payload}" in text and f"Andre linje {payload}" in text
        watch.check(f"tiltak T-{i:04d}")
        if i in (2, 3):
            shot(page, f"xss-tiltak-{i}")

    # A filter from a crafted link is shown as text too.
    goto(page, server, "/portefolje?runde=2025-K2&sok=%5Bklikk%5D(javascript:alert(1))")
    assert "Søk: «[klikk](javascript:alert(1))»" in main_text(page)
    watch.check("portefolje med lenkefilter")

    # Last opp: a refused file (bad status value) with a hostile client file name …
    goto(page, server, "/last-opp")
    bad = hostile_workbook(tmp_path / "bad.xlsx", "2025-K3", "Grønn", bad_status=PAYLOADS[1])
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {
            "name": "<img src=x onerror=alert(1)>.xlsx",
            "mimeType": "application/octet-stream",
            "buffer": bad.read_bytes(),
        }
    )
    page.wait_for_timeout(500)
    settle(page)
    text = main_text(page)
    assert "«<img src=x onerror=alert(1)>.xlsx» kan ikke lastes inn: 1 feil" in text
    assert PAYLOADS[1] in page.get_by_test_id("stTable").first.inner_text()
    watch.check("last opp, avvist")
    shot(page, "xss-last-opp-avvist")

    # … and an accepted one whose name tries to climb out of the upload folder.
    good = hostile_workbook(tmp_path / "good.xlsx", "2025-K3", "Grønn")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {
            "name": "../../etc/x.xlsx",
            "mimeType": "application/octet-stream",
            "buffer": good.read_bytes(),
        }
    )
    page.wait_for_timeout(500)
    settle(page)
    assert page.get_by_text("Dette blir endret").is_visible()
    page.get_by_role("button", name="Bekreft og last inn").click()
    settle(page)
    assert page.get_by_text(re.compile("«x.xlsx» er lastet inn som import nummer 3")).is_visible()
    watch.check("last opp, lastet inn")
    shot(page, "xss-last-opp-lastet")
    batches = run_cli(url, "history", "--json").json()["batches"]
    assert [b["file"] for b in batches][-1] == "x.xlsx"

    # A zip bomb and a PDF dressed up as a workbook are refused by content, in Norwegian.
    corpus = Path(__file__).resolve().parents[1] / "data" / "corpus"
    for name, expected in (
        ("zipbombe.xlsx", "når den pakkes ut, mer enn grensen"),
        ("pdf_som_xlsx.xlsx", "Filen er en PDF, ikke et regneark"),
    ):
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            str(corpus / name)
        )
        page.wait_for_timeout(500)
        settle(page)
        assert expected in main_text(page), name
        watch.check(f"last opp {name}")
    shot(page, "last-opp-pdf-avvist")

    # Every check and load ran in a private temporary folder that is gone again.
    assert sorted(p.name for p in temp.iterdir()) == []
