"""Document services: permission first, validate, store bytes, record facts, flush (never commit)."""

from meetings.services.documents.access import (
    deliver_document,
    document_thumbnail,
    get_version,
    open_document,
    set_document_access,
    visible_documents,
)
from meetings.services.documents.audit import Client, list_access_logs, record_access, record_meeting_access
from meetings.services.documents.copies import Copy, prepare_document_copies
from meetings.services.documents.reading import ReadingSummary, ReadState, read_states, reading_summary
from meetings.services.documents.uploads import object_key_for, replace_document, store_document

Delivery = Copy  # the former name of a watermarked copy

__all__ = [
    "Client",
    "Copy",
    "Delivery",
    "ReadState",
    "ReadingSummary",
    "deliver_document",
    "document_thumbnail",
    "get_version",
    "list_access_logs",
    "object_key_for",
    "open_document",
    "prepare_document_copies",
    "read_states",
    "reading_summary",
    "record_access",
    "record_meeting_access",
    "replace_document",
    "set_document_access",
    "store_document",
    "visible_documents",
]
