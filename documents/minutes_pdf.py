"""The minutes PDF in the Decree 30/2020/NĐ-CP layout (Phụ lục III, Mẫu 1.9 "Biên bản").

A4; margins top/bottom 20 mm, left 30 mm, right 15 mm; a Times-like Unicode serif embedded
(Liberation Serif from Debian ``fonts-liberation2``, else Noto Serif from ``fonts-noto-core``).
Top-left the issuing body and "Số: …/BB-…", top-right the Quốc hiệu and Tiêu ngữ; the title
BIÊN BẢN with the meeting's name; start time, place, attendees, chair, secretary, the content by
agenda item (documents, conclusions), the closing line, the signature blocks THƯ KÝ (left) and
CHỦ TỌA (right), and "Nơi nhận:".

:func:`render_minutes_pdf` takes plain data (:class:`MinutesDocument`, built by the meetings
package) and returns the PDF with two empty signature fields placed in the signature blocks,
ready for :mod:`documents.signing`. A preview (``MinutesDocument.draft``) carries a boxed "DỰ THẢO"
in the top-right margin of every page; the PDF that gets signed never does.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from documents import fpdf_linebreak
from documents.minutes_content import AttendeeLine, MinutesDocument, MinutesItem, Person  # noqa: F401  (re-exported)
from documents.serif_fonts import font_files

A4 = (210.0, 297.0)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20.0, 20.0, 30.0, 15.0
fpdf_linebreak.install()  # wrapping 30 pages: linear instead of quadratic in the line length

FAMILY = "MinutesSerif"
BODY_SIZE = 13
LINE = 6.5  # mm per body line
SIGNATURE_FIELDS = ("ThuKy", "ChuToa")  # secretary (left), chair (right)
SEAL_FIELD = "DauCoQuan"  # the optional agency seal, created when it is applied (after the chair)
# The signing chain, in order (field, who signs it): nothing else may follow the first signature
# (documents/signature_revisions.py); the seal is optional.
SIGNING_CHAIN = ((SIGNATURE_FIELDS[0], "thư ký"), (SIGNATURE_FIELDS[1], "chủ tọa"), (SEAL_FIELD, "dấu cơ quan"))
SEAL_HEIGHT = 20.0
BLOCK_WIDTH = 75.0
SIGNATURE_HEIGHT = 32.0  # room for the visible signature under each block's title
MM = 72 / 25.4
DRAFT_MARK = "DỰ THẢO"


@dataclass(frozen=True)
class FieldBox:
    name: str
    page: int  # 0-based
    box: tuple[float, float, float, float]  # PDF points, origin bottom-left


def vn_time(value: datetime, tz: str) -> str:
    from zoneinfo import ZoneInfo

    local = value.astimezone(ZoneInfo(tz))
    return (
        f"{local.hour:02d} giờ {local.minute:02d} phút, ngày {local.day:02d} tháng {local.month:02d} năm {local.year}"
    )


def closing_line(value: datetime | None, tz: str) -> str:
    if value is None:
        return "Cuộc họp kết thúc vào … giờ …, ngày … tháng … năm …./."
    from zoneinfo import ZoneInfo

    local = value.astimezone(ZoneInfo(tz))
    return (
        f"Cuộc họp kết thúc vào {local.hour:02d} giờ {local.minute:02d}, ngày {local.day:02d} "
        f"tháng {local.month:02d} năm {local.year}./."
    )


class _MinutesPdf(FPDF):
    def __init__(self, draft: bool = False):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.draft = draft
        for style, path in font_files().items():
            self.add_font(FAMILY, style, str(path))
        self.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
        self.set_auto_page_break(True, MARGIN_BOTTOM)
        self.set_font(FAMILY, "", BODY_SIZE)

    def header(self):
        if self.draft:
            self.draft_mark()
        if self.page_no() > 1:  # page numbers from page 2, centred at the top (Decree 30)
            self.set_font(FAMILY, "", 13)
            self.set_y(10)
            self.cell(0, 6, str(self.page_no()), align="C")
            self.set_y(MARGIN_TOP)
            self.set_font(FAMILY, "", BODY_SIZE)

    def draft_mark(self) -> None:
        """A boxed "DỰ THẢO" in the top-right corner, above the text (as documents.official_layout does)."""
        self.set_font(FAMILY, "B", 11)
        width = self.get_string_width(DRAFT_MARK) + 6
        self.set_xy(self.w - self.r_margin - width, 7)
        self.cell(width, 6.5, DRAFT_MARK, border=1, align="C")
        self.set_xy(self.l_margin, MARGIN_TOP)
        self.set_font(FAMILY, "", BODY_SIZE)

    @property
    def content_width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def para(self, text: str, style: str = "", indent: float = 10.0, align: str = "J") -> None:
        self.set_font(FAMILY, style, BODY_SIZE)
        for paragraph in [p.strip() for p in (text or "").splitlines() if p.strip()]:
            self.set_x(self.l_margin)
            self.multi_cell(
                0,
                LINE,
                paragraph,
                align=align,
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
                padding=(0, 0, 0, indent) if indent else 0,
            )

    def para_height(self, text: str, style: str = "", indent: float = 10.0, align: str = "J") -> float:
        """How much height ``para`` would take, measured without writing anything."""
        self.set_font(FAMILY, style, BODY_SIZE)
        return sum(
            self.multi_cell(
                0,
                LINE,
                paragraph,
                align=align,
                dry_run=True,
                output=MethodReturnValue.HEIGHT,
                padding=(0, 0, 0, indent) if indent else 0,
            )
            for paragraph in [p.strip() for p in (text or "").splitlines() if p.strip()]
        )

    def labelled(self, label: str, value: str) -> None:
        self.set_font(FAMILY, "", BODY_SIZE)
        self.set_x(self.l_margin)
        self.multi_cell(0, LINE, f"**{label}** {value}", markdown=True, align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _header(pdf: _MinutesPdf, doc: MinutesDocument) -> None:
    left_w, top = 72.0, MARGIN_TOP
    right_x = pdf.l_margin + left_w
    right_w = pdf.w - pdf.r_margin - right_x
    # left: parent body, issuing body (bold, underlined by a short rule), number
    pdf.set_xy(pdf.l_margin, top)
    if doc.parent_body:
        pdf.set_font(FAMILY, "", 12)
        pdf.multi_cell(left_w, 5.5, doc.parent_body.upper(), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "B", 12)
    pdf.multi_cell(left_w, 5.5, doc.body.upper(), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    y = pdf.get_y() + 0.8
    pdf.line(pdf.l_margin + left_w / 2 - 12, y, pdf.l_margin + left_w / 2 + 12, y)
    pdf.set_xy(pdf.l_margin, y + 2)
    pdf.set_font(FAMILY, "", 13)
    pdf.cell(left_w, 6, f"Số: {doc.number or '…/BB-…'}", align="C")
    left_bottom = pdf.get_y() + 6
    # right: Quốc hiệu, Tiêu ngữ (underlined by a rule as long as the motto)
    pdf.set_xy(right_x, top)
    pdf.set_font(FAMILY, "B", 12)
    pdf.cell(right_w, 5.5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "B", 13)
    motto = "Độc lập - Tự do - Hạnh phúc"
    pdf.cell(right_w, 6, motto, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    width = pdf.get_string_width(motto)
    y = pdf.get_y() + 0.3
    pdf.line(right_x + (right_w - width) / 2, y, right_x + (right_w + width) / 2, y)
    pdf.set_y(max(left_bottom, pdf.get_y()) + 8)


def _title(pdf: _MinutesPdf, doc: MinutesDocument) -> None:
    pdf.set_font(FAMILY, "B", 14)
    pdf.cell(0, 7, "BIÊN BẢN", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.multi_cell(0, 7, doc.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    y = pdf.get_y() + 1
    middle = pdf.l_margin + pdf.content_width / 2
    pdf.line(middle - 20, y, middle + 20, y)
    pdf.ln(7)


def attendance_summary(attendees: tuple[AttendeeLine, ...], substitutes_count: bool = False) -> str:
    """The count line, over the body's seats only — the same people as the floor's quorum (the
    secretary is listed among those present but is not a member of the body): "có mặt 5/7 thành
    viên; vắng 2 thành viên (có lý do), trong đó 1 thành viên cử người dự thay." When the rules let
    substitutes count (``substitutes_count``), a member represented by an approved substitute fills
    their seat: "có mặt 6/7 thành viên (trong đó 1 người dự thay); vắng 1 thành viên (có lý do)."
    Otherwise that member is absent in person, with a reason (reported and approved with the
    substitute)."""
    seats = [a for a in attendees if a.counted]
    substitutes = sum(1 for a in seats if a.status == "substitute")
    standing_in = substitutes if substitutes_count else 0
    present = sum(1 for a in seats if a.status == "present") + standing_in
    unexplained = sum(1 for a in seats if a.status == "absent" and not a.reason)
    away = len(seats) - present
    line = f"có mặt {present}/{len(seats)} thành viên"
    if standing_in:
        line += f" (trong đó {standing_in} người dự thay)"
    if away:
        explained = away - unexplained
        why = (
            "có lý do"
            if not unexplained
            else "không rõ lý do"
            if not explained
            else f"{explained} có lý do, {unexplained} không rõ lý do"
        )
        line += f"; vắng {away} thành viên ({why})"
        if substitutes and not standing_in:
            line += f", trong đó {substitutes} thành viên cử người dự thay"
    return line + "."


def _listed(pdf: _MinutesPdf, heading: str, lines: list[str]) -> None:
    """A sub-list of the attendees under its italic heading ("Có mặt:", "Vắng mặt:", "Khách mời:"):
    one "- …" line each, ending with ";" and the last with "."."""
    if not lines:
        return
    pdf.para(heading, style="I", indent=8, align="L")
    for n, line in enumerate(lines):
        pdf.para(f"- {line}" + ("." if n == len(lines) - 1 else ";"), indent=8, align="L")


def _attendees(pdf: _MinutesPdf, doc: MinutesDocument) -> None:
    pdf.set_font(FAMILY, "", BODY_SIZE)
    pdf.labelled("3. Thành phần tham dự:", attendance_summary(doc.attendees, doc.substitutes_count))
    present = [a.person.line() + (f" ({a.note})" if a.note else "") for a in doc.attendees if a.status == "present"]
    # the substitute attends in the member's place: "X (dự thay Y, lý do: …)"
    present += [
        f"{a.substitute_name} (dự thay {a.person.line()}" + (f", lý do: {a.reason}" if a.reason else "") + ")"
        for a in doc.attendees
        if a.status == "substitute"
    ]
    _listed(pdf, "Có mặt:", present)
    _listed(
        pdf,
        "Vắng mặt:",
        [
            a.person.line() + (f" (lý do: {a.reason})" if a.reason else " (không rõ lý do)")
            for a in doc.attendees
            if a.status == "absent"
        ],
    )
    _listed(pdf, "Khách mời:", [guest.line() for guest in doc.guests])


def _conclusion(item: MinutesItem) -> str:
    return f"Kết luận: {item.conclusion}" if item.conclusion else "Kết luận: (chưa ghi)"


def _content(pdf: _MinutesPdf, doc: MinutesDocument) -> None:
    """Section 6, all but the last item's conclusion, which goes with the signatures (``_ending``)."""
    pdf.labelled("6. Nội dung (theo diễn biến cuộc họp):", "")
    pdf.para(doc.narrative)
    for n, item in enumerate(doc.items, start=1):
        number = item.number or str(n)
        sub = "." in number  # a sub-item (1.1): set in from its parent
        pdf.para(f"6.{number}. {item.title}", style="BI" if sub else "B", indent=6 if sub else 0)
        if item.presenter:
            pdf.para(f"Trình bày: {item.presenter}.", style="I")
        if item.documents_line:
            pdf.para("Tài liệu: " + "; ".join(item.documents_line) + ".")
        if item.speeches.strip():  # the discussion, then what was decided
            pdf.para("Ý kiến phát biểu:")
            pdf.para(item.speeches, indent=8, align="L")
        for line in item.votes:
            pdf.para(line)
        if n < len(doc.items):
            pdf.para(_conclusion(item))


def _ending(pdf: _MinutesPdf, doc: MinutesDocument) -> list[FieldBox]:
    """The last conclusion, the closing line and the signatures, kept on one page: a page holding
    only signatures could be put under another text, so the signing page carries the minutes' last
    words. When the last conclusion is too long to move whole, it flows and the closing line alone
    goes over with the signatures."""
    last = [_conclusion(doc.items[-1])] if doc.items else []
    closing = closing_line(doc.closed_at, doc.timezone)
    block = _signatures_height(doc)
    page_room = pdf.h - MARGIN_BOTTOM - MARGIN_TOP
    tail = sum(pdf.para_height(text) for text in last) + 2 + pdf.para_height(closing)
    if pdf.get_y() + tail + block > pdf.h - MARGIN_BOTTOM and tail + block <= page_room:
        pdf.add_page()
    for text in last:
        pdf.para(text)
    pdf.ln(2)
    if pdf.get_y() + pdf.para_height(closing) + block > pdf.h - MARGIN_BOTTOM:
        pdf.add_page()
    pdf.para(closing)
    return _signatures(pdf, doc)


def _signatures_height(doc: MinutesDocument) -> float:
    return 4 + 6 + 14 + SIGNATURE_HEIGHT + 8 + 6 + 6 * (len(doc.recipients) + 1)


def _signatures(pdf: _MinutesPdf, doc: MinutesDocument) -> list[FieldBox]:
    top = pdf.get_y() + 4
    left_x = pdf.l_margin
    right_x = pdf.w - pdf.r_margin - BLOCK_WIDTH
    blocks = ((left_x, "THƯ KÝ", "(Chữ ký)", doc.secretary), (right_x, "CHỦ TỌA", "(Chữ ký, dấu)", doc.chair))
    boxes = []
    for (x, heading, hint, person), name in zip(blocks, SIGNATURE_FIELDS):
        pdf.set_xy(x, top)
        pdf.set_font(FAMILY, "B", 13)
        pdf.cell(BLOCK_WIDTH, 6, heading, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font(FAMILY, "I", 11)
        pdf.multi_cell(BLOCK_WIDTH, 5, hint, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        box_top = top + 6 + 11
        x1, y1 = x + 2, box_top + SIGNATURE_HEIGHT
        boxes.append(
            FieldBox(
                name, pdf.page - 1, (x1 * MM, (pdf.h - y1) * MM, (x + BLOCK_WIDTH - 2) * MM, (pdf.h - box_top) * MM)
            )
        )
        pdf.set_xy(x, box_top + SIGNATURE_HEIGHT + 2)
        pdf.set_font(FAMILY, "B", 13)
        pdf.cell(BLOCK_WIDTH, 6, person.name if person else "", align="C")
    pdf.set_xy(pdf.l_margin, top + 6 + 11 + SIGNATURE_HEIGHT + 12)
    pdf.set_font(FAMILY, "BI", 12)
    pdf.cell(0, 6, "Nơi nhận:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 11)
    recipients = list(doc.recipients) or ["Lưu: VT"]
    for n, line in enumerate(recipients):
        end = "." if n == len(recipients) - 1 else ";"
        pdf.cell(0, 5, f"- {line.rstrip(' ;.')}{end}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return boxes


def layout_minutes(doc: MinutesDocument, creation_date: datetime | None = None) -> tuple[bytes, list[FieldBox]]:
    """The minutes as a PDF without signature fields, and where the fields go."""
    pdf = _MinutesPdf(draft=doc.draft)
    pdf.set_title(f"Biên bản – {doc.title}")
    pdf.set_subject(f"Số {doc.number}" if doc.number else "Biên bản cuộc họp")
    pdf.set_author(doc.body)
    pdf.set_creator("phonghop")
    pdf.set_lang("vi-VN")
    if creation_date is not None:
        pdf.set_creation_date(creation_date)
    pdf.add_page()
    _header(pdf, doc)
    _title(pdf, doc)
    pdf.labelled("1. Thời gian bắt đầu:", vn_time(doc.starts_at, doc.timezone) + ".")
    pdf.labelled("2. Địa điểm:", (doc.place or "…") + ".")
    _attendees(pdf, doc)
    pdf.labelled("4. Chủ trì (chủ tọa):", (doc.chair.line() if doc.chair else "…") + ".")
    pdf.labelled("5. Thư ký (người ghi biên bản):", (doc.secretary.line() if doc.secretary else "…") + ".")
    _content(pdf, doc)
    boxes = _ending(pdf, doc)
    return bytes(pdf.output()), boxes


def render_minutes_pdf(doc: MinutesDocument, creation_date: datetime | None = None) -> bytes:
    """The minutes PDF with empty signature fields "ThuKy" (left) and "ChuToa" (right)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    data, boxes = layout_minutes(doc, creation_date)
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    for box in boxes:
        append_signature_field(writer, SigFieldSpec(sig_field_name=box.name, on_page=box.page, box=box.box))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def seal_box(pdf: bytes) -> FieldBox:
    """Where the agency seal goes in signed minutes: in the chair's column, under the chair's name
    (the field is added by the sealing revision itself, so minutes without a seal carry no empty field)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            widget = annot.get_object()
            name = widget.get("/T") or (widget.get("/Parent") or {}).get("/T")
            if name == SIGNATURE_FIELDS[1]:
                x1, y1, x2, _y2 = (float(v) for v in widget["/Rect"])
                top = y1 - 9 * MM  # below the chair's printed name
                bottom = max(top - SEAL_HEIGHT * MM, 8 * MM)
                return FieldBox(SEAL_FIELD, index, (x1, bottom, x2, top))
    raise ValueError("the minutes have no chair signature field")
