"""The dashboard's access to data: the engine once per process, query results cached per data
version (a new batch or a rollback changes the key, so caches never show stale data)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

import streamlit as st
from sqlalchemy import Engine

from model import queries
from model.db import get_engine as _get_engine
from model.db import migrate
from model.round_report import RoundReport, build_round_report
from model.settings import get_settings

P = ParamSpec("P")
R = TypeVar("R")

_KEY = "_ehelse_data_key"


@st.cache_resource(show_spinner=False)
def engine_for(url: str) -> Engine:
    engine = _get_engine(url)
    migrate(engine)
    return engine


def engine() -> Engine:
    return engine_for(get_settings().resolved_db_url())


def refresh_data_key() -> tuple[int, int, int]:
    """Read the data version once per script run (page_setup calls this first)."""
    key = queries.data_version(engine())
    st.session_state[_KEY] = key
    return key


def data_key() -> tuple[int, int, int]:
    """Changes whenever an import or rollback lands; read once per script run."""
    key = st.session_state.get(_KEY)
    return key if key is not None else refresh_data_key()


@st.cache_data(show_spinner=False, max_entries=512)
def _call(
    _function: Callable[..., Any],
    name: str,
    key: tuple[int, int, int],
    url: str,
    args: tuple,
    kwargs: tuple,
) -> Any:
    # ``_function`` is not hashed (a leading underscore); ``name`` stands for it in the key.
    return _function(_get_engine(url), *args, **dict(kwargs))


def cached(function: Callable[Concatenate[Engine, P], R]) -> Callable[P, R]:
    """A model read function (the engine first) as a page calls it: without the engine, its
    result cached until the data changes, e.g. ``cached(queries.list_rounds)()``.

    Typed: a page's call is checked against the function's own signature, and find-usages finds
    it. A page switch reuses cached results: no database read unless an import or rollback has
    landed since (one small version query per script run tells).
    """
    name = f"{function.__module__}.{function.__qualname__}"

    scoped = function.__module__ == "model.queries" and function.__name__ in ROUND_SCOPED

    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        # Round lists and histories leave out open rounds unless the visitor may see them.
        if scoped and "published_only" not in kwargs:
            kwargs["published_only"] = not sees_open_rounds()
        url = get_settings().resolved_db_url()
        return _call(function, name, data_key(), url, args, tuple(sorted(kwargs.items())))

    return call


def round_report(
    round_code: str | None = None, *, cut_off: str | None = None, as_of_batch: int | None = None
) -> RoundReport:
    """The round's report (:mod:`model.round_report`), built once per round, cut-off and data
    version and shared by every page, meeting mode and the downloads (the same cache as every
    other read, :func:`cached`). Raises UnknownRound."""
    return cached(build_round_report)(round_code, cut_off=cut_off, as_of_batch=as_of_batch)


#: Queries that leave out open rounds for those who may not see them (formats.md §6).
ROUND_SCOPED = frozenset({"list_rounds", "measure_history", "status_matrix"})


def sees_open_rounds() -> bool:
    """Editors and administrators see a round while it is open; viewers and the public do not."""
    from dashboard.auth import current_access

    return current_access().can("import")
