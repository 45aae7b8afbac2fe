"""the review committee kept with each report version and gate at submission

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28 03:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('committee', sa.JSON(), nullable=True))
    with op.batch_alter_table('gates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('committee', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('gates', schema=None) as batch_op:
        batch_op.drop_column('committee')
    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.drop_column('committee')
