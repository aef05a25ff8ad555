"""Open a dashboard page in Streamlit's AppTest, against a given database."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest


def _script(key: str) -> None:
    import streamlit as st

    from dashboard.nav import navigation

    st.navigation(navigation(lambda _p: True, default=key)).run()


def open_page(
    monkeypatch,
    db_url: str,
    key: str,
    query: dict[str, str | list[str]] | None = None,
    timeout: float = 60,
) -> AppTest:
    """Run page ``key`` once (it is the landing page of a full navigation) and return the AppTest."""
    from model.settings import get_settings

    monkeypatch.setenv("EHELSE_DB_URL", db_url)
    get_settings.cache_clear()
    at = AppTest.from_function(_script, args=(key,), default_timeout=timeout)
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
