"""The live session: slide state, presenter, annotations, presence and the per-meeting event log.

Every change is persisted with the next per-meeting ``seq`` in ``meeting_events`` before it is
broadcast; services return the :class:`Broadcast` list that the caller emits after its commit.
``seq`` comes from ``UPDATE live_states SET seq = seq + 1 … RETURNING seq``: the row stays locked
until the transaction ends, so concurrent changes of one meeting are numbered and committed in
order (PostgreSQL row lock; SQLite's single writer), and a reader that sees ``seq = N`` sees every
event up to N.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from app.errors import NotFound, PermissionDenied, ValidationError
from app.extensions import db
from app.models.base import utcnow
from app.permissions import Perm, can_view_document, has_perm, require_perm
from documents.models import Document
from meetings.models import Annotation, AnnotationKind, AnnotationLayer, LivePresence, LiveState, MeetingEvent
from meetings.services import annotation_cap, live_audience
from meetings.services import annotation_data as check

CATCH_UP_WINDOW = 500  # a tablet further behind than this many events gets a snapshot
MIN_ZOOM, MAX_ZOOM = 0.25, 5.0


@dataclass(frozen=True)
class Broadcast:
    """A change to emit after commit: to the whole meeting, or only to ``user_id``'s connections;
    a change about ``document_id`` only to those who may read that document
    (:mod:`meetings.services.live_audience`)."""

    event: str
    data: dict
    user_id: int | None = None
    document_id: int | None = None


# -- the event log ------------------------------------------------------------------------------
def live_state(meeting, *, create: bool = True) -> LiveState | None:
    state = db.session.get(LiveState, meeting.id)
    if state is None and create:
        # INSERT … ON CONFLICT DO NOTHING: another process may create the row at the same moment
        dialect = db.session.get_bind().dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        db.session.execute(
            insert(LiveState)
            .values(meeting_id=meeting.id, seq=0, page=1, zoom=1.0, updated_at=utcnow())
            .on_conflict_do_nothing()
        )
        state = db.session.get(LiveState, meeting.id)
    return state


def clear_presence() -> int:
    """Forget every connection (a single server process starting: none of them survived)."""
    return db.session.execute(sa.delete(LivePresence)).rowcount


def _next_seq(meeting) -> int:
    live_state(meeting)
    seq = db.session.execute(
        sa.update(LiveState)
        .where(LiveState.meeting_id == meeting.id)
        .values(seq=LiveState.seq + 1)
        .returning(LiveState.seq)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    state = db.session.get(LiveState, meeting.id)
    if state is not None:
        sa.orm.attributes.set_committed_value(state, "seq", seq)
    return seq


def record_event(meeting, event: str, payload: dict, audience_user_id: int | None = None) -> Broadcast:
    seq = _next_seq(meeting)
    data = {"meeting_id": meeting.id, **payload, "seq": seq}
    db.session.add(
        MeetingEvent(meeting_id=meeting.id, seq=seq, event=event, payload=data, audience_user_id=audience_user_id)
    )
    db.session.flush()
    return Broadcast(event, data, audience_user_id, live_audience.event_document_id(event, data))


def state_changed(actor, meeting) -> list[Broadcast]:
    """Tell the tablets the meeting started or closed (once closed they stop offering live tools);
    recorded like every live change, so a tablet that was away learns it on catching up. Closing
    ends a speech still in progress first."""
    from meetings.models import MeetingState
    from meetings.services.speakers import close_floor  # it records through this module

    ended = close_floor(actor, meeting) if meeting.state == MeetingState.closed else []
    return ended + [record_event(meeting, "meeting.state", {"state": meeting.state.value, "by": actor.id})]


# -- join / catch-up ----------------------------------------------------------------------------
def present_user_ids(meeting) -> list[int]:
    rows = db.session.scalars(
        sa.select(LivePresence.user_id)
        .where(LivePresence.meeting_id == meeting.id)
        .distinct()
        .order_by(LivePresence.user_id)
    )
    return list(rows)


def visible_annotations(
    actor, meeting, document_id: int | None = None, readable: set[int] | None = None
) -> list[Annotation]:
    """The shared marks and the actor's own private ones, on the documents the actor may read
    (``readable``, when the caller already knows them)."""
    require_perm(actor, Perm.MEETING_VIEW, meeting)
    if readable is None:
        readable = live_audience.readable_document_ids(actor, meeting)
    query = sa.select(Annotation).where(
        Annotation.meeting_id == meeting.id,
        Annotation.deleted_at.is_(None),
        sa.or_(Annotation.layer == AnnotationLayer.shared, Annotation.author_id == actor.id),
        Annotation.document_id.in_(readable),
    )
    if document_id is not None:
        query = query.where(Annotation.document_id == document_id)
    return list(db.session.scalars(query.order_by(Annotation.created_at, Annotation.id)))


def check_since_seq(since_seq) -> None:
    if since_seq is not None and (not isinstance(since_seq, int) or isinstance(since_seq, bool) or since_seq < 0):
        raise ValidationError(_("since_seq phải là số nguyên không âm."))


def live_snapshot(actor, meeting, since_seq: int | None = None) -> dict:
    """What ``meeting.join`` answers: the current ``seq`` and state, plus either every visible
    event after ``since_seq`` (``missed``) or, when there is no usable ``since_seq``, the full
    annotation snapshot (``snapshot: true``). The floor is always there: the item under discussion
    and the speaker queues, with ``server_time`` to count speaking time against, and ``state.floor``
    (attendance, quorum, the current votes with the caller's own ballot) — small, always complete."""
    from meetings.services import missed_cache  # it builds on this module
    from meetings.services.floor_cache import joining_floor  # it builds on this module
    from meetings.services.speaker_queue import iso

    require_perm(actor, Perm.MEETING_VIEW, meeting)
    check_since_seq(since_seq)
    state = live_state(meeting, create=False)
    seq = state.seq if state is not None else 0
    snapshot = since_seq is None or since_seq > seq or seq - since_seq > CATCH_UP_WINDOW
    readable = live_audience.readable_document_ids(actor, meeting)
    missed = []
    if not snapshot and since_seq < seq:
        # read once per process for every rejoining tablet (meetings/services/missed_cache.py),
        # then filtered for this reader: their private changes, the documents they may read
        events = missed_cache.changes_between(meeting, since_seq, seq, keep=CATCH_UP_WINDOW)
        seen = (
            (event, live_audience.for_reader(event, payload, readable))
            for _seq, event, payload, audience in events
            if audience is None or audience == actor.id
        )
        missed = [{"event": event, "data": data} for event, data in seen if data is not None]
    now = iso(utcnow())
    speakers, floor = joining_floor(actor, meeting, seq, now)  # computed once per seq, then per user
    slide = state.slide() if state is not None else {"document_id": None, "page": 1, "zoom": 1.0}
    if slide["document_id"] is not None and slide["document_id"] not in readable:
        slide = live_audience.redacted_slide(slide)  # the presenter shows a document not for this user
    return {
        "ok": True,
        "meeting_id": meeting.id,
        "user_id": actor.id,
        "seq": seq,
        "snapshot": snapshot,
        "state": {
            "slide": slide,
            "presenter_id": state.presenter_id if state is not None else None,
            "present": present_user_ids(meeting),
            "annotations": [a.to_dict() for a in visible_annotations(actor, meeting, readable=readable)]
            if snapshot
            else None,
            "agenda_item_id": state.agenda_item_id if state is not None else None,
            "speakers": speakers,
            "server_time": now,
            "floor": floor,
        },
        "missed": missed,
    }


# -- presence (meetings/services/live_presence.py) ----------------------------------------------
def join_presence(actor, meeting, sid: str) -> list[Broadcast]:
    from meetings.services.live_presence import join_presence  # it builds on this module

    return join_presence(actor, meeting, sid)


def leave_presence(sid: str, meeting_id: int | None = None) -> list[Broadcast]:
    """A connection closed (or may no longer follow ``meeting_id``): see ``live_presence``."""
    from meetings.services.live_presence import leave_presence

    return leave_presence(sid, meeting_id)


# -- slide and presenter ------------------------------------------------------------------------
def set_slide(actor, meeting, document_id, page, zoom=None) -> list[Broadcast]:
    """Turn everyone's page: the chair and the secretary (``slide.control``) always, a member only
    while they are the presenter (``slide.present``)."""
    require_perm(actor, Perm.MEETING_VIEW, meeting)
    state = live_state(meeting)
    presenting = state.presenter_id == actor.id and has_perm(actor, Perm.SLIDE_PRESENT, meeting)
    if not (has_perm(actor, Perm.SLIDE_CONTROL, meeting) or presenting):
        raise PermissionDenied(_("Chỉ người trình bày hoặc chủ trì, thư ký mới được chuyển trang."))
    document = _meeting_document(actor, meeting, document_id)
    page = check.positive_int(page, _("Số trang không hợp lệ."))
    if page > max(document.page_count, 1):
        raise ValidationError(_("Tài liệu chỉ có %(n)s trang.", n=document.page_count))
    zoom = state.zoom if zoom is None else _zoom(zoom)
    if (state.document_id, state.page, state.zoom) == (document.id, page, zoom):
        return []  # nothing changes: no event
    state.document_id, state.page, state.zoom, state.slide_by_id = document.id, page, zoom, actor.id
    state.updated_at = utcnow()
    return [
        record_event(meeting, "slide.changed", {"document_id": document.id, "page": page, "zoom": zoom, "by": actor.id})
    ]


def _zoom(value) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not MIN_ZOOM <= value <= MAX_ZOOM:
        raise ValidationError(_("Mức thu phóng phải từ %(low)s đến %(high)s.", low=MIN_ZOOM, high=MAX_ZOOM))
    return round(float(value), 3)


def _meeting_document(actor, meeting, document_id) -> Document:
    """A document of this meeting that the actor may read; one they may not read is answered
    exactly like one that does not exist (its page count included)."""
    document_id = check.positive_int(document_id, _("Mã tài liệu (document_id) không hợp lệ."))
    document = db.session.get(Document, document_id)
    if document is None or document.meeting_id != meeting.id or not can_view_document(actor, document):
        raise ValidationError(_("Tài liệu không thuộc cuộc họp này."))
    return document


def assign_presenter(actor, meeting, user_id) -> list[Broadcast]:
    """The chair or the secretary chooses who presents (``None``: nobody)."""
    require_perm(actor, Perm.PRESENTER_ASSIGN, meeting)
    if user_id is not None:
        user_id = check.positive_int(user_id, _("Người trình bày không hợp lệ."))
        member = next((m.user for m in meeting.members if m.user_id == user_id), None)
        if member is None or not has_perm(member, Perm.SLIDE_PRESENT, meeting):
            raise ValidationError(_("Người trình bày phải là thành viên dự họp."))
    state = live_state(meeting)
    if state.presenter_id == user_id:
        return []
    state.presenter_id = user_id
    state.updated_at = utcnow()
    return [record_event(meeting, "presenter.changed", {"presenter_id": user_id, "by": actor.id})]


# -- annotations --------------------------------------------------------------------------------
def _parse_annotation(actor, meeting, payload) -> dict:
    if not isinstance(payload, dict):
        raise ValidationError(_("Thiếu nội dung nét vẽ (annotation)."))
    layer = check.choice(payload.get("layer"), ("private", "shared"), _("Lớp phải là private hoặc shared."))
    kind = check.choice(payload.get("kind"), ("ink", "highlight", "note"), _("Loại phải là ink, highlight hoặc note."))
    document = _meeting_document(actor, meeting, payload.get("document_id"))
    page = check.positive_int(payload.get("page"), _("Số trang không hợp lệ."))
    if page > max(document.page_count, 1):
        raise ValidationError(_("Tài liệu chỉ có %(n)s trang.", n=document.page_count))
    if layer == "shared":
        require_perm(actor, Perm.ANNOTATE_SHARED, meeting)
    return {
        "id": check.annotation_id(payload.get("id")),
        "document_id": document.id,
        "page": page,
        "layer": AnnotationLayer(layer),
        "kind": AnnotationKind(kind),
        "data": check.annotation_data(kind, payload.get("data")),
    }


def _changed(meeting, op: str, annotation: Annotation, body: dict) -> Broadcast:
    audience = annotation.author_id if annotation.layer == AnnotationLayer.private else None
    broadcast = record_event(meeting, "annotation.changed", {"op": op, "annotation": body}, audience)
    annotation.seq = broadcast.data["seq"]
    return broadcast


def _same(annotation: Annotation, parsed: dict) -> bool:
    return (annotation.document_id, annotation.page, annotation.layer, annotation.kind, annotation.data) == (
        parsed["document_id"],
        parsed["page"],
        parsed["layer"],
        parsed["kind"],
        parsed["data"],
    )


def _own(actor, meeting, annotation_id) -> Annotation:
    annotation = db.session.get(Annotation, check.annotation_id(annotation_id))
    if (
        annotation is None
        or annotation.meeting_id != meeting.id
        or (annotation.author_id != actor.id and annotation.layer == AnnotationLayer.private)
    ):
        raise NotFound(_("Không tìm thấy nét vẽ."))
    if annotation.author_id != actor.id:
        raise PermissionDenied(_("Chỉ được sửa, xóa nét vẽ của chính mình."))
    return annotation


def add_annotation(actor, meeting, payload) -> tuple[Annotation, list[Broadcast]]:
    """Store a new mark. Its id is the client's UUID: the same mark sent again (offline queue,
    lost acknowledgement) is acknowledged without a second event; another mark under a used id
    is refused."""
    require_perm(actor, Perm.ANNOTATE, meeting)
    parsed = _parse_annotation(actor, meeting, payload)
    # The meeting's row lock first (the one record_event numbers under): the same mark sent again
    # while the first is still being stored (a resend after a reconnection) waits, then finds it.
    live_state(meeting)
    db.session.execute(sa.select(LiveState.meeting_id).where(LiveState.meeting_id == meeting.id).with_for_update())
    existing = db.session.get(Annotation, parsed["id"])
    if existing is not None:
        if (
            existing.meeting_id == meeting.id
            and existing.author_id == actor.id
            and (existing.deleted_at is not None or _same(existing, parsed))
        ):
            return existing, []
        raise ValidationError(_("Mã nét vẽ này đã được dùng cho một nét vẽ khác."))
    annotation = Annotation(meeting_id=meeting.id, author_id=actor.id, **parsed)
    db.session.add(annotation)
    db.session.flush()
    broadcast = _changed(meeting, "add", annotation, annotation.to_dict())
    annotation_cap.check_room(annotation)  # under the meeting's row lock taken by _changed
    return annotation, [broadcast]


def update_annotation(actor, meeting, payload) -> tuple[Annotation, list[Broadcast]]:
    """Change the data of one's own mark (its page, layer and kind stay)."""
    require_perm(actor, Perm.ANNOTATE, meeting)
    annotation = _own(actor, meeting, payload.get("id") if isinstance(payload, dict) else None)
    parsed = _parse_annotation(actor, meeting, payload)
    if annotation.deleted_at is not None:
        raise ValidationError(_("Nét vẽ đã bị xóa."))
    if (annotation.document_id, annotation.page, annotation.layer, annotation.kind) != (
        parsed["document_id"],
        parsed["page"],
        parsed["layer"],
        parsed["kind"],
    ):
        raise ValidationError(_("Chỉ được sửa nội dung nét vẽ, không đổi trang, lớp hay loại."))
    if annotation.data == parsed["data"]:
        return annotation, []
    annotation.data = parsed["data"]
    annotation.updated_at = utcnow()
    db.session.flush()
    return annotation, [_changed(meeting, "update", annotation, annotation.to_dict())]


def delete_annotation(actor, meeting, annotation_id) -> tuple[Annotation, list[Broadcast]]:
    """Delete (undo) one's own mark; deleting it again changes nothing."""
    require_perm(actor, Perm.ANNOTATE, meeting)
    annotation = _own(actor, meeting, annotation_id)
    if annotation.deleted_at is not None:
        return annotation, []
    annotation.deleted_at = utcnow()
    db.session.flush()
    body = {key: value for key, value in annotation.to_dict().items() if key != "data"}
    return annotation, [_changed(meeting, "delete", annotation, body)]
