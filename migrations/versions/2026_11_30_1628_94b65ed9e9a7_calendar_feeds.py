"""calendar: per-user iCalendar feed links (hashed tokens) and the SEQUENCE of each meeting in the feeds

Revision ID: 94b65ed9e9a7
Revises: a3abc01c59ed
Create Date: 2026-11-30 16:28:20.159474+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '94b65ed9e9a7'
down_revision = 'a3abc01c59ed'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feeds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_feeds_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feeds')),
    sa.UniqueConstraint('token_sha256', name=op.f('uq_calendar_feeds_token_sha256')),
    sa.UniqueConstraint('user_id', name=op.f('uq_calendar_feeds_user_id'))
    )
    op.create_table('calendar_revisions',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('modified_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_calendar_revisions_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', name=op.f('pk_calendar_revisions'))
    )
    op.create_index(op.f('ix_calendar_revisions_meeting_id'), 'calendar_revisions', ['meeting_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_calendar_revisions_meeting_id'), table_name='calendar_revisions')
    op.drop_table('calendar_revisions')
    op.drop_table('calendar_feeds')
