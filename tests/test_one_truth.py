"""One round, one truth (formats.md section 5): the same figures on every surface.

For every round of the sample data and two cut-offs (the round itself, and the last year that
had ended before it), the figures are read back from what a person sees — Oversikt and
«Mål og indikatorer» (AppTest), meeting mode (AppTest), the PowerPoint's text, the PDF's text,
the Excel pack's cells and the command line's JSON — and compared with the round's report.
A round built on the rounding trap (27,6 % → 28,4 %) and a property test over generated rounds
check the rounding rule itself.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader

from dashboard.export.service import prepare_pack, render
from model import fmt
from model.db import make_engine
from model.round_report import RoundReport, build_round_report
from tests.dashboard.apptest import open_page
from tests.export.workbooks import SAMPLE, rounding_trap_rounds
from tests.helpers import run_cli
from tests.importers.builders import measure, portfolio_workbook

ROUNDS = sorted(p.stem.split("_", 1)[1] for p in SAMPLE.glob("portefolje_*.xlsx"))
JUDGED = re.compile(r"^(?P<change>.*?)(?: \((?P<judgement>bedre|dårligere)\))?$")


def flat(text: str) -> str:
    return " ".join(str(text).split())


@dataclass
class View:
    """What one surface shows of a round; ``None`` where that surface does not show it."""

    headline: list[tuple[str, str, str | None, str | None]] | None = None
    goals: dict[str, str] | None = None
    red: list[str] | None = None
    changed: list[tuple[str, str, str]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _change(text: str | None, since: str | None) -> tuple[str | None, str | None]:
    """A change as written on a surface → (change, judgement), with the sign as fmt writes it."""
    if not text or text.startswith("ikke med i") or text == "–":
        return None, None
    m = JUDGED.match(flat(text))
    assert m is not None
    change = m["change"]
    if since:
        change = change.removesuffix(f" siden {since}")
    if change.startswith("-"):
        change = fmt.MINUS + change[1:]
    return change, m["judgement"]


def has_indicators(report: RoundReport) -> bool:
    return bool(report.attainment and report.attainment.results)


def model_view(report: RoundReport) -> View:
    def mean(value: float | None) -> str:
        return "–" if value is None else fmt.number(value, 1)

    goals = report.attainment.goals if has_indicators(report) else ()
    return View(
        headline=[(f.title, f.shown, f.change_text, f.judgement_text) for f in report.figures],
        goals={g.code: mean(g.mean_score) for g in goals} or None,
        red=[m.code for m in report.red],
        changed=[(c.code, c.before, c.after) for c in report.changed],
    )


def page_view(monkeypatch, url: str, report: RoundReport) -> View:
    """Oversikt for the headline, «Mål og indikatorer» at the cut-off for the goals."""
    at = open_page(monkeypatch, url, "oversikt", {"runde": report.round})
    assert not at.exception
    headline = [
        (m.label, m.value, *_change(m.delta, None))
        for m in at.metric
        if m.label in {f.title for f in report.figures}
    ]
    red_heading = next(s.value for s in at.subheader if s.value.startswith("Tiltak med rød"))
    if not has_indicators(report):
        return View(headline=headline, extra={"red_count": red_heading})
    goals_page = open_page(monkeypatch, url, "indikatorer", {"per": report.cut_off})
    assert not goals_page.exception
    goals_page.toggle(key="table_goal_counts").set_value(True).run()
    table = next(d.value for d in goals_page.dataframe if "Snittpoeng" in d.value.columns)
    goals = {row["Mål"].split(" ", 1)[0]: row["Snittpoeng"] for _, row in table.iterrows()}
    return View(headline=headline, goals=goals, extra={"red_count": red_heading})


def meeting_view(monkeypatch, url: str, report: RoundReport) -> View:
    query = {"runde": report.round, "asof": report.cut_off, "lysbilder": "1,5"}
    at = open_page(monkeypatch, url, "motemodus", query)
    assert not at.exception
    headline = [(m.label, m.value, *_change(m.delta, None)) for m in at.metric]
    if not has_indicators(report):
        return View(headline=headline)
    # the deck holds both slides (the browser shows one at a time)
    means = [
        m.value.removeprefix("snittpoeng ") for m in at.markdown if m.value.startswith("snittpoeng")
    ]
    codes = [g.code for g in report.attainment.goals]
    return View(headline=headline, goals=dict(zip(codes, means, strict=True)))


def pptx_view(data: bytes, report: RoundReport) -> View:
    deck = Presentation(io.BytesIO(data))
    titles = {f.title for f in report.figures}
    headline = []
    goals: dict[str, str] = {}
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                lines = [p.text for p in shape.text_frame.paragraphs]
                if lines and lines[0] in titles:
                    change = lines[2] if len(lines) > 2 else None
                    headline.append((lines[0], lines[1], *_change(change, report.previous_round)))
            if shape.has_table:
                for row in shape.table.rows:
                    cells = [c.text for c in row.cells]
                    if cells[0] == "Snittpoeng (−5 til +5)":
                        header = [c.text for c in shape.table.rows[0].cells]
                        goals = dict(zip(header[1:], cells[1:], strict=True))
    return View(headline=headline, goals=goals or None)


def pdf_view(data: bytes, report: RoundReport) -> View:
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    headline = []
    for f in report.figures:
        m = re.search(rf"^{re.escape(f.title)} (\S+(?: %)?) (.+)$", text, re.M)
        assert m is not None, f.title
        headline.append(
            (f.title, m[1].replace(" ", fmt.NBSP), *_change(m[2], report.previous_round))
        )
    goals = {}
    for g in report.attainment.goals if has_indicators(report) else ():
        after = text[text.index(f"\n{g.code} {g.name.split()[0]}") :]
        goals[g.code] = re.search(r"(?<![\w,])(−?\d+,\d|–)(?![\w,])", after)[1]
    return View(headline=headline, goals=goals or None)


def _unwrapped(lines: list[str]) -> str:
    """Lines of a wrapped paragraph joined as the text was: a line ending in a hyphen between
    two letters was divided there (a soft hyphen), any other break was a space."""
    text = ""
    for line in lines:
        if re.search(r"[a-zæøå]-$", text) and line[:1].isalpha():
            text = text[:-1] + line
        elif text.endswith("-"):
            text += line
        else:
            text = f"{text} {line}".strip()
    return text


def one_pager_view(data: bytes, report: RoundReport) -> View:
    """«Ett ark»: each figure's title, value and change lines; a goal line per goal."""
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    lines = [line.strip() for line in reader.pages[0].extract_text().splitlines() if line.strip()]
    titles = [f.title for f in report.figures]
    headline = []
    for f in report.figures:
        i = lines.index(f.title)
        rest = []
        for line in lines[i + 2 :]:
            if line in titles or line.startswith("Tiltak med rød status"):
                break
            rest.append(line)
        headline.append((f.title, lines[i + 1], *_change(_unwrapped(rest), report.previous_round)))
    goals = {}
    for g in report.attainment.goals if has_indicators(report) else ():
        start = next(n for n, line in enumerate(lines) if line.startswith(f"{g.code} "))
        line = _unwrapped(lines[start : start + 3])
        goals[g.code] = re.search(r"snittpoeng (−?\d+,\d|–)", line)[1]
    red = [m.code for m in report.red]
    assert all(f"■ {code} " in "\n".join(lines) for code in red[:9])
    return View(headline=headline, goals=goals or None)


def xlsx_view(data: bytes, report: RoundReport) -> View:
    """The cells are numbers: worded with fmt from the cell values and checked for their
    number formats (what Excel shows)."""
    wb = load_workbook(io.BytesIO(data))
    rows = {r[0].value: r for r in wb["Sammendrag"].iter_rows(min_row=2) if r[0].value}
    headline = []
    for f in report.figures:
        cells = rows[f.label]
        value, change, judgement = cells[1].value, cells[3].value, cells[4].value
        if value is not None:
            assert cells[1].number_format == ("0 %" if f.kind == "share" else "0")
        assert value == pytest.approx(f.value) and cells[2].value == pytest.approx(f.previous)
        words = None
        if change is not None:
            words = "uendret" if change == 0 else fmt.signed(change)
            words += " prosentpoeng" if f.kind == "share" and change else ""
        headline.append((f.title, fmt.figure_value(f.kind, value), words, judgement))
    goals = {
        r[0].value: "–" if r[2].value is None else fmt.number(r[2].value, 1)
        for r in (wb["Mål"].iter_rows(min_row=2) if "Mål" in wb.sheetnames else ())
    }
    red = [r[0].value for r in wb["Røde"].iter_rows(min_row=2)]
    changed = sorted(
        (r[0].value, r[3].value, r[4].value) for r in wb["Endret farge"].iter_rows(min_row=2)
    )
    return View(headline=headline, goals=goals or None, red=red, changed=changed)


def status_view(url: str, report: RoundReport) -> View:
    status = run_cli(url, "status", "--round", report.round, "--json").json()
    assert status["colours_active"] == report.colours_active
    return View(
        red=status["red"],
        changed=[(c["id"], c["from"], c["to"]) for c in status["changed"]],
    )


def cli_view(url: str, report: RoundReport) -> View:
    attainment = run_cli(url, "attainment", "--as-of", report.cut_off, "--json").json()
    assert attainment["as_of"] == report.cut_off
    means = {g.code: g.mean_score for g in report.attainment.goals}
    for goal in attainment["goals"]:  # two decimals in the JSON, from the same number
        expected = means[goal["code"]]
        assert goal["mean_score"] == (None if expected is None else round(expected, 2))
    return status_view(url, report)


def assert_same(expected: View, surfaces: dict[str, View]) -> None:
    for name, view in surfaces.items():
        for key in ("headline", "goals", "red", "changed"):
            seen = getattr(view, key)
            if seen is None:
                continue
            want = getattr(expected, key)
            if key == "changed":
                seen, want = sorted(seen), sorted(want)
            assert seen == want, f"{name}: {key} differs from the round's report"


def cut_offs(round_code: str) -> list[str | None]:
    """The round itself (None: the default) and the last year that had ended before it."""
    return [None, str(int(round_code[:4]) - 1)]


@pytest.mark.slow
@pytest.mark.parametrize("round_code", ROUNDS)
def test_every_surface_shows_the_same_figures(monkeypatch, shared_sample_url, round_code):
    engine = make_engine(shared_sample_url)
    try:
        for cut in cut_offs(round_code):
            report = build_round_report(engine, round_code, cut_off=cut)
            assert report.cut_off == (cut or round_code)
            pack = prepare_pack(engine, round_code, cut_off=cut, charts=False)
            assert pack.report == report
            surfaces = {
                "møtemodus": meeting_view(monkeypatch, shared_sample_url, report),
                "PowerPoint": pptx_view(render(pack, "pptx"), report),
                "PDF": pdf_view(render(pack, "pdf"), report),
                "Ett ark": one_pager_view(render(pack, "ettark"), report),
                "Excel": xlsx_view(render(pack, "xlsx"), report),
                "kommandolinjen": cli_view(shared_sample_url, report),
            }
            if cut is None:  # the pages show one round; the headline does not depend on the cut
                page = page_view(monkeypatch, shared_sample_url, report)
                assert page.extra["red_count"] == f"Tiltak med rød status ({len(report.red)})"
                surfaces["sidene"] = page
            assert_same(model_view(report), surfaces)
            # the pack's indicator values belong to the cut-off: no later period anywhere
            latest = [r.assessment.latest_period for r in report.attainment.results]
            from model.periods import counts_at

            assert all(counts_at(p, report.cut_off) for p in latest if p)
    finally:
        engine.dispose()


def test_the_rounding_trap_is_the_same_everywhere(monkeypatch, db_url, tmp_path):
    for path in rounding_trap_rounds(tmp_path):
        assert run_cli(db_url, "import", str(path)).code == 0
    engine = make_engine(db_url)
    try:
        report = build_round_report(engine, "2025-K2")
        pack = prepare_pack(engine, "2025-K2", charts=False)
    finally:
        engine.dispose()
    share = report.yellow_share
    assert (share.shown, share.change_text, share.judgement_text) == (
        "28\u00a0%",
        "+1 prosentpoeng",
        "dårligere",
    )
    surfaces = {
        "sidene": page_view(monkeypatch, db_url, report),
        "møtemodus": meeting_view(monkeypatch, db_url, report),
        "PowerPoint": pptx_view(render(pack, "pptx"), report),
        "PDF": pdf_view(render(pack, "pdf"), report),
        "Ett ark": one_pager_view(render(pack, "ettark"), report),
        "Excel": xlsx_view(render(pack, "xlsx"), report),
        "kommandolinjen": cli_view(db_url, report),
    }
    assert_same(model_view(report), surfaces)


COLOURS = st.sampled_from(["Grønn", "Gul", "Rød"])
STATES = st.sampled_from(["Aktiv", "Aktiv", "Aktiv", "Pause", "Ferdigstilt", "Stoppet"])


@st.composite
def two_rounds(draw: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    def one() -> list[tuple[str, str]]:
        n = draw(st.integers(min_value=1, max_value=40))
        return [(draw(STATES), draw(COLOURS)) for _ in range(n)]

    return one(), one()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rounds=two_rounds())
def test_generated_rounds_read_the_same_in_files_and_json(db_factory, migrated_template, rounds):
    """Any two rounds: the headline in the PowerPoint, the PDF and the Excel cells and the
    lists in the JSON equal the round's report (no attainment: a portfolio-only database)."""
    import tempfile
    from pathlib import Path

    url = db_factory.clone(migrated_template, "prop")
    with tempfile.TemporaryDirectory() as folder:
        for number, rows in enumerate(rounds, start=1):
            measures = [
                measure(
                    f"T-{i:04d}",
                    f"Tiltak {i}",
                    colour if state in ("Aktiv", "Pause") else None,
                    state=state,
                )
                for i, (state, colour) in enumerate(rows, start=1)
            ]
            path = portfolio_workbook(Path(folder) / f"r{number}.xlsx", f"2025-K{number}", measures)
            result = run_cli(url, "import", str(path))
            assert result.code == 0, result.stdout
    engine = make_engine(url)
    try:
        report = build_round_report(engine, "2025-K2", attainment=False)
        pack = prepare_pack(engine, "2025-K2", charts=False, report=report)
    finally:
        engine.dispose()
    expected = model_view(report)
    surfaces = {
        "PowerPoint": pptx_view(render(pack, "pptx"), report),
        "PDF": pdf_view(render(pack, "pdf"), report),
        "Excel": xlsx_view(render(pack, "xlsx"), report),
        "kommandolinjen": status_view(url, report),
    }
    assert_same(expected, surfaces)
    share = report.yellow_share
    if share.change is not None:  # the rule: the unrounded difference, rounded once
        assert share.shown_change == fmt.rounded(100 * (share.value - share.previous), 0)
