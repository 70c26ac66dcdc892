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
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from app.errors import AppError, NotFound, ValidationError
from app.extensions import db
from app.models.base import utcnow
from app.permissions import Perm, can_view_document, has_perm
from meetings.services import minutes_records
from documents.models import Document
from documents.offload import run_cpu_bound
from documents.official_layout import FONT_FAMILY, font_paths
from documents.storage import get_store
from documents.textfold import fold

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
RECORD_NAME = "ho-so.pdf"
METADATA_NAME = "metadata.xml"
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class RecordPart:
    """A stored PDF that belongs in the record."""

    kind: str  # "signed-minutes" or "document"
    id: int
    title: str
    filename: str
    object_key: str
    size: int
    sha256: str
    page_count: int
    agenda_item_id: int | None = None
    signatures: int | None = None  # signed minutes: how many signatures the stored revision carries


@dataclass(frozen=True)
class Withheld:
    """How many of the meeting's documents the exporter may not read, and so are not in the record."""

    confidential: int = 0  # "Mật", not addressed to the exporter
    not_for_observers: int = 0  # the exporter is an observer (khách mời) and they are not marked for them

    def notes(self) -> list[str]:
        """What the cover page and the metadata say about them (counts only, never titles)."""
        notes = []
        if self.confidential:
            notes.append(_("Hồ sơ không gồm %(n)s tài liệu mật (chỉ người được chỉ định mới được xem).",
                           n=self.confidential))
        if self.not_for_observers:
            notes.append(_("Hồ sơ không gồm %(n)s tài liệu không dành cho khách mời.", n=self.not_for_observers))
        return notes


def _documents(meeting) -> list[Document]:
    return list(db.session.scalars(sa.select(Document).where(Document.meeting_id == meeting.id)
                                   .order_by(Document.agenda_item_id.is_(None), Document.agenda_item_id,
                                             Document.id)))


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
        parts.append(RecordPart("signed-minutes", signed.id, _("Biên bản cuộc họp (đã ký số)"),
                                f"bien-ban-{meeting.id}.pdf", signed.object_key, signed.size, signed.sha256, pages,
                                signatures=signed.signatures))
    parts += [RecordPart("document", d.id, d.title, d.filename, d.object_key, d.size, d.sha256, d.page_count,
                         d.agenda_item_id) for d in _documents(meeting) if can_view_document(actor, d)]
    return parts


def safe_name(name: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", fold(name.rsplit(".", 1)[0])).strip("-")[:60]
    return f"{stem or 'tai-lieu'}.pdf"


def _local(value: datetime | None) -> str:
    return value.astimezone(LOCAL_TZ).isoformat() if value else ""


def _copy_verified(part: RecordPart, target: BinaryIO) -> None:
    digest = hashlib.sha256()
    for chunk in get_store().iter_object(part.object_key):
        digest.update(chunk)
        target.write(chunk)
    target.flush()
    if digest.hexdigest() != part.sha256:
        raise AppError(_("Tài liệu “%(title)s” trong kho lưu trữ không khớp mã băm SHA-256 đã ghi nhận; "
                         "không xuất hồ sơ.", title=part.title), status_code=500,
                       detail=f"sha256 mismatch for {part.object_key}")


def _attendance(meeting) -> dict[int, dict]:
    """Who attended, as the minutes state it (meetings/services/attendance.py), for a closed meeting:
    user id → attendance/reason/substitute (XML attributes) and a label for the cover page."""
    from meetings.services.attendance import attendance_entries, standing_in_for

    out = {}
    for entry in attendance_entries(meeting):
        label = entry.status.label + (f" – {entry.reason}" if entry.reason else "")
        if entry.substitute_name:
            label += f" ({_('người dự thay')}: {entry.substitute_name})"
        out[entry.user_id] = {"attendance": entry.status.value, "reason": entry.reason,
                              "substitute": entry.substitute_name, "label": label}
    for user_id, absent in standing_in_for(meeting).items():
        out[user_id] = {"attendance": "stands-in", "standsInFor": absent.login,
                        "label": _("dự thay %(name)s", name=absent.full_name)}
    return out


def _cover_page(meeting, parts: list[RecordPart], withheld: Withheld, exported_at: datetime, exporter) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_margins(30, 20, 15)
    for style, path in font_paths().items():
        pdf.add_font(FONT_FAMILY, style, str(path))
    pdf.set_creation_date(exported_at)
    pdf.add_page()
    pdf.set_font(FONT_FAMILY, "B", 15)
    pdf.multi_cell(0, 8, _("HỒ SƠ CUỘC HỌP"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, "B", 13)
    pdf.multi_cell(0, 7, meeting.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT_FAMILY, "", 12)
    start, end = meeting.held_from.astimezone(LOCAL_TZ), meeting.held_until
    lines = [
        (_("Cơ quan"), meeting.body),
        (_("Loại cuộc họp"), meeting.kind.label),
        (_("Thời gian"), start.strftime("%H:%M %d/%m/%Y")  # as held (started/closed in the app), else as planned
         + (" – " + end.astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y" if end.astimezone(LOCAL_TZ).date()
                                                      != start.date() else "%H:%M") if end else "")),
        (_("Địa điểm"), meeting.place),
    ]
    for label, value in lines:
        pdf.multi_cell(0, 6.5, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT_FAMILY, "B", 12)
    pdf.multi_cell(0, 6.5, _("Thành phần"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, "", 11)
    attendance = _attendance(meeting)
    for m in meeting.members:
        line = f"– {m.user.full_name}, {m.user.position} ({m.role.label})"
        if m.user_id in attendance:
            line += f": {attendance[m.user_id]['label']}"
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT_FAMILY, "B", 12)
    pdf.multi_cell(0, 6.5, _("Tài liệu trong hồ sơ"), new_x="LMARGIN", new_y="NEXT")
    for n, part in enumerate(parts, 1):
        pdf.set_font(FONT_FAMILY, "", 11)
        pdf.multi_cell(0, 6, f"{n}. {part.title} ({part.page_count} tr.)", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT_FAMILY, "", 8)
        pdf.multi_cell(0, 4.5, f"SHA-256: {part.sha256}", new_x="LMARGIN", new_y="NEXT")
    notes = withheld.notes()
    if not parts and not notes:
        pdf.set_font(FONT_FAMILY, "I", 11)
        pdf.multi_cell(0, 6, _("Cuộc họp không có tài liệu."), new_x="LMARGIN", new_y="NEXT")
    for note in notes:
        pdf.set_font(FONT_FAMILY, "I", 11)
        pdf.multi_cell(0, 6, note, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT_FAMILY, "I", 10)
    pdf.multi_cell(0, 5.5, _("Xuất lúc %(time)s bởi %(name)s.", time=exported_at.astimezone(LOCAL_TZ)
                             .strftime("%H:%M %d/%m/%Y"), name=exporter.full_name), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _sub(parent: ET.Element, tag: str, text=None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items() if v is not None})
    if text is not None:
        element.text = str(text)
    return element


def _part(parent: ET.Element, tag: str, part: RecordPart, path: str, **attrs) -> None:
    element = _sub(parent, tag, id=part.id, **attrs)
    _sub(element, "title", part.title)
    _sub(element, "filename", part.filename)
    _sub(element, "path", path)
    _sub(element, "size", part.size)
    _sub(element, "pages", part.page_count)
    _sub(element, "sha256", part.sha256)


def metadata_xml(meeting, parts: list[RecordPart], paths: list[str], record_sha256: str, exported_at: datetime,
                 exporter, withheld: Withheld = Withheld()) -> bytes:
    root = ET.Element("meetingRecord", {"version": "1", "exportedAt": _local(exported_at),
                                        "exportedBy": exporter.login})
    m = _sub(root, "meeting", id=meeting.id, kind=meeting.kind.value, state=meeting.state.value)
    _sub(m, "title", meeting.title)
    _sub(m, "body", meeting.body)
    _sub(m, "startsAt", _local(meeting.starts_at))  # as planned
    _sub(m, "endsAt", _local(meeting.ends_at))
    if meeting.started_at:
        _sub(m, "startedAt", _local(meeting.started_at))  # as held
    if meeting.ended_at:
        _sub(m, "endedAt", _local(meeting.ended_at))
    _sub(m, "place", meeting.place)
    members = _sub(root, "members")
    attendance = _attendance(meeting)
    for mm in meeting.members:
        facts = attendance.get(mm.user_id, {})
        member = _sub(members, "member", role=mm.role.value, login=mm.user.login,
                      **{k: v for k, v in facts.items() if k != "label" and v})
        _sub(member, "fullName", mm.user.full_name)
        _sub(member, "position", mm.user.position)
        _sub(member, "unit", mm.user.unit)
    agenda = _sub(root, "agenda")
    for item in meeting.agenda_items:
        entry = _sub(agenda, "item", id=item.id, position=item.position, parentId=item.parent_id)
        _sub(entry, "title", item.title)
        _sub(entry, "presenter", item.presenter_label)
    for part, path in zip(parts, paths):  # ids of signed-minutes revisions, not of documents
        if part.kind == "signed-minutes":
            _part(root, "signedMinutes", part, path, signatures=part.signatures)
    documents = _sub(root, "documents")
    for part, path in zip(parts, paths):
        if part.kind == "document":
            _part(documents, "document", part, path, kind=part.kind, agendaItemId=part.agenda_item_id)
    notes = withheld.notes()
    _sub(root, "withheld", " ".join(notes) if notes else None, confidential=withheld.confidential,
         notForObservers=withheld.not_for_observers)
    record = _sub(root, "recordPdf")
    _sub(record, "path", RECORD_NAME)
    _sub(record, "sha256", record_sha256)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


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
    with tempfile.TemporaryDirectory(prefix="phonghop-record-") as tmp, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        cover = f"{tmp}/cover.pdf"
        with open(cover, "wb") as f:
            f.write(_cover_page(meeting, parts, withheld, exported_at, actor))
        files = []
        for n, part in enumerate(parts, 1):  # network I/O: stays on the event loop, which it does not block
            local = f"{tmp}/{n:02d}.pdf"
            with open(local, "wb") as f:
                _copy_verified(part, f)
            files.append((local, f"tai-lieu/{n:02d}-{safe_name(part.filename)}"))
        properties = {"/Title": _("Hồ sơ cuộc họp: %(title)s", title=meeting.title), "/Author": meeting.body,
                      "/Creator": "phonghop"}
        record_sha256 = run_cpu_bound(_assemble, archive, cover, files, f"{tmp}/{RECORD_NAME}", properties)
        archive.writestr(_entry(METADATA_NAME), metadata_xml(meeting, parts, [path for _local, path in files],
                                                             record_sha256, exported_at, actor, withheld))
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
            record_meeting_access(actor, meeting, f"Biên bản đã ký số ({part.signatures} chữ ký)",
                                  AccessAction.export, client)


def _assemble(archive: zipfile.ZipFile, cover: str, files: list[tuple[str, str]], record: str,
              properties: dict[str, str]) -> str:
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
