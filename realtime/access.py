"""Cutting off those who lost access: a member removed from a meeting, a revoked API token, a
disabled account.

The services announce the loss inside their transaction (``app.auth.services.access_lost``);
here it waits for the commit (and is forgotten on a rollback), then one ``access.revoked`` event
is emitted to the room that holds exactly the affected connections: ``user:<id>:meeting:<id>``
for a removal, ``token:<id>`` for a token, ``account:<id>`` for an account. It travels like any
emit, through Redis to every process when there are several. Each process's client manager
(:class:`LocalManager`, :class:`RedisManager`), after delivering that event, makes those of its
own sockets that were in the room leave every room at once, so nothing more reaches them, and
closes them right after (their presence is dropped as on any disconnect).

Two re-checks close the races: a connection re-reads its credentials after joining its
``account:``/``token:`` rooms, and ``meeting.join`` re-reads the permission after joining the
meeting's rooms; whichever of the cut-off and the join comes second sees the other.

A revocation made where no emit can reach (the command line of a deployment without Redis) is
caught by :func:`recheck_connections`, which each server process runs every
``SOCKET_RECHECK_SECONDS``.
"""

from __future__ import annotations

import functools
import logging

import socketio as python_socketio
import sqlalchemy as sa
from flask import current_app, request

from app.auth.services import access_lost, token_is_valid, token_still_valid
from app.errors import PermissionDenied
from app.extensions import db, socketio
from app.models import ApiToken, User
from realtime.resync import ResyncAfterOutage
from realtime.rooms import NAMESPACE, account_room, end_read, token_room, user_room

log = logging.getLogger(__name__)

ACCESS_REVOKED = "access.revoked"
_PENDING = "phonghop.realtime.access_lost"
_COMMITTED = "phonghop.realtime.access_lost_committed"
_connected: dict[str, tuple[int, int | None]] = {}  # this process's sockets: sid -> (user id, token id)
_sweeper_started = False


# -- after commit ---------------------------------------------------------------------------------
def _remember(_sender=None, **loss) -> None:
    db.session.info.setdefault(_PENDING, []).append(loss)


access_lost.connect(_remember, weak=False)


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _committed(session) -> None:
    if _PENDING in session.info:
        session.info.setdefault(_COMMITTED, []).extend(session.info.pop(_PENDING))


@sa.event.listens_for(sa.orm.Session, "after_transaction_end")
def _cut_off_committed(session, _transaction) -> None:
    """Right after the commit, once its connection is back in the pool (``after_commit`` still
    holds it, and the emit is a publish to Redis: realtime.rooms.end_read)."""
    for loss in session.info.pop(_COMMITTED, ()):
        try:
            cut_off(**loss)
        except Exception:  # the change is committed; a broken queue must not turn it into an error
            log.exception("Could not cut off the connections of %s", loss)


@sa.event.listens_for(sa.orm.Session, "after_rollback")
def _forget_rolled_back(session) -> None:
    session.info.pop(_PENDING, None)


def cut_off(user_id: int, reason: str, meeting_id: int | None = None, token_ids=None) -> None:
    if token_ids:
        rooms = [token_room(t) for t in token_ids]
    elif meeting_id is not None:
        rooms = [user_room(user_id, meeting_id)]
    else:
        rooms = [account_room(user_id)]
    if socketio.server is not None:
        socketio.emit(ACCESS_REVOKED, {"meeting_id": meeting_id, "reason": reason}, to=rooms, namespace=NAMESPACE)


# -- the client managers --------------------------------------------------------------------------
class _CutsOff:
    """After ``access.revoked`` was delivered to a room, the sockets of this process in it leave
    every room and are closed."""

    def _cut_off_local(self, event, namespace, room) -> None:
        if event != ACCESS_REVOKED or namespace != NAMESPACE or room is None:
            return
        for sid, _eio_sid in list(self.get_participants(namespace, room)):
            for joined in self.get_rooms(sid, namespace):
                if joined != sid:
                    self.basic_leave_room(sid, namespace, joined)
            # Closed in its own greenlet: the disconnect handler writes presence, which it must
            # not do inside the commit hook of the session that announced the loss.
            self.server.start_background_task(self.server.disconnect, sid, namespace, ignore_queue=True)


class LocalManager(_CutsOff, python_socketio.Manager):
    """One server process (no message queue)."""

    def emit(self, event, data, namespace, room=None, **kwargs):
        result = super().emit(event, data, namespace, room=room, **kwargs)
        self._cut_off_local(event, namespace, kwargs.get("to") or room)
        return result


class RedisManager(ResyncAfterOutage, _CutsOff, python_socketio.RedisManager):
    """Several processes on Redis: every emit, this process's own included, passes here."""

    def _handle_emit(self, message):
        super()._handle_emit(message)
        self._cut_off_local(message.get("event"), message.get("namespace"), message.get("room"))


def client_manager(config) -> python_socketio.Manager:
    url = config.get("REDIS_URL")
    if url:
        return RedisManager(url, channel=config.get("SOCKETIO_CHANNEL") or "phonghop-socketio")
    return LocalManager()


# -- connections ----------------------------------------------------------------------------------
def admit(user, token: ApiToken | None) -> bool:
    """Join the connection's ``account:``/``token:`` rooms, then check the credentials again on
    fresh data: a revocation committed before the rooms were joined is seen here, one committed
    after finds the connection in its room."""
    from flask_socketio import join_room

    join_room(account_room(user.id))
    if token is not None:
        join_room(token_room(token.id))
    db.session.commit()  # nothing was written: this ends the read, so what follows is read afresh
    if not user.is_active or (token is not None and not token_is_valid(token.id)):
        return False
    _connected[request.sid] = (user.id, token.id if token is not None else None)
    _start_sweeper()
    return True


def forget(sid: str) -> None:
    _connected.pop(sid, None)


def still_signed_in(handler):
    """Socket handler decorator: a connection whose token was revoked is refused (and closed)
    before anything else; a disabled account is refused by the permission check."""

    @functools.wraps(handler)
    def wrapped(*args):
        held = _connected.get(request.sid)
        revoked = held is not None and held[1] is not None and not token_still_valid(held[1])
        # End the read (nothing was written): what follows reads afresh, and the connection is not
        # held across the emit below or the rate limit's round trips to Redis (realtime.rooms.end_read).
        end_read()
        if revoked:
            socketio.emit(
                ACCESS_REVOKED, {"meeting_id": None, "reason": "token_revoked"}, to=request.sid, namespace=NAMESPACE
            )
            return {"ok": False, "error": str(PermissionDenied.message)}
        return handler(*args)

    return wrapped


def recheck_connections() -> int:
    """Cut off this process's connections whose token was revoked or account disabled where no
    emit reached them. Returns how many."""
    held = dict(_connected)
    if not held:
        return 0
    users = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_({u for u, _ in held.values()})))}
    token_ids = {t for _, t in held.values() if t is not None}
    if token_ids:  # loaded once, so that token_is_valid finds them in the session
        db.session.scalars(sa.select(ApiToken).where(ApiToken.id.in_(token_ids))).all()
    # Each token is checked once, not once per connection: a room's tablets often share few tokens,
    # and this runs on the event loop (2,000 checks took ~0.1 s, a stall every SOCKET_RECHECK_SECONDS).
    valid = {token_id: token_is_valid(token_id) for token_id in token_ids}
    stale = {}
    for sid, (user_id, token_id) in held.items():
        if user_id not in users or not users[user_id].is_active:
            stale[sid] = "account_disabled"
        elif token_id is not None and not valid[token_id]:
            stale[sid] = "token_revoked"
    end_read()  # the emits below publish to Redis: not with a connection held
    for sid, reason in stale.items():
        socketio.emit(ACCESS_REVOKED, {"meeting_id": None, "reason": reason}, to=sid, namespace=NAMESPACE)
    return len(stale)


def _start_sweeper() -> None:
    global _sweeper_started
    seconds = float(current_app.config.get("SOCKET_RECHECK_SECONDS") or 0)
    if _sweeper_started or seconds <= 0:
        return
    _sweeper_started = True
    socketio.start_background_task(_sweep_forever, current_app._get_current_object(), seconds)


def _sweep_forever(app, seconds: float) -> None:
    while True:
        socketio.sleep(seconds)
        try:
            with app.app_context():
                recheck_connections()
        except Exception:
            log.exception("Re-checking the credentials of open connections failed")
