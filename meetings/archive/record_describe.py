"""What a meeting's exported record says about itself: the parts it holds (:class:`RecordPart`), what
was withheld, the cover page of ``ho-so.pdf`` and ``metadata.xml``. Assembled by
meetings/archive/record_export.py."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from fpdf import FPDF

from documents.official_layout import FONT_FAMILY, font_paths

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
            notes.append(
                _("Hồ sơ không gồm %(n)s tài liệu mật (chỉ người được chỉ định mới được xem).", n=self.confidential)
            )
        if self.not_for_observers:
            notes.append(_("Hồ sơ không gồm %(n)s tài liệu không dành cho khách mời.", n=self.not_for_observers))
        return notes


def _local(value: datetime | None) -> str:
    return value.astimezone(LOCAL_TZ).isoformat() if value else ""


def _attendance(meeting) -> dict[int, dict]:
    """Who attended, as the minutes state it (meetings/services/attendance.py), for a closed meeting:
    user id → attendance/reason/substitute (XML attributes) and a label for the cover page."""
    from meetings.services.attendance import attendance_entries, standing_in_for

    out = {}
    for entry in attendance_entries(meeting):
        label = entry.status.label + (f" – {entry.reason}" if entry.reason else "")
        if entry.substitute_name:
            label += f" ({_('người dự thay')}: {entry.substitute_name})"
        out[entry.user_id] = {
            "attendance": entry.status.value,
            "reason": entry.reason,
            "substitute": entry.substitute_name,
            "label": label,
        }
    for user_id, absent in standing_in_for(meeting).items():
        out[user_id] = {
            "attendance": "stands-in",
            "standsInFor": absent.login,
            "label": _("dự thay %(name)s", name=absent.full_name),
        }
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
        (
            _("Thời gian"),
            start.strftime("%H:%M %d/%m/%Y")  # as held (started/closed in the app), else as planned
            + (
                " – "
                + end.astimezone(LOCAL_TZ).strftime(
                    "%H:%M %d/%m/%Y" if end.astimezone(LOCAL_TZ).date() != start.date() else "%H:%M"
                )
                if end
                else ""
            ),
        ),
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
    pdf.multi_cell(
        0,
        5.5,
        _(
            "Xuất lúc %(time)s bởi %(name)s.",
            time=exported_at.astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y"),
            name=exporter.full_name,
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
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


def metadata_xml(
    meeting,
    parts: list[RecordPart],
    paths: list[str],
    record_sha256: str,
    exported_at: datetime,
    exporter,
    withheld: Withheld = Withheld(),
) -> bytes:
    root = ET.Element(
        "meetingRecord", {"version": "1", "exportedAt": _local(exported_at), "exportedBy": exporter.login}
    )
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
        member = _sub(
            members,
            "member",
            role=mm.role.value,
            login=mm.user.login,
            **{k: v for k, v in facts.items() if k != "label" and v},
        )
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
    _sub(
        root,
        "withheld",
        " ".join(notes) if notes else None,
        confidential=withheld.confidential,
        notForObservers=withheld.not_for_observers,
    )
    record = _sub(root, "recordPdf")
    _sub(record, "path", RECORD_NAME)
    _sub(record, "sha256", record_sha256)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
