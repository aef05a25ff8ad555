"""Mål og indikatorer: the goal tree (overarching goals, strategic goals, their indicators), how
each goal is going, and every indicator with its type, status, level, latest value, 2030 target
and attainment category. The method in use is always stated beside the results."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import pandas as pd
import streamlit as st

from dashboard import indicator_charts as charts
from dashboard.components import chart, md_escape, page_setup
from dashboard.data import cached
from dashboard.indicator_widgets import Choice, settings_bar
from dashboard.labels import (
    EMPTY_INDICATORS,
    INDICATOR_CSS,
    category_badge,
    category_label,
    count_badge,
    period_text,
    status_badge,
    target_text,
    value_text,
)
from dashboard.nav import page
from model import attainment_service, fmt, indicator_queries, queries
from model.attainment import CATEGORIES
from model.attainment_service import GoalAttainment, IndicatorResult
from model.text import goal_counts_finding
from model.vocab import ALL_GOALS, INDICATOR_LEVELS, INDICATOR_STATUSES, INDICATOR_TYPES

FILTERS = {
    "type": ("Type", INDICATOR_TYPES),
    "status": ("Status", INDICATOR_STATUSES),
    "niva": ("Nivå", INDICATOR_LEVELS),
    "mal": ("Mål", ALL_GOALS),
}
KIND_HEADINGS = (("overarching", "Overordnede mål"), ("strategic", "Strategiske mål"))
#: The name column and the rest (a grid of five: see ``.ehelse-cells`` in dashboard/theme.py).
ROW_SPLIT = [5.0, 8.9]


def _filters(goal_names: dict[str, str]) -> dict[str, list[str]]:
    """Multiselects for type, status, level and goal, starting from and written back to the URL."""
    chosen: dict[str, list[str]] = {}
    from_url = {key: st.query_params.get_all(key) for key in FILTERS}
    with st.expander("Filter", expanded=any(from_url.values())):
        columns = st.columns(len(FILTERS))
        for column, (key, (label, options)) in zip(columns, FILTERS.items(), strict=True):
            chosen[key] = column.multiselect(
                label,
                list(options),
                default=[v for v in from_url[key] if v in options],
                format_func=(lambda g: f"{g} {goal_names.get(g, '')}") if key == "mal" else str,
                placeholder="Alle",
                key=f"filter_{key}",
            )
    for key, values in chosen.items():
        if values:
            if st.query_params.get_all(key) != values:
                st.query_params[key] = values
        elif key in st.query_params:
            del st.query_params[key]
    return chosen


def _keep(result: IndicatorResult, chosen: dict[str, list[str]]) -> bool:
    d = result.definition
    return (
        (not chosen["type"] or d["type"] in chosen["type"])
        and (not chosen["status"] or d["status"] in chosen["status"])
        and (not chosen["niva"] or d["level"] in chosen["niva"])
    )


def render() -> None:
    page_setup()
    st.html(INDICATOR_CSS)
    st.title("Mål og indikatorer")
    if not cached(indicator_queries.any_indicator_data)():
        st.info(EMPTY_INDICATORS)
        return
    versions = cached(indicator_queries.versions)()
    periods = [p for p, _t in cached(indicator_queries.national_periods)()]
    choice = settings_bar(versions, periods, support_toggle=True)
    st.caption(choice.caption())
    goal_names = {g["code"]: g["name"] for g in cached(queries.goals)()}
    chosen = _filters(goal_names)
    summary = cached(attainment_service.summarize)(**_args(choice))
    selection, rollups = summary.selection, summary.goals
    shown_goals = [g for g in rollups if not chosen["mal"] or g.code in chosen["mal"]]
    results = [r for r in selection.results if _keep(r, chosen)]
    in_goals = [r for r in results if not chosen["mal"] or set(r.goals) & set(chosen["mal"])]
    st.caption(
        f"Viser {fmt.count_word(len(in_goals), 'indikator', 'indikatorer')} av "
        f"{len(selection.results)} i utvalget."
    )
    _overview(shown_goals, selection.results, choice)
    _tree(shown_goals, results, selection.by_code(), choice)


def _args(choice: Choice) -> dict:
    return {
        "as_of": choice.as_of,
        "method": choice.method,
        "composite_method": choice.composite_method,
        "version": choice.version,
        "include_support": choice.support,
    }


def _overview(
    goals: Sequence[GoalAttainment], results: tuple[IndicatorResult, ...], choice: Choice
) -> None:
    st.header("Måloppnåelse per mål")
    st.caption(
        ("Alle indikatorer telles" if choice.support else "Bare strategiske indikatorer telles")
        + " (en indikator med flere mål telles under hvert av dem). Filtrene for type, status "
        + "og nivå gjelder listen under, ikke tellingen. "
        + choice.caption()
    )
    counted = {code for g in goals for code in g.indicators}
    assessments = [r.assessment for r in results if r.code in counted]
    table = pd.DataFrame(
        {
            "Mål": [f"{g.code} {g.name}" for g in goals],
            "Snittpoeng": [
                "–" if g.mean_score is None else fmt.number(g.mean_score, 1) for g in goals
            ],
            **{category_label(c): [g.counts[c] for g in goals] for c in CATEGORIES},
        }
    )
    chart(
        charts.goal_counts_figure(goals, support=choice.support),
        finding=goal_counts_finding(goals, assessments, support=choice.support),
        table=table,
        key="goal_counts",
    )


def _ordered(results: list[IndicatorResult], by_code: dict[str, IndicatorResult]) -> list:
    """Indicators in ID order, each composite's children right after it (marked as children)."""
    codes = {r.code for r in results}
    out: list[tuple[IndicatorResult, bool]] = []
    placed: set[str] = set()
    for r in results:
        parent = r.definition["parent_code"]
        if r.code in placed or (parent in codes and parent in by_code):
            continue
        out.append((r, False))
        placed.add(r.code)
        for child in r.children:
            if child in codes and child not in placed:
                out.append((by_code[child], True))
                placed.add(child)
    out += [(r, True) for r in results if r.code not in placed]
    return out


def _tree(
    goals: Sequence[GoalAttainment],
    results: list[IndicatorResult],
    by_code: dict[str, IndicatorResult],
    choice: Choice,
) -> None:
    st.header("Indikatorer per mål")
    st.caption(
        "Klikk på en indikator for å se utviklingen, tallene bak vurderingen og fordelingen på "
        "områder. " + choice.caption()
    )
    link = choice.link_params()
    for kind, heading in KIND_HEADINGS:
        of_kind = [g for g in goals if g.kind == kind]
        if not of_kind:
            continue
        st.subheader(heading)
        for goal in of_kind:
            members = [r for r in results if goal.code in r.goals]
            with st.container(border=True):
                st.markdown(f"#### {goal.code} {md_escape(goal.name)}")
                _goal_summary(goal, choice)
                if not members:
                    st.caption("Ingen indikatorer med disse filtrene.")
                    continue
                _header_row()
                for result, is_child in _ordered(members, by_code):
                    _indicator_row(result, is_child, link)


def _goal_summary(goal: GoalAttainment, choice: Choice) -> None:
    badges = [count_badge(c, n) for c, n in goal.counts.items() if n]
    one, many = ("indikator", "indikatorer")
    if not choice.support:
        one, many = ("strategisk indikator", "strategiske indikatorer")
    mean = goal.mean_score
    if not badges:
        st.markdown(f"Ingen {many} ennå.")
        return
    score = "–" if mean is None else fmt.number(mean, 1)
    st.markdown(
        f"{fmt.count_word(goal.total, one, many)}: " + " ".join(badges) + f" · snittpoeng {score}",
        unsafe_allow_html=True,
    )


def _header_row() -> None:
    name, rest = st.columns(ROW_SPLIT)
    name.caption("**Indikator**")
    rest.markdown(
        _cells(("Type og nivå", "Status", "Siste verdi", "Mål 2030", "Vurdering"), header=True),
        unsafe_allow_html=True,
    )


def _cells(cells: Sequence[str], *, header: bool = False) -> str:
    """One row's cells after the name as a CSS grid (``.ehelse-cells`` in the page CSS): one
    element instead of five columns, which kept a page of 40 rows under 150 ms. ``cells`` are
    HTML: callers escape every text that comes from a workbook."""
    tag = "strong" if header else "span"
    inner = "".join(f"<div><{tag}>{c}</{tag}></div>" for c in cells)
    return f'<div class="ehelse-cells{" head" if header else ""}">{inner}</div>'


def _indicator_row(result: IndicatorResult, is_child: bool, link: dict[str, str]) -> None:
    d = result.definition
    a = result.assessment
    name, rest = st.columns(ROW_SPLIT, vertical_alignment="center")
    prefix = "↳ " if is_child else ""
    name.page_link(
        page("indikator"),
        label=f"{prefix}{md_escape(result.code)} · {md_escape(d['name'])}",
        query_params={"id": result.code, **link},
    )
    kind = escape(d["type"]) + "<br>" + escape(d["level"])
    if result.is_composite:
        kind += "<br>sammensatt"
    latest = result.latest
    if latest is not None:
        value = (
            f"<strong>{escape(value_text(latest.value, d['unit']))}</strong><br>"
            f"{escape(period_text(latest.period))}"
        )
    else:
        value = "–"
    target = escape(target_text(d["target_2030"], d["unit"]))
    rest.markdown(
        _cells((kind, status_badge(d["status"]), value, target, category_badge(a.category))),
        unsafe_allow_html=True,
    )
    if d["status"] == "Under arbeid":
        description = d["description"] or "Ingen beskrivelse ennå."
        source = d["source"] or "ikke oppgitt"
        st.caption(
            f"Under arbeid: {md_escape(description)} Planlagt datakilde: {md_escape(source)}."
        )
