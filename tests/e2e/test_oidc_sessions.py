"""Sign-out really ends a sign-in (issue 21, item 4), in a real browser against
oidc-provider-mock: a `_streamlit_user` cookie copied before sign-out opens nothing afterwards,
a role change ends the user's sign-in, and the meeting pack's download address needs a
signed-in user with a role (item 7)."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import ARTIFACTS, Server, goto, settle, shot
from tests.e2e.test_oidc_browser import EDITOR, Provider, oidc_serve, sign_in, sign_out
from tests.helpers import run_cli

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    ARTIFACTS.mkdir(exist_ok=True)
    mock = Provider()
    yield mock
    mock.stop()


@pytest.fixture(scope="module")
def oidc(provider, db_factory, sample_template, tmp_path_factory) -> Iterator[tuple]:
    url = db_factory.clone(sample_template, "okter")
    server = oidc_serve(
        url,
        provider,
        tmp_path_factory.mktemp("oidc-okter"),
        name="oidc-okter",
        roles=f'[users]\n"{EDITOR}" = "redaktor"\n',
        env={"EHELSE_OIDC_DEFAULT_ROLE": "ingen"},
    )
    yield server, url
    server.stop()


def _signed_in_as(page, server: Server, email: str) -> bool:
    goto(page, server, "/")
    return page.get_by_text(f"Innlogget som {email}").count() > 0


def test_a_cookie_copied_before_sign_out_opens_nothing(browser, oidc, provider):
    server, _url = oidc
    own = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nb-NO")
    page = own.new_page()
    sign_in(page, server, provider, EDITOR)
    stolen = [c for c in own.cookies() if c["name"].startswith("_streamlit_user")]
    assert stolen, own.cookies()

    # While the owner is signed in, a copy works like the original (it is the same sign-in).
    other = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nb-NO")
    other.add_cookies(stolen)
    thief = other.new_page()
    assert _signed_in_as(thief, server, EDITOR)

    sign_out(page, server, provider)
    # The copy no longer opens anything: the sign-in page, with the reason.
    goto(thief, server, "/last-opp")
    main = thief.get_by_test_id("stMain").inner_text()
    assert thief.get_by_role("button", name="Logg inn").is_visible()
    assert "Du er logget ut" in main and "Innlogget som" not in thief.content()
    assert thief.locator('[data-testid="stFileUploaderDropzoneInput"]').count() == 0
    shot(thief, "oidc-kopiert-informasjonskapsel-etter-utlogging")
    other.close()
    own.close()


def test_a_role_change_ends_the_sign_in(browser, oidc, provider):
    server, url = oidc
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nb-NO")
    page = context.new_page()
    sign_in(page, server, provider, EDITOR)
    assert run_cli(url, "role", "grant", EDITOR, "administrator").code == 0
    goto(page, server, "/")
    assert page.get_by_role("button", name="Logg inn").is_visible()
    assert "Du er logget ut" in page.get_by_test_id("stMain").inner_text()
    context.close()


def test_the_meeting_pack_download_needs_a_signed_in_user(browser, oidc, provider):
    server, _url = oidc
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nb-NO")
    page = context.new_page()
    sign_in(page, server, provider, EDITOR)
    goto(page, server, "/?runde=2025-K3")
    settle(page)
    with page.expect_download(timeout=120000) as download:
        page.get_by_role("button", name=re.compile(r"Excel \(\.xlsx\)")).click()
    address = download.value.url
    assert "/media/" in address
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())

    def fetch(headers: dict[str, str]) -> int:
        request = urllib.request.Request(address, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as refused:
            return refused.code

    assert fetch({}) == 403  # the address alone is not enough
    assert fetch({"Cookie": cookie}) == 200
    sign_out(page, server, provider)
    assert fetch({"Cookie": cookie}) == 403  # nor is the cookie after sign-out
    context.close()
