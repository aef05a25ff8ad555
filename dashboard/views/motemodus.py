"""Møtemodus: the meeting's slides on a projector, frozen on one round and one data version.

``/motemodus?runde=2025-K3&asof=2025&lysbilder=1,2,3,4&lysbilde=1&data=14``

* ``runde`` – the round; ``data`` – the newest import batch when the meeting was opened: every
  query answers "as of that batch", so an upload during the meeting changes nothing shown.
  Missing values are pinned at opening and written into the URL, so a reload shows the same.
* ``asof`` – the indicator as-of period (for the goal-attainment slides), ``lysbilder`` – the
  sequence of slide numbers (the registry in :mod:`dashboard.export.slides`), ``lysbilde`` – the
  position in it, ``indikatorer`` – the indicators of slide 6.
* ``oppsett=1`` shows the configuration panel that builds such a URL.

Keys: → / PageDown next, ← / PageUp previous (what presentation clickers send). The sidebar and
header are hidden with static CSS on this page only; type scales with the window height.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from dashboard.components import md_escape, page_setup
from dashboard.data import data_key, engine, q
from dashboard.nav import page
from model import fmt
from model.settings import get_settings

#: Static CSS only (no data in it). The root font size follows the window, so the same slide
#: fills a 1920×1080 projector and a 1280×720 one.
PRESENT_CSS = """
<style>
  html { font-size: clamp(14px, calc(1.1vh + 0.45vw), 28px); }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="collapsedControl"], header[data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
  [data-testid="stMainBlockContainer"] {
    max-width: 100% !important; padding: 1.4rem 2.6rem 4.2rem 2.6rem !important; }
  [data-testid="stMain"], [data-testid="stApp"] { background: #FFFFFF; color: #000000; }
  .st-key-mm_slide h1 { font-size: 2.5rem !important; line-height: 1.15; color: #1F3A5F;
    padding: 0 0 0.5rem 0 !important; border-bottom: 0.3rem solid #1F3A5F; margin-bottom: 0.6rem; }
  .st-key-mm_slide p, .st-key-mm_slide li { font-size: 1.35rem; line-height: 1.45; color: #000; }
  .st-key-mm_slide [data-testid="stCaptionContainer"] p { font-size: 1.05rem; color: #222; }
  .st-key-mm_slide [data-testid="stMetric"] { border: 2px solid #5A6472 !important;
    background: #F1F4F8; padding: 0.8rem 1.3rem !important; }
  .st-key-mm_slide [data-testid="stMetricLabel"] p { font-size: 1.55rem !important; color: #000; }
  .st-key-mm_slide [data-testid="stMetricValue"] p { font-size: 4.4rem !important;
    font-weight: 700; color: #000; line-height: 1.15; }
  .st-key-mm_slide [data-testid="stMetricDelta"] p { font-size: 1.25rem !important; }
  .st-key-mm_slide [data-testid="stMetricDelta"] .stMarkdownEllipsis,
  .st-key-mm_slide [data-testid="stMetricDelta"] p { white-space: normal !important;
    overflow: visible !important; text-overflow: clip !important; }
  .st-key-mm_slide [data-testid="stMetricDelta"] svg { width: 1.25rem; height: 1.25rem; }
  .st-key-mm_slide [data-testid="stTable"] table { font-size: 1.15rem; color: #000;
    border-collapse: collapse; width: 100%; }
  .st-key-mm_slide [data-testid="stTable"] thead th { background: #1F3A5F !important;
    padding: 0.45rem 0.6rem; }
  .st-key-mm_slide [data-testid="stTable"] thead th p { color: #FFFFFF !important;
    font-size: 1.1rem !important; font-weight: 700; }
  .st-key-mm_slide [data-testid="stTable"] td { padding: 0.5rem 0.6rem; vertical-align: top;
    border-bottom: 1px solid #5A6472; }
  .st-key-mm_slide [data-testid="stTable"] td p { font-size: 1.2rem !important; color: #000; }
  .st-key-mm_slide [data-testid="stTable"] td:first-child { white-space: nowrap; font-weight: 700; }
  .st-key-mm_slide [data-testid="stTable"] td:last-child { width: 38%; }
  .st-key-mm_slide [data-testid="stTable"] td:last-child p { font-size: 1.05rem !important; }
  .st-key-mm_notice p { font-size: 2rem !important; text-align: center; padding: 3rem 2rem; }
  .st-key-mm_draft p { font-size: 1.5rem !important; line-height: 1.55; }
  .st-key-mm_finding p { font-size: 1.5rem !important; line-height: 1.45; }
  .st-key-mm_chart [data-testid="stPlotlyChart"] { height: 62vh !important; }
  .st-key-mm_footer { position: fixed; left: 0; right: 0; bottom: 0; z-index: 999990;
    background: #FFFFFF; border-top: 2px solid #1F3A5F; padding: 0.35rem 2.6rem; }
  .st-key-mm_footer p { font-size: 0.95rem !important; margin: 0; }
  .st-key-mm_footer button { min-height: 2.2rem; padding: 0.1rem 1rem; }
  .st-key-mm_footer button p { font-size: 1.05rem !important; font-weight: 600; }
  .st-key-mm_counter p { font-size: 1.2rem !important; font-weight: 700; text-align: right; }
  .st-key-mm_pgdn, .st-key-mm_pgup { position: absolute !important; width: 1px !important;
    height: 1px !important; overflow: hidden !important; opacity: 0; pointer-events: none; }
</style>
"""

_ASOF = re.compile(r"^\d{4}(-K[1-4]|-(0[1-9]|1[0-2]))?$")
_INDICATOR = re.compile(r"^[A-Za-z0-9._-]{1,20}$")


def _param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value.strip() if value and value.strip() else None


def render() -> None:
    page_setup()
    if _param("oppsett"):
        _setup()
        return
    st.html(PRESENT_CSS)
    pinned = _pin()
    if pinned is None:
        return
    _present(pinned)


# ---------------------------------------------------------------------------------------------
# Pinning: what the meeting shows is fixed at opening and kept in the URL
# ---------------------------------------------------------------------------------------------


def _pin() -> dict[str, Any] | None:
    """Read the URL; fill in and write back what is missing (latest round, newest data)."""
    from dashboard.export import slides

    latest = q("latest_batch_id")
    wanted_data = _param("data")
    data = int(wanted_data) if wanted_data and wanted_data.isdigit() else latest
    if data is None:
        st.title("Møtemodus")
        st.info("Databasen har ingen data ennå. Last opp en porteføljerapport først.")
        return None
    rounds = q("list_rounds", as_of_batch=data)
    round_code = _param("runde") or (rounds[-1] if rounds else None)
    if round_code not in rounds:
        st.title("Møtemodus")
        st.error(
            f"Runden «{round_code or '–'}» finnes ikke i dataene"
            + (f" (låst til import {data})" if wanted_data else "")
            + f". Tilgjengelige runder: {', '.join(rounds) or 'ingen'}."
        )
        _setup_link(round_code=None)
        return None
    asof = _param("asof")
    if not asof or not _ASOF.match(asof):
        asof = round_code.split("-K")[0]
    sequence = slides.parse_sequence(_param("lysbilder")) or slides.default_presentation()
    position = _param("lysbilde")
    index = int(position) if position and position.isdigit() else 1
    index = min(max(index, 1), len(sequence))
    indicators = tuple(
        i for i in (_param("indikatorer") or "").split(",") if _INDICATOR.match(i.strip())
    )
    pinned = {
        "runde": round_code,
        "asof": asof,
        "lysbilder": ",".join(map(str, sequence)),
        "lysbilde": str(index),
        "data": str(data),
    }
    if indicators:
        pinned["indikatorer"] = ",".join(indicators)
    for key, value in pinned.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    return {
        "round": round_code,
        "asof": asof,
        "sequence": sequence,
        "index": index,
        "data": data,
        "indicators": indicators,
        "newer": latest is not None and latest > data,
    }


@st.cache_data(show_spinner=False, max_entries=16)
def _pack(
    url: str,
    round_code: str,
    data: int,
    asof: str,
    indicators: tuple[str, ...],
    numbers: tuple[int, ...],
    key: tuple[int, int],
) -> Any:
    from dashboard.export import slides
    from dashboard.export.content import build_pack

    chosen = [s for s in (slides.get(n) for n in numbers) if s is not None]
    return build_pack(
        engine(),
        round_code,
        as_of_batch=data,
        asof_period=asof,
        indicators=indicators,
        slides=chosen,
    )


def _move(step: int, count: int) -> None:
    current = st.query_params.get("lysbilde", "1")
    index = int(current) if current.isdigit() else 1
    st.query_params["lysbilde"] = str(min(max(index + step, 1), count))


# ---------------------------------------------------------------------------------------------
# Presenting
# ---------------------------------------------------------------------------------------------


def _present(pin: dict[str, Any]) -> None:
    from dashboard.export import slides

    sequence = pin["sequence"]
    number = sequence[pin["index"] - 1]
    slide = slides.get(number)
    assert slide is not None
    pack = _pack(
        get_settings().resolved_db_url(),
        pin["round"],
        pin["data"],
        pin["asof"],
        pin["indicators"],
        tuple(sequence),
        data_key(),
    )
    content = slide.build(pack)
    with st.container(key="mm_slide"):
        _draw(content, pack, slide)
    _footer(pin, pack, content, len(sequence))


def _draw(content: Any, pack: Any, slide: Any) -> None:
    from dashboard.export.blocks import Chart, Metrics, Notice, Paragraph, Table

    st.markdown(f"# {md_escape(content.title)}")
    for block in content.blocks:
        if isinstance(block, Metrics):
            _metrics(block)
        elif isinstance(block, Table):
            _table(block)
        elif isinstance(block, Chart):
            _chart(block, pack, slide)
        elif isinstance(block, Paragraph):
            with st.container(key="mm_draft"):
                st.markdown(md_escape(block.text))
            if block.caption:
                st.caption(md_escape(block.caption))
        elif isinstance(block, Notice):
            with st.container(key="mm_notice"):
                st.markdown(md_escape(block.text))


def _metrics(block: Any) -> None:
    items = list(block.items)
    for start in range(0, len(items), 3):
        cols = st.columns(3, gap="medium")
        for col, item in zip(cols, items[start : start + 3], strict=False):
            # One line per card: "pp" as on Oversikt (the files say "prosentpoeng").
            change = item.change.replace(" prosentpoeng", " pp") if item.change else None
            if change and item.judgement:
                change += f" ({item.judgement})"
            up_is_bad = item.label.startswith(("■", "▲"))
            col.metric(
                item.label,
                item.value,
                delta=change.replace(fmt.MINUS, "-") if change else None,
                delta_color=("inverse" if up_is_bad else "off") if item.judgement else "off",
                delta_arrow="auto" if change and change[0] in "+-−" else "off",
                border=True,
            )
    if block.caption:
        st.markdown(md_escape(block.caption))


def _table(block: Any) -> None:
    """A real HTML table; every cell escaped (st.table renders Markdown), status cells tinted
    behind their icon and word."""
    import pandas as pd

    from dashboard.components import style_status
    from dashboard.export.content import shorten

    if not block.rows:
        with st.container(key="mm_notice"):
            st.markdown(md_escape(block.empty))
    else:
        # Few rows leave room for the whole comment; many rows get the first lines.
        limit = 600 if len(block.rows) <= 2 else 150
        rows = [
            [
                md_escape(shorten(v, limit) if i == block.long_column else v)
                for i, v in enumerate(row)
            ]
            for row in block.rows
        ]
        columns = [md_escape(c) for c in block.columns]
        frame = pd.DataFrame(rows, columns=columns)
        status = [columns[i] for i in block.status_columns]
        st.table(style_status(frame, status).hide(axis="index"))
    if block.caption:
        st.markdown(md_escape(block.caption))


def _chart(block: Any, pack: Any, slide: Any) -> None:
    figures = slide.figures(pack) if slide.figures else {}
    fig = figures.get(block.key)
    left, right = st.columns([1, 3.2], gap="large")
    with left.container(key="mm_finding"):
        st.markdown(md_escape(block.finding))
    if fig is None:
        right.warning("Diagrammet mangler.")
        return
    from dashboard.export.slides import scale_fonts

    # The figure is sized for a 1600 px image; on screen it shares the width with the finding.
    scale_fonts(fig, 0.8)
    fig.update_layout(height=None, autosize=True, margin={"l": 10, "r": 10, "t": 70, "b": 10})
    fig.update_xaxes(tickangle=0)
    with right.container(key="mm_chart"):
        st.plotly_chart(
            fig,
            key=f"mm_fig_{block.key}",
            config={"displayModeBar": False, "locale": "no", "responsive": True},
            height="stretch",
            theme=None,  # our projector styling, not Streamlit's grey axis labels
        )


def _footer(pin: dict[str, Any], pack: Any, content: Any, count: int) -> None:
    index = pin["index"]
    with st.container(key="mm_footer"):
        info, counter, back, forward = st.columns([6, 1.6, 1.2, 1.2], vertical_alignment="center")
        line = f"{pack.data_line} · {content.scope}"
        if pin["newer"]:
            line += " · Nyere data er lastet opp etter at møtet startet (vises ikke)"
        info.markdown(md_escape(line))
        with counter.container(key="mm_counter"):
            st.markdown(f"Lysbilde {index} av {count}")
        back.button(
            "◀ Forrige",
            key="mm_prev",
            shortcut="Left",
            on_click=_move,
            args=(-1, count),
            disabled=index <= 1,
            width="stretch",
        )
        forward.button(
            "Neste ▶",
            key="mm_next",
            shortcut="Right",
            on_click=_move,
            args=(1, count),
            disabled=index >= count,
            width="stretch",
            type="primary",
        )
        # Clickers send PageDown/PageUp: the same moves, on buttons kept out of sight.
        with st.container(key="mm_pgdn"):
            st.button(
                "Neste", key="mm_next_page", shortcut="PageDown", on_click=_move, args=(1, count)
            )
        with st.container(key="mm_pgup"):
            st.button(
                "Forrige", key="mm_prev_page", shortcut="PageUp", on_click=_move, args=(-1, count)
            )


# ---------------------------------------------------------------------------------------------
# Configuration (before the meeting)
# ---------------------------------------------------------------------------------------------


def meeting_query(
    round_code: str,
    asof: str,
    numbers: list[int],
    data: int | None,
    indicators: list[str],
) -> dict[str, str]:
    query = {
        "runde": round_code,
        "asof": asof,
        "lysbilder": ",".join(map(str, numbers)),
        "lysbilde": "1",
    }
    if data is not None:
        query["data"] = str(data)
    if indicators:
        query["indikatorer"] = ",".join(indicators)
    return query


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
    latest = q("latest_batch_id")
    rounds = q("list_rounds")
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
        format_func=fmt.round_label,
        key="mm_setup_round",
    )
    all_slides = slides.all_slides()
    titles = {s.number: f"{s.number}. {s.title}" for s in all_slides}
    chosen = st.multiselect(
        "Lysbilder, i rekkefølge",
        list(titles),
        default=slides.parse_sequence(_param("lysbilder")) or slides.default_presentation(),
        format_func=titles.get,
        key="mm_setup_slides",
        help="Rekkefølgen er den du velger i. Lysbilder merket «kommer» er ikke klare ennå.",
    )
    years = q("observation_years")
    asof = st.selectbox(
        "Indikatordata per (for måloppnåelse)",
        years or [round_code.split("-K")[0]],
        key="mm_setup_asof",
    )
    choices = q("indicator_choices")
    names = {c["id"]: f"{c['id']} {c['name']} ({c['level'].lower()})" for c in choices}
    indicators = st.multiselect(
        "Indikatorer til lysbilde 6",
        list(names),
        default=[i for i in (_param("indikatorer") or "").split(",") if i in names],
        format_func=names.get,
        key="mm_setup_indicators",
        placeholder="Ingen valgt",
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
    st.page_link(
        page("motemodus"),
        label="Start møtemodus",
        icon=":material/play_arrow:",
        query_params=query,
    )
    st.markdown("**Rekkefølge:** " + md_escape(" → ".join(titles[n] for n in chosen)))
    st.caption(
        "Bla med piltastene → og ←, eller Page Down og Page Up (som en presentasjonsklikker sender)."
    )
