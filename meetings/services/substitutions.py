"""Dự thay: a member names who attends in their place; the secretariat approves or rejects."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app.announcements import announce
from app.errors import NotFound, ValidationError
from app.extensions import db
from app.models.base import utcnow
from app.permissions import Perm, require_perm
from app.text import clean_line
from meetings.archive.search_index import index_meeting_entry
from meetings.models import Meeting, MeetingMember, MeetingRole, Substitution, SubstitutionState
from meetings.services.floor_attendance import seats_changed
from meetings.services.meetings import require_editable
from meetings.services.members import _user
from meetings.services.notifications import notice, notify_users


def request_substitution(actor, meeting: Meeting, substitute, reason: str = "") -> Substitution:
    require_perm(actor, Perm.SUBSTITUTE_REQUEST, meeting)
    require_editable(meeting)
    substitute = _user(substitute)
    reason = clean_line(reason)
    if len(reason) > 500:
        raise ValidationError(_("Lý do dài quá 500 ký tự."))
    if (
        db.session.scalar(
            sa.select(Substitution.id).where(
                Substitution.meeting_id == meeting.id,
                Substitution.substitute_user_id == actor.id,
                Substitution.state == SubstitutionState.approved,
            )
        )
        is not None
    ):
        raise ValidationError(_("Người dự thay không thể cử người khác dự thay tiếp."))
    if substitute.id == actor.id:
        raise ValidationError(_("Người dự thay phải là người khác."))
    if meeting.role_of(substitute) is not None:
        raise ValidationError(_("%(name)s đã có trong thành phần dự họp.", name=substitute.full_name))
    open_request = db.session.scalar(
        sa.select(Substitution).where(
            Substitution.meeting_id == meeting.id,
            Substitution.absent_user_id == actor.id,
            Substitution.state != SubstitutionState.rejected,
        )
    )
    if open_request is not None:
        raise ValidationError(_("Bạn đã cử người dự thay cho cuộc họp này."))
    sub = Substitution(meeting_id=meeting.id, absent_user_id=actor.id, substitute_user_id=substitute.id, reason=reason)
    db.session.add(sub)
    db.session.flush()
    preparers = [m.user for m in meeting.members if m.role == MeetingRole.secretary]
    notify_users(
        preparers,
        meeting,
        notice(
            "%(absent)s đề nghị %(sub)s dự thay tại cuộc họp «%(title)s».",
            absent=actor.full_name,
            sub=substitute.full_name,
            title=meeting.title,
        ),
    )
    return sub


def get_substitution(meeting: Meeting, substitution_id: int) -> Substitution:
    sub = db.session.get(Substitution, substitution_id)
    if sub is None or sub.meeting_id != meeting.id:
        raise NotFound()
    return sub


def decide_substitution(actor, meeting: Meeting, sub: Substitution, approve: bool) -> Substitution:
    require_perm(actor, Perm.MEETING_EDIT, meeting)
    require_editable(meeting)
    if sub.meeting_id != meeting.id:
        raise NotFound()
    if sub.state != SubstitutionState.pending:
        raise ValidationError(_("Đề nghị dự thay này đã được xử lý."), status_code=409)
    if approve:
        if meeting.role_of(sub.absent_user) is None:
            raise ValidationError(_("Người cử dự thay không còn trong thành phần dự họp."))
        if meeting.role_of(sub.substitute_user) is not None:
            raise ValidationError(_("%(name)s đã có trong thành phần dự họp.", name=sub.substitute_user.full_name))
        db.session.add(MeetingMember(meeting=meeting, user=sub.substitute_user, role=MeetingRole.member))
    sub.state = SubstitutionState.approved if approve else SubstitutionState.rejected
    sub.decided_by_id, sub.decided_at = actor.id, utcnow()
    db.session.flush()
    if approve:
        index_meeting_entry(meeting)  # the substitute is now one of its members
        announce(seats_changed(actor, meeting))  # they fill the absent member's seat as the rules say
    if approve:
        message = notice(
            "Đã duyệt: %(sub)s dự thay %(absent)s tại cuộc họp «%(title)s».",
            sub=sub.substitute_user.full_name,
            absent=sub.absent_user.full_name,
            title=meeting.title,
        )
    else:
        message = notice(
            "Không duyệt đề nghị %(sub)s dự thay %(absent)s tại cuộc họp «%(title)s».",
            sub=sub.substitute_user.full_name,
            absent=sub.absent_user.full_name,
            title=meeting.title,
        )
    notify_users([sub.absent_user] + ([sub.substitute_user] if approve else []), meeting, message, skip=actor)
    return sub


def substitution_of(meeting: Meeting, user) -> Substitution | None:
    """The user's latest request for this meeting, if any."""
    return db.session.scalar(
        sa.select(Substitution)
        .where(Substitution.meeting_id == meeting.id, Substitution.absent_user_id == user.id)
        .order_by(Substitution.id.desc())
        .limit(1)
    )


def close_pending_substitutions(actor, meeting: Meeting) -> list[Substitution]:
    """When the meeting ends, requests nobody decided are closed as not approved (the minutes then
    follow the live session for those members), and each requester is told."""
    pending = list(
        db.session.scalars(
            sa.select(Substitution).where(
                Substitution.meeting_id == meeting.id, Substitution.state == SubstitutionState.pending
            )
        )
    )
    for sub in pending:
        sub.state, sub.decided_by_id, sub.decided_at = SubstitutionState.rejected, actor.id, utcnow()
        notify_users(
            [sub.absent_user],
            meeting,
            notice(
                "Đề nghị cử %(sub)s dự thay tại cuộc họp «%(title)s» chưa được duyệt khi cuộc họp kết thúc.",
                sub=sub.substitute_user.full_name,
                title=meeting.title,
            ),
            skip=actor,
        )
    db.session.flush()
    return pending
