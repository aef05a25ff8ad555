"""The meeting pack on the pages: the draft meeting-paper text with a copy button, and one
download button per format (made on click, one click; recorded in the audit log).
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

import streamlit as st

from dashboard.auth import current_actor
from dashboard.data import data_key
from model.periods import round_label
from model.settings import get_settings

_PACKS: dict[tuple[str, str, tuple[int, int, int], bool], Any] = {}
_PACKS_LOCK = threading.Lock()


def _pack(url: str, round_code: str, key: tuple[int, int, int], charts: bool) -> Any:
    """The round's pack, its charts drawn once and reused by every format until the data changes.

    Called on Streamlit's download thread, so plain Python (no st.cache_*): a few packs kept in
    the process, one build at a time."""
    from dashboard.export.service import prepare_pack
    from model.db import get_engine

    wanted = (url, round_code, key, charts)
    with _PACKS_LOCK:
        if wanted not in _PACKS:
            if len(_PACKS) >= 4:
                _PACKS.pop(next(iter(_PACKS)))
            _PACKS[wanted] = prepare_pack(get_engine(url), round_code, charts=charts)
        return _PACKS[wanted]


def draft_text(text: str) -> None:
    """The deterministic meeting-paper paragraph in a box with a copy button."""
    st.subheader("Utkast til saksfremlegg")
    st.caption(
        "Teksten er laget av tallene over (ingen språkmodell). Kopier den med knappen øverst til "
        "høyre i boksen; temaer fra statuskommentarene skriver sekretariatet selv."
    )
    st.code(text, language=None, wrap_lines=True)


def proposal_editor(round_code: str) -> str | None:
    """The portfolio-status case's *forslag til vedtak*, drafted from the round's data and
    editable before the download; returns the edited text (None when it is the draft)."""
    from dashboard.data import cached, round_report
    from model.cases import draft_portfolio_proposal, round_agenda

    agenda = cached(round_agenda)(round_code)
    draft = draft_portfolio_proposal(round_report(round_code), agenda.forum)
    st.subheader("Forslag til vedtak")
    if agenda.meeting is not None:
        case = agenda.status_case
        where = f"sak {case.number} i " if case is not None else "statussaken i "
        st.caption(
            f"Til {where}{agenda.heading}. Utkastet er laget av tallene; rett det i boksen før du "
            "laster ned møtepakken. PowerPoint, PDF og Excel får teksten slik den står her, "
            "sammen med sakslisten for møtet."
        )
    else:
        st.caption(
            "Ingen møte er registrert for runden ennå. Utkastet er laget av tallene; rett det i "
            "boksen før du laster ned møtepakken."
        )
    text = st.text_area(
        "Forslag til vedtak i statussaken",
        value=draft,
        key=f"forslag_{round_code}",
        height=150,
        max_chars=4000,
    )
    return None if text.strip() == draft.strip() else text


def downloads(round_code: str, proposal: str | None = None) -> None:
    """One download button per format: a click makes the file and downloads it (one click), and
    the export is recorded in the audit log. ``proposal``: the edited forslag til vedtak."""
    from dashboard.export.service import FORMATS, file_name

    st.subheader("Last ned møtepakken")
    st.caption(
        f"Møtepakken for {round_label(round_code)}: nøkkeltall med endring, røde tiltak, "
        "tiltak som har fått gul eller rød status, fargefordeling, måloppnåelse, utkast til "
        "saksfremlegg og møtets saksliste med forslaget til vedtak over. «Ett ark» er runden på én A4-side til utskrift. PowerPoint og PDF tegner "
        "diagrammene når du trykker, det tar noen sekunder."
    )
    actor = current_actor()
    url = get_settings().resolved_db_url()
    key = data_key()
    columns = st.columns(len(FORMATS))
    for column, fmt_key in zip(columns, FORMATS, strict=True):
        suffix, mime, label = FORMATS[fmt_key]
        name = file_name(round_code, fmt_key)
        with column:
            st.download_button(
                f"{label} ({suffix})",
                data=_maker(url, round_code, key, fmt_key, name, actor, proposal),
                file_name=name,
                mime=mime,
                key=f"download_{fmt_key}",
                icon=":material/download:",
                on_click="ignore",
                width="stretch",
                type="primary" if fmt_key == "ettark" else "secondary",
            )


def _maker(
    url: str,
    round_code: str,
    key: tuple[int, int, int],
    fmt_key: str,
    name: str,
    actor: Any,
    proposal: str | None = None,
) -> Any:
    """The file's bytes, made when the button is pressed (on Streamlit's download thread, so no
    Streamlit calls here), and the audit event of the download."""

    def make() -> bytes:
        from dashboard.export.service import WITHOUT_CHARTS, record_export, render
        from model.db import get_engine

        pack = _pack(url, round_code, key, fmt_key not in WITHOUT_CHARTS)
        if proposal is not None:
            pack = replace(pack, proposal=proposal)
        data = render(pack, fmt_key)
        record_export(
            get_engine(url),
            actor,
            file=name,
            round_code=round_code,
            fmt_key=fmt_key,
            size=len(data),
        )
        return data

    return make
