"""deployment and incident logs

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 05:21:38.627321
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "delivery_logs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repository_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("file_name", sa.String(length=1024), nullable=False),
        sa.Column("encoding", sa.String(length=32), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("duplicates_dropped", sa.Integer(), nullable=False),
        sa.Column("naive_times", sa.Integer(), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["repository_id"], ["repositories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("repository_id", "kind"),
    )
    with op.batch_alter_table("delivery_logs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_delivery_logs_repository_id"), ["repository_id"], unique=False
        )

    op.create_table(
        "dora_preferences",
        sa.Column("repository_id", sa.Integer(), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("quick_check", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["repository_id"], ["repositories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("repository_id"),
    )
    op.create_table(
        "deployment_log_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("log_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("deployed_at", sa.DateTime(), nullable=False),
        sa.Column("ref", sa.String(length=255), nullable=False),
        sa.Column("environment", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=255), nullable=False),
        sa.Column("service", sa.String(length=255), nullable=False),
        sa.Column("deployment_id", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(["log_id"], ["delivery_logs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("deployment_log_rows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deployment_log_rows_log_id"), ["log_id"], unique=False)

    op.create_table(
        "incident_log_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("log_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("ref", sa.String(length=255), nullable=False),
        sa.Column("deployment_id", sa.String(length=255), nullable=False),
        sa.Column("severity", sa.String(length=255), nullable=False),
        sa.Column("incident_id", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(["log_id"], ["delivery_logs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident_log_rows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_log_rows_log_id"), ["log_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incident_log_rows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_log_rows_log_id"))

    op.drop_table("incident_log_rows")
    with op.batch_alter_table("deployment_log_rows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deployment_log_rows_log_id"))

    op.drop_table("deployment_log_rows")
    op.drop_table("dora_preferences")
    with op.batch_alter_table("delivery_logs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_logs_repository_id"))

    op.drop_table("delivery_logs")
