"""JSON shapes of documents (the JSON API and the upload answers); described in app/openapi.py."""

from __future__ import annotations

from flask import url_for

from documents.models import Document, DocumentVersion


def document_json(document: Document, versions: list[DocumentVersion] | None = None, read_state=None) -> dict:
    """``read_state`` (a :class:`ReadState`): whether the caller has read it, in listings and details."""
    body = {
        "id": document.id,
        "meeting_id": document.meeting_id,
        "agenda_item_id": document.agenda_item_id,
        "title": document.title,
        "filename": document.filename,
        "size": document.size,
        "sha256": document.sha256,
        "page_count": document.page_count,
        "version": document.version,
        "confidential": document.confidential,
        "observer_visible": document.observer_visible,
        "created_at": document.created_at.isoformat(),
        "updated_at": document.version_uploaded_at.isoformat(),
        "download_url": url_for("documents_api.download", document_id=document.id),
    }
    if read_state is not None:
        body["read_state"] = read_state.value
    if versions is not None:
        body["previous_versions"] = [version_json(v) for v in versions]
    return body


def version_json(version: DocumentVersion) -> dict:
    return {
        "version": version.version,
        "filename": version.filename,
        "size": version.size,
        "sha256": version.sha256,
        "page_count": version.page_count,
        "uploaded_at": version.uploaded_at.isoformat(),
        "replaced_at": version.replaced_at.isoformat(),
    }
