"""JSON API v1 for meetings (bearer token or session)."""
from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from app.api import user_json
from app.errors import ValidationError, error_response
from app.permissions import Perm, can_view_document, has_perm, permission_required
from meetings.models import MeetingState
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
        "kind": meeting.kind.value,
        "state": meeting.state.value,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat() if meeting.ends_at else None,
        "place": meeting.place,
        "my_role": (meeting.role_of(current_user).value if meeting.role_of(current_user) else None),
    }
    if detail:
        body["members"] = [dict(user_json(m.user), role=m.role.value) for m in meeting.members]
        can_docs = has_perm(current_user, Perm.DOCUMENT_VIEW, meeting)
        body["agenda"] = [
            {
                "id": item.id, "position": item.position, "parent_id": item.parent_id, "title": item.title,
                "presenter": item.presenter_label, "duration_minutes": item.duration_minutes,
                "documents": [
                    {"id": d.id, "title": d.title, "filename": d.filename, "size": d.size,
                     "sha256": d.sha256, "page_count": d.page_count}
                    for d in item.documents if can_view_document(current_user, d)
                ] if can_docs else [],
            }
            for item in meeting.agenda_items
        ]
    return body


@meetings_api_bp.get("/meetings")
def list_meetings():
    state = request.args.get("state")
    try:
        state_enum = MeetingState(state) if state else None
    except ValueError:
        raise ValidationError(_("Trạng thái không hợp lệ: %(state)s. Dùng một trong: %(choices)s.", state=state,
                                choices=", ".join(s.value for s in MeetingState))) from None
    meetings = list_visible_meetings(current_user, state=state_enum)
    return jsonify({"meetings": [meeting_json(m) for m in meetings]})


@meetings_api_bp.get("/meetings/<int:meeting_id>")
@permission_required(Perm.MEETING_VIEW, meeting_arg="meeting_id")
def get_meeting(meeting):
    return jsonify(meeting_json(meeting, detail=True))
