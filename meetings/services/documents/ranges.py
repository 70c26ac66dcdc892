"""The range requests of a copy already opened, made cheap.

After the open (copies.py: the copy made, the open logged), PDF.js asks for the chunks it needs,
each a request naming the copy by its ETag in ``If-Range``. Such a request is not a new open: it
needs only "may this person still read this document?" — one indexed query, the SQL form of
app/permissions.py's rule (``app.permissions_sql.visible_documents_filter``, checked by the tests
to agree with ``can_view_document``) — and the copy's tail (this process's cache, else the store).
Nothing is re-stamped, written or logged, and no ORM object is loaded. Access taken away since
the open is seen at once: the query runs on every request.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.errors import NotFound
from app.extensions import db
from app.permissions_sql import visible_documents_filter
from documents.models import Document
from documents.storage import get_store
from meetings.services.documents.copies import TOKEN, Copy, _load_tail, _read_manifest, base_key


def reused_copy(actor, document_id: int, token: str | None) -> Copy | None:
    """``actor``'s copy ``token`` of the current version of document ``document_id``, or None when
    there is no such copy (the caller then takes the full path: a new copy, logged). Raises
    :class:`NotFound` when ``actor`` may not read the document (or it does not exist)."""
    if not token or not TOKEN.match(token):
        return None
    row = db.session.execute(
        sa.select(Document.object_key, Document.version, Document.filename).where(
            Document.id == document_id, visible_documents_filter(actor)
        )
    ).first()
    if row is None:
        raise NotFound(detail=f"document {document_id} invisible to user {getattr(actor, 'id', None)}")
    object_key, version, filename = row
    manifest = _read_manifest(object_key)
    tail = _load_tail(object_key, actor.id, token) if manifest is not None else None
    if tail is None:
        return None
    store = get_store()
    return Copy(
        document=None,
        document_id=document_id,
        version=version,
        filename=filename,
        size=manifest.base_size + len(tail),
        token=token,
        base_key=base_key(object_key),
        store=store,
        base_size=manifest.base_size,
        tail=tail,
    )
