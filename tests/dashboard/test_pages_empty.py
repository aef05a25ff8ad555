"""Every page on an empty database shows a friendly start, never an exception."""

from __future__ import annotations

import pytest

from dashboard.nav import PAGES
from tests.dashboard.apptest import LOCAL_ADMIN, open_page, texts


@pytest.mark.parametrize("key", [p.key for p in PAGES])
def test_page_renders_on_an_empty_database(monkeypatch, db_url, key):
    at = open_page(monkeypatch, db_url, key, env=LOCAL_ADMIN)
    assert not at.exception, at.exception
    shown = texts(at)
    if key in ("oversikt", "portefolje", "tiltak"):
        assert "ehelse sample" in shown and "Last opp" in shown
