"""Meetings: create, edit, and move through draft → published → in_session → closed (or cancelled)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import gettext as _

from app.errors import ValidationError
from app.extensions import db
from app.models import Body, BodyOffice, User
from app.models.base import utcnow
from app.permissions import Perm, require_perm
from app.text import clean_line
from meetings.archive.search_index import index_meeting, index_meeting_entry
from meetings.models import Meeting, MeetingKind, MeetingMember, MeetingRole, MeetingState
from meetings.services.notifications import invitation_notice, notice, notify_members
from meetings.services.text import clean_text

S = MeetingState
# action → (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[MeetingState], MeetingState]] = {
    "publish": (frozenset({S.draft}), S.published),
    "start": (frozenset({S.published}), S.in_session),
    "close": (frozenset({S.in_session}), S.closed),
    "cancel": (frozenset({S.draft, S.published}), S.cancelled),
}
EDITABLE_STATES = frozenset({S.draft, S.published, S.in_session})
# action → the column that records when it really happened (the minutes state started/ended, not the
# schedule; published_at keeps a cancelled draft hidden from its plain members: app/permissions.py)
ACTUAL_TIMES = {"publish": "published_at", "start": "started_at", "close": "ended_at"}


def _action_label(action: str) -> str:
    return {"publish": _("công bố"), "start": _("bắt đầu"), "close": _("kết thúc"), "cancel": _("hủy")}[action]


def require_editable(meeting: Meeting) -> None:
    if meeting.state not in EDITABLE_STATES:
        raise ValidationError(_("Cuộc họp ở trạng thái «%(state)s», không thể thay đổi.", state=meeting.state.label))


def _clean(data: dict, *, partial: bool, current: int | None = None) -> dict:
    """Validate the fields given; with ``partial`` absent fields are left alone."""
    out = {}
    if "title" in data or not partial:
        out["title"] = clean_text(
            data.get("title"),
            max_len=300,
            required=_("Vui lòng nhập tên cuộc họp."),
            too_long=_("Tên cuộc họp dài quá 300 ký tự."),
        )
    if "body_id" in data or "body" in data or not partial:
        # the relationship, not the id: a loaded ``host_body`` would otherwise keep the old name
        out["host_body"] = active_body(data.get("body_id"), data.get("body"), current=current)
    if "kind" in data or not partial:
        kind = data.get("kind") or MeetingKind.regular
        try:
            out["kind"] = kind if isinstance(kind, MeetingKind) else MeetingKind(kind)
        except ValueError:
            raise ValidationError(_("Loại cuộc họp không hợp lệ: %(kind)s.", kind=kind)) from None
    for key in ("starts_at", "ends_at"):
        if key in data or not partial:
            value = data.get(key)
            if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
                raise ValidationError(_("Thời gian phải kèm múi giờ."))
            out[key] = value
    if "place" in data or not partial:
        out["place"] = clean_text(data.get("place"), max_len=300, too_long=_("Địa điểm dài quá 300 ký tự."))
    if "video_url" in data or not partial:
        url = clean_text(data.get("video_url"), max_len=500, too_long=_("Đường dẫn dài quá 500 ký tự.")) or None
        if url is not None:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValidationError(_("Đường dẫn họp trực tuyến phải là địa chỉ http(s) hợp lệ."))
        out["video_url"] = url
    return out


def active_body(body_id, name=None, *, current: int | None = None) -> Body:
    """The body a meeting is held by: chosen by id (the form, ``body_id`` in the API) or, for older
    API clients, by its exact name; dissolved bodies hold no new meetings."""
    body = None
    if body_id not in (None, ""):
        try:
            body = db.session.get(Body, int(body_id))
        except (TypeError, ValueError):
            body = None
        if body is None:
            raise ValidationError(_("Không có cơ quan này."))
    elif clean_line(name):
        wanted = clean_line(name)
        body = db.session.scalar(sa.select(Body).where(Body.name == wanted))
        if body is None:
            raise ValidationError(_("Không có cơ quan «%(name)s»; hãy chọn trong danh sách cơ quan.", name=wanted))
    if body is None:
        raise ValidationError(_("Vui lòng chọn cơ quan chủ trì."))
    if body.dissolved_on is not None and body.id != current:
        raise ValidationError(_("%(name)s không còn hoạt động (%(status)s).", name=body.name, status=body.status_text))
    return body


def _check_times(starts_at, ends_at) -> None:
    if starts_at is None:
        raise ValidationError(_("Vui lòng nhập thời gian bắt đầu."))
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError(_("Thời gian kết thúc phải sau thời gian bắt đầu."))


def create_meeting(actor, **data) -> Meeting:
    require_perm(actor, Perm.MEETING_CREATE)
    fields = _clean(data, partial=False)
    _check_times(fields["starts_at"], fields["ends_at"])
    meeting = Meeting(state=MeetingState.draft, created_by_id=actor.id, **fields)
    db.session.add(meeting)
    db.session.flush()
    propose_members(meeting)
    index_meeting_entry(meeting)
    return meeting


OFFICE_ROLES = {BodyOffice.chairman: MeetingRole.chair}  # other offices: member


def body_members_missing(meeting: Meeting) -> list[tuple[User, MeetingRole]]:
    """The body's standing members in office on the meeting's day who are not in the meeting yet,
    with the role they would take: the Chủ tịch as chair (when the meeting has none), everyone
    else as a member; in office order."""
    from meetings.localtime import LOCAL_TZ

    day = meeting.starts_at.astimezone(LOCAL_TZ).date()
    serving = [m for m in meeting.host_body.members if m.serves_on(day) and m.user.is_active_account]
    present = {m.user_id for m in meeting.members}
    chair_taken = bool(meeting.members_with_role(MeetingRole.chair))
    missing: list[tuple[User, MeetingRole]] = []
    for standing in sorted(serving, key=lambda m: list(BodyOffice).index(m.office)):
        if standing.user_id in present:
            continue
        present.add(standing.user_id)
        role = OFFICE_ROLES.get(standing.office, MeetingRole.member)
        if role is MeetingRole.chair and chair_taken:
            role = MeetingRole.member
        chair_taken |= role is MeetingRole.chair
        missing.append((standing.user, role))
    return missing


def propose_members(meeting: Meeting) -> list[MeetingMember]:
    """A new (draft) meeting's members, proposed from its body's standing members in office on the
    meeting's day (``body_members_missing``). The secretary changes them on the manage page before
    publishing (a draft invites no one)."""
    added = [
        MeetingMember(meeting_id=meeting.id, user_id=user.id, role=role) for user, role in body_members_missing(meeting)
    ]
    db.session.add_all(added)
    db.session.flush()
    db.session.refresh(meeting, ["members"])
    return added


def update_meeting(actor, meeting: Meeting, **data) -> Meeting:
    require_perm(actor, Perm.MEETING_EDIT, meeting)
    require_editable(meeting)
    fields = _clean(data, partial=True, current=meeting.body_id)
    _check_times(fields.get("starts_at", meeting.starts_at), fields.get("ends_at", meeting.ends_at))
    changed = [k for k, v in fields.items() if getattr(meeting, k) != v]
    for key in changed:
        setattr(meeting, key, fields[key])
    db.session.flush()
    if changed:
        index_meeting_entry(meeting)
    if changed and meeting.state in (S.published, S.in_session):
        notify_members(
            meeting,
            notice("Thông tin cuộc họp đã thay đổi. %(invitation)s", invitation=invitation_notice(meeting)),
            skip=actor,
        )
    return meeting


def _transition(actor, meeting: Meeting, action: str) -> Meeting:
    require_perm(actor, Perm.MEETING_EDIT, meeting)
    allowed_from, target = TRANSITIONS[action]
    if meeting.state not in allowed_from:
        raise ValidationError(
            _(
                "Không thể %(action)s cuộc họp đang ở trạng thái «%(state)s».",
                action=_action_label(action),
                state=meeting.state.label,
            ),
            status_code=409,
        )
    meeting.state = target
    if action in ACTUAL_TIMES:
        setattr(meeting, ACTUAL_TIMES[action], utcnow())
    db.session.flush()
    return meeting


def publish_meeting(actor, meeting: Meeting) -> Meeting:
    require_perm(actor, Perm.MEETING_EDIT, meeting)
    if meeting.state == S.draft:
        for role, missing in (
            (MeetingRole.chair, _("Cuộc họp cần đúng một người chủ trì trước khi công bố.")),
            (MeetingRole.secretary, _("Cuộc họp cần đúng một thư ký trước khi công bố.")),
        ):
            if len(meeting.members_with_role(role)) != 1:
                raise ValidationError(missing)
    _transition(actor, meeting, "publish")
    notify_members(meeting, invitation_notice(meeting), skip=actor)
    from documents.models import Document
    from meetings.services.documents.uploads import prepare_copies_after_commit

    for document in db.session.scalars(sa.select(Document).where(Document.meeting_id == meeting.id)):
        prepare_copies_after_commit(document)  # the members' copies are ready before the session opens
    return meeting


def start_meeting(actor, meeting: Meeting) -> Meeting:
    """Open the session — only when the quorum holds (checked-in members, meetings/services/floor_attendance.py):
    otherwise a 409 that says the session cannot start, how many are needed and how many are here,
    and where members are checked in (a secretary pressing "Bắt đầu họp" on a fresh meeting saw only
    "Cần ít nhất 6/8 thành viên; hiện có 0." with no hint that check-in comes first)."""
    from meetings.services.floor_attendance import quorum_status

    require_perm(actor, Perm.MEETING_EDIT, meeting)
    if meeting.state in TRANSITIONS["start"][0]:
        status = quorum_status(meeting)
        if not status.holds:
            raise ValidationError(
                _(
                    "Chưa thể bắt đầu họp: %(quorum)s Thành viên bấm «Điểm danh có mặt» trên máy tính bảng, "
                    "hoặc thư ký điểm danh hộ tại «Điều hành phiên họp».",
                    quorum=status.message,
                ),
                status_code=409,
            )
    return _transition(actor, meeting, "start")


def close_meeting(actor, meeting: Meeting) -> Meeting:
    from meetings.services.substitutions import close_pending_substitutions  # it imports this module
    from meetings.services.votes import require_no_open_vote

    require_perm(actor, Perm.MEETING_EDIT, meeting)
    if meeting.state in TRANSITIONS["close"][0]:
        require_no_open_vote(meeting)
    _transition(actor, meeting, "close")
    close_pending_substitutions(actor, meeting)
    index_meeting(meeting)  # it enters the archive as it is now: meeting, agenda, documents
    return meeting


def cancel_meeting(actor, meeting: Meeting) -> Meeting:
    was_published = meeting.state == S.published
    _transition(actor, meeting, "cancel")
    if was_published:
        notify_members(meeting, notice("Cuộc họp «%(title)s» đã bị hủy.", title=meeting.title), skip=actor)
    return meeting
