"""A member names who attends in their place (dự thay)."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from app.errors import ValidationError
from app.permissions import Perm, permission_required
from meetings.routes.common import actor, commit, int_or_none
from meetings.services.substitutions import request_substitution
from meetings.views import meetings_bp


@meetings_bp.route("/meetings/<int:meeting_id>/substitutions", methods=["POST"])
@permission_required(Perm.SUBSTITUTE_REQUEST, meeting_arg="meeting_id")
def substitution_request(meeting):
    user_id = int_or_none(request.form.get("substitute_id"), _("Người dự thay"))
    if user_id is None:
        raise ValidationError(_("Vui lòng chọn người dự thay."))
    request_substitution(actor(), meeting, user_id, request.form.get("reason", ""))
    commit()
    flash(_("Đã gửi đề nghị dự thay; văn phòng sẽ xem xét."), "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id) + "#substitution")
