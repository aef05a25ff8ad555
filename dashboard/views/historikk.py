"""Importhistorikk: every accepted upload, and a rollback (with confirmation) for those allowed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.auth import current_actor
from dashboard.components import md_escape, page_setup
from dashboard.data import cached, engine
from importers.service import RollbackRefused, rollback
from model import queries
from model.access import PermissionDenied
from model.vocab import BatchStatus, batch_kind_label, batch_status_label


def _frame(batches: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Nr.": [b["id"] for b in batches],
            "Tidspunkt": [b["time"].replace("T", " ")[:16] for b in batches],
            "Bruker": [b["user"] for b in batches],
            "Fil": [b["file"] for b in batches],
            "Type": [batch_kind_label(b["kind"]) for b in batches],
            "Runde/versjon": [b["round"] or b["version"] or "–" for b in batches],
            "Innrapportering fra": [b["owner"] or "–" for b in batches],
            "Rader": [b["rows"] for b in batches],
            "Status": [batch_status_label(b["status"]) for b in batches],
            "Sjekksum (SHA-256)": [b["sha256"][:12] + "…" for b in batches],
        }
    )


@st.dialog("Angre import?")
def _confirm(batch: dict) -> None:
    st.markdown(
        f"Import nummer **{batch['id']}** ({md_escape(batch['file'])}, "
        f"{md_escape(batch['round'] or batch['version'] or batch['kind'])}"
        + (f", innrapporteringen fra {md_escape(batch['owner'])}" if batch["owner"] else "")
        + ") "
        "fjernes helt, og dataene slik de var før importen kommer tilbake. Dette blir ført i revisjonsloggen."
    )
    c1, c2 = st.columns(2)
    if c1.button("Ja, angre importen", type="primary", key="confirm_rollback"):
        try:
            result = rollback(engine(), batch["id"], actor=current_actor())
        except (RollbackRefused, PermissionDenied) as refused:
            st.session_state["rollback_message"] = ("error", str(refused))
        else:
            restored = result["restored_batches"]
            st.session_state["rollback_message"] = (
                "success",
                f"Import {batch['id']} er angret."
                + (
                    f" Data fra import {', '.join(map(str, restored))} er hentet tilbake."
                    if restored
                    else ""
                ),
            )
        st.rerun()
    if c2.button("Avbryt", key="cancel_rollback"):
        st.rerun()


def render() -> None:
    page_setup()
    st.title("Importhistorikk")
    message = st.session_state.pop("rollback_message", None)
    if message:
        (st.error if message[0] == "error" else st.success)(md_escape(message[1]))
    batches = cached(queries.batches)()
    if not batches:
        st.info("Ingen importer ennå.")
        return
    st.caption(
        "Nyeste først. «Erstattet» betyr at en senere fil for samme runde har tatt over; "
        "«Angret» at importen er rullet tilbake."
    )
    st.dataframe(_frame(batches), hide_index=True, key="history_table", height="content")
    actor = current_actor()
    if not actor.can("rollback"):
        st.caption("Bare administratorer kan angre importer.")
        return
    st.subheader("Angre en import")
    candidates = [b for b in batches if b["status"] != BatchStatus.ROLLED_BACK]
    if not candidates:
        return
    chosen = st.selectbox(
        "Import",
        candidates,
        format_func=lambda b: (
            f"{b['id']} · {b['file']} · {b['round'] or b['version'] or ''} · {batch_status_label(b['status'])}"
        ),
        key="rollback_choice",
    )
    st.caption("En import som senere er erstattet, kan ikke angres alene: angre den nyeste først.")
    if st.button("Angre valgt import …", key="rollback_button"):
        _confirm(chosen)
