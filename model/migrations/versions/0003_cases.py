"""Council cases and decisions (formats.md §8): forums, meetings and cases.

Meetings and cases are versioned like the other imported rows (``batch_id``,
``replaced_by_batch_id``, one current row per key), so an upload of the ``Saker`` workbook — or
an edit on the page — can be rolled back and viewed as of a batch.

Downgrading drops the three tables and marks the batches that had loaded them as rolled back
(they have no rows left): the history stays readable, and after a later upgrade the same file
can be imported again instead of being reported as already loaded.

Revision ID: 0003_cases
Revises: 0002_observation_indexes
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003_cases"
down_revision: str | None = "0002_observation_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CURRENT = sa.text("replaced_by_batch_id IS NULL")
TEXT = sqlmodel.sql.sqltypes.AutoString
DOWNGRADED_BY = "nedgradering av databaseskjemaet (0003_cases)"


def _versioned() -> list:
    return [
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("import_batch.id"), nullable=False),
        sa.Column(
            "replaced_by_batch_id", sa.Integer(), sa.ForeignKey("import_batch.id"), nullable=True
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "council_forum",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", TEXT(), nullable=False),
    )
    op.create_index("ix_council_forum_name", "council_forum", ["name"], unique=True)

    op.create_table(
        "council_meeting",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", TEXT(), nullable=False),
        sa.Column("forum_id", sa.Integer(), sa.ForeignKey("council_forum.id"), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("place", TEXT(), nullable=True),
        sa.Column("source_row", sa.Integer(), nullable=False),
        *_versioned(),
    )
    op.create_index("ix_council_meeting_code", "council_meeting", ["code"])
    op.create_index("ix_council_meeting_forum_id", "council_meeting", ["forum_id"])
    op.create_index("ix_council_meeting_batch_id", "council_meeting", ["batch_id"])
    op.create_index(
        "ix_council_meeting_replaced_by_batch_id", "council_meeting", ["replaced_by_batch_id"]
    )
    op.create_index(
        "ux_council_meeting_current",
        "council_meeting",
        ["code"],
        unique=True,
        sqlite_where=CURRENT,
        postgresql_where=CURRENT,
    )

    op.create_table(
        "council_case",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("forum_id", sa.Integer(), sa.ForeignKey("council_forum.id"), nullable=False),
        sa.Column("number", TEXT(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("meeting_code", TEXT(), nullable=False),
        sa.Column("title", TEXT(), nullable=False),
        sa.Column("case_type", TEXT(), nullable=False),
        sa.Column("proposal", sa.Text(), nullable=True),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("measures", TEXT(), nullable=False),
        sa.Column("indicators", TEXT(), nullable=False),
        sa.Column("goals", TEXT(), nullable=False),
        sa.Column("round_code", TEXT(), nullable=True),
        sa.Column("follow_up_by", TEXT(), nullable=True),
        sa.Column("source_row", sa.Integer(), nullable=False),
        *_versioned(),
    )
    op.create_index("ix_council_case_batch_id", "council_case", ["batch_id"])
    op.create_index(
        "ix_council_case_replaced_by_batch_id", "council_case", ["replaced_by_batch_id"]
    )
    op.create_index(
        "ix_council_case_meeting", "council_case", ["meeting_code", "replaced_by_batch_id"]
    )
    op.create_index(
        "ux_council_case_current",
        "council_case",
        ["forum_id", "number"],
        unique=True,
        sqlite_where=CURRENT,
        postgresql_where=CURRENT,
    )


def downgrade() -> None:
    op.drop_table("council_case")  # and its indexes
    op.drop_table("council_meeting")
    op.drop_table("council_forum")
    batch = sa.table(
        "import_batch",
        sa.column("kind", sa.String),
        sa.column("status", sa.String),
        sa.column("rolled_back_at", sa.DateTime(timezone=True)),
        sa.column("rolled_back_by", sa.String),
    )
    op.execute(
        batch.update()
        .where(batch.c.kind == "cases", batch.c.status != "rolled-back")
        .values(
            status="rolled-back", rolled_back_at=datetime.now(UTC), rolled_back_by=DOWNGRADED_BY
        )
    )
