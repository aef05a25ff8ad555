"""The indicator pages' access to data: ``model.indicator_queries`` and
``model.attainment_service`` results, cached until the data changes (like ``dashboard.data.q``)."""

from __future__ import annotations

import importlib
from typing import Any

import streamlit as st

from dashboard.data import data_key
from model.db import get_engine as _get_engine
from model.settings import get_settings

_MODULES = {"iq": "model.indicator_queries", "svc": "model.attainment_service"}


@st.cache_data(show_spinner=False, max_entries=128)
def _cached(module: str, name: str, key: tuple, url: str, args: tuple, kwargs: tuple) -> Any:
    function = getattr(importlib.import_module(_MODULES[module]), name)
    return function(_get_engine(url), *args, **dict(kwargs))


def _call(module: str, name: str, args: tuple, kwargs: dict[str, Any]) -> Any:
    return _cached(
        module,
        name,
        data_key(),
        get_settings().resolved_db_url(),
        args,
        tuple(sorted(kwargs.items())),
    )


def iq(name: str, *args: Any, **kwargs: Any) -> Any:
    """``model.indicator_queries.<name>(engine, …)``, cached until the data changes."""
    return _call("iq", name, args, kwargs)


def svc(name: str, *args: Any, **kwargs: Any) -> Any:
    """``model.attainment_service.<name>(engine, …)``, cached until the data changes."""
    return _call("svc", name, args, kwargs)
