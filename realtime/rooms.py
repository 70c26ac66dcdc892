"""Rooms of the ``/meeting`` namespace and emitting after commit."""

from __future__ import annotations

from app.announcements import committed
from app.extensions import db, socketio
from meetings.services import live_audience
from meetings.services.speaker_queue import screen_speakers

NAMESPACE = "/meeting"
# What a meeting's projector (a read-only screen principal, realtime/screen_events.py) also receives.
SCREEN_EVENTS = frozenset(
    {
        "slide.changed",
        "attendance.changed",
        "vote.opened",
        "vote.progress",
        "vote.closed",
        "meeting.state",
        "agenda.current",
        "speaker.changed",
        "sync.rejoin",  # a server process was lost: the projector takes its full state again
    }
)


def meeting_room(meeting_id: int) -> str:
    return f"meeting:{meeting_id}"


def user_room(user_id: int, meeting_id: int) -> str:
    """Every connection of one user in one meeting: private marks, and changes about documents
    not everyone may read, go only here."""
    return f"user:{user_id}:meeting:{meeting_id}"


def screen_room(meeting_id: int) -> str:
    """The projector views of one meeting: they join no other room."""
    return f"screen:{meeting_id}"


def account_room(user_id: int) -> str:
    """Every connection of one account (joined on connect): cut off when the account is disabled."""
    return f"account:{user_id}"


def token_room(token_id: int) -> str:
    """Every connection authenticated with one API token: cut off when it is revoked."""
    return f"token:{token_id}"


def end_read() -> None:
    """Hand the session's database connection back to the pool before waiting on Redis or a socket.

    Under gevent such a wait lets every other greenlet run, and a connection held across it is one
    fewer for them: with a few hundred tablets rejoining at once (each command's rate limit is a
    Redis round trip, each emit a publish) the held connections exhausted the pool (``QueuePool
    limit … timeout 30``) and joins failed. Only after reads: what a command writes is committed by
    the edge (:func:`commit_and_emit`) before anything is sent."""
    session = db.session()
    if session.in_transaction():
        session.commit()


def commit_and_emit(broadcasts) -> None:
    """Commit the change, then broadcast it: one emit per room, encoded once for all recipients
    (through the Redis message queue when several processes serve the meeting)."""
    db.session.commit()
    emit(broadcasts)


def emit(broadcasts) -> None:
    """Broadcast changes already committed (an HTTP route that commits on its own). Who may read a
    document is read first; the connection goes back to the pool before the emits (publishes to
    Redis when several processes serve the meeting)."""
    sends, read = [], False
    for b in broadcasts:
        meeting_id = b.data["meeting_id"]
        if b.user_id is not None:
            sends.append((b.event, b.data, user_room(b.user_id, meeting_id)))
            continue
        to_screen = b.event in SCREEN_EVENTS
        audience = None
        if b.document_id is not None:
            audience, read = live_audience.audience(meeting_id, b.document_id), True
        if audience is None:  # about the meeting, or a document everyone in it may read
            shown = for_screen(b.event, b.data) if to_screen else None
            if shown is b.data:  # the screens get it as it is: one emit to both rooms, one message on the queue
                sends.append((b.event, b.data, [meeting_room(meeting_id), screen_room(meeting_id)]))
                continue
            sends.append((b.event, b.data, meeting_room(meeting_id)))
            if shown is not None:
                sends.append((b.event, shown, screen_room(meeting_id)))
            continue
        # One emit to the list of rooms: encoded once, one message on the queue.
        if audience.readers:
            sends.append((b.event, b.data, [user_room(u, meeting_id) for u in audience.readers]))
        hidden = live_audience.redacted(b.event, b.data)
        if hidden is not None and audience.others:
            sends.append((b.event, hidden, [user_room(u, meeting_id) for u in audience.others]))
        if hidden is not None and to_screen:  # the room's big screen shows what everyone may see
            sends.append((b.event, hidden, screen_room(meeting_id)))
    if read:
        end_read()
    for event, data, to in sends:
        socketio.emit(event, data, to=to, namespace=NAMESPACE)


def for_screen(event: str, data: dict) -> dict:
    """What the room's big screen gets of an event: of attendance only the quorum — not who is where,
    when they came, nor why someone is absent; of the floor who speaks and their timer — not who
    waits nor who spoke (its ``screen.join`` state gives the same)."""
    if event == "attendance.changed":
        return {key: data[key] for key in ("meeting_id", "seq", "quorum") if key in data}
    if event == "speaker.changed":
        return screen_speakers(data)
    return data


def close_screens(meeting_id: int) -> None:
    """The projector link was revoked or replaced: tell the open projector views, then stop sending to them."""
    socketio.emit("screen.revoked", {"meeting_id": meeting_id}, to=screen_room(meeting_id), namespace=NAMESPACE)
    socketio.close_room(screen_room(meeting_id), namespace=NAMESPACE)


def _emit_announced(broadcasts) -> None:
    """What the services announced, now committed (``app.announcements``)."""
    from meetings.services.floor_screens import SCREEN_REVOKED

    for b in broadcasts:
        if b.event == SCREEN_REVOKED:
            close_screens(b.data["meeting_id"])
        else:
            emit([b])


committed.connect(_emit_announced, weak=False)
