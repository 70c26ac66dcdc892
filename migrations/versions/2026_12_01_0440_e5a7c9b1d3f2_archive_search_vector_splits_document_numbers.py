"""archive search on PostgreSQL: the stored tsvector reads punctuation as a word break, like
SQLite's FTS5 (unicode61), so "1234/TTr-UBND" and "3/2020" are found; its GIN index writes new
entries straight into the index (fastupdate off) instead of a pending list every search scans

The `simple` parser reads "1234/ttr-ubnd" as one *file* token, "3/2020" too, "1.5" as one float,
"e-mail" as "e-mail", "e" and "mail": searching a document number found nothing on PostgreSQL
(SQLite, whose tokenizer breaks at every non-alphanumeric character, found 11 in the bench). The
text is given to the parser with ASCII punctuation replaced by spaces (`translate`, immutable),
so both databases split words at the same places.

fastupdate: with it (the default) inserted entries wait in a pending list, up to 4 MB, that every
search reads whole until a VACUUM merges it (bench/search_bench.py: 1,042 entries, 209 pages on
the seeded archive). The archive is written a few times per meeting and searched far more often.

Rewrites the column (the vectors are computed again): ~30 s for 60,000 entries.

Revision ID: e5a7c9b1d3f2
Revises: c4d2e8f1a6b3
Create Date: 2026-12-01 04:40:00.000000+00:00

"""
from alembic import op

# ASCII punctuation, each replaced by one space (translate() keeps the text's length)
PUNCTUATION = "!\"#$%&''()*+,-./:;<=>?@[\\]^_`{|}~"  # '' is one quote in SQL
SPACES = " " * 32


def _words(column: str) -> str:
    return f"translate({column}, '{PUNCTUATION}', '{SPACES}')"


def _vector(title: str, text: str) -> str:
    return f"""ALTER TABLE search_entries ADD COLUMN search_entries_fts_vector tsvector
         GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, {title}), 'A')
                              || to_tsvector('simple'::regconfig, {text})) STORED"""


def _rebuild(title: str, text: str, index_options: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS search_entries_fts_vector_gin",
        "ALTER TABLE search_entries DROP COLUMN IF EXISTS search_entries_fts_vector",
        _vector(title, text),
        "CREATE INDEX search_entries_fts_vector_gin ON search_entries USING gin (search_entries_fts_vector)"
        + index_options,
    ]


# revision identifiers, used by Alembic.
revision = 'e5a7c9b1d3f2'
down_revision = 'c4d2e8f1a6b3'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in _rebuild(_words("folded_title"), _words("folded_text"), " WITH (fastupdate = off)"):
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in _rebuild("folded_title", "folded_text", ""):
            op.execute(statement)
