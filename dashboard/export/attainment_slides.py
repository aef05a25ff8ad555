"""Slides 5 and 6 of the meeting: goal attainment per goal, and the selected indicators' series.

Both read the attainment service once while the database is at hand (``collect``), as of the
pack's pinned import batch (``pack.as_of_batch``) and indicator period (``pack.asof_period``;
``None`` = every observation), and keep plain data in ``pack.extras``; building the slides and
their figures is pure. The method in use is stated on slide 5 and beside every judgement.

* 5 «Måloppnåelse per mål»: per goal (O1–O3, S1–S5, wording from the database) the strategic
  indicators per category as a horizontal stacked bar (colour, icon and word; counts on the
  bars; mean score beside each bar) and the same numbers as a table.
* 6 «Utvalgte indikatorer»: the indicators named in the URL (``indikatorer=S1-01,S2-01``), by
  default the strategic indicators with the worst categories (at most :data:`DEFAULT_COUNT`):
  the national series with the 2030 target, the required path and the projection, the category
  and the method's explanation. A composite indicator shows its sub-indicators' scores instead.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from dashboard.export.blocks import Chart, Notice, SlideContent, Table
from dashboard.export.content import MeetingPack
from dashboard.theme import AXIS_DARK, TEXT, WHITE
from model import fmt
from model.periods import period_label

GOALS_KEY = "maloppnaelse"
INDICATORS_KEY = "indikatorer"
GOALS_TITLE = "Måloppnåelse per mål"
INDICATORS_TITLE = "Utvalgte indikatorer"
#: How many indicators slide 6 shows when the URL names none.
DEFAULT_COUNT = 4
#: Type size of the slide figures (px in a 1600 × 900 image); an indicator's picture is drawn
#: smaller on its slide (beside its longer text), so its type is larger.
FONT = 30
INDICATOR_FONT = 34
NO_INDICATORS = (
    "Databasen har ingen indikatorer ennå. Last opp en indikatorarbeidsbok (siden «Last opp» "
    "eller «ehelse import FIL»), så vises måloppnåelsen her."
)


# ---------------------------------------------------------------------------------------------
# Shared wording
# ---------------------------------------------------------------------------------------------


def _period_words(as_of: str | None) -> str:
    return f"data til og med {period_label(as_of)}" if as_of else "alle observasjoner"


def _scope(meta: dict[str, Any], *, strategic: bool) -> str:
    """The footer: which indicators and which observations (the method is on the slide)."""
    parts = ["Strategiske indikatorer"] if strategic else []
    parts.append(
        f"indikatorsett {meta['version']}" if meta["version"] else "indikatorsett uten versjon"
    )
    parts.append(_period_words(meta["as_of"]))
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


def _method(meta: dict[str, Any]) -> str:
    """``Metode: Open SDG (fremdriftsmål) · Sammensatte indikatorer: Gjennomsnittlig poeng``."""
    from dashboard.labels import method_text

    return method_text(meta["method"], meta["composite_method"])


def _meta(pack: MeetingPack) -> dict[str, Any]:
    selection = pack.report.attainment.selection
    return {
        "version": selection.version,
        "as_of": selection.as_of,
        "method": selection.method,
        "composite_method": selection.composite_method,
        "as_of_batch": pack.as_of_batch,
    }


# ---------------------------------------------------------------------------------------------
# Slide 5: goal attainment per goal
# ---------------------------------------------------------------------------------------------


def goals_data(pack: MeetingPack) -> dict[str, Any] | None:
    """Per goal the strategic indicators' counts per category and the mean score, from the
    round's report (None when it has no attainment)."""
    summary = pack.report.attainment
    if summary is None:
        return None
    return {
        **_meta(pack),
        "goals": summary.goals,
        "assessments": [r.assessment for r in summary.counted],
        "strategic": summary.strategic_count,
        "indicators": len(summary.results),
    }


def goals_figure(data: dict[str, Any]) -> go.Figure:
    """The goal roll-up for a room: one stacked bar per goal with the goal's code on the axis and
    its full name written on one line above the bar; each segment carries the category's icon
    and count (not colour alone), the mean score stands beside the bar. Only the categories
    that occur are in the legend (the table lists them all)."""
    from dashboard.export.slides import presentation_figure
    from dashboard.labels import category_label
    from dashboard.theme import CATEGORY_STYLE, MUTED
    from model.attainment import CATEGORIES
    from model.labels import CATEGORY_LABELS_NB

    goals = data["goals"]
    rows = list(range(len(goals)))
    thickness = 0.5
    fig = go.Figure()
    for category in CATEGORIES:
        colour, icon = CATEGORY_STYLE[category]
        counts = [g.counts[category] for g in goals]
        dark = category in {"achieved", "substantial-progress", "deterioration"}
        fig.add_bar(
            y=rows,
            x=counts,
            orientation="h",
            width=thickness,
            name=category_label(category),
            showlegend=any(counts),
            marker={"color": colour, "line": {"color": WHITE, "width": 2}},
            text=[f"{icon} {n}" if n else "" for n in counts],
            textposition="inside",
            insidetextanchor="middle",
            textfont={"color": WHITE if dark else TEXT, "size": FONT},
            hovertemplate="%{x} " + CATEGORY_LABELS_NB[category].lower() + "<extra></extra>",
        )
    totals = [g.total for g in goals]
    top = max(totals, default=0)
    for row, goal, total in zip(rows, goals, totals, strict=True):
        fig.add_annotation(
            x=0,
            y=row - thickness / 2,
            xref="x",
            yref="y",
            xanchor="left",
            yanchor="bottom",
            yshift=2,
            showarrow=False,
            text=goal.name,
            font={"size": FONT - 4, "color": TEXT},
        )
        mean = goal.mean_score
        fig.add_annotation(
            x=total,
            y=row,
            xanchor="left",
            xshift=12,
            showarrow=False,
            text="snittpoeng " + ("–" if mean is None else fmt.number(mean, 1)),
            font={"size": FONT - 4, "color": MUTED},
        )
    fig = presentation_figure(fig, font_size=FONT)
    fig.update_layout(
        barmode="stack",
        height=900,
        xaxis={
            "title": "Antall strategiske indikatorer",
            "range": [0, max(top, 1) * 1.3 + 0.4],
            "dtick": 1 if top <= 8 else None,
        },
        yaxis={
            "tickvals": rows,
            "ticktext": [f"<b>{g.code}</b>" for g in goals],
            "range": [len(goals) - 0.6, -0.9],
            "title": None,
        },
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1.0,
            "yanchor": "bottom",
            "font": {"size": FONT - 2},
            "traceorder": "normal",
        },
        margin={"l": 20, "r": 30, "t": 70, "b": 20},
    )
    fig.update_yaxes(tickfont={"size": FONT})
    return fig


def goal_figures(pack: MeetingPack) -> dict[str, go.Figure]:
    data = goals_data(pack)
    if not data or not data["indicators"]:
        return {}
    return {GOALS_KEY: goals_figure(data)}


def _count(n: int) -> str:
    return fmt.number(n) if n else "–"


def goals_slide(pack: MeetingPack) -> SlideContent:
    from dashboard.labels import category_label
    from model.attainment import CATEGORIES
    from model.labels import CATEGORY_LABELS_NB
    from model.text import goal_counts_finding

    data = goals_data(pack)
    if not data or not data["indicators"]:
        return SlideContent(5, GOALS_TITLE, (Notice(NO_INDICATORS),), ready=False)
    goals = data["goals"]
    finding = goal_counts_finding(goals, data["assessments"])
    method = _method(data) + "."
    # One column per goal (short codes), one row per category: fits a slide and an A4 page.
    columns = ("Vurdering", *(g.code for g in goals))
    rows = (
        *((category_label(c), *(_count(g.counts[c]) for g in goals)) for c in CATEGORIES),
        ("I alt", *(fmt.number(g.total) for g in goals)),
        (
            "Snittpoeng (−5 til +5)",
            *("–" if g.mean_score is None else fmt.number(g.mean_score, 1) for g in goals),
        ),
    )
    per_goal = tuple(
        (
            f"{g.code} {g.name}",
            "–" if g.mean_score is None else fmt.number(g.mean_score, 1),
            ", ".join(f"{n} {CATEGORY_LABELS_NB[c].lower()}" for c, n in g.counts.items() if n)
            or "ingen strategiske indikatorer",
        )
        for g in goals
    )
    chart = Chart(
        GOALS_KEY,
        finding,
        alt_columns=("Mål", "Snittpoeng", "Strategiske indikatorer etter vurdering"),
        alt_rows=per_goal,
        alt_widths=(3.2, 1.0, 2.6),
        note="En indikator med flere mål telles under hvert av dem; snittpoeng fra −5 til +5.",
        method=method,
    )
    table = Table(
        columns=columns,
        rows=rows,
        widths=(3.4, *(1.0,) * len(goals)),
        empty="Ingen mål i databasen.",
        caption=(
            "Antall strategiske indikatorer per mål og vurdering; en indikator med flere mål "
            "telles under hvert av dem. " + method
        ),
        # On paper the chart's text table (goal names, mean score, categories in words) is
        # the table.
        on_paper=False,
        rows_per_slide=len(rows),
        bold_column=0,
        paper_widths=(46, *(128 / max(len(goals), 1),) * len(goals)),
    )
    notes = "\n".join(
        [finding, method, *(f"{row[0]}: snittpoeng {row[1]}; {row[2]}" for row in per_goal)]
    )
    return SlideContent(
        5,
        GOALS_TITLE,
        (chart, table),
        scope=_scope(data, strategic=True),
        notes=notes,
    )


# ---------------------------------------------------------------------------------------------
# Slide 6: the selected indicators
# ---------------------------------------------------------------------------------------------


def default_indicators(results: Any, count: int = DEFAULT_COUNT) -> list[str]:
    """The strategic indicators that go worst: by category (Tilbakegang first), then by score,
    then by ID. Indicators that cannot be judged yet are left out."""
    from model.attainment import PROGRESS_ORDER
    from model.attainment_service import STRATEGIC

    judged = [
        r
        for r in results
        if r.definition["level"] == STRATEGIC and r.assessment.category in PROGRESS_ORDER
    ]
    judged.sort(
        key=lambda r: (
            PROGRESS_ORDER.index(r.assessment.category),
            r.assessment.score if r.assessment.score is not None else 0.0,
            r.code,
        )
    )
    return [r.code for r in judged[:count]]


def indicators_data(pack: MeetingPack) -> dict[str, Any] | None:
    """The chosen indicators (or the default ones) with definition, series and assessment, from
    the round's report (None when it has no attainment)."""
    from model.periods import period_time

    summary = pack.report.attainment
    if summary is None:
        return None
    selection = summary.selection
    by_code = {code.upper(): r for code, r in selection.by_code().items()}
    chosen = [c.strip().upper() for c in pack.indicators if c.strip()]
    wanted = list(dict.fromkeys(chosen)) or default_indicators(selection.results)
    items, missing = [], []
    for code in wanted:
        result = by_code.get(code)
        if result is None:
            missing.append(code)
            continue
        d = result.definition
        items.append(
            {
                "code": result.code,
                "name": d["name"],
                "unit": d["unit"],
                "direction": d["direction"],
                "limit": d["limit"],
                "level": d["level"],
                "assessment": result.assessment,
                "points": [(o.period, period_time(o.period), o.value) for o in result.series],
                "children": [
                    {
                        "code": kid,
                        "name": selection.by_code()[kid].definition["name"],
                        "assessment": selection.by_code()[kid].assessment,
                    }
                    for kid in result.children
                ],
            }
        )
    return {
        **_meta(pack),
        "chosen": bool(chosen),
        "items": items,
        "missing": missing,
        "indicators": len(selection.results),
    }


def chart_key(code: str) -> str:
    return f"indikator-{code}"


def indicator_slide_figure(item: dict[str, Any]) -> go.Figure:
    """One indicator for a room: the series with target, required path and projection (or a
    composite's sub-indicators), large type, the legend under the plot."""
    from dashboard.export.slides import presentation_figure
    from dashboard.indicator_charts import indicator_figure
    from dashboard.labels import value_text
    from dashboard.theme import TARGET_COLOUR

    if item["children"]:
        return composite_figure(item["children"])
    fig = indicator_figure(
        item["points"],
        item["assessment"],
        unit=item["unit"],
        direction=item["direction"],
        limit=item["limit"],
        height=900,
    )
    fig = presentation_figure(fig, font_size=INDICATOR_FONT)
    for trace in fig.data:
        if trace.mode == "markers+text":
            # Base and latest value are written beside their markers; no legend entry needed.
            trace.showlegend = False
            trace.textfont.size = INDICATOR_FONT - 4
            trace.marker.size = 22
            trace.cliponaxis = False
            if trace.name.startswith("Basis"):
                trace.textposition = "bottom right"  # the first point: not past the axis
        elif trace.mode and "lines" in trace.mode:
            trace.line.width = 5 if trace.name == "Hele landet" else 4
            if trace.name == "Hele landet":
                trace.marker.size = 13
        if trace.mode == "markers" and trace.marker.symbol == "star":
            # The target written beside its star, so the picture needs no legend to say it.
            trace.marker.size = 28
            trace.mode = "markers+text"
            trace.text = [f"Mål {value_text(trace.y[0], item['unit'])}"]
            trace.textposition = "top left"
            trace.textfont = {"size": INDICATOR_FONT - 4, "color": TARGET_COLOUR}
            trace.cliponaxis = False
    fig.update_layout(
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": -0.1,
            "yanchor": "top",
            "font": {"size": INDICATOR_FONT - 4},
        },
        margin={"l": 20, "r": 30, "t": 30, "b": 20},
    )
    return fig


def composite_figure(children: list[dict[str, Any]]) -> go.Figure:
    """A composite's sub-indicators for a room: each child's score (−5 … +5) as a bar from
    zero, its ID, name, category (icon and word) and score written above the bar."""
    from dashboard.export.slides import presentation_figure
    from dashboard.labels import category_label
    from dashboard.theme import CATEGORY_STYLE

    rows = list(range(len(children)))
    thickness = 0.45
    two_lines = len(children) <= 5
    fig = go.Figure()
    for row, child in zip(rows, children, strict=True):
        a = child["assessment"]
        score = "–" if a.score is None else fmt.number(a.score, 1)
        fig.add_bar(
            y=[row],
            x=[a.score or 0],
            orientation="h",
            width=thickness,
            showlegend=False,
            marker={"color": CATEGORY_STYLE[a.category][0], "line": {"color": TEXT, "width": 1}},
            hovertemplate=f"{child['code']}: {score}<extra></extra>",
        )
        verdict = f"{category_label(a.category)} (poeng {score})"
        name = f"{child['code']} {child['name']}"
        text = (
            f"{fmt.shorten(name, 95)}<br><b>{verdict}</b>"
            if two_lines
            else f"{fmt.shorten(name, 60)} · <b>{verdict}</b>"
        )
        fig.add_annotation(
            x=-5.4,
            y=row - thickness / 2,
            xanchor="left",
            yanchor="bottom",
            yshift=4,
            showarrow=False,
            align="left",
            text=text,
            bgcolor="rgba(255,255,255,0.92)",
            font={"size": INDICATOR_FONT - 6, "color": TEXT},
        )
    fig = presentation_figure(fig, font_size=INDICATOR_FONT)
    fig.update_layout(
        height=900,
        xaxis={
            "range": [-5.5, 5.5],
            "tickvals": [-5, -2.5, 0, 2.5, 5],
            "title": "Poeng (−5 til +5)",
            "zeroline": True,
            "zerolinecolor": AXIS_DARK,
            "zerolinewidth": 3,
        },
        yaxis={
            "range": [len(children) - 0.5, -1.0 if two_lines else -0.8],
            "showticklabels": False,
            "showgrid": False,
        },
        margin={"l": 20, "r": 30, "t": 20, "b": 20},
    )
    return fig


def indicator_figures(pack: MeetingPack) -> dict[str, go.Figure]:
    data = indicators_data(pack)
    if not data:
        return {}
    return {chart_key(item["code"]): indicator_slide_figure(item) for item in data["items"]}


def _indicator_chart(item: dict[str, Any], method: str) -> Chart:
    from dashboard.indicator_charts import indicator_finding
    from dashboard.labels import category_label
    from model.text import children_finding

    a = item["assessment"]
    if item["children"]:
        finding, note = children_finding(a), ""
    else:
        finding = indicator_finding(item["name"], a, unit=item["unit"], limit=item["limit"])
        note = a.explanation_nb
    level = "" if item["level"] == "Strategisk" else " (støtteindikator)"
    kids = tuple(
        (
            f"{kid['code']} {kid['name']}",
            category_label(kid["assessment"].category),
            "–" if kid["assessment"].score is None else fmt.number(kid["assessment"].score, 1),
        )
        for kid in item["children"]
    )
    return Chart(
        chart_key(item["code"]),
        finding,
        alt_columns=("Delindikator", "Vurdering", "Poeng") if kids else (),
        alt_rows=kids,
        alt_widths=(3.4, 1.6, 0.7),
        heading=f"{item['code']} {item['name']}{level}",
        verdict=category_label(a.category),
        note=note,
        method=method + ".",
    )


def indicators_slide(pack: MeetingPack) -> SlideContent:
    data = indicators_data(pack)
    if not data or not data["indicators"]:
        return SlideContent(6, INDICATORS_TITLE, (Notice(NO_INDICATORS),), ready=False)
    method = _method(data)
    blocks: list[Any] = []
    if data["missing"]:
        names = ", ".join(data["missing"])
        where = f"indikatorsett {data['version']}" if data["version"] else "indikatorsettet"
        blocks.append(
            Notice(
                f"Fant ikke {names} i {where}"
                + (f" (låst til import {data['as_of_batch']})" if data["as_of_batch"] else "")
                + ". Sjekk indikator-ID-ene i lenken (indikatorer=…)."
            )
        )
    charts = [_indicator_chart(item, method) for item in data["items"]]
    if not charts and not blocks:
        blocks.append(
            Notice(
                "Ingen strategiske indikatorer kan vurderes ennå (for lite data eller under "
                "arbeid). Velg indikatorer i oppsettet for møtemodus."
            )
        )
    blocks.extend(charts)
    how = "valgt for møtet" if data["chosen"] else "de strategiske med svakest utvikling"
    notes = "\n\n".join(c.speaker_note for c in charts)
    return SlideContent(
        6,
        INDICATORS_TITLE,
        tuple(blocks),
        scope=f"{_scope(data, strategic=False)}; indikatorer {how}",
        notes=notes,
    )
