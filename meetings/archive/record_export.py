"""Export a closed meeting's record: a ZIP holding
  * ``ho-so.pdf`` — a generated cover page with the record's metadata, then every document;
  * ``tai-lieu/NN-<name>.pdf`` — each document exactly as stored (its sha256 is checked on the way);
  * ``metadata.xml`` — meeting, members, agenda, the signed minutes (``<signedMinutes>``, their own
    element: their id is a signed-minutes revision's, not a document's), documents (with sha256), how
    many documents were withheld from the exporter, and the record PDF's sha256.

Documents the exporter may not read are left out, and the cover page and the metadata say how many
(never which: their titles stay hidden).

Documents are copied from the object store to temporary files chunk by chunk, never held whole in
memory. When signed minutes exist, the minutes slice adds them through ``RecordPart``.
"""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
import zipfile
from typing import BinaryIO

import sqlalchemy as sa
from flask_babel import gettext as _
from pypdf import PdfReader, PdfWriter

from app.errors import AppError, NotFound, ValidationError
from app.extensions import db
from app.models.base import utcnow
from app.permissions import Perm, can_view_document, has_perm
from documents.models import Document
from documents.offload import run_cpu_bound
from documents.storage import get_store
from documents.textfold import fold
from meetings.archive.record_describe import (  # noqa: E402
    CHUNK,
    LOCAL_TZ,
    METADATA_NAME,
    RECORD_NAME,
    RecordPart,
    Withheld,
    _cover_page,
    metadata_xml,
)
from meetings.services import minutes_records


def _documents(meeting) -> list[Document]:
    return list(
        db.session.scalars(
            sa.select(Document)
            .where(Document.meeting_id == meeting.id)
            .order_by(Document.agenda_item_id.is_(None), Document.agenda_item_id, Document.id)
        )
    )


def withheld_documents(meeting, actor) -> Withheld:
    hidden = [d for d in _documents(meeting) if not can_view_document(actor, d)]
    confidential = sum(1 for d in hidden if d.confidential)
    return Withheld(confidential=confidential, not_for_observers=len(hidden) - confidential)


def record_parts(meeting, actor) -> list[RecordPart]:
    """What ``actor`` may take out of the record: the signed minutes first (when they may read them),
    then the documents they may read (confidential ones only for their named readers)."""
    parts = []
    signed = minutes_records.latest_signed(meeting.id)
    if signed is not None and has_perm(actor, Perm.MINUTES_VIEW, meeting):
        pages = len(PdfReader(io.BytesIO(minutes_records.read_signed_revision(signed))).pages)
        parts.append(
            RecordPart(
                "signed-minutes",
                signed.id,
                _("Biên bản cuộc họp (đã ký số)"),
                f"bien-ban-{meeting.id}.pdf",
                signed.object_key,
                signed.size,
                signed.sha256,
                pages,
                signatures=signed.signatures,
            )
        )
    parts += [
        RecordPart(
            "document", d.id, d.title, d.filename, d.object_key, d.size, d.sha256, d.page_count, d.agenda_item_id
        )
        for d in _documents(meeting)
        if can_view_document(actor, d)
    ]
    return parts


def safe_name(name: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", fold(name.rsplit(".", 1)[0])).strip("-")[:60]
    return f"{stem or 'tai-lieu'}.pdf"


def _copy_verified(part: RecordPart, target: BinaryIO) -> None:
    digest = hashlib.sha256()
    for chunk in get_store().iter_object(part.object_key):
        digest.update(chunk)
        target.write(chunk)
    target.flush()
    if digest.hexdigest() != part.sha256:
        raise AppError(
            _(
                "Tài liệu “%(title)s” trong kho lưu trữ không khớp mã băm SHA-256 đã ghi nhận; không xuất hồ sơ.",
                title=part.title,
            ),
            status_code=500,
            detail=f"sha256 mismatch for {part.object_key}",
        )


def export_meeting_record(actor, meeting, out: BinaryIO) -> list[RecordPart]:
    """Write the ZIP of a closed meeting's record to ``out`` (a writable, seekable binary file);
    returns what went into it (for the access log).

    The record holds the original files, unstamped, and who attended: it is the archivists' and the
    secretariat's (``RECORD_EXPORT``). Anyone else — a member or observer of the meeting too — is
    answered as if there were no record, like an outsider."""
    if not has_perm(actor, Perm.RECORD_EXPORT, meeting):
        raise NotFound(detail=f"record of meeting {meeting.id} not exportable by user {getattr(actor, 'id', None)}")
    if meeting.state.value != "closed":
        raise ValidationError(_("Chỉ xuất hồ sơ của cuộc họp đã kết thúc."), status_code=409)
    parts = record_parts(meeting, actor)
    withheld = withheld_documents(meeting, actor)
    exported_at = utcnow()
    with (
        tempfile.TemporaryDirectory(prefix="phonghop-record-") as tmp,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        cover = f"{tmp}/cover.pdf"
        with open(cover, "wb") as f:
            f.write(_cover_page(meeting, parts, withheld, exported_at, actor))
        files = []
        for n, part in enumerate(parts, 1):  # network I/O: stays on the event loop, which it does not block
            local = f"{tmp}/{n:02d}.pdf"
            with open(local, "wb") as f:
                _copy_verified(part, f)
            files.append((local, f"tai-lieu/{n:02d}-{safe_name(part.filename)}"))
        properties = {
            "/Title": _("Hồ sơ cuộc họp: %(title)s", title=meeting.title),
            "/Author": meeting.body,
            "/Creator": "phonghop",
        }
        record_sha256 = run_cpu_bound(_assemble, archive, cover, files, f"{tmp}/{RECORD_NAME}", properties)
        archive.writestr(
            _entry(METADATA_NAME),
            metadata_xml(meeting, parts, [path for _local, path in files], record_sha256, exported_at, actor, withheld),
        )
    return parts


def _entry(name: str) -> zipfile.ZipInfo:
    """A ZIP entry written from memory, readable like the files beside it (rw-r--r--, not 0600)."""
    info = zipfile.ZipInfo(name, date_time=utcnow().astimezone(LOCAL_TZ).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o100644 << 16
    return info


def log_export(actor, meeting, parts: list[RecordPart], client) -> None:
    """Every file that left in the record is in the access log, like any download."""
    from meetings.models import AccessAction
    from meetings.services.documents import record_access, record_meeting_access

    for part in parts:
        if part.kind == "document":
            record_access(actor, db.session.get(Document, part.id), AccessAction.export, client)
        else:
            # titled like the other signed-minutes rows (views_minutes), no internal id
            record_meeting_access(
                actor, meeting, f"Biên bản đã ký số ({part.signatures} chữ ký)", AccessAction.export, client
            )


def _assemble(
    archive: zipfile.ZipFile, cover: str, files: list[tuple[str, str]], record: str, properties: dict[str, str]
) -> str:
    """The CPU-bound part (compressing, merging the PDFs, hashing), run off the event loop: puts each
    file in the ZIP, merges the cover and the files into the record PDF, adds it, returns its sha256."""
    writer = PdfWriter()
    writer.append(cover)
    for local, path in files:
        archive.write(local, path)
        writer.append(local)
    writer.add_metadata(properties)
    with open(record, "wb") as f:
        writer.write(f)
    writer.close()
    digest = hashlib.sha256()
    with open(record, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    archive.write(record, RECORD_NAME)
    return digest.hexdigest()
