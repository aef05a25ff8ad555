"""Plotly figure builders of the indicator pages: pure functions, data in, Figure out.

Beside each builder a ``*_finding`` function writes the sentence that states what the figure
shows, so the page (and a future export) says the same thing in words. Categories are drawn
with their colour and labelled with icon and word (never colour alone); lines differ by dash
style as well as colour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.labels import category_label, value_text
from dashboard.theme import (
    AXIS,
    CATEGORY_STYLE,
    MUTED,
    PRIMARY,
    PROJECTION_COLOUR,
    SERIES,
    TARGET_COLOUR,
    TEXT,
    WHITE,
)
from model import fmt
from model.attainment import CATEGORIES, Assessment
from model.labels import CATEGORY_LABELS_NB
from model.periods import period_label

DARK_FILLS = {"achieved", "substantial-progress", "deterioration"}
#: (period, time, value) of one observation, oldest first.
Point = tuple[str, float, float]


# --------------------------------------------------------------------------- goals


def goal_counts_figure(goals: Sequence[Any], *, support: bool = False) -> go.Figure:
    """One compact horizontal stacked bar per goal: its indicators per category.

    ``goals``: :class:`model.attainment_service.GoalAttainment` (``code``, ``name``, ``counts``
    (category → n), ``total`` and ``mean_score``).
    """
    labels = [f"{g.code} {fmt.shorten(g.name, 60)}" for g in goals]
    fig = go.Figure()
    for category in CATEGORIES:
        colour, _icon = CATEGORY_STYLE[category]
        counts = [g.counts[category] for g in goals]
        fig.add_bar(
            y=labels,
            x=counts,
            orientation="h",
            name=category_label(category),
            marker={"color": colour, "line": {"color": WHITE, "width": 1}},
            text=[str(n) if n else "" for n in counts],
            textposition="inside",
            insidetextanchor="middle",
            textfont={"color": WHITE if category in DARK_FILLS else TEXT},
            hovertemplate="%{y}: %{x} " + CATEGORY_LABELS_NB[category].lower() + "<extra></extra>",
        )
    totals = [g.total for g in goals]
    top = max(totals, default=0)
    # All annotations in one update: add_annotation validates and copies the whole list on
    # every call (a third of the page's script run).
    annotations = [
        {
            "x": total,
            "y": label,
            "xanchor": "left",
            "xshift": 8,
            "showarrow": False,
            "text": "snittpoeng "
            + ("–" if goal.mean_score is None else fmt.number(goal.mean_score, 1)),
            "font": {"size": 13, "color": MUTED},
        }
        for label, goal, total in zip(labels, goals, totals, strict=True)
    ]
    fig.update_layout(
        annotations=annotations,
        barmode="stack",
        height=46 * len(goals) + 130,
        xaxis={
            "title": "Antall indikatorer" if support else "Antall strategiske indikatorer",
            "range": [0, max(top, 1) * 1.35 + 0.5],
            "dtick": 1 if top <= 8 else None,
        },
        yaxis={"autorange": "reversed", "title": None, "type": "category"},
        bargap=0.35,
        legend={"traceorder": "normal"},
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
    )
    return fig


def _guide(
    fig: go.Figure, xs: Sequence[float], ys: Sequence[float], name: str, colour: str, dash: str
) -> None:
    """A guide line in the series chart (the path to the target, a threshold, a projection)."""
    fig.add_scatter(
        x=xs,
        y=ys,
        mode="lines",
        name=name,
        line={"color": colour, "width": 2, "dash": dash},
        hoverinfo="skip",
    )


# --------------------------------------------------------------------------- one indicator


def _time_ticks(first: float, last: float) -> dict[str, Any]:
    span = last - first
    return {"tickformat": "d", "dtick": 1 if span <= 16 else 2, "title": None}


def _path(start: float, value: float, rate: float, end: float, *, steps: int = 40) -> tuple:
    xs = [start + (end - start) * k / steps for k in range(steps + 1)]
    ys = [value * (1 + rate) ** (x - start) for x in xs]
    return xs, ys


def _y_range(core: list[float], limit: float | None) -> list[float] | None:
    if not core:
        return None
    lo, hi = min(core), max(core)
    span = hi - lo or abs(hi) * 0.2 or 1.0
    top, bottom = hi + 0.3 * span, lo - 0.2 * span
    if lo >= 0 and bottom < 0:
        bottom = 0.0
    if limit is not None and hi <= abs(limit) < top:
        top = abs(limit) + 0.02 * span
    return [bottom, top]


def indicator_figure(
    points: Sequence[Point],
    assessment: Assessment,
    *,
    unit: str | None,
    direction: str = "Økende",
    limit: float | None = None,
    target_year: int = 2030,
    height: int = 460,
) -> go.Figure:
    """The national series with the 2030 target, the required path (dotted) and the projection
    (dashed); the base and the latest observation the method used are marked.

    With a target the required path runs from the base to the target (compound growth for
    open-sdg, a straight line for the linear methods). Without a target (open-sdg trend) the
    dotted line is the growth threshold for «God fremgang». The y-axis is fitted to the
    observations and the target, so a runaway projection leaves the frame instead of squashing
    the series (the page states the projected value in words).
    """
    a = assessment
    fig = go.Figure()
    times = [t for _p, t, _v in points]
    values = [v for _p, _t, v in points]
    fig.add_scatter(
        x=times,
        y=values,
        mode="lines+markers",
        name="Hele landet",
        line={"color": PRIMARY, "width": 3},
        marker={"size": 7, "color": PRIMARY},
        customdata=[[period_label(p), value_text(v, unit)] for p, _t, v in points],
        hovertemplate="%{customdata[0]}: %{customdata[1]}<extra>Hele landet</extra>",
    )
    base_time = _time_of(points, a.base_period)
    latest_time = _time_of(points, a.latest_period)
    target = a.target
    if target is not None:
        first = min([*times, base_time or target_year]) if times else target_year - 10
        _target_line(fig, first, target, target_year, unit)
    if base_time is not None and a.base_value is not None and base_time < target_year:
        _required_path(
            fig, a, base_time, a.base_value, -1 if direction == "Synkende" else 1, target_year
        )
    if latest_time is not None and a.latest_value is not None and a.projected_2030 is not None:
        _projection(fig, a, latest_time, a.latest_value, a.projected_2030, target_year)
    _base_and_latest(fig, a, base_time, latest_time, unit)
    core = [*values, *([target] if target is not None else [])]
    first_time = min(times) if times else target_year - 10
    fig.update_layout(
        height=height,
        xaxis={"range": [first_time - 0.6, target_year + 0.6], **_time_ticks(first_time, 2030)},
        yaxis={"range": _y_range(core, limit), "title": unit or None, "rangemode": "normal"},
        margin={"l": 10, "r": 10, "t": 80, "b": 10},
        hovermode="closest",
    )
    return fig


def _target_line(
    fig: go.Figure, first: float, target: float, target_year: int, unit: str | None
) -> None:
    """The target as a level line from the first year and a star at the target year."""
    fig.add_scatter(
        x=[first, target_year],
        y=[target, target],
        mode="lines",
        name=f"Mål {target_year}: {value_text(target, unit)}",
        line={"color": TARGET_COLOUR, "width": 2},
        hoverinfo="skip",
    )
    fig.add_scatter(
        x=[target_year],
        y=[target],
        mode="markers",
        showlegend=False,
        marker={"symbol": "star", "size": 16, "color": TARGET_COLOUR},
        hovertemplate=f"Mål {target_year}: {value_text(target, unit)}<extra></extra>",
    )


def _required_path(
    fig: go.Figure, a: Assessment, base_time: float, base_value: float, d: int, target_year: int
) -> None:
    """The dotted path from the base: towards the target, or the «God fremgang» threshold."""
    target = a.target
    if a.basis == "target" and target is not None:
        if a.method == "open-sdg" and a.required_growth is not None:
            xs, ys = _path(base_time, base_value, a.required_growth, target_year)
        else:
            xs, ys = [base_time, target_year], [base_value, target]
        _guide(fig, xs, ys, "Nødvendig bane mot målet", TARGET_COLOUR, "dot")
    elif a.basis == "trend" and a.thresholds and base_value > 0:
        high = a.thresholds[0]
        xs, ys = _path(base_time, base_value, d * high, target_year)
        name = f"Grense for god fremgang ({fmt.fraction_percent(high, 2)} per år)"
        _guide(fig, xs, ys, name, TARGET_COLOUR, "dot")


def _projection(
    fig: go.Figure,
    a: Assessment,
    latest_time: float,
    latest_value: float,
    projected: float,
    target_year: int,
) -> None:
    """The dashed projection of the observed development from the latest observation."""
    if a.method == "open-sdg" and a.observed_growth is not None:
        xs, ys = _path(latest_time, latest_value, a.observed_growth, target_year)
    else:
        xs, ys = [latest_time, target_year], [latest_value, projected]
    _guide(fig, xs, ys, "Framskriving av observert utvikling", PROJECTION_COLOUR, "dash")


def _base_and_latest(
    fig: go.Figure,
    a: Assessment,
    base_time: float | None,
    latest_time: float | None,
    unit: str | None,
) -> None:
    """The base and the latest observation the method used, marked and labelled."""
    for label, t, v, symbol, position in (
        ("Basis", base_time, a.base_value, "diamond", "bottom center"),
        ("Siste", latest_time, a.latest_value, "circle-open", "top center"),
    ):
        if t is None or v is None:
            continue
        if label == "Siste" and t == base_time:
            continue
        period = a.base_period if label == "Basis" else a.latest_period
        fig.add_scatter(
            x=[t],
            y=[v],
            mode="markers+text",
            name=f"{label}: {value_text(v, unit)} ({period_label(period or '')})",
            text=[f"{label} {value_text(v, unit)}"],
            textposition=position,
            textfont={"size": 14, "color": TEXT},
            marker={
                "symbol": symbol,
                "size": 15,
                "color": PRIMARY,
                "line": {"color": PRIMARY, "width": 3},
            },
            hoverinfo="skip",
        )


def _time_of(points: Sequence[Point], period: str | None) -> float | None:
    if period is None:
        return None
    for p, t, _v in points:
        if p == period:
            return t
    from model.periods import period_time

    return period_time(period)


def indicator_finding(
    name: str, assessment: Assessment, *, unit: str | None, limit: float | None = None
) -> str:
    """What the line chart shows, in one or two sentences with the numbers."""
    a = assessment
    label = CATEGORY_LABELS_NB[a.category]
    if a.latest_period is None:
        return f"{name}: {label}. Det finnes ingen observasjoner å vise."
    text = (
        f"{name}: «{label}». Siste verdi er {value_text(a.latest_value, unit)} "
        f"({period_label(a.latest_period)})"
    )
    if a.base_period and a.base_period != a.latest_period:
        text += f", mot {value_text(a.base_value, unit)} i basisåret ({a.base_period})"
    text += "."
    if a.target is not None:
        text += f" Målet for 2030 er {value_text(a.target, unit)}."
    else:
        text += " Det er ikke fastsatt noe mål for 2030 ennå."
    if a.projected_2030 is not None:
        text += (
            f" Fortsetter utviklingen som hittil, blir verdien {value_text(a.projected_2030, unit)}"
            " i 2030"
        )
        if limit is not None and abs(a.projected_2030) > abs(limit):
            text += (
                f", over den naturlige grensen {value_text(limit, unit)}; framskrivingen er bare "
                "en videreføring av veksten og går ut av diagrammet"
            )
        text += "."
    return text


# --------------------------------------------------------------------------- areas


def area_bar(
    frame: Any, *, national: float | None, unit: str | None, period: str, height: int | None = None
) -> go.Figure:
    """Ranked horizontal bars: every area's value for one period; the nation as a dashed line."""
    ordered = frame.sort_values(["value", "area"], ascending=[True, False])
    fig = go.Figure(
        go.Bar(
            x=ordered["value"],
            y=ordered["area"],
            orientation="h",
            marker={"color": SERIES, "line": {"color": PRIMARY, "width": 1}},
            text=[value_text(v, unit) for v in ordered["value"]],
            # Inside the (opaque) bar where it fits, so the national line drawn below the bars
            # never runs through a number.
            textposition="auto",
            insidetextanchor="end",
            insidetextfont={"color": WHITE},
            outsidetextfont={"color": TEXT},
            cliponaxis=False,
            name=period_label(period),
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    if national is not None:
        fig.add_vline(
            x=national,
            layer="below",
            line={"color": TEXT, "dash": "dash", "width": 2},
            annotation={
                "text": f"Hele landet: {value_text(national, unit)}",
                "font": {"size": 13},
                "bgcolor": "rgba(255,255,255,0.85)",
            },
            annotation_position="top",
        )
    top = max([*ordered["value"], national or 0, 0])
    fig.update_layout(
        height=height or 30 * len(ordered) + 120,
        xaxis={"title": unit or None, "range": [min(0, *ordered["value"]), top * 1.18 or 1]},
        yaxis={"title": None, "type": "category"},
        showlegend=False,
        margin={"l": 10, "r": 30, "t": 50, "b": 10},
    )
    return fig


def area_finding(
    frame: Any, *, national: float | None, unit: str | None, period: str, direction: str
) -> str:
    """``Høyest i Oslo (64 %), lavest i Finnmark (51 %); landet samlet 59 %.``"""
    if frame.empty:
        return "Ingen fordeling på områder for denne perioden."
    top = frame.loc[frame["value"].idxmax()]
    bottom = frame.loc[frame["value"].idxmin()]
    text = (
        f"Høyest i {top['area']} ({value_text(top['value'], unit)}), lavest i "
        f"{bottom['area']} ({value_text(bottom['value'], unit)}) blant {len(frame)} områder i "
        f"{period_label(period)}"
    )
    if national is not None:
        text += f"; hele landet {value_text(national, unit)}"
    better = "lavere" if direction == "Synkende" else "høyere"
    return text + f". For denne indikatoren er {better} verdi bedre."


def area_multiples(
    frame: Any, national: Sequence[Point], *, unit: str | None, columns: int = 4
) -> go.Figure:
    """Small multiples: one panel per area over time, with the national series dotted in each."""
    areas = sorted(frame["area"].unique(), key=fmt.sort_key_nb)
    cols = min(columns, max(len(areas), 1))
    rows = math.ceil(len(areas) / cols) if areas else 1
    fig = make_subplots(
        rows=rows,
        cols=cols,
        shared_yaxes=True,
        subplot_titles=areas,
        horizontal_spacing=0.04,
        vertical_spacing=0.16 if rows > 1 else 0.1,
    )
    for index, area in enumerate(areas):
        row, col = index // cols + 1, index % cols + 1
        part = frame[frame["area"] == area]
        fig.add_scatter(
            x=part["time"],
            y=part["value"],
            mode="lines+markers",
            name=area,
            line={"color": SERIES, "width": 2},
            marker={"size": 5},
            showlegend=False,
            customdata=[
                [period_label(p), value_text(v, unit)]
                for p, v in zip(part["period"], part["value"], strict=True)
            ],
            hovertemplate=area + " %{customdata[0]}: %{customdata[1]}<extra></extra>",
            row=row,
            col=col,
        )
        fig.add_scatter(
            x=[t for _p, t, _v in national],
            y=[v for _p, _t, v in national],
            mode="lines",
            name="Hele landet",
            line={"color": MUTED, "width": 1.5, "dash": "dot"},
            showlegend=index == 0,
            hoverinfo="skip",
            row=row,
            col=col,
        )
    fig.update_xaxes(tickformat="d", nticks=4)
    height = 230 * rows + 110
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 100, "b": 10},
        # Above the panel titles (Plotly draws those at the top of each panel).
        legend={"x": 1, "xanchor": "right", "y": 1 + 70 / (height - 110), "yanchor": "bottom"},
    )
    return fig


def area_multiples_finding(frame: Any, *, unit: str | None) -> str:
    """Which area moved most between its first and its latest period."""
    changes = []
    for area, part in frame.groupby("area"):
        part = part.sort_values("time")
        if len(part) >= 2:
            changes.append((part["value"].iloc[-1] - part["value"].iloc[0], area, part))
    if not changes:
        return "Ett panel per område; den prikkete linjen er hele landet."
    change, area, part = max(changes, key=lambda c: abs(c[0]))
    first, last = part.iloc[0], part.iloc[-1]
    return (
        f"Ett panel per område; den prikkete linjen er hele landet. Størst endring har {area}: "
        f"fra {value_text(first['value'], unit)} ({period_label(first['period'])}) til "
        f"{value_text(last['value'], unit)} ({period_label(last['period'])})."
    )


# --------------------------------------------------------------------------- composites


def children_figure(children: Sequence[dict[str, Any]]) -> go.Figure:
    """The sub-indicators of a composite: each child's score (−5 … +5), coloured and labelled
    by its category. ``children``: dicts with ``code``, ``name`` and ``assessment``."""
    fig = go.Figure()
    labels = [f"{c['code']} {fmt.shorten(c['name'], 56)}" for c in children]
    for category in CATEGORIES:
        picked = [
            (label, c["assessment"])
            for label, c in zip(labels, children, strict=True)
            if c["assessment"].category == category
        ]
        if not picked:
            continue
        fig.add_bar(
            y=[label for label, _a in picked],
            x=[a.score if a.score is not None else 0 for _l, a in picked],
            orientation="h",
            name=category_label(category),
            marker={"color": CATEGORY_STYLE[category][0], "line": {"color": TEXT, "width": 1}},
            text=[
                f"{category_label(category)} ({'–' if a.score is None else fmt.number(a.score, 1)})"
                for _l, a in picked
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    fig.update_layout(
        barmode="overlay",
        height=60 * len(children) + 140,
        xaxis={
            "range": [
                -9.5 if any((c["assessment"].score or 0) < 0 for c in children) else -0.5,
                10,
            ],
            "title": "Poeng (−5 til +5)",
            "zeroline": True,
            "zerolinecolor": AXIS,
            "tickvals": [-5, -2.5, 0, 2.5, 5],
        },
        yaxis={
            "title": None,
            "type": "category",
            "categoryorder": "array",
            "categoryarray": labels[::-1],
        },
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
    )
    return fig
