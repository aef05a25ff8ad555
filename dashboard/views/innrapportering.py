"""Innrapportering: the round being collected, owner by owner — expected, reported, missing,
last submission and lateness against the deadline — with the list of who is missing to paste
into a reminder, the prefilled workbooks, and (for administrators) open and publish."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.auth import current_actor, require_page
from dashboard.components import md_escape, page_setup, text_table
from dashboard.data import cached, engine
from dashboard.prefill_widgets import prefilled_downloads
from model import fmt, queries
from model.access import PermissionDenied
from model.labels import ROUND_STATE_LABELS_NB
from model.periods import next_quarter, quarter_of
from model.rounds import (
    OwnerProgress,
    RoundProgress,
    RoundRefused,
    open_round,
    publish_round,
    reopen_round,
    round_progress,
)


def owner_status(o: OwnerProgress) -> str:
    """In words (with a sign), never by colour alone."""
    if o.submitted:
        return "✓ Levert etter fristen" if o.late else "✓ Levert"
    if not o.expected:
        return "–"
    return "✗ Mangler, fristen er passert" if o.late else "… Mangler"


def owners_frame(progress: RoundProgress) -> pd.DataFrame:
    """One row per owner; «Utelatt» only when a submission left expected measures out."""
    owners = progress.owners
    columns: dict[str, list] = {
        "Tiltakseier": [o.owner for o in owners],
        "Status": [owner_status(o) for o in owners],
        "Forventet": [len(o.expected) for o in owners],
        "Rapportert": [len(o.reported) for o in owners],
    }
    if any(o.left_out for o in owners):
        columns["Utelatt"] = [len(o.left_out) for o in owners]
    columns["Sist levert"] = [
        o.last_submission.strftime("%d.%m.%Y %H:%M") if o.last_submission else "–" for o in owners
    ]
    return pd.DataFrame(columns)


def owners_list(progress: RoundProgress) -> str:
    """The same rows as a Markdown list (for a phone)."""
    lines = []
    for o in progress.owners:
        when = (
            f", sist levert {o.last_submission.strftime('%d.%m.%Y %H:%M')}"
            if o.last_submission
            else ""
        )
        left = f", {len(o.left_out)} utelatt" if o.left_out else ""
        lines.append(
            f"* **{md_escape(o.owner)}**: {owner_status(o)} – {len(o.reported)} av "
            f"{len(o.expected)} forventede rapportert{left}{when}"
        )
    return "\n".join(lines)


def reminder_text(progress: RoundProgress) -> str:
    """Who is missing, one owner a line, to paste into a reminder e-mail."""
    missing = progress.missing_owners
    if not missing:
        return ""
    deadline = f" Fristen er {fmt.long_date(progress.deadline)}." if progress.deadline else ""
    lines = [
        f"Vi mangler fortsatt innrapportering for {progress.round} fra "
        f"{fmt.count_word(len(missing), 'tiltakseier', 'tiltakseiere')}.{deadline}",
        "",
    ]
    for o in missing:
        lines.append(f"{o.owner} ({len(o.missing)} tiltak): {', '.join(o.missing)}")
    return "\n".join(lines)


def render() -> None:
    page_setup()
    st.title("Innrapportering")
    require_page("import")
    message = st.session_state.pop("round_message", None)
    if message:
        (st.error if message[0] == "error" else st.success)(md_escape(message[1]))
    states = cached(queries.round_states)()
    rounds = list(reversed(cached(queries.list_rounds)(published_only=False)))
    open_rounds = [r for r in rounds if states.get(r) in ("open", "reopened")]
    if not open_rounds:
        st.info(
            "Ingen runde er åpen for innrapportering nå. En administrator åpner neste runde "
            "under «Åpne en ny runde»; tiltakseierne får da hver sin forhåndsutfylte arbeidsbok."
        )
    chosen = None
    just_opened = st.session_state.pop("innrapportering_show", None)
    if just_opened in rounds:  # set before the picker is drawn
        st.session_state["innrapportering_round"] = just_opened
    if rounds:
        default = open_rounds[0] if open_rounds else rounds[0]
        chosen = st.selectbox(
            "Rapporteringsrunde",
            rounds,
            index=rounds.index(default),
            format_func=lambda r: f"{r} ({ROUND_STATE_LABELS_NB.get(states.get(r, 'published'))})",
            key="innrapportering_round",
        )
    if chosen:
        _round(round_progress(engine(), chosen))
    if current_actor().can("admin"):
        _open_form(rounds)


def _round(progress: RoundProgress) -> None:
    state = ROUND_STATE_LABELS_NB.get(progress.state, progress.state)
    parts = [f"Runden {progress.round} er {state}"]
    if progress.deadline:
        parts.append(f"rapporteringsfrist {fmt.long_date(progress.deadline)}")
    if progress.from_round:
        parts.append(f"forventede tiltak fra {progress.from_round}")
    st.caption(" · ".join(parts) + ".")
    missing_owners = progress.missing_owners
    c = st.columns(4)
    c[0].metric("Forventede tiltak", progress.expected_count, border=True)
    c[1].metric("Rapportert", progress.reported_count, border=True)
    c[2].metric("Ikke rapportert", len(progress.not_reported), border=True)
    c[3].metric("Tiltakseiere som mangler", len(missing_owners), border=True)
    st.subheader("Per tiltakseier")
    st.caption(
        "«Mangler»: tiltakseieren har ikke levert; de forventede tiltakene er ikke rapportert. "
        "«Utelatt»: forventede tiltak som innrapporteringen ikke har med (de regnes som borte "
        "fra runden)."
    )
    if progress.owners:
        # A table on a wide screen, a list on a phone (the same rows, both drawn).
        with st.container(key="wide_innrapportering"):
            text_table(owners_frame(progress))
        with st.container(key="narrow_innrapportering"):
            st.markdown(owners_list(progress))
    else:
        st.info("Runden har ingen forventede tiltak og ingen innrapportering ennå.")
    st.subheader("Hvem mangler")
    reminder = reminder_text(progress)
    if reminder:
        st.markdown("Kopier listen inn i en påminnelse på e-post:")
        st.code(reminder, language=None, wrap_lines=True)
    else:
        st.success("Alle tiltakseiere med forventede tiltak har levert.")
    if progress.state != "published":
        st.subheader("Forhåndsutfylte arbeidsbøker")
        prefilled_downloads(progress.round, key="innrapportering")
    if current_actor().can("admin"):
        _state_actions(progress)


def _state_actions(progress: RoundProgress) -> None:
    st.subheader("Publisering")
    actor = current_actor()
    try:
        if progress.state in ("open", "reopened"):
            missing = progress.not_reported
            allow = False
            if missing:
                st.markdown(
                    f"{len(missing)} forventede tiltak er ikke rapportert. Runden kan publiseres "
                    "først når alle har levert, eller hvis du krysser av under."
                )
                allow = st.checkbox(
                    f"Publiser uten de {len(missing)} tiltakene som ikke er rapportert",
                    key="allow_missing",
                )
            if st.button(
                f"Publiser {progress.round}",
                type="primary",
                disabled=bool(missing) and not allow,
                key="publish_round",
            ):
                publish_round(engine(), progress.round, actor=actor, allow_missing=allow)
                st.session_state["round_message"] = (
                    "success",
                    f"Runden {progress.round} er publisert; alle ser den nå.",
                )
                st.rerun()
        elif st.button(f"Gjenåpne {progress.round} for rettelser", key="reopen_round"):
            reopen_round(engine(), progress.round, actor=actor)
            st.session_state["round_message"] = (
                "success",
                f"Runden {progress.round} er gjenåpnet; lesere ser den ikke før den publiseres.",
            )
            st.rerun()
    except (RoundRefused, PermissionDenied) as refused:
        st.error(md_escape(str(refused)))


def _next_round(rounds: list[str]) -> str:
    return next_quarter(rounds[0]) if rounds else quarter_of(date.today())


def _open_form(rounds: list[str]) -> None:
    from importers.values import ValueProblem, parse_round

    with st.expander("Åpne en ny runde", expanded=not rounds):
        with st.form("open_round_form"):
            code = st.text_input("Runde", value=_next_round(rounds), key="open_round_code")
            deadline = st.date_input(
                "Rapporteringsfrist", value=None, format="DD.MM.YYYY", key="open_round_deadline"
            )
            published = [r for r in rounds if r < code]
            source = st.selectbox(
                "Forventede tiltak fra runde",
                published or ["–"],
                key="open_round_from",
            )
            submitted = st.form_submit_button("Åpne runden")
        if submitted:
            try:
                done = open_round(
                    engine(),
                    parse_round(code),
                    actor=current_actor(),
                    deadline=deadline,
                    from_round=source if source != "–" else None,
                )
            except ValueProblem as problem:
                st.error(problem.message)
                return
            except (RoundRefused, PermissionDenied) as refused:
                st.error(md_escape(str(refused)))
                return
            st.session_state["round_message"] = (
                "success",
                f"Runden {done.round} er åpnet: {done.expected_count} tiltak forventet fra "
                f"{len(done.owners)} tiltakseiere.",
            )
            st.session_state["innrapportering_show"] = done.round
            st.rerun()
