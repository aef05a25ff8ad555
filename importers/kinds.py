"""One small protocol per workbook kind: validate, load, preview.

The import service and the upload page ask :data:`KINDS` for the kind a file turned out to be
(:func:`importers.service.detect_kind`) instead of choosing by if/else; a new kind of workbook
is one more entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, select

from importers import cases, indicators, portfolio
from importers import preview as previews
from importers.readers import Workbook
from importers.report import ImportReport
from importers.sheets import Issues
from model.tables import Indicator, Measure
from model.vocab import BatchKind


@dataclass(frozen=True)
class Context:
    """What the caller asked for, beside the file: ``--round``, ``--version``, ``--owner``,
    ``--replace``, whether the rows go into the database right away (``loading``), and where
    the messages are read (``cli`` or ``web``)."""

    round_arg: str | None = None
    version_arg: str | None = None
    owner_arg: str | None = None
    replace: bool = False
    loading: bool = False
    surface: str = "cli"


class WorkbookKind(Protocol):
    kind: BatchKind

    def validate(
        self,
        conn: Connection,
        workbook: Workbook,
        issues: Issues,
        report: ImportReport,
        context: Context,
    ) -> Any:
        """Check every row into ``issues``; set the report's round/version and row count."""

    def load(self, conn: Connection, data: Any, batch_id: int) -> set[int]:
        """Write the validated data in the caller's transaction; the batches it superseded."""

    def preview(self, engine: Engine, data: Any) -> dict[str, Any]:
        """What loading would change (the upload page and ``--dry-run``)."""


def _known_codes(conn: Connection, table: Any) -> set[str]:
    return set(conn.execute(select(table.c.code)).scalars())


class _Kind:
    """What the kinds share: loading is the module's ``load``, the preview a function of
    :mod:`importers.preview` (referred to directly, so find-usages and mypy see it)."""

    module: Any
    previewer: Callable[[Engine, Any], dict[str, Any]]

    def load(self, conn: Connection, data: Any, batch_id: int) -> set[int]:
        return self.module.load(conn, data, batch_id)

    def preview(self, engine: Engine, data: Any) -> dict[str, Any]:
        return self.previewer(engine, data)


class _Portfolio(_Kind):
    kind = BatchKind.PORTFOLIO
    module = portfolio
    previewer = staticmethod(previews.preview_portfolio)

    def validate(self, conn, workbook, issues, report, context):  # noqa: ANN001, ANN201
        from importers.service import check_cycle, count_rows

        data = portfolio.validate(
            workbook,
            issues,
            round_arg=context.round_arg,
            known_measures=_known_codes(conn, Measure.__table__),
            conn=conn,
            surface=context.surface,
        )
        check_cycle(conn, data, issues, owner_arg=context.owner_arg, replace=context.replace)
        report.round = data.round
        report.rows = (
            len(data.reports)
            if not issues.errors
            else count_rows(workbook, portfolio.MEASURES_SHEET)
        )
        return data

    def load(self, conn: Connection, data: Any, batch_id: int) -> set[int]:
        superseded = portfolio.load(conn, data, batch_id)
        portfolio.refresh_measures(conn)
        return superseded


class _Indicators(_Kind):
    kind = BatchKind.INDICATORS
    module = indicators
    previewer = staticmethod(previews.preview_indicators)

    def validate(self, conn, workbook, issues, report, context):  # noqa: ANN001, ANN201
        data = indicators.validate(
            workbook,
            issues,
            version_arg=context.version_arg,
            known_indicators=_known_codes(conn, Indicator.__table__),
            check_repeats=not context.loading,
        )
        report.version = data.version
        report.rows = data.rows
        return data


class _Cases(_Kind):
    kind = BatchKind.CASES
    module = cases
    previewer = staticmethod(previews.preview_cases)

    def validate(self, conn, workbook, issues, report, context):  # noqa: ANN001, ANN201
        data = cases.validate(
            workbook,
            issues,
            **cases.known_context(conn),
            known_measures=_known_codes(conn, Measure.__table__),
            known_indicators=_known_codes(conn, Indicator.__table__),
        )
        report.rows = data.rows
        return data


KINDS: dict[str, WorkbookKind] = {k.kind: k for k in (_Portfolio(), _Indicators(), _Cases())}
