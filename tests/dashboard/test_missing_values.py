"""A missing value is an empty cell, never the word «None» (or «nan»).

st.dataframe draws its cells on a canvas, out of reach of the browser tests' text scan
(tests/e2e/test_every_mode.py): a missing value shows as the English word «None» unless the table
sets a ``placeholder``. So every table of every page is checked here, as Streamlit receives it.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.nav import PAGES
from tests.dashboard.apptest import LOCAL_ADMIN, open_app

#: Pages with the query that shows the most (T-0023 and T-0037 have no risk in 2025-K4).
QUERIES: dict[str, dict[str, str | list[str]]] = {
    "portefolje": {"runde": "2025-K4"},
    "tiltak": {"id": "T-0023"},
    "indikator": {"id": "S1-01"},
}
WORDS = {"None", "none", "nan", "NaN", "NaT", "null", "<NA>"}


def _shown_missing(frame: pd.DataFrame) -> list[str]:
    """Columns with cells that would read «None» (missing) or already say so (text)."""
    out = []
    for column in frame.columns:
        values = frame[column]
        if values.isna().any():
            out.append(f"{column}: tomme celler uten placeholder")
        elif values.map(lambda v: isinstance(v, str) and v.strip() in WORDS).any():
            out.append(f"{column}: teksten «None»/«nan»")
    return out


@pytest.mark.parametrize("key", [p.key for p in PAGES])
def test_no_table_shows_none_for_a_missing_value(monkeypatch, shared_sample_url, key):
    at = open_app(monkeypatch, shared_sample_url, key, LOCAL_ADMIN, query=QUERIES.get(key))
    assert not at.exception, at.exception
    if at.toggle:  # «Vis som tabell», «Vis alle kolonner» …: every table the page can show
        for toggle in at.toggle:
            toggle.set_value(True)
        at.run()
        assert not at.exception, at.exception
    problems = []
    for index, table in enumerate(at.dataframe):
        if table.proto.HasField("placeholder"):
            continue  # the table says itself what a missing value looks like
        problems += [f"tabell {index + 1}: {p}" for p in _shown_missing(table.value)]
    for index, table in enumerate(at.table):
        problems += [f"st.table {index + 1}: {p}" for p in _shown_missing(table.value)]
    assert not problems, f"[{key}] " + "; ".join(problems)
