"""What the web pages and the JSON API share: reading an upload from the request, the client's
address for the access log, and answering with a watermarked PDF."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.http import parse_range_header

from app.errors import NotFound, ValidationError, error_response
from app.extensions import db
from app.permissions import require_document
from app.text import clean_line
from documents.models import Document
from meetings.services.documents import Client, Copy, replace_document, store_document
from meetings.services.documents.ranges import reused_copy

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


def copy_request() -> dict:
    """Which copy a request for a document's bytes names: ``token`` (``?copy=``, or the ETag in
    ``If-Range``) and ``reuse`` (a range request: part of an open already made, not a new one).
    ``?copy=<token>&open=1`` is a new open under that token, ranged or not (the viewer's first
    request asks for the copy's first chunk): no earlier copy is looked for."""
    if_range = request.headers.get("If-Range", "")
    if if_range.startswith('"') and if_range.endswith('"') and len(if_range) > 2:
        return {"token": if_range[1:-1], "reuse": True, "create": False}
    fresh = str(request.args.get("open", "")).lower() in TRUE_VALUES
    return {"token": request.args.get("copy") or None, "reuse": "Range" in request.headers and not fresh}


def reused_range(document_id: int, version: int | None) -> Copy | None:
    """A range request naming (``If-Range``) a copy of the current version already opened: the
    cheap path (meetings/services/documents/ranges.py); None to take the full one."""
    wanted = copy_request()
    if version is not None or wanted.get("create") is not False or "Range" not in request.headers:
        return None
    return reused_copy(current_user, document_id, wanted["token"])


def _byte_range(size: int, etag: str):
    """``(start, end)`` of a single satisfiable range, ``None`` for the whole copy, ``False`` for an
    unsatisfiable one. Several ranges at once are answered with the whole copy."""
    header = request.headers.get("Range")
    if not header or request.headers.get("If-Range", etag) != etag:
        return None  # If-Range names another copy: this one is sent whole
    parsed = parse_range_header(header)
    if parsed is None or parsed.units != "bytes":
        return False if header.strip().startswith("bytes=") else None
    if len(parsed.ranges) != 1:
        return None
    bounds = parsed.range_for_length(size)
    if bounds is None:
        return False
    return bounds[0], bounds[1] - 1


def pdf_response(copy: Copy, disposition: str) -> Response:
    """Stream the watermarked copy, whole (200) or one byte range of it (206; 416 for a range
    outside it). A copy kept only in a temporary file (stamped the slow way) is served whole."""
    ranges = copy.etag is not None
    wanted = _byte_range(copy.size, copy.etag) if ranges else None
    if wanted is False:
        copy.close()
        body, status = error_response(416, _("Đoạn dữ liệu yêu cầu nằm ngoài tệp (tệp dài %(n)s byte).", n=copy.size))
        response = current_app.make_response((body, status))
        response.headers["Content-Range"] = f"bytes */{copy.size}"
        return response
    elif wanted is None:
        response = Response(copy.chunks(), mimetype="application/pdf", direct_passthrough=True)
        response.headers["Content-Length"] = str(copy.size)
    else:
        start, end = wanted
        response = Response(copy.chunks(start, end), status=206, mimetype="application/pdf", direct_passthrough=True)
        response.headers["Content-Length"] = str(end - start + 1)
        response.headers["Content-Range"] = f"bytes {start}-{end}/{copy.size}"
    response.headers["Content-Disposition"] = (
        f'{disposition}; filename="document-{copy.document_id}-v{copy.version}.pdf"; '
        f"filename*=UTF-8''{quote(copy.filename)}"
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Accept-Ranges"] = "bytes" if ranges else "none"
    if copy.etag:
        response.headers["ETag"] = copy.etag
    response.call_on_close(copy.close)  # also when the client goes away before the first byte
    return response
