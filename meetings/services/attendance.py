"""Who attended, as the minutes state it: proposed from what the meeting holds, decided by the secretary.

For each member (observers aside) the line comes from the first of these that speaks:

1. an :class:`AttendanceRecord` the secretary saved (``record``) — always wins;
2. an approved "dự thay" substitution (``substitution``): the member is absent and the substitute
   attends in their place; the substitute is not listed again as an ordinary member;
3. the floor (``floor``): the member checked in (in the room or online; present, with the time,
   "đến muộn", "về sớm" in ``note``) or the secretary marked them absent on the chair's console
   (absent, with the reason given there) — meetings/services/floor_attendance.py;
4. the live session (``live``): if any ``presence.changed`` event was recorded, a member who was
   in a present list is proposed present;
5. the chair and the secretary of a meeting that was held (started in the app, or with a live
   session) are proposed present (``conduct``): they run it from the manage page, often without
   opening the tablet viewer, so the live presence does not see them;
6. otherwise: with a live session, absent (``live``; the reason is for the secretary); without
   one, present (``default``).

The minutes (page and PDF) are built from :func:`attendance_entries` only, through
``meetings.services.minutes.minutes_document``.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import pgettext

from app.extensions import db
from meetings.localtime import LOCAL_TZ
from meetings.models import (
    AttendanceMode,
    AttendanceRecord,
    AttendanceStatus,
    FloorAttendance,
    Meeting,
    MeetingEvent,
    MeetingMember,
    MeetingRole,
    Substitution,
    SubstitutionState,
)

PRESENCE_EVENT = "presence.changed"
SOURCES = ("record", "substitution", "floor", "live", "conduct", "default")
CONDUCTING_ROLES = frozenset({MeetingRole.chair, MeetingRole.secretary})


@dataclass(frozen=True)
class Proposal:
    """What the meeting itself says about one member's attendance."""

    status: AttendanceStatus
    source: str  # substitution | floor | live | conduct | default
    reason: str = ""
    substitute_name: str = ""
    note: str = ""  # from the floor: "điểm danh lúc 07:28, trực tuyến", "đến muộn", "về sớm lúc 10:05"

    @property
    def source_label(self) -> str:
        return source_label(self.source)


@dataclass(frozen=True)
class AttendanceEntry:
    member: MeetingMember
    status: AttendanceStatus
    reason: str
    substitute_name: str
    source: str  # one of SOURCES: where ``status`` comes from
    proposal: Proposal  # what the meeting proposes, even when a record overrides it
    record: AttendanceRecord | None = None

    @property
    def user_id(self) -> int:
        return self.member.user_id

    @property
    def note(self) -> str:
        """The floor's times, when the entry says what the floor proposed."""
        return self.proposal.note if self.status == self.proposal.status else ""

    @property
    def reason_missing(self) -> bool:
        return self.status == AttendanceStatus.absent and not self.reason

    @property
    def overrides_proposal(self) -> bool:
        return self.record is not None and (self.proposal.status, self.proposal.substitute_name) != (
            self.status,
            self.substitute_name if self.status == AttendanceStatus.substitute else "",
        )

    @property
    def source_label(self) -> str:
        return source_label(self.source)


def source_label(source: str) -> str:
    return {
        "record": _("Thư ký đã ghi"),
        "substitution": _("Theo đề nghị dự thay đã duyệt"),
        "floor": _("Theo điểm danh tại phiên họp"),
        "live": _("Theo phiên họp trực tuyến"),
        # the chair or secretary present because they ran the session: its own context, so that the
        # console's button and title ("Điều hành phiên họp", imperative) translate apart from it
        "conduct": pgettext("nguồn điểm danh", "Điều hành phiên họp"),
        "default": _("Mặc định có mặt (không có phiên họp trực tuyến)"),
    }[source]


def person_line(user) -> str:
    return f"{user.full_name} – {user.position}" if user.position else user.full_name


def _session_presence(meeting: Meeting) -> list[list]:
    """The present lists that describe the session itself. Once the meeting was started in the app,
    only the list in force at the start and those recorded until it closed count: opening the
    tablet viewer to read the documents days before, or after the close, is not attending.
    A meeting never started in the app keeps every list it has."""
    rows = list(
        db.session.execute(
            sa.select(MeetingEvent.created_at, MeetingEvent.payload)
            .where(MeetingEvent.meeting_id == meeting.id, MeetingEvent.event == PRESENCE_EVENT)
            .order_by(MeetingEvent.seq)
        )
    )
    if meeting.started_at is None:
        return [(payload or {}).get("present", []) for _at, payload in rows]
    at_start = [payload for at, payload in rows if at < meeting.started_at][-1:]
    during = [
        payload
        for at, payload in rows
        if at >= meeting.started_at and (meeting.ended_at is None or at <= meeting.ended_at)
    ]
    return [(payload or {}).get("present", []) for payload in at_start + during]


def had_live_session(meeting: Meeting) -> bool:
    """Someone had the tablet viewer open during the session."""
    return any(_session_presence(meeting))


def ever_present(meeting: Meeting) -> set[int]:
    """Everyone who was in at least one present list of the session."""
    return {uid for present in _session_presence(meeting) for uid in present if isinstance(uid, int)}


def approved_substitutions(meeting: Meeting) -> dict[int, Substitution]:
    """Approved substitutions by absent member, for members still in the meeting."""
    members = {m.user_id for m in meeting.members if m.role != MeetingRole.observer}
    rows = db.session.scalars(
        sa.select(Substitution)
        .where(Substitution.meeting_id == meeting.id, Substitution.state == SubstitutionState.approved)
        .order_by(Substitution.id)
    )
    return {s.absent_user_id: s for s in rows if s.absent_user_id in members}


def standing_in_for(meeting: Meeting) -> dict:
    """Approved substitutes → the member each attends in place of (for "Thành viên (dự thay Y)")."""
    return {s.substitute_user_id: s.absent_user for s in approved_substitutions(meeting).values()}


def floor_note(row: FloorAttendance) -> str:
    """What the minutes say of a check-in (Vietnamese, the minutes' language): "điểm danh lúc 07:28,
    trực tuyến, đến muộn, về sớm lúc 10:05"."""
    parts = ["điểm danh lúc " + row.checked_in_at.astimezone(LOCAL_TZ).strftime("%H:%M")]
    if row.mode == AttendanceMode.online:
        parts.append("trực tuyến")
    if row.late:
        parts.append("đến muộn")
    if row.left_at is not None:
        parts.append("về sớm lúc " + row.left_at.astimezone(LOCAL_TZ).strftime("%H:%M"))
    return ", ".join(parts)


def _floor_proposal(row: FloorAttendance | None) -> Proposal | None:
    if row is None:
        return None
    if row.absent:
        return Proposal(AttendanceStatus.absent, "floor", row.absent_reason)
    if row.checked_in_at is not None:
        return Proposal(AttendanceStatus.present, "floor", note=floor_note(row))
    return None


def _proposals(
    meeting: Meeting, members: list[MeetingMember], substitutions: dict[int, Substitution]
) -> dict[int, Proposal]:
    live = had_live_session(meeting)
    seen = ever_present(meeting) if live else set()
    held = live or meeting.started_at is not None
    floor = {
        r.user_id: r
        for r in db.session.scalars(sa.select(FloorAttendance).where(FloorAttendance.meeting_id == meeting.id))
    }
    out = {}
    for member in members:
        sub = substitutions.get(member.user_id)
        checked = _floor_proposal(floor.get(member.user_id))
        if sub is not None:
            out[member.user_id] = Proposal(
                AttendanceStatus.substitute, "substitution", sub.reason or "", person_line(sub.substitute_user)
            )
        elif checked is not None:
            out[member.user_id] = checked
        elif member.user_id in seen:
            out[member.user_id] = Proposal(AttendanceStatus.present, "live")
        elif held and member.role in CONDUCTING_ROLES:
            out[member.user_id] = Proposal(AttendanceStatus.present, "conduct")
        elif live:
            out[member.user_id] = Proposal(AttendanceStatus.absent, "live")
        else:
            out[member.user_id] = Proposal(AttendanceStatus.present, "default")
    return out


def attendance_entries(meeting: Meeting) -> list[AttendanceEntry]:
    """One entry per member in meeting order; observers and approved substitutes are not lines of their own."""
    substitutions = approved_substitutions(meeting)
    stand_ins = {s.substitute_user_id for s in substitutions.values()}
    members = [m for m in meeting.members if m.role != MeetingRole.observer and m.user_id not in stand_ins]
    records = {
        r.user_id: r
        for r in db.session.scalars(sa.select(AttendanceRecord).where(AttendanceRecord.meeting_id == meeting.id))
    }
    proposals = _proposals(meeting, members, substitutions)
    entries = []
    for member in members:
        proposal, record = proposals[member.user_id], records.get(member.user_id)
        if record is not None:
            entries.append(
                AttendanceEntry(
                    member, record.status, record.reason, record.substitute_name, "record", proposal, record
                )
            )
        else:
            entries.append(
                AttendanceEntry(
                    member, proposal.status, proposal.reason, proposal.substitute_name, proposal.source, proposal
                )
            )
    return entries
