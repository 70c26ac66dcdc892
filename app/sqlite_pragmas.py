"""SQLite as the server's database (the default, `make run`): each new connection is switched to the
write-ahead log with ``synchronous=NORMAL``.

With SQLite's default rollback journal every commit waited for several fsyncs, in the server's one
event-loop thread, so every open of a document (its access-log row) stalled every socket of the
room for that long, and a reader (the worker, a page) blocked a writer. In WAL mode readers and the
one writer do not block each other, and a commit is an append to the log, synced at checkpoints.
``NORMAL`` is SQLite's recommended setting for WAL: the database cannot be corrupted by a crash; a
power cut may lose the last transactions before a checkpoint. The numbers: docs/performance.md.
PostgreSQL connections are not touched."""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa

PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL")


@sa.event.listens_for(sa.engine.Engine, "connect")
def _use_the_write_ahead_log(dbapi_connection, _connection_record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        for pragma in PRAGMAS:
            cursor.execute(pragma)  # an in-memory database answers "memory" to the first: harmless
    finally:
        cursor.close()
