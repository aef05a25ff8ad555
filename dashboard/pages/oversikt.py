"""Oversikt: the latest round at a glance."""

from __future__ import annotations

import streamlit as st

from dashboard.data import q


def render() -> None:
    st.title("Oversikt")
    rounds = q("list_rounds")
    if not rounds:
        st.info(
            "Databasen har ingen data ennå. Last opp en porteføljerapport, eller kjør «ehelse sample» "
            "for å fylle den med eksempeldata."
        )
        return
    summary = q("round_summary", rounds[-1])
    st.subheader(f"Rapporteringsrunde {summary['round']}")
    cols = st.columns(4)
    cols[0].metric("Aktive tiltak", summary["active"])
    cols[1].metric("Nye tiltak", len(summary["new"]))
    cols[2].metric("Ferdigstilt", summary["completed"])
    cols[3].metric("Rød status", len(summary["red"]))
