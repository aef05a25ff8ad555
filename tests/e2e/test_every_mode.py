"""Every page in every access mode, as each kind of visitor meets it: Norwegian only, and
accessible (WCAG 2.1 AA).

Modes: none (the default of `ehelse serve`), local (as `make run`: administrator), oidc signed
out and signed in as each role (leser, redaktør, administrator; oidc-provider-mock on loopback),
and public (EHELSE_PUBLIC_MODE). Per mode one server, one browser page, and one loop over every
page (tests/e2e/sweep.py): the text and screen-reader attributes are scanned for Streamlit's
English (dashboard/framework_nb.py translates it) and axe-core runs.

axe: zero serious or critical violations. A rule Streamlit's own markup breaks could be exempt
(``FRAMEWORK_RULES`` in sweep.py, documented in docs/tilgang.md), but only if a bare Streamlit
page breaks it too (tests/e2e/test_accessibility.py); with Streamlit 1.67 none is. Where axe
cannot decide a contrast (a background overlapped, as in Streamlit's sidebar), it is computed
(axe.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.conftest import USE_PG
from tests.e2e.conftest import ARTIFACTS, Server
from tests.e2e.sweep import FRAMEWORK_RULES, Sweep, page_paths, sweep
from tests.e2e.test_oidc_browser import (
    EDITOR,
    GROUP_ADMIN,
    VIEWER,
    Provider,
    oidc_serve,
    sign_in,
)

pytestmark = pytest.mark.e2e

OIDC_USERS = {"oidc-leser": VIEWER, "oidc-redaktor": EDITOR, "oidc-administrator": GROUP_ADMIN}
ALL_MODES = ["none", "local", *OIDC_USERS, "public"]
#: The UI does not depend on the database, and each mode costs about a minute on 2 cores: on
#: the PostgreSQL run, the mode that shows every page and every control (local administrator)
#: checks what PostgreSQL's data looks like; the SQLite run covers every mode.
MODES = ["local"] if USE_PG else ALL_MODES
ENV = {
    "none": {},
    "local": {"EHELSE_AUTH_MODE": "local", "EHELSE_LOCAL_ROLE": "administrator"},
    "public": {"EHELSE_PUBLIC_MODE": "true"},
}
TIMES = ARTIFACTS / "every-mode-seconds.json"


@pytest.fixture(scope="module")
def modes_db(db_factory, sample_template) -> str:
    """One copy of the sample for every mode's server (the sweeps only read), with 2026-K1 open
    for reporting so Innrapportering shows its tracker (editors and administrators only)."""
    from tests.helpers import run_cli

    url = db_factory.clone(sample_template, "modes")
    opened = run_cli(url, "round", "open", "2026-K1", "--deadline", "2026-03-13")
    assert opened.code == 0, opened.stderr
    return url


@pytest.fixture(scope="module")
def oidc_env(modes_db, tmp_path_factory) -> Iterator[Server]:
    """oidc-provider-mock and one dashboard in oidc mode (as tests/e2e/test_oidc_browser.py)."""
    ARTIFACTS.mkdir(exist_ok=True)
    provider = Provider()
    server = oidc_serve(
        modes_db, provider, tmp_path_factory.mktemp("oidc-modes"), name="oidc-modes"
    )
    server.provider = provider  # type: ignore[attr-defined]
    yield server
    server.stop()
    provider.stop()


def _record(result: Sweep) -> None:
    times = json.loads(TIMES.read_text()) if TIMES.exists() else {}
    times[result.mode] = {
        "sekunder": round(result.seconds, 1),
        "sider": {v.path: round(v.seconds, 1) for v in result.visits},
    }
    TIMES.write_text(json.dumps(times, ensure_ascii=False, indent=1))
    print(f"\n{result.mode}: {len(result.visits)} sider på {result.seconds:.0f} s")


@pytest.fixture(scope="module", params=MODES)
def swept(request, browser, modes_db) -> Iterator[Sweep]:
    """Every page of one mode, visited once (the tests below judge what was seen)."""
    mode = request.param
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(60000)
    server = None
    try:
        if mode in OIDC_USERS:
            oidc = request.getfixturevalue("oidc_env")
            signed_out = None
            if mode == "oidc-leser":  # the sign-in page, at the root and at a page's address
                signed_out = sweep(page, oidc, "oidc-utlogget", ["/", "/portefolje"])
            sign_in(page, oidc, oidc.provider, OIDC_USERS[mode])
            result = sweep(page, oidc, mode, page_paths(root=False))
            if signed_out is not None:
                result.visits = signed_out.visits + result.visits
                result.seconds += signed_out.seconds
        else:
            server = Server(modes_db, name=f"modes-{mode}", env=ENV[mode])
            result = sweep(page, server, mode, page_paths(root=mode == "none"))
        _record(result)
        yield result
    finally:
        context.close()
        if server is not None:
            server.stop()


def test_every_page_speaks_norwegian_only(swept):
    """No «Select all», «Upload», «Page not found», «None» … in the text or in what a screen
    reader reads, on any page, with its dropdowns, filters and table menus opened."""
    crashed = [f"{v.path}: {v.exception[:300]}" for v in swept.visits if v.exception]
    assert not crashed, "\n".join(crashed)
    assert not swept.english_report(), "Engelsk i grensesnittet:\n" + swept.english_report()


def test_every_page_has_no_serious_accessibility_violations(swept):
    report = swept.violations_report(FRAMEWORK_RULES)
    assert not report, f"alvorlige brudd på WCAG 2.1 AA:\n{report}"
