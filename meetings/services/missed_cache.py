"""The recent tail of each meeting's change log, kept in memory for ``meeting.join``'s catch-up.

A tablet that rejoins with ``since_seq`` gets every change after it (``missed``). When a room's
Wi-Fi comes back, hundreds of tablets ask for nearly the same range at the same moment; reading it
for each of them — the rows as ORM objects, every payload decoded from JSON — was ~40 % of a
rejoin's CPU (docs/performance.md, "Reconnect storm"). The log is append-only: a change, once
committed with its ``seq``, never changes. So this per-process cache keeps, per meeting, the last
``CATCH_UP_WINDOW`` changes as plain values, for every audience; each reader's filter (private
changes, documents they may not read) is still applied per join by the caller.

Exactness. Only what the caller read as committed is asked for: ``seq`` comes from the meeting's
live state as read after the join's commit, and every change up to it was committed with it (the
``seq`` is taken by an ``UPDATE`` of that row, so changes commit in ``seq`` order). A range is
kept contiguous; what is missing is read from the database. The key holds the database URL and the
meeting's ``created_at``, so a reused id (a deleted meeting, a rolled-back test) never meets an
older log. The payloads handed out are shared between readers: they are only ever serialised.
"""

from __future__ import annotations

from collections import OrderedDict

import sqlalchemy as sa

from app.extensions import db
from meetings.models import MeetingEvent

MAX_MEETINGS = 64  # meetings whose tail a process keeps


class _Tail:
    __slots__ = ("key", "after", "upto", "events")

    def __init__(self, key: tuple, after: int, upto: int):
        self.key = key
        self.after, self.upto = after, upto  # holds every logged change with after < seq <= upto
        self.events: list[tuple[int, str, dict, int | None]] = []  # (seq, event, payload, audience)


_cache: OrderedDict[int, _Tail] = OrderedDict()


def _read(meeting_id: int, after: int, upto: int) -> list[tuple[int, str, dict, int | None]]:
    rows = db.session.execute(
        sa.select(MeetingEvent.seq, MeetingEvent.event, MeetingEvent.payload, MeetingEvent.audience_user_id)
        .where(MeetingEvent.meeting_id == meeting_id, MeetingEvent.seq > after, MeetingEvent.seq <= upto)
        .order_by(MeetingEvent.seq)
    )
    return [tuple(row) for row in rows]


def changes_between(meeting, since_seq: int, seq: int, keep: int) -> list[tuple[int, str, dict, int | None]]:
    """Every logged change of ``meeting`` with ``since_seq < seq' <= seq``, in order, for every
    audience: (seq, event, payload, audience user id or None). ``seq`` must be committed. At most
    ``keep`` changes are kept per meeting."""
    if since_seq >= seq:
        return []
    key = (str(db.engine.url), meeting.created_at)
    tail = _cache.get(meeting.id)
    if tail is None or tail.key != key or since_seq < tail.after:
        # nothing kept, another meeting under the same id, or older than what is kept: read it all
        tail = _Tail(key, since_seq, seq)
        tail.events = _read(meeting.id, since_seq, seq)
    elif seq > tail.upto:
        fresh = _read(meeting.id, tail.upto, seq)
        # On PostgreSQL the read yields to other greenlets, which may have extended (or trimmed)
        # this tail meanwhile: only what is still newer is appended. Nothing below yields.
        tail.events.extend(e for e in fresh if e[0] > tail.upto)
        tail.upto = max(tail.upto, seq)
    if tail.after <= since_seq and seq <= tail.upto:
        found = [e for e in tail.events if since_seq < e[0] <= seq]
    else:  # trimmed past since_seq by another greenlet during the read: rare, read it directly
        found = _read(meeting.id, since_seq, seq)
    if len(tail.events) > keep:  # the oldest go: a tablet further behind gets a snapshot anyway
        drop = len(tail.events) - keep
        tail.after = tail.events[drop - 1][0]
        del tail.events[:drop]
    _cache[meeting.id] = tail
    _cache.move_to_end(meeting.id)
    while len(_cache) > MAX_MEETINGS:
        _cache.popitem(last=False)
    return found


def clear() -> None:
    _cache.clear()
