"""Who takes part in a meeting, and in which role (chair, secretary, member, observer)."""

from __future__ import annotations

from flask_babel import gettext as _

from app.announcements import announce
from app.auth.services import access_lost
from app.errors import ValidationError
from app.extensions import db
from app.models import User
from app.permissions import Perm, has_perm, require_perm
from meetings.archive.search_index import index_meeting_entry
from meetings.models import Meeting, MeetingMember, MeetingRole, MeetingState, Substitution
from meetings.services.floor_attendance import seats_changed
from meetings.services.meetings import body_members_missing, require_editable
from meetings.services.notifications import invitation_notice, notify_users

SINGLE_ROLES = (MeetingRole.chair, MeetingRole.secretary)


def _role(value) -> MeetingRole:
    try:
        return value if isinstance(value, MeetingRole) else MeetingRole(value)
    except ValueError:
        raise ValidationError(_("Vai trò không hợp lệ: %(role)s.", role=value)) from None


def _user(value) -> User:
    user = value if isinstance(value, User) else (db.session.get(User, value) if isinstance(value, int) else None)
    if user is None or not user.is_active:
        raise ValidationError(_("Người dùng không tồn tại hoặc đã bị khóa."))
    return user


def _membership(meeting: Meeting, user: User) -> MeetingMember | None:
    return next((m for m in meeting.members if m.user_id == user.id), None)


def _check_single(meeting: Meeting, role: MeetingRole, user: User) -> None:
    if role in SINGLE_ROLES:
        holders = [u for u in meeting.members_with_role(role) if u.id != user.id]
        if holders:
            raise ValidationError(
                _(
                    "Cuộc họp đã có %(role)s: %(name)s. Hãy đổi vai trò người đó trước.",
                    role=role.label.lower(),
                    name=holders[0].full_name,
                )
            )


def _invite(meeting: Meeting, user: User, actor) -> None:
    if meeting.state in (MeetingState.published, MeetingState.in_session):
        notify_users([user], meeting, invitation_notice(meeting), skip=actor)


def add_member(actor, meeting: Meeting, user, role=MeetingRole.member) -> MeetingMember:
    require_perm(actor, Perm.MEETING_EDIT, meeting)
    require_editable(meeting)
    user, role = _user(user), _role(role)
    if _membership(meeting, user) is not None:
        raise ValidationError(_("%(name)s đã có trong thành phần dự họp.", name=user.full_name))
    _check_single(meeting, role, user)
    member = MeetingMember(meeting=meeting, user=user, role=role)
    db.session.add(member)
    db.session.flush()
    index_meeting_entry(meeting)
    _invite(meeting, user, actor)
    announce(seats_changed(actor, meeting))
    return member


def add_body_members(actor, meeting: Meeting) -> list[MeetingMember]:
    """Invite, in one step, the body's standing members in office on the meeting's day who are not
    in the meeting yet (after a change of body or date, or members removed by mistake); those
    already in keep their roles. Published meetings send each of them the invitation."""
    require_perm(actor, Perm.MEETING_EDIT, meeting)
    require_editable(meeting)
    missing = body_members_missing(meeting)
    if not missing:
        raise ValidationError(
            _("Mọi thành viên %(body)s đang đương nhiệm đã có trong thành phần dự họp.", body=meeting.body)
        )
    added = [MeetingMember(meeting=meeting, user=user, role=role) for user, role in missing]
    db.session.add_all(added)
    db.session.flush()
    index_meeting_entry(meeting)
    for member in added:
        _invite(meeting, member.user, actor)
    announce(seats_changed(actor, meeting))
    return added


def _keep_required_roles(meeting: Meeting, member: MeetingMember, new_role: MeetingRole | None) -> None:
    if meeting.state != MeetingState.draft and member.role in SINGLE_ROLES and new_role != member.role:
        raise ValidationError(
            _(
                "Cuộc họp đã công bố phải luôn có %(role)s; hãy chỉ định người thay trước.",
                role=member.role.label.lower(),
            )
        )


def change_member_role(actor, meeting: Meeting, user, role) -> MeetingMember:
    require_perm(actor, Perm.MEETING_EDIT, meeting)
    require_editable(meeting)
    user, role = _user(user), _role(role)
    member = _membership(meeting, user)
    if member is None:
        raise ValidationError(_("%(name)s không có trong thành phần dự họp.", name=user.full_name))
    if member.role == role:
        return member
    _keep_required_roles(meeting, member, role)
    _check_single(meeting, role, user)
    member.role = role
    db.session.flush()
    announce(seats_changed(actor, meeting))
    return member


def remove_member(actor, meeting: Meeting, user) -> None:
    require_perm(actor, Perm.MEETING_EDIT, meeting)
    require_editable(meeting)
    user = user if isinstance(user, User) else (db.session.get(User, user) if isinstance(user, int) else None)
    member = _membership(meeting, user) if user is not None else None
    if member is None:
        raise ValidationError(_("Người này không có trong thành phần dự họp."))
    _keep_required_roles(meeting, member, None)
    for sub in db.session.query(Substitution).filter_by(meeting_id=meeting.id, absent_user_id=user.id):
        db.session.delete(sub)
    meeting.members.remove(member)
    db.session.flush()
    index_meeting_entry(meeting)
    announce(seats_changed(actor, meeting))
    if not has_perm(user, Perm.MEETING_VIEW, meeting):  # the secretariat, say, still sees every meeting
        access_lost.send(user_id=user.id, meeting_id=meeting.id, reason="removed")
