"""Helpers for document tests: HTTP uploads and a snapshot of everything an upload could change."""

from __future__ import annotations

import io

import sqlalchemy as sa

from app.extensions import db
from documents.models import Document, DocumentRecipient, DocumentVersion
from meetings.models import AccessLog

JSON = {"Accept": "application/json"}


def post_pdf(client, meeting, data: bytes, filename: str = "tai-lieu.pdf", headers=None, **fields):
    form = {"file": (io.BytesIO(data), filename), **fields}
    return client.post(
        f"/meetings/{meeting.id}/documents", data=form, content_type="multipart/form-data", headers=headers or JSON
    )


def snapshot(store) -> dict:
    """Every key in the bucket and the row count of every document table."""
    counts = {
        model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Document, DocumentVersion, DocumentRecipient, AccessLog)
    }
    return {"keys": sorted(store.list_keys("")), **counts}


def audit_rows(document=None, action=None) -> list[AccessLog]:
    query = sa.select(AccessLog).order_by(AccessLog.id)
    if document is not None:
        query = query.where(AccessLog.document_id == document.id)
    if action is not None:
        query = query.where(AccessLog.action == action)
    return list(db.session.scalars(query))
