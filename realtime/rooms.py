"""Rooms of the ``/meeting`` namespace and emitting after commit."""
from __future__ import annotations

from app.extensions import db, socketio

NAMESPACE = "/meeting"
# What a meeting's projector (a read-only screen principal, realtime/screen_events.py) also receives.
SCREEN_EVENTS = frozenset({"slide.changed", "attendance.changed", "vote.opened", "vote.progress", "vote.closed",
                           "meeting.state"})


def meeting_room(meeting_id: int) -> str:
    return f"meeting:{meeting_id}"


def user_room(user_id: int, meeting_id: int) -> str:
    """Every connection of one user in one meeting: private marks go only here."""
    return f"user:{user_id}:meeting:{meeting_id}"


def screen_room(meeting_id: int) -> str:
    """The projector views of one meeting: they join no other room."""
    return f"screen:{meeting_id}"


def commit_and_emit(broadcasts) -> None:
    """Commit the change, then broadcast it: one emit per room, encoded once for all recipients
    (through the Redis message queue when several processes serve the meeting)."""
    db.session.commit()
    emit(broadcasts)


def emit(broadcasts) -> None:
    """Broadcast changes already committed (an HTTP route that commits on its own)."""
    for b in broadcasts:
        room = meeting_room(b.data["meeting_id"]) if b.user_id is None else user_room(b.user_id, b.data["meeting_id"])
        socketio.emit(b.event, b.data, to=room, namespace=NAMESPACE)
        if b.user_id is None and b.event in SCREEN_EVENTS:
            socketio.emit(b.event, b.data, to=screen_room(b.data["meeting_id"]), namespace=NAMESPACE)


def close_screens(meeting_id: int) -> None:
    """The projector link was revoked or replaced: tell the open projector views, then stop sending to them."""
    socketio.emit("screen.revoked", {"meeting_id": meeting_id}, to=screen_room(meeting_id), namespace=NAMESPACE)
    socketio.close_room(screen_room(meeting_id), namespace=NAMESPACE)
