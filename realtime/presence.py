"""This process's heartbeat for the live presence it holds (``meetings.services.live_servers``).

The first ``meeting.join`` a process serves names the process, writes its first beat in the
join's own transaction (so its presence row never exists without its server's row) and starts a
background task that beats every ``PRESENCE_HEARTBEAT_SECONDS`` and then sweeps away the presence
of servers that stopped beating, emitting the resulting ``presence.changed`` like any disconnect.
A beat that fails (the database restarting) is logged and tried again at the next one.
"""

from __future__ import annotations

import logging
import os

from flask import current_app

from app.extensions import db, socketio
from meetings.services import live_servers
from realtime.rooms import commit_and_emit

log = logging.getLogger(__name__)
_beating_in: int | None = None  # the pid whose heartbeat runs (a forked child starts its own)


def hold_presence() -> None:
    """Before a presence row is written: the first time in this process, start beating."""
    global _beating_in
    if _beating_in == os.getpid() or live_servers.heartbeat_seconds() <= 0:
        return  # beating already, or off (the tests' in-process server: rows are never swept)
    server_id = live_servers.name_this_process()
    live_servers.beat(server_id)  # committed with the join that follows
    _beating_in = os.getpid()
    socketio.start_background_task(_beat_forever, current_app._get_current_object(), server_id)


def beat_and_sweep(server_id: str) -> int:
    """One heartbeat: say this process is alive (committed on its own, so that a failing sweep
    cannot undo it), then sweep the dead. Returns how many presence changes were broadcast."""
    live_servers.beat(server_id)
    db.session.commit()
    broadcasts = live_servers.sweep_dead()
    commit_and_emit(broadcasts)
    return len(broadcasts)


def _beat_forever(app, server_id: str) -> None:
    while True:
        with app.app_context():
            seconds = live_servers.heartbeat_seconds()
        socketio.sleep(seconds)
        try:
            with app.app_context():
                beat_and_sweep(server_id)
        except Exception as exc:  # the database or the queue is away: the next beat tries again
            log.warning("presence heartbeat of %s failed: %s: %s", server_id, type(exc).__name__, exc)
