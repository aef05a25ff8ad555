"""The councils' cases on the pages: cached access to :mod:`model.cases`, a case as a card, the
section «Saker i rådene» of a measure's and an indicator's page, and the list of open follow-ups.

Public functions other pages call (one line each):

* :func:`measure_cases` (``tiltak``) and :func:`indicator_cases` (``indikator``): the section
  «Saker i rådene» at the end of the page;
* :func:`open_follow_ups` (``oversikt``): the decisions waiting for a follow-up.

Cases are portfolio content: in public mode (``EHELSE_PUBLIC_MODE``) these show nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard.auth import current_access
from dashboard.components import first_line, md_escape
from dashboard.data import cached
from dashboard.nav import page
from dashboard.theme import status_label
from model import cases as case_queries
from model import fmt
from model.cases import Case

#: Shapes that every font here has (an emoji clock shows as an empty box without an emoji font).
FOLLOW_UP_ICON = {"due": "◆", "pending": "○", "answered": "✓"}


def _hidden() -> bool:
    """Cases are portfolio content: never in the public indicator dashboard."""
    return current_access().mode == "public"


def can_edit() -> bool:
    return current_access().can("edit-cases")


def case_params(case: Case) -> dict[str, str]:
    """The address of a case's page (``sak?forum=NUIT&nr=41/25``)."""
    return {"forum": case.forum, "nr": case.number}


def case_name(case: Case) -> str:
    """``NUIT sak 41/25``."""
    return f"{case.forum} sak {case.number}"


def follow_up_line(case: Case) -> str | None:
    """The follow-up with icon and words (never colour alone), or None."""
    if not case.follow_up_by or not case.follow_up:
        return None
    icon = FOLLOW_UP_ICON[case.follow_up]
    if case.follow_up == "due":
        return f"{icon} Oppfølging ventes: vedtaket ba om oppfølging innen {case.follow_up_by}"
    if case.follow_up == "answered" and case.answered_by:
        _forum, number, when = case.answered_by
        return (
            f"{icon} Fulgt opp: oppfølging innen {case.follow_up_by}, tatt opp igjen i sak "
            f"{number} ({fmt.short_date(when)})"
        )
    return f"{icon} Oppfølging innen {case.follow_up_by} (ikke kommet ennå)"


def decision_markdown(case: Case, *, limit: int | None = None) -> str:
    """The decision, or — before the meeting has decided — the proposal, said so in words."""

    def shown(text: str) -> str:
        return md_escape(first_line(" ".join(text.split()), limit) if limit else text)

    if case.decision:
        return f"**Vedtak:** {shown(case.decision)}"
    if case.proposal:
        return f"**Forslag til vedtak** (ikke behandlet ennå): {shown(case.proposal)}"
    return "_Ikke behandlet ennå, og uten forslag til vedtak._"


def measures_line(case: Case, round_code: str | None = None) -> str | None:
    """``Gjelder nå: «Mine timeavtaler» (T-0057) ■ Rød i 2025-K4`` — the measures' status now
    (or in ``round_code``)."""
    if not case.measures:
        return None
    status = cached(case_queries.measure_status)(case.measures, until_round=round_code)
    parts = []
    for code in case.measures:
        info = status.get(code)
        if info is None:
            parts.append(f"{code} (ukjent tiltak)")
            continue
        colour = status_label(info["status"]) if info["status"] else "uten status"
        parts.append(f"«{info['name']}» ({code}) {colour} i {info['round']}")
    return "Gjelder nå: " + "; ".join(parts)


def case_card(
    case: Case,
    *,
    key: str,
    limit: int | None = None,
    show_title: bool = True,
    with_measures: bool = False,
    round_code: str | None = None,
) -> None:
    """One case in a bordered box: who and when, the title, the decision, the follow-up, a link;
    ``with_measures``: also the status of the measures it concerns, now or in ``round_code``."""
    with st.container(border=True):
        st.markdown(
            f"**{md_escape(case_name(case))}** · {fmt.long_date(case.date)} · "
            f"{md_escape(case.type)}"
        )
        if show_title:
            st.markdown(f"##### {md_escape(case.title)}")
        st.markdown(decision_markdown(case, limit=limit))
        line = follow_up_line(case)
        if line:
            st.markdown(md_escape(line))
        measures = measures_line(case, round_code) if with_measures else None
        if measures:
            st.caption(md_escape(measures))
        st.page_link(
            page("sak"),
            label=f"Åpne {md_escape(case_name(case))}",
            icon=":material/arrow_forward:",
            query_params=case_params(case),
        )


def _about(cases: Sequence[Case], what: str, empty: str) -> None:
    st.subheader("Saker i rådene")
    if not cases:
        st.caption(empty)
        return
    decided = sum(c.decided for c in cases)
    st.caption(
        f"Rådene har behandlet {what} i {fmt.count_word(len(cases), 'sak', 'saker')} "
        f"({fmt.count_word(decided, 'vedtak', 'vedtak')}). Nyeste først."
    )
    for index, case in enumerate(reversed(cases)):
        case_card(case, key=f"about_{index}", limit=400)


def measure_cases(code: str) -> None:
    """«Saker i rådene» on a measure's page: the councils' cases and decisions about it."""
    if _hidden():
        return
    _about(
        cached(case_queries.cases_for_measure)(code),
        "tiltaket",
        "Rådene har ingen saker om dette tiltaket ennå.",
    )


def indicator_cases(code: str) -> None:
    """«Saker i rådene» on an indicator's page: the councils' cases and decisions about it."""
    if _hidden():
        return
    _about(
        cached(case_queries.cases_for_indicator)(code),
        "indikatoren",
        "Rådene har ingen saker om denne indikatoren ennå.",
    )


def open_follow_ups(round_code: str | None = None, *, limit: int | None = None) -> None:
    """The decisions that asked for a follow-up by a round that has come and that the council
    has not taken up again (model.cases.open_follow_ups), oldest due first. ``round_code``: as of
    that round (the round a page shows), with the measures' status in that round; default: now."""
    if _hidden():
        return
    due = cached(case_queries.open_follow_ups)(round_code)
    st.subheader(f"Åpne oppfølgingspunkter fra rådene ({len(due)})")
    until = f" til og med {round_code}" if round_code else ""
    if not due:
        st.success(f"Ingen vedtak venter på oppfølging{until}.", icon=":material/check:")
        return
    st.caption(
        f"Vedtak{until} som ba om oppfølging innen en runde som er kommet, og som rådet ikke har "
        "tatt opp igjen i et senere møte."
    )
    for index, case in enumerate(due[:limit] if limit else due):
        case_card(case, key=f"due_{index}", limit=300, with_measures=True, round_code=round_code)
    if limit and len(due) > limit:
        st.page_link(
            page("moter"),
            label=f"Se alle {len(due)} på siden Møter",
            icon=":material/arrow_forward:",
        )
