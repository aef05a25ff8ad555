"""Portefølje: the full list with filters kept in the URL, the status history of every measure
at a glance, and how measures moved between colours from one round to another."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import charts, labels
from dashboard.components import (
    chart,
    csv_download,
    first_line,
    md_escape,
    open_round_banner,
    page_setup,
    round_picker,
    style_status,
)
from dashboard.data import cached, round_report
from dashboard.nav import page
from dashboard.theme import status_cell, status_label
from model import fmt, queries
from model.filters import URL_KEYS, PortfolioFilter, describe
from model.periods import finish_text
from model.queries import REPORT_COLUMNS
from model.text import colour_moves, transitions_finding
from model.vocab import PHASES, RISKS, STATES, STATUS_COLOURS, STRATEGIC_GOALS

#: The report's columns as the table names them (dependencies and round have their own pages).
TABLE_COLUMNS = {
    key: labels.COLUMNS[key] for key in REPORT_COLUMNS if key not in ("dependencies", "round_code")
}
STATUS_COLUMNS = ["Samlet status", "Fremdrift", "Kostnad", "Gevinst"]
#: Shown unless the reader asks for all columns (keeps the name and comment readable).
MAIN_COLUMNS = [
    "Tiltak-ID",
    "Tiltak",
    "Tiltakseier",
    "Fase",
    "Tilstand",
    "Samlet status",
    "Risiko",
    "Planlagt ferdig",
    "Statuskommentar",
]


def round_filters(round_code: str) -> tuple[dict[str, str], PortfolioFilter]:
    """The goals' names and the portfolio filters of a round, bound to the URL (Portefølje and
    Veikart filter alike)."""
    goal_names = {g["code"]: g["name"] for g in cached(queries.goals)()}
    return goal_names, _filters(cached(queries.filter_options)(round_code), goal_names)


def _filters(options: dict[str, list[str]], goal_names: dict[str, str]) -> PortfolioFilter:
    """Filter widgets whose starting values come from the URL; every change is written back."""
    from_url = PortfolioFilter.from_query(st.query_params.get_all)
    with st.expander("Filter", expanded=not from_url.is_empty()):
        c1, c2, c3, c4 = st.columns(4)
        owners = _any_of(c1, "Tiltakseier", options["owners"], from_url.owners)
        areas = _any_of(c2, "Satsning", options["areas"], from_url.areas)
        goals = _any_of(
            c3,
            "Strategisk mål",
            STRATEGIC_GOALS,
            from_url.goals,
            format_func=lambda g: f"{g} {goal_names.get(g, '')}",
        )
        statuses = _any_of(
            c4,
            "Samlet status",
            (*STATUS_COLOURS, "Uten status"),
            from_url.statuses,
            format_func=status_label,
        )
        c5, c6, c7, c8 = st.columns(4)
        phases = _any_of(c5, "Fase", PHASES, from_url.phases)
        states = _any_of(c6, "Tilstand", STATES, from_url.states)
        risks = _any_of(c7, "Risiko", RISKS, from_url.risks)
        search = c8.text_input(
            "Søk i navn og kommentar", value=from_url.search, placeholder="f.eks. PLL"
        )
    chosen = PortfolioFilter(
        tuple(owners),
        tuple(areas),
        tuple(goals),
        tuple(phases),
        tuple(states),
        tuple(statuses),
        tuple(risks),
        search.strip(),
    )
    _write_url(chosen)
    return chosen


def _any_of(
    column: Any, label: str, options: Sequence[str], from_url: Sequence[str], **widget: Any
) -> list[str]:
    """One filter (none chosen = all), starting from the URL's values that are still options."""
    return column.multiselect(
        label,
        list(options),
        default=[v for v in from_url if v in options],
        placeholder="Alle",
        **widget,
    )


def _write_url(chosen: PortfolioFilter) -> None:
    wanted = chosen.to_query()
    for key in URL_KEYS.values():
        if key in wanted:
            if st.query_params.get_all(key) != (
                wanted[key] if isinstance(wanted[key], list) else [wanted[key]]
            ):
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    shown = frame[list(TABLE_COLUMNS)].copy()
    for column in ("status_overall", "status_progress", "status_cost", "status_benefit"):
        shown[column] = shown[column].map(status_cell)
    shown["goals"] = shown["goals"].fillna("").str.replace(";", ", ")
    shown["comment"] = shown["comment"].map(lambda c: first_line(c, 120))
    shown["planned_finish"] = shown["planned_finish"].map(
        lambda v: finish_text(v) if isinstance(v, str) and v else ""
    )
    return shown.fillna("").rename(columns=TABLE_COLUMNS)  # a missing risk: empty, not «None»


def _as_list(frame: pd.DataFrame, round_code: str) -> None:
    """The measures as a list, for a phone: status (shape and word), ID and name as a link,
    owner, phase and the comment's first line (a table of nine columns does not fit there)."""
    lines = []
    for rec in frame.to_dict("records"):
        status = status_label(rec["status_overall"]) if rec["status_overall"] else "uten status"
        link = "tiltak?" + urlencode({"id": rec["code"], "runde": round_code})
        lines.append(
            f"- **{status}** · [{md_escape(rec['code'])} {md_escape(rec['name'])}]({link})  \n"
            f"  {md_escape(rec['owner'])} · {md_escape(rec['phase'])} · {md_escape(rec['state'])}"
            + (f"  \n  {md_escape(first_line(rec['comment'], 160))}" if rec["comment"] else "")
        )
    st.markdown("\n".join(lines) or "Ingen tiltak med disse filtrene.")


def render() -> None:
    page_setup()
    st.title("Portefølje")
    rounds = cached(queries.list_rounds)()
    if not rounds:
        st.info(labels.EMPTY_DATABASE)
        return
    current = round_picker(rounds)
    open_round_banner(current)
    chosen = round_filters(current)[1]
    reports = cached(queries.round_reports)(current)
    filtered = chosen.apply(reports)
    scoped = round_report(current).restricted(chosen)
    st.caption(
        f"Viser {len(scoped.measures)} av {scoped.measures_total} tiltak i {current}. {md_escape(describe(chosen))}. "
        "Klikk på en kolonneoverskrift for å sortere; velg en rad for å åpne tiltaket."
    )
    table = _table(filtered)
    with st.container(key="narrow_portfolio"):
        _as_list(filtered, current)
    with st.container(key="wide_portfolio"):
        all_columns = st.toggle(
            "Vis alle kolonner (satsning, mål, fremdrift, kostnad, gevinst)", key="all_columns"
        )
        event = st.dataframe(
            style_status(table, STATUS_COLUMNS),
            hide_index=True,
            on_select="rerun",
            selection_mode="single-row",
            key="portfolio_table",
            column_order=None if all_columns else MAIN_COLUMNS,
            height="content",
            column_config={
                "Statuskommentar": st.column_config.TextColumn(width="large"),
                "Tiltak": st.column_config.TextColumn(width="medium"),
            },
        )
    rows = event.selection.rows if event and event.selection else []
    if rows:
        st.switch_page(
            page("tiltak"),
            query_params={"id": table.iloc[rows[0]]["Tiltak-ID"], "runde": current},
        )
    csv_download(
        table if all_columns else table[MAIN_COLUMNS],
        f"portefolje_{current}.csv",
        key="portfolio_csv",
    )

    st.subheader(f"Statushistorikk per tiltak til og med {current}")
    matrix = cached(queries.status_matrix)(current)
    matrix = matrix[matrix["code"].isin(set(filtered["code"]))]
    if matrix.empty:
        st.info("Ingen tiltak å vise med disse filtrene.")
    else:
        wide = matrix.pivot_table(
            index=["code", "name"], columns="round", values="status", aggfunc="first"
        )
        wide = wide.map(lambda s: status_label(s) if isinstance(s, str) else "").reset_index()
        wide = wide.rename(columns={"code": "Tiltak-ID", "name": "Tiltak"})
        worst_now = len(scoped.red)
        chart(
            charts.status_heatmap(matrix),
            finding=(
                f"Hver rad er ett tiltak, hver kolonne én runde (● grønn, ▲ gul, ■ rød). "
                f"{fmt.count_word(len(scoped.measures), 'tiltak', 'tiltak')} vises; "
                f"{fmt.count_word(worst_now, 'er rødt', 'er røde')} i {current}."
            ),
            table=wide,
            key="heatmap",
        )

    _transitions(rounds, current, chosen)


def _transitions(rounds: list[str], current: str, chosen: PortfolioFilter) -> None:
    """From the round before the chosen one to the chosen one (changeable), for the measures the
    filter keeps."""
    st.subheader("Overganger mellom to runder")
    up_to = [r for r in rounds if r <= current]
    if len(up_to) < 2:
        st.info("Det trengs minst to runder til og med den valgte for å vise overganger.")
        return
    c1, c2 = st.columns(2)
    to_round = c2.selectbox("Til runde", list(reversed(up_to[1:])), key=f"to_round_{current}")
    earlier = [r for r in up_to if r < to_round]
    from_round = c1.selectbox("Fra runde", list(reversed(earlier)), key=f"from_round_{to_round}")
    table = cached(queries.transitions)(from_round, to_round, chosen)
    moves = colour_moves(table)
    cols = st.columns(len(moves))
    for col, (label, n) in zip(cols, moves.items(), strict=True):
        col.metric(label, n, border=True)
    finding = transitions_finding(table, from_round, to_round)
    if not chosen.is_empty():
        finding += f" {describe(chosen)}."
    chart(
        charts.transitions_figure(table),
        finding=finding,
        table=table.reset_index().rename(columns={"fra": f"Fra {from_round} \\ til {to_round}"}),
        key="transitions",
    )
