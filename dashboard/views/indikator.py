"""Indikator: one indicator. The national series against the 2030 target, the required path and
the projection; the category and every number behind it in plain Norwegian, so the method can be
checked by hand; the breakdown by area; and for a composite indicator its sub-indicators."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import indicator_charts as charts
from dashboard.cases_widgets import indicator_cases
from dashboard.components import chart, id_picker, md_escape, page_setup, query_value
from dashboard.data import cached
from dashboard.indicator_widgets import URL_VERSION, Choice, settings_bar
from dashboard.labels import (
    BASIS_NB,
    EMPTY_INDICATORS,
    INDICATOR_CSS,
    LEVEL_NB,
    TYPE_NB,
    category_badge,
    category_label,
    growth_text,
    period_text,
    status_badge,
    target_text,
    value_text,
)
from dashboard.nav import page
from model import attainment_service, fmt, indicator_queries, queries
from model.attainment import Assessment
from model.attainment_service import IndicatorResult, Selection
from model.indicator_queries import area_kind
from model.labels import COMPOSITE_METHOD_LABELS_NB, METHOD_LABELS_NB
from model.periods import period_label, period_time
from model.text import children_finding

#: Up to this many areas the page also draws one small panel per area over time.
SMALL_MULTIPLES_MAX = 6


def _pick(selection: Selection) -> str | None:
    names = {r.code: r.definition["name"] for r in selection.results}
    return id_picker("Velg indikator", names, key="indicator_picker")


def render() -> None:
    page_setup()
    st.html(INDICATOR_CSS)
    if not cached(indicator_queries.any_indicator_data)():
        st.title("Indikator")
        st.info(EMPTY_INDICATORS)
        return
    head = st.container()
    versions = cached(indicator_queries.versions)()
    periods = [p for p, _t in cached(indicator_queries.national_periods)()]
    choice = settings_bar(versions, periods)
    selection: Selection = cached(attainment_service.assess_all)(
        as_of=choice.as_of,
        method=choice.method,
        composite_method=choice.composite_method,
        version=choice.version,
    )
    wanted = query_value("id")
    if wanted and wanted not in selection.by_code():
        _not_in_version(wanted, choice)
    code = _pick(selection)
    if not code:
        head.title("Indikator")
        st.info(
            "Velg en indikator over, eller klikk på en indikator på siden «Mål og indikatorer»."
        )
        return
    result = selection.by_code()[code]
    with head:
        _heading(result)
    _show(result, selection, choice)
    indicator_cases(code)


def _not_in_version(code: str, choice: Choice) -> None:
    found = [v for v in cached(indicator_queries.indicator_versions)(code) if v]
    if not found:
        st.warning(f"Finner ingen indikator med ID «{md_escape(code)}».")
        return
    st.warning(
        f"Indikator {md_escape(code)} er ikke med i indikatorsett {choice.version}. Den finnes i "
        f"{fmt.list_nb(found)}."
    )
    st.page_link(
        page("indikator"),
        label=f"Vis {md_escape(code)} i indikatorsett {found[-1]}",
        icon=":material/arrow_forward:",
        query_params={**choice.link_params(), "id": code, URL_VERSION: found[-1]},
    )


def _heading(result: IndicatorResult) -> None:
    d = result.definition
    unit = d["unit"]
    st.title(f"{md_escape(result.code)} {md_escape(d['name'])}")
    goal_names = {g["code"]: g["name"] for g in cached(queries.goals)()}
    goals = "; ".join(f"{g} {goal_names.get(g, '')}".strip() for g in result.goals)
    st.caption(
        md_escape(
            f"{TYPE_NB.get(d['type'], d['type'])} · {LEVEL_NB.get(d['level'], d['level'])} · "
            f"Mål: {goals} · Enhet: {unit or 'ikke oppgitt'} · Retning: {d['direction']} "
            f"({'høyere' if d['direction'] == 'Økende' else 'lavere'} er bedre) · "
            f"Datakilde: {d['source'] or 'ikke oppgitt'}"
        )
    )
    st.markdown(
        f"{status_badge(d['status'])} &nbsp; {category_badge(result.assessment.category)}",
        unsafe_allow_html=True,
    )
    if d["description"]:
        st.markdown(md_escape(d["description"]))


def _show(result: IndicatorResult, selection: Selection, choice: Choice) -> None:
    st.caption(choice.caption())
    if result.is_composite:
        _composite(result, selection, choice)
        return
    if not result.series:
        _no_values(result, choice)
        return
    _series_chart(result)
    _numbers(result)
    _areas(result, choice)


def _no_values(result: IndicatorResult, choice: Choice) -> None:
    d = result.definition
    if d["status"] == "Under arbeid":
        st.info(
            "Indikatoren er under arbeid og har ingen verdier ennå, så det er ikke noe diagram. "
            f"Planlagt datakilde: {md_escape(d['source'] or 'ikke oppgitt')}. "
            f"Mål for 2030: {md_escape(target_text(d['target_2030'], d['unit']))}."
        )
    else:
        cut = f" til og med {period_label(choice.as_of)}" if choice.as_of else ""
        st.info(f"Indikatoren har ingen verdier for hele landet{cut}.")
    st.markdown(md_escape(result.assessment.explanation_nb))


def _series_chart(result: IndicatorResult) -> None:
    d = result.definition
    a = result.assessment
    points = [(o.period, period_time(o.period), o.value) for o in result.series]
    st.subheader("Utvikling for hele landet")
    table = pd.DataFrame(
        {
            "Periode": [period_label(p) for p, _t, _v in points],
            "Verdi": [value_text(v, d["unit"]) for _p, _t, v in points],
            "Brukt som": [
                "basis" if p == a.base_period else "siste" if p == a.latest_period else ""
                for p, _t, _v in points
            ],
        }
    )
    chart(
        charts.indicator_figure(
            points, a, unit=d["unit"], direction=d["direction"], limit=d["limit"]
        ),
        finding=charts.indicator_finding(d["name"], a, unit=d["unit"], limit=d["limit"]),
        table=table,
        key="series",
    )


def _numbers(result: IndicatorResult) -> None:
    """The numbers the category was derived from, labelled for the method in use."""
    d = result.definition
    a = result.assessment
    unit = d["unit"]
    st.subheader("Tallene bak vurderingen")
    st.markdown(
        f"**Vurdering:** {category_label(a.category)} · "
        f"**Metode:** {METHOD_LABELS_NB[a.method]}"
        + (f" · {BASIS_NB[a.basis]}" if a.basis in BASIS_NB else "")
    )
    cols = st.columns(3)
    cols[0].metric(
        f"Basis ({period_text(a.base_period)})" if a.base_period else "Basis",
        value_text(a.base_value, unit),
        help="Første observasjon fra basisåret eller senere.",
        border=True,
    )
    cols[1].metric(
        f"Siste verdi ({period_text(a.latest_period)})" if a.latest_period else "Siste verdi",
        value_text(a.latest_value, unit),
        border=True,
    )
    cols[2].metric("Mål 2030", target_text(a.target, unit), border=True)
    growth = st.columns(4)
    growth[0].metric(
        "Observert årlig vekst",
        # as many decimals as the explanation beside it (trend thresholds need two)
        growth_text(a.observed_growth, 2 if a.basis == "trend" else 1),
        help="Gjennomsnittlig vekst per år fra basis til siste verdi.",
        border=True,
    )
    if a.basis == "target" or not a.thresholds:
        growth[1].metric(
            "Nødvendig årlig vekst",
            growth_text(a.required_growth),
            help="Veksten per år som trengs fra basis for å nå målet i 2030.",
            border=True,
        )
    else:
        growth[1].metric(
            "Grense for god fremgang",
            growth_text(a.thresholds[0], 2),
            help="Uten mål: årlig vekst i ønsket retning som regnes som god fremgang.",
            border=True,
        )
    label, hint = _progress_label(a)
    growth[2].metric(label, _progress_value(a), help=hint, border=True)
    growth[3].metric(
        "Poeng",
        "–" if a.score is None else fmt.number(a.score, 1),
        help="Fra −5 til +5; brukes når flere indikatorer slås sammen.",
        border=True,
    )
    st.markdown(md_escape(a.explanation_nb))
    if a.projected_2030 is not None:
        st.caption(
            f"Anslag for 2030 hvis utviklingen fortsetter som hittil: "
            f"{value_text(a.projected_2030, unit)}. Anslaget vises, men brukes ikke i vurderingen."
        )
    with st.expander("Slik regnes vurderingen ut"):
        st.markdown(_method_note(a))


def _progress_label(a: Assessment) -> tuple[str, str]:
    if a.method == "linear-trajectory":
        return "Andel av forventet", "Andelen av endringen som var forventet på en rett linje."
    if a.method == "share-of-distance":
        return "Andel av avstanden", "Andelen av avstanden fra basis til målet som er tilbakelagt."
    if a.basis == "target":
        return "Forhold", "Observert årlig vekst delt på nødvendig årlig vekst."
    return "Vekst i ønsket retning", "Årlig vekst, med fortegn slik at positivt er bra."


def _progress_value(a: Assessment) -> str:
    if a.progress is None:
        return "–"
    if a.method != "open-sdg":
        return fmt.fraction_percent(a.progress, 0)
    if a.basis == "trend":
        return growth_text(a.progress, 2)
    return fmt.number(a.progress, 2)


def _method_note(a: Assessment) -> str:
    if a.method == "linear-trajectory":
        return (
            "**Lineær bane mot målet.** En rett linje går fra basisverdien til målet i 2030. "
            "Ligger siste verdi på eller foran linjen, er fremgangen god. Ellers avgjør andelen av "
            "den forventede endringen som er nådd: minst 60 % gir moderat, minst 0 % begrenset "
            "fremgang, og under det tilbakegang. Metoden krever et mål for 2030."
        )
    if a.method == "share-of-distance":
        return (
            "**Andel av avstanden til målet.** Hvor stor del av avstanden fra basisverdien til "
            "målet som er tilbakelagt, sammenlignet med hvor stor del av tiden fram til 2030 som "
            "er gått. Like stor eller større andel gir god fremgang, minst 60 % av tidsandelen "
            "moderat, minst 0 begrenset fremgang, og under det tilbakegang. Metoden krever et mål."
        )
    return (
        "**Open SDG (fremdriftsmål)**, metoden som brukes av de nasjonale rapporteringsportalene "
        "for bærekraftsmålene. Årlig vekst = (siste verdi / basisverdi)^(1 / antall år) − 1.\n\n"
        "*Med mål for 2030:* forholdet mellom observert årlig vekst og veksten som trengs fra "
        "basisåret for å nå målet i 2030. Minst 0,95 gir «God fremgang», minst 0,60 «Moderat "
        "fremgang», minst 0 «Begrenset fremgang», og under 0 «Tilbakegang».\n\n"
        "*Uten mål:* den årlige veksten i ønsket retning sammenlignes med faste grenser: minst "
        "1,5 % per år gir god, minst 0,5 % moderat og minst 0 % begrenset fremgang. Nær en "
        "naturlig grense (for eksempel 100 % for en andel) blir grensene lavere.\n\n"
        "Når siste verdi har nådd målet, er vurderingen «Målet er nådd». Med mindre enn ett år "
        "mellom basis og siste observasjon er det «For lite data». Poengene (−5 til +5) brukes "
        "når flere indikatorer slås sammen."
    )


AREA_KINDS = {"local": "Fylker og kommuner", "region": "Helseregioner"}


def _areas(result: IndicatorResult, choice: Choice) -> None:
    d = result.definition
    code = result.code
    periods = cached(indicator_queries.area_periods)(code)
    if choice.as_of:
        cut = period_time(choice.as_of)
        periods = [p for p in periods if p["time"] <= cut]
    st.subheader("Fordeling på områder")
    if not periods:
        st.caption("Indikatoren har ingen tall fordelt på regioner, fylker eller kommuner.")
        return
    options = [p["period"] for p in periods]
    left, right = st.columns([1, 2])
    period = left.selectbox(
        "Periode",
        options,
        index=0,
        format_func=lambda p: period_label(p),
        key="area_period",
    )
    frame = cached(indicator_queries.area_values)(code, period)
    frame = frame.assign(kind=frame["area"].map(area_kind))
    kinds = [k for k in AREA_KINDS if (frame["kind"] == k).any()]
    kind = kinds[0]
    if len(kinds) > 1:
        kind = right.radio(
            "Områdenivå",
            kinds,
            format_func=AREA_KINDS.__getitem__,
            horizontal=True,
            key="area_kind",
        )
    frame = frame[frame["kind"] == kind].drop(columns="kind")
    national_frame = cached(indicator_queries.series)(code)
    match = national_frame[national_frame["period"] == period]
    national = float(match["value"].iloc[0]) if not match.empty else None
    table = pd.DataFrame(
        {
            "Område": frame["area"],
            "Verdi": [value_text(v, d["unit"]) for v in frame["value"]],
        }
    )
    chart(
        charts.area_bar(frame, national=national, unit=d["unit"], period=period),
        finding=charts.area_finding(
            frame, national=national, unit=d["unit"], period=period, direction=d["direction"]
        ),
        table=table,
        key="areas",
    )
    if len(frame) > SMALL_MULTIPLES_MAX:
        return
    over_time = cached(indicator_queries.area_series)(code, areas=list(frame["area"]))
    if choice.as_of:
        over_time = over_time[over_time["time"] <= period_time(choice.as_of)]
    if over_time["period"].nunique() < 2:
        return
    points = [(o.period, period_time(o.period), o.value) for o in result.series]
    st.markdown(f"**Utvikling per område ({AREA_KINDS[kind].lower()})**")
    wide = over_time.pivot_table(
        index=["time", "period"], columns="area", values="value", aggfunc="first"
    ).reset_index()
    wide["period"] = wide["period"].map(period_label)
    wide = wide.drop(columns="time").rename(columns={"period": "Periode"})
    wide.columns.name = None
    chart(
        charts.area_multiples(over_time, points, unit=d["unit"]),
        finding=charts.area_multiples_finding(over_time, unit=d["unit"]),
        table=wide,
        key="area_multiples",
    )


def _composite(result: IndicatorResult, selection: Selection, choice: Choice) -> None:
    a = result.assessment
    by_code = selection.by_code()
    st.subheader("Delindikatorer")
    st.markdown(
        f"Dette er en sammensatt indikator. Vurderingen bygger på de "
        f"{len(result.children)} delindikatorene med metoden "
        f"«{COMPOSITE_METHOD_LABELS_NB[choice.composite_method]}»."
    )
    children = [
        {"code": c, "name": by_code[c].definition["name"], "assessment": by_code[c].assessment}
        for c in result.children
    ]
    table = pd.DataFrame(
        {
            "Indikator": [f"{c['code']} {c['name']}" for c in children],
            "Vurdering": [category_label(c["assessment"].category) for c in children],
            "Poeng": [
                "–" if c["assessment"].score is None else fmt.number(c["assessment"].score, 1)
                for c in children
            ],
        }
    )
    chart(
        charts.children_figure(children),
        finding=children_finding(a),
        table=table,
        key="children",
    )
    link = choice.link_params()
    for c in children:
        cols = st.columns([6, 2.5], vertical_alignment="center")
        cols[0].page_link(
            page("indikator"),
            label=f"{md_escape(c['code'])} · {md_escape(c['name'])}",
            query_params={**link, "id": c["code"]},
        )
        cols[1].markdown(category_badge(c["assessment"].category), unsafe_allow_html=True)
    score = st.columns(2)
    score[0].metric(
        "Poeng for den sammensatte indikatoren",
        "–" if a.score is None else fmt.number(a.score, 1),
        border=True,
    )
    score[1].metric("Vurdering", category_label(a.category), border=True)
