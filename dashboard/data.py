"""The dashboard's access to data: the engine once per process, query results cached per data
version (a new batch or a rollback changes the key, so caches never show stale data)."""

from __future__ import annotations

from typing import Any

import streamlit as st
from sqlalchemy import Engine

from model import queries
from model.db import get_engine as _get_engine
from model.db import migrate
from model.settings import get_settings


@st.cache_resource(show_spinner=False)
def engine_for(url: str) -> Engine:
    engine = _get_engine(url)
    migrate(engine)
    return engine


def engine() -> Engine:
    return engine_for(get_settings().resolved_db_url())


def data_key() -> tuple[int, int]:
    """Changes whenever an import or rollback lands (one cheap query per script run)."""
    return queries.data_version(engine())


@st.cache_data(show_spinner=False, max_entries=64)
def _cached(name: str, key: tuple[int, int], url: str, args: tuple, kwargs: tuple) -> Any:
    return getattr(queries, name)(_get_engine(url), *args, **dict(kwargs))


def q(name: str, *args: Any, **kwargs: Any) -> Any:
    """Call ``model.queries.<name>(engine, *args, **kwargs)``, cached until the data changes."""
    return _cached(
        name, data_key(), get_settings().resolved_db_url(), args, tuple(sorted(kwargs.items()))
    )
