"""The agenda builder: add, edit, delete, move (buttons) and reorder (drag and drop, JSON)."""

from flask import flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _

from app.errors import ValidationError
from app.permissions import Perm, permission_required
from meetings.routes.common import actor, commit, int_or_none, show_refusal_on_manage_page
from meetings.services import agenda as agenda_services
from meetings.views import meetings_bp


def _item_data(form) -> dict:
    return {
        "title": form.get("title"),
        "presenter_id": int_or_none(form.get("presenter_id"), _("Người trình bày")),
        "presenter_name": form.get("presenter_name", ""),
        "duration_minutes": int_or_none(form.get("duration_minutes"), _("Thời lượng")),
        "speaking_minutes": int_or_none(form.get("speaking_minutes"), _("Thời gian mỗi lượt phát biểu")),
        "description": form.get("description", ""),
        "for_decision": form.get("for_decision") == "1",
    }


def _back(meeting, item_id=None):
    anchor = f"#item-{item_id}" if item_id else "#agenda"
    return redirect(url_for("meetings.manage", meeting_id=meeting.id) + anchor)


@meetings_bp.route("/meetings/<int:meeting_id>/agenda", methods=["POST"])
@permission_required(Perm.AGENDA_EDIT, meeting_arg="meeting_id")
@show_refusal_on_manage_page
def agenda_add(meeting):
    parent_id = int_or_none(request.form.get("parent_id"), _("Nội dung cấp trên"))
    item = agenda_services.add_agenda_item(actor(), meeting, parent_id=parent_id, **_item_data(request.form))
    commit()
    flash(_("Đã thêm nội dung «%(title)s».", title=item.title), "success")
    return _back(meeting, item.id)


@meetings_bp.route("/meetings/<int:meeting_id>/agenda/<int:item_id>", methods=["POST"])
@permission_required(Perm.AGENDA_EDIT, meeting_arg="meeting_id")
@show_refusal_on_manage_page
def agenda_update(meeting, item_id):
    item = agenda_services.get_item(meeting, item_id)
    agenda_services.update_agenda_item(actor(), meeting, item, **_item_data(request.form))
    commit()
    flash(_("Đã lưu nội dung «%(title)s».", title=item.title), "success")
    return _back(meeting, item.id)


@meetings_bp.route("/meetings/<int:meeting_id>/agenda/<int:item_id>/delete", methods=["POST"])
@permission_required(Perm.AGENDA_EDIT, meeting_arg="meeting_id")
@show_refusal_on_manage_page
def agenda_delete(meeting, item_id):
    item = agenda_services.get_item(meeting, item_id)
    agenda_services.delete_agenda_item(actor(), meeting, item)
    commit()
    flash(_("Đã xóa nội dung."), "success")
    return _back(meeting)


@meetings_bp.route("/meetings/<int:meeting_id>/agenda/<int:item_id>/<any(up, down):direction>", methods=["POST"])
@permission_required(Perm.AGENDA_EDIT, meeting_arg="meeting_id")
@show_refusal_on_manage_page
def agenda_move(meeting, item_id, direction):
    item = agenda_services.get_item(meeting, item_id)
    agenda_services.move_agenda_item(actor(), meeting, item, direction)
    commit()
    return _back(meeting, item.id)


@meetings_bp.route("/meetings/<int:meeting_id>/agenda/reorder", methods=["POST"])
@permission_required(Perm.AGENDA_EDIT, meeting_arg="meeting_id")
def agenda_reorder(meeting):
    """JSON ``{"parent_id": null | id, "order": [ids…]}``; answers the new numbering of the agenda."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationError(_("Cần gửi dữ liệu JSON."))
    parent_id = body.get("parent_id")
    if parent_id is not None and (not isinstance(parent_id, int) or isinstance(parent_id, bool)):
        raise ValidationError(_("Danh sách thứ tự không hợp lệ."))
    agenda_services.reorder_agenda(actor(), meeting, body.get("order"), parent_id=parent_id)
    commit()
    numbering = [{"id": e.item.id, "number": e.number} for e in agenda_services.flat_agenda(meeting)]
    return jsonify({"ok": True, "items": numbering})
