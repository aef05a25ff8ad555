"""Import, history and rollback: the library behind ``ehelse import/history/rollback`` and the
upload page. One file is one database transaction: all or nothing."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from importers import cases, indicators, portfolio
from importers.errors import FileRefused, Issue
from importers.kinds import Context
from importers.readers import (
    ReadAhead,
    Workbook,
    normalize_name,
    open_checked,
    paused_gc,
    read_workbook,
)
from importers.report import ImportReport
from importers.sheets import Issues
from model import audit
from model.access import Actor
from model.oslo import oslo_iso
from model.queries import history  # noqa: F401 - re-exported for callers
from model.tables import (
    VERSIONED_TABLES,
    ImportBatch,
    Indicator,
    IndicatorDefinition,
    IndicatorSetVersion,
    Observation,
)
from model.vocab import BatchKind, BatchStatus

Progress = Callable[[float, str], None]

PORTFOLIO_SHEETS = {normalize_name(portfolio.INFO_SHEET), normalize_name(portfolio.MEASURES_SHEET)}
INDICATOR_SHEETS = {
    normalize_name(indicators.GOALS_SHEET),
    normalize_name(indicators.INDICATORS_SHEET),
    normalize_name(indicators.VALUES_SHEET),
}
CASE_SHEETS = {normalize_name(cases.MEETINGS_SHEET), normalize_name(cases.CASES_SHEET)}


class ImportLockTimeout(RuntimeError):
    pass


def client_file_name(name: str | None, default: str = "opplasting") -> str:
    """The base name of a file name a client sent: never a folder (``/`` or ``\\``), no control
    characters, at most 200 characters. Only this is recorded in history and audit."""
    base = PureWindowsPath(str(name or "")).name  # splits on both "/" and "\\"
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    if base in ("", ".", ".."):
        return default
    return base[:200]


def sha256_of(path: Path, display: str | None = None) -> str:
    """The file's checksum; :class:`FileRefused` first for anything but a regular file of an
    accepted size (a FIFO or a link to /dev/zero would never finish)."""
    digest = hashlib.sha256()
    with open_checked(Path(path), display) as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def detect_kind(workbook: Workbook) -> str | None:
    """``portfolio``, ``indicators`` or ``cases`` from the sheets present (for CSV: from the
    headers)."""
    if workbook.format == "csv":
        table = workbook.tables[0]
        header = next((r for r in table.rows if any(str(c).strip() for c in r)), [])
        names = {normalize_name(c) for c in header}
        if names & {"tiltak-id", "tiltak id", "tiltakid"}:
            table.sheet = portfolio.MEASURES_SHEET
            return "portfolio"
        if names & {"indikator-id", "indikator id"}:
            table.sheet = (
                indicators.VALUES_SHEET
                if names & {"verdi", "periode"}
                else indicators.INDICATORS_SHEET
            )
            return "indicators"
        if names & {"saksnummer"}:
            table.sheet = cases.CASES_SHEET
            return "cases"
        if names & {"møte-id", "møte id"}:
            table.sheet = cases.MEETINGS_SHEET
            return "cases"
        return None
    names = {normalize_name(n) for n in workbook.sheet_names}
    if names & PORTFOLIO_SHEETS:
        return "portfolio"
    if names & INDICATOR_SHEETS:
        return "indicators"
    if names & CASE_SHEETS:
        return "cases"
    return None


def _unknown_kind_issue(workbook: Workbook) -> Issue:
    if workbook.format == "csv":
        message = (
            "CSV-filen har verken kolonnen «Tiltak-ID» (porteføljerapport), «Indikator-ID» "
            "(indikatorer) eller «Saksnummer»/«Møte-ID» (saker) i første rad."
        )
    else:
        message = (
            "Fant verken arket «Tiltak» (porteføljerapport), arkene «Indikatorer»/«Verdier» "
            "(indikatorer) eller arkene «Saker»/«Møter» (saker og vedtak). Arkene i filen er: "
            f"{', '.join(workbook.sheet_names) or 'ingen'}. Last ned malen for å se riktig oppsett."
        )
    return Issue(code="missing-sheet", message=message)


@dataclass
class Validated:
    """What validation produced: the report, and the parsed data (loadable when no errors)."""

    report: ImportReport
    data: Any = None


def _validate(conn: Connection, workbook: Workbook, report: ImportReport, context: Context) -> Any:
    """Check every row; ``context.loading``: the rows go into the database right away, so
    repeated indicator values may be left to its unique index (see ``indicators.RepeatedValues``)."""
    from importers.kinds import KINDS

    issues = Issues()
    data = KINDS[report.kind or BatchKind.INDICATORS].validate(
        conn, workbook, issues, report, context
    )
    order = {normalize_name(name): i for i, name in enumerate(workbook.sheet_names)}

    def place(issue: Issue) -> tuple[int, int]:
        return order.get(normalize_name(issue.sheet or ""), -1), issue.row or 0

    # Read top to bottom, sheet by sheet, as a person works through the file.
    report.errors.extend(sorted(issues.errors, key=place))
    report.warnings.extend(sorted(issues.warnings, key=place))
    return data


def check_cycle(
    conn: Connection,
    data: portfolio.PortfolioData,
    issues: Issues,
    *,
    owner_arg: str | None,
    replace: bool,
) -> None:
    """The reporting cycle (formats.md §6): a file naming a Tiltakseier is that owner's
    submission into an open round (only the owner's rows); a whole-round file over a round that
    has data replaces it only when asked to (``replace``)."""
    from model.labels import ROUND_STATE_LABELS_NB
    from model.rounds import is_open, owner_key, report_count, round_state

    info = portfolio.INFO_SHEET
    if owner_arg and data.owner and owner_key(owner_arg) != owner_key(data.owner):
        issues.error(
            "invalid-value",
            f"Arket «{info}» sier tiltakseier «{data.owner}», men innlastingen ble bedt om "
            f"«{owner_arg}». Rett den ene så de stemmer overens.",
            sheet=info,
            row=data.owner_row,
            column="Tiltakseier",
            value=data.owner,
        )
    owner = " ".join(owner_arg.split()) if owner_arg else data.owner
    if data.round is None:
        return
    state = round_state(conn, data.round)
    if owner:
        data.owner = owner
        if not is_open(state):
            if state is None:
                message = (
                    f"Runden {data.round} er ikke åpnet for innrapportering, så filen fra "
                    f"{owner} kan ikke tas imot. En administrator åpner runden (på siden "
                    f"Innrapportering, eller med «ehelse round open {data.round}»)."
                )
            else:
                message = (
                    f"Runden {data.round} er {ROUND_STATE_LABELS_NB.get(state, state)} og tar ikke imot "
                    f"innrapportering fra tiltakseierne. En administrator kan gjenåpne den for "
                    f"rettelser (på siden Innrapportering, eller med «ehelse round reopen "
                    f"{data.round}»)."
                )
            issues.error(
                "round-not-open",
                message,
                sheet=info,
                row=data.owner_row,
                column="Tiltakseier" if data.owner_row else "Rapporteringsrunde",
                value=data.round,
            )
        else:
            data.submission = True
        key = owner_key(owner)
        for r in data.reports:
            if owner_key(r["owner"]) != key:
                issues.error(
                    "wrong-owner",
                    f"Tiltaket {r['code']} står med tiltakseier «{r['owner']}», men filen er "
                    f"innrapporteringen fra «{owner}». En innrapportering har bare egne tiltak: "
                    "rett tiltakseieren, eller ta raden ut av filen.",
                    sheet=portfolio.MEASURES_SHEET,
                    row=r["source_row"],
                    column="Tiltakseier",
                    value=r["owner"],
                )
        return
    existing = report_count(conn, data.round) if state is not None else 0
    # A file without measures is refused for that already (it would replace the round with
    # nothing): one error, not two.
    if existing and not replace and data.reports:
        hint = (
            f" Runden er åpen for innrapportering: er filen fra én tiltakseier, skriv "
            f"tiltakseieren ved «Tiltakseier» i arket «{info}» (eller bruk --owner)."
            if is_open(state)
            else ""
        )
        issues.error(
            "round-exists",
            f"Runden {data.round} er allerede lastet inn ({existing} tiltak). Denne filen ville "
            "erstatte hele runden, og tiltak som ikke står i filen ville forsvinne fra runden. "
            "Bekreft at hele runden skal erstattes (kryss av for det på opplastingssiden, eller "
            "bruk --replace på kommandolinjen); ellers lagres ingenting." + hint,
            sheet=info,
            column="Rapporteringsrunde",
            value=data.round,
        )


def count_rows(workbook: Workbook, sheet: str) -> int:
    table = workbook.get(sheet) or (workbook.tables[0] if workbook.format == "csv" else None)
    if table is None:
        return 0
    filled = [r for r in table.rows if any(str(c).strip() for c in r if c is not None)]
    return max(len(filled) - 1, 0)


@paused_gc()
def import_file(
    engine: Engine,
    path: Path,
    *,
    actor: Actor,
    file_name: str | None = None,
    round_arg: str | None = None,
    version_arg: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    read_ahead: ReadAhead | None = None,
    owner_arg: str | None = None,
    replace: bool = False,
    surface: str = "cli",
) -> Validated:
    """Validate ``path`` and (unless ``dry_run``) load it in one transaction.

    ``owner_arg`` (or «Tiltakseier» in «Om rapporten»): the file is that owner's submission into
    an open round. ``replace``: a whole-round file may replace a round that has data.

    A refused file changes nothing but the audit log. The same file again is ``unchanged``.
    ``read_ahead``, when given, is the same file already being read in the background.
    ``surface`` (``cli`` or ``web``) only chooses how messages say where to give a value.
    """
    name = client_file_name(file_name or Path(path).name)  # never a path from the client
    audit.require_audited(engine, actor, "import", "import", file_name=name)
    step = progress or (lambda _f, _m: None)
    context = Context(
        round_arg=round_arg,
        version_arg=version_arg,
        owner_arg=owner_arg,
        replace=replace,
        surface=surface,
    )
    report = ImportReport(file_name=name)
    step(0.02, "Beregner sjekksum …")
    try:
        report.sha256 = sha256_of(path, name)
    except FileRefused as refused:
        return _unreadable(engine, actor, report, refused)
    except OSError:
        report.unreadable = True
        report.errors.append(
            Issue(code="corrupt-file", message=f"Filen «{name}» finnes ikke eller kan ikke åpnes.")
        )
        return Validated(report)

    if not dry_run:
        with engine.connect() as conn:
            done = _already_loaded(conn, report.sha256, round_arg, version_arg)
        if done is not None:
            return _unchanged(engine, actor, report, done)

    step(0.05, "Leser filen …")
    try:
        workbook = _read(path, name, read_ahead)
    except FileRefused as refused:
        return _unreadable(engine, actor, report, refused)
    report.kind = detect_kind(workbook)
    if report.kind is None:
        report.errors.append(_unknown_kind_issue(workbook))
        _audit_refused(engine, actor, report)
        return Validated(report)

    step(0.4, "Kontrollerer hver rad …")
    if dry_run:
        return _dry_run(engine, workbook, report, actor, context, step)
    try:
        data = _validate_and_load(engine, workbook, report, actor, context, step)
    except indicators.RepeatedValues:
        # The unique index refused a repeated value and nothing was written: check the file
        # again row by row, which names every repeated row.
        report.errors.clear()
        report.warnings.clear()
        with engine.connect() as conn:
            data = _validate(conn, workbook, report, context)
        report.batch_id = None
    if report.errors:  # nothing was written (the transaction only read, or rolled back)
        report.status = "rejected"
        _audit_refused(engine, actor, report)
    step(1.0, "Ferdig")
    return Validated(report, data)


def _unreadable(
    engine: Engine, actor: Actor, report: ImportReport, refused: FileRefused
) -> Validated:
    """A file refused before its rows could be read: the refusal, audited."""
    report.unreadable = True
    report.errors.append(refused.issue)
    _audit_refused(engine, actor, report)
    return Validated(report)


def _unchanged(engine: Engine, actor: Actor, report: ImportReport, done: Any) -> Validated:
    """The very file is loaded already (batch ``done``): nothing changes but the audit log."""
    report.status, report.kind, report.batch_id = "unchanged", done.kind, done.id
    report.round, report.version, report.rows = done.round_code, done.version, done.rows
    with engine.begin() as conn:
        audit.record(
            conn,
            actor,
            "import",
            outcome="unchanged",
            file_name=report.file_name,
            sha256=report.sha256,
            batch_id=done.id,
        )
    return Validated(report)


def _read(path: Path, name: str, read_ahead: ReadAhead | None) -> Workbook:
    """The workbook: from the background reading when there is one, else read now."""
    if read_ahead is None:
        return read_workbook(Path(path), file_name=name)
    workbook = read_ahead.result()
    workbook.file_name = name
    return workbook


def _dry_run(
    engine: Engine,
    workbook: Workbook,
    report: ImportReport,
    actor: Actor,
    context: Context,
    step: Progress,
) -> Validated:
    """Only check the file (``--dry-run``, the upload page's preview); a refusal is audited."""
    assert report.sha256 is not None  # the checksum comes first
    with engine.connect() as conn:
        # The very file that is loaded already: checking it replaces nothing.
        same = (
            _already_loaded(conn, report.sha256, context.round_arg, context.version_arg) is not None
        )
        data = _validate(
            conn, workbook, report, dataclasses.replace(context, replace=context.replace or same)
        )
    report.status = "rejected" if report.errors else "dry-run"
    if report.errors:
        _audit_refused(engine, actor, report)
    step(1.0, "Ferdig kontrollert")
    return Validated(report, data)


def _validate_and_load(
    engine: Engine,
    workbook: Workbook,
    report: ImportReport,
    actor: Actor,
    context: Context,
    step: Progress,
) -> Any:
    """Validate and, when the file is clean, load it: one transaction."""
    with engine.begin() as conn:
        _take_import_lock(conn)
        data = _validate(conn, workbook, report, dataclasses.replace(context, loading=True))
        if not report.errors:
            step(0.7, "Lagrer i databasen …")
            report.batch_id = _load(conn, report, data, actor)
            report.status = "loaded"
            audit.record(
                conn,
                actor,
                "import",
                file_name=report.file_name,
                sha256=report.sha256,
                batch_id=report.batch_id,
                details={
                    "kind": report.kind,
                    "round": report.round,
                    "version": report.version,
                    "rows": report.rows,
                    **(
                        {"owner": data.owner}
                        if report.kind == "portfolio" and getattr(data, "submission", False)
                        else {}
                    ),
                },
            )
    return data


def _take_import_lock(conn: Connection) -> None:
    """Serialise imports: two editors uploading at once load one after the other.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: the first write takes the database's
    write lock (other writers wait up to the busy timeout).
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(804211)")
    else:
        conn.exec_driver_sql("UPDATE import_batch SET id = id WHERE id = -1")


def _already_loaded(
    conn: Connection, sha: str, round_arg: str | None, version_arg: str | None
) -> Any:
    b = ImportBatch.__table__
    query = (
        select(b).where(b.c.sha256 == sha, b.c.status == BatchStatus.LOADED).order_by(b.c.id.desc())
    )
    for row in conn.execute(query):
        if round_arg and row.round_code and row.round_code != round_arg:
            continue
        if version_arg and row.version and row.version.lstrip("vV") != version_arg.lstrip("vV"):
            continue
        return row
    return None


def _audit_refused(engine: Engine, actor: Actor, report: ImportReport) -> None:
    codes: dict[str, int] = {}
    for e in report.errors:
        codes[e.code] = codes.get(e.code, 0) + 1
    with engine.begin() as conn:
        audit.record(
            conn,
            actor,
            "import",
            outcome="rejected",
            file_name=report.file_name,
            sha256=report.sha256,
            details={"kind": report.kind, "errors": codes},
        )


def _load(conn: Connection, report: ImportReport, data: Any, actor: Actor) -> int:
    b = ImportBatch.__table__
    batch_id = conn.execute(
        insert(b)
        .values(
            created_at=audit.now_utc(),
            user=actor.name,
            file_name=report.file_name,
            sha256=report.sha256,
            kind=report.kind,
            round_code=report.round,
            version=report.version,
            rows=report.rows,
            status=BatchStatus.LOADED,
        )
        .returning(b.c.id)
    ).scalar_one()
    from importers.kinds import KINDS

    superseded = KINDS[report.kind or BatchKind.INDICATORS].load(conn, data, batch_id)
    _refresh_batch_status(conn, superseded)
    return batch_id


def _current_row_count(conn: Connection, batch_id: int) -> int:
    total = 0
    for table in VERSIONED_TABLES:
        t = table.__table__
        total += conn.execute(
            select(func.count())
            .select_from(t)
            .where(t.c.batch_id == batch_id, t.c.replaced_by_batch_id.is_(None))
        ).scalar_one()
    return total


def _refresh_batch_status(conn: Connection, batch_ids: set[int]) -> None:
    """A batch none of whose rows are current any more is ``replaced``; else ``loaded``."""
    b = ImportBatch.__table__
    for batch_id in batch_ids:
        status = conn.execute(select(b.c.status).where(b.c.id == batch_id)).scalar()
        if status == BatchStatus.ROLLED_BACK or status is None:
            continue
        new = BatchStatus.LOADED if _current_row_count(conn, batch_id) else BatchStatus.REPLACED
        if new != status:
            conn.execute(update(b).where(b.c.id == batch_id).values(status=new))


# --------------------------------------------------------------------------------------------
# History and rollback
# --------------------------------------------------------------------------------------------


class RollbackRefused(Exception):
    """The batch cannot be rolled back (unknown, already rolled back, or a later batch needs it)."""

    def __init__(self, message: str, *, unknown: bool = False) -> None:
        super().__init__(message)
        self.unknown = unknown


def rollback(engine: Engine, batch_id: int, *, actor: Actor) -> dict[str, Any]:
    """Undo one batch completely: the state before it returns.

    Policy: a batch whose rows a later batch has replaced cannot be rolled back on its own;
    roll back the later batch first (the message names it). Nothing is changed then.
    """
    audit.require_audited(engine, actor, "rollback", "rollback", batch_id=batch_id)
    b = ImportBatch.__table__
    with engine.begin() as conn:
        _take_import_lock(conn)
        batch = conn.execute(select(b).where(b.c.id == batch_id)).first()
        if batch is None:
            raise RollbackRefused(f"Det finnes ingen import med nummer {batch_id}.", unknown=True)
        if batch.status == BatchStatus.ROLLED_BACK:
            raise RollbackRefused(f"Import {batch_id} ({batch.file_name}) er allerede angret.")
        blockers: set[int] = set()
        for table in VERSIONED_TABLES:
            t = table.__table__
            blockers.update(
                conn.execute(
                    select(t.c.replaced_by_batch_id)
                    .distinct()
                    .where(t.c.batch_id == batch_id, t.c.replaced_by_batch_id.is_not(None))
                ).scalars()
            )
        # Cases of other batches that sit in a meeting only this batch brought in.
        blockers.update(cases.rollback_blockers(conn, batch_id))
        if blockers:
            later = conn.execute(
                select(b).where(b.c.id.in_(sorted(blockers))).order_by(b.c.id)
            ).all()
            names = ", ".join(f"{r.id} ({r.file_name}, {oslo_iso(r.created_at)})" for r in later)
            raise RollbackRefused(
                f"Import {batch_id} ({batch.file_name}) kan ikke angres alene, fordi senere import "
                f"har erstattet eller bygger på data fra den: {names}. Angre de senere importene "
                "først, nyeste først."
            )
        restored: set[int] = set()
        for table in VERSIONED_TABLES:
            t = table.__table__
            conn.execute(t.delete().where(t.c.batch_id == batch_id))
            restored.update(
                conn.execute(
                    select(t.c.batch_id).distinct().where(t.c.replaced_by_batch_id == batch_id)
                ).scalars()
            )
            conn.execute(
                update(t)
                .where(t.c.replaced_by_batch_id == batch_id)
                .values(replaced_by_batch_id=None)
            )
        restored.discard(None)  # type: ignore[arg-type]
        _drop_orphans(conn, batch_id)
        if batch.kind == "portfolio":
            portfolio.refresh_measures(conn)
        conn.execute(
            update(b)
            .where(b.c.id == batch_id)
            .values(
                status=BatchStatus.ROLLED_BACK,
                rolled_back_at=audit.now_utc(),
                rolled_back_by=actor.name,
            )
        )
        _refresh_batch_status(conn, restored)
        audit.record(
            conn,
            actor,
            "rollback",
            file_name=batch.file_name,
            sha256=batch.sha256,
            batch_id=batch_id,
            details={
                "kind": batch.kind,
                "round": batch.round_code,
                "version": batch.version,
                "restored": sorted(restored),
            },
        )
    return {"batch_id": batch_id, "file": batch.file_name, "restored_batches": sorted(restored)}


def _drop_orphans(conn: Connection, batch_id: int) -> None:
    """Identity rows nothing refers to any more (created by the rolled-back batch)."""
    i, d, o = Indicator.__table__, IndicatorDefinition.__table__, Observation.__table__
    used = select(d.c.indicator_id).union(select(o.c.indicator_id))
    conn.execute(i.delete().where(i.c.id.not_in(used)))
    v = IndicatorSetVersion.__table__
    used_versions = select(d.c.version).distinct()
    conn.execute(v.delete().where(v.c.batch_id == batch_id, v.c.code.not_in(used_versions)))
    cases.drop_orphan_forums(conn)
