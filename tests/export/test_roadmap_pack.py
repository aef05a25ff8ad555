"""The meeting pack of the sample's latest round carries the slipped list (most months first,
with the comment), the measures at risk via a dependency (with the chain) and the roadmap as
pictures — the same lists the round report gives every other surface."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard.export import slides
from dashboard.export.service import prepare_pack, render
from model.db import get_engine


def test_pack_has_slipped_at_risk_and_roadmap(shared_sample_url):
    engine = get_engine(shared_sample_url)
    pack = prepare_pack(engine, "2025-K4")
    report = pack.report
    slipped = slides.get(9).build(pack)
    table = slipped.blocks[0]
    assert [r[0] for r in table.rows] == [s.code for s in report.slipped_most_first]
    first = report.slipped_most_first[0]
    assert table.rows[0][5] == f"+{first.months} måneder"
    assert " ".join(first.comment.split()) == table.rows[0][6]

    risky = slides.get(10).build(pack).blocks[0]
    assert [r[0] for r in risky.rows] == [a.code for a in report.at_risk]
    assert any(r[5].count("→") >= 3 for r in risky.rows)  # a chain three deep
    assert all(r[4] in ("■ Rød", "▲ Gul") for r in risky.rows)  # shape and word

    prs = Presentation(io.BytesIO(render(pack, "pptx")))
    roadmap = [
        shape
        for slide in prs.slides
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
        and "gruppert etter strategisk mål" in (shape._element.nvPicPr.cNvPr.get("descr") or "")
    ]
    assert len(roadmap) == 5  # one picture per strategic goal, each with its text alternative
    assert "T-0001:" in "".join(s._element.nvPicPr.cNvPr.get("descr") for s in roadmap)

    wb = load_workbook(io.BytesIO(render(pack, "xlsx")))
    sheet = wb["I risiko"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [a.code for a in report.at_risk]
    deepest = max(report.at_risk, key=lambda a: len(a.chain))
    row = next(r for r in rows if r[0] == deepest.code)
    assert row[6] == deepest.chain_text and row[7] == len(deepest.chain) - 1

    milestones = list(wb["Milepæler"].iter_rows(min_row=2, values_only=True))
    moved = report.milestones_slipped
    assert moved and [r[0:2] for r in milestones[: len(moved)]] == [(m.code, m.name) for m in moved]
    assert milestones[0][4] == moved[0].slip_months  # a number, not text
    assert f"{moved[0].code} {moved[0].name}" in table.caption
