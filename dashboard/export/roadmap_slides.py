"""Slides 9–11 of the meeting: «Forsinket siden forrige runde», «I risiko via avhengighet» and
the roadmap (Veikart), one picture per strategic goal so a room can read it.

Everything comes from the pack's round report (:mod:`model.round_report`, :mod:`model.roadmap`);
these builders only word and lay it out.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.export.blocks import Chart, SlideContent, Table, table_slide
from dashboard.export.content import MeetingPack
from model import fmt
from model.fmt import one_line
from model.periods import finish_text
from model.roadmap import NO_GOAL, goals_in, roadmap, roadmap_finding, roadmap_table
from model.text import months_words

SLIPPED_TITLE = "Forsinket siden forrige runde"
AT_RISK_TITLE = "I risiko via avhengighet"
ROADMAP_TITLE = "Veikart"
ROADMAP_KEY = "veikart"


def _slipped_caption(pack: MeetingPack) -> str:
    text = "Planlagt ferdig flyttet til senere, flest måneder først."
    moved = pack.report.milestones_slipped
    if moved:
        text += (
            f" {fmt.count_word(len(moved), 'milepæl', 'milepæler')} har fått senere planlagt "
            "dato: "
            + "; ".join(f"{m.code} {m.name} ({months_words(m.slip_months or 0)})" for m in moved)
            + "."
        )
    return text


def slipped_slide(pack: MeetingPack) -> SlideContent:
    report = pack.report
    prev = report.previous_round or "forrige runde"
    slipped = report.slipped_most_first
    rows = tuple(
        (
            s.code,
            s.name,
            s.owner,
            finish_text(s.before_text),
            finish_text(s.after_text),
            months_words(s.months),
            one_line(s.comment),
        )
        for s in slipped
    )
    row_notes = tuple(
        f"{s.code} {s.name} ({s.owner}), planlagt ferdig {finish_text(s.before_text)} → "
        f"{finish_text(s.after_text)} ({months_words(s.months)}):\n{s.comment or ''}"
        for s in slipped
    )
    table = Table(
        columns=(
            "Tiltak-ID",
            "Tiltak",
            "Tiltakseier",
            prev,
            report.round,
            "Endring",
            "Statuskommentar",
        ),
        rows=rows,
        widths=(1.1, 2.4, 1.9, 1.25, 1.25, 1.2, 3.4),
        long_column=6,
        empty=f"Ingen tiltak har flyttet planlagt ferdig til senere siden {prev}.",
        caption=_slipped_caption(pack),
        paper_widths=(15, 30, 24, 18, 18, 17, 52),
        row_notes=row_notes,
    )
    return SlideContent(
        9,
        f"{SLIPPED_TITLE} ({len(rows)})",
        (table,),
        scope=pack.measure_scope,
        notes="\n\n".join(row_notes),
    )


def at_risk_slide(pack: MeetingPack) -> SlideContent:
    from dashboard.theme import status_label

    report = pack.report
    items = report.at_risk
    rows = tuple(
        (
            a.code,
            a.name,
            status_label(a.status) if a.status else "",
            f"{a.source} {a.source_name}",
            status_label(a.source_status),
            a.chain_text,
        )
        for a in items
    )
    row_notes = tuple(
        f"{a.code} {a.name} avhenger av {a.source} {a.source_name} ({a.source_status}): "
        f"{a.chain_text}.\n{a.source_comment or ''}"
        for a in items
    )
    caption = (
        "Tiltak som avhenger av et tiltak med rød eller gul status, direkte eller via andre "
        "tiltak (kjeden leses «avhenger av»)."
    )
    if report.dependency_cycles:
        caption += (
            " Avhengigheter i ring: "
            + "; ".join(" → ".join(c) for c in report.dependency_cycles)
            + "."
        )
    table = Table(
        columns=("Tiltak-ID", "Tiltak", "Status", "Avhenger av", "Status der", "Kjede"),
        rows=rows,
        widths=(1.1, 2.6, 1.2, 2.6, 1.2, 3.0),
        status_columns=(2, 4),
        long_column=5,
        empty=f"Ingen tiltak avhenger av et tiltak med rød eller gul status i {report.round}.",
        caption=caption,
        paper_widths=(15, 36, 16, 40, 16, 51),
        row_notes=row_notes,
        rows_per_slide=5,
    )
    return table_slide(10, AT_RISK_TITLE, table, pack.measure_scope)


def _goal_names(pack: MeetingPack) -> dict[str, str]:
    return dict(pack.extras.get(ROADMAP_KEY) or {})


def _collect(engine, pack: MeetingPack) -> dict[str, str]:  # noqa: ANN001
    from model.queries import goals

    return {g["code"]: g["name"] for g in goals(engine, pack.as_of_batch)}


def roadmap_slide(pack: MeetingPack) -> SlideContent:
    rows = roadmap(pack.report)
    names = _goal_names(pack)
    charts = []
    for goal in goals_in(rows):
        part = tuple(r for r in rows if r.goal == goal)
        columns, table = roadmap_table(part)
        heading = goal if goal == NO_GOAL else f"{goal} {names.get(goal, '')}".strip()
        charts.append(
            Chart(
                f"{ROADMAP_KEY}_{goal}",
                roadmap_finding(part, pack.round),
                alt_columns=columns[1:6],
                alt_rows=tuple(r[1:6] for r in table),
                heading=heading,
            )
        )
    return SlideContent(
        11,
        f"{ROADMAP_TITLE} {pack.round}",
        tuple(charts),
        scope=pack.measure_scope,
        notes=roadmap_finding(rows, pack.round),
    )


def roadmap_figures(pack: MeetingPack) -> dict[str, go.Figure]:
    from dashboard.export.slides import presentation_figure
    from dashboard.roadmap_charts import roadmap_figure
    from model.periods import round_end

    rows = roadmap(pack.report)
    names = _goal_names(pack)
    out = {}
    for goal in goals_in(rows):
        part = tuple(r for r in rows if r.goal == goal)
        fig = roadmap_figure(
            part, names, round_code=pack.round, now=round_end(pack.round), large=True, name_limit=30
        )
        height = fig.layout.height
        out[f"{ROADMAP_KEY}_{goal}"] = presentation_figure(fig, font_size=20, height=900)
        # the picture is 1600×900: more rows than fit get smaller type rather than clipping
        if height and height > 900:
            from dashboard.export.slides import scale_fonts

            scale_fonts(out[f"{ROADMAP_KEY}_{goal}"], max(0.6, 900 / height))
        out[f"{ROADMAP_KEY}_{goal}"].update_layout(
            legend={"orientation": "h", "y": -0.02, "yanchor": "top", "x": 0},
            margin={"l": 20, "r": 20, "t": 50, "b": 20},
        )
    return out


def slide_defs():  # noqa: ANN201 - tuple[SlideDef, ...]
    from dashboard.export.slides import SlideDef

    return (
        SlideDef(9, "forsinket", SLIPPED_TITLE, slipped_slide, in_presentation=False),
        SlideDef(10, "i-risiko", AT_RISK_TITLE, at_risk_slide, in_presentation=False),
        SlideDef(
            11,
            ROADMAP_KEY,
            ROADMAP_TITLE,
            roadmap_slide,
            figures=roadmap_figures,
            collect=_collect,
            in_presentation=False,
        ),
    )
