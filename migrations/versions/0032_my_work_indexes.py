"""indexes for every page's "my work" count: processes by owner, responses by respondent

Revision ID: 0032
Revises: 0031
Create Date: 2026-11-29 17:50:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('processes', schema=None) as batch_op:
        batch_op.create_index('ix_processes_owner_id', ['owner_id'], unique=False)
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.create_index('ix_responses_respondent', ['respondent_id', 'assessment_id'], unique=False)


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index('ix_responses_respondent')
    with op.batch_alter_table('processes', schema=None) as batch_op:
        batch_op.drop_index('ix_processes_owner_id')
