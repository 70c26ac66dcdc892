"""The ``/meeting`` namespace: connection authentication, joining a meeting (with catch-up),
presence on disconnect. Slide and annotation events are in ``realtime.live_events``, the floor's
(current agenda item, speakers) in ``realtime.speaker_events``.

Authentication: the browser's session cookie, or ``auth={"token": <API token>}`` for native
clients and scripts (docs/realtime-protocol.md).
"""

from __future__ import annotations

from flask import request
from flask_login import current_user, login_user
from flask_socketio import join_room, leave_room

from app.errors import AppError
from app.extensions import db, socketio
from app.permissions import Perm, socket_permission_required
from meetings.services import live
from realtime import access, presence
from realtime.rate_limits import COMMANDS, rate_limited
from realtime.rooms import NAMESPACE, commit_and_emit, meeting_room, user_room

__all__ = ["NAMESPACE", "meeting_room", "user_room"]


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    if isinstance(auth, dict) and "screen" in auth:
        from realtime.screen_events import connect_screen

        return connect_screen(auth["screen"])  # a projector view: read-only, whoever's browser it is
    token = None
    if not current_user.is_authenticated and isinstance(auth, dict) and isinstance(auth.get("token"), str):
        from app.auth.services import bearer_token

        token = bearer_token(auth["token"])
        if token is not None:
            # Bind the user to this socket's session only (no cookie is set on a websocket).
            login_user(token.user)
    if not current_user.is_authenticated or not current_user.is_active or current_user.must_change_password:
        return False  # refuses the connection (also before a temporary password is changed): a connect_error
    return access.admit(current_user._get_current_object(), token)


@socketio.on("disconnect", namespace=NAMESPACE)
def on_disconnect(*_reason):
    access.forget(request.sid)
    commit_and_emit(live.leave_presence(request.sid))


@socketio.on("meeting.join", namespace=NAMESPACE)
@access.still_signed_in
@rate_limited(COMMANDS)
@socket_permission_required(Perm.MEETING_VIEW)
def on_join(data, meeting):
    since_seq = data.get("since_seq")
    live.check_since_seq(since_seq)  # a bad payload changes nothing
    # Join the rooms first: a change committed after the snapshot below reaches this socket live;
    # one committed before it is in the snapshot (the client ignores live events with seq <= ack seq).
    rooms = (meeting_room(meeting.id), user_room(current_user.id, meeting.id))
    for room in rooms:
        join_room(room)
    try:
        presence.hold_presence()  # this process's heartbeat, so its presence can be swept if it dies
        commit_and_emit(live.join_presence(current_user, meeting, request.sid))
        # The snapshot checks the permission again, on data read after that commit: a removal
        # committed meanwhile, whose cut-off may have passed before these rooms were joined, ends here.
        ack = live.live_snapshot(current_user, meeting, since_seq)
    except AppError:
        db.session.rollback()
        for room in rooms:
            leave_room(room)
        commit_and_emit(live.leave_presence(request.sid, meeting.id))
        raise
    ack["sid"] = request.sid
    return ack


import realtime.errors  # noqa: E402,F401  (what an event answers when the database is away)
import realtime.floor_events  # noqa: E402,F401  (declares the attendance/vote handlers)
import realtime.live_events  # noqa: E402,F401  (declares the slide/annotation handlers)
import realtime.screen_events  # noqa: E402,F401  (declares the projector's join)
import realtime.speaker_events  # noqa: E402,F401  (the agenda item under discussion, the speaker queue)
