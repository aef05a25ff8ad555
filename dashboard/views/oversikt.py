"""Oversikt: what changed since the last round, which measures are red or turned yellow, and why.

The answer is on the first screen: the summary sentence, the headline numbers with their change,
and the red measures by name."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, labels
from dashboard.cases_widgets import open_follow_ups
from dashboard.components import (
    below_the_fold,
    chart,
    first_line,
    md_escape,
    metric_card,
    open_round_banner,
    page_setup,
    round_picker,
)
from dashboard.data import cached, round_report
from dashboard.export.slides import distribution_table, figure_metrics
from dashboard.nav import page
from dashboard.theme import status_label
from model import fmt, queries
from model.periods import finish_text, round_label
from model.round_report import ColourChange, RoundReport, Slip
from model.text import distribution_finding, risk_line, slip_line, status_text


def render() -> None:
    page_setup()
    rounds = cached(queries.list_rounds)()
    if not rounds:
        st.title("Oversikt")
        st.info(labels.EMPTY_DATABASE)
        return
    head, picker = st.columns([3, 1], vertical_alignment="bottom")
    with picker:
        current = round_picker(rounds)
    report = round_report(current)
    with head:
        st.title(f"Oversikt {current}")
        if report.deadline:
            st.caption(
                f"{round_label(current)} · rapporteringsfrist {fmt.long_date(report.deadline)}"
            )
    open_round_banner(current)
    # The figures first (on a phone too), then the paragraph the secretariat writes.
    _headline(report)
    draft = status_text(report)
    st.markdown(md_escape(draft))
    _red(report)
    if below_the_fold("oversikt"):
        _changes(report)
        _slipped(report)
        _at_risk(report)
        _distribution(report)
        _meeting(current, draft)
        open_follow_ups(current, limit=5)


def _headline(report: RoundReport) -> None:
    if report.previous_round:
        st.caption(f"Tallene under pilene er endringen siden {report.previous_round}.")
    items = figure_metrics(report)
    for column, item in zip(st.columns(len(items)), items, strict=True):
        metric_card(column, item)


def _red(report: RoundReport) -> None:
    red = report.red
    st.subheader(f"Tiltak med rød status ({len(red)})")
    if not red:
        st.success("Ingen tiltak melder rød status i denne runden.")
        return
    for item in red:
        with st.container(border=True):
            st.markdown(f"#### ■ Rød · {md_escape(fmt.shorten(item.name))}")
            st.markdown(
                f"**{md_escape(fmt.shorten(item.owner))}** · {md_escape(item.code)} · "
                f"{md_escape(item.phase)} · {md_escape(item.state)}"
            )
            if len(item.name) > fmt.NAME_LIMIT:
                st.caption("Navnet er forkortet. Hele navnet står på siden til tiltaket.")
            if item.comment:
                st.markdown(md_escape(first_line(item.comment, 300)))
            st.page_link(
                page("tiltak"),
                label=f"Åpne {md_escape(item.code)} med historikk og kommentarer",
                icon=":material/arrow_forward:",
                query_params={"id": item.code, "runde": report.round},
            )


def _changes(report: RoundReport) -> None:
    """Worse first, each with its colours (shape and word), owner and comment — the «why» is
    what members read, so it wraps instead of being cut; the better ones below, folded."""
    prev = report.previous_round
    if not prev:
        return
    changes = report.changes_worse_first
    worse = report.worse
    st.subheader(f"Endret farge siden {prev}")
    if not changes:
        st.info("Ingen tiltak har endret samlet status siden forrige runde.")
        return
    st.caption(
        f"{fmt.count_word(len(worse), 'tiltak', 'tiltak')} fikk dårligere status, "
        f"{fmt.count_word(len(changes) - len(worse), 'tiltak', 'tiltak')} bedre. "
        "Forverringer står først."
    )
    for change in worse:
        _change_item(change, report.round)
    better = [c for c in changes if not c.worse]
    if better:
        with st.expander(f"Fått bedre status ({len(better)})"):
            for change in better:
                _change_item(change, report.round)


def _change_item(change: ColourChange, round_code: str) -> None:
    _measure_card(
        change,
        f"{status_label(change.before)} → {status_label(change.after)} "
        f"({'forverret' if change.worse else 'forbedret'})",
        round_code,
        f"Åpne {md_escape(change.code)}",
    )


def _measure_card(
    item: ColourChange | Slip, line_md: str, round_code: str, link_label: str
) -> None:
    """One measure in a bordered card: ID, name and owner, a line that says what happened
    (``line_md``: already safe Markdown), the comment that says why, a link to its page."""
    with st.container(border=True):
        st.markdown(
            f"**{md_escape(item.code)} {md_escape(fmt.shorten(item.name))}** · "
            f"{md_escape(fmt.shorten(item.owner))}  \n{line_md}"
        )
        if item.comment:
            st.markdown(md_escape(first_line(item.comment, 400)))
        st.page_link(
            page("tiltak"),
            label=link_label,
            icon=":material/arrow_forward:",
            query_params={"id": item.code, "runde": round_code},
        )


def _slipped(report: RoundReport) -> None:
    """Planlagt ferdig moved later since the previous round: most months first, with the
    comment that says why."""
    prev = report.previous_round
    if not prev:
        return
    slipped = report.slipped_most_first
    st.subheader(f"Forsinket siden forrige runde ({len(slipped)})")
    _milestones_slipped(report)
    if not slipped:
        st.info(f"Ingen tiltak har flyttet planlagt ferdig til senere siden {prev}.")
        return
    st.caption(
        f"Tiltak som har flyttet planlagt ferdig til senere siden {prev}, flest måneder først."
    )
    for slip in slipped:
        _measure_card(
            slip,
            md_escape(slip_line(slip)),
            report.round,
            f"Åpne {md_escape(slip.code)} med planlagt ferdig per runde",
        )


def _milestones_slipped(report: RoundReport) -> None:
    from model.text import months_words

    moved = report.milestones_slipped
    if not moved:
        return
    with st.expander(
        f"Milepæler med senere planlagt dato enn i {report.previous_round} ({len(moved)})"
    ):
        st.markdown(
            "\n".join(
                f"- **{md_escape(m.code)}** {md_escape(m.name)}: "
                f"{finish_text(m.previous_planned)} → {finish_text(m.planned)} "
                f"({months_words(m.slip_months or 0)}) · {md_escape(m.status)}"
                for m in moved
            )
        )


#: How many measures at risk are listed before the rest is folded away.
AT_RISK_SHOWN = 8


def _at_risk(report: RoundReport) -> None:
    """Measures that depend, directly or through others, on a red or yellow measure."""
    items = report.at_risk
    st.subheader(f"I risiko via avhengighet ({len(items)})")
    if not items:
        st.info("Ingen tiltak avhenger av et tiltak med rød eller gul status.")
    else:
        st.caption(
            "Tiltak som avhenger av et tiltak med rød eller gul status, direkte eller via andre "
            "tiltak. Rød står først, deretter korteste kjede."
        )
        for item in items[:AT_RISK_SHOWN]:
            _risk_item(item, report.round)
        if len(items) > AT_RISK_SHOWN:
            with st.expander(f"Flere i risiko via avhengighet ({len(items) - AT_RISK_SHOWN})"):
                for item in items[AT_RISK_SHOWN:]:
                    _risk_item(item, report.round)
    if report.dependency_cycles:
        from model.dependencies import cycle_text

        st.warning(
            "Avhengighetene går i ring: "
            + "; ".join(cycle_text(c) for c in report.dependency_cycles)
            + ". Sjekk rapporten; ringen er tegnet på Veikart."
        )


def _risk_item(item, round_code: str) -> None:  # noqa: ANN001 - model.dependencies.AtRisk
    own = status_label(item.status) if item.status else "uten status"
    st.markdown(
        f"- **{md_escape(item.code)} {md_escape(fmt.shorten(item.name))}** ({own}) "
        f"{md_escape(risk_line(item))}"
    )


def _meeting(current: str, draft: str) -> None:
    """The meeting paper's draft text to copy, the meeting pack to download, the meeting mode."""
    from dashboard import meeting_pack

    st.divider()
    meeting_pack.draft_text(draft)
    proposal = meeting_pack.proposal_editor(current)
    meeting_pack.downloads(current, proposal)
    st.page_link(
        page("motemodus"),
        label=f"Forbered møtemodus for {current} (presentasjon på storskjerm)",
        icon=":material/slideshow:",
        query_params={"oppsett": "1", "runde": current},
    )


def _distribution(report: RoundReport) -> None:
    # The rounds up to the chosen one (not the newest in the database), as the meeting pack
    # of that round shows them.
    st.subheader(f"Fargefordeling til og med {report.round}")
    columns, rows = distribution_table(report.distribution)
    chart(
        charts.colour_distribution(report.distribution),
        finding=distribution_finding(report.distribution),
        table=pd.DataFrame(rows, columns=list(columns)),
        key="distribution",
    )
