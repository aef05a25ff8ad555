"""Figures of the roadmap (Veikart), the slip chart of a measure and the dependency graph.

Pure functions: values from :mod:`model.roadmap`, :mod:`model.slippage` and
:mod:`model.dependencies` in, a Plotly figure out. Status is always colour *and* shape *and*
word (the legend and the text beside each bar); nothing is computed here but positions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

import plotly.graph_objects as go

from dashboard.charts import plotly_text
from dashboard.theme import (
    ARROW,
    GRID_STRONG,
    MUTED,
    PRIMARY,
    STATUS,
    TEXT,
    WHITE,
    status_label,
    status_style,
)
from model import fmt
from model.labels import status_words
from model.periods import finish_text
from model.roadmap import END, NO_GOAL, START, RoadmapRow, goals_in
from model.vocab import STATUS_COLOURS

#: Milestone status → (marker symbol, fill, word)
MILESTONE_STYLE = {
    "Nådd": ("star", STATUS["Grønn"].line, "nådd"),
    "Pågår": ("diamond", PRIMARY, "pågår"),
    "Ikke startet": ("diamond-open", PRIMARY, "ikke startet"),
    "Forsinket": ("x", STATUS["Rød"].line, "forsinket"),
}
SLIP_MARK = "▶"


def _ms(start: date, end: date) -> float:
    return (datetime.combine(end, time()) - datetime.combine(start, time())).total_seconds() * 1000


def _label(row: RoadmapRow, limit: int) -> str:
    return plotly_text(f"{row.code} {fmt.shorten(row.name, limit)}")


def roadmap_figure(
    rows: Sequence[RoadmapRow],
    goal_names: Mapping[str, str] | None = None,
    *,
    round_code: str = "",
    now: date | None = None,
    large: bool = False,
    name_limit: int = 38,
) -> go.Figure:
    """Measures as bars on a time line 2023–2030, goal by goal (a heading row per goal), each
    bar coloured by Samlet status with its shape and word after it, «Forsinket» marked, the
    milestones as diamonds. ``large``: type for a projector or a slide (1600×900)."""
    size = 22 if large else 15
    fig = go.Figure()
    ticks, y_of = _goal_rows(rows, goal_names or {}, name_limit)
    position = len(ticks)
    for status in [*STATUS_COLOURS, None]:
        _status_bars(fig, [r for r in rows if r.status == status], status, y_of, now)
    # The words after each bar: status (shape and word), and «Forsinket» when it slipped.
    fig.add_scatter(
        x=[((_shown_end(r) or now or START) + timedelta(days=25)).isoformat() for r in rows],
        y=[y_of[r.code] for r in rows],
        mode="text",
        text=[_bar_words(r) for r in rows],
        textposition="middle right",
        textfont={"size": size - 2, "color": TEXT},
        showlegend=False,
        hoverinfo="skip",
    )
    _slip_marks(fig, rows, y_of, size)
    for status in MILESTONE_STYLE:
        _milestones(fig, rows, status, y_of, size)
    if now is not None:
        _now_line(fig, now, round_code)
    rows_total = max(position, 1)
    fig.update_layout(
        barmode="overlay",
        height=(max(380, 130 + rows_total * (38 if large else 28))),
        xaxis={
            "type": "date",
            "range": [START.isoformat(), date(END.year + 1, 6, 30).isoformat()],
            "dtick": "M12",
            "tickformat": "%Y",
            "side": "top",
            "title": None,
            "tickfont": {"size": size, "color": TEXT},
            "gridcolor": GRID_STRONG,
        },
        yaxis={
            "tickvals": [t[0] for t in ticks],
            "ticktext": [t[1] for t in ticks],
            "autorange": False,
            "range": [rows_total - 0.5, -0.9],
            "tickfont": {"size": size, "color": TEXT},
            "title": None,
            "showgrid": False,
        },
        legend={"orientation": "h", "y": -0.02, "yanchor": "top", "x": 0, "font": {"size": size}},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        font={"size": size},
    )
    return fig


def _shown_end(row: RoadmapRow) -> date | None:
    return min(row.end, END) if row.end else None


def _goal_rows(
    rows: Sequence[RoadmapRow], goal_names: Mapping[str, str], name_limit: int
) -> tuple[list[tuple[int, str]], dict[str, int]]:
    """The y-axis, goal by goal: a heading row per goal, then its measures (tick position and
    text), and each measure's position."""
    ticks: list[tuple[int, str]] = []
    y_of: dict[str, int] = {}
    for goal in goals_in(tuple(rows)):
        heading = goal if goal == NO_GOAL else f"{goal} {goal_names.get(goal, '')}".strip()
        ticks.append((len(ticks), f"<b>{plotly_text(fmt.shorten(heading, name_limit + 8))}</b>"))
        for row in rows:
            if row.goal == goal:
                y_of[row.code] = len(ticks)
                ticks.append((len(ticks), _label(row, name_limit)))
    return ticks, y_of


def _status_bars(
    fig: go.Figure,
    part: list[RoadmapRow],
    status: str | None,
    y_of: Mapping[str, int],
    now: date | None,
) -> None:
    """The bars of the measures with one status: dated ones solid, undated ones hatched."""
    style = status_style(status)
    dated = [r for r in part if r.end is not None]
    undated = [r for r in part if r.end is None]
    for group, hatched in ((dated, False), (undated, True)):
        if not group:
            continue
        ends = [_shown_end(r) or (now or START) for r in group]
        fig.add_bar(
            orientation="h",
            y=[y_of[r.code] for r in group],
            base=[max(r.start, START).isoformat() for r in group],
            x=[
                max(_ms(max(r.start, START), e), 86400000 * 30)
                for r, e in zip(group, ends, strict=True)
            ],
            name=(status_label(status) if status else "○ Ferdigstilt, stoppet eller uten status")
            + (" (uten planlagt ferdig)" if hatched else ""),
            legendgroup=style.word,
            showlegend=not hatched or not dated,
            marker={
                "color": style.fill if not hatched else style.tint,
                "line": {"color": style.line, "width": 1},
                "pattern": {"shape": "/" if hatched else ""},
            },
            width=0.7,
            customdata=[
                [
                    plotly_text(r.name),
                    r.first_round,
                    finish_text(r.end_text),
                    style.word,
                ]
                for r in group
            ],
            hovertemplate="%{customdata[0]}<br>%{customdata[3]} · først rapportert "
            "%{customdata[1]} · planlagt ferdig %{customdata[2]}<extra></extra>",
        )


def _bar_words(row: RoadmapRow) -> str:
    """The words after a bar: its status, its finish when unknown or late, slip and risk."""
    words = status_words(row.status, row.state)
    if row.end is None:
        words += " · planlagt ferdig ikke oppgitt"
    elif row.end > END:
        words += f" · ferdig {finish_text(row.end_text)}"
    if row.slipped:
        words += f" · {SLIP_MARK} Forsinket +{row.slip_months} mnd."
    if row.at_risk:
        words += " · ⚠ i risiko"
    return words


def _slip_marks(
    fig: go.Figure, rows: Sequence[RoadmapRow], y_of: Mapping[str, int], size: int
) -> None:
    slipped = [r for r in rows if r.slipped and r.end]
    if not slipped:
        return
    fig.add_scatter(
        x=[_shown_end(r).isoformat() for r in slipped],  # type: ignore[union-attr]
        y=[y_of[r.code] for r in slipped],
        mode="markers",
        name=f"{SLIP_MARK} Forsinket siden forrige runde",
        marker={"symbol": "triangle-right", "size": size + 4, "color": TEXT},
        hovertemplate="Forsinket siden forrige runde<extra></extra>",
    )


def _milestones(
    fig: go.Figure, rows: Sequence[RoadmapRow], status: str, y_of: Mapping[str, int], size: int
) -> None:
    """The milestones with one status inside the time line, as markers of their style."""
    symbol, colour, word = MILESTONE_STYLE[status]
    points = [
        (m, r)
        for r in rows
        for m in r.milestones
        if m.status == status and m.when is not None and START <= m.when <= END
    ]
    if not points:
        return
    fig.add_scatter(
        x=[m.when.isoformat() for m, _ in points],  # type: ignore[union-attr]
        y=[y_of[r.code] for _, r in points],
        mode="markers",
        name=f"Milepæl {word}",
        marker={
            "symbol": symbol,
            "size": size + 2,
            "color": colour,
            "line": {"color": WHITE if "open" not in symbol else colour, "width": 1.5},
        },
        customdata=[[plotly_text(m.name), finish_text(m.planned)] for m, _ in points],
        hovertemplate="Milepæl: %{customdata[0]} (%{customdata[1]}, " + status + ")<extra></extra>",
    )


def _now_line(fig: go.Figure, now: date, round_code: str) -> None:
    fig.add_vline(
        x=datetime.combine(now, time()).timestamp() * 1000,
        line={"color": PRIMARY, "width": 2, "dash": "dot"},
    )
    # the line's meaning in the legend (a label on the chart would sit on the year ticks)
    fig.add_scatter(
        x=[None],
        y=[None],
        mode="lines",
        line={"color": PRIMARY, "width": 2, "dash": "dot"},
        name=f"Nå: slutten av {plotly_text(round_code)}" if round_code else "Nå",
    )


def slip_figure(track: Any) -> go.Figure:
    """GMPP-style slip chart: Planlagt ferdig (vertical, a date) per round (horizontal); a flat
    line is a schedule held, a line going up a finish that slipped. The first planned finish is a
    dashed reference line."""
    points = track.dated
    fig = go.Figure()
    if not points:
        return fig
    fig.add_scatter(
        x=[p.round for p in points],
        y=[p.finish.isoformat() for p in points],
        mode="lines+markers+text",
        name="Planlagt ferdig",
        line={"color": PRIMARY, "width": 3, "shape": "hv"},
        marker={"size": 11, "color": PRIMARY},
        text=[finish_text(p.text) for p in points],
        textposition="top center",
        hovertemplate="%{x}: planlagt ferdig %{text}<extra></extra>",
    )
    first = points[0]
    fig.add_hline(
        y=datetime.combine(first.finish, time()).timestamp() * 1000,
        line={"color": MUTED, "dash": "dash", "width": 1.5},
        annotation_text=f"Først planlagt: {finish_text(first.text)}",
        annotation_position="bottom right",
        annotation_font={"color": MUTED},
    )
    lo = min(p.finish for p in points)
    hi = max(p.finish for p in points)
    fig.update_layout(
        height=320,
        showlegend=False,
        xaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [p.round for p in track.points],
            "title": "Rapporteringsrunde",
        },
        yaxis={
            "type": "date",
            "title": "Planlagt ferdig",
            "tickformat": "%b %Y",
            "range": [
                (lo - timedelta(days=120)).isoformat(),
                (hi + timedelta(days=200)).isoformat(),
            ],
        },
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
    )
    return fig


def _depends_on(graph: Any) -> dict[str, list[str]]:
    """Each measure's code → the codes of what it depends on, in the graph's edge order."""
    deps: dict[str, list[str]] = {}
    for a, b in graph.edges:
        deps.setdefault(a, []).append(b)
    return deps


def _node_positions(graph: Any) -> tuple[dict[str, tuple[float, float]], int]:
    """Each node's (layer, place in layer) and the most nodes in one layer.

    Fewer crossings: each layer ordered by the mean place of what its measures depend on (left
    to right), then the first layer by the mean place of what depends on it."""
    by_layer: dict[int, list[Any]] = {}
    for node in graph.nodes:
        by_layer.setdefault(node.layer, []).append(node)
    pos: dict[str, tuple[float, float]] = {}
    tallest = max((len(v) for v in by_layer.values()), default=1)
    deps = _depends_on(graph)
    users: dict[str, list[str]] = {}
    for a, b in graph.edges:
        users.setdefault(b, []).append(a)
    order: dict[str, float] = {}

    def place(layer: int, key) -> None:  # noqa: ANN001
        nodes = sorted(by_layer[layer], key=key)
        for i, node in enumerate(nodes):
            order[node.code] = i - (len(nodes) - 1) / 2
            pos[node.code] = (layer, order[node.code])

    def mean(codes: list[str]) -> float:
        known = [order[c] for c in codes if c in order]
        return sum(known) / len(known) if known else 0.0

    layers_sorted = sorted(by_layer)
    for layer in layers_sorted:
        place(layer, lambda n: (mean(deps.get(n.code, [])), n.code))
    if layers_sorted:
        place(layers_sorted[0], lambda n: (mean(users.get(n.code, [])), n.code))
        for layer in layers_sorted[1:]:
            place(layer, lambda n: (mean(deps.get(n.code, [])), n.code))
    return pos, tallest


def _arrow(fig: go.Figure, start: tuple[float, float], end: tuple[float, float]) -> None:
    """An arrow from a measure to what it depends on."""
    (x0, y0), (x1, y1) = start, end
    fig.add_annotation(
        x=x1,
        y=y1,
        ax=x0,
        ay=y0,
        xref="x",
        yref="y",
        axref="x",
        ayref="y",
        showarrow=True,
        arrowhead=3,
        arrowsize=1.2,
        arrowwidth=1.5,
        arrowcolor=ARROW,
        standoff=14,
        startstandoff=14,
        text="",
    )


def _status_nodes(
    fig: go.Figure,
    nodes: list[Any],
    status: str | None,
    pos: Mapping[str, tuple[float, float]],
    *,
    large: bool,
    size: int,
) -> None:
    """The nodes with one status: colour, shape and word; at risk ringed, in a cycle ↻."""
    style = status_style(status)
    fig.add_scatter(
        x=[pos[n.code][0] for n in nodes],
        y=[pos[n.code][1] for n in nodes],
        mode="markers+text",
        name=status_label(status),
        marker={
            "symbol": style.marker,
            "size": 26 if large else 20,
            "color": style.fill,
            "line": {
                "color": [TEXT if n.at_risk else style.line for n in nodes],
                "width": [4 if n.at_risk else 1.5 for n in nodes],
            },
        },
        text=[
            plotly_text(n.code + (" ↻" if n.in_cycle else "") + (" ⚠" if n.at_risk else ""))
            for n in nodes
        ],
        textposition="bottom center",
        textfont={"size": size, "color": TEXT},
        customdata=[[plotly_text(n.name), style.word, n.state] for n in nodes],
        hovertemplate="%{text} %{customdata[0]}<br>%{customdata[1]} · %{customdata[2]}<extra></extra>",
    )


def dependency_figure(graph: Any, *, large: bool = False) -> go.Figure:
    """The round's dependency graph in layers: what a measure depends on lies to the left of it;
    an arrow points from a measure to what it depends on. Nodes have their status colour, shape
    and word; measures at risk via a dependency are ringed, measures in a cycle marked ↻."""
    size = 20 if large else 13
    pos, tallest = _node_positions(graph)
    fig = go.Figure()
    for a, b in graph.edges:
        _arrow(fig, pos[a], pos[b])
    for status in [*STATUS_COLOURS, None]:
        nodes = [n for n in graph.nodes if n.status == status]
        if nodes:
            _status_nodes(fig, nodes, status, pos, large=large, size=size)
    layers = graph.layers
    fig.update_layout(
        height=max(320, 90 + tallest * (70 if large else 56)),
        xaxis={
            "tickvals": list(range(layers)),
            "ticktext": [
                "Avhenger ikke av andre" if i == 0 else f"{i} ledd" for i in range(layers)
            ],
            "range": [-0.5, layers - 0.5],
            "showgrid": False,
            "title": None,
            "tickfont": {"size": size},
            "side": "top",
        },
        yaxis={"visible": False, "range": [-(tallest / 2) - 0.7, tallest / 2 + 0.3]},
        legend={"orientation": "h", "y": -0.02, "yanchor": "top", "font": {"size": size}},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    return fig


def dependency_table(
    graph: Any, at_risk: Sequence[Any]
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The graph as text: each measure with what it depends on."""
    deps = _depends_on(graph)
    risk = {r.code: r for r in at_risk}
    columns = ("Tiltak-ID", "Tiltak", "Status", "Avhenger av", "I risiko via avhengighet")
    rows = tuple(
        (
            n.code,
            n.name,
            status_words(n.status),
            ", ".join(deps.get(n.code, [])) or "–",
            risk[n.code].chain_text if n.code in risk else "–",
        )
        for n in graph.nodes
    )
    return columns, rows


__all__ = [
    "STATUS",
    "dependency_figure",
    "dependency_table",
    "roadmap_figure",
    "slip_figure",
]
