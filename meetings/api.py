"""JSON API v1 for meetings (bearer token or session): read meetings and agendas; the secretariat
also creates, edits and publishes meetings, manages members and builds the agenda."""

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from app.api import user_json
from app.errors import ValidationError, error_response
from app.permissions import Perm, has_perm, permission_required
from meetings.models import MeetingState
from meetings.services.agenda import flat_agenda
from meetings.services.documents.reading import read_states
from meetings.services.queries import list_visible_meetings

meetings_api_bp = Blueprint("meetings_api", __name__, url_prefix="/api/v1")


@meetings_api_bp.before_request
def _require_authentication():
    if not current_user.is_authenticated:
        return error_response(401, _("Bạn cần đăng nhập hoặc gửi mã truy cập (Bearer token) hợp lệ."))
    return None


def meeting_json(meeting, detail: bool = False) -> dict:
    body = {
        "id": meeting.id,
        "title": meeting.title,
        "body": meeting.body,
        "body_id": meeting.body_id,
        "kind": meeting.kind.value,
        "state": meeting.state.value,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat() if meeting.ends_at else None,
        "place": meeting.place,
        "video_url": meeting.video_url,
        "my_role": (meeting.role_of(current_user).value if meeting.role_of(current_user) else None),
    }
    if detail:
        body["members"] = [dict(user_json(m.user), role=m.role.value) for m in meeting.members]
        body["agenda"] = agenda_json(meeting, with_documents=has_perm(current_user, Perm.DOCUMENT_VIEW, meeting))
    return body


def agenda_json(meeting, with_documents: bool) -> list[dict]:
    """The agenda in reading order (1, 1.1, 1.2, 2 …), each item with its number and the documents
    the caller may read, each with whether the caller has read it."""
    states = read_states(current_user, meeting) if with_documents else {}
    return [
        {
            "id": e.item.id,
            "number": e.number,
            "position": e.item.position,
            "parent_id": e.item.parent_id,
            "title": e.item.title,
            "presenter": e.item.presenter_label,
            "presenter_id": e.item.presenter_id,
            "duration_minutes": e.item.duration_minutes,
            "speaking_minutes": e.item.speaking_minutes,
            "description": e.item.description,
            "for_decision": e.item.for_decision,
            "documents": [
                {
                    "id": d.id,
                    "title": d.title,
                    "filename": d.filename,
                    "size": d.size,
                    "sha256": d.sha256,
                    "page_count": d.page_count,
                    "read_state": states[d.id].value,
                }
                for d in e.item.documents
                if d.id in states
            ]
            if with_documents
            else [],
        }
        for e in flat_agenda(meeting)
    ]


@meetings_api_bp.get("/meetings")
def list_meetings():
    state = request.args.get("state")
    try:
        state_enum = MeetingState(state) if state else None
    except ValueError:
        raise ValidationError(
            _(
                "Trạng thái không hợp lệ: %(state)s. Dùng một trong: %(choices)s.",
                state=state,
                choices=", ".join(s.value for s in MeetingState),
            )
        ) from None
    meetings = list_visible_meetings(current_user, state=state_enum)
    return jsonify({"meetings": [meeting_json(m) for m in meetings]})


@meetings_api_bp.get("/meetings/<int:meeting_id>")
@permission_required(Perm.MEETING_VIEW, meeting_arg="meeting_id")
def get_meeting(meeting):
    return jsonify(meeting_json(meeting, detail=True))


@meetings_api_bp.get("/meetings/<int:meeting_id>/agenda")
@permission_required(Perm.MEETING_VIEW, meeting_arg="meeting_id")
def get_agenda(meeting):
    return jsonify({"agenda": agenda_json(meeting, has_perm(current_user, Perm.DOCUMENT_VIEW, meeting))})


from meetings import api_bodies, api_floor, api_write  # noqa: E402,F401  (write, floor and body routes on this blueprint)
