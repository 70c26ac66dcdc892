"""SQLite as the server's database (the default, `make run`): each new connection is switched to the
write-ahead log, keeping ``synchronous=FULL``.

With SQLite's default rollback journal every commit waited for several fsyncs, in the server's one
event-loop thread, so every open of a document (its access-log row) stalled every socket of the
room for that long, and a reader (the worker, a page) blocked a writer. In WAL mode readers and the
one writer do not block each other, and a commit is one append to the log and one fsync of it.
``FULL`` keeps what a commit promised: a vote, a signature, an access record that was committed is
still there after a power cut (``NORMAL`` would have been ~0.01 ms instead of ~2 ms a commit, and
could lose the last transactions before a checkpoint: not for a legal record). The numbers:
docs/performance.md. PostgreSQL connections are not touched."""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa

PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL")


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
