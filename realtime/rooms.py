"""Rooms of the ``/meeting`` namespace and emitting after commit."""
from __future__ import annotations

from app.announcements import committed
from app.extensions import db, socketio
from meetings.services import live_audience

NAMESPACE = "/meeting"


def meeting_room(meeting_id: int) -> str:
    return f"meeting:{meeting_id}"


def user_room(user_id: int, meeting_id: int) -> str:
    """Every connection of one user in one meeting: private marks, and changes about documents
    not everyone may read, go only here."""
    return f"user:{user_id}:meeting:{meeting_id}"


def account_room(user_id: int) -> str:
    """Every connection of one account (joined on connect): cut off when the account is disabled."""
    return f"account:{user_id}"


def token_room(token_id: int) -> str:
    """Every connection authenticated with one API token: cut off when it is revoked."""
    return f"token:{token_id}"


def commit_and_emit(broadcasts) -> None:
    """Commit the change, then broadcast it: one emit per room, encoded once for all recipients
    (through the Redis message queue when several processes serve the meeting)."""
    db.session.commit()
    emit(broadcasts)


def emit(broadcasts) -> None:
    """Broadcast changes already committed (an HTTP route that commits on its own)."""
    for b in broadcasts:
        meeting_id = b.data["meeting_id"]
        if b.user_id is not None:
            socketio.emit(b.event, b.data, to=user_room(b.user_id, meeting_id), namespace=NAMESPACE)
            continue
        audience = live_audience.audience(meeting_id, b.document_id) if b.document_id is not None else None
        if audience is None:  # about the meeting, or a document everyone in it may read
            socketio.emit(b.event, b.data, to=meeting_room(meeting_id), namespace=NAMESPACE)
            continue
        # One emit to the list of rooms: encoded once, one message on the queue.
        if audience.readers:
            socketio.emit(b.event, b.data, to=[user_room(u, meeting_id) for u in audience.readers],
                          namespace=NAMESPACE)
        hidden = live_audience.redacted(b.event, b.data)
        if hidden is not None and audience.others:
            socketio.emit(b.event, hidden, to=[user_room(u, meeting_id) for u in audience.others],
                          namespace=NAMESPACE)


def _emit_announced(broadcasts) -> None:
    """What the services announced, now committed (``app.announcements``)."""
    emit(broadcasts)


committed.connect(_emit_announced, weak=False)
