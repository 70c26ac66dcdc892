"""What a socket event answers when something other than a refusal goes wrong.

The handlers answer refusals themselves (``AppError`` → ``{"ok": false, "error": …}``). Anything
else used to escape to python-socketio, which logged it and sent no acknowledgement at all: the
tablet waited for its timeout and could not tell a lost database from a lost network. Now the
acknowledgement says so, in the user's language — the database being away (restarted, unreachable)
is the HTTP 503's message, anything else the 500's — after the session is rolled back; the
tablet keeps its outbox and sends again (docs/reliability.md, "Processes")."""

from __future__ import annotations

import logging

import sqlalchemy.exc
from flask import request

from app.errors import _HTTP_MESSAGES, DATABASE_UNAVAILABLE
from app.extensions import db, socketio
from realtime.rooms import NAMESPACE

log = logging.getLogger(__name__)


@socketio.on_error(NAMESPACE)
def on_error(exc: Exception):
    event = (getattr(request, "event", None) or {}).get("message")
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection itself is gone; the pool replaces it
        log.debug("rollback after a failed socket event failed", exc_info=True)
    if isinstance(exc, sqlalchemy.exc.OperationalError | sqlalchemy.exc.InterfaceError):
        log.warning("database unavailable during socket event %s: %s", event, type(exc).__name__)
        message = str(DATABASE_UNAVAILABLE)
    else:
        log.error("socket event %s failed", event, exc_info=exc)
        message = str(_HTTP_MESSAGES[500])
    if event == "connect":
        return False  # refused: the client sees connect_error and tries again
    return {"ok": False, "error": message}
