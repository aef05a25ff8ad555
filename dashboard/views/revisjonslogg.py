"""Revisjonslogg (administrators): every upload, rollback, role change, export, backup and
restore; filter by time, user, action and outcome; export what is shown as CSV or XLSX."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.auth import require_page
from dashboard.components import page_setup
from dashboard.data import engine
from model import audit, audit_log

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(options: dict) -> audit_log.AuditFilter:
    today = date.today()
    first = options["first"] or today
    last = max(options["last"] or today, today)
    c1, c2, c3, c4 = st.columns([1.3, 1, 1, 1])
    chosen = c1.date_input(
        "Tidsrom",
        value=(first, last),
        min_value=first,
        max_value=last,
        format="DD.MM.YYYY",
        key="audit_period",
    )
    start, end = (tuple(chosen) + (None, None))[:2] if isinstance(chosen, tuple) else (chosen, None)
    users = c2.multiselect("Bruker", options["users"], placeholder="Alle", key="audit_users")
    actions = c3.multiselect(
        "Handling",
        options["actions"],
        format_func=audit_log.action_label,
        placeholder="Alle",
        key="audit_actions",
    )
    outcomes = c4.multiselect(
        "Utfall",
        options["outcomes"],
        format_func=audit_log.outcome_label,
        placeholder="Alle",
        key="audit_outcomes",
    )
    return audit_log.AuditFilter(
        date_from=start,
        date_to=end or start,
        users=tuple(users),
        actions=tuple(actions),
        outcomes=tuple(outcomes),
    )


def render() -> None:
    page_setup()
    st.title("Revisjonslogg")
    actor = require_page("audit")
    options = audit_log.options(engine())
    if not options["users"]:
        st.info("Revisjonsloggen er tom.")
        return
    st.caption(
        "Hvem gjorde hva og når: opplastinger (også avviste), angringer, rolleendringer, "
        "eksporter, sikkerhetskopier og gjenopprettinger. Tidene er norsk tid."
    )
    filt = _filters(options)
    events = audit_log.events(engine(), filt)
    st.caption(f"{len(events)} hendelser.")
    frame = pd.DataFrame(audit_log.table_rows(events), columns=audit_log.COLUMNS)
    # st.dataframe draws every cell as plain text: file names and user names are never markup.
    st.dataframe(frame, hide_index=True, key="audit_table", height=min(38 + 35 * len(frame), 600))

    def exported(fmt: str) -> None:
        audit.record_export(
            engine(),
            actor,
            what="revisjonslogg",
            fmt=fmt,
            file_name=f"revisjonslogg.{fmt}",
            details={"rows": len(events), "filter": filt.describe()},
        )

    c1, c2, _ = st.columns([1, 1, 3])
    c1.download_button(
        "Last ned som CSV",
        audit_log.to_csv(events),
        file_name="revisjonslogg.csv",
        mime="text/csv",
        key="audit_csv",
        on_click=exported,
        args=("csv",),
        icon=":material/download:",
    )
    c2.download_button(
        "Last ned som Excel",
        audit_log.to_xlsx(events),
        file_name="revisjonslogg.xlsx",
        mime=XLSX_MIME,
        key="audit_xlsx",
        on_click=exported,
        args=("xlsx",),
        icon=":material/download:",
    )
