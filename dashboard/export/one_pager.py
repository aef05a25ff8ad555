"""«Ett ark»: one round on one A4 page, for members who print before the meeting.

The headline with its changes, the red measures with their comments, the colour changes, the
colour distribution and goal attainment per goal — every figure from the round's report, worded
as on every other surface (:func:`dashboard.export.slides.figure_metrics`, :mod:`model.text`).
Long lists and comments are shortened until the page holds everything; what is left out is
counted («… og 3 til i møtepakken»).
"""

from __future__ import annotations

from fpdf.enums import XPos, YPos

from dashboard.export.content import MeetingPack, colours_line, cut_off_words
from dashboard.export.pdf_writer import MUTED, PRIMARY, _Paper
from model import fmt
from model.attainment import CATEGORIES
from model.labels import CATEGORY_LABELS_NB
from model.text import distribution_finding

#: (comment length, rows per list) tried in turn until the page holds everything.
TIGHTER = ((600, 12), (420, 9), (300, 7), (200, 5), (120, 4), (70, 2))


class _OnePage(_Paper):
    def footer(self) -> None:
        self.set_y(-12)
        self.font(7.5, colour=MUTED)
        self.cell(0, 4, self.t(f"{self.pack.data_line} · Ett ark fra ehelse"), align="L")

    def section_title(self, text: str) -> None:
        self.ln(1.2)
        self.font(10.5, bold=True, colour=PRIMARY)
        self.multi_cell(0, 5, self.wrap(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def line_text(self, text: str, size: float = 8.5, colour=None, bold: bool = False) -> None:
        self.font(size, bold=bold, colour=colour or (26, 26, 26))
        self.multi_cell(
            0, size * 0.47, self.wrap(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )


def _headline(pdf: _OnePage, pack: MeetingPack) -> None:
    from dashboard.export.slides import figure_metrics

    items = figure_metrics(pack.report)
    width = pdf.epw / 3
    for start in range(0, len(items), 3):
        top = pdf.get_y()
        for i, item in enumerate(items[start : start + 3]):
            x = pdf.l_margin + i * width
            pdf.set_xy(x, top)
            pdf.font(8.5)
            pdf.cell(width - 2, 4, pdf.t(item.label), new_x=XPos.LEFT, new_y=YPos.NEXT)
            pdf.set_x(x)
            pdf.font(15, bold=True)
            pdf.cell(width - 2, 7, pdf.t(item.value), new_x=XPos.LEFT, new_y=YPos.NEXT)
            pdf.set_x(x)
            pdf.font(7.5, colour=MUTED)
            pdf.multi_cell(width - 2, 3.4, pdf.wrap(item.change_line or ""), align="L")
        pdf.set_xy(pdf.l_margin, top + 19)


def _title(pdf: _OnePage, pack: MeetingPack) -> None:
    report = pack.report
    pdf.font(15, bold=True, colour=PRIMARY)
    pdf.multi_cell(
        0,
        7,
        pdf.wrap(f"Status nasjonal e-helseportefølje {report.round} · {pack.round_words}"),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    since = f"Endring siden {report.previous_round}. " if report.previous_round else ""
    pdf.line_text(
        since
        + (f"Rapporteringsfrist {fmt.long_date(report.deadline)}. " if report.deadline else "")
        + pack.measure_scope
        + ".",
        7.5,
        MUTED,
    )


def _more(pdf: _OnePage, shown: int, total: int) -> None:
    """«… og N til i møtepakken» when a list was cut at ``shown`` rows."""
    if total > shown:
        pdf.line_text(f"… og {total - shown} til i møtepakken.", 8, MUTED)


def _red_section(pdf: _OnePage, pack: MeetingPack, comment: int, rows: int) -> None:
    report = pack.report
    red = report.red
    pdf.section_title(f"Tiltak med rød status ({len(red)})")
    if not red:
        pdf.line_text(f"Ingen tiltak melder rød status i {report.round}.")
    for m in red[:rows]:
        pdf.line_text(
            f"■ {m.code} {fmt.shorten(m.name, 120)} ({fmt.shorten(m.owner, 80)}, "
            f"{m.phase.lower()})",
            bold=True,
        )
        if m.comment:
            pdf.line_text(fmt.shorten(m.comment, comment), 8)
    _more(pdf, rows, len(red))


def _changes_section(pdf: _OnePage, pack: MeetingPack, comment: int, rows: int) -> None:
    report = pack.report
    if not report.previous_round:
        return
    changes = report.changes_worse_first
    worse = len(report.worse)
    pdf.section_title(
        f"Endret farge siden {report.previous_round}: {worse} dårligere, "
        f"{len(changes) - worse} bedre"
    )
    if not changes:
        pdf.line_text("Ingen tiltak har endret samlet status.")
    for c in changes[:rows]:
        arrow = f"{c.before.lower()} → {c.after.lower()}"
        text = f"{c.code} {fmt.shorten(c.name, 120)} ({c.owner}): {arrow}"
        if c.comment:
            text += f". {fmt.shorten(c.comment, comment // 2)}"
        pdf.line_text(text, 8)
    _more(pdf, rows, len(changes))


def _attainment_section(pdf: _OnePage, pack: MeetingPack) -> None:
    report = pack.report
    summary = report.attainment
    if summary is None or not summary.results:
        return
    pdf.section_title(f"Måloppnåelse per mål (indikatorer {cut_off_words(report.cut_off)})")
    for g in summary.goals:
        score = "–" if g.mean_score is None else fmt.number(g.mean_score, 1)
        counts = ", ".join(
            f"{g.counts[c]} {CATEGORY_LABELS_NB[c].lower()}" for c in CATEGORIES if g.counts[c]
        )
        pdf.line_text(f"{g.code} {g.name}: snittpoeng {score}; {counts or 'ingen'}", 8)


def _draw(pack: MeetingPack, comment: int, rows: int) -> _OnePage:
    report = pack.report
    pdf = _OnePage(pack)
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.set_margins(14, 12, 14)
    pdf.add_page()
    _title(pdf, pack)
    pdf.ln(1)
    _headline(pdf, pack)
    _red_section(pdf, pack, comment, rows)
    _changes_section(pdf, pack, comment, rows)
    pdf.section_title("Fargefordeling")
    pdf.line_text(colours_line(report) + ".", 8)
    pdf.line_text(distribution_finding(report.distribution), 8)
    _attainment_section(pdf, pack)
    return pdf


def write_one_pager(pack: MeetingPack) -> bytes:
    """The round on one A4 page (shortened until it fits)."""
    for comment, rows in TIGHTER:
        pdf = _draw(pack, comment, rows)
        if pdf.page_no() == 1:
            break
    pdf.set_title(f"Ett ark: status nasjonal e-helseportefølje {pack.round}")
    return bytes(pdf.output())
