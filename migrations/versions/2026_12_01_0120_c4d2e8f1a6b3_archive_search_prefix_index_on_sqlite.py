"""archive search on SQLite: the FTS5 table gets prefix indexes (1, 2 and 3 characters), so a
query word taken as a prefix ("lua" → lua*, luat, luan …) reads one doclist instead of merging
every term's

Measured (bench/search_bench.py, 10,000 closed meetings, docs/performance.md "Archive search"):
counting "lua"* took 49 ms against 1.8 ms for "lua"; with the prefix index 7 ms, and "ke"* "hoach"*
89 → 12 ms. PostgreSQL is not concerned (its GIN index serves prefixes): nothing changes there.

Revision ID: c4d2e8f1a6b3
Revises: b7e1c3d5f9a2
Create Date: 2026-12-01 01:20:00.000000+00:00

"""
from alembic import op

# The triggers on search_entries (migration 93aea270923f) name the table, not its options: they
# keep working once it is made again under the same name.
def _fts(options: str) -> list[str]:
    return [
        "DROP TABLE IF EXISTS search_entries_fts",
        f"""CREATE VIRTUAL TABLE search_entries_fts USING fts5(
             folded_title, folded_text, content='search_entries', content_rowid='id',
             tokenize='unicode61'{options})""",
        "INSERT INTO search_entries_fts(search_entries_fts) VALUES ('rebuild')",
    ]


# revision identifiers, used by Alembic.
revision = 'c4d2e8f1a6b3'
down_revision = 'b7e1c3d5f9a2'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        for statement in _fts(", prefix='1 2 3'"):
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for statement in _fts(""):
            op.execute(statement)
