"""Sak: one council case — who handled it and when, the proposal and the decision, the follow-up
it asked for — with the current status of the measures and indicators it concerns."""

from __future__ import annotations

import streamlit as st

from dashboard.cases_widgets import can_edit, case_name, follow_up_line
from dashboard.components import md_escape, page_setup, query_value, url_selectbox
from dashboard.data import cached
from dashboard.labels import category_label
from dashboard.nav import page
from dashboard.theme import status_label
from model import attainment_service, fmt, queries
from model import cases as case_queries
from model.cases import Case
from model.periods import period_label


def _pick(cases: list[Case]) -> Case | None:
    newest_first = list(reversed(cases))
    keys = [c.key for c in newest_first]
    by_key = {c.key: c for c in newest_first}
    chosen = url_selectbox(
        "Velg sak",
        keys,
        ("forum", "nr"),
        format_func=lambda k: f"{k[0]} {k[1]} · {by_key[k].title}",
        placeholder="Skriv for å søke etter saksnummer eller tittel",
        key="case_picker",
    )
    return by_key[chosen] if chosen else None


def render() -> None:
    page_setup()
    cases: list[Case] = cached(case_queries.list_cases)()
    if not cases:
        st.title("Sak")
        st.info(
            "Ingen saker er registrert ennå. Last opp en saksarbeidsbok på siden «Last opp», eller "
            "kjør `ehelse sample` for å fylle databasen med eksempeldata."
        )
        return
    head = st.container()
    wanted = (query_value("forum"), query_value("nr"))
    if all(wanted) and wanted not in {c.key for c in cases}:
        st.warning(f"Finner ingen sak {md_escape(wanted[1])} i {md_escape(wanted[0])}.")
    case = _pick(cases)
    if case is None:
        head.title("Sak")
        st.info("Velg en sak over, eller åpne en sak fra siden «Møter» eller fra et tiltak.")
        return
    with head:
        st.title(md_escape(case.title))
        st.caption(
            f"{md_escape(case_name(case))} · {md_escape(case.type)} · behandlet i møtet "
            f"{fmt.long_date(case.date)} ({md_escape(case.meeting)})"
        )
    _texts(case)
    _links(case)
    _measures(case)
    _indicators(case)
    _goals(case)


def _texts(case: Case) -> None:
    c = st.columns(3)
    c[0].metric("Sakstype", case.type, border=True)
    c[1].metric("Runde saken gjelder", case.round or "–", border=True)
    c[2].metric("Oppfølging innen", case.follow_up_by or "–", border=True)
    st.subheader("Forslag til vedtak")
    st.markdown(md_escape(case.proposal) if case.proposal else "_Ingen forslag til vedtak._")
    st.subheader("Vedtak")
    if case.decision:
        st.markdown(md_escape(case.decision))
    else:
        st.info("Møtet har ikke behandlet saken ennå.", icon=":material/schedule:")
    line = follow_up_line(case)
    if line:
        (st.warning if case.follow_up == "due" else st.markdown)(md_escape(line))


def _links(case: Case) -> None:
    st.page_link(
        page("moter"),
        label=f"Hele sakslisten for møtet {md_escape(case.meeting)}",
        icon=":material/list:",
        query_params={"mote": case.meeting},
    )
    if can_edit():
        st.page_link(
            page("registrer-sak"),
            label="Registrer vedtak eller rediger saken",
            icon=":material/edit:",
            query_params={"forum": case.forum, "nr": case.number},
        )


def _measures(case: Case) -> None:
    st.subheader(f"Tiltak i saken ({len(case.measures)})")
    if not case.measures:
        st.caption("Saken gjelder ingen bestemte tiltak.")
        return
    status = cached(case_queries.measure_status)(case.measures)
    rounds = cached(queries.list_rounds)()
    latest = rounds[-1] if rounds else None
    st.caption(
        "Status nå: samlet status i tiltakets siste rapport"
        + (f" (siste runde i databasen er {latest})." if latest else ".")
    )
    for code in case.measures:
        info = status.get(code)
        if info is None:
            st.markdown(f"{md_escape(code)} — ukjent tiltak (ingen rapporter i databasen)")
            continue
        colour = status_label(info["status"]) if info["status"] else "uten samlet status"
        old = "" if info["round"] == latest else f" · siste rapport {info['round']}"
        st.page_link(
            page("tiltak"),
            label=f"{md_escape(code)} · {md_escape(info['name'])} — {colour} ({info['round']})",
            query_params={"id": code},
        )
        st.caption(
            f"{md_escape(info['owner'])} · {md_escape(info['phase'])} · "
            f"{md_escape(info['state'])}{old}"
        )


def _indicators(case: Case) -> None:
    st.subheader(f"Indikatorer i saken ({len(case.indicators)})")
    if not case.indicators:
        st.caption("Saken gjelder ingen bestemte indikatorer.")
        return
    selection = cached(attainment_service.assess_all)()
    results = selection.by_code()
    st.caption(
        "Status nå: måloppnåelse med alle observasjoner"
        + (f", indikatorsett {selection.version}." if selection.version else ".")
    )
    for code in case.indicators:
        result = results.get(code)
        if result is None:
            st.markdown(
                f"{md_escape(code)} — ikke med i indikatorsettet"
                + (f" {selection.version}" if selection.version else "")
            )
            continue
        st.page_link(
            page("indikator"),
            label=f"{md_escape(code)} · {md_escape(result.definition['name'])} — "
            f"{category_label(result.assessment.category)}",
            query_params={"id": code},
        )
        latest = result.latest
        st.caption(
            md_escape(
                f"{result.definition['status']} · siste verdi "
                + (f"{fmt.number(latest.value)} ({period_label(latest.period)})" if latest else "–")
            )
        )


def _goals(case: Case) -> None:
    if not case.goals:
        return
    names = {g["code"]: g["name"] for g in cached(queries.goals)()}
    st.subheader("Mål i strategien")
    st.markdown("  \n".join(md_escape(f"{g} {names.get(g, '')}".strip()) for g in case.goals))
