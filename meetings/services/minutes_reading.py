"""Minutes as they read now: the draft, who attended, the content per agenda item, who signs next,
and the plain :class:`~documents.minutes_pdf.MinutesDocument` the page and the PDF are drawn from.
Editing, signing and verifying are in meetings/services/minutes.py, which re-exports these."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from app.extensions import db
from app.models.body import BodyLevel
from app.permissions import Perm, can_view_document, has_perm
from documents.minutes_pdf import SIGNATURE_FIELDS, AttendeeLine, MinutesDocument, MinutesItem, Person
from meetings.models import (
    AgendaConclusion,
    AttendanceStatus,
    Meeting,
    MeetingRole,
    MeetingState,
    MinutesDraft,
    MinutesState,
)
from meetings.services import minutes_records
from meetings.services.agenda import flat_agenda
from meetings.services.attendance import AttendanceEntry, attendance_entries
from meetings.services.floor_attendance import VOTING_ROLES
from meetings.services.floor_rules import rules_for
from meetings.services.minutes_floor import speeches_of, votes_by_item

# "Nơi nhận" proposed for a new draft, by the level of the body that meets: a commune's minutes go to
# the commune's Party committee and People's Council, not to a district's (districts were dissolved on
# 30/06/2025; DEFAULT_RECIPIENTS stays the wording of their historical records).
DEFAULT_RECIPIENTS = "Thường trực Huyện ủy\nThường trực HĐND huyện\nCác thành viên UBND huyện\nLưu: VT"
PROVINCE_RECIPIENTS = "Thường trực Tỉnh ủy\nThường trực HĐND tỉnh\nCác thành viên UBND tỉnh\nLưu: VT"
CITY_RECIPIENTS = "Thường trực Thành ủy\nThường trực HĐND thành phố\nCác thành viên UBND thành phố\nLưu: VT"
COMMUNE_RECIPIENTS = "Thường trực Đảng ủy {unit}\nThường trực HĐND {unit}\nCác thành viên UBND {unit}\nLưu: VT"
COMMUNE_UNITS = ("đặc khu", "phường", "xã")  # "UBND phường Cao Lãnh" → "phường"


def default_recipients(meeting: Meeting) -> str:
    """The "Nơi nhận" lines a new draft starts with, for the level of the meeting's body."""
    body = meeting.host_body
    level = body.level if body is not None else None
    name = (body.name if body is not None else "").lower()
    if level == BodyLevel.province:
        return CITY_RECIPIENTS if "thành phố" in name else PROVINCE_RECIPIENTS
    if level == BodyLevel.commune:
        unit = next((word for word in COMMUNE_UNITS if f" {word} " in f" {name} "), "xã")
        return COMMUNE_RECIPIENTS.format(unit=unit)
    return DEFAULT_RECIPIENTS


MAX_TEXT = 100_000
MAX_VERIFY_BYTES = 50 * 1024 * 1024
# Who signs which field, in order: the secretary first, then the chair.
SIGNING_ORDER = ((MeetingRole.secretary, SIGNATURE_FIELDS[0]), (MeetingRole.chair, SIGNATURE_FIELDS[1]))


# -- reading ----------------------------------------------------------------------------------
def get_draft(meeting: Meeting) -> MinutesDraft | None:
    return db.session.scalar(sa.select(MinutesDraft).where(MinutesDraft.meeting_id == meeting.id))


def attendance_of(meeting: Meeting) -> list[AttendanceEntry]:
    """Who attended: the secretary's records, else what the live session and approved substitutions
    propose (see meetings/services/attendance.py)."""
    return attendance_entries(meeting)


def conclusions_of(meeting: Meeting) -> dict[int, str]:
    return {
        c.agenda_item_id: c.text
        for c in db.session.scalars(sa.select(AgendaConclusion).where(AgendaConclusion.meeting_id == meeting.id))
    }


def signature_count(meeting: Meeting) -> int:
    record = minutes_records.latest_signed(meeting.id)
    return record.signatures if record else 0


def latest_signed(meeting: Meeting):
    return minutes_records.latest_signed(meeting.id)


def next_signer_role(meeting: Meeting) -> MeetingRole | None:
    count = signature_count(meeting)
    return SIGNING_ORDER[count][0] if count < len(SIGNING_ORDER) else None


def may_sign_now(actor, meeting: Meeting) -> bool:
    draft = get_draft(meeting)
    return (
        has_perm(actor, Perm.MINUTES_SIGN, meeting)
        and meeting.state == MeetingState.closed
        and draft is not None
        and draft.state == MinutesState.locked
        and next_signer_role(meeting) is not None
        and meeting.role_of(actor) == next_signer_role(meeting)
    )


def _person(user) -> Person | None:
    return Person(user.full_name, user.position) if user is not None else None


def _guest(user) -> Person:
    """A khách mời as listed in the minutes: "Name – position, unit" (the unit left out when the position names it)."""
    position, unit = (user.position or "").strip(), (user.unit or "").strip()
    if unit and unit.casefold() not in position.casefold():
        position = f"{position}, {unit}" if position else unit
    return Person(user.full_name, position)


def start_time(meeting: Meeting, draft: MinutesDraft | None) -> datetime:
    """When the minutes say the meeting began: the secretary's correction, else when it was really
    started, else (a meeting closed without being started through the app) the scheduled time."""
    return (draft.started_at if draft and draft.started_at else None) or meeting.started_at or meeting.starts_at


def end_time(meeting: Meeting, draft: MinutesDraft | None) -> datetime | None:
    """When the minutes say the meeting ended: the secretary's, else when it was really closed, else the schedule."""
    return (draft.closed_at if draft and draft.closed_at else None) or meeting.ended_at or meeting.ends_at


def _item_documents(item, reader) -> tuple[tuple[str, ...], int]:
    """The titles listed under an agenda item, and how many confidential ("Mật") documents are only
    counted: the PDF (``reader`` None, one signed document for everyone) never names one; the page
    names those ``reader`` may read (app.permissions.can_view_document)."""
    titles, counted = [], 0
    for document in item.documents:
        if not document.confidential:
            titles.append(document.title)
        elif reader is not None and can_view_document(reader, document):
            titles.append(_("%(title)s (Mật)", title=document.title))
        else:
            counted += 1
    return tuple(titles), counted


def minutes_document(
    meeting: Meeting, draft: MinutesDraft | None, *, preview: bool = False, reader=None
) -> MinutesDocument:
    """Everything the PDF shows, assembled from the meeting and the draft. ``preview``: a look before
    signing, marked "DỰ THẢO" (the PDF that gets signed is rendered without it). ``reader``: the
    user the web page shows it to (confidential titles they may read are named); never for the PDF."""
    conclusions, speeches = conclusions_of(meeting), speeches_of(meeting)
    attendees = [
        AttendeeLine(
            _person(e.member.user),
            e.status.value,
            e.reason,
            e.substitute_name if e.status == AttendanceStatus.substitute else "",
            e.note,
            counted=e.member.role in VOTING_ROLES,  # the quorum's seats: chair and members
        )
        for e in attendance_of(meeting)
    ]
    votes = votes_by_item(meeting)
    items = []
    for entry in flat_agenda(meeting):  # 1, 1.1, 1.2, 2 …: sub-items with their own documents and conclusion
        listed, counted = _item_documents(entry.item, reader)
        items.append(
            MinutesItem(
                title=entry.item.title,
                presenter=entry.item.presenter_label or "",
                documents=listed,
                confidential_documents=counted,
                conclusion=conclusions.get(entry.item.id, ""),
                number=entry.number,
                speeches=speeches.get(entry.item.id, ""),
                votes=votes.get(entry.item.id, ()),
            )
        )
    chair = meeting.members_with_role(MeetingRole.chair)
    secretary = meeting.members_with_role(MeetingRole.secretary)
    return MinutesDocument(
        body=meeting.body,
        number=draft.number if draft else "",
        title=meeting.title,
        starts_at=start_time(meeting, draft),
        closed_at=end_time(meeting, draft),
        place=meeting.place,
        attendees=tuple(attendees),
        chair=_person(chair[0] if chair else None),
        secretary=_person(secretary[0] if secretary else None),
        narrative=draft.narrative if draft else "",
        items=tuple(items),
        recipients=tuple(
            line.strip()
            for line in (draft.recipients if draft else default_recipients(meeting)).splitlines()
            if line.strip()
        ),
        timezone=current_app.config["BABEL_DEFAULT_TIMEZONE"],
        substitutes_count=rules_for(meeting).substitutes_count,
        guests=tuple(_guest(user) for user in meeting.members_with_role(MeetingRole.observer)),
        draft=preview and not (draft is not None and draft.state == MinutesState.signed),
    )
