"""meetings: the actual start and end of a meeting, and the start time as the minutes state it

Revision ID: 7c2e4a91b0d3
Revises: 5b1e0c7d9a2f
Create Date: 2026-11-26 05:40:00.000000+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c2e4a91b0d3'
down_revision = '5b1e0c7d9a2f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('minutes_drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('minutes_drafts', schema=None) as batch_op:
        batch_op.drop_column('started_at')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_column('ended_at')
        batch_op.drop_column('started_at')
