"""JSON API v1, write side: the same services as the secretariat's pages. Bad input is a 400 with
a Vietnamese ``error``; an illegal state change a 409; nothing is kept from a refused request."""

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import ValidationError
from app.permissions import Perm, permission_required
from meetings.api import agenda_json, meeting_json, meetings_api_bp
from meetings.localtime import parse_local
from meetings.routes.common import change_meeting_state, commit
from meetings.services import agenda as agenda_services
from meetings.services import meetings as meeting_services
from meetings.services.members import add_member, change_member_role, remove_member

MEETING_TEXT = ("title", "body", "kind", "place", "video_url")  # "body": a body's exact name (older clients)
ITEM_TEXT = ("title", "presenter_name", "description")


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationError(_("Cần gửi dữ liệu JSON."))
    return body


def _texts(body: dict, keys) -> dict:
    out = {}
    for key in keys:
        if key in body:
            if body[key] is not None and not isinstance(body[key], str):
                raise ValidationError(_("Trường %(field)s phải là chuỗi ký tự.", field=key))
            out[key] = body[key]
    return out


def _integers(body: dict, keys) -> dict:
    out = {}
    for key in keys:
        if key in body:
            value = body[key]
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise ValidationError(_("Trường %(field)s phải là số nguyên.", field=key))
            out[key] = value
    return out


def _flags(body: dict, keys) -> dict:
    out = {}
    for key in keys:
        if key in body:
            if not isinstance(body[key], bool):
                raise ValidationError(_("Trường %(field)s phải là true hoặc false.", field=key))
            out[key] = body[key]
    return out


def _meeting_fields(body: dict) -> dict:
    fields = _texts(body, MEETING_TEXT) | _integers(body, ("body_id",))
    for key, label in (("starts_at", _("Thời gian bắt đầu")), ("ends_at", _("Thời gian kết thúc"))):
        if key in body:
            if body[key] is not None and not isinstance(body[key], str):
                raise ValidationError(_("Trường %(field)s phải là chuỗi ngày giờ ISO 8601.", field=key))
            fields[key] = parse_local(body[key], label)
    return fields


def _me():
    return current_user._get_current_object()


def _detail(meeting, status=200):
    return jsonify(meeting_json(meeting, detail=True)), status


@meetings_api_bp.post("/meetings")
@permission_required(Perm.MEETING_CREATE)
def create_meeting():
    meeting = meeting_services.create_meeting(_me(), **_meeting_fields(_body()))
    commit()
    return _detail(meeting, 201)


@meetings_api_bp.patch("/meetings/<int:meeting_id>")
@permission_required(Perm.MEETING_EDIT, meeting_arg="meeting_id")
def update_meeting(meeting):
    meeting_services.update_meeting(_me(), meeting, **_meeting_fields(_body()))
    commit()
    return _detail(meeting)


@meetings_api_bp.post("/meetings/<int:meeting_id>/<any(publish, start, close, cancel):action>")
@permission_required(Perm.MEETING_EDIT, meeting_arg="meeting_id")
def change_state(meeting, action):
    change_meeting_state(action, meeting)
    return _detail(meeting)


@meetings_api_bp.post("/meetings/<int:meeting_id>/members")
@permission_required(Perm.MEETING_EDIT, meeting_arg="meeting_id")
def add_meeting_member(meeting):
    body = _body()
    ids = _integers(body, ("user_id",))
    if ids.get("user_id") is None:
        raise ValidationError(_("Vui lòng chọn người dự họp."))
    add_member(_me(), meeting, ids["user_id"], body.get("role") or "member")
    commit()
    return _detail(meeting, 201)


@meetings_api_bp.patch("/meetings/<int:meeting_id>/members/<int:user_id>")
@permission_required(Perm.MEETING_EDIT, meeting_arg="meeting_id")
def change_meeting_member(meeting, user_id):
    change_member_role(_me(), meeting, user_id, _body().get("role"))
    commit()
    return _detail(meeting)


@meetings_api_bp.delete("/meetings/<int:meeting_id>/members/<int:user_id>")
@permission_required(Perm.MEETING_EDIT, meeting_arg="meeting_id")
def remove_meeting_member(meeting, user_id):
    remove_member(_me(), meeting, user_id)
    commit()
    return _detail(meeting)


def _agenda(meeting, status=200):
    return jsonify({"agenda": agenda_json(meeting, with_documents=True)}), status


@meetings_api_bp.post("/meetings/<int:meeting_id>/agenda")
@permission_required(Perm.AGENDA_EDIT, meeting_arg="meeting_id")
def add_agenda_item(meeting):
    body = _body()
    fields = (
        _texts(body, ITEM_TEXT)
        | _integers(body, ("presenter_id", "duration_minutes", "speaking_minutes", "parent_id"))
        | _flags(body, ("for_decision",))
    )
    parent_id = fields.pop("parent_id", None)
    item = agenda_services.add_agenda_item(_me(), meeting, parent_id=parent_id, **fields)
    commit()
    response, status = _agenda(meeting, 201)
    response.headers["Location"] = f"/api/v1/meetings/{meeting.id}/agenda#{item.id}"
    return response, status


@meetings_api_bp.patch("/meetings/<int:meeting_id>/agenda/<int:item_id>")
@permission_required(Perm.AGENDA_EDIT, meeting_arg="meeting_id")
def update_agenda_item(meeting, item_id):
    item = agenda_services.get_item(meeting, item_id)
    body = _body()
    fields = (
        _texts(body, ITEM_TEXT)
        | _integers(body, ("presenter_id", "duration_minutes", "speaking_minutes"))
        | _flags(body, ("for_decision",))
    )
    agenda_services.update_agenda_item(_me(), meeting, item, **fields)
    commit()
    return _agenda(meeting)


@meetings_api_bp.delete("/meetings/<int:meeting_id>/agenda/<int:item_id>")
@permission_required(Perm.AGENDA_EDIT, meeting_arg="meeting_id")
def delete_agenda_item(meeting, item_id):
    agenda_services.delete_agenda_item(_me(), meeting, agenda_services.get_item(meeting, item_id))
    commit()
    return _agenda(meeting)


@meetings_api_bp.put("/meetings/<int:meeting_id>/agenda/order")
@permission_required(Perm.AGENDA_EDIT, meeting_arg="meeting_id")
def reorder_agenda(meeting):
    body = _body()
    parent_id = _integers(body, ("parent_id",)).get("parent_id")
    agenda_services.reorder_agenda(_me(), meeting, body.get("order"), parent_id=parent_id)
    commit()
    return _agenda(meeting)
