"""Presence: who follows a meeting live, kept in ``live_presences`` (one row per connection that
made someone present), and the ``presence.changed`` events when someone arrives or is gone.

One person often holds several connections to one meeting (a tablet and a laptop, a tablet that
reconnected before its old socket closed, the bench's tablets sharing one member's token). Their
second and later connections *in the same process* change nobody's presence, so they write
nothing: this process remembers them (``_held``), and the row of their first connection stands for
all of them. When that connection closes while others remain, its row stays (still naming this
process, so the sweep of a dead process removes it like any other); when the last one closes,
the rows go and, if the person has no connection left anywhere, ``presence.changed`` is recorded.

What this process remembers is checked against the database on each join (the standing row must
still exist: a sweep, a rolled-back join, a restart of the database may have removed it), so
memory can only save a write, never make someone present who is not.
"""

from __future__ import annotations

import os

import sqlalchemy as sa

from app.extensions import db
from app.permissions import Perm, require_perm
from meetings.models import LivePresence
from meetings.services.live import Broadcast, present_user_ids, record_event


class _Held:
    """One person's connections to one meeting in this process."""

    __slots__ = ("row_sids", "sids")

    def __init__(self):
        self.row_sids: set[str] = set()  # connections whose presence row was written
        self.sids: set[str] = set()  # every connection open (with or without its own row)


_held: dict[tuple[int, int], _Held] = {}  # (meeting id, user id) →
_by_sid: dict[str, set[tuple[int, int]]] = {}
_pid = os.getpid()


def _registry() -> dict[tuple[int, int], _Held]:
    global _pid
    if _pid != os.getpid():  # a forked child holds none of its parent's connections
        _held.clear()
        _by_sid.clear()
        _pid = os.getpid()
    return _held


def _standing_row(held: _Held, meeting_id: int, user_id: int) -> bool:
    for sid in held.row_sids:
        row = db.session.get(LivePresence, (sid, meeting_id))
        if row is not None and row.user_id == user_id:
            return True
    return False


def join_presence(actor, meeting, sid: str) -> list[Broadcast]:
    require_perm(actor, Perm.MEETING_VIEW, meeting)
    key = (meeting.id, actor.id)
    _by_sid.setdefault(sid, set()).add(key)
    held = _registry().get(key)
    if held is not None and _standing_row(held, *key):
        held.sids.add(sid)
        return []  # present already through another connection of theirs in this process
    if held is None or held.row_sids:  # none, or what it stood on is gone: this connection starts afresh
        held = _held[key] = _Held()
    held.sids.add(sid)
    was_present = actor.id in present_user_ids(meeting)
    if db.session.get(LivePresence, (sid, meeting.id)) is None:
        from meetings.services.live_servers import current_server_id  # it builds on this module

        server_id = current_server_id()  # the process holding the connection (its heartbeat)
        db.session.add(LivePresence(sid=sid, meeting_id=meeting.id, user_id=actor.id, server_id=server_id))
        db.session.flush()
    held.row_sids.add(sid)
    if was_present:
        return []
    return [record_event(meeting, "presence.changed", {"present": present_user_ids(meeting)})]


def _release(sid: str, meeting_id: int | None) -> tuple[set[str], set[tuple[int, str]]]:
    """Forget ``sid`` in this process's memory. Returns the sids whose rows must stay (others of the
    same person remain) and the (meeting id, sid) rows to delete besides ``sid``'s own."""
    keep, extra = set(), set()
    keys = _by_sid.get(sid, set())
    for key in [k for k in keys if meeting_id is None or k[0] == meeting_id]:
        keys.discard(key)
        held = _registry().get(key)
        if held is None:
            continue
        held.sids.discard(sid)
        if held.sids:
            if sid in held.row_sids:
                keep.add((key[0], sid))  # its row now stands for the others
            continue
        extra |= {(key[0], s) for s in held.row_sids if s != sid}
        del _held[key]
    if not keys:
        _by_sid.pop(sid, None)
    return keep, extra


def leave_presence(sid: str, meeting_id: int | None = None) -> list[Broadcast]:
    """A connection closed (or may no longer follow ``meeting_id``): drop its presence from every
    meeting it joined (or from that one) unless another connection of the same person in this
    process still stands on it; announce who is gone."""
    from meetings.models import Meeting

    keep, extra = _release(sid, meeting_id)
    query = sa.select(LivePresence).where(LivePresence.sid == sid)
    if meeting_id is not None:
        query = query.where(LivePresence.meeting_id == meeting_id)
    rows = [row for row in db.session.scalars(query) if (row.meeting_id, sid) not in keep]
    for m_id, other in sorted(extra):
        row = db.session.get(LivePresence, (other, m_id))
        if row is not None:
            rows.append(row)
    gone: dict[int, set[int]] = {}
    for row in rows:
        gone.setdefault(row.meeting_id, set()).add(row.user_id)
        db.session.delete(row)
    db.session.flush()
    broadcasts = []
    for m_id, users in sorted(gone.items()):
        meeting = db.session.get(Meeting, m_id)
        present = present_user_ids(meeting)
        if users - set(present):
            broadcasts.append(record_event(meeting, "presence.changed", {"present": present}))
    return broadcasts
