"""Uploading and replacing documents: permission first, validate, store bytes, record facts,
flush (never commit). Nothing is kept in the store or the database if any step fails."""

from __future__ import annotations

import io
import logging
import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _

from app.errors import ValidationError
from app.extensions import db
from app.jobs import enqueue_after_commit
from app.models.base import utcnow
from app.permissions import Perm, can_view_document, require_perm
from app.text import clean_line
from documents.models import Document, DocumentVersion
from documents.models.document import thumbnail_key
from documents.offload import run_cpu_bound
from documents.pdf import PdfFacts, inspect_pdf
from documents.storage import get_store
from documents.thumbnails import RenderError, render_thumbnails
from meetings.archive.search_index import index_document
from meetings.models import AccessAction
from meetings.services.documents.access import apply_access
from meetings.services.documents.audit import Client, record_access

log = logging.getLogger(__name__)
COPY_CHUNK = 1024 * 1024
MAX_TITLE = 500  # documents.title
MAX_FILENAME = 255  # documents.filename


def object_key_for(meeting_id: int) -> str:
    return f"meetings/{meeting_id}/documents/{uuid.uuid4().hex}.pdf"


@dataclass
class Ingested:
    """A validated PDF in the object store, with its thumbnails, not yet recorded."""

    key: str
    filename: str
    size: int
    sha256: str
    facts: PdfFacts
    thumbnail_count: int


def _clean_filename(filename: str | None) -> str:
    """The file's own name, cleaned; a name longer than the column keeps its end (the extension)."""
    name = clean_line(os.path.basename(clean_line(filename).replace("\\", "/"))) or "tai-lieu.pdf"
    if len(name) > MAX_FILENAME:
        stem, dot, ext = name.rpartition(".")
        ext = dot + ext if dot and len(ext) <= 10 else ""
        name = (stem if ext else name)[: MAX_FILENAME - len(ext)].rstrip() + ext
    return name


def _clean_title(title: str | None) -> str:
    """The title typed (cleaned by app/text.py); longer than its column is refused, not cut."""
    title = clean_line(title)
    if len(title) > MAX_TITLE:
        raise ValidationError(_("Tên tài liệu dài quá %(n)s ký tự.", n=MAX_TITLE))
    return title


def _spool(stream: BinaryIO, spool) -> int:
    limit = int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024
    size = 0
    while chunk := stream.read(COPY_CHUNK):
        size += len(chunk)
        if size > limit:
            raise ValidationError(
                _("Tệp vượt quá dung lượng cho phép (%(mb)s MB).", mb=current_app.config["MAX_UPLOAD_MB"]),
                status_code=413,
            )
        spool.write(chunk)
    return size


def _check_and_render(spool, filename: str) -> tuple[PdfFacts, list[bytes]]:
    facts = inspect_pdf(spool, filename)
    try:
        thumbs = render_thumbnails(spool)
    except RenderError as exc:
        log.info("PDFium cannot render %s: %s", filename, exc)
        raise ValidationError(_("Tệp PDF bị hỏng hoặc không đầy đủ; không thể đọc được.")) from exc
    return facts, thumbs


@contextmanager
def ingest(meeting_id: int, stream: BinaryIO, filename: str | None) -> Iterator[Ingested]:
    """Validate ``stream`` and put it (and its page images) in the store. If the ``with`` block
    raises, everything stored here is removed again."""
    filename = _clean_filename(filename)
    store = get_store()
    stored: list[str] = []
    try:
        with tempfile.SpooledTemporaryFile(max_size=COPY_CHUNK, mode="w+b") as spool:
            size = _spool(stream, spool)
            facts, thumbs = run_cpu_bound(_check_and_render, spool, filename)
            spool.seek(0)
            key = object_key_for(meeting_id)
            stored.append(key)  # before the put: a store that fails mid-way may still keep the bytes
            put = store.put_stream(key, spool, length=size, content_type="application/pdf")
        for page, image in enumerate(thumbs):
            thumb = thumbnail_key(key, page)
            stored.append(thumb)
            store.put_stream(thumb, io.BytesIO(image), length=len(image), content_type="image/jpeg")
        yield Ingested(
            key=key, filename=filename, size=put.size, sha256=put.sha256, facts=facts, thumbnail_count=len(thumbs)
        )
    except BaseException:
        # leave no orphan bytes behind: removed now, or (store unreachable) at its next answer
        for key in reversed(stored):
            store.discard(key)
        raise


def store_document(
    actor,
    meeting,
    stream: BinaryIO,
    filename: str,
    title: str | None = None,
    agenda_item=None,
    *,
    confidential: bool = False,
    observer_visible: bool = False,
    recipient_ids=(),
    client: Client | None = None,
) -> Document:
    """Validate an uploaded PDF and put it in the object store; nothing is kept if any step fails."""
    require_perm(actor, Perm.DOCUMENT_UPLOAD, meeting)
    if agenda_item is not None and agenda_item.meeting_id != meeting.id:
        raise ValidationError(_("Mục chương trình không thuộc cuộc họp này."))
    _clean_title(title)  # refused before any byte is stored
    with ingest(meeting.id, stream, filename) as new:
        document = Document(
            meeting_id=meeting.id,
            meeting=meeting,
            agenda_item=agenda_item,
            title=_clean_title(title) or new.filename.rsplit(".", 1)[0][:MAX_TITLE] or new.filename,
            filename=new.filename[:255],
            object_key=new.key,
            content_type="application/pdf",
            size=new.size,
            sha256=new.sha256,
            page_count=new.facts.page_count,
            text=new.facts.text,
            uploaded_by_id=actor.id,
            thumbnail_count=new.thumbnail_count,
            version=1,
        )
        apply_access(
            document, confidential=confidential, observer_visible=observer_visible, recipient_ids=recipient_ids
        )
        db.session.add(document)
        db.session.flush()
        record_access(actor, document, AccessAction.upload, client)
        index_document(document)
        prepare_copies_after_commit(document)
    return document


def replace_document(
    actor,
    document: Document,
    stream: BinaryIO,
    filename: str,
    title: str | None = None,
    *,
    client: Client | None = None,
) -> Document:
    """Make an uploaded PDF the document's current version; the previous one is kept as a
    :class:`DocumentVersion` (its bytes stay in the store)."""
    require_perm(actor, Perm.DOCUMENT_UPLOAD, document.meeting)
    _clean_title(title)  # refused before any byte is stored
    with ingest(document.meeting_id, stream, filename) as new:
        db.session.add(
            DocumentVersion(
                document=document,
                meeting_id=document.meeting_id,
                version=document.version,
                filename=document.filename,
                object_key=document.object_key,
                size=document.size,
                sha256=document.sha256,
                page_count=document.page_count,
                uploaded_by_id=document.uploaded_by_id,
                uploaded_at=document.version_uploaded_at,
                replaced_by_id=actor.id,
            )
        )
        document.version += 1
        document.filename, document.object_key = new.filename[:255], new.key
        document.size, document.sha256 = new.size, new.sha256
        document.page_count, document.text = new.facts.page_count, new.facts.text
        document.thumbnail_count = new.thumbnail_count
        document.uploaded_by_id, document.updated_at = actor.id, utcnow()
        if _clean_title(title):
            document.title = _clean_title(title)
        db.session.flush()
        record_access(actor, document, AccessAction.replace, client)
        index_document(document)  # the new text replaces the old version's
        prepare_copies_after_commit(document)
    _tell_readers_of_new_version(actor, document)
    return document


def _tell_readers_of_new_version(actor, document: Document) -> None:
    """Once the meeting is published, everyone who may read the document hears of its new version
    (in-app, and by e-mail after the commit when SMTP is configured)."""
    from meetings.models import MeetingState
    from meetings.services.notifications import notice, notify_users

    meeting = document.meeting
    if meeting.state not in (MeetingState.published, MeetingState.in_session):
        return
    readers = [m.user for m in meeting.members if can_view_document(m.user, document)]
    notify_users(
        readers,
        meeting,
        notice(
            "Tài liệu «%(title)s» của cuộc họp «%(meeting)s» đã được thay bằng phiên bản %(n)s.",
            title=document.title,
            meeting=meeting.title,
            n=document.version,
        ),
        skip=actor,
    )


def prepare_copies_after_commit(document: Document) -> None:
    """Queue the preparation of the document's watermark base (docs/performance.md) on the job queue,
    once the change commits, so that the first open of the meeting-start storm finds it ready."""
    enqueue_after_commit(
        "meetings.services.documents.copies:prepare_document_copies",
        document.id,
        job_id=f"prepare-copies-{document.id}-v{document.version}",
    )
