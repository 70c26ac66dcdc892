"""The projector view as a read-only principal of the ``/meeting`` namespace: it connects with
``auth={"screen": <token>}`` (the secret link's token, no user), then ``screen.join`` puts it in the
meeting's screen room and answers the projector's state. It can do nothing else: every other event
needs a logged-in user."""

from __future__ import annotations

from flask import session
from flask_babel import gettext as _
from flask_login import logout_user
from flask_socketio import join_room

from app.extensions import db, socketio
from meetings.services.floor_screens import meeting_for_screen, screen_state
from realtime.rooms import NAMESPACE, screen_room


def connect_screen(token) -> bool:
    """Accept a connection that carries a projector token in force; remember it for this socket only."""
    if meeting_for_screen(token) is None:
        return False
    # The page may be open in a browser where someone is signed in (often the chair's laptop): this
    # socket's own copy of the session forgets them, so it is no one — the browser's cookie is untouched.
    logout_user()
    session["screen_token"] = token
    return True


@socketio.on("screen.join", namespace=NAMESPACE)
def on_screen_join(data=None):
    meeting = meeting_for_screen(session.get("screen_token"))  # checked again: the link may have been revoked
    if meeting is None:
        return {"ok": False, "error": _("Liên kết màn hình chiếu không còn hiệu lực.")}
    join_room(screen_room(meeting.id))
    ack = screen_state(meeting)
    db.session.rollback()  # read only
    return ack
