"""Møter: the councils' meetings by forum and date, and a meeting's agenda (*saksliste*): each
case with its number, title, type, proposal and decision, linked to the case's page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.cases_widgets import can_edit, case_card, case_name
from dashboard.components import md_escape, page_setup, query_value, text_table, url_selectbox
from dashboard.data import cached
from dashboard.nav import page
from model import cases as case_queries
from model import fmt
from model.cases import Case

ALL = "Alle"


def _forum_filter(forums: list[str]) -> str | None:
    options = [ALL, *forums]
    wanted = query_value("forum")
    chosen = st.segmented_control(
        "Forum",
        options,
        default=wanted if wanted in options else ALL,
        key="forum_filter",
    )
    chosen = chosen or ALL
    if chosen == ALL:
        st.query_params.pop("forum", None)
        return None
    st.query_params["forum"] = chosen
    return chosen


def _meeting_label(m: dict) -> str:
    return f"{m['forum']} {fmt.long_date(m['date'])} ({m['code']})"


def _pick_meeting(meetings: list[dict]) -> dict:
    codes = [m["code"] for m in meetings]
    by_code = {m["code"]: m for m in meetings}
    chosen = url_selectbox(
        "Møte",
        codes,
        "mote",
        codes[0],
        format_func=lambda c: _meeting_label(by_code[c]),
        key="meeting_picker",
    )
    return by_code[chosen]


def render() -> None:
    page_setup()
    st.title("Møter")
    forums = cached(case_queries.forums)()
    if not forums:
        st.info(
            "Ingen møter er registrert ennå. Last opp en saksarbeidsbok (arkene «Møter» og «Saker») "
            "på siden «Last opp», eller kjør `ehelse sample` for å fylle databasen med eksempeldata."
        )
        return
    st.caption(
        "Møtene i rådsmodellen med saksliste, forslag til vedtak og vedtak. Velg et møte for å se "
        "sakene; velg en sak for å se tiltakene og indikatorene den gjelder."
    )
    forum = _forum_filter(forums)
    meetings = cached(case_queries.list_meetings)(forum)
    if not meetings:
        st.info(f"Ingen møter i {md_escape(forum)}.")
        return
    chosen = _pick_meeting(meetings)
    _agenda(chosen)
    _all_meetings(meetings)
    due = cached(case_queries.open_follow_ups)()
    if due:
        with st.expander(f"Åpne oppfølgingspunkter ({len(due)})"):
            for index, case in enumerate(due):
                case_card(case, key=f"open_{index}", limit=300)


def _agenda(meeting: dict) -> None:
    agenda: list[Case] = cached(case_queries.meeting_agenda)(meeting["code"])
    st.header(f"Møte i {md_escape(meeting['forum'])} {fmt.long_date(meeting['date'])}")
    place = f" · {md_escape(meeting['place'])}" if meeting["place"] else ""
    st.caption(
        f"Møte-ID {md_escape(meeting['code'])}{place} · "
        f"{fmt.count_word(meeting['cases'], 'sak', 'saker')}, "
        f"{fmt.count_word(meeting['decided'], 'vedtak', 'vedtak')}"
    )
    if can_edit():
        st.page_link(
            page("registrer-sak"),
            label="Registrer en ny sak i dette møtet",
            icon=":material/add:",
            query_params={"mote": meeting["code"]},
        )
    st.subheader("Saksliste")
    if not agenda:
        st.info("Møtet har ingen saker registrert ennå.")
        return
    undecided = sum(not c.decided for c in agenda)
    if undecided == len(agenda):
        st.caption("Møtet har ikke behandlet sakene ennå: listen viser forslag til vedtak.")
    text_table(
        pd.DataFrame(
            {
                "Sak": [c.number for c in agenda],
                "Tittel": [c.title for c in agenda],
                "Sakstype": [c.type for c in agenda],
                "Forslag til vedtak": [c.proposal or "" for c in agenda],
                "Vedtak": [c.decision or "Ikke behandlet ennå" for c in agenda],
            }
        )
    )
    st.markdown("**Sakene**")
    for case in agenda:
        st.page_link(
            page("sak"),
            label=f"{md_escape(case_name(case))}: {md_escape(case.title)}",
            icon=":material/arrow_forward:",
            query_params={"forum": case.forum, "nr": case.number},
        )


def _all_meetings(meetings: list[dict]) -> None:
    st.subheader(f"Alle møter ({len(meetings)})")
    st.caption("Nyeste først. Velg et møte i listen øverst for å se sakslisten.")
    text_table(
        pd.DataFrame(
            {
                "Dato": [fmt.short_date(m["date"]) for m in meetings],
                "Forum": [m["forum"] for m in meetings],
                "Møte-ID": [m["code"] for m in meetings],
                "Sted": [m["place"] or "" for m in meetings],
                "Saker": [m["cases"] for m in meetings],
                "Vedtak": [m["decided"] for m in meetings],
            }
        )
    )
