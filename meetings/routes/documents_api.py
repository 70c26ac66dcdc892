"""JSON API v1 for documents (bearer token or session): list, detail, watermarked download,
upload and replacement. Described in the OpenAPI document (app/openapi.py)."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user

from app.api import api_login_required
from app.extensions import db
from app.permissions import Perm, has_perm, permission_required
from meetings.models import AccessAction
from meetings.routes.document_http import (
    client_from_request,
    copy_request,
    pdf_response,
    readable_document,
    replace_with_uploaded,
    reused_range,
    store_uploaded,
)
from meetings.schemas import document_json
from meetings.services.documents import deliver_document, read_states, visible_documents
from meetings.services.notifications import deliver_queued_emails

documents_api_bp = Blueprint("documents_api", __name__, url_prefix="/api/v1")


documents_api_bp.before_request(api_login_required)


@documents_api_bp.get("/meetings/<int:meeting_id>/documents")
@permission_required(Perm.DOCUMENT_VIEW, meeting_arg="meeting_id")
def list_documents(meeting):
    documents = visible_documents(current_user, meeting)
    states = read_states(current_user, meeting, documents)
    return jsonify({"documents": [document_json(d, read_state=states[d.id]) for d in documents]})


@documents_api_bp.post("/meetings/<int:meeting_id>/documents")
@permission_required(Perm.DOCUMENT_UPLOAD, meeting_arg="meeting_id")
def upload(meeting):
    document = store_uploaded(meeting, "api")
    db.session.commit()
    return jsonify(document_json(document)), 201


@documents_api_bp.get("/documents/<int:document_id>")
def get_document(document_id: int):
    document = readable_document(document_id)
    see_all = has_perm(current_user, Perm.DOCUMENT_VIEW_ALL, document.meeting)
    state = read_states(current_user, document.meeting, [document])[document.id]
    return jsonify(document_json(document, versions=list(document.versions) if see_all else None, read_state=state))


@documents_api_bp.get("/documents/<int:document_id>/download")
def download(document_id: int):
    reused = reused_range(document_id, None)
    if reused is not None:  # a range of a copy already opened: nothing to log
        return pdf_response(reused, "attachment")
    delivery = deliver_document(
        current_user,
        readable_document(document_id),
        AccessAction.download,
        client=client_from_request("api"),
        **copy_request(),
    )
    db.session.commit()
    return pdf_response(delivery, "attachment")


@documents_api_bp.post("/documents/<int:document_id>/versions")
def replace(document_id: int):
    document = replace_with_uploaded(readable_document(document_id), "api")
    db.session.commit()
    deliver_queued_emails()  # the members told of the new version, after the commit
    return jsonify(document_json(document)), 201
