"""The reporting cycle (formats.md §6): a round's state (open, published, reopened), its
deadline, and the measures expected from each owner while it is open (issue 16).

Revision ID: 0004_rounds
Revises: 0003a_sessions
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004_rounds"
down_revision: str | None = "0003a_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "round_state",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("from_round", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "round_expected",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("round_expected", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_round_expected_round_code"), ["round_code"], unique=False
        )
        batch_op.create_index("ux_round_expected", ["round_code", "code"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("round_expected", schema=None) as batch_op:
        batch_op.drop_index("ux_round_expected")
        batch_op.drop_index(batch_op.f("ix_round_expected_round_code"))
    op.drop_table("round_expected")
    op.drop_table("round_state")
