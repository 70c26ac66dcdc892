"""Document services: permission first, validate, store bytes, record facts, flush (never commit)."""
from __future__ import annotations

import os
import tempfile
import uuid
from typing import BinaryIO, Iterator

from flask import current_app
from flask_babel import gettext as _

from app.errors import ValidationError
from app.extensions import db
from app.permissions import Perm, require_perm
from documents.models import Document
from documents.pdf import inspect_pdf
from documents.storage import get_store

COPY_CHUNK = 1024 * 1024


def object_key_for(meeting_id: int) -> str:
    return f"meetings/{meeting_id}/documents/{uuid.uuid4().hex}.pdf"


def store_document(actor, meeting, stream: BinaryIO, filename: str, title: str | None = None,
                   agenda_item=None) -> Document:
    """Validate an uploaded PDF and put it in the object store; nothing is kept if any step fails."""
    require_perm(actor, Perm.DOCUMENT_UPLOAD, meeting)
    if agenda_item is not None and agenda_item.meeting_id != meeting.id:
        raise ValidationError(_("Mục chương trình không thuộc cuộc họp này."))
    filename = os.path.basename((filename or "").replace("\\", "/")).strip() or "tai-lieu.pdf"
    limit = int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024
    with tempfile.SpooledTemporaryFile(max_size=COPY_CHUNK, mode="w+b") as spool:
        size = 0
        while chunk := stream.read(COPY_CHUNK):
            size += len(chunk)
            if size > limit:
                raise ValidationError(_("Tệp vượt quá dung lượng cho phép (%(mb)s MB).",
                                        mb=current_app.config["MAX_UPLOAD_MB"]), status_code=413)
            spool.write(chunk)
        facts = inspect_pdf(spool)
        spool.seek(0)
        store = get_store()
        key = object_key_for(meeting.id)
        stored = store.put_stream(key, spool, length=size, content_type="application/pdf")
    document = Document(
        meeting_id=meeting.id, agenda_item=agenda_item, title=(title or filename.rsplit(".", 1)[0]).strip()[:500],
        filename=filename[:255], object_key=key, content_type="application/pdf", size=stored.size,
        sha256=stored.sha256, page_count=facts.page_count, text=facts.text, uploaded_by_id=actor.id,
    )
    db.session.add(document)
    try:
        db.session.flush()
    except Exception:
        store.delete(key)  # the row did not make it: leave no orphan bytes behind
        raise
    return document


def open_document(actor, document: Document, offset: int = 0, length: int | None = None) -> Iterator[bytes]:
    """The document's bytes, streamed from the store, for someone allowed to read it."""
    require_perm(actor, Perm.DOCUMENT_VIEW, document.meeting)
    return get_store().iter_object(document.object_key, offset=offset, length=length)
