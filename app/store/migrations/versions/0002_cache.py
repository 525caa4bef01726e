"""analysis result cache

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 05:07:05.614155
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "cache_entries",
        sa.Column("namespace", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("namespace", "key"),
    )


def downgrade() -> None:

    op.drop_table("cache_entries")
