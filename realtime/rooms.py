"""Rooms of the ``/meeting`` namespace and emitting after commit."""
from __future__ import annotations

from app.extensions import db, socketio

NAMESPACE = "/meeting"


def meeting_room(meeting_id: int) -> str:
    return f"meeting:{meeting_id}"


def user_room(user_id: int, meeting_id: int) -> str:
    """Every connection of one user in one meeting: private marks go only here."""
    return f"user:{user_id}:meeting:{meeting_id}"


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
