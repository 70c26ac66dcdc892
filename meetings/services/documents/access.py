"""Reading documents: who sees which, who may set access, and watermarked copies for viewers."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.errors import NotFound, ValidationError
from app.extensions import db
from app.permissions import Perm, can_view_document, require_document, require_perm
from documents.models import Document, DocumentRecipient, DocumentVersion
from documents.storage import get_store
from documents.watermark import Stamp
from meetings.models import AccessAction
from meetings.services.documents.audit import VN_TZ, Client, record_access
from meetings.services.documents.copies import Copy, viewer_copy

log = logging.getLogger(__name__)


# -- who sees what ----------------------------------------------------------------------------
def visible_documents(actor, meeting, agenda_item=None) -> list[Document]:
    """The meeting's documents (or one agenda item's) that ``actor`` may read."""
    if agenda_item is not None:
        documents = list(agenda_item.documents)
    else:
        documents = db.session.scalars(
            sa.select(Document)
            .where(Document.meeting_id == meeting.id)
            .order_by(Document.id)
            .options(selectinload(Document.recipients))
        ).all()
    return [d for d in documents if can_view_document(actor, d)]


def apply_access(document: Document, *, confidential: bool, observer_visible: bool, recipient_ids: Iterable) -> None:
    """Set the confidentiality flags and the named recipients (members of the meeting only)."""
    members = {m.user_id for m in document.meeting.members}
    wanted = {int(r) for r in recipient_ids or ()}
    strangers = wanted - members
    if strangers:
        raise ValidationError(_("Chỉ có thể chỉ định người nhận là thành phần của cuộc họp."))
    if confidential and not wanted:
        raise ValidationError(_("Tài liệu mật cần ít nhất một người được xem."))
    document.confidential = bool(confidential)
    document.observer_visible = bool(observer_visible)
    if not confidential:
        wanted = set()
    for recipient in list(document.recipients):
        if recipient.user_id not in wanted:
            document.recipients.remove(recipient)
    for user_id in sorted(wanted - document.recipient_ids):
        document.recipients.append(DocumentRecipient(user_id=user_id))


def set_document_access(
    actor, document: Document, *, confidential: bool, observer_visible: bool, recipient_ids: Iterable = ()
) -> Document:
    require_perm(actor, Perm.DOCUMENT_UPLOAD, document.meeting)
    apply_access(document, confidential=confidential, observer_visible=observer_visible, recipient_ids=recipient_ids)
    db.session.flush()
    return document


def get_version(actor, document: Document, version: int) -> DocumentVersion | None:
    """``None`` for the current version; a superseded one only for those who may see all documents."""
    require_document(actor, document)
    if version == document.version:
        return None
    require_perm(actor, Perm.DOCUMENT_VIEW_ALL, document.meeting)
    for old in document.versions:
        if old.version == version:
            return old
    raise NotFound()


# -- bytes --------------------------------------------------------------------------------------
def open_document(actor, document: Document, offset: int = 0, length: int | None = None) -> Iterator[bytes]:
    """The original bytes of the current version, for someone allowed to read it (internal use:
    what people receive is :func:`deliver_document`'s watermarked copy)."""
    require_document(actor, document)
    return get_store().iter_object(document.object_key, offset=offset, length=length)


# A viewer asks for many page images at once and again on every page flick: the access log keeps
# the first one per person, document version and window (docs/architecture.md, "Access log").
THUMBNAIL_LOG_EVERY = "1 per 10 minutes"


def document_thumbnail(actor, document: Document, page: int = 0, *, client: Client | None = None) -> bytes:
    """The image of one page (JPEG), for someone allowed to read the document; logged as
    ``thumbnail`` when it is the first of the document's current version that ``actor`` has been
    shown in THUMBNAIL_LOG_EVERY."""
    require_document(actor, document)
    if not 0 <= page < document.thumbnail_count:
        raise NotFound()
    image = get_store().read_bytes(document.thumbnail_key(page))
    if _first_thumbnail_lately(actor, document):
        record_access(actor, document, AccessAction.thumbnail, client)
    return image


def _first_thumbnail_lately(actor, document: Document) -> bool:
    """An atomic "first time in the window?" — a counter in the rate limiter's storage (Redis when
    the deployment has one, so every process agrees; memory otherwise): concurrent requests for the
    pages of one document cannot all find "no row yet", as a look-up in the access log would."""
    from flask import current_app
    from limits import parse

    from app.extensions import limiter

    try:
        return limiter.limiter.hit(
            parse(THUMBNAIL_LOG_EVERY),
            current_app.config.get("RATELIMIT_KEY_PREFIX", ""),
            "thumbnail-log",
            str(actor.id),
            str(document.id),
            str(document.version),
        )
    except Exception:  # noqa: BLE001 - the store of counters failed: rather one row too many than none
        log.warning("thumbnail log window unavailable; logging this view", exc_info=True)
        return True


def viewer_stamp(actor, document: Document, when: datetime) -> Stamp:
    local = when.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")
    parts = [actor.full_name, actor.unit or actor.position, _("%(time)s (giờ Việt Nam)", time=local)]
    footer = _("Người xem: %(who)s", who=" · ".join(p for p in parts if p))
    if document.confidential:
        footer = _("MẬT") + " – " + footer
    return Stamp(footer=footer, diagonal=actor.full_name)


def deliver_document(
    actor,
    document: Document,
    action: AccessAction,
    *,
    version: int | None = None,
    client: Client | None = None,
    now: datetime | None = None,
    token: str | None = None,
    reuse: bool = False,
    create: bool = True,
) -> Copy:
    """A copy of the document (or of one of its earlier versions) with the viewer's watermark on
    every page; a new copy's opening is recorded, a reused one's (``token``, ``reuse``: see
    :func:`~meetings.services.documents.copies.viewer_copy`) is not. The original is never changed."""
    from app.models.base import utcnow

    old = get_version(actor, document, version) if version is not None else None
    if old is None:
        require_document(actor, document)
    return viewer_copy(
        actor,
        document,
        action,
        object_key=old.object_key if old else document.object_key,
        version=old.version if old else document.version,
        filename=old.filename if old else document.filename,
        stamp_at=now or utcnow(),
        token=token,
        reuse=reuse,
        create=create,
        client=client,
    )
