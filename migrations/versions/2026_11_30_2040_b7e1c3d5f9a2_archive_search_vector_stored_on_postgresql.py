"""archive search on PostgreSQL: the weighted tsvector of each entry stored (a generated column)
and indexed, so ranking reads it instead of parsing every matching entry's text again

Measured by `make bench` (bench/search_bench.py, 10,000 closed meetings): ts_rank() over
to_tsvector(folded_text) re-parsed the text of every match — seconds per query for a common word.
SQLite (FTS5, bm25 over its own index) is not concerned: nothing changes there.

Revision ID: b7e1c3d5f9a2
Revises: 58acf73a74b5
Create Date: 2026-11-30 20:40:00.000000+00:00

"""
from alembic import op

# Named with the search_entries_fts prefix: autogenerate and the schema comparison leave it alone
# (meetings.archive.search_index.include_in_autogenerate), like the other hand-made search objects.
UPGRADE = [
    """ALTER TABLE search_entries ADD COLUMN search_entries_fts_vector tsvector
         GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, folded_title), 'A')
                              || to_tsvector('simple'::regconfig, folded_text)) STORED""",
    "CREATE INDEX search_entries_fts_vector_gin ON search_entries USING gin (search_entries_fts_vector)",
    "DROP INDEX IF EXISTS search_entries_fts_gin",
]
DOWNGRADE = [
    """CREATE INDEX search_entries_fts_gin ON search_entries USING gin
         (to_tsvector('simple'::regconfig, folded_title || ' ' || folded_text))""",
    "DROP INDEX IF EXISTS search_entries_fts_vector_gin",
    "ALTER TABLE search_entries DROP COLUMN IF EXISTS search_entries_fts_vector",
]

# revision identifiers, used by Alembic.
revision = 'b7e1c3d5f9a2'
down_revision = '58acf73a74b5'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in UPGRADE:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in DOWNGRADE:
            op.execute(statement)
