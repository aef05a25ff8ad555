"""Export the meeting pack: what ``ehelse export`` and the download buttons call.

``export_bytes`` builds the pack once, renders its charts once (one browser session) and writes
the chosen format; ``record_export`` appends the audit event. ``write_export`` does all three for
the command line.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from dashboard.export import slides as registry
from dashboard.export.content import MeetingPack, UnknownRound, build_pack
from model.access import Actor, require
from model.filters import PortfolioFilter
from model.round_report import RoundReport

FORMATS: dict[str, tuple[str, str, str]] = {
    # format: (file suffix, MIME type, Norwegian name)
    "pptx": (
        ".pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint",
    ),
    "pdf": (".pdf", "application/pdf", "PDF"),
    "ettark": (".pdf", "application/pdf", "Ett ark (PDF)"),
    "xlsx": (
        ".xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel",
    ),
}

__all__ = [
    "FORMATS",
    "ExportResult",
    "UnknownRound",
    "export_bytes",
    "file_name",
    "prepare_pack",
    "record_export",
    "render",
    "write_export",
]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    round: str
    format: str
    size: int
    seconds: float


#: Formats whose file has no chart pictures (no browser needed).
WITHOUT_CHARTS = ("xlsx", "ettark")


def file_name(round_code: str, fmt_key: str) -> str:
    stem = "ettark" if fmt_key == "ettark" else "motepakke"
    return f"{stem}_{round_code}{FORMATS[fmt_key][0]}"


def prepare_pack(
    engine: Engine,
    round_code: str | None = None,
    *,
    filt: PortfolioFilter | None = None,
    as_of_batch: int | None = None,
    cut_off: str | None = None,
    indicators: tuple[str, ...] = (),
    charts: bool = True,
    report: RoundReport | None = None,
) -> MeetingPack:
    """The pack with every exported slide's data and (``charts``) its chart images rendered once.

    ``cut_off`` (indicator observations of periods ended by then; None = the round) and
    ``indicators`` (slide 6; empty = the strategic indicators that go worst) as in the meeting
    mode's URL; ``report``: the round's report when the caller already has it.
    """
    from dashboard.export.images import start_drawing

    chosen = registry.export_slides()
    # The browser starts now, while the pack's data is read (1–2 s saved on every export).
    with start_drawing() if charts else contextlib.nullcontext() as drawing:
        pack = build_pack(
            engine,
            round_code,
            filt=filt,
            as_of_batch=as_of_batch,
            cut_off=cut_off,
            indicators=indicators,
            slides=chosen,
            report=report,
        )
        if drawing is not None:
            pack.images.update(drawing.render(lambda: registry.figures_for(pack, chosen)))
    return pack


def render(pack: MeetingPack, fmt_key: str) -> bytes:
    """One format's bytes from a prepared pack (charts already rendered)."""
    if fmt_key not in FORMATS:
        raise ValueError(f"Ukjent format «{fmt_key}». Velg blant: {', '.join(FORMATS)}.")
    if fmt_key == "xlsx":
        from dashboard.export.xlsx_writer import write_xlsx

        return write_xlsx(pack)
    if fmt_key == "ettark":
        from dashboard.export.one_pager import write_one_pager

        return write_one_pager(pack)
    # A slide with nothing to show yet (no indicators in the database) stays out of the files.
    contents = [c for c in (s.build(pack) for s in registry.export_slides()) if c.ready]
    if fmt_key == "pptx":
        from dashboard.export.pptx_writer import write_pptx

        return write_pptx(pack, contents)
    from dashboard.export.pdf_writer import write_pdf

    return write_pdf(pack, contents)


def export_bytes(
    engine: Engine,
    fmt_key: str,
    round_code: str | None = None,
    *,
    filt: PortfolioFilter | None = None,
    as_of_batch: int | None = None,
    cut_off: str | None = None,
    indicators: tuple[str, ...] = (),
    proposal: str | None = None,
) -> tuple[MeetingPack, bytes]:
    """Build and write one format. Raises :class:`UnknownRound` for a round not in the database.
    ``proposal``: the portfolio-status case's forslag til vedtak as edited (default: the draft)."""
    pack = prepare_pack(
        engine,
        round_code,
        filt=filt,
        as_of_batch=as_of_batch,
        cut_off=cut_off,
        indicators=indicators,
        charts=fmt_key not in WITHOUT_CHARTS,
    )
    pack.proposal = proposal
    return pack, render(pack, fmt_key)


def record_export(
    engine: Engine,
    actor: Actor,
    *,
    file: str,
    round_code: str,
    fmt_key: str,
    size: int,
    filt: PortfolioFilter | None = None,
) -> None:
    """The audit event of one export (action "export")."""
    from model import audit

    details: dict[str, Any] = {"round": round_code, "format": fmt_key, "bytes": size}
    if filt is not None and not filt.is_empty():
        details["filter"] = filt.to_query()
    with engine.begin() as conn:
        audit.record(conn, actor, "export", file_name=file, details=details)


def write_export(
    engine: Engine,
    fmt_key: str,
    path: Path,
    round_code: str | None = None,
    *,
    actor: Actor,
    filt: PortfolioFilter | None = None,
    cut_off: str | None = None,
    proposal: str | None = None,
) -> ExportResult:
    """Write the meeting pack of one round to ``path`` and record who exported what;
    ``cut_off``: the indicators' cut-off (default: the round)."""
    require(actor, "view")
    started = time.perf_counter()
    pack, data = export_bytes(
        engine, fmt_key, round_code, filt=filt, cut_off=cut_off, proposal=proposal
    )
    path.write_bytes(data)
    seconds = time.perf_counter() - started
    record_export(
        engine,
        actor,
        file=path.name,
        round_code=pack.round,
        fmt_key=fmt_key,
        size=len(data),
        filt=filt,
    )
    return ExportResult(path, pack.round, fmt_key, len(data), seconds)
