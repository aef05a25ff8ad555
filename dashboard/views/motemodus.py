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

from dashboard.components import md_escape, page_setup, positive_int
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
  .st-key-mm_slide [data-testid="stCaptionContainer"] p { font-size: 1.05rem; }
  /* Streamlit draws captions at 60 % of the text colour: too faint on a projector (WCAG 1.4.3). */
  [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #222; opacity: 1; }
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
  .st-key-mm_chart_wide .st-key-mm_chart [data-testid="stPlotlyChart"] { height: 56vh !important; }
  .st-key-mm_finding_wide p { font-size: 1.3rem !important; line-height: 1.4; margin: 0; }
  .st-key-mm_goalbars { gap: 0.55rem !important; }
  .st-key-mm_goalbars p { font-size: 1.1rem !important; line-height: 1.25; margin: 0; }
  .st-key-mm_goalbars [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
  .st-key-mm_slide [data-testid="stTab"] p { font-size: 1.15rem !important; font-weight: 600; }
  .st-key-mm_note p { font-size: 1.05rem !important; color: #222; line-height: 1.4; }
  .st-key-mm_goal_table [data-testid="stTable"] td:last-child { width: auto; }
  .st-key-mm_goal_table [data-testid="stTable"] td:last-child p { font-size: 1.2rem !important; }
  .st-key-mm_goal_table [data-testid="stTable"] td p,
  .st-key-mm_goal_table [data-testid="stTable"] th p { text-align: center; }
  .st-key-mm_goal_table [data-testid="stTable"] td:first-child p,
  .st-key-mm_goal_table [data-testid="stTable"] th:first-child p { text-align: left; }
  .st-key-mm_method p, .st-key-mm_missing p { font-size: 1.05rem !important; color: #222;
    margin: 0; }
  [class*="st-key-mm_ihead"] p { font-size: 1.2rem !important; font-weight: 700;
    color: #1F3A5F !important; line-height: 1.25; margin: 0; }
  [class*="st-key-mm_itext"] p, [class*="st-key-mm_itext"] li { font-size: 1rem !important;
    line-height: 1.35; margin: 0; }
  .st-key-mm_grid1 [data-testid="stPlotlyChart"] { height: 60vh !important; }
  .st-key-mm_grid2 [data-testid="stPlotlyChart"] { height: 22vh !important; }
  .st-key-mm_grid3 [data-testid="stPlotlyChart"] { height: 15vh !important; }
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
    data = positive_int(wanted_data) or latest
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
    index = positive_int(position) or 1
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
    index = positive_int(st.query_params.get("lysbilde")) or 1
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
    charts = [b for b in content.blocks if isinstance(b, Chart)]
    tables = [b for b in content.blocks if isinstance(b, Table)]
    if any(c.heading for c in charts):
        # Several charts with their own headings (selected indicators): side by side.
        for block in content.blocks:
            if isinstance(block, Notice):
                with st.container(key="mm_missing"):
                    st.markdown(md_escape(block.text))
        _chart_grid(charts, pack, slide)
        return
    if charts and tables:
        # The chart for the room, its numbers one click away (goal attainment).
        as_chart, as_table = st.tabs(["Diagram", "Tabell"])
        with as_chart:
            for chart in charts:
                _chart(chart, pack, slide, wide=True)
        with as_table, st.container(key="mm_goal_table"):
            for table in tables:
                _table(table)
        return
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


def _chart(block: Any, pack: Any, slide: Any, *, wide: bool = False) -> None:
    """The finding in a column beside the chart; ``wide``: the finding above and the chart the
    whole width (a chart with much text in it, such as the goals with their names)."""
    figures = slide.figures(pack) if slide.figures else {}
    fig = figures.get(block.key)
    if wide:
        text, right = st.container(key="mm_finding_wide"), st.container(key="mm_chart_wide")
    else:
        left, right = st.columns([1, 3.2], gap="large")
        text = left.container(key="mm_finding")
    with text:
        if block.verdict:
            st.markdown(f"**{md_escape(block.verdict)}**")
        st.markdown(md_escape(block.finding))
    small = " ".join(t for t in (block.note, block.method) if t)
    if small:
        with (text if wide else left).container(key="mm_note"):
            st.markdown(md_escape(small))
    from dashboard.export.attainment_slides import GOALS_KEY

    if block.key == GOALS_KEY and pack.extras.get(GOALS_KEY):
        with right:
            _goal_bars(pack.extras[GOALS_KEY]["goals"])
        return
    if fig is None:
        right.warning("Diagrammet mangler.")
        return
    from dashboard.export.slides import scale_fonts

    # The figure is sized for a 1600 px image; on screen it shares the width with the finding.
    scale_fonts(fig, 0.72 if wide else 0.8)
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


def _goal_bars(goals: list[dict[str, Any]]) -> None:
    """The goals' stacked bars drawn with the page's own type, so they scale with the screen
    (1920 × 1080 and 1280 × 720 alike); the files carry the same chart as a picture.

    Goal codes and names (from the database) are escaped Markdown; the bars are HTML built from
    constants and counts only."""
    from dashboard.indicator_labels import category_label
    from dashboard.theme import CATEGORY_STYLE
    from model.attainment import CATEGORIES, CATEGORY_LABELS_NB

    top = max((sum(g["counts"].values()) for g in goals), default=0) or 1
    present = [c for c in CATEGORIES if any(g["counts"][c] for g in goals)]
    st.html(
        '<div style="font-size:1.05rem;color:#000;line-height:1.7">'
        + "".join(
            '<span style="display:inline-flex;align-items:center;gap:0.35rem;'
            'margin-right:1.4rem;white-space:nowrap"><span aria-hidden="true" '
            f'style="display:inline-block;width:1.1rem;height:1.1rem;'
            f'background:{CATEGORY_STYLE[c][0]}"></span>{category_label(c)}</span>'
            for c in present
        )
        + "</div>"
    )
    dark = {"achieved", "substantial-progress", "deterioration"}
    with st.container(key="mm_goalbars"):
        for goal in goals:
            name, bar, mean = st.columns([3.3, 6, 1.5], vertical_alignment="center")
            name.markdown(f"**{md_escape(goal['code'])}** {md_escape(goal['name'])}")
            segments = []
            words = []
            for c in CATEGORIES:
                n = int(goal["counts"][c])
                if not n:
                    continue
                colour, icon = CATEGORY_STYLE[c]
                words.append(f"{n} {CATEGORY_LABELS_NB[c].lower()}")
                segments.append(
                    f'<div style="flex:0 0 {100 * n / top:.3f}%;background:{colour};'
                    f"color:{'#FFFFFF' if c in dark else '#1A1A1A'};display:flex;"
                    "align-items:center;justify-content:center;font-weight:700;"
                    f'border-right:2px solid #FFFFFF">{icon}&nbsp;{n}</div>'
                )
            label = ", ".join(words) or "ingen strategiske indikatorer"
            bar.html(
                f'<div role="img" aria-label="{label}" style="display:flex;width:100%;'
                f'height:2.3rem;font-size:1.2rem">{"".join(segments)}</div>'
            )
            score = goal["mean_score"]
            mean.markdown("snittpoeng " + ("–" if score is None else fmt.number(score, 1)))


def _chart_grid(charts: list[Any], pack: Any, slide: Any) -> None:
    """Up to four indicators on one screen: 1 or 2 side by side, 3 in a row, 4 as 2 × 2; each
    with its heading, its judgement (icon and word) and why, then its chart. The method is
    stated once, above them."""
    from dashboard.export.slides import scale_fonts

    if not charts:
        return
    methods = list(dict.fromkeys(c.method for c in charts if c.method))
    if methods:
        with st.container(key="mm_method"):
            st.markdown(md_escape(" ".join(methods)))
    figures = slide.figures(pack) if slide.figures else {}
    per_row = 1 if len(charts) == 1 else 3 if len(charts) in (3, 5, 6) else 2
    rows = -(-len(charts) // per_row)
    compact = rows > 1
    if compact:
        # Small charts: one legend for all of them instead of one under each.
        st.html(_legend_html())
    with st.container(key=f"mm_grid{min(rows, 3)}"):
        for start in range(0, len(charts), per_row):
            columns = st.columns(per_row, gap="large")
            for offset, (column, block) in enumerate(
                zip(columns, charts[start : start + per_row], strict=False)
            ):
                n = start + offset
                with column:
                    with st.container(key=f"mm_ihead_{n}"):
                        st.markdown(md_escape(block.heading))
                    with st.container(key=f"mm_itext_{n}"):
                        text = f"**{md_escape(block.verdict)}**"
                        if block.note:
                            text += " – " + md_escape(block.note)
                        st.markdown(text)
                    if block.alt_rows and compact:
                        # A composite's sub-indicators: as text, which scales with the screen.
                        with st.container(key=f"mm_itext_kids_{n}"):
                            st.markdown(
                                "\n".join(
                                    f"- {md_escape(row[0])}: **{md_escape(row[1])}** "
                                    f"(poeng {md_escape(row[2])})"
                                    for row in block.alt_rows
                                )
                            )
                        continue
                    fig = figures.get(block.key)
                    if fig is None:
                        st.warning("Diagrammet mangler.")
                        continue
                    # Sized for a 1600 px image; here it shares the width with its neighbours.
                    scale_fonts(fig, 0.6 if compact else 0.62)
                    if compact:
                        _thinner(fig, 0.55)
                        fig.update_layout(showlegend=False)
                        if block.alt_rows == ():  # a series over the years: every other year
                            fig.update_xaxes(tickangle=0, dtick=2)
                    fig.update_layout(
                        height=None, autosize=True, margin={"l": 10, "r": 10, "t": 10, "b": 10}
                    )
                    st.plotly_chart(
                        fig,
                        key=f"mm_fig_{block.key}",
                        config={"displayModeBar": False, "locale": "no", "responsive": True},
                        height="stretch",
                        theme=None,
                    )


def _thinner(fig: Any, factor: float) -> None:
    """Lines and markers of a figure made ``factor`` as thick (a small chart on a shared screen)."""
    for trace in fig.data:
        if trace.type != "scatter":
            continue
        if trace.line.width:
            trace.line.width = max(1.5, trace.line.width * factor)
        if isinstance(trace.marker.size, int | float):
            trace.marker.size = max(5, trace.marker.size * factor)


def _legend_html() -> str:
    """The line styles of the indicator charts, drawn once (static HTML from constants only)."""
    from dashboard.indicator_charts import PROJECTION_COLOUR, TARGET_COLOUR
    from dashboard.theme import PRIMARY

    items = (
        (PRIMARY, "solid", "Hele landet"),
        (TARGET_COLOUR, "solid", "Mål 2030 (★)"),
        (TARGET_COLOUR, "dotted", "Nødvendig bane mot målet (uten mål: grensen for god fremgang)"),
        (PROJECTION_COLOUR, "dashed", "Framskriving av observert utvikling"),
    )
    parts = [
        '<span style="display:inline-flex;align-items:center;gap:0.4rem;'
        'margin-right:1.6rem;white-space:nowrap">'
        f'<span aria-hidden="true" style="display:inline-block;width:2.6rem;'
        f'border-top:0.25rem {style} {colour}"></span>{label}</span>'
        for colour, style, label in items
    ]
    return (
        '<div style="font-size:1.0rem;color:#000;line-height:1.6" role="note" '
        'aria-label="Forklaring til diagrammene">' + "".join(parts) + "</div>"
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
        help="Rekkefølgen er den du velger i.",
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
