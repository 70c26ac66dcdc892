"""Rate limits on the commands of the ``/meeting`` namespace (issue 12, item 3).

Counted per user, per meeting and per class of event — marks (``annotation.add``, ``.update``,
``.delete``) and every other command (``meeting.join`` included) — in moving windows of the
`limits` library (the one Flask-Limiter stands on), in the login limiter's storage: Redis when
``PHONGHOP_REDIS_URL`` is set, so every server process shares the counts; memory otherwise. A class
has a pair of limits (``PHONGHOP_SOCKET_MARK_RATE_LIMIT``: "100 per second;1200 per minute"), which
acts like a token bucket: bursts up to the first, the average held by the second.

Over a limit the command is refused before anything is read or written, with
``{"ok": false, "error": …, "code": "rate_limited", "retry_after": seconds}``; a refused command is
not counted, so a client that waits ``retry_after`` gets through. Should the shared storage fail,
each process counts in its own memory rather than refusing commands or letting floods through.
docs/security.md, "Socket rate limits and the mark cap"."""

from __future__ import annotations

import functools
import logging
import math
import time

from flask import current_app
from flask_babel import gettext as _
from flask_login import current_user
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from app.extensions import limiter
from realtime.rooms import end_read

log = logging.getLogger(__name__)

MARKS, COMMANDS = "marks", "commands"
SETTINGS = {MARKS: "SOCKET_MARK_RATE_LIMIT", COMMANDS: "SOCKET_COMMAND_RATE_LIMIT"}
RATE_LIMITED = "rate_limited"

_fallback = MovingWindowRateLimiter(MemoryStorage())  # this process alone, while the shared storage is down
_shared: list = [None, None]  # [storage, its strategy]: rebuilt when the limiter is bound to another storage


@functools.cache
def _parsed(text: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(text)) if text.strip() else ()


def _strategy() -> MovingWindowRateLimiter:
    storage = limiter.storage
    if _shared[0] is not storage:
        _shared[:] = [storage, MovingWindowRateLimiter(storage)]
    return _shared[1]


def retry_after(kind: str, user_id: int, meeting_key) -> float | None:
    """Count one command of ``kind``; ``None`` when it is allowed, else the seconds to wait. Ends
    the session's read (nothing may be written before a command is counted)."""
    items = _parsed(current_app.config.get(SETTINGS[kind]) or "")
    if not items:
        return None
    key = (current_app.config.get("RATELIMIT_KEY_PREFIX", ""), "socket", kind, str(user_id), str(meeting_key))
    # Counting is a few round trips to Redis: the connection that read the user (Flask-Login's
    # loader, the token check) goes back to the pool first, or every command waiting on Redis holds
    # one — 500 tablets rejoining at once exhausted the pool that way (docs/performance.md).
    end_read()
    try:
        return take(_strategy(), items, key)
    except Exception:  # noqa: BLE001 - Redis unreachable: count in this process meanwhile
        log.warning("socket rate limit storage unavailable; counting in memory", exc_info=True)
        return take(_fallback, items, key)


def take(strategy: MovingWindowRateLimiter, items, key) -> float | None:
    """Count one command against every limit of its class, or none when one of them is full."""
    waits = [_wait(strategy, item, key) for item in items if not strategy.test(item, *key)]
    if waits:
        return max(waits)
    for item in items:
        if not strategy.hit(item, *key):  # another connection of the same user took the last place
            return _wait(strategy, item, key)
    return None


def _wait(strategy: MovingWindowRateLimiter, item: RateLimitItem, key) -> float:
    """Until the oldest command of the window leaves it, in tenths of a second (at least one)."""
    reset = strategy.get_window_stats(item, *key).reset_time
    return max(0.1, math.ceil((reset - time.time()) * 10) / 10)


def refusal(seconds: float) -> dict:
    return {
        "ok": False,
        "error": _("Bạn thao tác quá nhanh. Vui lòng chờ giây lát rồi thử lại."),
        "code": RATE_LIMITED,
        "retry_after": seconds,
    }


def rate_limited(kind: str):
    """Socket handler decorator (between ``still_signed_in`` and the permission check): count the
    command for the signed-in user and the payload's ``meeting_id``; refuse it over the limit."""

    def decorator(handler):
        @functools.wraps(handler)
        def wrapped(data=None, *args):
            if current_user.is_authenticated:
                meeting_id = data.get("meeting_id") if isinstance(data, dict) else None
                valid = isinstance(meeting_id, int) and not isinstance(meeting_id, bool)
                wait = retry_after(kind, current_user.id, meeting_id if valid else "-")
                if wait is not None:
                    return refusal(wait)
            return handler(data, *args)

        wrapped.rate_limit = kind
        return wrapped

    return decorator
