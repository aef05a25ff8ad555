"""Meeting mode's slides on the page: each format-neutral block of a slide
(:mod:`dashboard.export.blocks`) drawn with Streamlit, in large type for a room.

Every slide of the deck is drawn once (dashboard/views/motemodus.py); ``pos`` — the slide's
place in the deck — makes its element keys unique (``mm_chart__3``), which the static style
sheet (dashboard/static/motemodus.css) selects by prefix.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.components import md_escape, metric_card
from dashboard.theme import TEXT, WHITE
from model import fmt


def draw(content: Any, pack: Any, slide: Any, pos: int) -> None:
    """One slide's blocks on the page; ``pos`` (its place in the deck) makes its keys unique."""
    from dashboard.export.blocks import Chart, Notice, Table

    st.markdown(f"# {md_escape(content.title)}")
    charts = [b for b in content.blocks if isinstance(b, Chart)]
    tables = [b for b in content.blocks if isinstance(b, Table)]
    from dashboard.export.roadmap_slides import ROADMAP_KEY

    if charts and all(c.key.startswith(f"{ROADMAP_KEY}_") for c in charts):
        # The roadmap: one strategic goal at a time, the whole width (a tab per goal).
        _tabbed_charts(charts, pack, slide, pos)
        return
    if any(c.heading for c in charts):
        # Several charts with their own headings (selected indicators): side by side.
        for block in content.blocks:
            if isinstance(block, Notice):
                _boxed(f"mm_missing__{pos}", block.text)
        _chart_grid(charts, pack, slide, pos)
        return
    if charts and tables:
        _chart_or_table(charts, tables, pack, slide, pos)
        return
    for block in content.blocks:
        _block(block, pack, slide, pos)


def _boxed(key: str, text: str) -> None:
    """Escaped Markdown in a keyed container (the style sheet selects it by its key)."""
    with st.container(key=key):
        st.markdown(md_escape(text))


def _chart_or_table(charts: list[Any], tables: list[Any], pack: Any, slide: Any, pos: int) -> None:
    """The chart for the room, its numbers one click away (goal attainment)."""
    as_chart, as_table = st.tabs(["Diagram", "Tabell"])
    with as_chart:
        for chart in charts:
            _chart(chart, pack, slide, pos, wide=True)
    with as_table, st.container(key=f"mm_goal_table__{pos}"):
        for table in tables:
            _table(table, pos)


def _block(block: Any, pack: Any, slide: Any, pos: int) -> None:
    """One block of a slide drawn by its kind."""
    from dashboard.export.blocks import Chart, Metrics, Notice, Paragraph, Table

    if isinstance(block, Metrics):
        _metrics(block)
    elif isinstance(block, Table):
        _table(block, pos)
    elif isinstance(block, Chart):
        _chart(block, pack, slide, pos)
    elif isinstance(block, Paragraph):
        _boxed(f"mm_draft__{pos}", block.text)
        if block.caption:
            st.caption(md_escape(block.caption))
    elif isinstance(block, Notice):
        _boxed(f"mm_notice__{pos}", block.text)


def _metrics(block: Any) -> None:
    items = list(block.items)
    for start in range(0, len(items), 3):
        cols = st.columns(3, gap="medium")
        for col, item in zip(cols, items[start : start + 3], strict=False):
            metric_card(col, item)
    if block.caption:
        st.markdown(md_escape(block.caption))


def _table(block: Any, pos: int) -> None:
    """A real HTML table; every cell escaped (st.table renders Markdown), status cells tinted
    behind their icon and word."""
    import pandas as pd

    from dashboard.components import style_status

    if not block.rows:
        _boxed(f"mm_notice__{pos}", block.empty)
    else:
        # Few rows leave room for the whole comment; many rows get the first lines.
        limit = 600 if len(block.rows) <= 2 else 150
        rows = [
            [
                md_escape(fmt.shorten(v, limit) if i == block.long_column else v)
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


def _chart(block: Any, pack: Any, slide: Any, pos: int, *, wide: bool = False) -> None:
    """The finding in a column beside the chart; ``wide``: the finding above and the chart the
    whole width (a chart with much text in it, such as the goals with their names)."""
    figures = slide.figures(pack) if slide.figures else {}
    fig = figures.get(block.key)
    if wide:
        text, right = (
            st.container(key=f"mm_finding_wide__{pos}"),
            st.container(key=f"mm_chart_wide__{pos}"),
        )
    else:
        left, right = st.columns([1, 3.2], gap="large")
        text = left.container(key=f"mm_finding__{pos}")
    with text:
        if block.verdict:
            st.markdown(f"**{md_escape(block.verdict)}**")
        st.markdown(md_escape(block.finding))
    small = " ".join(t for t in (block.note, block.method) if t)
    if small:
        with text if wide else left:
            _boxed(f"mm_note__{pos}", small)
    from dashboard.export.attainment_slides import GOALS_KEY

    if block.key == GOALS_KEY and pack.report.attainment is not None:
        with right:
            _goal_bars(pack.report.attainment.goals, pos)
        return
    if fig is None:
        right.warning("Diagrammet mangler.")
        return
    from dashboard.export.slides import scale_fonts

    # The figure is sized for a 1600 px image; on screen it shares the width with the finding.
    scale_fonts(fig, 0.72 if wide else 0.8)
    fig.update_layout(height=None, autosize=True, margin={"l": 10, "r": 10, "t": 70, "b": 10})
    fig.update_xaxes(tickangle=0)
    with right.container(key=f"mm_chart__{pos}"):
        st.plotly_chart(
            fig,
            key=f"mm_fig_{block.key}__{pos}",
            config={"displayModeBar": False, "locale": "no", "responsive": True},
            height="stretch",
            theme=None,  # our projector styling, not Streamlit's grey axis labels
        )


def _goal_bars(goals: Any, pos: int) -> None:
    """The goals' stacked bars drawn with the page's own type, so they scale with the screen
    (1920 × 1080 and 1280 × 720 alike); the files carry the same chart as a picture.

    Goal codes and names (from the database) are escaped Markdown; the bars are HTML built from
    constants and counts only."""
    from dashboard.labels import category_label
    from dashboard.theme import CATEGORY_STYLE
    from model.attainment import CATEGORIES
    from model.labels import CATEGORY_LABELS_NB

    top = max((g.total for g in goals), default=0) or 1
    present = [c for c in CATEGORIES if any(g.counts[c] for g in goals)]
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
    with st.container(key=f"mm_goalbars__{pos}"):
        for goal in goals:
            name, bar, mean = st.columns([3.3, 6, 1.5], vertical_alignment="center")
            name.markdown(f"**{md_escape(goal.code)}** {md_escape(goal.name)}")
            segments = []
            words = []
            for c in CATEGORIES:
                n = int(goal.counts[c])
                if not n:
                    continue
                colour, icon = CATEGORY_STYLE[c]
                words.append(f"{n} {CATEGORY_LABELS_NB[c].lower()}")
                segments.append(
                    f'<div style="flex:0 0 {100 * n / top:.3f}%;background:{colour};'
                    f"color:{WHITE if c in dark else TEXT};display:flex;"
                    "align-items:center;justify-content:center;font-weight:700;"
                    f'border-right:2px solid {WHITE}">{icon}&nbsp;{n}</div>'
                )
            label = ", ".join(words) or "ingen strategiske indikatorer"
            bar.html(
                f'<div role="img" aria-label="{label}" style="display:flex;width:100%;'
                f'height:2.3rem;font-size:1.2rem">{"".join(segments)}</div>'
            )
            score = goal.mean_score
            mean.markdown("snittpoeng " + ("–" if score is None else fmt.number(score, 1)))


def _tabbed_charts(charts: list[Any], pack: Any, slide: Any, pos: int) -> None:
    """Charts that each need the whole screen (the roadmap per goal): a tab per chart, its
    heading as the tab's name, the finding above the chart."""
    from dashboard.export.slides import scale_fonts

    figures = slide.figures(pack) if slide.figures else {}
    tabs = st.tabs([c.heading or c.key for c in charts])
    for n, (tab, block) in enumerate(zip(tabs, charts, strict=True)):
        with tab:
            _boxed(f"mm_finding_wide__{pos}_{n}", block.finding)
            fig = figures.get(block.key)
            if fig is None:
                st.warning("Diagrammet mangler.")
                continue
            # sized for 1600×900; on a 1920×1080 screen it gets the room under the tabs
            scale_fonts(fig, 0.9)
            fig.update_layout(
                height=640, autosize=True, margin={"l": 10, "r": 10, "t": 10, "b": 10}
            )
            with st.container(key=f"mm_chart_roadmap__{pos}_{n}"):
                st.plotly_chart(
                    fig,
                    key=f"mm_fig_{block.key}__{pos}",
                    config={"displayModeBar": False, "locale": "no", "responsive": True},
                    theme=None,
                )


def _chart_grid(charts: list[Any], pack: Any, slide: Any, pos: int) -> None:
    """Up to four indicators on one screen: 1 or 2 side by side, 3 in a row, 4 as 2 × 2; each
    with its heading, its judgement (icon and word) and why, then its chart. The method is
    stated once, above them."""

    if not charts:
        return
    methods = list(dict.fromkeys(c.method for c in charts if c.method))
    if methods:
        _boxed(f"mm_method__{pos}", " ".join(methods))
    figures = slide.figures(pack) if slide.figures else {}
    per_row = 1 if len(charts) == 1 else 3 if len(charts) in (3, 5, 6) else 2
    rows = -(-len(charts) // per_row)
    compact = rows > 1
    if compact:
        # Small charts: one legend for all of them instead of one under each.
        st.html(_legend_html())
    with st.container(key=f"mm_grid{min(rows, 3)}__{pos}"):
        for start in range(0, len(charts), per_row):
            columns = st.columns(per_row, gap="large")
            for offset, (column, block) in enumerate(
                zip(columns, charts[start : start + per_row], strict=False)
            ):
                with column:
                    _grid_cell(block, figures, pos, start + offset, compact=compact)


def _grid_cell(block: Any, figures: dict, pos: int, n: int, *, compact: bool) -> None:
    """One indicator of the grid: its heading, judgement and why, then its chart (a composite's
    sub-indicators as text when the charts are small)."""
    from dashboard.export.slides import scale_fonts

    _boxed(f"mm_ihead__{pos}_{n}", block.heading)
    with st.container(key=f"mm_itext__{pos}_{n}"):
        text = f"**{md_escape(block.verdict)}**"
        if block.note:
            text += " – " + md_escape(block.note)
        st.markdown(text)
    if block.alt_rows and compact:
        # A composite's sub-indicators: as text, which scales with the screen.
        with st.container(key=f"mm_itext__{pos}_{n}_kids"):
            st.markdown(
                "\n".join(
                    f"- {md_escape(row[0])}: **{md_escape(row[1])}** (poeng {md_escape(row[2])})"
                    for row in block.alt_rows
                )
            )
        return
    fig = figures.get(block.key)
    if fig is None:
        st.warning("Diagrammet mangler.")
        return
    # Sized for a 1600 px image; here it shares the width with its neighbours.
    scale_fonts(fig, 0.6 if compact else 0.62)
    if compact:
        _thinner(fig, 0.55)
        fig.update_layout(showlegend=False)
        if block.alt_rows == ():  # a series over the years: every other year
            fig.update_xaxes(tickangle=0, dtick=2)
    fig.update_layout(height=None, autosize=True, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    st.plotly_chart(
        fig,
        key=f"mm_fig_{block.key}__{pos}",
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
    from dashboard.theme import PRIMARY, PROJECTION_COLOUR, TARGET_COLOUR

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
