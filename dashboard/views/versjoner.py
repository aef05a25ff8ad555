"""Versjoner: what changed between two versions of the indicator set: indicators added, phased
out, and redefined (each changed field, old → new). History is kept, so every version can be
compared with every other."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard.components import md_escape, page_setup, text_table, url_selectbox
from dashboard.data import cached
from dashboard.indicator_widgets import URL_VERSION
from dashboard.labels import EMPTY_INDICATORS
from dashboard.nav import page
from model import attainment_service, fmt, indicator_queries

URL_FROM, URL_TO = "fra", "til"
EMPTY = "(tomt)"


def _cell(value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, list):
        return ", ".join(value) or EMPTY
    if isinstance(value, float):
        return fmt.number(value, None if not value.is_integer() else 0)
    return str(value)


def _change(field: str, value: Any) -> str:
    if field == "target_2030" and value is None:
        return "ikke fastsatt"
    return _cell(value)


def _pickers(versions: list[str]) -> tuple[str, str]:
    newest_first = list(reversed(versions))
    left, right = st.columns(2)
    old, new = (
        url_selectbox(
            label,
            newest_first,
            param,
            newest_first[place],
            where=column,
            format_func=lambda v: f"Versjon {v}",
            key=key,
        )
        for column, label, param, place, key in (
            (left, "Fra versjon", URL_FROM, 1, "version_from"),
            (right, "Til versjon", URL_TO, 0, "version_to"),
        )
    )
    return old, new


def _definition_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Indikator-ID": [r["code"] for r in rows],
            "Navn": [r["name"] for r in rows],
            "Mål": [", ".join(r["goals"]) for r in rows],
            "Type": [r["type"] for r in rows],
            "Status": [r["status"] for r in rows],
            "Nivå": [r["level"] for r in rows],
            "Mål 2030": [
                _cell(r["target_2030"]) if r["target_2030"] is not None else "ikke fastsatt"
                for r in rows
            ],
        }
    )


def render() -> None:
    page_setup()
    st.title("Versjoner av indikatorsettet")
    if not cached(indicator_queries.any_indicator_data)():
        st.info(EMPTY_INDICATORS)
        return
    versions = cached(indicator_queries.versions)()
    if len(versions) < 2:
        only = (
            f"Databasen har bare versjon {versions[0]}"
            if versions
            else ("Indikatorene i databasen har ingen versjon")
        )
        st.info(
            f"{only}, så det er ingenting å sammenligne ennå. Last opp en ny versjon av "
            "indikatorsettet (kolonnen «Versjon» eller «--version») for å se hva som er endret."
        )
        return
    old, new = _pickers(versions)
    if old == new:
        st.warning("Velg to ulike versjoner for å se hva som er endret.")
        return
    diff = cached(attainment_service.version_diff)(old, new)
    st.markdown(
        f"Fra **{old}** til **{new}**: {fmt.count_word(len(diff['added']), 'ny indikator', 'nye indikatorer')}, "
        f"{fmt.count_word(len(diff['phased_out']), 'faset ut', 'faset ut')}, "
        f"{fmt.count_word(len(diff['redefined']), 'endret definisjon', 'endrede definisjoner')} og "
        f"{fmt.count_word(diff['unchanged'], 'uendret', 'uendret')}."
    )
    cols = st.columns(4)
    cols[0].metric("Nye", len(diff["added"]), border=True)
    cols[1].metric("Faset ut", len(diff["phased_out"]), border=True)
    cols[2].metric("Endret definisjon", len(diff["redefined"]), border=True)
    cols[3].metric("Uendret", diff["unchanged"], border=True)

    st.subheader(f"Nye i {new}")
    if diff["added"]:
        text_table(_definition_table(diff["added"]))
        _links(diff["added"], new)
    else:
        st.caption("Ingen nye indikatorer.")

    st.subheader(f"Faset ut (med i {old}, ikke i {new})")
    if diff["phased_out"]:
        text_table(_definition_table(diff["phased_out"]))
        _links(diff["phased_out"], old)
        st.caption("Verdiene til indikatorer som er faset ut, er tatt vare på i historikken.")
    else:
        st.caption("Ingen indikatorer er faset ut.")

    st.subheader("Endret definisjon")
    if not diff["redefined"]:
        st.caption("Ingen indikatorer har fått endret definisjon.")
    for item in diff["redefined"]:
        st.markdown(f"**{md_escape(item['code'])} {md_escape(item['name'])}**")
        text_table(
            pd.DataFrame(
                {
                    "Felt": [c["label"] for c in item["changes"]],
                    f"I {old}": [_change(c["field"], c["old"]) for c in item["changes"]],
                    f"I {new}": [_change(c["field"], c["new"]) for c in item["changes"]],
                }
            )
        )
        _links([item], new)


def _links(rows: list[dict[str, Any]], version: str) -> None:
    for row in rows:
        st.page_link(
            page("indikator"),
            label=f"Åpne {md_escape(row['code'])} i versjon {version}",
            icon=":material/arrow_forward:",
            query_params={"id": row["code"], URL_VERSION: version},
        )
