"""Oversikt: what changed since the last round, which measures are red or turned yellow, and why.

The answer is on the first screen: the summary sentence, the headline numbers with their change,
and the red measures by name."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, labels
from dashboard.components import (
    below_the_fold,
    chart,
    first_line,
    kpi,
    md_escape,
    page_setup,
    round_picker,
)
from dashboard.data import engine, q
from dashboard.nav import page
from dashboard.theme import status_label
from model import fmt
from model.text import status_text, yellow_share


def render() -> None:
    page_setup()
    rounds = q("list_rounds")
    if not rounds:
        st.title("Oversikt")
        st.info(labels.EMPTY_DATABASE)
        return
    head, picker = st.columns([3, 1], vertical_alignment="bottom")
    with picker:
        current = round_picker(rounds)
    summary = q("round_summary", current)
    previous = q("round_summary", summary["previous_round"]) if summary["previous_round"] else None
    with head:
        st.title(f"Oversikt {current}")
        info = q("round_info", current) or {}
        if info.get("deadline"):
            st.caption(
                f"{fmt.round_label(current)} · rapporteringsfrist {fmt.long_date(info['deadline'])}"
            )
    draft = status_text(engine(), summary, previous)
    st.markdown(md_escape(draft))
    _headline(summary, previous)
    _red(current)
    if below_the_fold("oversikt"):
        _changes(current, summary["previous_round"])
        _distribution(current)
        _meeting(current, draft)


def _headline(summary: dict, previous: dict | None) -> None:
    if previous:
        st.caption(f"Tallene under pilene er endringen siden {previous['round']}.")
    cols = st.columns(6)
    since = None  # stated once in the caption above: the cards are too narrow for it

    def delta(key: str) -> float | None:
        if not previous:
            return None
        now, before = summary[key], previous[key]
        return (len(now) - len(before)) if isinstance(now, list) else now - before

    kpi(cols[0], "Aktive tiltak", summary["active"], delta("active"), since=since)
    kpi(
        cols[1],
        "Nye tiltak",
        len(summary["new"]),
        help_text="Tiltak som ikke var med i forrige runde.",
    )
    kpi(cols[2], "Ferdigstilt", summary["completed"], delta("completed"), since=since)
    kpi(cols[3], "På pause", summary["paused"], delta("paused"), bad_when_up=True, since=since)
    kpi(cols[4], "■ Rød status", len(summary["red"]), delta("red"), bad_when_up=True, since=since)
    share_now = yellow_share(summary)
    share_before = yellow_share(previous) if previous else None
    kpi(
        cols[5],
        "▲ Andel gul",
        fmt.percent(share_now, 0) if share_now is not None else "–",
        None if share_before is None or share_now is None else share_now - share_before,
        bad_when_up=True,
        delta_text=None
        if share_before is None or share_now is None
        else f"{fmt.signed(share_now - share_before, 0)} pp",
        since=since,
        help_text="Andelen av de aktive tiltakene som melder gul samlet status. Endringen er i prosentpoeng (pp).",
    )


def _red(current: str) -> None:
    red = q("red_measures", current)
    st.subheader(f"Tiltak med rød status ({len(red)})")
    if not red:
        st.success("Ingen tiltak melder rød status i denne runden.")
        return
    for item in red:
        with st.container(border=True):
            st.markdown(f"#### ■ Rød · {md_escape(fmt.shorten(item['name']))}")
            st.markdown(
                f"**{md_escape(fmt.shorten(item['owner']))}** · {md_escape(item['code'])} · "
                f"{md_escape(item['phase'])} · {md_escape(item['state'])}"
            )
            if len(item["name"]) > fmt.NAME_LIMIT:
                st.caption("Navnet er forkortet. Hele navnet står på siden til tiltaket.")
            if item["comment"]:
                st.markdown(md_escape(first_line(item["comment"], 300)))
            st.page_link(
                page("tiltak"),
                label=f"Åpne {md_escape(item['code'])} med historikk og kommentarer",
                icon=":material/arrow_forward:",
                query_params={"id": item["code"]},
            )


def _changes(current: str, prev: str | None) -> None:
    if not prev:
        return
    changes = q("colour_changes", current)
    worse = sum(1 for c in changes if c["worse"])
    st.subheader(f"Endret farge siden {prev}")
    if not changes:
        st.info("Ingen tiltak har endret samlet status siden forrige runde.")
        return
    st.caption(
        f"{fmt.count_word(worse, 'tiltak', 'tiltak')} fikk dårligere status, "
        f"{fmt.count_word(len(changes) - worse, 'tiltak', 'tiltak')} bedre. Forverringer står først. "
        "Velg en rad for å se tiltaket."
    )
    frame = pd.DataFrame(
        {
            "Tiltak-ID": [c["code"] for c in changes],
            "Tiltak": [fmt.shorten(c["name"]) for c in changes],
            "Tiltakseier": [fmt.shorten(c["owner"]) for c in changes],
            f"Status {prev}": [status_label(c["from"]) for c in changes],
            f"Status {current}": [status_label(c["to"]) for c in changes],
            "Endring": ["Forverret" if c["worse"] else "Forbedret" for c in changes],
            "Kommentar": [first_line(c["comment"], 140) for c in changes],
        }
    )
    from dashboard.components import style_status

    event = st.dataframe(
        style_status(frame, [f"Status {prev}", f"Status {current}"]),
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key="changes_table",
        height="content",
    )
    _follow_selection(event, frame)


def _follow_selection(event, frame: pd.DataFrame) -> None:  # noqa: ANN001 - streamlit event
    rows = event.selection.rows if event and event.selection else []
    if rows:
        st.switch_page(page("tiltak"), query_params={"id": frame.iloc[rows[0]]["Tiltak-ID"]})


def _meeting(current: str, draft: str) -> None:
    """The meeting paper's draft text to copy, the meeting pack to download, the meeting mode."""
    from dashboard import meeting_pack

    st.divider()
    meeting_pack.draft_text(draft)
    meeting_pack.downloads(current)
    st.page_link(
        page("motemodus"),
        label=f"Forbered møtemodus for {current} (presentasjon på storskjerm)",
        icon=":material/slideshow:",
        query_params={"oppsett": "1", "runde": current},
    )


def _distribution(current: str) -> None:
    # The rounds up to the chosen one (not the newest in the database), as the meeting pack
    # of that round shows them.
    frame = q("colour_distribution", 8, current)
    st.subheader(f"Fargefordeling til og med {current}")
    table = frame.rename(columns={"round": "Runde"})
    chart(
        charts.colour_distribution(frame),
        finding=charts.colour_distribution_finding(frame),
        table=table,
        key="distribution",
    )
