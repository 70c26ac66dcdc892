"""Has a person read the documents of a meeting? Derived from the access log, no table of its own:
opening (in the app or on the tablet, both fetch ``/documents/<id>/view``) or downloading a
version of a document is reading that version; so is uploading it (the secretary who put a file
there is not shown it as unread). A document read only in an older version than
the current one has "a new version" for that person."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from documents.models import Document
from meetings.models import AccessAction, AccessLog
from meetings.services.documents.access import visible_documents

# Reading a version: opening or downloading it, or having put it there (the uploader knows it).
READING_ACTIONS = (AccessAction.open, AccessAction.download, AccessAction.upload, AccessAction.replace)


class ReadState(enum.Enum):
    unread = "unread"  # never opened nor downloaded
    read = "read"  # the current version was opened or downloaded
    outdated = "outdated"  # an earlier version was read; the document was replaced since

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return {"unread": _("Chưa đọc"), "read": _("Đã đọc"), "outdated": _("Có phiên bản mới")}[self.value]


@dataclass(frozen=True)
class ReadingSummary:
    """How far ``user`` is through the documents of one meeting they may read."""

    total: int
    read: int
    outdated: int

    @property
    def unread(self) -> int:
        return self.total - self.read - self.outdated


def versions_read(user, meeting) -> dict[int, int]:
    """The highest version of each document of ``meeting`` that ``user`` opened or downloaded: one
    query for the whole meeting."""
    rows = db.session.execute(
        sa.select(AccessLog.document_id, sa.func.max(sa.func.coalesce(AccessLog.document_version, 1)))
        .join(Document, Document.id == AccessLog.document_id)
        .where(AccessLog.user_id == user.id, Document.meeting_id == meeting.id, AccessLog.action.in_(READING_ACTIONS))
        .group_by(AccessLog.document_id)
    )
    return {document_id: version for document_id, version in rows}


def state_of(document: Document, version_read: int | None) -> ReadState:
    if not version_read:
        return ReadState.unread
    return ReadState.read if version_read >= document.version else ReadState.outdated


def read_states(user, meeting, documents: list[Document] | None = None) -> dict[int, ReadState]:
    """Document id → read state, for exactly the documents of ``meeting`` that ``user`` may read
    (a document hidden from them is not in the answer, so it cannot be counted or shown).
    ``documents``: the caller's own list of them, already filtered by what ``user`` may read."""
    if not getattr(user, "is_authenticated", False):
        return {}
    if documents is None:
        documents = visible_documents(user, meeting)
    if not documents:
        return {}
    read = versions_read(user, meeting)
    return {d.id: state_of(d, read.get(d.id)) for d in documents}


def summarize(states: dict[int, ReadState]) -> ReadingSummary:
    values = list(states.values())
    return ReadingSummary(
        total=len(values), read=values.count(ReadState.read), outdated=values.count(ReadState.outdated)
    )


def reading_summary(user, meeting) -> ReadingSummary:
    return summarize(read_states(user, meeting))
