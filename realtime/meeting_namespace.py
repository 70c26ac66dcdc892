"""The ``/meeting`` namespace: connection authentication, joining a meeting (with catch-up),
presence on disconnect. Slide and annotation events are in ``realtime.live_events``.

Authentication: the browser's session cookie, or ``auth={"token": <API token>}`` for native
clients and scripts (docs/realtime-protocol.md).
"""
from __future__ import annotations

from flask import request
from flask_login import current_user, login_user
from flask_socketio import join_room

from app.extensions import socketio
from app.permissions import Perm, socket_permission_required
from meetings.services import live
from realtime.rooms import NAMESPACE, commit_and_emit, meeting_room, user_room

__all__ = ["NAMESPACE", "meeting_room", "user_room"]


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    if isinstance(auth, dict) and "screen" in auth:
        from realtime.screen_events import connect_screen

        return connect_screen(auth["screen"])  # a projector view: read-only, whoever's browser it is
    if not current_user.is_authenticated and isinstance(auth, dict) and isinstance(auth.get("token"), str):
        from app.auth.services import user_from_bearer

        user = user_from_bearer(auth["token"])
        if user is not None:
            # Bind the user to this socket's session only (no cookie is set on a websocket).
            login_user(user)
    if not current_user.is_authenticated:
        return False  # refuses the connection: the client sees a connect_error
    return True


@socketio.on("disconnect", namespace=NAMESPACE)
def on_disconnect(*_reason):
    commit_and_emit(live.leave_presence(request.sid))


@socketio.on("meeting.join", namespace=NAMESPACE)
@socket_permission_required(Perm.MEETING_VIEW)
def on_join(data, meeting):
    since_seq = data.get("since_seq")
    live.check_since_seq(since_seq)  # a bad payload changes nothing
    # Join the rooms first: a change committed after the snapshot below reaches this socket live;
    # one committed before it is in the snapshot (the client ignores live events with seq <= ack seq).
    join_room(meeting_room(meeting.id))
    join_room(user_room(current_user.id, meeting.id))
    commit_and_emit(live.join_presence(current_user, meeting, request.sid))
    ack = live.live_snapshot(current_user, meeting, since_seq)
    ack["sid"] = request.sid
    return ack


import realtime.live_events  # noqa: E402,F401  (declares the slide/annotation handlers)
import realtime.floor_events  # noqa: E402,F401  (declares the attendance/vote handlers)
import realtime.screen_events  # noqa: E402,F401  (declares the projector's join)
