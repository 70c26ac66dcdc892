"""meetings: speaker requests, the current agenda item, speaking time per item, speeches in the minutes

speaker_requests (one open request per member and agenda item: a partial unique index),
live_states.agenda_item_id (the item under discussion), agenda_items.speaking_minutes (NULL: the
meeting's default), agenda_conclusions.speeches (the secretary's wording; NULL: built from the log).

Revision ID: 8f0aaac33c1c
Revises: 4a29ca53c67c
Create Date: 2026-11-30 13:17:42.800957+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8f0aaac33c1c'
down_revision = '4a29ca53c67c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('speaker_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('requested', 'speaking', 'done', 'withdrawn', 'removed', name='speaker_state', native_enum=False, length=10), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('allotted_seconds', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_speaker_requests_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_speaker_requests_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_speaker_requests_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaker_requests'))
    )
    with op.batch_alter_table('speaker_requests', schema=None) as batch_op:
        batch_op.create_index('ix_speaker_requests_agenda_item_id_position', ['agenda_item_id', 'position'], unique=False)
        batch_op.create_index(batch_op.f('ix_speaker_requests_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index('uq_speaker_requests_open', ['agenda_item_id', 'user_id'], unique=True, sqlite_where=sa.text("state IN ('requested', 'speaking')"), postgresql_where=sa.text("state IN ('requested', 'speaking')"))

    with op.batch_alter_table('agenda_conclusions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('speeches', sa.Text(), nullable=True))

    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('speaking_minutes', sa.Integer(), nullable=True))

    with op.batch_alter_table('live_states', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agenda_item_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_live_states_agenda_item_id_agenda_items'), 'agenda_items', ['agenda_item_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('live_states', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_live_states_agenda_item_id_agenda_items'), type_='foreignkey')
        batch_op.drop_column('agenda_item_id')

    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_column('speaking_minutes')

    with op.batch_alter_table('agenda_conclusions', schema=None) as batch_op:
        batch_op.drop_column('speeches')

    with op.batch_alter_table('speaker_requests', schema=None) as batch_op:
        batch_op.drop_index('uq_speaker_requests_open', sqlite_where=sa.text("state IN ('requested', 'speaking')"), postgresql_where=sa.text("state IN ('requested', 'speaking')"))
        batch_op.drop_index(batch_op.f('ix_speaker_requests_meeting_id'))
        batch_op.drop_index('ix_speaker_requests_agenda_item_id_position')

    op.drop_table('speaker_requests')
