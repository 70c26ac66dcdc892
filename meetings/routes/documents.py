"""Document pages: upload (with progress, from the agenda), the document's page (versions, access),
watermarked view/download, page thumbnails."""

from __future__ import annotations

from flask import Blueprint, Response, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.errors import wants_json
from app.extensions import db
from app.permissions import Perm, has_perm, permission_required
from meetings.models import AccessAction
from meetings.routes.document_http import (
    access_fields,
    client_from_request,
    copy_request,
    pdf_response,
    readable_document,
    replace_with_uploaded,
    reused_range,
    store_uploaded,
)
from meetings.schemas import document_json
from meetings.services.documents import deliver_document, document_thumbnail, read_states, set_document_access
from meetings.services.notifications import deliver_queued_emails

documents_bp = Blueprint("documents", __name__, template_folder="templates")


@documents_bp.app_context_processor
def reading_helpers() -> dict:
    def read_state(document):
        """The current user's read state of ``document`` (``None`` if it is not theirs to read). The
        states of a meeting's documents are fetched once per request, whatever the number of documents."""
        cache = g.setdefault("read_states", {})
        if document.meeting_id not in cache:
            cache[document.meeting_id] = read_states(current_user, document.meeting)
        return cache[document.meeting_id].get(document.id)

    return {"read_state": read_state}


@documents_bp.post("/meetings/<int:meeting_id>/documents")
@permission_required(Perm.DOCUMENT_UPLOAD, meeting_arg="meeting_id")
def upload(meeting):
    document = store_uploaded(meeting, "web")
    db.session.commit()
    item = document.agenda_item
    if wants_json():
        html = render_template("documents/_item_documents.html", meeting=meeting, item=item) if item else None
        return jsonify({"document": document_json(document), "html": html}), 201
    flash(_("Đã tải lên tài liệu “%(title)s”.", title=document.title), "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id))


@documents_bp.get("/documents/<int:document_id>")
@login_required
def detail(document_id: int):
    document = readable_document(document_id)
    manage = has_perm(current_user, Perm.DOCUMENT_UPLOAD, document.meeting)
    see_all = has_perm(current_user, Perm.DOCUMENT_VIEW_ALL, document.meeting)
    return render_template(
        "documents/document.html",
        document=document,
        meeting=document.meeting,
        manage=manage,
        versions=document.versions if see_all else [],
    )


@documents_bp.post("/documents/<int:document_id>/replace")
@login_required
def replace(document_id: int):
    document = replace_with_uploaded(readable_document(document_id), "web")
    db.session.commit()
    deliver_queued_emails()  # the members told of the new version, after the commit
    if wants_json():
        return jsonify({"document": document_json(document)}), 200
    flash(_("Đã thay tài liệu bằng phiên bản %(n)s.", n=document.version), "success")
    return redirect(url_for("documents.detail", document_id=document.id))


@documents_bp.post("/documents/<int:document_id>/access")
@login_required
def access(document_id: int):
    document = readable_document(document_id)
    set_document_access(current_user, document, **access_fields(request.form))
    db.session.commit()
    flash(_("Đã lưu quyền xem tài liệu."), "success")
    return redirect(url_for("documents.detail", document_id=document.id))


def _deliver(document_id: int, action: AccessAction, disposition: str, version: int | None = None):
    reused = reused_range(document_id, version)
    if reused is not None:  # a range of a copy already opened: nothing to log
        return pdf_response(reused, disposition)
    delivery = deliver_document(
        current_user,
        readable_document(document_id),
        action,
        version=version,
        client=client_from_request(),
        **copy_request(),
    )
    db.session.commit()  # the access is on record before a byte leaves
    return pdf_response(delivery, disposition)


@documents_bp.get("/documents/<int:document_id>/view")
@login_required
def view(document_id: int):
    return _deliver(document_id, AccessAction.open, "inline")


@documents_bp.get("/documents/<int:document_id>/download")
@login_required
def download(document_id: int):
    return _deliver(document_id, AccessAction.download, "attachment")


@documents_bp.get("/documents/<int:document_id>/versions/<int:version>/view")
@login_required
def view_version(document_id: int, version: int):
    return _deliver(document_id, AccessAction.open, "inline", version)


@documents_bp.get("/documents/<int:document_id>/versions/<int:version>/download")
@login_required
def download_version(document_id: int, version: int):
    return _deliver(document_id, AccessAction.download, "attachment", version)


@documents_bp.get("/documents/<int:document_id>/thumbnails/<int:page>.jpg")
@login_required
def thumbnail(document_id: int, page: int):
    image = document_thumbnail(current_user, readable_document(document_id), page - 1, client=client_from_request())
    db.session.commit()  # the access log row, when this is the first page image in a while
    response = Response(image, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
