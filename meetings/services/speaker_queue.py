"""Reading the floor: each agenda item's speaker queue as the tablets receive it, and the speaking
time allotted per item. No permission checks and no writes here (meetings/services/speakers.py
changes the floor; this module describes it)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from app.extensions import db
from app.models.base import utcnow
from meetings.models import AgendaItem, LiveState, SpeakerRequest, SpeakerState

DEFAULT_SPEAKING_MINUTES = 5  # a speech, when the agenda item does not say otherwise


def iso(value: datetime | None) -> str | None:
    """UTC, to the millisecond, ``Z``-suffixed: what ``Date.parse`` reads on every tablet."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def allotted_seconds(item: AgendaItem) -> int:
    return (item.speaking_minutes or DEFAULT_SPEAKING_MINUTES) * 60


def current_item(meeting) -> AgendaItem | None:
    """The agenda item under discussion (chosen by the chair or the secretary), if any."""
    state = db.session.get(LiveState, meeting.id)
    if state is None or state.agenda_item_id is None:
        return None
    return db.session.get(AgendaItem, state.agenda_item_id)


def item_requests(item_id: int) -> list[SpeakerRequest]:
    return list(
        db.session.scalars(
            sa.select(SpeakerRequest)
            .where(SpeakerRequest.agenda_item_id == item_id)
            .order_by(SpeakerRequest.position, SpeakerRequest.id)
        )
    )


def speaking_now(meeting) -> SpeakerRequest | None:
    """Who has the floor (at most one person in a meeting)."""
    return db.session.scalar(
        sa.select(SpeakerRequest).where(
            SpeakerRequest.meeting_id == meeting.id, SpeakerRequest.state == SpeakerState.speaking
        )
    )


def open_request(item_id: int, user_id: int) -> SpeakerRequest | None:
    return db.session.scalar(
        sa.select(SpeakerRequest).where(
            SpeakerRequest.agenda_item_id == item_id,
            SpeakerRequest.user_id == user_id,
            SpeakerRequest.state.in_([SpeakerState.requested, SpeakerState.speaking]),
        )
    )


def _entry(request: SpeakerRequest, **extra) -> dict:
    user = request.user
    return {
        "id": request.id,
        "user_id": request.user_id,
        "name": user.full_name,
        "job_title": user.position or "",
        "state": request.state.value,
        "position": request.position,
        **extra,
    }


def queue_payload(item: AgendaItem, now: datetime | None = None) -> dict:
    """One item's floor: who speaks (with ``started_at`` and the seconds allotted, from which a
    tablet counts down against ``server_time``), who waits (``place`` 1, 2 … in order), who spoke
    (with ``duration_seconds``)."""
    rows = item_requests(item.id)
    current = next((r for r in rows if r.state == SpeakerState.speaking), None)
    waiting = [r for r in rows if r.state == SpeakerState.requested]
    spoken = sorted((r for r in rows if r.state == SpeakerState.done), key=lambda r: (r.started_at, r.id))
    return {
        "agenda_item_id": item.id,
        "allotted_seconds": allotted_seconds(item),
        "current": _entry(current, started_at=iso(current.started_at), allotted_seconds=current.allotted_seconds)
        if current is not None
        else None,
        "queue": [_entry(r, place=n, requested_at=iso(r.requested_at)) for n, r in enumerate(waiting, start=1)],
        "done": [
            _entry(r, started_at=iso(r.started_at), ended_at=iso(r.ended_at), duration_seconds=r.duration_seconds)
            for r in spoken
        ],
        "server_time": iso(now or utcnow()),
    }


def screen_speakers(payload: dict) -> dict:
    """An item's floor as the room's projector shows it: who speaks and their timer, not who waits
    nor who spoke (``queue`` and ``done`` empty)."""
    return {**payload, "queue": [], "done": []}


def floor_snapshot(meeting) -> list[dict]:
    """The floor of every agenda item that has one (requests, or is under discussion), in reading
    order: what a tablet joining without catch-up starts from."""
    from meetings.services.agenda import flat_agenda

    with_requests = set(
        db.session.scalars(
            sa.select(SpeakerRequest.agenda_item_id)
            .distinct()
            .where(
                SpeakerRequest.meeting_id == meeting.id,
                SpeakerRequest.state.in_([SpeakerState.requested, SpeakerState.speaking, SpeakerState.done]),
            )
        )
    )
    current = current_item(meeting)
    if current is not None:
        with_requests.add(current.id)
    now = utcnow()
    return [queue_payload(entry.item, now) for entry in flat_agenda(meeting) if entry.item.id in with_requests]
