"""The ``/meeting`` namespace: connection authentication and joining a meeting's room.

Authentication: the browser's session cookie, or ``auth={"token": <API token>}`` for native
clients and scripts. Live slide/annotation/presence events build on this (docs/realtime-protocol.md).
"""
from __future__ import annotations

from flask import request
from flask_login import current_user, login_user
from flask_socketio import join_room

from app.extensions import socketio
from app.permissions import Perm, socket_permission_required

NAMESPACE = "/meeting"


def meeting_room(meeting_id: int) -> str:
    return f"meeting:{meeting_id}"


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    if not current_user.is_authenticated and isinstance(auth, dict) and isinstance(auth.get("token"), str):
        from app.auth.services import user_from_bearer

        user = user_from_bearer(auth["token"])
        if user is not None:
            # Bind the user to this socket's session only (no cookie is set on a websocket).
            login_user(user)
    if not current_user.is_authenticated:
        return False  # refuses the connection: the client sees a connect_error
    return True


@socketio.on("meeting.join", namespace=NAMESPACE)
@socket_permission_required(Perm.MEETING_VIEW)
def on_join(data, meeting):
    join_room(meeting_room(meeting.id))
    return {"ok": True, "meeting_id": meeting.id, "user_id": current_user.id, "sid": request.sid}
