"""The floor: members ask to speak on the agenda item under discussion; the chair and the secretary
give the floor, move to the next speaker, end a speech, strike a request from the queue.

Every change is one ``speaker.changed`` event per agenda item it touched, carrying that item's
whole queue (meetings/services/speaker_queue.py), written to the meeting's seq log so that a
tablet catching up replays it exactly. At most one person has the floor in a meeting: giving it to
someone ends the speech in progress (its duration is kept for the minutes). Commands on one meeting
are serialised by locking its ``live_states`` row first (PostgreSQL; SQLite has one writer).

Services check permission first, validate, write, flush and return the broadcasts; they never commit.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app.errors import NotFound, PermissionDenied, ValidationError
from app.extensions import db
from app.models.base import utcnow
from app.permissions import Perm, require_perm
from meetings.models import AgendaItem, LiveState, MeetingState, SpeakerRequest, SpeakerState
from meetings.services import annotation_data as check
from meetings.services.live import Broadcast, live_state, record_event
from meetings.services.speaker_queue import (
    allotted_seconds,
    current_item,
    item_requests,
    open_request,
    queue_payload,
    speaking_now,
)


def _lock(meeting) -> LiveState:
    """Serialise floor commands of one meeting: the same row ``record_event`` numbers events under."""
    live_state(meeting)
    return db.session.execute(
        sa.select(LiveState).where(LiveState.meeting_id == meeting.id).with_for_update()
    ).scalar_one()


def _item(meeting, agenda_item_id) -> AgendaItem:
    """The item named, or (``None``) the one under discussion."""
    if agenda_item_id is None:
        item = current_item(meeting)
        if item is None:
            raise ValidationError(_("Chưa có nội dung nào đang được thảo luận; chủ tọa cần chọn nội dung trước."))
        return item
    agenda_item_id = check.positive_int(agenda_item_id, _("Mã nội dung (agenda_item_id) không hợp lệ."))
    item = db.session.get(AgendaItem, agenda_item_id)
    if item is None or item.meeting_id != meeting.id:
        raise ValidationError(_("Nội dung không thuộc cuộc họp này."))
    return item


def _request(meeting, request_id) -> SpeakerRequest:
    request_id = check.positive_int(request_id, _("Mã đăng ký phát biểu (id) không hợp lệ."))
    request = db.session.get(SpeakerRequest, request_id)
    if request is None or request.meeting_id != meeting.id:
        raise NotFound(_("Không tìm thấy đăng ký phát biểu."))
    return request


def _require_in_session(meeting) -> None:
    if meeting.state != MeetingState.in_session:
        raise ValidationError(_("Chỉ mời phát biểu khi cuộc họp đang diễn ra."), status_code=409)


def _changed(actor, meeting, item_ids: list[int]) -> list[Broadcast]:
    """One ``speaker.changed`` per touched item, in the order they were touched."""
    broadcasts, now = [], utcnow()
    for item_id in dict.fromkeys(item_ids):
        payload = queue_payload(db.session.get(AgendaItem, item_id), now)
        broadcasts.append(record_event(meeting, "speaker.changed", {**payload, "by": actor.id}))
    return broadcasts


def _end(request: SpeakerRequest) -> int:
    request.state, request.ended_at = SpeakerState.done, utcnow()
    db.session.flush()
    return request.agenda_item_id


def _start(request: SpeakerRequest) -> int:
    request.state, request.started_at = SpeakerState.speaking, utcnow()
    request.allotted_seconds = allotted_seconds(request.agenda_item)
    db.session.flush()
    return request.agenda_item_id


# -- members ----------------------------------------------------------------------------------
def request_floor(actor, meeting, agenda_item_id=None) -> tuple[SpeakerRequest, list[Broadcast]]:
    """Join the queue of the item under discussion (or of ``agenda_item_id``). Asking again while
    one's request is open changes nothing (the same request is answered, no event)."""
    require_perm(actor, Perm.SPEAKER_REQUEST, meeting)
    item = _item(meeting, agenda_item_id)
    _lock(meeting)
    existing = open_request(item.id, actor.id)
    if existing is not None:
        return existing, []
    last = db.session.scalar(
        sa.select(sa.func.max(SpeakerRequest.position)).where(SpeakerRequest.agenda_item_id == item.id)
    )
    request = SpeakerRequest(
        meeting_id=meeting.id,
        agenda_item_id=item.id,
        user_id=actor.id,
        state=SpeakerState.requested,
        position=(last or 0) + 1,
        requested_at=utcnow(),
    )
    db.session.add(request)
    db.session.flush()
    return request, _changed(actor, meeting, [item.id])


def withdraw_request(actor, meeting, request_id) -> tuple[SpeakerRequest, list[Broadcast]]:
    """Take back one's own waiting request (withdrawing it again changes nothing)."""
    require_perm(actor, Perm.SPEAKER_REQUEST, meeting)
    request = _request(meeting, request_id)
    if request.user_id != actor.id:
        raise PermissionDenied(_("Chỉ được rút đăng ký phát biểu của chính mình."))
    _lock(meeting)
    if request.state == SpeakerState.withdrawn:
        return request, []
    if request.state != SpeakerState.requested:
        raise ValidationError(_("Đăng ký này không còn trong danh sách chờ nên không rút được."), status_code=409)
    request.state = SpeakerState.withdrawn
    db.session.flush()
    return request, _changed(actor, meeting, [request.agenda_item_id])


# -- the chair and the secretary --------------------------------------------------------------
def grant(actor, meeting, request_id) -> tuple[SpeakerRequest, list[Broadcast]]:
    """Give the floor to a waiting member (whatever their place); the speech in progress ends."""
    require_perm(actor, Perm.SPEAKER_MANAGE, meeting)
    _require_in_session(meeting)
    request = _request(meeting, request_id)
    _lock(meeting)
    if request.state == SpeakerState.speaking:
        return request, []
    if request.state != SpeakerState.requested:
        raise ValidationError(_("Chỉ mời phát biểu người đang chờ trong danh sách."), status_code=409)
    touched = []
    current = speaking_now(meeting)
    if current is not None:
        touched.append(_end(current))
    touched.append(_start(request))
    return request, _changed(actor, meeting, touched)


def next_speaker(actor, meeting, agenda_item_id=None) -> tuple[SpeakerRequest | None, list[Broadcast]]:
    """End the speech in progress and give the floor to the first one waiting on the item under
    discussion (or ``agenda_item_id``). With nobody waiting it only ends the speech."""
    require_perm(actor, Perm.SPEAKER_MANAGE, meeting)
    _require_in_session(meeting)
    item = _item(meeting, agenda_item_id)
    _lock(meeting)
    first = next((r for r in item_requests(item.id) if r.state == SpeakerState.requested), None)
    current = speaking_now(meeting)
    if first is None and current is None:
        raise ValidationError(_("Không còn ai trong danh sách chờ phát biểu."), status_code=409)
    touched = [_end(current)] if current is not None else []
    if first is not None:
        touched.append(_start(first))
    return first, _changed(actor, meeting, touched)


def end_speech(actor, meeting) -> tuple[SpeakerRequest | None, list[Broadcast]]:
    """End the speech in progress (nobody speaking: nothing changes)."""
    require_perm(actor, Perm.SPEAKER_MANAGE, meeting)
    _lock(meeting)
    current = speaking_now(meeting)
    if current is None:
        return None, []
    return current, _changed(actor, meeting, [_end(current)])


def remove_request(actor, meeting, request_id) -> tuple[SpeakerRequest, list[Broadcast]]:
    """Strike a waiting request from the queue (a speech in progress is ended, not removed)."""
    require_perm(actor, Perm.SPEAKER_MANAGE, meeting)
    request = _request(meeting, request_id)
    _lock(meeting)
    if request.state == SpeakerState.removed:
        return request, []
    if request.state != SpeakerState.requested:
        raise ValidationError(_("Chỉ gỡ được người đang chờ; lượt đang phát biểu thì bấm «Kết thúc»."), status_code=409)
    request.state = SpeakerState.removed
    db.session.flush()
    return request, _changed(actor, meeting, [request.agenda_item_id])


def set_current_item(actor, meeting, agenda_item_id) -> list[Broadcast]:
    """Move the meeting to an agenda item (``None``: to none). The speech in progress ends: it was
    on the item the meeting leaves."""
    require_perm(actor, Perm.SLIDE_CONTROL, meeting)
    item = _item(meeting, agenda_item_id) if agenda_item_id is not None else None
    state = _lock(meeting)
    item_id = item.id if item is not None else None
    if state.agenda_item_id == item_id:
        return []
    current = speaking_now(meeting)
    broadcasts = _changed(actor, meeting, [_end(current)]) if current is not None else []
    state.agenda_item_id, state.updated_at = item_id, utcnow()
    db.session.flush()
    return broadcasts + [record_event(meeting, "agenda.current", {"agenda_item_id": item_id, "by": actor.id})]


def close_floor(actor, meeting) -> list[Broadcast]:
    """The meeting closes: a speech still in progress ends with it (called by ``live.state_changed``)."""
    current = speaking_now(meeting)
    if current is None:
        return []
    _lock(meeting)
    return _changed(actor, meeting, [_end(current)])
