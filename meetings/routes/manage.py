"""The secretariat prepares a meeting: create, edit, members, state changes, substitutions."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _

from app.errors import ValidationError
from app.extensions import db
from app.models.base import utcnow
from app.permissions import Perm, has_perm, permission_required
from meetings.forms import MeetingForm
from meetings.routes.common import (
    actor,
    change_meeting_state,
    commit,
    int_or_none,
    render_manage,
    show_refusal_on_manage_page,
)
from meetings.services import meetings as meeting_services
from meetings.services.members import add_body_members, add_member, change_member_role, remove_member
from meetings.services.substitutions import decide_substitution, get_substitution
from meetings.views import meetings_bp


@meetings_bp.route("/meetings/new", methods=["GET", "POST"])
@permission_required(Perm.MEETING_CREATE)
def new():
    form = MeetingForm()
    error, status = None, 200
    if form.validate_on_submit():
        try:
            meeting = meeting_services.create_meeting(actor(), **form.service_data())
        except ValidationError as exc:
            db.session.rollback()
            error, status = str(exc.message), exc.status_code
        else:
            commit()
            flash(
                _("Đã tạo cuộc họp «%(title)s». Hãy thêm thành phần và chương trình.", title=meeting.title), "success"
            )
            if meeting.members:
                flash(
                    _(
                        "Đã đề xuất %(n)s thành viên của %(body)s làm thành phần dự họp (Chủ tịch chủ trì); "
                        "hãy kiểm tra, thêm thư ký trước khi công bố.",
                        n=len(meeting.members),
                        body=meeting.body,
                    ),
                    "warning",
                )
            _warn_if_in_the_past(meeting)
            return redirect(url_for("meetings.manage", meeting_id=meeting.id))
    elif request.method == "POST":
        status = 400
    return render_template("meetings/new.html", form=form, error=error), status


@meetings_bp.route("/meetings/<int:meeting_id>/manage")
@permission_required(Perm.MEETING_EDIT, meeting_arg="meeting_id")
def manage(meeting):
    return render_manage(meeting)


@meetings_bp.route("/meetings/<int:meeting_id>/edit", methods=["POST"])
@permission_required(Perm.MEETING_EDIT, meeting_arg="meeting_id")
@show_refusal_on_manage_page
def edit(meeting):
    form = MeetingForm(current_body=meeting.host_body)
    if not form.validate_on_submit():
        return render_manage(meeting, form=form, error=_("Vui lòng sửa các lỗi bên dưới."), status=400, editing=True)
    try:
        meeting_services.update_meeting(actor(), meeting, **form.service_data())
    except ValidationError as exc:  # shown beside the values as typed, in the open form
        db.session.rollback()
        return render_manage(meeting, form=form, error=str(exc.message), status=exc.status_code, editing=True)
    commit()
    flash(_("Đã lưu thông tin cuộc họp."), "success")
    _warn_if_in_the_past(meeting)
    return redirect(url_for("meetings.manage", meeting_id=meeting.id))


def _warn_if_in_the_past(meeting) -> None:
    """A past date is allowed (a meeting may be recorded afterwards), but rarely meant: say so."""
    if meeting.state.value in ("draft", "published") and meeting.starts_at < utcnow():
        flash(
            _(
                "Lưu ý: thời gian bắt đầu (%(when)s) đã qua. Kiểm tra lại ngày họp nếu đây là cuộc họp sắp tới.",
                when=format_datetime(meeting.starts_at, "HH:mm dd/MM/yyyy"),
            ),
            "warning",
        )


def _state_message(action: str) -> str:
    return {
        "publish": _("Đã công bố cuộc họp và gửi giấy mời."),
        "start": _("Cuộc họp đã bắt đầu."),
        "close": _("Cuộc họp đã kết thúc."),
        "cancel": _("Đã hủy cuộc họp."),
    }[action]


@meetings_bp.route("/meetings/<int:meeting_id>/<any(publish, start, close, cancel):action>", methods=["POST"])
@permission_required(Perm.MEETING_EDIT, meeting_arg="meeting_id")
@show_refusal_on_manage_page
def change_state(meeting, action):
    change_meeting_state(action, meeting)
    flash(_state_message(action), "success")
    return redirect(_after_state_change(meeting))


def _after_state_change(meeting) -> str:
    """Where the secretariat goes next: the manage page while the meeting can still be edited; once
    closed, the minutes to draft; once cancelled (or when minutes are not theirs), the meeting page."""
    if has_perm(actor(), Perm.MEETING_EDIT, meeting):
        return url_for("meetings.manage", meeting_id=meeting.id)
    if has_perm(actor(), Perm.MINUTES_VIEW, meeting):
        return url_for("minutes.draft", meeting_id=meeting.id)
    if has_perm(actor(), Perm.MEETING_VIEW, meeting):
        return url_for("meetings.detail", meeting_id=meeting.id)
    return url_for("meetings.prepare")


@meetings_bp.route("/meetings/<int:meeting_id>/members", methods=["POST"])
@permission_required(Perm.MEETING_EDIT, meeting_arg="meeting_id")
@show_refusal_on_manage_page
def member_add(meeting):
    user_id = int_or_none(request.form.get("user_id"), _("Người dự họp"))
    if user_id is None:
        raise ValidationError(_("Vui lòng chọn người dự họp."))
    member = add_member(actor(), meeting, user_id, request.form.get("role") or "member")
    commit()
    flash(_("Đã thêm %(name)s (%(role)s).", name=member.user.full_name, role=member.role.label), "success")
    return redirect(url_for("meetings.manage", meeting_id=meeting.id) + "#members")


@meetings_bp.route("/meetings/<int:meeting_id>/members/from-body", methods=["POST"])
@permission_required(Perm.MEETING_EDIT, meeting_arg="meeting_id")
@show_refusal_on_manage_page
def member_add_body(meeting):
    added = add_body_members(actor(), meeting)
    commit()
    flash(
        _(
            "Đã thêm %(count)s thành viên: %(names)s.",
            count=len(added),
            names=", ".join(m.user.full_name for m in added),
        ),
        "success",
    )
    return redirect(url_for("meetings.manage", meeting_id=meeting.id) + "#members")


@meetings_bp.route("/meetings/<int:meeting_id>/members/<int:user_id>/role", methods=["POST"])
@permission_required(Perm.MEETING_EDIT, meeting_arg="meeting_id")
@show_refusal_on_manage_page
def member_role(meeting, user_id):
    change_member_role(actor(), meeting, user_id, request.form.get("role"))
    commit()
    flash(_("Đã đổi vai trò."), "success")
    return redirect(url_for("meetings.manage", meeting_id=meeting.id) + "#members")


@meetings_bp.route("/meetings/<int:meeting_id>/members/<int:user_id>/delete", methods=["POST"])
@permission_required(Perm.MEETING_EDIT, meeting_arg="meeting_id")
@show_refusal_on_manage_page
def member_remove(meeting, user_id):
    remove_member(actor(), meeting, user_id)
    commit()
    flash(_("Đã xóa khỏi thành phần dự họp."), "success")
    return redirect(url_for("meetings.manage", meeting_id=meeting.id) + "#members")


@meetings_bp.route(
    "/meetings/<int:meeting_id>/substitutions/<int:substitution_id>/<any(approve, reject):decision>", methods=["POST"]
)
@permission_required(Perm.MEETING_EDIT, meeting_arg="meeting_id")
@show_refusal_on_manage_page
def substitution_decide(meeting, substitution_id, decision):
    sub = get_substitution(meeting, substitution_id)
    decide_substitution(actor(), meeting, sub, approve=decision == "approve")
    commit()
    flash(_("Đã duyệt đề nghị dự thay.") if decision == "approve" else _("Đã từ chối đề nghị dự thay."), "success")
    return redirect(url_for("meetings.manage", meeting_id=meeting.id) + "#substitutions")
