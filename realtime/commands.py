"""How a command of the ``/meeting`` namespace is declared and acknowledged.

Every command a tablet sends (a page turn, a mark, a check-in, a vote…) goes through the same
gates, in this order: the socket's user is still signed in (``realtime.access``), the event is
within its rate limit (``realtime.rate_limits``), and the user holds the permission on the
meeting named by ``meeting_id`` (``app.permissions``; the service checks its own rules again).
The handler then calls one service and answers with :func:`acknowledge`: one commit, the
broadcasts after it, and the meeting's ``seq`` in the acknowledgement.
"""

from __future__ import annotations

from app.extensions import socketio
from app.permissions import Perm, socket_permission_required
from meetings.services import live
from realtime.access import still_signed_in
from realtime.rate_limits import COMMANDS, rate_limited
from realtime.rooms import NAMESPACE, commit_and_emit


def command(event: str, perm: Perm, limit=COMMANDS):
    """Declare ``handler(data, meeting)`` as the command ``event`` of the ``/meeting`` namespace."""

    def declare(handler):
        gated = still_signed_in(rate_limited(limit)(socket_permission_required(perm)(handler)))
        socketio.on(event, namespace=NAMESPACE)(gated)
        return gated

    return declare


def acknowledge(broadcasts, meeting, **extra) -> dict:
    """Commit, send ``broadcasts``, and answer with the meeting's ``seq`` after the change (the
    current one when nothing changed: a repeat, ``duplicate`` true)."""
    commit_and_emit(broadcasts)
    if broadcasts:
        seq = broadcasts[-1].data["seq"]
    else:
        state = live.live_state(meeting, create=False)
        seq = state.seq if state is not None else 0
    return {"ok": True, "seq": seq, "duplicate": not broadcasts, **extra}
