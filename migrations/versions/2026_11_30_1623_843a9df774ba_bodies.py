"""bodies (cơ quan) with standing members; meetings and floor rules belong to a body by id

Revision ID: 843a9df774ba
Revises: 94b65ed9e9a7
Create Date: 2026-11-30 16:23:10.073250+00:00

Existing rows: every distinct free-text ``meetings.body`` (and ``floor_rule_sets.body`` other than
"" = every body) becomes one ``bodies`` row, its level guessed from the name — "huyện", "quận",
"thị xã" → district, dissolved on 30/06/2025 (two-level local government); "tỉnh", "thành phố" →
province; anything else (xã, phường) → commune. ``meetings.body_id`` and ``floor_rule_sets.body_id``
point to it (NULL = every body); a seal uploaded under the same name is attached to the body.
The downgrade writes the names back.
"""
from datetime import UTC, date, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '843a9df774ba'
down_revision = '94b65ed9e9a7'
branch_labels = None
depends_on = None

DISSOLVED_ON = date(2025, 6, 30)

bodies = sa.table(
    'bodies',
    *(sa.column(c) for c in ('id', 'name', 'level', 'dissolved_on', 'seal_id', 'created_at', 'updated_at')),
)
meetings = sa.table('meetings', sa.column('id'), sa.column('body'), sa.column('body_id'))
rule_sets = sa.table('floor_rule_sets', sa.column('id'), sa.column('body'), sa.column('body_id'))
seals = sa.table('agency_seals', sa.column('id'), sa.column('body'))


def guess_level(name):
    lowered = name.lower()
    if any(word in lowered for word in ('huyện', 'quận', 'thị xã')):
        return 'district'
    if 'tỉnh' in lowered or 'thành phố' in lowered:
        return 'province'
    return 'commune'


def upgrade():
    op.create_table('bodies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_code', sa.String(length=20), nullable=True),
    sa.Column('level', sa.Enum('province', 'commune', 'district', name='body_level', native_enum=False, length=20), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('dissolved_on', sa.Date(), nullable=True),
    sa.Column('successor_id', sa.Integer(), nullable=True),
    sa.Column('seal_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['bodies.id'], name=op.f('fk_bodies_parent_id_bodies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['seal_id'], ['agency_seals.id'], name=op.f('fk_bodies_seal_id_agency_seals'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['successor_id'], ['bodies.id'], name=op.f('fk_bodies_successor_id_bodies'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bodies')),
    sa.UniqueConstraint('name', name=op.f('uq_bodies_name')),
    sa.UniqueConstraint('short_code', name=op.f('uq_bodies_short_code'))
    )
    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bodies_parent_id'), ['parent_id'], unique=False)

    op.create_table('body_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('office', sa.Enum('chairman', 'vice_chairman', 'member', name='body_office', native_enum=False, length=20), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_body_members_body_id_bodies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_body_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body_members'))
    )
    with op.batch_alter_table('body_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_members_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_body_members_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('floor_rule_sets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_id', sa.Integer(), nullable=True))

    # the data: one body per distinct name
    conn = op.get_bind()
    names = {n.strip() for (n,) in conn.execute(sa.select(meetings.c.body).distinct())}
    names |= {n.strip() for (n,) in conn.execute(sa.select(rule_sets.c.body).distinct()) if n.strip()}
    seal_ids = dict((n.strip(), i) for i, n in conn.execute(sa.select(seals.c.id, seals.c.body)))
    now = datetime.now(UTC)
    ids = {}
    for name in sorted(names):
        level = guess_level(name)
        conn.execute(bodies.insert().values(
            name=name or '?', level=level, dissolved_on=DISSOLVED_ON if level == 'district' else None,
            seal_id=seal_ids.get(name), created_at=now, updated_at=now,
        ))
        ids[name] = conn.execute(sa.select(bodies.c.id).where(bodies.c.name == (name or '?'))).scalar_one()
    for meeting_id, name in conn.execute(sa.select(meetings.c.id, meetings.c.body)).all():
        conn.execute(meetings.update().where(meetings.c.id == meeting_id).values(body_id=ids[name.strip()]))
    for rule_id, name in conn.execute(sa.select(rule_sets.c.id, rule_sets.c.body)).all():
        if name.strip():
            conn.execute(rule_sets.update().where(rule_sets.c.id == rule_id).values(body_id=ids[name.strip()]))

    with op.batch_alter_table('floor_rule_sets', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_floor_rule_sets_body_kind'), type_='unique')
        batch_op.create_index(batch_op.f('ix_floor_rule_sets_body_id'), ['body_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_floor_rule_sets_body_id_kind'), ['body_id', 'kind'])
        batch_op.create_foreign_key(batch_op.f('fk_floor_rule_sets_body_id_bodies'), 'bodies', ['body_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_column('body')

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.alter_column('body_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_meetings_body_id'), ['body_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_meetings_body_id_bodies'), 'bodies', ['body_id'], ['id'], ondelete='RESTRICT')
        batch_op.drop_column('body')


def downgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body', sa.String(length=200), nullable=True))
    with op.batch_alter_table('floor_rule_sets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body', sa.String(length=200), nullable=True))
    conn = op.get_bind()
    names = dict(conn.execute(sa.select(bodies.c.id, bodies.c.name)).all())
    for meeting_id, body_id in conn.execute(sa.select(meetings.c.id, meetings.c.body_id)).all():
        conn.execute(meetings.update().where(meetings.c.id == meeting_id).values(body=names[body_id]))
    for rule_id, body_id in conn.execute(sa.select(rule_sets.c.id, rule_sets.c.body_id)).all():
        conn.execute(rule_sets.update().where(rule_sets.c.id == rule_id).values(body=names.get(body_id, '')))

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.alter_column('body', existing_type=sa.String(length=200), nullable=False)
        batch_op.drop_constraint(batch_op.f('fk_meetings_body_id_bodies'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_meetings_body_id'))
        batch_op.drop_column('body_id')

    with op.batch_alter_table('floor_rule_sets', schema=None) as batch_op:
        batch_op.alter_column('body', existing_type=sa.String(length=200), nullable=False)
        batch_op.drop_constraint(batch_op.f('fk_floor_rule_sets_body_id_bodies'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_floor_rule_sets_body_id_kind'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_floor_rule_sets_body_id'))
        batch_op.create_unique_constraint(batch_op.f('uq_floor_rule_sets_body_kind'), ['body', 'kind'])
        batch_op.drop_column('body_id')

    with op.batch_alter_table('body_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_members_user_id'))
        batch_op.drop_index(batch_op.f('ix_body_members_body_id'))
    op.drop_table('body_members')
    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bodies_parent_id'))
    op.drop_table('bodies')
