"""The time the scheduled work believes it is: ``now()``, an aware UTC datetime.

In production it is the system clock. Tests freeze it *across processes* — the worker and scheduler
processes they start read the same frozen instant — in either of two ways, both honoured only when
the configuration is ``testing`` (``PHONGHOP_ENV=testing``, or the app's ``ENV_NAME``):

- ``PHONGHOP_FROZEN_NOW=2026-12-01T00:30:00+00:00`` in the environment of the processes;
- the Redis key ``FROZEN_KEY`` on ``PHONGHOP_REDIS_URL`` (``freeze(redis, when)`` / ``thaw(redis)``),
  which a test can move while the processes run.

The environment wins over Redis. Production never reads either: a stray key or variable cannot move
a real deployment's reminders.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

FROZEN_ENV = "PHONGHOP_FROZEN_NOW"
FROZEN_KEY = "phonghop:testing:frozen-now"


def now() -> datetime:
    """The current instant (UTC, aware), or the frozen one in tests."""
    if _testing():
        frozen = os.environ.get(FROZEN_ENV) or _from_redis()
        if frozen:
            return _parse(frozen)
    return datetime.now(UTC)


def freeze(redis, when: datetime) -> None:
    """Freeze the clock of every testing process that reads ``redis`` at ``when``."""
    if when.tzinfo is None:
        raise ValueError("freeze() takes an aware datetime")
    redis.set(FROZEN_KEY, when.astimezone(UTC).isoformat())


def thaw(redis) -> None:
    redis.delete(FROZEN_KEY)


def _testing() -> bool:
    from flask import current_app, has_app_context

    if has_app_context():
        return current_app.config.get("ENV_NAME") == "testing"
    return os.environ.get("PHONGHOP_ENV") == "testing"


def _from_redis() -> str | None:
    from app.jobs import redis_connection

    connection = redis_connection()
    if connection is None:
        return None
    value = connection.get(FROZEN_KEY)
    return value.decode() if isinstance(value, bytes) else value


def _parse(value: str) -> datetime:
    when = datetime.fromisoformat(value)
    if when.tzinfo is None:
        raise ValueError(f"{FROZEN_ENV} / {FROZEN_KEY} must carry a UTC offset, got {value!r}")
    return when.astimezone(UTC)
