"""The meeting pack on the pages: the draft meeting-paper text with a copy button, and one
download per format (generated on click, with progress in Norwegian, recorded in the audit log).
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from dashboard.auth import current_actor
from dashboard.data import data_key, engine
from model import fmt
from model.settings import get_settings

_STEPS = {
    "pptx": "PowerPoint-filen",
    "pdf": "PDF-en (saksfremlegget)",
    "xlsx": "Excel-arbeidsboken",
}


@st.cache_data(show_spinner=False, max_entries=8)
def _pack(url: str, round_code: str, key: tuple[int, int], charts: bool) -> Any:
    """The round's pack, charts rendered once and reused by every format (until data changes)."""
    from dashboard.data import round_report
    from dashboard.export.service import prepare_pack

    return prepare_pack(engine(), round_code, charts=charts, report=round_report(round_code))


def draft_text(text: str) -> None:
    """The deterministic meeting-paper paragraph in a box with a copy button."""
    st.subheader("Utkast til saksfremlegg")
    st.caption(
        "Teksten er laget av tallene over (ingen språkmodell). Kopier den med knappen øverst til "
        "høyre i boksen; temaer fra statuskommentarene skriver sekretariatet selv."
    )
    st.code(text, language=None, wrap_lines=True)


def downloads(round_code: str) -> None:
    """A button per format; a click makes the file, then a download button offers it."""
    from dashboard.export.service import FORMATS

    st.subheader("Last ned møtepakken")
    st.caption(
        f"Møtepakken for {fmt.round_label(round_code)}: nøkkeltall med endring, røde tiltak, "
        "tiltak som har fått gul eller rød status, fargefordeling og utkast til saksfremlegg. "
        "Filene lages når du trykker (PowerPoint og PDF tegner diagrammet, noen sekunder)."
    )
    columns = st.columns(len(FORMATS))
    for column, fmt_key in zip(columns, FORMATS, strict=True):
        suffix, mime, label = FORMATS[fmt_key]
        state_key = f"export_{fmt_key}"
        ready = st.session_state.get(state_key)
        with column:
            if st.button(f"Lag {label} ({suffix})", key=f"make_{fmt_key}", width="stretch"):
                ready = _make(round_code, fmt_key)
                st.session_state[state_key] = ready
            if ready and ready["round"] == round_code and ready["key"] == data_key():
                st.download_button(
                    f"Last ned {ready['name']} ({fmt.number(ready['size'] / 1024, 0)} kB)",
                    data=ready["data"],
                    file_name=ready["name"],
                    mime=mime,
                    key=f"download_{fmt_key}",
                    type="primary",
                    icon=":material/download:",
                    width="stretch",
                )


def _make(round_code: str, fmt_key: str) -> dict[str, Any] | None:
    from dashboard.export.images import ChartRenderError
    from dashboard.export.service import file_name, record_export, render

    started = time.perf_counter()
    charts = fmt_key != "xlsx"
    try:
        with st.spinner(
            f"Henter tallene for {round_code}" + (" og tegner diagrammet …" if charts else " …")
        ):
            pack = _pack(get_settings().resolved_db_url(), round_code, data_key(), charts)
        with st.spinner(f"Skriver {_STEPS[fmt_key]} …"):
            data = render(pack, fmt_key)
    except ChartRenderError as failed:
        st.error(str(failed))
        return None
    name = file_name(round_code, fmt_key)
    record_export(
        engine(), current_actor(), file=name, round_code=round_code, fmt_key=fmt_key, size=len(data)
    )
    st.toast(f"{name} er klar ({fmt.number(time.perf_counter() - started, 1)} s).")
    return {"round": round_code, "key": data_key(), "name": name, "size": len(data), "data": data}
