"""The floor over HTTP (``/api/v1``, session or bearer token): the same services as the socket
events of ``realtime.speaker_events``; each change is committed, then broadcast to the room."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import ValidationError
from app.models.base import utcnow
from app.permissions import Perm, permission_required
from meetings.services import speakers
from meetings.services.live import live_state
from meetings.services.speaker_queue import current_item, floor_snapshot, iso, queue_payload
from realtime.rooms import commit_and_emit
from realtime.views import live_bp

PREFIX = "/api/v1/meetings/<int:meeting_id>"


def _body() -> dict:
    """A JSON object; an empty body is an empty object (the fields are optional)."""
    if not request.get_data():
        return {}
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationError(_("Cần gửi dữ liệu JSON."))
    return body


def _floor(meeting) -> dict:
    item = current_item(meeting)
    return {
        "agenda_item_id": item.id if item is not None else None,
        "server_time": iso(utcnow()),
        "items": floor_snapshot(meeting),
    }


def _answer(meeting, speaker_request, broadcasts, status=200):
    """Commit, broadcast, and answer like the socket's acknowledgement, plus ``floor``: the floor
    of the item the command changed last (as its ``speaker.changed`` says), or of the request's."""
    commit_and_emit(broadcasts)
    if broadcasts:
        seq = broadcasts[-1].data["seq"]
        floor = {k: v for k, v in broadcasts[-1].data.items() if k not in ("meeting_id", "by", "seq")}
    else:
        state = live_state(meeting, create=False)
        seq = state.seq if state is not None else 0
        floor = queue_payload(speaker_request.agenda_item) if speaker_request is not None else None
    return jsonify(
        {
            "id": speaker_request.id if speaker_request is not None else None,
            "seq": seq,
            "duplicate": not broadcasts,
            "floor": floor,
        }
    ), status if broadcasts else 200


@live_bp.get(PREFIX + "/speakers")
@permission_required(Perm.MEETING_VIEW, meeting_arg="meeting_id")
def floor(meeting):
    """The item under discussion and the floor of every item that has one."""
    return jsonify(_floor(meeting))


@live_bp.put(PREFIX + "/agenda/current")
@permission_required(Perm.SLIDE_CONTROL, meeting_arg="meeting_id")
def set_current(meeting):
    body = _body()
    if "agenda_item_id" not in body:
        raise ValidationError(_("Thiếu mã nội dung (agenda_item_id)."))
    commit_and_emit(speakers.set_current_item(current_user, meeting, body["agenda_item_id"]))
    return jsonify(_floor(meeting))


@live_bp.post(PREFIX + "/speakers")
@permission_required(Perm.SPEAKER_REQUEST, meeting_arg="meeting_id")
def request_floor(meeting):
    speaker_request, broadcasts = speakers.request_floor(current_user, meeting, _body().get("agenda_item_id"))
    return _answer(meeting, speaker_request, broadcasts, 201)


@live_bp.post(PREFIX + "/speakers/<int:request_id>/<any(withdraw, grant, remove):action>")
@permission_required(Perm.MEETING_VIEW, meeting_arg="meeting_id")  # the service decides who may
def change_request(meeting, request_id, action):
    command = {"withdraw": speakers.withdraw_request, "grant": speakers.grant, "remove": speakers.remove_request}
    speaker_request, broadcasts = command[action](current_user, meeting, request_id)
    return _answer(meeting, speaker_request, broadcasts)


@live_bp.post(PREFIX + "/speakers/<any(next, end):action>")
@permission_required(Perm.SPEAKER_MANAGE, meeting_arg="meeting_id")
def move_on(meeting, action):
    if action == "next":
        speaker_request, broadcasts = speakers.next_speaker(current_user, meeting, _body().get("agenda_item_id"))
    else:
        speaker_request, broadcasts = speakers.end_speech(current_user, meeting)
    return _answer(meeting, speaker_request, broadcasts)
