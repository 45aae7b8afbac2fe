"""a covering index for the phase counts of every project page and the overdue counts

Revision ID: 0031
Revises: 0030
Create Date: 2026-11-29 12:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('checklist_items', schema=None) as batch_op:
        batch_op.create_index(
            'ix_checklist_items_phase_counts', ['project_id', 'phase_id', 'status', 'due_date', 'removed_at'], unique=False
        )


def downgrade():
    with op.batch_alter_table('checklist_items', schema=None) as batch_op:
        batch_op.drop_index('ix_checklist_items_phase_counts')
