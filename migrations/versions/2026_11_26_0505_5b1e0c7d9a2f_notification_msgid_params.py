"""meetings: notifications keep a message id and its parameters, translated in the reader's language

Revision ID: 5b1e0c7d9a2f
Revises: d3339eefffdb
Create Date: 2026-11-26 05:05:00.000000+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1e0c7d9a2f'
down_revision = 'd3339eefffdb'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('msgid', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('params', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('params')
        batch_op.drop_column('msgid')
