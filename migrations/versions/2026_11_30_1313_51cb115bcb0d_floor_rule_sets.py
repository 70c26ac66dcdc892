"""meetings: floor rules (quorum, majority) per body and meeting kind, as data

Revision ID: 51cb115bcb0d
Revises: 5c8a8d8cb568
Create Date: 2026-11-30 13:13:39.530487+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '51cb115bcb0d'
down_revision = '5c8a8d8cb568'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('floor_rule_sets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=True),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_floor_rule_sets_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_floor_rule_sets')),
    sa.UniqueConstraint('body', 'kind', name=op.f('uq_floor_rule_sets_body_kind'))
    )


def downgrade():
    op.drop_table('floor_rule_sets')
