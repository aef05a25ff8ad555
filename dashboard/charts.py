"""Plotly figure builders: pure functions, DataFrame in, Figure out (testable without a browser).

Every builder also returns nothing but the figure; the sentence that states the finding is built
by the ``*_finding`` functions beside it, so pages and exports say the same thing.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from dashboard.theme import PRIMARY, STATUS, TEXT, WHITE, status_label, status_style
from model import fmt
from model.vocab import STATUS_COLOURS

if TYPE_CHECKING:
    from model.round_report import DistributionRow


def plotly_text(value: Any) -> str:
    """User text for a Plotly label or hover: Plotly reads a few HTML tags (``<b>``, ``<a href>``,
    ``<br>``) in text, so ``<``, ``>`` and ``&`` are written as entities and show literally."""
    return html.escape(str(value), quote=False)


def colour_distribution(
    rows: Sequence[DistributionRow],
    *,
    title: str | None = None,
    height: int = 360,
    large: bool = False,
) -> go.Figure:
    """Stacked bars: Aktiv measures per Samlet status per round (Grønn at the bottom).

    Every count is drawn once: Grønn and Gul inside their segments, Rød (a thin segment, no room
    for its number) above the bar with its shape, ``■ 1``. ``large``: type for a projector."""
    fig = go.Figure()
    rounds = [r.round for r in rows]
    size = 28 if large else None
    for status in STATUS_COLOURS:
        style = STATUS[status]
        counts = [r.counts[status] for r in rows]
        inside = status != "Rød"
        fig.add_bar(
            x=rounds,
            y=counts,
            name=status_label(status),
            marker={"color": style.fill, "line": {"color": style.line, "width": 1}},
            text=[str(c) if c and inside else "" for c in counts],
            textposition="inside",
            insidetextanchor="middle",
            constraintext="none",
            insidetextfont={"color": WHITE if status != "Gul" else TEXT, "size": size},
            customdata=[[fmt.share_percent(r.share(status))] for r in rows],
            hovertemplate="%{x}: %{y} tiltak "
            + status.lower()
            + " (%{customdata[0]})<extra></extra>",
        )
    red = STATUS["Rød"]
    for r in rows:
        if r.counts["Rød"]:
            fig.add_annotation(
                x=r.round,
                y=r.total,
                text=f"{red.icon} {r.counts['Rød']}",
                showarrow=False,
                yanchor="bottom",
                yshift=3,
                font={"color": red.line, "size": size},
            )
    top = max((r.total for r in rows), default=0)
    fig.update_layout(
        barmode="stack",
        title=title,
        height=height,
        xaxis={"title": "Rapporteringsrunde", "type": "category"},
        yaxis={"title": "Aktive tiltak", "range": [0, max(top, 1) * 1.13]},
        bargap=0.25,
        legend={"traceorder": "normal"},
    )
    return fig


def status_heatmap(matrix: Any, *, height: int | None = None) -> go.Figure:
    """Samlet status per measure (rows) × round (columns): colour plus a shape in every cell."""
    rounds = sorted(matrix["round"].unique())
    codes = list(dict.fromkeys(matrix.sort_values("code")["code"]))
    names = dict(zip(matrix["code"], matrix["name"], strict=False))
    index = {s: i for i, s in enumerate(STATUS_COLOURS)}
    z: list[list[int | None]] = [[None] * len(rounds) for _ in codes]
    text = [[""] * len(rounds) for _ in codes]
    hover = [[""] * len(rounds) for _ in codes]
    row_of = {c: i for i, c in enumerate(codes)}
    col_of = {r: j for j, r in enumerate(rounds)}
    for rec in matrix.itertuples(index=False):
        i, j = row_of[rec.code], col_of[rec.round]
        z[i][j] = index.get(rec.status) if rec.status else None
        style = status_style(rec.status)
        text[i][j] = style.icon
        hover[i][j] = (
            f"{plotly_text(rec.code)} {plotly_text(fmt.shorten(names[rec.code]))}<br>"
            f"{rec.round}: {style.word} ({rec.state})"
        )
    colorscale = []
    n = len(STATUS_COLOURS)
    for i, status in enumerate(STATUS_COLOURS):
        colorscale += [[i / n, STATUS[status].fill], [(i + 1) / n, STATUS[status].fill]]
    labels = [plotly_text(f"{c} {names[c][:38]}") for c in codes]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=rounds,
            y=labels,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 12},
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            colorscale=colorscale,
            zmin=-0.5,
            zmax=n - 0.5,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    fig.update_layout(
        height=height or max(320, 22 * len(codes) + 120),
        xaxis={"type": "category", "side": "top", "title": None},
        yaxis={"autorange": "reversed", "title": None, "tickfont": {"size": 12}},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    return fig


def measure_timeline(history: Any) -> go.Figure:
    """One measure over the rounds: Samlet status as coloured shapes, phase written above."""
    fig = go.Figure()
    for status in [*STATUS_COLOURS, None]:
        part = (
            history[history["status_overall"].isna()]
            if status is None
            else history[history["status_overall"] == status]
        )
        if part.empty:
            continue
        style = status_style(status)
        fig.add_scatter(
            x=part["round_code"],
            y=[1] * len(part),
            mode="markers+text",
            name=status_label(status),
            marker={
                "symbol": style.marker,
                "size": 26,
                "color": style.fill,
                "line": {"color": style.line, "width": 2},
            },
            text=part["phase"],
            textposition="top center",
            customdata=part[["state"]].to_numpy(),
            hovertemplate="%{x}: " + style.word + ", %{text} (%{customdata[0]})<extra></extra>",
        )
    fig.update_layout(
        height=220,
        xaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": list(history["round_code"]),
            "title": None,
        },
        yaxis={"visible": False, "range": [0.6, 1.6]},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    return fig


def transitions_figure(table: Any) -> go.Figure:
    """A small annotated matrix: colour in the earlier round (rows) → the later round (columns)."""
    z = table.to_numpy()
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(table.columns),
            y=list(table.index),
            text=z,
            texttemplate="%{text}",
            colorscale=[[0, WHITE], [1, PRIMARY]],
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate="Fra %{y} til %{x}: %{z} tiltak<extra></extra>",
        )
    )
    fig.update_layout(
        height=300, xaxis={"side": "top", "title": None}, yaxis={"autorange": "reversed"}
    )
    return fig
