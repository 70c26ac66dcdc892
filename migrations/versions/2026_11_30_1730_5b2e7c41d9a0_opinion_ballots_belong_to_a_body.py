"""opinion ballots belong to a body: opinion_ballots.body (free text) becomes body_id (bodies)

Revision ID: 5b2e7c41d9a0
Revises: 1ea21ad76d45
Create Date: 2026-11-30 17:30:00.000000+00:00

Existing rows: each distinct ``opinion_ballots.body`` name points to the body of that name (spaces
around it ignored), made when there is none — its level guessed from the name as the bodies
migration (843a9df774ba) did ("huyện", "quận", "thị xã" → district, dissolved on 30/06/2025; "tỉnh",
"thành phố" → province; else commune). The downgrade writes the names back.
"""
from datetime import UTC, date, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b2e7c41d9a0'
down_revision = '1ea21ad76d45'
branch_labels = None
depends_on = None

DISSOLVED_ON = date(2025, 6, 30)

bodies = sa.table(
    'bodies', *(sa.column(c) for c in ('id', 'name', 'level', 'dissolved_on', 'created_at', 'updated_at'))
)
ballots = sa.table('opinion_ballots', sa.column('id'), sa.column('body'), sa.column('body_id'))


def guess_level(name):
    lowered = name.lower()
    if any(word in lowered for word in ('huyện', 'quận', 'thị xã')):
        return 'district'
    if 'tỉnh' in lowered or 'thành phố' in lowered:
        return 'province'
    return 'commune'


def upgrade():
    with op.batch_alter_table('opinion_ballots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_id', sa.Integer(), nullable=True))

    conn = op.get_bind()
    ids = {name: i for i, name in conn.execute(sa.select(bodies.c.id, bodies.c.name))}
    now = datetime.now(UTC)
    for ballot_id, raw in conn.execute(sa.select(ballots.c.id, ballots.c.body)).all():
        name = (raw or '').strip() or '?'
        if name not in ids:
            level = guess_level(name)
            conn.execute(bodies.insert().values(
                name=name, level=level, dissolved_on=DISSOLVED_ON if level == 'district' else None,
                created_at=now, updated_at=now,
            ))
            ids[name] = conn.execute(sa.select(bodies.c.id).where(bodies.c.name == name)).scalar_one()
        conn.execute(ballots.update().where(ballots.c.id == ballot_id).values(body_id=ids[name]))

    with op.batch_alter_table('opinion_ballots', schema=None) as batch_op:
        batch_op.alter_column('body_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_opinion_ballots_body_id'), ['body_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_opinion_ballots_body_id_bodies'), 'bodies', ['body_id'], ['id'], ondelete='RESTRICT')
        batch_op.drop_column('body')


def downgrade():
    with op.batch_alter_table('opinion_ballots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body', sa.String(length=200), nullable=True))
    conn = op.get_bind()
    names = dict(conn.execute(sa.select(bodies.c.id, bodies.c.name)).all())
    for ballot_id, body_id in conn.execute(sa.select(ballots.c.id, ballots.c.body_id)).all():
        conn.execute(ballots.update().where(ballots.c.id == ballot_id).values(body=names.get(body_id, '')))
    with op.batch_alter_table('opinion_ballots', schema=None) as batch_op:
        batch_op.alter_column('body', existing_type=sa.String(length=200), nullable=False)
        batch_op.drop_constraint(batch_op.f('fk_opinion_ballots_body_id_bodies'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_opinion_ballots_body_id'))
        batch_op.drop_column('body_id')
