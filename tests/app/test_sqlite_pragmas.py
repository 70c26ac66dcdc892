"""SQLite connections use the write-ahead log (app/sqlite_pragmas.py): a commit does not wait for
fsyncs in the server's event loop, and a reader's open transaction does not block a writer."""

from __future__ import annotations

import sqlalchemy as sa

import app.sqlite_pragmas  # noqa: F401 - registers the listener (create_app imports it too)


def test_every_new_sqlite_connection_is_switched_to_wal(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}", connect_args={"timeout": 0})
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL: a commit survives a power cut
    engine.dispose()


def test_a_reader_in_a_transaction_does_not_block_a_writer(tmp_path):
    """With SQLite's default journal, the writer's commit below fails at once ("database is locked")
    while the reader's transaction is open; with the log it succeeds, and the reader keeps its view."""
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}", connect_args={"timeout": 0})
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE opens (id INTEGER PRIMARY KEY, who TEXT)")
        conn.exec_driver_sql("INSERT INTO opens (who) VALUES ('chutich')")
    reader = engine.raw_connection()
    writer = engine.raw_connection()
    try:
        reader.isolation_level = None
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM opens").fetchone()[0] == 1
        writer.execute("INSERT INTO opens (who) VALUES ('uyvien1')")
        writer.commit()
        assert reader.execute("SELECT count(*) FROM opens").fetchone()[0] == 1  # its snapshot
        reader.execute("COMMIT")
        assert reader.execute("SELECT count(*) FROM opens").fetchone()[0] == 2
    finally:
        reader.close()
        writer.close()
        engine.dispose()


def test_the_applications_database_uses_it_too(app):
    from app.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            assert db.session.execute(sa.text("SELECT 1")).scalar() == 1  # PostgreSQL: untouched
            return
        assert db.session.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
