"""Registrer sak: editors add a meeting, add or change a case, and record a decision.

The role is checked here (require_page) and again by the library (importers.case_edits), which
validates exactly like the ``Saker`` workbook. Each save is its own entry in the import history
(it can be undone there) and in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard.auth import current_actor, require_page
from dashboard.components import md_escape, page_setup, query_value
from dashboard.data import cached, engine
from dashboard.nav import page
from importers.case_edits import (
    CaseEditRefused,
    CaseInput,
    EditResult,
    MeetingInput,
    case_input,
    record_decision,
    save_case,
    save_meeting,
)
from model import cases as case_queries
from model import fmt, queries
from model.access import PermissionDenied
from model.vocab import CASE_TYPES, FORUMS

NEW_CASE, EDIT_CASE, NEW_MEETING = "Ny sak", "Vedtak eller endring", "Nytt møte"
NONE = ""


def render() -> None:
    page_setup()
    st.title("Registrer sak")
    require_page("edit-cases")
    st.caption(
        "Registrer møter, saker og vedtak her, eller last opp mange på en gang som en "
        "saksarbeidsbok på siden «Last opp». Hver lagring kontrolleres som en rad i arbeidsboken, "
        "føres i importhistorikken og revisjonsloggen, og kan angres under «Importhistorikk»."
    )
    _message()
    editing = query_value("forum") and query_value("nr")
    default = EDIT_CASE if editing else NEW_CASE
    if query_value("ny") == "mote":
        default = NEW_MEETING
    follow_on = st.session_state.pop("_edit_next_action", None)
    if follow_on:  # after saving a meeting, go on to its first case
        st.session_state["edit_action"] = follow_on
    action = st.segmented_control(
        "Hva vil du registrere?",
        [NEW_CASE, EDIT_CASE, NEW_MEETING],
        default=default,
        key="edit_action",
    )
    meetings = cached(case_queries.list_meetings)()
    if action == NEW_MEETING:
        _meeting_form()
    elif action == EDIT_CASE:
        _edit_case(meetings)
    elif action == NEW_CASE:
        if not meetings:
            st.info("Registrer et møte først: en sak hører til et møte.")
            _meeting_form()
            return
        _case_form(meetings, None, key="new")


def _message() -> None:
    message = st.session_state.pop("case_edit_message", None)
    if not message:
        return
    kind, text, params = message
    (st.success if kind == "success" else st.info)(text)
    if params:
        st.page_link(
            page("sak"), label="Åpne saken", icon=":material/arrow_forward:", query_params=params
        )


def _report(result: EditResult, params: dict[str, str] | None) -> None:
    if result.changed:
        text = (
            f"Lagret som import nummer {result.batch_id}: {md_escape(result.description)}. "
            "Endringen kan angres under «Importhistorikk»."
        )
        if result.warnings:
            text += " Merk: " + " ".join(md_escape(w.message) for w in result.warnings)
        st.session_state["case_edit_message"] = ("success", text, params)
    else:
        st.session_state["case_edit_message"] = (
            "info",
            "Ingen endring: ingenting er lagret.",
            params,
        )
    st.rerun()


def _attempt(save: Callable[[], EditResult]) -> EditResult | None:
    """Run a save; a refusal (with its problems) or a missing permission is said on the page,
    and nothing is returned."""
    try:
        return save()
    except CaseEditRefused as refused:
        _refused(refused)
    except PermissionDenied as denied:
        st.error(str(denied))
    return None


def _refused(refused: CaseEditRefused) -> None:
    st.error("Ikke lagret. Rett dette og prøv igjen:")
    for issue in refused.issues:
        where = f"**{md_escape(issue.column)}:** " if issue.column else ""
        st.markdown(f"- {where}{md_escape(issue.message)}")


def _meeting_form() -> None:
    with st.form("meeting_form", clear_on_submit=False):
        st.subheader("Nytt møte")
        c1, c2 = st.columns(2)
        code = c1.text_input("Møte-ID", placeholder="NUIT-2026-1", key="m_code")
        forum = c2.selectbox(
            "Forum",
            [*FORUMS, *[f for f in cached(case_queries.forums)() if f not in FORUMS]],
            accept_new_options=True,
            key="m_forum",
            help="Velg fra listen, eller skriv navnet på et annet forum.",
        )
        c3, c4 = st.columns(2)
        when = c3.date_input("Dato", value=None, format="DD.MM.YYYY", key="m_date")
        place = c4.text_input("Sted (valgfritt)", key="m_place")
        submitted = st.form_submit_button("Lagre møtet", type="primary")
    if not submitted:
        return
    result = _attempt(
        lambda: save_meeting(
            engine(),
            MeetingInput(code=code, forum=forum or "", date=when, place=place),
            actor=current_actor(),
        )
    )
    if result is None:
        return
    st.query_params.clear()
    st.query_params["mote"] = code.strip()
    st.session_state["_edit_next_action"] = NEW_CASE
    _report(result, None)


def _listed(text: str) -> list[str]:
    """The codes of a comma-separated list."""
    return [t.strip() for t in text.split(",") if t.strip()]


def _linked(
    label: str, names: dict[str, str], current: str, *, unknown: str, key: str, placeholder: str
) -> list[str]:
    """The measures or indicators a case is linked to: every known code (and any linked code no
    longer known, named ``unknown``), the case's current links chosen."""
    linked = _listed(current)
    return st.multiselect(
        label,
        list(dict.fromkeys([*names, *linked])),
        default=linked,
        format_func=lambda c: f"{c} · {names.get(c, unknown)}",
        key=key,
        placeholder=placeholder,
    )


def _edit_case(meetings: list[dict]) -> None:
    cases = cached(case_queries.list_cases)()
    if not cases:
        st.info("Ingen saker er registrert ennå.")
        return
    keys = [c.key for c in reversed(cases)]
    titles = {c.key: c.title for c in cases}
    wanted = (query_value("forum"), query_value("nr"))
    chosen = st.selectbox(
        "Sak",
        keys,
        index=keys.index(wanted) if wanted in keys else 0,
        format_func=lambda k: f"{k[0]} {k[1]} · {titles[k]}",
        key="edit_pick",
    )
    st.query_params["forum"], st.query_params["nr"] = chosen
    current = case_input(engine(), *chosen)
    if current is None:
        st.warning("Saken finnes ikke lenger. Last siden på nytt.")
        return
    _decision_form(chosen, current)
    with st.expander("Endre alle feltene i saken"):
        _case_form(meetings, (chosen, current), key=f"edit_{chosen[0]}_{chosen[1]}")


def _round_text(label: str, value: str, key: str, help_text: str) -> str:
    return st.text_input(label, value=value, placeholder="2026-K1", key=key, help=help_text)


def _decision_form(chosen: tuple[str, str], current: CaseInput) -> None:
    key = f"{chosen[0]}_{chosen[1]}"
    with st.form(f"decision_{key}"):
        st.subheader(f"Vedtak i sak {md_escape(chosen[1])} ({md_escape(chosen[0])})")
        if current.proposal:
            st.markdown(f"**Forslag til vedtak:** {md_escape(current.proposal)}")
        decision = st.text_area(
            "Vedtak",
            value=current.decision or current.proposal,
            height=140,
            key=f"d_text_{key}",
            help="Vedtaket slik møtet fattet det. Forslaget står der som utgangspunkt.",
        )
        follow = _round_text(
            "Vedtaket ber om oppfølging innen (valgfritt)",
            current.follow_up_by,
            f"d_follow_{key}",
            "Runden vedtaket ber om oppfølging innen, for eksempel 2026-K1.",
        )
        submitted = st.form_submit_button("Lagre vedtaket", type="primary")
    if not submitted:
        return
    result = _attempt(
        lambda: record_decision(
            engine(), *chosen, decision, actor=current_actor(), follow_up_by=follow
        )
    )
    if result is None:
        return
    _report(result, {"forum": chosen[0], "nr": chosen[1]})


def _case_form(
    meetings: list[dict], existing: tuple[tuple[str, str], CaseInput] | None, *, key: str
) -> None:
    current = existing[1] if existing else None
    codes = [m["code"] for m in meetings]
    by_code = {m["code"]: m for m in meetings}
    wanted = current.meeting if current else query_value("mote")
    measures = cached(queries.measure_names)()
    indicators = {i["id"]: i["name"] for i in cached(queries.indicator_choices)()}
    goals = {g["code"]: g["name"] for g in cached(queries.goals)()}
    rounds = cached(queries.list_rounds)()

    with st.form(f"case_form_{key}"):
        st.subheader("Endre saken" if current else "Ny sak")
        c1, c2 = st.columns([1, 3])
        number = c1.text_input(
            "Saksnummer",
            value=current.number if current else "",
            placeholder="41/25",
            key=f"{key}_nr",
        )
        meeting = c2.selectbox(
            "Møte",
            codes,
            index=codes.index(wanted) if wanted in codes else 0,
            format_func=lambda c: (
                f"{by_code[c]['forum']} {fmt.long_date(by_code[c]['date'])} ({c})"
            ),
            key=f"{key}_meeting",
        )
        title = st.text_input("Tittel", value=current.title if current else "", key=f"{key}_title")
        case_type = st.selectbox(
            "Sakstype",
            CASE_TYPES,
            index=CASE_TYPES.index(current.case_type) if current else 1,
            key=f"{key}_type",
        )
        proposal = st.text_area(
            "Forslag til vedtak", value=current.proposal if current else "", key=f"{key}_prop"
        )
        decision = st.text_area(
            "Vedtak (tomt til møtet har behandlet saken)",
            value=current.decision if current else "",
            key=f"{key}_dec",
        )
        chosen_measures = _linked(
            "Tiltak",
            measures,
            current.measures if current else "",
            unknown="ukjent tiltak",
            key=f"{key}_measures",
            placeholder="Velg tiltak",
        )
        chosen_indicators = _linked(
            "Indikatorer",
            indicators,
            current.indicators if current else "",
            unknown="ukjent indikator",
            key=f"{key}_indicators",
            placeholder="Velg indikatorer",
        )
        chosen_goals = st.multiselect(
            "Mål",
            list(goals),
            default=[g for g in _listed(current.goals) if g in goals] if current else [],
            format_func=lambda g: f"{g} {goals[g]}",
            key=f"{key}_goals",
            placeholder="Velg mål",
        )
        c3, c4 = st.columns(2)
        round_options = [NONE, *reversed(rounds)]
        round_code = c3.selectbox(
            "Runde saken gjelder (valgfritt)",
            round_options,
            index=round_options.index(current.round)
            if current and current.round in round_options
            else 0,
            format_func=lambda r: r or "(ingen)",
            key=f"{key}_round",
        )
        follow = c4.text_input(
            "Oppfølging innen (valgfritt)",
            value=current.follow_up_by if current else "",
            placeholder="2026-K1",
            key=f"{key}_follow",
        )
        submitted = st.form_submit_button("Lagre saken", type="primary")
    if not submitted:
        return
    values = CaseInput(
        number=number,
        meeting=meeting or "",
        title=title,
        case_type=case_type,
        proposal=proposal,
        decision=decision,
        measures=", ".join(chosen_measures),
        indicators=", ".join(chosen_indicators),
        goals=", ".join(chosen_goals),
        round=round_code or "",
        follow_up_by=follow,
    )
    result = _attempt(
        lambda: save_case(
            engine(), values, actor=current_actor(), original=existing[0] if existing else None
        )
    )
    if result is None:
        return
    forum = by_code[meeting]["forum"] if meeting in by_code else ""
    from importers.cases import parse_case_number
    from importers.values import ValueProblem

    try:
        canonical = parse_case_number(number)[0]
    except ValueProblem:
        canonical = number
    _report(result, {"forum": forum, "nr": canonical})
