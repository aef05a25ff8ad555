"""What each access mode lets a visitor see and do, through the real app (AppTest, no browser):
the navigation, a forbidden page opened by its address, the local-mode banner, sign-in, and
the public indicator dashboard."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.apptest import LOCAL_ADMIN, open_app, open_page, texts

NONE: dict[str, str] = {}
LOCAL_EDITOR = {"EHELSE_AUTH_MODE": "local"}  # the default local role is redaktor
OIDC = {"EHELSE_AUTH_MODE": "oidc"}
PUBLIC = {"EHELSE_PUBLIC_MODE": "true"}
#: What a reader (leser) sees: every page that only reads.
READ_PAGES = {
    "oversikt",
    "portefolje",
    "veikart",
    "tiltak",
    "motemodus",
    "moter",
    "sak",
    "indikatorer",
    "indikator",
    "versjoner",
    "importhistorikk",
}


def _nav_script() -> None:
    import streamlit as st

    from dashboard.app import pages_for
    from dashboard.auth import current_access

    sections = pages_for(current_access())
    for section, pages in sections.items():
        for p in pages:
            st.text(f"{section}|{p._url_path}|{p.title}|{p.visibility}")


def visible_pages(monkeypatch, db_url: str, env: dict[str, str]) -> dict[str, str]:
    """url_path → title of the pages this visitor's navigation shows."""
    from model.settings import get_settings

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("EHELSE_DB_URL", db_url)
    get_settings.cache_clear()
    at = AppTest.from_function(_nav_script, default_timeout=60).run()
    assert not at.exception, at.exception
    rows = [t.value.split("|") for t in at.text]
    return {path: title for _section, path, title, visibility in rows if visibility == "visible"}


def test_without_sign_in_every_visitor_is_a_reader_and_nothing_writes(
    monkeypatch, shared_sample_url
):
    shown = visible_pages(monkeypatch, shared_sample_url, NONE)
    assert set(shown) == READ_PAGES

    # Opened by its address, a forbidden page says why in Norwegian and shows no controls.
    for key in ("last-opp", "registrer-sak", "brukere", "revisjonslogg"):
        at = open_app(monkeypatch, shared_sample_url, key, NONE)
        assert not at.exception
        refusal = " ".join(e.value for e in at.error)
        assert "Du har ikke tilgang til denne siden" in refusal
        assert "Ingen innlogging er satt opp på denne serveren" in refusal
        assert not at.get("file_uploader") and not at.text_input and not at.dataframe

    history = open_app(monkeypatch, shared_sample_url, "importhistorikk", NONE)
    assert history.dataframe and "Bare administratorer kan angre importer." in texts(history)
    assert not [b for b in history.button if "Angre" in b.label]
    assert "Lokal modus" not in texts(history)


def test_the_write_pages_refuse_even_when_reached_past_the_navigation(
    monkeypatch, shared_sample_url
):
    """Defence in depth: a page's own code checks the role (here: run with every page listed)."""
    for key in ("last-opp", "brukere", "revisjonslogg"):
        at = open_page(monkeypatch, shared_sample_url, key, env=NONE)
        assert not at.exception
        assert "Du har ikke tilgang" in " ".join(e.value for e in at.error)
        assert not at.get("file_uploader") and not at.dataframe


def test_local_mode_shows_the_banner_on_every_page_and_grants_the_local_role(
    monkeypatch, shared_sample_url
):
    shown = visible_pages(monkeypatch, shared_sample_url, LOCAL_EDITOR)
    assert set(shown) == READ_PAGES | {"innrapportering", "last-opp", "registrer-sak"}
    for key in ("oversikt", "last-opp", "importhistorikk", "brukere"):
        at = open_app(monkeypatch, shared_sample_url, key, LOCAL_EDITOR)
        assert not at.exception
        banner = " ".join(w.value for w in at.warning)
        assert "Lokal modus – ingen innlogging" in banner and "rollen redaktør" in banner
    editor_upload = open_app(monkeypatch, shared_sample_url, "last-opp", LOCAL_EDITOR)
    assert editor_upload.get("file_uploader")
    editor_history = open_app(monkeypatch, shared_sample_url, "importhistorikk", LOCAL_EDITOR)
    assert not [b for b in editor_history.button if "Angre" in b.label]

    admin = visible_pages(monkeypatch, shared_sample_url, LOCAL_ADMIN)
    assert {"brukere", "revisjonslogg"} <= set(admin)
    admin_history = open_app(monkeypatch, shared_sample_url, "importhistorikk", LOCAL_ADMIN)
    assert [b for b in admin_history.button if b.label == "Angre valgt import …"]


def test_signed_out_visitors_see_only_the_sign_in_page(monkeypatch, shared_sample_url):
    shown = visible_pages(monkeypatch, shared_sample_url, OIDC)
    assert shown == {"logg-inn": "Logg inn"}
    for key in (None, "oversikt", "last-opp"):
        at = open_app(monkeypatch, shared_sample_url, key, OIDC)
        assert not at.exception
        assert [b.label for b in at.button] == ["Logg inn"]
        shown_text = texts(at)
        assert "krever innlogging" in shown_text
        assert "Mine timeavtaler" not in shown_text and not at.metric and not at.dataframe


def test_public_mode_offers_only_the_indicator_pages(monkeypatch, shared_sample_url):
    # Only the indicator pages; the portfolio (with its comments) is refused by its address.
    shown = visible_pages(monkeypatch, shared_sample_url, PUBLIC)
    assert set(shown) == {"indikatorer", "indikator", "versjoner"}
    start = open_app(monkeypatch, shared_sample_url, None, PUBLIC)
    assert not start.exception and "Mål og indikatorer" in texts(start)
    for key in (
        "oversikt",
        "portefolje",
        "veikart",
        "tiltak",
        "motemodus",
        "moter",
        "sak",
        "last-opp",
        "registrer-sak",
        "importhistorikk",
    ):
        at = open_app(monkeypatch, shared_sample_url, key, PUBLIC)
        assert not at.exception
        assert "ikke en del av den offentlige visningen" in " ".join(e.value for e in at.error)
        assert "Mine timeavtaler" not in texts(at) and not at.dataframe


@pytest.mark.parametrize(
    ("env", "address", "problem"),
    [
        ({"EHELSE_AUTH_MODE": "local"}, "0.0.0.0", "kan bare brukes med --address localhost"),
        ({"EHELSE_AUTH_MODE": "oidc"}, "0.0.0.0", "krever EHELSE_SECRETS_FILE"),
        ({"EHELSE_SECRETS_FILE": "/finnes/ikke.toml"}, "localhost", "som ikke finnes"),
    ],
)
def test_serve_refuses_unsafe_settings(monkeypatch, env, address, problem):
    from dashboard.serve import config_problems
    from model.settings import get_settings

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    assert problem in " ".join(config_problems(get_settings(), address))


def test_serve_checks_the_auth_section_and_passes_the_secrets_file(monkeypatch, tmp_path):
    from dashboard.serve import command, config_problems
    from model.settings import get_settings

    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[auth]\nredirect_uri = "http://x/feil"\ncookie_secret = "kort"\n')
    monkeypatch.setenv("EHELSE_AUTH_MODE", "oidc")
    monkeypatch.setenv("EHELSE_SECRETS_FILE", str(secrets))
    monkeypatch.setenv("EHELSE_MAX_UPLOAD_MB", "5")
    get_settings.cache_clear()
    assert "mangler: client_id, client_secret, server_metadata_url" in " ".join(
        config_problems(get_settings(), "localhost")
    )
    secrets.write_text(
        '[auth]\nredirect_uri = "http://x/feil"\ncookie_secret = "kort"\nclient_id = "a"\n'
        'client_secret = "b"\nserver_metadata_url = "http://idp/.well-known/openid-configuration"\n'
    )
    problems = " ".join(config_problems(get_settings(), "localhost"))
    assert "/oauth2callback" in problems and "for kort" in problems
    flags = command(8501)
    assert f"--secrets.files={secrets}" in flags and "--server.maxUploadSize=6" in flags


def test_an_administrator_grants_a_role_on_the_page_and_it_is_logged(monkeypatch, db_url, engine):
    from model import audit_log
    from model.roles import resolve_role

    env = {**LOCAL_ADMIN, "EHELSE_LOCAL_USER": "drift@helsedir.no"}
    at = open_app(monkeypatch, db_url, "brukere", env)
    assert not at.exception and "Ingen roller er gitt ennå." in texts(at)
    at.text_input(key="grant_subject").input("Kari@Helsedir.no")
    at.selectbox(key="grant_role").select_index(1)  # Redaktør
    at.button[0].click().run()  # the form's submit button
    assert not at.exception
    assert "kari@helsedir.no har nå rollen redaktør." in texts(at)
    assert at.dataframe[0].value.iloc[0].tolist()[:3] == [
        "kari@helsedir.no",
        "Redaktør",
        "Satt her",
    ]
    assert resolve_role(engine, email="kari@helsedir.no", default=None) == "redaktor"

    log = open_app(monkeypatch, db_url, "revisjonslogg", env)
    assert not log.exception
    frame = log.dataframe[0].value
    assert frame.iloc[0][["Bruker", "Handling", "Utfall"]].tolist() == [
        "drift@helsedir.no",
        "Rolleendring",
        "Utført",
    ]
    assert "subject: kari@helsedir.no" in frame.iloc[0]["Detaljer"]
    assert len(frame) == len(audit_log.events(engine))
