"""The floor's events of the ``/meeting`` namespace: the agenda item under discussion and the
speaker queue. Thin like ``realtime.live_events``: permission (decorator; the service checks it
again), the service, one commit, then the broadcast."""

from __future__ import annotations

from flask_login import current_user

from app.permissions import Perm
from meetings.services import speakers
from realtime.commands import acknowledge, command


@command("agenda.current.set", Perm.SLIDE_CONTROL)
def on_agenda_current_set(data, meeting):
    return acknowledge(speakers.set_current_item(current_user, meeting, data.get("agenda_item_id")), meeting)


@command("speaker.request", Perm.SPEAKER_REQUEST)
def on_speaker_request(data, meeting):
    request, broadcasts = speakers.request_floor(current_user, meeting, data.get("agenda_item_id"))
    return acknowledge(broadcasts, meeting, id=request.id)


@command("speaker.withdraw", Perm.SPEAKER_REQUEST)
def on_speaker_withdraw(data, meeting):
    request, broadcasts = speakers.withdraw_request(current_user, meeting, data.get("id"))
    return acknowledge(broadcasts, meeting, id=request.id)


@command("speaker.grant", Perm.SPEAKER_MANAGE)
def on_speaker_grant(data, meeting):
    request, broadcasts = speakers.grant(current_user, meeting, data.get("id"))
    return acknowledge(broadcasts, meeting, id=request.id)


@command("speaker.next", Perm.SPEAKER_MANAGE)
def on_speaker_next(data, meeting):
    request, broadcasts = speakers.next_speaker(current_user, meeting, data.get("agenda_item_id"))
    return acknowledge(broadcasts, meeting, id=request.id if request is not None else None)


@command("speaker.end", Perm.SPEAKER_MANAGE)
def on_speaker_end(data, meeting):
    request, broadcasts = speakers.end_speech(current_user, meeting)
    return acknowledge(broadcasts, meeting, id=request.id if request is not None else None)


@command("speaker.remove", Perm.SPEAKER_MANAGE)
def on_speaker_remove(data, meeting):
    request, broadcasts = speakers.remove_request(current_user, meeting, data.get("id"))
    return acknowledge(broadcasts, meeting, id=request.id)
