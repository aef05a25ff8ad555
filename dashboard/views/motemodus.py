"""Møtemodus: the meeting's slides on a projector, frozen on one round and one data version.

``/motemodus?runde=2025-K3&asof=2025-K3&lysbilder=1,2,3,4&lysbilde=1&data=14`` (the address is
read and completed by :mod:`dashboard.meeting_url`; ``?oppsett=1`` shows the setup that builds
it). Every query answers "as of import batch ``data``", so an upload during the meeting changes
nothing shown.

The whole deck is drawn once; the browser shows one slide at a time and steps without asking
the server (dashboard/static/motemodus.js): → / Page Down / space next, ← / Page Up previous,
and the buttons. The address always names the slide shown. Style: dashboard/static/motemodus.css.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from dashboard.components import md_escape, page_setup
from dashboard.data import cached, data_key, engine
from dashboard.meeting_url import Pin, Refusal, meeting_query, pin
from dashboard.nav import page
from model import queries
from model.periods import round_label
from model.settings import get_settings

STATIC = Path(__file__).resolve().parents[1] / "static"


def _param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value.strip() if value and value.strip() else None


def render() -> None:
    page_setup()
    if _param("oppsett"):
        _setup()
        return
    st.html(STATIC / "motemodus.css")
    pinned = _pin()
    if pinned is not None:
        _present(pinned)


def _pin() -> Pin | None:
    """Read the URL; fill in and write back what is missing (latest round, newest data)."""
    from dashboard.export import slides

    result = pin(
        {key: st.query_params.get(key) or "" for key in st.query_params},
        rounds_at=lambda data: cached(queries.list_rounds)(as_of_batch=data),
        latest=cached(queries.latest_batch_id)(),
        known_slides=[s.number for s in slides.all_slides()],
        default_sequence=slides.default_presentation(),
    )
    if isinstance(result, Refusal):
        st.title("Møtemodus")
        st.error(result.message)
        if result.setup_link:
            _setup_link(_param("runde"))
        return None
    for key, value in result.query().items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    return result


@st.cache_data(show_spinner=False, max_entries=16)
def _pack(url: str, pinned: Pin, key: tuple[int, int, int]) -> Any:
    from dashboard.data import round_report
    from dashboard.export import slides
    from dashboard.export.content import build_pack

    chosen = [s for s in (slides.get(n) for n in pinned.sequence) if s is not None]
    return build_pack(
        engine(),
        pinned.round,
        indicators=pinned.indicators,
        slides=chosen,
        report=round_report(pinned.round, cut_off=pinned.asof, as_of_batch=pinned.data),
    )


def _present(pinned: Pin) -> None:
    """Every slide of the sequence, each with its footer; the browser shows the one in the
    address (the server marks it too, for a browser without scripts)."""
    from dashboard.export import slides
    from dashboard.slide_view import draw

    pack = _pack(get_settings().resolved_db_url(), pinned, data_key())
    count = len(pinned.sequence)
    st.html(
        f"<script>{(STATIC / 'motemodus.js').read_text(encoding='utf-8')}</script>",
        unsafe_allow_javascript=True,
    )
    st.html(
        f'<div id="mm-live" class="mm-sr" role="status" aria-live="polite" data-mm-count="{count}">'
        "</div>"
    )
    for position, number in enumerate(pinned.sequence, start=1):
        slide = slides.get(number)
        assert slide is not None
        content = slide.build(pack)
        with st.container(key=f"mm_slide_{position}"):
            draw(content, pack, slide, position)
            st.html(_footer(pinned, pack.data_line, content.scope, position, count))


def _footer(pinned: Pin, data_line: str, scope: str, position: int, count: int) -> str:
    """The slide's footer: what the data is, which slide, and the two buttons (plain HTML: the
    text is escaped, the buttons carry only their step)."""
    line = f"{data_line} · {scope}" if scope else data_line
    if pinned.newer:
        line += " · Nyere data er lastet opp etter at møtet startet (vises ikke)"
    back = " disabled" if position <= 1 else ""
    forward = " disabled" if position >= count else ""
    return (
        '<div class="mm-footer" role="navigation" aria-label="Lysbilder">'
        f'<p class="mm-line">{escape(line)}</p>'
        f'<span class="mm-counter">Lysbilde {position} av {count}</span>'
        f'<button type="button" class="mm-prev" data-mm-step="-1"{back}>◀ Forrige</button>'
        f'<button type="button" class="mm-next" data-mm-step="1"{forward}>Neste ▶</button>'
        "</div>"
    )


# ---------------------------------------------------------------------------------------------
# Setup (before the meeting)
# ---------------------------------------------------------------------------------------------


def _start(query: dict[str, str]) -> None:
    st.query_params.from_dict(query)


def _setup_link(round_code: str | None) -> None:
    st.page_link(
        page("motemodus"),
        label="Velg runde og lysbilder i oppsettet",
        icon=":material/tune:",
        query_params={"oppsett": "1", **({"runde": round_code} if round_code else {})},
    )


def _setup() -> None:
    from dashboard.export import slides

    st.title("Møtemodus – oppsett")
    st.caption(
        "Velg runde, lysbilder og indikatorer før møtet. Lenken under låser møtet til disse valgene "
        "og til dataene slik de er nå; en opplasting under møtet endrer ikke det som vises."
    )
    latest = cached(queries.latest_batch_id)()
    rounds = cached(queries.list_rounds)()
    if not rounds or latest is None:
        st.info(
            "Databasen har ingen rapporteringsrunder ennå. Last opp en porteføljerapport først."
        )
        return
    newest_first = list(reversed(rounds))
    wanted = _param("runde")
    round_code = st.selectbox(
        "Rapporteringsrunde",
        newest_first,
        index=newest_first.index(wanted) if wanted in newest_first else 0,
        format_func=round_label,
        key="mm_setup_round",
    )
    all_slides = slides.all_slides()
    titles = {s.number: f"{s.number}. {s.title}" for s in all_slides}
    chosen = st.multiselect(
        "Lysbilder, i rekkefølge",
        list(titles),
        default=slides.parse_sequence(_param("lysbilder")) or slides.default_presentation(),
        format_func=titles.__getitem__,
        key="mm_setup_slides",
        help="Rekkefølgen er den du velger i.",
    )
    years = [y for y in cached(queries.observation_years)() if y < round_code[:4]]
    asof = st.selectbox(
        "Indikatordata til og med (for måloppnåelse)",
        [round_code, *years],
        format_func=lambda p: f"Runden ({round_label(p)})" if p == round_code else f"Året {p}",
        key="mm_setup_asof",
        help="Bare verdier for perioder som er over ved slutten av valget teller. Standard er "
        "runden selv: et år som ikke er over, er ikke med.",
    )
    choices = cached(queries.indicator_choices)()
    names = {c["id"]: f"{c['id']} {c['name']} ({c['level'].lower()})" for c in choices}
    indicators = st.multiselect(
        "Indikatorer til lysbilde 6",
        list(names),
        default=[i for i in (_param("indikatorer") or "").split(",") if i in names],
        format_func=names.__getitem__,
        key="mm_setup_indicators",
        placeholder="Ingen valgt: de strategiske indikatorene med svakest utvikling",
        help="Høyst fire får plass på skjermen. Uten valg viser lysbilde 6 de (inntil fire) "
        "strategiske indikatorene med svakest utvikling.",
    )
    lock = st.checkbox(
        f"Lås dataene slik de er nå (import {latest})",
        value=True,
        key="mm_setup_lock",
        help="Uten lås viser møtemodus de nyeste dataene når lenken åpnes.",
    )
    if not chosen:
        st.warning("Velg minst ett lysbilde.")
        return
    query = meeting_query(round_code, str(asof), chosen, latest if lock else None, indicators)
    relative = "motemodus?" + urlencode(query, safe=",")
    base = (st.context.url or "").split("?")[0].rsplit("/", 1)[0] if st.context.url else ""
    st.markdown("**Lenke til møtet** (kopier med knappen i boksen):")
    st.code(f"{base}/{relative}" if base else f"/{relative}", language=None, wrap_lines=True)
    # A button, not a link: the address becomes exactly the meeting's (the setup's own
    # parameters, «oppsett» above all, are gone), so stepping never returns to the setup.
    st.button(
        "Start møtemodus",
        icon=":material/play_arrow:",
        type="primary",
        key="mm_start",
        on_click=_start,
        args=(query,),
    )
    st.markdown("**Rekkefølge:** " + md_escape(" → ".join(titles[n] for n in chosen)))
    st.caption(
        "Bla med piltastene → og ←, eller Page Down og Page Up (som en presentasjonsklikker sender)."
    )
