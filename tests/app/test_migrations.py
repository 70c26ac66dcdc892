"""Upgrading an empty database with the migrations yields exactly the models' schema."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.extensions import db
from meetings.archive.search_index import include_in_autogenerate


def test_upgrade_from_empty_matches_models(app):
    # the session app fixture built its database with `flask db upgrade` from empty
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_in_autogenerate})
        diff = compare_metadata(ctx, db.metadata)
    assert diff == [], diff


def test_every_model_table_exists(app):
    tables = set(sa.inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables
    if db.engine.dialect.name == "sqlite":
        assert "search_entries_fts" in tables  # the archive's FTS5 index
    else:
        assert "search_entries_fts_vector_gin" in {
            ix["name"] for ix in sa.inspect(db.engine).get_indexes("search_entries")
        }


def test_meeting_scoped_tables_index_meeting_id(app):
    inspector = sa.inspect(db.engine)
    for table in db.metadata.tables.values():
        if "meeting_id" in table.c:
            indexed = {tuple(ix["column_names"]) for ix in inspector.get_indexes(table.name)}
            assert ("meeting_id",) in indexed, table.name
