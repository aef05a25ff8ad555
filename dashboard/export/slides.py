"""The slide registry: the numbered slides of the meeting mode and the meeting pack.

Each :class:`SlideDef` turns a :class:`~dashboard.export.content.MeetingPack` into
format-neutral blocks (:mod:`.blocks`); PowerPoint, PDF and the Møtemodus page draw them. The
numbers are the ones the presenter puts in the URL (``?lysbilder=1,2,3,4``).

Adding a slide takes one :func:`register` call::

    def _collect(engine, pack):          # runs once, while the database is at hand
        return some_query(engine, as_of_batch=pack.as_of_batch)

    def _build(pack):                    # pure: pack in, blocks out
        data = pack.extras["key"]
        return SlideContent(8, "Tittel", (Table(...),))

    register(SlideDef(8, "key", "Tittel", _build, collect=_collect, figures=...))

``figures`` returns Plotly figures by key; exports render each once to PNG (kaleido) and a
:class:`~dashboard.export.blocks.Chart` block refers to it by key. Slides 5 and 6 (goal
attainment) live in :mod:`.attainment_slides`. A slide whose content comes back with
``ready=False`` (e.g. no indicators in the database) is shown in the meeting but left out of the
exported files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from dashboard.export.blocks import (
    Chart,
    Metric,
    Metrics,
    Paragraph,
    SlideContent,
    Table,
    table_slide,
)
from dashboard.export.content import AGENDA_KEY, MeetingPack, colours_line
from dashboard.theme import WHITE
from model import fmt
from model.fmt import one_line
from model.round_report import RoundReport
from model.text import distribution_finding
from model.vocab import STATUS_COLOURS


@dataclass(frozen=True)
class SlideDef:
    number: int
    key: str
    title: str  # short, for the configuration panel
    build: Callable[[MeetingPack], SlideContent]
    figures: Callable[[MeetingPack], dict[str, go.Figure]] | None = None
    collect: Callable[[Any, MeetingPack], Any] | None = None
    ready: Callable[[], bool] = lambda: True
    #: shown when the URL names no slides / written to the files
    in_presentation: bool = True
    in_export: bool = True


_REGISTRY: dict[int, SlideDef] = {}


def register(slide: SlideDef) -> None:
    """Add a slide, or replace the slide with the same number."""
    _REGISTRY[slide.number] = slide


def all_slides() -> list[SlideDef]:
    _ensure_defaults()
    return [_REGISTRY[n] for n in sorted(_REGISTRY)]


def get(number: int) -> SlideDef | None:
    _ensure_defaults()
    return _REGISTRY.get(number)


def default_presentation() -> list[int]:
    """The sequence when the URL names none: every ready slide meant for the meeting."""
    return [s.number for s in all_slides() if s.in_presentation and s.ready()]


def export_slides() -> list[SlideDef]:
    """The slides written to PowerPoint and PDF (placeholders are left out)."""
    return [s for s in all_slides() if s.in_export and s.ready()]


def parse_sequence(text: str | None) -> list[int]:
    """``"1,2, 4"`` → ``[1, 2, 4]``: known numbers in the given order, duplicates dropped."""
    known = {s.number for s in all_slides()}
    out: list[int] = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if part.isascii() and part.isdigit() and int(part) in known and int(part) not in out:
            out.append(int(part))
    return out


def figures_for(pack: MeetingPack, slides: list[SlideDef]) -> dict[str, go.Figure]:
    figs: dict[str, go.Figure] = {}
    for slide in slides:
        if slide.figures is not None:
            figs.update(slide.figures(pack))
    return figs


# ---------------------------------------------------------------------------------------------
# Figures for projector and file: the dashboard's chart, with type large enough for a room
# ---------------------------------------------------------------------------------------------


def presentation_figure(fig: go.Figure, *, font_size: int = 30, height: int = 900) -> go.Figure:
    """The ehelse template, white paper, type sized for 1600×900 px on a projector or a slide."""
    from dashboard.theme import FONT, TEXT, plotly_template

    fig.update_layout(
        template=plotly_template(),
        font={"family": FONT, "size": font_size, "color": TEXT},
        paper_bgcolor=WHITE,
        plot_bgcolor=WHITE,
        height=height,
        legend={"font": {"size": font_size}},
        margin={"l": 20, "r": 20, "t": 90, "b": 20},
    )
    fig.update_xaxes(title_font={"size": font_size}, tickfont={"size": font_size - 2})
    fig.update_yaxes(title_font={"size": font_size}, tickfont={"size": font_size - 2})
    fig.update_traces(textfont_size=font_size, selector={"type": "bar"})
    return fig


def scale_fonts(fig: go.Figure, factor: float) -> go.Figure:
    """Every font of a figure made ``factor`` times as large (screen versus 1600 px image)."""

    def scaled(size: Any) -> Any:
        return None if size is None else max(8, round(size * factor))

    layout = fig.layout
    fig.update_layout(
        font={"size": scaled(layout.font.size)},
        legend={"font": {"size": scaled(layout.legend.font.size)}},
    )
    for axis in (layout.xaxis, layout.yaxis):
        axis.tickfont.size = scaled(axis.tickfont.size)
        axis.title.font.size = scaled(axis.title.font.size)
    for note in layout.annotations:
        note.font.size = scaled(note.font.size)
    for trace in fig.data:
        if getattr(trace, "textfont", None) is not None and trace.textfont.size:
            trace.textfont.size = scaled(trace.textfont.size)
    return fig


def distribution_figure(rows: Any) -> go.Figure:
    """The colour distribution for a room. The counts are written inside the bars by the
    dashboard's chart (once each: a segment too thin for its number gets it beside the bar)."""
    from dashboard import charts

    return presentation_figure(charts.colour_distribution(rows, height=900, large=True))


def _distribution_figures(pack: MeetingPack) -> dict[str, go.Figure]:
    return {"fargefordeling": distribution_figure(pack.report.distribution)}


# ---------------------------------------------------------------------------------------------
# The slides
# ---------------------------------------------------------------------------------------------


def figure_metrics(report: RoundReport) -> tuple[Metric, ...]:
    """The headline figures as metric blocks: every surface words them the same way."""
    since = f"siden {report.previous_round}" if report.previous_round else None
    items = []
    for f in report.figures:
        note = None
        if f.key == "new" and report.previous_round:
            note = f"ikke med i {report.previous_round}"
        shown = f.shown_change or 0
        items.append(
            Metric(
                f.title,
                f.shown,
                f.change_text,
                f.judgement,
                since if f.change_text is not None else None,
                note,
                (shown > 0) - (shown < 0),
                f.help,
            )
        )
    return tuple(items)


def _headline(pack: MeetingPack) -> SlideContent:
    report = pack.report
    caption = colours_line(report)
    if report.disappeared and pack.filter.is_empty():
        n = len(report.disappeared)
        caption += (
            f". {fmt.count_word(n, 'tiltak', 'tiltak')} fra {report.previous_round} "
            "er ikke med i denne rapporteringen"
        )
    title = f"Nøkkeltall {report.round}"
    if report.previous_round:
        title += f" – endring siden {report.previous_round}"
    notes = "\n".join(
        f"{f.label}: {f.shown}" + (f", {m.change_line}" if m.change_line else "")
        for f, m in zip(report.figures, figure_metrics(report), strict=True)
    )
    return SlideContent(
        1, title, (Metrics(figure_metrics(report), caption=caption + "."),), notes=notes
    )


def _red(pack: MeetingPack) -> SlideContent:
    from dashboard.theme import status_label

    red = pack.report.red
    rows = tuple(
        (
            m.code,
            m.name,
            m.owner,
            m.phase,
            status_label("Rød"),
            one_line(m.comment),
        )
        for m in red
    )
    row_notes = tuple(f"{m.code} {m.name} ({m.owner}):\n{m.comment or ''}" for m in red)
    table = Table(
        columns=("Tiltak-ID", "Tiltak", "Tiltakseier", "Fase", "Status", "Statuskommentar"),
        rows=rows,
        widths=(1.2, 2.4, 2.0, 1.9, 1.15, 3.45),
        status_columns=(4,),
        long_column=5,
        empty=f"Ingen tiltak melder rød status i {pack.round}.",
        paper_widths=(15, 30, 23, 28, 15, 63),
        row_notes=row_notes,
    )
    return table_slide(2, "Tiltak med rød status", table, pack.measure_scope)


def _changes(pack: MeetingPack) -> SlideContent:
    from dashboard.theme import status_label

    report = pack.report
    worse = report.worse
    better = len(report.changed) - len(worse)
    prev = report.previous_round or "forrige runde"
    rows = tuple(
        (
            c.code,
            c.name,
            c.owner,
            status_label(c.before),
            status_label(c.after),
            one_line(c.comment),
        )
        for c in worse
    )
    caption = (
        f"{fmt.count_word(better, 'tiltak', 'tiltak')} har fått bedre status siden {prev}."
        if better
        else f"Ingen tiltak har fått bedre status siden {prev}."
    )
    row_notes = tuple(
        f"{c.code} {c.name} ({c.owner}), {c.before} → {c.after}:\n{c.comment or ''}" for c in worse
    )
    table = Table(
        columns=("Tiltak-ID", "Tiltak", "Tiltakseier", prev, report.round, "Statuskommentar"),
        rows=rows,
        widths=(1.2, 2.6, 2.0, 1.25, 1.25, 3.8),
        status_columns=(3, 4),
        long_column=5,
        empty=f"Ingen tiltak har fått gul eller rød status siden {prev}.",
        caption=caption,
        paper_widths=(15, 31, 26, 18, 18, 66),
        row_notes=row_notes,
    )
    return table_slide(3, f"Fått gul eller rød status siden {prev}", table, pack.measure_scope)


def distribution_table(rows: Any) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The colour distribution as text: round, the three counts, and the yellow share."""
    columns = ("Runde", *STATUS_COLOURS, "Andel gul")
    return columns, tuple(
        (
            r.round,
            *(fmt.number(r.counts[c]) for c in STATUS_COLOURS),
            fmt.share_percent(r.yellow_share),
        )
        for r in rows
    )


def _distribution(pack: MeetingPack) -> SlideContent:
    rows = pack.report.distribution
    columns, table = distribution_table(rows)
    chart = Chart(
        "fargefordeling",
        distribution_finding(rows),
        alt_columns=columns,
        alt_rows=table,
    )
    notes = "Aktive tiltak per samlet status:\n" + "\n".join(
        f"{r[0]}: "
        + ", ".join(f"{c} {v}" for c, v in zip(STATUS_COLOURS, r[1:4], strict=True))
        + f" (andel gul {r[4]})"
        for r in table
    )
    return SlideContent(4, f"Fargefordeling de siste {len(rows)} rundene", (chart,), notes=notes)


def _draft(pack: MeetingPack) -> SlideContent:
    return SlideContent(
        7,
        "Utkast til saksfremlegg",
        (
            Paragraph(
                pack.draft_text,
                caption="Laget automatisk av tallene. Temaer fra statuskommentarene skrives inn "
                "av sekretariatet.",
            ),
        ),
        notes=pack.draft_text,
    )


def _agenda_collect(engine: Any, pack: MeetingPack) -> Any:
    from model.cases import round_agenda

    return round_agenda(engine, pack.round, pack.as_of_batch)


def _agenda(pack: MeetingPack) -> SlideContent:
    """The meeting's saksliste with the portfolio-status case's *forslag til vedtak* (drafted
    from the data, editable on Oversikt before the export)."""
    from model.cases import agenda_rows

    agenda = pack.agenda
    proposal = pack.proposal_text
    where = f" – {agenda.heading}" if agenda is not None and agenda.meeting else ""
    edited = bool((pack.proposal or "").strip())
    caption = (
        "Forslag til vedtak i statussaken, redigert av sekretariatet."
        if edited
        else "Forslag til vedtak i statussaken, laget av tallene (utkast: sekretariatet "
        "redigerer det på Oversikt før eksporten)."
    )
    blocks: list[Any] = [Paragraph(proposal, caption=caption)]
    if agenda is not None:
        rows = tuple(agenda_rows(agenda, proposal))
        blocks.append(
            Table(
                columns=("Sak", "Tittel", "Type", "Forslag til vedtak", "Vedtak"),
                rows=rows,
                widths=(0.8, 2.6, 1.2, 4.2, 3.0),
                long_column=3,
                empty="Ingen saker er registrert for møtet.",
                paper_widths=(14, 40, 22, 58, 40),
                bold_column=1,
                rows_per_slide=3,
                row_notes=tuple(f"Sak {r[0]} {r[1]}:\n{r[3]}" for r in rows),
            )
        )
    return SlideContent(8, f"Saksliste og forslag til vedtak{where}", tuple(blocks), notes=proposal)


def _goal_slides() -> tuple[SlideDef, ...]:
    from dashboard.export import attainment_slides as att

    return (
        SlideDef(
            5,
            att.GOALS_KEY,
            att.GOALS_TITLE,
            att.goals_slide,
            figures=att.goal_figures,
        ),
        SlideDef(
            6,
            att.INDICATORS_KEY,
            att.INDICATORS_TITLE,
            att.indicators_slide,
            figures=att.indicator_figures,
        ),
    )


_DEFAULTS = (
    SlideDef(1, "nokkeltall", "Nøkkeltall med endring", _headline),
    SlideDef(2, "rode", "Tiltak med rød status", _red),
    SlideDef(3, "endret", "Fått gul eller rød status", _changes),
    SlideDef(
        4, "fargefordeling", "Fargefordeling over runder", _distribution, _distribution_figures
    ),
    SlideDef(7, "utkast", "Utkast til saksfremlegg", _draft, in_presentation=False),
    SlideDef(
        8,
        AGENDA_KEY,
        "Saksliste og forslag til vedtak",
        _agenda,
        collect=_agenda_collect,
        in_presentation=False,
    ),
)


def _ensure_defaults() -> None:
    from dashboard.export.roadmap_slides import slide_defs

    for slide in (*_DEFAULTS, *_goal_slides(), *slide_defs()):
        _REGISTRY.setdefault(slide.number, slide)
