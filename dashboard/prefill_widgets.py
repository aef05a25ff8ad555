"""Downloads of the prefilled workbooks (formats.md §6): one owner's file, or a zip of all
owners' files. Shown on Innrapportering and Last opp."""

from __future__ import annotations

import streamlit as st

from dashboard.data import engine
from importers.prefill import (
    PrefillError,
    file_name,
    prefilled_bytes,
    prefilled_zip,
    rows_by_owner,
    source_round,
)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def prefilled_downloads(round_code: str, *, key: str) -> None:
    """Pick an owner and download that owner's workbook, or all of them as a zip."""
    try:
        source = source_round(engine(), round_code, None)
    except PrefillError as problem:
        st.info(str(problem))
        return
    owners = list(rows_by_owner(engine(), source))
    if not owners:
        st.info(f"Runden {source} har ingen aktive tiltak eller tiltak på pause å fylle ut.")
        return
    st.markdown(
        f"Arbeidsbøkene er fylt ut med tiltakene fra {source} (aktive og på pause), med "
        f"{round_code} og fristen i «Om rapporten». Tiltak-ID og navn er låst."
    )
    owner = st.selectbox("Tiltakseier", owners, key=f"{key}_prefill_owner")
    c1, c2 = st.columns(2)
    c1.download_button(
        f"Last ned arbeidsboken for {owner}",
        prefilled_bytes(engine(), round_code, owner, from_round=source),
        file_name=file_name(round_code, owner),
        mime=XLSX_MIME,
        key=f"{key}_prefill_one",
    )
    if c2.button(f"Lag zip med alle {len(owners)} tiltakseiere", key=f"{key}_prefill_make_zip"):
        st.session_state[f"{key}_prefill_zip"] = (
            round_code,
            prefilled_zip(engine(), round_code, from_round=source),
        )
    made = st.session_state.get(f"{key}_prefill_zip")
    if made and made[0] == round_code:
        c2.download_button(
            "Last ned zip-filen",
            made[1],
            file_name=f"portefolje_{round_code}_alle_tiltakseiere.zip",
            mime="application/zip",
            key=f"{key}_prefill_zip_download",
        )
