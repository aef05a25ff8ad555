"""Veikart: the round's measures on a time line 2023–2030, grouped by strategic goal, each bar
from its first report to its planned finish, coloured by status with shape and word, the
slipped ones marked and the milestones as points; below it the round's dependencies as a graph
and the measures at risk through them. Filters as on Portefølje, kept in the URL."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import labels
from dashboard.components import chart, md_escape, page_setup, round_picker
from dashboard.data import cached, round_report
from dashboard.roadmap_charts import (
    dependency_figure,
    dependency_table,
    roadmap_figure,
)
from dashboard.views.portefolje import round_filters
from model import fmt, queries
from model.dependencies import cycle_text
from model.filters import describe
from model.periods import round_end
from model.roadmap import roadmap, roadmap_finding, roadmap_table


def render() -> None:
    page_setup()
    st.title("Veikart")
    rounds = cached(queries.list_rounds)()
    if not rounds:
        st.info(labels.EMPTY_DATABASE)
        return
    current = round_picker(rounds)
    goal_names, chosen = round_filters(current)
    report = round_report(current).restricted(chosen)
    rows = roadmap(report)
    st.caption(
        f"Tiltakene i {current} på en tidslinje mot 2030, gruppert etter strategisk mål (første "
        f"mål når et tiltak har flere). Stolpen går fra runden tiltaket først ble rapportert til "
        f"planlagt ferdig nå. {md_escape(describe(chosen))}."
    )
    if not rows:
        st.info("Ingen tiltak med disse filtrene.")
        return
    columns, table = roadmap_table(rows)
    chart(
        roadmap_figure(rows, goal_names, round_code=current, now=round_end(current)),
        finding=roadmap_finding(rows, current),
        table=pd.DataFrame(table, columns=list(columns)),
        key="veikart",
    )
    _dependencies(report)


def _dependencies(report) -> None:  # noqa: ANN001 - model.round_report.RoundReport
    st.subheader("Avhengigheter i runden")
    graph = report.dependency_graph()
    if not graph.nodes:
        st.info("Ingen av tiltakene oppgir avhengigheter til andre tiltak i runden.")
        return
    risky = report.at_risk
    finding = (
        f"{fmt.count_word(len(graph.nodes), 'tiltak', 'tiltak')} har avhengigheter i runden. "
        "En pil går fra et tiltak til det det avhenger av; tiltak lenger til høyre avhenger "
        "gjennom flere ledd. "
        + (
            f"{fmt.count_word(len(risky), 'tiltak', 'tiltak')} er i risiko via avhengighet "
            "(merket ⚠ og med tykk ring)."
            if risky
            else "Ingen er i risiko via avhengighet."
        )
    )
    if graph.cycles:
        finding += (
            " Avhengigheter i ring (↻): " + "; ".join(cycle_text(c) for c in graph.cycles) + "."
        )
    columns, table = dependency_table(graph, risky)
    chart(
        dependency_figure(graph),
        finding=finding,
        table=pd.DataFrame(table, columns=list(columns)),
        key="avhengigheter",
    )
