"""Document download/view, streamed from the object store (never buffered whole)."""
from flask import Blueprint, Response, stream_with_context
from flask_login import current_user, login_required

from app.errors import NotFound
from app.extensions import db
from documents.models import Document
from documents.services import open_document

documents_bp = Blueprint("documents", __name__, template_folder="templates")


def _send(document: Document, disposition: str) -> Response:
    chunks = open_document(current_user, document)
    # The first chunk is fetched before answering so that a store outage becomes an error page,
    # not a broken download.
    first = next(chunks, b"")

    def body():
        yield first
        yield from chunks

    from urllib.parse import quote

    response = Response(stream_with_context(body()), mimetype="application/pdf")
    response.headers["Content-Length"] = str(document.size)
    response.headers["Content-Disposition"] = (
        f"{disposition}; filename=\"document-{document.id}.pdf\"; filename*=UTF-8''{quote(document.filename)}"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _get(document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None:
        raise NotFound()
    return document


@documents_bp.route("/documents/<int:document_id>/view")
@login_required
def view(document_id: int):
    return _send(_get(document_id), "inline")


@documents_bp.route("/documents/<int:document_id>/download")
@login_required
def download(document_id: int):
    return _send(_get(document_id), "attachment")
