"""assessment headline figures

Adds ``assessments.headline``: the figures the history lists, compares and charts
(analysis.headline), so that loading many assessments never parses their full reports. Existing
rows are filled from their stored report, one row at a time (a report can be tens of MB). The
store recomputes any headline whose version is older than the code's, so this migration may use
the current ``analysis.headline`` function.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 06:49:58.982642
"""

import json

import sqlalchemy as sa
from alembic import op

from analysis.headline import headline

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

assessments = sa.table(
    "assessments", sa.column("id", sa.Integer), sa.column("report", sa.Text),
    sa.column("headline", sa.Text),
)  # fmt: skip


def upgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("headline", sa.Text(), nullable=True))
    connection = op.get_bind()
    ids = connection.execute(sa.select(assessments.c.id)).scalars().all()
    for assessment_id in ids:
        report = connection.execute(
            sa.select(assessments.c.report).where(assessments.c.id == assessment_id)
        ).scalar_one()
        try:
            figures = json.dumps(headline(json.loads(report)).to_dict())
        except (ValueError, TypeError, AttributeError):
            continue  # an unreadable report keeps no headline; the history shows it without
        connection.execute(
            assessments.update().where(assessments.c.id == assessment_id).values(headline=figures)
        )


def downgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_column("headline")
