"""file_results dropped: per-file rows written on every save and read by nothing (issue 16)

Every figure they held (status, LOC, SLOC, comments, MI, complexity per file) is in the stored
report (``code.files``), which the history, comparisons and exports read; the rows only cost
time and space on each save (4,338 rows for one saleor assessment). The store backs the file
up before this migration runs. A downgrade recreates the table empty.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 19:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("file_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_file_results_assessment_id"))
    op.drop_table("file_results")


def downgrade() -> None:
    op.create_table(
        "file_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=4096), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("loc", sa.Integer(), nullable=True),
        sa.Column("lloc", sa.Integer(), nullable=True),
        sa.Column("sloc", sa.Integer(), nullable=True),
        sa.Column("comments", sa.Integer(), nullable=True),
        sa.Column("multi", sa.Integer(), nullable=True),
        sa.Column("blank", sa.Integer(), nullable=True),
        sa.Column("single_comments", sa.Integer(), nullable=True),
        sa.Column("mi", sa.Float(), nullable=True),
        sa.Column("cc_total", sa.Integer(), nullable=True),
        sa.Column("max_complexity", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("file_results", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_file_results_assessment_id"), ["assessment_id"], unique=False
        )
