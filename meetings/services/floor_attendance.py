"""Attendance on the floor and the quorum it makes.

A member checks in from the tablet, in the room or online (through the meeting's video link); the
secretary (``attendance.manage``) checks people in who have no tablet, marks them absent with a
reason, late, or gone early. Every change is one ``attendance.changed`` event in the seq log with
the quorum as it now stands.

Who counts (docs/floor.md): the body's members are the meeting's **voting members**, the roles
chair and member — the secretary (văn phòng) runs the meeting but is not a member of the body, and
observers are guests. An approved substitute (dự thay) is not a member of their own: when the rules
say so (``FloorRules.substitutes_count``) they fill the absent member's seat, else they attend
without counting. ``total`` is the number of seats, ``present`` the seats filled now.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app.errors import NotFound, PermissionDenied, ValidationError
from app.extensions import db
from app.models.base import utcnow
from app.permissions import Perm, has_perm, require_perm
from meetings.floor_rules import FloorRules, QuorumStatus
from meetings.models import AttendanceMode, FloorAttendance, Meeting, MeetingRole, MeetingState
from meetings.services.attendance import approved_substitutions
from meetings.services.floor_rules import rules_for
from meetings.services.live import Broadcast, record_event
from meetings.services.text import clean_text

VOTING_ROLES = frozenset({MeetingRole.chair, MeetingRole.member})
EVENT = "attendance.changed"


# -- seats ----------------------------------------------------------------------------------------
def stand_ins(meeting: Meeting) -> dict[int, int]:
    """Approved substitutes → the member whose seat they fill."""
    return {s.substitute_user_id: absent for absent, s in approved_substitutions(meeting).items()}


def seats(meeting: Meeting, standing: dict[int, int] | None = None) -> list[int]:
    """The voting members (chair and members), substitutes aside: the body's seats, in meeting order."""
    standing = stand_ins(meeting) if standing is None else standing
    return [m.user_id for m in meeting.members if m.role in VOTING_ROLES and m.user_id not in standing]


class SeatMap:
    """Who fills which seat under ``rules``, computed once per question."""

    def __init__(self, meeting: Meeting, rules: FloorRules):
        self.rules = rules
        self.standing = stand_ins(meeting)
        self.seats = seats(meeting, self.standing)
        self._seat_set = set(self.seats)

    def seat_of(self, user_id: int) -> int | None:
        """Their own seat, the absent member's (a substitute, when the rules let substitutes count),
        or none (secretary, observer, a substitute who does not count)."""
        if user_id in self.standing:
            return self.standing[user_id] if self.rules.substitutes_count else None
        return user_id if user_id in self._seat_set else None


def rows(meeting: Meeting) -> dict[int, FloorAttendance]:
    return {
        r.user_id: r
        for r in db.session.scalars(sa.select(FloorAttendance).where(FloorAttendance.meeting_id == meeting.id))
    }


def present_seats(meeting: Meeting, rules: FloorRules | None = None) -> set[int]:
    seat_map = SeatMap(meeting, rules or rules_for(meeting))
    filled = {seat_map.seat_of(uid) for uid, row in rows(meeting).items() if row.present}
    return filled - {None}


def quorum_status(meeting: Meeting, rules: FloorRules | None = None) -> QuorumStatus:
    rules = rules or rules_for(meeting)
    return rules.quorum_status(len(seats(meeting)), len(present_seats(meeting, rules)))


def quorum_dict(status: QuorumStatus) -> dict:
    return {
        "holds": status.holds,
        "required": status.required,
        "present": status.present,
        "total": status.total,
        "margin": status.margin,
    }


def require_quorum(meeting: Meeting) -> QuorumStatus:
    """Refuse (409, "Cần ít nhất 6/9 thành viên; hiện có 5.") unless the quorum holds."""
    status = quorum_status(meeting)
    if not status.holds:
        raise ValidationError(status.message, status_code=409)
    return status


# -- reading --------------------------------------------------------------------------------------
def attendance_list(meeting: Meeting) -> list[dict]:
    """Everyone who may attend (observers aside), in meeting order, with their floor attendance."""
    found, standing = rows(meeting), stand_ins(meeting)
    voting = set(seats(meeting))
    out = []
    for member in meeting.members:
        if member.role == MeetingRole.observer:
            continue
        row = found.get(member.user_id)
        entry = (
            row.to_dict()
            if row is not None
            else {
                "user_id": member.user_id,
                "status": "unknown",
                "mode": None,
                "checked_in_at": None,
                "left_at": None,
                "late": False,
                "absent_reason": "",
            }
        )
        entry.update(
            name=member.user.full_name,
            role=member.role.value,
            voting=member.user_id in voting,
            stands_in_for=standing.get(member.user_id),
        )
        out.append(entry)
    return out


def attendance_state(meeting: Meeting) -> dict:
    return {"attendance": attendance_list(meeting), "quorum": quorum_dict(quorum_status(meeting))}


# -- changes --------------------------------------------------------------------------------------
def _target(actor, meeting: Meeting, user_id) -> int:
    """Oneself (``attendance.check_in``) or, for the secretary, anyone expected at the meeting."""
    if user_id is None or user_id == actor.id:
        require_perm(actor, Perm.ATTENDANCE_CHECK_IN, meeting)
        return actor.id
    if isinstance(user_id, bool) or not isinstance(user_id, int):
        raise ValidationError(_("Mã người dự họp (user_id) không hợp lệ."))
    if not has_perm(actor, Perm.ATTENDANCE_MANAGE, meeting):
        require_perm(actor, Perm.MEETING_VIEW, meeting)  # 404 for outsiders
        raise PermissionDenied(_("Chỉ thư ký mới điểm danh thay người khác."))
    role = next((m.role for m in meeting.members if m.user_id == user_id), None)
    if role is None or role == MeetingRole.observer:
        raise NotFound(_("Người này không có trong thành phần dự họp."))
    return user_id


def _row(meeting: Meeting, user_id: int) -> FloorAttendance:
    row = db.session.scalar(
        sa.select(FloorAttendance).where(FloorAttendance.meeting_id == meeting.id, FloorAttendance.user_id == user_id)
    )
    if row is None:
        row = FloorAttendance(meeting_id=meeting.id, user_id=user_id)
        db.session.add(row)
    return row


def _changed(actor, meeting: Meeting, row: FloorAttendance) -> list[Broadcast]:
    row.marked_by_id, row.updated_at = actor.id, utcnow()
    db.session.flush()
    return [
        record_event(
            meeting, EVENT, {"attendance": row.to_dict(), "quorum": quorum_dict(quorum_status(meeting)), "by": actor.id}
        )
    ]


def seats_changed(actor, meeting: Meeting) -> list[Broadcast]:
    """The seats changed — a member added or removed, a role changed, a substitute approved: one
    ``attendance.changed`` without an attendance row, with the quorum as it now stands, so every open
    console (and the projector) shows it live. Only once the members were invited (published or in
    session): nobody follows a draft live, and a closed meeting's quorum no longer moves."""
    if meeting.state not in (MeetingState.published, MeetingState.in_session):
        return []
    db.session.flush()
    payload = {"attendance": None, "quorum": quorum_dict(quorum_status(meeting)), "by": actor.id}
    return [record_event(meeting, EVENT, payload)]


def check_in(actor, meeting: Meeting, mode="in_room", user_id=None) -> list[Broadcast]:
    """Check in (again), in the room or online; after the start it is a late arrival. Checking in the
    same way twice changes nothing."""
    user_id = _target(actor, meeting, user_id)
    try:
        mode = AttendanceMode(mode)
    except ValueError:
        raise ValidationError(
            _("Hình thức tham dự phải là in_room (tại phòng họp) hoặc online (trực tuyến).")
        ) from None
    if mode == AttendanceMode.online and not meeting.video_url:
        raise ValidationError(_("Cuộc họp này không có đường dẫn họp trực tuyến."))
    row = _row(meeting, user_id)
    if row.present and row.mode == mode:
        return []
    if row.checked_in_at is None or row.absent:
        row.checked_in_at = utcnow()
        row.late = meeting.state == MeetingState.in_session
    row.mode, row.left_at, row.absent, row.absent_reason = mode, None, False, ""
    return _changed(actor, meeting, row)


def _managed(actor, meeting: Meeting, user_id) -> FloorAttendance:
    require_perm(actor, Perm.ATTENDANCE_MANAGE, meeting)
    if user_id is None:
        raise ValidationError(_("Vui lòng chọn người dự họp."))
    return _row(meeting, _target(actor, meeting, user_id))


def mark_absent(actor, meeting: Meeting, user_id, reason="") -> list[Broadcast]:
    """The secretary marks someone absent, with the reason the minutes will state."""
    reason = clean_text(reason, max_len=500, too_long=_("Lý do dài quá 500 ký tự."))
    row = _managed(actor, meeting, user_id)
    if row.absent and row.absent_reason == reason:
        return []
    row.absent, row.absent_reason = True, reason
    row.checked_in_at, row.left_at, row.mode, row.late = None, None, None, False
    return _changed(actor, meeting, row)


def mark_late(actor, meeting: Meeting, user_id, late=True) -> list[Broadcast]:
    if not isinstance(late, bool):
        raise ValidationError(_("Giá trị «đến muộn» phải là true hoặc false."))
    row = _managed(actor, meeting, user_id)
    if row.checked_in_at is None:
        raise ValidationError(_("Người này chưa điểm danh."))
    if row.late == late:
        return []
    row.late = late
    return _changed(actor, meeting, row)


def mark_left(actor, meeting: Meeting, user_id) -> list[Broadcast]:
    """Gone before the end (về sớm): no longer counted for the quorum; checking in again undoes it."""
    row = _managed(actor, meeting, user_id)
    if not row.present:
        raise ValidationError(_("Người này hiện không có mặt."))
    row.left_at = utcnow()
    return _changed(actor, meeting, row)


ACTIONS = ("check_in", "absent", "late", "on_time", "left")


def mark_attendance(actor, meeting: Meeting, action, user_id=None, *, mode="in_room", reason="") -> list[Broadcast]:
    """One entry point for the socket and HTTP paths."""
    if action == "check_in":
        return check_in(actor, meeting, mode, user_id)
    if action == "absent":
        return mark_absent(actor, meeting, user_id, reason)
    if action in ("late", "on_time"):
        return mark_late(actor, meeting, user_id, action == "late")
    if action == "left":
        return mark_left(actor, meeting, user_id)
    require_perm(actor, Perm.MEETING_VIEW, meeting)
    raise ValidationError(_("Thao tác điểm danh không hợp lệ: dùng một trong %(actions)s.", actions=", ".join(ACTIONS)))
