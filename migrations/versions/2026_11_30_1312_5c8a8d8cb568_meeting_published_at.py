"""meetings: when a meeting was published (null: never), so a draft that is cancelled stays
hidden from its plain members

Revision ID: 5c8a8d8cb568
Revises: 7c2e4a91b0d3
Create Date: 2026-11-30 13:12:00.000000+00:00

Existing rows: a meeting that is published, in session or closed was published; a cancelled one was
if it ever notified anybody (publishing sends the invitations; a draft notifies no one). The time
is that of its first notification, else (no one was told) its creation.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c8a8d8cb568'
down_revision = '7c2e4a91b0d3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_at', sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE meetings SET published_at = (SELECT MIN(notifications.created_at) FROM notifications "
        "WHERE notifications.meeting_id = meetings.id) "
        "WHERE state IN ('published', 'in_session', 'closed', 'cancelled')")
    op.execute(
        "UPDATE meetings SET published_at = created_at "
        "WHERE published_at IS NULL AND state IN ('published', 'in_session', 'closed')")


def downgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_column('published_at')
