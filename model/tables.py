"""Every table of ehelse, grouped by concept.

History is never overwritten. Each imported row remembers the import batch that brought it
(``batch_id``) and, once a later upload supersedes it, the batch that did so
(``replaced_by_batch_id``). A row is *current* while ``replaced_by_batch_id`` is NULL; partial
unique indexes make "one current row per key" a rule of the database itself. Rolling back a
batch deletes its rows and clears ``replaced_by_batch_id`` on the rows it had replaced, so the
state before the batch returns exactly.

Vocabulary values (status colours, phases, states, indicator types …) are stored in their
canonical Norwegian spelling, as the directorate writes them (``Grønn``, ``Aktiv``, ``Prosess``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import Column, DateTime, Float, ForeignKey, Index, Integer, Text, text
from sqlmodel import Field, SQLModel

if TYPE_CHECKING:
    from sqlalchemy import Table

    class Base(SQLModel):
        """SQLModel with its table typed: SQLModel sets ``__table__`` on every table class, but
        does not declare it, so ``Model.__table__.c.code`` would not type-check."""

        __table__: ClassVar[Table]

else:
    Base = SQLModel

CURRENT = text("replaced_by_batch_id IS NULL")


def _current_unique(name: str, *columns: str) -> Index:
    """A unique index over the *current* rows only (portable: SQLite and PostgreSQL)."""
    return Index(name, *columns, unique=True, sqlite_where=CURRENT, postgresql_where=CURRENT)


def _batch_fk() -> int:
    return Field(
        sa_column=Column(Integer, ForeignKey("import_batch.id"), nullable=False, index=True)
    )


def _replaced_fk() -> int | None:
    return Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("import_batch.id"), nullable=True, index=True),
    )


# --------------------------------------------------------------------------------------------
# Import batches and the audit log
# --------------------------------------------------------------------------------------------


class ImportBatch(Base, table=True):
    """One accepted upload of one file (a refused file creates no batch, only an audit event)."""

    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    user: str
    file_name: str
    sha256: str = Field(index=True, max_length=64)
    kind: str = Field(description="portfolio | indicators")
    round_code: str | None = Field(default=None, description="Rapporteringsrunde, e.g. 2025-K3")
    version: str | None = Field(default=None, description="Indicator set version, e.g. v0.7")
    rows: int = 0
    status: str = Field(
        default="loaded", description="loaded | replaced | rolled-back (vocab.BatchStatus)"
    )
    rolled_back_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    rolled_back_by: str | None = None


class AuditEvent(Base, table=True):
    """Who did what, when: uploads (accepted or refused), rollbacks, role changes, exports."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_time", "time"),)

    id: int | None = Field(default=None, primary_key=True)
    time: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    user: str
    action: str = Field(description="import | import-refused | rollback | export | role-change …")
    outcome: str = Field(default="ok")
    file_name: str | None = None
    sha256: str | None = Field(default=None, max_length=64)
    batch_id: int | None = None
    details: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class UserRole(Base, table=True):
    """A role granted to a signed-in subject (an email address or a group claim)."""

    __tablename__ = "user_role"

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(index=True, unique=True, description="email or group:<name>")
    role: str = Field(description="leser | redaktor | administrator")
    granted_by: str
    granted_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class WebSession(Base, table=True):
    """One sign-in to the dashboard (OIDC), known by a hash of its ID token's identity, issuer,
    nonce and time. Signing out or a role change revokes it: a copied cookie of a revoked
    sign-in opens nothing (model/web_sessions.py)."""

    __tablename__ = "web_session"

    key: str = Field(primary_key=True, max_length=64, description="sha256 of iss, sub, nonce, iat")
    identity: str = Field(description="the name in the audit log: e-mail, else sub (issuer)")
    email: str | None = Field(default=None, index=True)
    groups: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    signed_in_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    revoked_reason: str | None = Field(default=None, description="sign-out | role-change")


# --------------------------------------------------------------------------------------------
# The strategy: goals
# --------------------------------------------------------------------------------------------


class Goal(Base, table=True):
    """An overarching goal (O1–O3) or strategic goal (S1–S5) of the national e-health strategy.

    Seeded by the first migration (``batch_id`` NULL); an indicator workbook's ``Mål`` sheet may
    reword them, which supersedes the seeded row rather than overwriting it.
    """

    __tablename__ = "goal"
    __table_args__ = (_current_unique("ux_goal_current", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True)
    kind: str = Field(description="overarching | strategic")
    name: str
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    sort_order: int = 0
    batch_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("import_batch.id"), nullable=True)
    )
    replaced_by_batch_id: int | None = _replaced_fk()


# --------------------------------------------------------------------------------------------
# The portfolio: rounds, measures, reports
# --------------------------------------------------------------------------------------------


class ReportingRound(Base, table=True):
    """A rapporteringsrunde (``2025-K3``) as its latest accepted upload describes it."""

    __tablename__ = "reporting_round"
    __table_args__ = (_current_unique("ux_reporting_round_current", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, description="2025-K3")
    year: int
    quarter: int
    deadline: date | None = None
    submitted_by: str | None = None
    batch_id: int = _batch_fk()
    replaced_by_batch_id: int | None = _replaced_fk()


class RoundState(Base, table=True):
    """Where a round stands in the reporting cycle (formats.md §6): ``open`` while the owners'
    submissions are collected, ``published`` once everyone may see it, ``reopened`` when taken
    back for corrections. A round without a row here is published (a whole-round workbook
    creates its round published, as it always did). Not versioned by import batch: opening and
    publishing are decisions, recorded in the audit log."""

    __tablename__ = "round_state"

    code: str = Field(primary_key=True, max_length=16, description="2026-K1")
    state: str = Field(description="open | published | reopened")
    deadline: date | None = Field(default=None, description="Rapporteringsfrist")
    from_round: str | None = Field(default=None, description="the round the expectations came from")
    opened_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    opened_by: str
    changed_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    changed_by: str
    revision: int = Field(default=1, description="counts every change (dashboard caches)")


class RoundExpected(Base, table=True):
    """A measure expected in an open round, under its owner: the ``--from`` round's Aktiv and
    Pause measures, as they stood when the round was opened."""

    __tablename__ = "round_expected"
    __table_args__ = (Index("ux_round_expected", "round_code", "code", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    round_code: str = Field(index=True)
    code: str = Field(description="Tiltak-ID")
    name: str
    owner: str


class Measure(Base, table=True):
    """A tiltak: the stable Tiltak-ID, with its latest reported name, owner and programme area.

    The name/owner/area columns are a convenience copy of the newest current report, refreshed
    after every load and rollback.
    """

    __tablename__ = "measure"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, description="Tiltak-ID, e.g. T-0123")
    name: str
    owner: str
    programme_area: str | None = None


class MeasureReport(Base, table=True):
    """What one measure reported in one round: one current row per (measure, round)."""

    __tablename__ = "measure_report"
    __table_args__ = (
        _current_unique("ux_measure_report_current", "measure_id", "round_code"),
        Index("ix_measure_report_round", "round_code", "replaced_by_batch_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(
        sa_column=Column(Integer, ForeignKey("measure.id"), nullable=False, index=True)
    )
    round_code: str
    batch_id: int = _batch_fk()
    replaced_by_batch_id: int | None = _replaced_fk()
    source_row: int = Field(description="Row in the uploaded sheet, as the spreadsheet shows it")
    name: str
    owner: str
    programme_area: str | None = None
    phase: str = Field(
        description="Planlegging | Utprøving | Gjennomføring | Innføring | Avsluttet"
    )
    state: str = Field(description="Aktiv | Pause | Ferdigstilt | Stoppet")
    status_overall: str | None = Field(default=None, description="Grønn | Gul | Rød")
    status_progress: str | None = None
    status_cost: str | None = None
    status_benefit: str | None = None
    risk: str | None = Field(default=None, description="Lav | Middels | Høy")
    planned_finish: str | None = Field(
        default=None, description="ISO date 2027-06-30 or a quarter 2027-K2"
    )
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    goals: str = Field(default="", description="Strategic goal codes, canonical: 'S2;S4'")
    dependencies: str = Field(default="", description="Tiltak-IDs it depends on: 'T-0001;T-0007'")


class MilestoneReport(Base, table=True):
    """A measure's milestone as reported in one round (optional sheet «Milepæler», formats.md
    §7); a milestone is identified by (measure, name) and its planned date tracked across rounds.
    Loaded and replaced with the round's portfolio report (same batch)."""

    __tablename__ = "milestone_report"
    __table_args__ = (
        _current_unique("ux_milestone_report_current", "measure_id", "name", "round_code"),
        Index("ix_milestone_report_round", "round_code", "replaced_by_batch_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(
        sa_column=Column(Integer, ForeignKey("measure.id"), nullable=False, index=True)
    )
    round_code: str
    batch_id: int = _batch_fk()
    replaced_by_batch_id: int | None = _replaced_fk()
    source_row: int
    name: str
    planned: str = Field(description="ISO date 2026-06-30 or a quarter 2026-K2")
    status: str = Field(description="Ikke startet | Pågår | Nådd | Forsinket")
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


# --------------------------------------------------------------------------------------------
# The indicators: versions, indicators, definitions, observations
# --------------------------------------------------------------------------------------------


class IndicatorSetVersion(Base, table=True):
    """A version of the strategic indicator set (``v0.7``, ``v0.8`` …)."""

    __tablename__ = "indicator_set_version"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True)
    batch_id: int = _batch_fk()


class Indicator(Base, table=True):
    """The stable identity of an indicator (Indikator-ID); its wording lives in definitions."""

    __tablename__ = "indicator"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, description="Indikator-ID, e.g. S2-03")


class IndicatorDefinition(Base, table=True):
    """How one indicator is defined in one version of the set ('' = unversioned).

    A redefinition in a later upload supersedes the row; the old wording stays in history.
    """

    __tablename__ = "indicator_definition"
    __table_args__ = (
        _current_unique("ux_indicator_definition_current", "indicator_id", "version"),
    )

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(
        sa_column=Column(Integer, ForeignKey("indicator.id"), nullable=False, index=True)
    )
    version: str = Field(default="", description="'' when unversioned")
    batch_id: int = _batch_fk()
    replaced_by_batch_id: int | None = _replaced_fk()
    source_row: int
    name: str
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    goals: str = Field(description="Goal codes, canonical: 'O1;S4'")
    type: str = Field(description="Struktur | Prosess | Effekt")
    status: str = Field(description="Klar | Under arbeid")
    level: str = Field(description="Strategisk | Støtte")
    parent_code: str | None = Field(default=None, description="Del av: composite parent")
    unit: str | None = None
    direction: str = Field(description="Økende | Synkende")
    source: str | None = None
    target_2030: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    base_year: int | None = None
    limit: float | None = Field(default=None, sa_column=Column(Float, nullable=True))


class Observation(Base, table=True):
    """One value of one indicator for one period and area; one current row per that key."""

    __tablename__ = "observation"
    __table_args__ = (
        # One index serves the rule (one current value per key) and the series lookups
        # (indicator, area); integer indexes serve as-of views and rollback. Few, narrow
        # indexes keep a 357,000-row import fast (migration 0002).
        _current_unique("ux_observation_current", "indicator_id", "area", "period"),
        Index(
            "ix_observation_replaced",
            "replaced_by_batch_id",
            sqlite_where=text("replaced_by_batch_id IS NOT NULL"),
            postgresql_where=text("replaced_by_batch_id IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    # No foreign keys here (migration 0002): the importer checks them set-wise per import.
    indicator_id: int = Field(sa_column=Column(Integer, nullable=False, index=True))
    period: str = Field(description="2023 | 2024-K2 | 2024-05 | 2024-05-13")
    period_time: float = Field(
        sa_column=Column(Float, nullable=False), description="2024-K2 → 2024.25"
    )
    area: str = Field(default="Hele landet")
    value: float = Field(sa_column=Column(Float, nullable=False))
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    batch_id: int = Field(sa_column=Column(Integer, nullable=False, index=True))
    replaced_by_batch_id: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))


# --------------------------------------------------------------------------------------------
# The councils: forums, meetings, cases and their decisions (formats.md §8)
# --------------------------------------------------------------------------------------------


class Forum(Base, table=True):
    """A council or committee of the rådsmodell (NUIT, Nasjonalt e-helseråd, NUFA, …).

    An identity row like :class:`Measure`: created by the first meeting that names it, removed
    again when a rollback leaves no meeting or case that refers to it.
    """

    __tablename__ = "council_forum"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, description="NUIT, Nasjonalt e-helseråd …")


class Meeting(Base, table=True):
    """One meeting of a forum (Møte-ID ``NUIT-2025-4``): one current row per Møte-ID.

    A later upload (or an edit on the page) that changes the date or place supersedes the row.
    """

    __tablename__ = "council_meeting"
    __table_args__ = (_current_unique("ux_council_meeting_current", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, description="Møte-ID, e.g. NUIT-2025-4")
    forum_id: int = Field(
        sa_column=Column(Integer, ForeignKey("council_forum.id"), nullable=False, index=True)
    )
    meeting_date: date = Field(description="Dato: the day of the meeting")
    place: str | None = None
    source_row: int = Field(default=0, description="Row in the Møter sheet (0: typed on a page)")
    batch_id: int = _batch_fk()
    replaced_by_batch_id: int | None = _replaced_fk()


class CouncilCase(Base, table=True):
    """A case (*sak*) on a meeting's agenda, with its proposal and — once the meeting has
    decided — its decision (*vedtak*) and the follow-up the decision asked for.

    Identified by its forum and Saksnummer (``41/25``: unique per forum and year). It concerns
    measures (Tiltak-IDs), indicators (Indikator-IDs), goals and a reporting round, stored as
    ``;``-separated codes like a report's goals. ``follow_up_by`` is the round by which the
    decision asked for a follow-up (Oppfølging innen).
    """

    __tablename__ = "council_case"
    __table_args__ = (
        _current_unique("ux_council_case_current", "forum_id", "number"),
        Index("ix_council_case_meeting", "meeting_code", "replaced_by_batch_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # No index of its own: the current-unique index leads with it.
    forum_id: int = Field(sa_column=Column(Integer, ForeignKey("council_forum.id"), nullable=False))
    number: str = Field(description="Saksnummer, canonical '41/25'")
    year: int = Field(description="2025 for 41/25")
    seq: int = Field(description="41 for 41/25: the order on the agenda")
    meeting_code: str = Field(description="Møte-ID of the meeting that handles the case")
    title: str
    case_type: str = Field(description="Orientering | Drøfting | Beslutning | Godkjenning")
    proposal: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    decision: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    measures: str = Field(default="", description="Tiltak-IDs: 'T-0057;T-0062'")
    indicators: str = Field(default="", description="Indikator-IDs: 'S1-01;S2-03'")
    goals: str = Field(default="", description="Goal codes: 'S2;S4'")
    round_code: str | None = Field(default=None, description="The round the case is about")
    follow_up_by: str | None = Field(default=None, description="Oppfølging innen: a round ID")
    source_row: int = Field(default=0, description="Row in the Saker sheet (0: typed on a page)")
    batch_id: int = _batch_fk()
    replaced_by_batch_id: int | None = _replaced_fk()


#: Tables whose rows belong to an import batch, in the order rows may be deleted.
VERSIONED_TABLES: tuple[type[Base], ...] = (
    Observation,
    IndicatorDefinition,
    MeasureReport,
    MilestoneReport,
    ReportingRound,
    Goal,
    CouncilCase,
    Meeting,
)
