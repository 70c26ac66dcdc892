"""The projector view's secret link (màn hình chiếu): a random token in the URL, stored as its
SHA-256; the chair or the secretary makes a new one (the old link stops working) or revokes it. The
projector is a read-only principal: it sees the current item, the quorum and the votes, nothing private."""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from app.extensions import db
from app.models.base import utcnow
from app.permissions import Perm, require_perm
from documents.models import Document
from meetings.models import Meeting, MeetingScreen
from meetings.services.agenda import flat_agenda
from meetings.services.floor_state import floor_state
from meetings.services.live import live_state
from meetings.services.live_audience import redacted_slide
from meetings.services.speaker_queue import floor_snapshot, iso, screen_speakers

SCREEN_REVOKED = "screen.revoked"  # announced when a projector link is replaced or revoked: its views stop

PREFIX = "scr_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_screen_link(actor, meeting: Meeting) -> str:
    """A new token for the meeting's projector (the previous link, if any, stops working). Returned
    once: only its hash is kept."""
    require_perm(actor, Perm.SCREEN_MANAGE, meeting)
    token = PREFIX + secrets.token_urlsafe(32)
    row = db.session.scalar(sa.select(MeetingScreen).where(MeetingScreen.meeting_id == meeting.id))
    if row is None:
        row = MeetingScreen(meeting_id=meeting.id)
        db.session.add(row)
    row.token_sha256, row.created_at, row.created_by_id, row.revoked_at = _digest(token), utcnow(), actor.id, None
    db.session.flush()
    return token


def revoke_screen_link(actor, meeting: Meeting) -> bool:
    """Revoke the link; ``False`` when there was none."""
    require_perm(actor, Perm.SCREEN_MANAGE, meeting)
    row = screen_of(meeting)
    if row is None:
        return False
    row.token_sha256, row.revoked_at = None, utcnow()
    db.session.flush()
    return True


def screen_of(meeting: Meeting) -> MeetingScreen | None:
    """The meeting's link if it is in force."""
    return db.session.scalar(
        sa.select(MeetingScreen).where(MeetingScreen.meeting_id == meeting.id, MeetingScreen.token_sha256.is_not(None))
    )


def meeting_for_screen(token) -> Meeting | None:
    """The meeting a projector token opens, or ``None`` (unknown, revoked, replaced, malformed)."""
    if not isinstance(token, str) or not token.startswith(PREFIX) or len(token) > 100:
        return None
    row = db.session.scalar(sa.select(MeetingScreen).where(MeetingScreen.token_sha256 == _digest(token)))
    return db.session.get(Meeting, row.meeting_id) if row is not None else None


def screen_state(meeting: Meeting) -> dict:
    """What the projector shows and needs to follow the room: the agenda (to name the current item
    from the slide's document), the slide, the quorum and the current votes — no one's own ballot —,
    the item under discussion and who speaks (with ``server_time`` to count their time against).
    Like its live events, only what everyone may read (``live_audience.open_to_meeting``): the other
    documents are not listed, and a slide on one of them comes in its hidden form."""
    state = live_state(meeting, create=False)
    documents = [
        {"id": doc_id, "agenda_item_id": item_id}
        for doc_id, item_id in db.session.execute(
            sa.select(Document.id, Document.agenda_item_id).where(
                Document.meeting_id == meeting.id, Document.confidential.is_(False), Document.observer_visible.is_(True)
            )
        )
    ]
    slide = state.slide() if state is not None else {"document_id": None, "page": 1, "zoom": 1.0}
    if slide["document_id"] is not None and slide["document_id"] not in {d["id"] for d in documents}:
        slide = redacted_slide(slide)
    floor = floor_state(meeting)
    return {
        "ok": True,
        "meeting_id": meeting.id,
        "seq": state.seq if state is not None else 0,
        "snapshot": True,
        "state": {
            "meeting": {"title": meeting.title, "state": meeting.state.value},
            "agenda": [{"id": e.item.id, "number": e.number, "title": e.item.title} for e in flat_agenda(meeting)],
            "documents": documents,
            "slide": slide,
            "floor": {"quorum": floor["quorum"], "votes": floor["votes"]},
            # the item under discussion and who speaks with their timer (not who waits)
            "agenda_item_id": state.agenda_item_id if state is not None else None,
            "speakers": [screen_speakers(item) for item in floor_snapshot(meeting)],
            "server_time": iso(utcnow()),
        },
        "missed": [],
    }
