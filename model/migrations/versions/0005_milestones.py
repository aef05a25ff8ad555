"""Milestones: the optional sheet «Milepæler» of the portfolio workbook (formats.md §7), one row
per (measure, milestone, round), loaded and replaced with the round's report (issue 18).

Revision ID: 0005_milestones
Revises: 0004_rounds
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005_milestones"
down_revision: str | None = "0004_rounds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "milestone_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("round_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("replaced_by_batch_id", sa.Integer(), nullable=True),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("planned", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["batch_id"], ["import_batch.id"]),
        sa.ForeignKeyConstraint(["measure_id"], ["measure.id"]),
        sa.ForeignKeyConstraint(["replaced_by_batch_id"], ["import_batch.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("milestone_report", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_milestone_report_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_milestone_report_measure_id"), ["measure_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_milestone_report_replaced_by_batch_id"),
            ["replaced_by_batch_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_milestone_report_round", ["round_code", "replaced_by_batch_id"], unique=False
        )
        batch_op.create_index(
            "ux_milestone_report_current",
            ["measure_id", "name", "round_code"],
            unique=True,
            sqlite_where=sa.text("replaced_by_batch_id IS NULL"),
            postgresql_where=sa.text("replaced_by_batch_id IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("milestone_report", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_milestone_report_current",
            sqlite_where=sa.text("replaced_by_batch_id IS NULL"),
            postgresql_where=sa.text("replaced_by_batch_id IS NULL"),
        )
        batch_op.drop_index("ix_milestone_report_round")
        batch_op.drop_index(batch_op.f("ix_milestone_report_replaced_by_batch_id"))
        batch_op.drop_index(batch_op.f("ix_milestone_report_measure_id"))
        batch_op.drop_index(batch_op.f("ix_milestone_report_batch_id"))
    op.drop_table("milestone_report")
