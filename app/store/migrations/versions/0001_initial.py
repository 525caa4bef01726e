"""repositories, assessments and per-file results

Revision ID: 0001
Revises:
Create Date: 2026-11-27 04:58:00.231540
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "repositories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=4096), nullable=False),
        sa.Column("name", sa.String(length=512), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_opened_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("path"),
    )
    with op.batch_alter_table("repositories", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_repositories_last_opened_at"), ["last_opened_at"], unique=False
        )

    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repository_id", sa.Integer(), nullable=False),
        sa.Column("analyzed_at", sa.DateTime(), nullable=False),
        sa.Column("head", sa.String(length=64), nullable=False),
        sa.Column("branch", sa.String(length=512), nullable=True),
        sa.Column("partial", sa.Boolean(), nullable=False),
        sa.Column("tool_version", sa.String(length=32), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("duration_seconds", sa.Float(), nullable=False),
        sa.Column("python_files", sa.Integer(), nullable=False),
        sa.Column("sloc", sa.Integer(), nullable=False),
        sa.Column("cc_total", sa.Integer(), nullable=False),
        sa.Column("mi_average", sa.Float(), nullable=True),
        sa.Column("warning_count", sa.Integer(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["repository_id"], ["repositories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessments_analyzed_at"), ["analyzed_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessments_repository_id"), ["repository_id"], unique=False
        )

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


def downgrade() -> None:

    with op.batch_alter_table("file_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_file_results_assessment_id"))

    op.drop_table("file_results")
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessments_repository_id"))
        batch_op.drop_index(batch_op.f("ix_assessments_analyzed_at"))

    op.drop_table("assessments")
    with op.batch_alter_table("repositories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_repositories_last_opened_at"))

    op.drop_table("repositories")
