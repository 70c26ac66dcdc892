"""Small probes the tests share: is the test Redis there, and may another SQLite connection write
right now without waiting (what a page turn does meanwhile)."""

from __future__ import annotations

import os
import sqlite3

TEST_REDIS_URL = os.environ.get("PHONGHOP_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def redis_answers(url: str = TEST_REDIS_URL) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.exceptions.RedisError:
        return False


def sqlite_writer_can_write(path: str, statement: str) -> bool:
    """Take SQLite's write lock with a timeout of 0, run ``statement`` and commit: False if the lock is
    held elsewhere ("database is locked"), never a wait."""
    connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(statement)
        connection.execute("COMMIT")
        return True
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return False
    finally:
        connection.close()
