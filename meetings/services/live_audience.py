"""Who may see a live change that is about a document.

Shared marks and the presenter's slide follow their document's visibility
(``app.permissions.can_view_document``: a confidential document only for its named readers and
those preparing the meeting, a document not marked for guests not for observers) everywhere: the
live fan-out, the ``meeting.join`` snapshot, catch-up (``missed``) and ``GET …/live``.

The fan-out: a change about a document that every viewer of the meeting may read goes to the
meeting's room, one emit. A change about any other document is sent, after its commit, once to
the list of the user rooms of the *connected* users who may read it (``audience``); a slide change
goes to the others without its document and page (``redacted``). Reading who is connected after
the commit cannot miss anyone: a tablet joins its rooms before its presence row is committed and
takes its snapshot after that, so a change committed before the presence row is in the snapshot,
and one committed after it finds the row.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.models import User
from app.permissions import can_view_document, readable_documents
from documents.models import Document

SLIDE = "slide.changed"
ANNOTATION = "annotation.changed"


def open_to_meeting(document: Document) -> bool:
    """Does everyone who may view the meeting read this document? True for a document that is
    neither confidential nor withheld from observers (``can_view_document`` then only asks for
    ``document.view``, which every role that may view a meeting has;
    tests/realtime/test_live_hidden_documents.py checks this against every role and state)."""
    return not document.confidential and document.observer_visible


def readable_document_ids(actor, meeting) -> set[int]:
    documents = db.session.scalars(sa.select(Document).where(Document.meeting_id == meeting.id))
    return {d.id for d in readable_documents(actor, meeting, documents)}


def event_document_id(event: str, data: dict) -> int | None:
    """The document a logged change is about (None: it is about the meeting)."""
    if event == SLIDE:
        return data.get("document_id")
    if event == ANNOTATION:
        return data["annotation"]["document_id"]
    return None


def redacted(event: str, data: dict) -> dict | None:
    """What someone who may not read the document gets instead: the slide change without its
    document and page (the presenter shows something not for them), a mark not at all."""
    return redacted_slide(data) if event == SLIDE else None


def redacted_slide(slide: dict) -> dict:
    return {**slide, "document_id": None, "page": None, "hidden": True}


def for_reader(event: str, data: dict, readable: set[int]) -> dict | None:
    """A logged change as ``readable`` (the document ids a user may read) lets that user see it."""
    document_id = event_document_id(event, data)
    if document_id is None or document_id in readable:
        return data
    return redacted(event, data)


@dataclass(frozen=True)
class Audience:
    readers: list[int]  # connected users who may read the document: the change as it is
    others: list[int]  # connected users who may not: its redacted form, if any


def audience(meeting_id: int, document_id: int) -> Audience | None:
    """After the commit: None when the whole meeting room may see a change about this document,
    else who among those connected may and may not."""
    from meetings.models import LivePresence

    document = db.session.get(Document, document_id)
    if document is None or document.meeting_id != meeting_id:
        return Audience([], [])
    if open_to_meeting(document):
        return None
    connected = sa.select(LivePresence.user_id).where(LivePresence.meeting_id == meeting_id).distinct()
    users = db.session.scalars(sa.select(User).where(User.id.in_(connected)).order_by(User.id))
    readers, others = [], []
    for user in users:
        (readers if can_view_document(user, document) else others).append(user.id)
    return Audience(readers, others)
