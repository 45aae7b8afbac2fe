"""BPMN fidelity: steps know their kind, trigger, pool, container and shape; flows their condition and route;
models the pools, message flows and annotations of the file they came from

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-28 15:50:17.866738

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('process_flows', schema=None) as batch_op:
        batch_op.add_column(sa.Column('condition', sa.Text(), nullable=False, server_default=sa.text("''")))
        batch_op.add_column(sa.Column('is_default', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('bpmn_id', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('waypoints', sa.JSON(), nullable=True))

    with op.batch_alter_table('process_models', schema=None) as batch_op:
        batch_op.add_column(sa.Column('explicit_routes', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('diagram', sa.JSON(), nullable=False, server_default='{}'))

    with op.batch_alter_table('process_steps', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=24), nullable=False, server_default='user_task'))
        batch_op.add_column(sa.Column('trigger', sa.String(length=16), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('trigger_detail', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('interrupting', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('attached_to_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('pool', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('bpmn_id', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('expanded', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('x', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('y', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('width', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('height', sa.Float(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_process_steps_parent_id_process_steps'), 'process_steps', ['parent_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_process_steps_attached_to_id_process_steps'), 'process_steps', ['attached_to_id'], ['id'], ondelete='CASCADE')



def downgrade():
    with op.batch_alter_table('process_steps', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_process_steps_attached_to_id_process_steps'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_process_steps_parent_id_process_steps'), type_='foreignkey')
        batch_op.drop_column('height')
        batch_op.drop_column('width')
        batch_op.drop_column('y')
        batch_op.drop_column('x')
        batch_op.drop_column('expanded')
        batch_op.drop_column('bpmn_id')
        batch_op.drop_column('pool')
        batch_op.drop_column('parent_id')
        batch_op.drop_column('attached_to_id')
        batch_op.drop_column('interrupting')
        batch_op.drop_column('trigger_detail')
        batch_op.drop_column('trigger')
        batch_op.drop_column('kind')

    with op.batch_alter_table('process_models', schema=None) as batch_op:
        batch_op.drop_column('diagram')
        batch_op.drop_column('explicit_routes')

    with op.batch_alter_table('process_flows', schema=None) as batch_op:
        batch_op.drop_column('waypoints')
        batch_op.drop_column('bpmn_id')
        batch_op.drop_column('is_default')
        batch_op.drop_column('condition')

