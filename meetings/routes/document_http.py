"""What the web pages and the JSON API share: reading an upload from the request, the client's
address for the access log, and answering with a watermarked PDF."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, request
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import NotFound, ValidationError
from app.extensions import db
from app.permissions import require_document
from app.text import clean_line
from documents.models import Document
from meetings.services.documents import Client, Delivery, replace_document, store_document

TRUE_VALUES = ("1", "true", "on", "yes")


def client_from_request(channel: str = "web") -> Client:
    return Client(
        ip=request.remote_addr or "", user_agent=clean_line(request.headers.get("User-Agent", "")), channel=channel
    )


def _int_or_none(value, label: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("Giá trị không hợp lệ cho %(field)s.", field=label)) from None


def agenda_item_from(meeting, value):
    from meetings.models import AgendaItem

    item_id = _int_or_none(value, "agenda_item_id")
    if item_id is None:
        return None
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        raise ValidationError(_("Mục chương trình không thuộc cuộc họp này."))
    return item


def access_fields(values) -> dict:
    """``confidential``, ``observer_visible`` and ``recipient_ids`` from a form or query string."""
    recipients = [_int_or_none(v, "recipient_ids") for v in values.getlist("recipient_ids") if v != ""]
    return {
        "confidential": str(values.get("confidential", "")).lower() in TRUE_VALUES,
        "observer_visible": str(values.get("observer_visible", "")).lower() in TRUE_VALUES,
        "recipient_ids": recipients,
    }


def upload_from_request():
    """``(stream, filename, fields)`` of the uploaded PDF: a multipart form with the field
    ``file``, or (API) a raw ``application/pdf`` body with ``?filename=`` in the query string."""
    if request.mimetype == "application/pdf":
        return request.stream, request.args.get("filename") or "tai-lieu.pdf", request.args
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ValidationError(_("Chưa chọn tệp để tải lên."))
    return upload.stream, upload.filename, request.form


def readable_document(document_id: int) -> Document:
    """The document, if the current user may read it; 404 otherwise (and when it does not exist)."""
    document = db.session.get(Document, document_id)
    if document is None:
        raise NotFound()
    require_document(current_user, document)
    return document


def store_uploaded(meeting, channel: str) -> Document:
    """Upload the request's PDF to ``meeting`` through the service (no commit)."""
    stream, filename, fields = upload_from_request()
    item = agenda_item_from(meeting, fields.get("agenda_item_id"))
    return store_document(
        current_user,
        meeting,
        stream,
        filename,
        title=fields.get("title"),
        agenda_item=item,
        client=client_from_request(channel),
        **access_fields(fields),
    )


def replace_with_uploaded(document: Document, channel: str) -> Document:
    stream, filename, fields = upload_from_request()
    return replace_document(
        current_user, document, stream, filename, title=fields.get("title"), client=client_from_request(channel)
    )


def pdf_response(delivery: Delivery, disposition: str) -> Response:
    """Stream the watermarked copy; its temporary file is closed (and so removed) at the end."""
    response = Response(delivery.chunks(), mimetype="application/pdf", direct_passthrough=True)
    response.headers["Content-Length"] = str(delivery.size)
    response.headers["Content-Disposition"] = (
        f'{disposition}; filename="document-{delivery.document.id}-v{delivery.version}.pdf"; '
        f"filename*=UTF-8''{quote(delivery.filename)}"
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Accept-Ranges"] = "none"
    response.call_on_close(delivery.file.close)  # also when the client goes away before the first byte
    return response
