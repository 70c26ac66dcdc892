"""The server processes holding live connections: their heartbeat, and the sweep of the presence
left behind by one that died.

A connection's presence row (``live_presences``) is removed when the connection closes — by the
process that held it. A process that is killed (SIGKILL, a crash, the machine cut off) closes
nothing: its tablets reconnect elsewhere, but their old rows, and those of tablets that never
come back, would stay "present" for good. So every process that holds connections names itself
(``server_id`` on each of its rows) and beats: it refreshes ``live_servers.seen_at`` every
``PRESENCE_HEARTBEAT_SECONDS``. A server not seen for ``PRESENCE_TTL_SECONDS`` is dead; the sweep
(run by every living process after its own beat, and by the RQ scheduler, ``app/schedule.py``)
removes its presence rows through ``live.leave_presence`` — each meeting that loses someone gets
its ``presence.changed`` in the seq log, like any disconnect — and then the server's row. The
sweep is idempotent, and two sweepers never take the same dead server (``SKIP LOCKED``).

A process that dies may also have left changes undelivered: one it committed and died before
publishing (the other processes' tablets never get it live), or another process's change still on
its way to it through Redis after its own later one reached its tablet (that tablet fails over with
a ``since_seq`` past the change it never got). Neither can be seen by a tablet (seq numbers are not
contiguous: others' private changes use numbers too). So the sweep also records a ``sync.rejoin``
marker in the seq log of every meeting the dead server may have touched — where it held presence,
or where a change was recorded since shortly before its last beat — and broadcasts it: a tablet
that receives it live, or finds it in a catch-up's ``missed``, joins again without ``since_seq``
(a full snapshot) and replaces its state (docs/realtime-protocol.md, ``sync.rejoin``).
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from app.announcements import announce
from app.extensions import db
from app.models.base import utcnow
from meetings.models import LivePresence, LiveServer, Meeting, MeetingEvent
from meetings.services.live import Broadcast, leave_presence, record_event

RESYNC = "sync.rejoin"  # the marker: every tablet of the meeting takes a full snapshot again

_current: str | None = None


def current_server_id() -> str | None:
    """This process's name once it holds live connections (``None`` in a process that holds none)."""
    return _current


def name_this_process() -> str:
    """Choose this process's name (once per process: a forked child chooses its own)."""
    global _current
    if _current is None or not _current.endswith(f"-{os.getpid()}"):
        _current = f"{socket.gethostname()[:32]}-{secrets.token_hex(4)}-{os.getpid()}"
    return _current


def heartbeat_seconds() -> float:
    """0: no heartbeat (the tests' in-process server)."""
    return float(current_app.config.get("PRESENCE_HEARTBEAT_SECONDS") or 0)


def ttl() -> timedelta:
    """How long a server may stay silent before it is taken for dead: three missed beats."""
    seconds = current_app.config.get("PRESENCE_TTL_SECONDS") or 3 * (heartbeat_seconds() or 10)
    return timedelta(seconds=float(seconds))


def beat(server_id: str, now: datetime | None = None) -> None:
    """Say that ``server_id`` is alive (creates its row the first time)."""
    now = now or utcnow()
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(LiveServer).values(id=server_id, started_at=now, seen_at=now)
    db.session.execute(statement.on_conflict_do_update(index_elements=["id"], set_={"seen_at": now}))


def sweep_dead(now: datetime | None = None) -> list[Broadcast]:
    """Remove the presence held by servers silent for longer than the TTL, and those servers, and
    mark the meetings they may have left undelivered changes in (``sync.rejoin``). Rows naming no
    known server (its row swept already) go too once older than the TTL."""
    cutoff = (now or utcnow()) - ttl()
    dead = list(
        db.session.execute(
            sa.select(LiveServer.id, LiveServer.seen_at)
            .where(LiveServer.seen_at < cutoff)
            .with_for_update(skip_locked=True)
        )
    )
    dead_ids = [server_id for server_id, _ in dead]
    orphaned = sa.select(LivePresence.sid, LivePresence.meeting_id).where(
        LivePresence.server_id.is_not(None),
        LivePresence.joined_at < cutoff,
        LivePresence.server_id.not_in(sa.select(LiveServer.id)),
    )
    rows = set(db.session.execute(orphaned))
    if dead_ids:
        held = sa.select(LivePresence.sid, LivePresence.meeting_id).where(LivePresence.server_id.in_(dead_ids))
        rows |= set(db.session.execute(held))
    meeting_ids = {meeting_id for _, meeting_id in rows} | _recently_changed(dead)
    broadcasts = []
    for sid in sorted({sid for sid, _ in rows}):
        broadcasts += leave_presence(sid)
    for meeting_id in sorted(meeting_ids):
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is not None:
            broadcasts.append(record_event(meeting, RESYNC, {"reason": "server_lost"}))
    if dead_ids:
        db.session.execute(sa.delete(LiveServer).where(LiveServer.id.in_(dead_ids)))
    return broadcasts


def _recently_changed(dead) -> set[int]:
    """The meetings with a change recorded since a TTL before the earliest last beat of ``dead``: the
    dead server may have committed one of them (over a socket or an HTTP route) without
    publishing it. A TTL of margin for the clocks of different machines."""
    if not dead:
        return set()
    since = min(seen_at for _, seen_at in dead) - ttl()
    return set(
        db.session.scalars(sa.select(MeetingEvent.meeting_id).where(MeetingEvent.created_at >= since).distinct())
    )


def sweep(now: datetime) -> int:
    """The periodic sweep (``app/schedule.py``): announce who is gone; returns how many left.
    Liveness is measured on the real clock the heartbeats use, not on ``now`` (which tests may
    freeze for the reminders)."""
    del now
    broadcasts = sweep_dead()
    announce(broadcasts)
    return len(broadcasts)
