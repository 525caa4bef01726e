"""compressed reports: the full JSON report moves to a zlib-compressed column

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 07:35:59.780095
"""

import zlib

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_assessments = sa.table(
    "assessments",
    sa.column("id", sa.Integer),
    sa.column("report", sa.Text),
    sa.column("report_zlib", sa.LargeBinary),
)


def upgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("report_zlib", sa.LargeBinary(), nullable=True))
        batch_op.alter_column("report", existing_type=sa.TEXT(), nullable=True)
    # one row at a time: a report can be tens of MB
    connection = op.get_bind()
    ids = (
        connection.execute(sa.select(_assessments.c.id).where(_assessments.c.report.is_not(None)))
        .scalars()
        .all()
    )
    for assessment_id in ids:
        text = connection.execute(
            sa.select(_assessments.c.report).where(_assessments.c.id == assessment_id)
        ).scalar_one()
        connection.execute(
            _assessments.update()
            .where(_assessments.c.id == assessment_id)
            .values(report_zlib=zlib.compress(text.encode("utf-8"), 6), report=None)
        )


def downgrade() -> None:
    connection = op.get_bind()
    ids = (
        connection.execute(
            sa.select(_assessments.c.id).where(_assessments.c.report_zlib.is_not(None))
        )
        .scalars()
        .all()
    )
    for assessment_id in ids:
        packed = connection.execute(
            sa.select(_assessments.c.report_zlib).where(_assessments.c.id == assessment_id)
        ).scalar_one()
        connection.execute(
            _assessments.update()
            .where(_assessments.c.id == assessment_id)
            .values(report=zlib.decompress(packed).decode("utf-8"))
        )
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.alter_column("report", existing_type=sa.TEXT(), nullable=False)
        batch_op.drop_column("report_zlib")
