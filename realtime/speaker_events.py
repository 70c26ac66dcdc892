"""The floor's events of the ``/meeting`` namespace: the agenda item under discussion and the
speaker queue. Thin like ``realtime.live_events``: permission (decorator; the service checks it
again), the service, one commit, then the broadcast."""

from __future__ import annotations

from flask_login import current_user

from app.extensions import socketio
from app.permissions import Perm, socket_permission_required
from meetings.services import speakers
from realtime.access import still_signed_in
from realtime.live_events import _ack
from realtime.rate_limits import COMMANDS, rate_limited
from realtime.rooms import NAMESPACE


@socketio.on("agenda.current.set", namespace=NAMESPACE)
@still_signed_in
@rate_limited(COMMANDS)
@socket_permission_required(Perm.SLIDE_CONTROL)
def on_agenda_current_set(data, meeting):
    return _ack(speakers.set_current_item(current_user, meeting, data.get("agenda_item_id")), meeting)


@socketio.on("speaker.request", namespace=NAMESPACE)
@still_signed_in
@rate_limited(COMMANDS)
@socket_permission_required(Perm.SPEAKER_REQUEST)
def on_speaker_request(data, meeting):
    request, broadcasts = speakers.request_floor(current_user, meeting, data.get("agenda_item_id"))
    return _ack(broadcasts, meeting, id=request.id)


@socketio.on("speaker.withdraw", namespace=NAMESPACE)
@still_signed_in
@rate_limited(COMMANDS)
@socket_permission_required(Perm.SPEAKER_REQUEST)
def on_speaker_withdraw(data, meeting):
    request, broadcasts = speakers.withdraw_request(current_user, meeting, data.get("id"))
    return _ack(broadcasts, meeting, id=request.id)


@socketio.on("speaker.grant", namespace=NAMESPACE)
@still_signed_in
@rate_limited(COMMANDS)
@socket_permission_required(Perm.SPEAKER_MANAGE)
def on_speaker_grant(data, meeting):
    request, broadcasts = speakers.grant(current_user, meeting, data.get("id"))
    return _ack(broadcasts, meeting, id=request.id)


@socketio.on("speaker.next", namespace=NAMESPACE)
@still_signed_in
@rate_limited(COMMANDS)
@socket_permission_required(Perm.SPEAKER_MANAGE)
def on_speaker_next(data, meeting):
    request, broadcasts = speakers.next_speaker(current_user, meeting, data.get("agenda_item_id"))
    return _ack(broadcasts, meeting, id=request.id if request is not None else None)


@socketio.on("speaker.end", namespace=NAMESPACE)
@still_signed_in
@rate_limited(COMMANDS)
@socket_permission_required(Perm.SPEAKER_MANAGE)
def on_speaker_end(data, meeting):
    request, broadcasts = speakers.end_speech(current_user, meeting)
    return _ack(broadcasts, meeting, id=request.id if request is not None else None)


@socketio.on("speaker.remove", namespace=NAMESPACE)
@still_signed_in
@rate_limited(COMMANDS)
@socket_permission_required(Perm.SPEAKER_MANAGE)
def on_speaker_remove(data, meeting):
    request, broadcasts = speakers.remove_request(current_user, meeting, data.get("id"))
    return _ack(broadcasts, meeting, id=request.id)
