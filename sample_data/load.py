"""``ehelse sample``: load the committed sample workbooks through the real importers."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, delete, func, select

from importers.service import import_file
from model.access import Actor, Role
from model.labels import IMPORT_STATUS_LABELS_NB, label
from model.tables import (
    AuditEvent,
    CouncilCase,
    Forum,
    Goal,
    ImportBatch,
    Indicator,
    IndicatorDefinition,
    IndicatorSetVersion,
    Measure,
    MeasureReport,
    Meeting,
    MilestoneReport,
    Observation,
    ReportingRound,
    RoundExpected,
    RoundState,
)

SAMPLE_ACTOR = Actor(name="eksempeldata", role=Role.ADMINISTRATOR, via="cli")


def has_data(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(
            conn.execute(select(func.count()).select_from(ImportBatch.__table__)).scalar_one()
        )


def reset_data(engine: Engine) -> None:
    """Delete every imported row and batch (goals fall back to the seeded wording)."""
    with engine.begin() as conn:
        for table in (
            CouncilCase,
            Meeting,
            Forum,
            Observation,
            IndicatorDefinition,
            IndicatorSetVersion,
            Indicator,
            MilestoneReport,
            MeasureReport,
            ReportingRound,
            RoundExpected,
            RoundState,
            Measure,
        ):
            conn.execute(delete(table.__table__))
        g = Goal.__table__
        conn.execute(delete(g).where(g.c.batch_id.is_not(None)))
        conn.execute(g.update().values(replaced_by_batch_id=None))
        conn.execute(delete(AuditEvent.__table__))
        conn.execute(delete(ImportBatch.__table__))


def load_sample(engine: Engine, *, force: bool = False, echo: Callable[[str], None] = print) -> int:
    """Load every sample workbook in order. Returns an exit code (0 ok, 1 a file was refused)."""
    from sample_data import sample_files

    if has_data(engine):
        if not force:
            echo(
                "Databasen har allerede data; ingenting er endret. Bruk «ehelse sample --force» for å "
                "erstatte alt med eksempeldata."
            )
            return 0
        reset_data(engine)
    files = sample_files()
    for index, path in enumerate(files, start=1):
        report = import_file(engine, path, actor=SAMPLE_ACTOR).report
        status = label(IMPORT_STATUS_LABELS_NB, report.status).lower()
        echo(f"[{index}/{len(files)}] {path.name}: {status} ({report.rows} rader)")
        if report.exit_code:
            echo(report.to_text())
            return 1
    echo(f"Eksempeldata er lastet inn: {len(files)} filer.")
    return 0
