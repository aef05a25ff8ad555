"""Tiltak: one measure over time: colour per round, phase changes, comments per round, planned
finish drifting, its goals and its dependencies in both directions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, labels
from dashboard.cases_widgets import measure_cases
from dashboard.components import chart, id_picker, md_escape, page_setup, query_value
from dashboard.data import cached, round_report
from dashboard.nav import page
from dashboard.theme import status_cell, status_label
from model import fmt, queries
from model.periods import finish_text, round_words


def render() -> None:
    page_setup()
    names = cached(queries.measure_names)()
    if not names:
        st.title("Tiltak")
        st.info(labels.EMPTY_DATABASE)
        return
    code = id_picker("Velg tiltak", names, key="measure_picker")
    if not code:
        st.title("Tiltak")
        st.info("Velg et tiltak over, eller klikk på et tiltak på Oversikt eller Portefølje.")
        return
    rounds = cached(queries.list_rounds)()
    wanted = query_value("runde")
    shown_round = wanted if wanted in rounds else rounds[-1]
    history = cached(queries.measure_history)(code)
    history = history[history["round_code"] <= shown_round].reset_index(drop=True)
    if history.empty:
        st.title(md_escape(names[code]))
        st.warning(f"Tiltak {md_escape(code)} har ingen rapporter til og med {shown_round}.")
        return
    latest = history.iloc[-1]
    st.title(md_escape(latest["name"]))
    st.caption(
        f"{md_escape(code)} · {md_escape(latest['owner'])} · "
        f"{md_escape(latest['programme_area'] or 'ingen satsning oppgitt')}"
    )
    if latest["round_code"] != shown_round:
        st.warning(
            f"Tiltaket er ikke med i {shown_round}. Siste rapport til og med {shown_round} er "
            f"fra {latest['round_code']}, og det er den som vises."
        )
    else:
        st.markdown(f"**Status i {shown_round}** ({round_words(shown_round)})")

    c = st.columns([1.1, 1.3, 1.0, 1.0, 1.5])
    c[0].metric(
        "Samlet status",
        status_label(latest["status_overall"]) if latest["status_overall"] else "–",
        border=True,
    )
    c[1].metric("Fase", latest["phase"], border=True)
    c[2].metric("Tilstand", latest["state"], border=True)
    c[3].metric("Risiko", latest["risk"] or "–", border=True)
    c[4].metric("Planlagt ferdig", _finish(latest["planned_finish"]), border=True)

    goal_names = {g["code"]: g["name"] for g in cached(queries.goals)()}
    goals = [g for g in (latest["goals"] or "").split(";") if g]
    st.markdown(
        "**Strategiske mål:** "
        + (md_escape("; ".join(f"{g} {goal_names.get(g, '')}" for g in goals)) or "ingen oppgitt")
    )

    st.subheader("Status per runde")
    changes = _describe_changes(history)
    chart(
        charts.measure_timeline(history),
        finding=changes,
        table=_history_table(history),
        key="timeline",
    )

    report = round_report(latest["round_code"])
    _slip(report, code)
    _milestones(code, latest["round_code"])

    st.subheader("Kommentarer per runde")
    for row in history.iloc[::-1].itertuples():
        with st.container(border=True):
            st.markdown(
                f"**{row.round_code}** · {status_label(row.status_overall) if row.status_overall else 'uten status'} · "
                f"{row.phase} · {row.state}"
            )
            st.markdown(md_escape(row.comment) if row.comment else "_Ingen kommentar._")

    _dependencies(code, latest["round_code"], report)
    measure_cases(code)


def _finish(value: str | None) -> str:
    return finish_text(value if isinstance(value, str) else None)


def _describe_changes(history: pd.DataFrame) -> str:
    parts = []
    rows = list(history.itertuples())
    for before, after in zip(rows, rows[1:], strict=False):
        if (
            before.status_overall != after.status_overall
            and before.status_overall
            and after.status_overall
        ):
            parts.append(
                f"{before.status_overall.lower()} → {after.status_overall.lower()} i {after.round_code}"
            )
        if before.phase != after.phase:
            parts.append(f"fase {after.phase.lower()} fra {after.round_code}")
        if (
            isinstance(before.planned_finish, str)
            and isinstance(after.planned_finish, str)
            and before.planned_finish != after.planned_finish
        ):
            parts.append(
                f"planlagt ferdig flyttet fra {_finish(before.planned_finish)} til {_finish(after.planned_finish)} i {after.round_code}"
            )
    first = rows[0]
    head = f"Rapportert i {fmt.count_word(len(rows), 'runde', 'runder')} fra {first.round_code}."
    return head + (
        " Endringer: " + "; ".join(parts) + "."
        if parts
        else " Ingen endringer i status eller fase."
    )


def _history_table(history: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Runde": history["round_code"],
            "Samlet status": history["status_overall"].map(status_cell),
            "Fremdrift": history["status_progress"].map(status_cell),
            "Kostnad": history["status_cost"].map(status_cell),
            "Gevinst": history["status_benefit"].map(status_cell),
            "Fase": history["phase"],
            "Tilstand": history["state"],
            "Risiko": history["risk"].fillna(""),
            "Planlagt ferdig": history["planned_finish"].map(_finish),
        }
    )


def _slip(report, code: str) -> None:  # noqa: ANN001 - model.round_report.RoundReport
    """Planlagt ferdig per round, GMPP-style: a line that climbs is a finish that slipped."""
    from dashboard.roadmap_charts import slip_figure
    from model.text import months_words, track_line

    track = report.track(code)
    st.subheader("Planlagt ferdig per runde")
    if track is None or not track.dated:
        st.info("Tiltaket har ikke oppgitt planlagt ferdig i noen runde.")
        return
    table = pd.DataFrame(
        {
            "Runde": [p.round for p in track.points],
            "Planlagt ferdig": [_finish(p.text) for p in track.points],
            "Endring fra runden før": [""] * len(track.points),
        }
    )
    moved = {after.round: months for _before, after, months in track.moves}
    table["Endring fra runden før"] = [
        months_words(moved[p.round]) if p.round in moved else "" for p in track.points
    ]
    chart(slip_figure(track), finding=track_line(track), table=table, key="slip")


def _milestones(code: str, round_code: str) -> None:
    """The measure's milestones: each with its planned date now and in every round before."""
    from model.text import months_words

    rows = cached(queries.measure_milestones)(code, round_code)
    if not rows:
        return
    st.subheader("Milepæler")
    latest_round = max(r["round"] for r in rows)
    now = [r for r in rows if r["round"] == latest_round]
    lines = []
    for m in sorted(now, key=lambda r: (r["when"] is None, r["when"], r["name"])):
        earlier = [r for r in rows if r["name"] == m["name"] and r["round"] < latest_round]
        first = earlier[0] if earlier else None
        line = (
            f"- **{md_escape(m['name'])}** · {md_escape(m['status'])} · planlagt "
            f"{_finish(m['planned'])}"
        )
        if m["months"]:
            line += f" ({months_words(m['months'])} siden forrige runde)"
        if first is not None and first["planned"] != m["planned"]:
            line += f"; først planlagt {_finish(first['planned'])} ({first['round']})"
        if m["comment"]:
            line += f"  \n  {md_escape(m['comment'])}"
        lines.append(line)
    st.caption(f"Milepælene slik de er rapportert i {latest_round}, med endringer over rundene.")
    st.markdown("\n".join(lines))
    table = pd.DataFrame(
        {
            "Runde": [r["round"] for r in rows],
            "Milepæl": [r["name"] for r in rows],
            "Planlagt dato": [_finish(r["planned"]) for r in rows],
            "Status": [r["status"] for r in rows],
            "Endring": [months_words(r["months"]) if r["months"] else "" for r in rows],
        }
    )
    if st.toggle("Vis planlagt dato per runde", key="milestones_table"):
        st.dataframe(table, hide_index=True)


def _dependencies(code: str, round_code: str, report=None) -> None:  # noqa: ANN001
    from model.text import risk_line

    deps = cached(queries.dependencies)(code, round_code)
    st.subheader("Avhengigheter")
    risk = report.at_risk_of(code) if report is not None else None
    if risk is not None:
        st.warning(
            f"**I risiko via avhengighet:** tiltaket {md_escape(risk_line(risk))}.",
            icon=":material/warning:",
        )
    downstream = [a for a in report.at_risk if code in a.chain[1:]] if report is not None else []
    if downstream:
        st.markdown(
            f"**{fmt.count_word(len(downstream), 'tiltak', 'tiltak')} er i risiko via "
            "avhengighet gjennom dette:** "
            + md_escape("; ".join(f"{a.code} ({a.chain_text})" for a in downstream))
        )
    left, right = st.columns(2)
    for column, key, heading, empty in (
        (left, "depends_on", "Dette tiltaket avhenger av", "Ingen avhengigheter oppgitt."),
        (
            right,
            "dependents",
            "Disse tiltakene avhenger av dette",
            "Ingen andre tiltak oppgir at de avhenger av dette.",
        ),
    ):
        with column:
            st.markdown(f"**{heading}**")
            if not deps[key]:
                st.caption(empty)
            for item in deps[key]:
                status = status_label(item["status"]) if item["status"] else "ikke i runden"
                if item["in_round"] or item["name"] != "(ukjent tiltak)":
                    st.page_link(
                        page("tiltak"),
                        label=f"{md_escape(item['code'])} · {md_escape(item['name'])} — {status}",
                        query_params={"id": item["code"], "runde": round_code},
                    )
                else:
                    st.markdown(f"{md_escape(item['code'])} — ukjent tiltak")
