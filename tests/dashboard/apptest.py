"""Open a dashboard page in Streamlit's AppTest, against a given database."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest


def _script(key: str) -> None:
    import streamlit as st

    from dashboard.nav import navigation

    st.navigation(navigation(lambda _p: True, default=key)).run()


def _app(key: str | None) -> None:
    from dashboard.app import main

    main(default=key)


#: Local mode as an administrator: every page with every control (as `make run` starts).
LOCAL_ADMIN = {"EHELSE_AUTH_MODE": "local", "EHELSE_LOCAL_ROLE": "administrator"}


def _setup(monkeypatch, db_url: str, env: dict[str, str] | None) -> None:
    from model.settings import get_settings

    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("EHELSE_DB_URL", db_url)
    get_settings.cache_clear()


def open_app(
    monkeypatch,
    db_url: str,
    key: str | None = None,
    env: dict[str, str] | None = None,
    query: dict[str, str | list[str]] | None = None,
    timeout: float = 60,
) -> AppTest:
    """Run the real app (sign-in, roles, banner, navigation) with settings ``env``; ``key``
    opens that page as if its address were typed in."""
    _setup(monkeypatch, db_url, env)
    at = AppTest.from_function(_app, args=(key,), default_timeout=timeout)
    _whole_pages(at)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    return at.run()


def _whole_pages(at: AppTest) -> None:
    """As after the first screen's timer has fired: pages draw below the fold at once
    (AppTest runs no timers; tests/dashboard/test_pages_sample.py checks the timer's path)."""
    from dashboard.nav import PAGES

    for definition in PAGES:
        at.session_state[f"_below_fold_{definition.key}"] = True


def open_page(
    monkeypatch,
    db_url: str,
    key: str,
    query: dict[str, str | list[str]] | None = None,
    timeout: float = 60,
    env: dict[str, str] | None = None,
    whole: bool = True,
) -> AppTest:
    """Run page ``key`` once (it is the landing page of a full navigation) and return the AppTest.

    The pages check the role themselves: ``env`` sets the access mode (default: none, a reader).
    """
    _setup(monkeypatch, db_url, env)
    at = AppTest.from_function(_script, args=(key,), default_timeout=timeout)
    if whole:
        _whole_pages(at)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    return at.run()


def texts(at: AppTest) -> str:
    """Everything visible as text on the page (markdown, captions, titles, metrics, alerts)."""
    parts: list[str] = []
    for group in (
        at.title,
        at.header,
        at.subheader,
        at.markdown,
        at.caption,
        at.info,
        at.success,
        at.warning,
        at.error,
    ):
        parts.extend(str(e.value) for e in group)
    parts.extend(f"{m.label} {m.value}" for m in at.metric)
    # Markdown source escapes punctuation (md_escape); a reader sees the plain characters.
    return re.sub(r"\\(.)", r"\1", "\n".join(parts))
