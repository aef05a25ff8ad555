"""Sign-in through a real OpenID Connect provider (oidc-provider-mock on loopback) in a real
browser: a viewer, an editor and an administrator (through a group claim) see and may do what
their role allows; signing out returns to the sign-in page."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

from sample_data import sample_files
from tests.e2e.conftest import (
    ARTIFACTS,
    Server,
    free_port,
    goto,
    nav_links,
    no_exceptions,
    settle,
    shot,
)
from tests.helpers import run_cli
from tests.importers.builders import measure, portfolio_workbook

pytestmark = pytest.mark.e2e

#: The number the next upload gets: the sample's batches come first.
NEXT = len(sample_files()) + 1

VIEWER = "leser@helsedir.no"  # no grant anywhere: the default role, leser
EDITOR = "redaktor@helsedir.no"  # redaktor through the roles file
GROUP_ADMIN = "sjef@helsedir.no"  # administrator through the group claim


class Provider:
    """oidc-provider-mock on a free loopback port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = (ARTIFACTS / f"oidc-{self.port}.log").open("w")
        claims = {"sub": GROUP_ADMIN, "email": GROUP_ADMIN, "groups": ["Porteføljekontoret"]}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "oidc_provider_mock",
                "-p",
                str(self.port),
                "-H",
                "127.0.0.1",
                "--user-claims",
                json.dumps(claims),
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("oidc-provider-mock stoppet")
            try:
                with urllib.request.urlopen(self.metadata_url, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("oidc-provider-mock svarte ikke")

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    ARTIFACTS.mkdir(exist_ok=True)
    mock = Provider()
    yield mock
    mock.stop()


#: The roles file of the OIDC servers: one editor by address, administrators by group.
ROLES_TOML = f'[users]\n"{EDITOR}" = "redaktor"\n[groups]\n"porteføljekontoret" = "administrator"\n'


def oidc_serve(
    url: str,
    provider: Provider,
    folder,  # noqa: ANN001 - a pytest tmp folder
    *,
    name: str,
    roles: str = ROLES_TOML,
    env: dict[str, str] | None = None,
) -> Server:
    """`ehelse serve` in OIDC mode against the mock provider, its secrets and roles file
    written to ``folder``."""
    port = free_port()
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(48)}"\n'
        'client_id = "ehelse"\n'
        'client_secret = "hemmelig-testklient"\n'
        f'server_metadata_url = "{provider.metadata_url}"\n',
        encoding="utf-8",
    )
    roles_file = folder / "roller.toml"
    roles_file.write_text(roles, encoding="utf-8")
    return Server(
        url,
        name=name,
        port=port,
        env={
            "EHELSE_AUTH_MODE": "oidc",
            "EHELSE_SECRETS_FILE": str(secrets_file),
            "EHELSE_ROLES_FILE": str(roles_file),
            **(env or {}),
        },
    )


@pytest.fixture(scope="module")
def oidc_server(provider, db_factory, sample_template, tmp_path_factory) -> Iterator[tuple]:
    url = db_factory.clone(sample_template, "oidc")
    server = oidc_serve(url, provider, tmp_path_factory.mktemp("oidc"), name="oidc")
    yield server, url
    server.stop()


def sign_in(page, server: Server, provider: Provider, email: str) -> None:
    goto(page, server, "/")
    assert page.get_by_role("button", name="Logg inn").is_visible()
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(rf"^{re.escape(provider.url)}/"), timeout=30000)
    page.fill("input[name=sub]", email)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(re.compile(rf"^{re.escape(server.url)}/"), timeout=30000)
    settle(page)
    no_exceptions(page)
    assert page.get_by_text(f"Innlogget som {email}").is_visible()


def sign_out(page, server: Server, provider: Provider) -> None:
    """Streamlit ends the provider's session too (RP-initiated logout): the mock asks first."""
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(re.compile(rf"^{re.escape(provider.url)}/"), timeout=30000)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(re.compile(rf"^{re.escape(server.url)}/"), timeout=30000)
    settle(page)
    no_exceptions(page)
    assert page.get_by_role("button", name="Logg inn").is_visible()
    goto(page, server, "/portefolje")  # the cookie is gone: a bookmark leads to sign-in again
    assert page.get_by_role("button", name="Logg inn").is_visible()
    assert "Mine timeavtaler" not in page.get_by_test_id("stMain").inner_text()


#: The navigation of a reader (leser), section by section.
READER_PAGES = [
    "Oversikt",
    "Portefølje",
    "Veikart",
    "Tiltak",
    "Møtemodus",
    "Møter",
    "Sak",
    "Mål og indikatorer",
    "Indikator",
    "Versjoner",
    "Importhistorikk",
]


def test_signed_out_visitor_sees_only_the_sign_in_page(page, oidc_server):
    server, _url = oidc_server
    for path in ("/", "/last-opp", "/revisjonslogg"):
        goto(page, server, path)
        no_exceptions(page)
        main = page.get_by_test_id("stMain").inner_text()
        assert "krever innlogging" in main and "Mine timeavtaler" not in main
        assert page.get_by_test_id("stMetric").count() == 0
    shot(page, "oidc-logg-inn")


def test_a_viewer_reads_but_cannot_upload_or_undo(page, oidc_server, provider):
    server, _url = oidc_server
    sign_in(page, server, provider, VIEWER)
    assert page.get_by_text("Innlogget som leser@helsedir.no · Leser").is_visible()
    assert nav_links(page) == READER_PAGES
    assert "Tiltak med rød status" in page.get_by_test_id("stMain").inner_text()
    shot(page, "oidc-leser-oversikt")
    goto(page, server, "/last-opp")
    assert page.get_by_text(re.compile("Du har ikke tilgang til denne siden")).is_visible()
    assert page.locator('[data-testid="stFileUploaderDropzoneInput"]').count() == 0
    shot(page, "oidc-leser-last-opp-nektet")
    goto(page, server, "/importhistorikk")
    assert page.get_by_role("button", name="Angre valgt import …").count() == 0
    sign_out(page, server, provider)


def test_an_editor_uploads_and_an_administrator_sees_it_in_the_audit_log(
    page, oidc_server, provider, tmp_path
):
    server, url = oidc_server
    sign_in(page, server, provider, EDITOR)
    assert page.get_by_text("Innlogget som redaktor@helsedir.no · Redaktør").is_visible()
    assert nav_links(page) == [
        *READER_PAGES[:-1],
        "Innrapportering",
        "Last opp",
        "Registrer sak",
        "Importhistorikk",
    ]
    goto(page, server, "/last-opp")
    path = portfolio_workbook(
        tmp_path / "runde_2026-K1.xlsx",
        "2026-K1",
        [measure("T-0001", "Pasientens legemiddelliste", "Gul")],
    )
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.wait_for_timeout(500)
    settle(page)
    page.get_by_role("button", name="Bekreft og last inn").click()
    settle(page)
    assert page.get_by_text(re.compile(f"er lastet inn som import nummer {NEXT}")).is_visible()
    shot(page, "oidc-redaktor-lastet-inn")
    goto(page, server, "/importhistorikk")
    assert page.get_by_role("button", name="Angre valgt import …").count() == 0
    goto(page, server, "/revisjonslogg")
    assert page.get_by_text(re.compile("Du har ikke tilgang")).is_visible()
    sign_out(page, server, provider)

    batches = run_cli(url, "history", "--json").json()["batches"]
    assert [b for b in batches if b["id"] == NEXT][0]["user"] == EDITOR

    # The group claim makes this user an administrator (roles file: [groups]).
    sign_in(page, server, provider, GROUP_ADMIN)
    assert page.get_by_text("Innlogget som sjef@helsedir.no · Administrator").is_visible()
    assert {"Brukere og roller", "Revisjonslogg"} <= set(nav_links(page))
    goto(page, server, "/revisjonslogg")
    no_exceptions(page)
    grid = page.get_by_test_id("stDataFrame").first
    assert grid.is_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Last ned som CSV").click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert f"{EDITOR};Opplasting;Utført;runde_2026-K1.xlsx;{NEXT}" in content
    settle(page)
    shot(page, "oidc-administrator-revisjonslogg")
    goto(page, server, "/brukere")
    assert page.get_by_text(re.compile("Innloggede uten rolle får: leser")).is_visible()
    assert page.get_by_test_id("stDataFrame").count() == 1  # the grants, file and database
    shot(page, "oidc-administrator-brukere")
    sign_out(page, server, provider)
    # The export was logged under the administrator's name.
    from model.audit_log import events as audit_events
    from model.db import make_engine

    engine = make_engine(url)
    try:
        exports = [e for e in audit_events(engine) if e["action"] == "export"]
    finally:
        engine.dispose()
    assert [(e["user"], e["details"]["format"]) for e in exports] == [(GROUP_ADMIN, "csv")]
