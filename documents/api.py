"""JSON API v1 for documents (bearer token or session): list, detail, watermarked download,
upload and replacement. Described in the OpenAPI document (app/openapi.py)."""
from __future__ import annotations

from flask import Blueprint, jsonify
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import NotFound, error_response
from app.extensions import db
from app.permissions import Perm, has_perm, permission_required, require_document
from documents.http import access_fields, agenda_item_from, client_from_request, pdf_response, upload_from_request
from documents.models import AccessAction, Document
from documents.schemas import document_json
from documents.services import deliver_document, replace_document, store_document, visible_documents

documents_api_bp = Blueprint("documents_api", __name__, url_prefix="/api/v1")


@documents_api_bp.before_request
def _require_authentication():
    if not current_user.is_authenticated:
        return error_response(401, _("Bạn cần đăng nhập hoặc gửi mã truy cập (Bearer token) hợp lệ."))
    return None


def _get(document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None:
        raise NotFound()
    return document


@documents_api_bp.get("/meetings/<int:meeting_id>/documents")
@permission_required(Perm.DOCUMENT_VIEW, meeting_arg="meeting_id")
def list_documents(meeting):
    return jsonify({"documents": [document_json(d) for d in visible_documents(current_user, meeting)]})


@documents_api_bp.post("/meetings/<int:meeting_id>/documents")
@permission_required(Perm.DOCUMENT_UPLOAD, meeting_arg="meeting_id")
def upload(meeting):
    stream, filename, fields = upload_from_request()
    item = agenda_item_from(meeting, fields.get("agenda_item_id"))
    document = store_document(current_user, meeting, stream, filename, title=fields.get("title"), agenda_item=item,
                              client=client_from_request("api"), **access_fields(fields))
    db.session.commit()
    return jsonify(document_json(document)), 201


@documents_api_bp.get("/documents/<int:document_id>")
def get_document(document_id: int):
    document = _get(document_id)
    require_document(current_user, document)
    see_all = has_perm(current_user, Perm.DOCUMENT_VIEW_ALL, document.meeting)
    return jsonify(document_json(document, versions=list(document.versions) if see_all else None))


@documents_api_bp.get("/documents/<int:document_id>/download")
def download(document_id: int):
    delivery = deliver_document(current_user, _get(document_id), AccessAction.download,
                                client=client_from_request("api"))
    db.session.commit()
    return pdf_response(delivery, "attachment")


@documents_api_bp.post("/documents/<int:document_id>/versions")
def replace(document_id: int):
    document = _get(document_id)
    require_document(current_user, document)
    stream, filename, fields = upload_from_request()
    replace_document(current_user, document, stream, filename, title=fields.get("title"),
                     client=client_from_request("api"))
    db.session.commit()
    return jsonify(document_json(document)), 201
