"""Demo documents of Ủy ban nhân dân huyện Cao Lãnh: multi-page Vietnamese administrative PDFs.

The documents follow the presentation rules of Decree 30/2020/NĐ-CP on clerical work: A4, the
issuing body top-left with the document number, the national motto top-right with the place and
date in italics, a bold centred title, justified paragraphs with a first-line indent, page
numbers at the top from page 2, "Nơi nhận:" bottom-left and the signature block bottom-right.
Their figures come from the news item about Cao Lãnh's first quarter of 2020 (zero overdue
dossiers, e-Cabinet paperless meetings); the names of officials are invented.

Everything is deterministic: fonts are embedded from fixed files, and the creation date is the
document's own date, so ``build()`` returns the same bytes on every run with the same fpdf2.

    for doc in demo_documents():
        pdf_bytes = doc.build()
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

# -- fonts --------------------------------------------------------------------------------------
FONT_DIR = Path("/usr/share/fonts/truetype/noto")
FONT_FAMILY = "NotoSerif"
FONT_FILES = {
    "": "NotoSerif-Regular.ttf",
    "B": "NotoSerif-Bold.ttf",
    "I": "NotoSerif-Italic.ttf",
    "BI": "NotoSerif-BoldItalic.ttf",
}
REQUIRED_STYLES = ("", "B", "I")  # bold-italic is optional: "Nơi nhận:" falls back to bold


class DemoFontMissing(RuntimeError):
    """The Unicode TrueType font the demo documents embed is not installed."""


def font_paths(font_dir: Path = FONT_DIR) -> dict[str, Path]:
    """The Noto Serif files by fpdf2 style; raises :class:`DemoFontMissing` if a required one is absent."""
    found = {style: font_dir / name for style, name in FONT_FILES.items() if (font_dir / name).is_file()}
    missing = [FONT_FILES[style] for style in REQUIRED_STYLES if style not in found]
    if missing:
        raise DemoFontMissing(
            f"Thiếu phông chữ {', '.join(missing)} trong {font_dir}. Cài gói Debian fonts-noto-core "
            "(apt-get install fonts-noto-core) để tạo tài liệu mẫu có tiếng Việt."
        )
    return found


# -- content model ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Heading:
    """A section heading: level 1 "I. KẾT QUẢ …", level 2 "1. Công tác …", level 3 "a) …" (italic)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    """A justified paragraph with a first-line indent; ``**…**`` marks bold runs."""

    text: str


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # relative
    align: str = "L"  # L, C, R, J


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    unit: str = ""  # "Đơn vị tính: …", printed above the table on the right
    bold_rows: frozenset[int] = frozenset()  # indexes into rows (totals, group rows)


Block = Heading | Para | Table


@dataclass(frozen=True)
class Letterhead:
    issuer: tuple[str, ...]  # bold lines, e.g. ("ỦY BAN NHÂN DÂN", "HUYỆN CAO LÃNH")
    number: str  # "Số: 86/BC-UBND"; a draft leaves the number blank: "Số:       /KH-UBND"
    issued: date
    parent: tuple[str, ...] = ()  # governing body, regular weight, above the issuer
    place: str = "Cao Lãnh"
    author: str = "Ủy ban nhân dân huyện Cao Lãnh"  # the issuer in running text (PDF metadata)


@dataclass(frozen=True)
class Signature:
    capacity: tuple[str, ...]  # ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    name: str


@dataclass(frozen=True)
class DocumentSpec:
    letterhead: Letterhead
    kind: str  # BÁO CÁO, KẾ HOẠCH, TỜ TRÌNH
    subject: tuple[str, ...]  # trích yếu, one entry per printed line
    body: tuple[Block, ...]
    recipients: tuple[str, ...]
    signature: Signature
    addressee: str = ""  # "Kính gửi: …" (tờ trình, công văn)
    draft: bool = False  # "DỰ THẢO": blank number and day, no "(Đã ký)"


# -- Vietnamese formatting ----------------------------------------------------------------------
def vn_int(value: int) -> str:
    """17842 → "17.842" (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def vn_dec(value: float, places: int = 2) -> str:
    """49112.47 → "49.112,47"."""
    text = f"{value:,.{places}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def vn_percent(part: float, whole: float, places: int = 2) -> str:
    return vn_dec(100 * part / whole, places)


def date_line(letterhead: Letterhead, draft: bool) -> str:
    """ "Cao Lãnh, ngày 06 tháng 4 năm 2020" — day below 10 and months 1–2 get a leading zero."""
    issued = letterhead.issued
    day = "      " if draft else f"{issued.day:02d}"
    month = f"{issued.month:02d}" if issued.month < 3 else str(issued.month)
    return f"{letterhead.place}, ngày {day} tháng {month} năm {issued.year}"


def nfc(text: str) -> str:
    """Precomposed Vietnamese letters: one glyph per letter, and text extraction gives them back."""
    return unicodedata.normalize("NFC", text)


# -- layout -------------------------------------------------------------------------------------
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 30, 15, 20, 20
LEFT_BLOCK_W = 68  # issuer / "Số:" / "Nơi nhận:"
RIGHT_BLOCK_X = 96  # national motto / date / signature
BODY_PT, BODY_LINE = 12.5, 6.4  # font size (pt) and line pitch (mm) of the body text
LINE_FACTOR = BODY_LINE / (BODY_PT * 25.4 / 72)  # the pitch as a multiple of the font size
FIRST_LINE_INDENT = 10
PARA_GAP = 1.6
VN_TZ = timezone(timedelta(hours=7))


class OfficialPdf(FPDF):
    """A4 portrait with Decree 30 margins; the page number at the top centre from page 2."""

    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
        self.set_auto_page_break(True, margin=MARGIN_BOTTOM)
        fonts = font_paths()
        for style, path in fonts.items():
            self.add_font(FONT_FAMILY, style, str(path))
        self.has_bold_italic = "BI" in fonts

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font(FONT_FAMILY, "", 12)
            self.set_xy(MARGIN_LEFT, 10)
            self.cell(self.epw, 5, str(self.page_no()), align="C")
            self.set_y(MARGIN_TOP)

    def use(self, style: str = "", size: float = BODY_PT) -> None:
        if style == "BI" and not self.has_bold_italic:
            style = "B"
        self.set_font(FONT_FAMILY, style, size)

    @property
    def space_left(self) -> float:
        return self.page_break_trigger - self.get_y()


def _centred_lines(pdf: OfficialPdf, x: float, w: float, lines: tuple[str, ...], style: str,
                   size: float, line_h: float) -> None:
    """Each entry centred in [x, x+w]; an entry too long for the width wraps onto further lines."""
    pdf.use(style, size)
    for line in lines:
        pdf.set_x(x)
        pdf.multi_cell(w, line_h, nfc(line), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _rule_under(pdf: OfficialPdf, x: float, w: float, text_w: float, ratio: float = 1.0,
                gap: float = 0.8) -> None:
    """A thin line centred in [x, x+w] under the text just written (Decree 30 underline)."""
    length = text_w * ratio
    y = pdf.get_y() + gap
    pdf.set_line_width(0.3)
    pdf.line(x + (w - length) / 2, y, x + (w + length) / 2, y)


def draw_draft_mark(pdf: OfficialPdf) -> None:
    pdf.use("B", 11)
    width = pdf.get_string_width("DỰ THẢO") + 6
    pdf.set_xy(pdf.w - MARGIN_RIGHT - width, 7)
    pdf.cell(width, 6.5, "DỰ THẢO", border=1, align="C")


def draw_letterhead(pdf: OfficialPdf, head: Letterhead, draft: bool) -> None:
    top = MARGIN_TOP - 4
    right_w = pdf.w - MARGIN_RIGHT - RIGHT_BLOCK_X

    # Left: governing body, issuing body (bold, underlined), number.
    pdf.set_y(top)
    _centred_lines(pdf, MARGIN_LEFT, LEFT_BLOCK_W, head.parent, "", 12, 5.6)
    _centred_lines(pdf, MARGIN_LEFT, LEFT_BLOCK_W, head.issuer, "B", 12, 5.6)
    pdf.use("B", 12)
    _rule_under(pdf, MARGIN_LEFT, LEFT_BLOCK_W, pdf.get_string_width(nfc(head.issuer[-1])), 0.45)
    left_bottom = pdf.get_y()

    # Right: national name and motto (underlined).
    pdf.set_y(top)
    _centred_lines(pdf, RIGHT_BLOCK_X, right_w, ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",), "B", 11.5, 5.6)
    _centred_lines(pdf, RIGHT_BLOCK_X, right_w, ("Độc lập - Tự do - Hạnh phúc",), "B", 12.5, 6)
    pdf.use("B", 12.5)
    _rule_under(pdf, RIGHT_BLOCK_X, right_w, pdf.get_string_width("Độc lập - Tự do - Hạnh phúc"))
    right_bottom = pdf.get_y()

    # Number (left) and place-date (right) on one line below both blocks.
    pdf.set_y(max(left_bottom, right_bottom) + 3)
    row_y = pdf.get_y()
    _centred_lines(pdf, MARGIN_LEFT, LEFT_BLOCK_W, (head.number,), "", 12.5, 6)
    pdf.set_y(row_y)
    _centred_lines(pdf, RIGHT_BLOCK_X, right_w, (date_line(head, draft),), "I", 12.5, 6)


def draw_title(pdf: OfficialPdf, kind: str, subject: tuple[str, ...]) -> None:
    pdf.ln(9)
    _centred_lines(pdf, MARGIN_LEFT, pdf.epw, (kind,), "B", 14, 7)
    _centred_lines(pdf, MARGIN_LEFT, pdf.epw, subject, "B", 13, 6.4)
    _rule_under(pdf, MARGIN_LEFT, pdf.epw, 35, gap=1.6)
    pdf.ln(7)


def draw_addressee(pdf: OfficialPdf, addressee: str) -> None:
    _centred_lines(pdf, MARGIN_LEFT, pdf.epw, (addressee,), "", 13, 7)
    pdf.ln(4)


BOLD_RUN = re.compile(r"(\*\*.+?\*\*)")


def draw_paragraph(pdf: OfficialPdf, text: str, base_style: str = "") -> None:
    """Justified, first line indented; ``**bold**`` runs switch to the bold face."""
    pdf.use(base_style)
    with pdf.text_columns(text_align="J", line_height=LINE_FACTOR) as region:
        with region.paragraph(first_line_indent=FIRST_LINE_INDENT, bottom_margin=PARA_GAP) as par:
            for run in BOLD_RUN.split(nfc(text)):
                if not run:
                    continue
                if run.startswith("**") and run.endswith("**"):
                    pdf.use("B" if base_style != "I" else "BI")
                    par.write(run[2:-2])
                    pdf.use(base_style)
                else:
                    par.write(run)
    pdf.use()


TABLE_MIN_SPACE = 45  # caption, header row and a couple of rows stay together


def draw_heading(pdf: OfficialPdf, heading: Heading, keep_with: float = 2 * BODY_LINE) -> None:
    """A heading never stands alone at the foot of a page: ``keep_with`` mm of what follows go with it."""
    if pdf.space_left < BODY_LINE + PARA_GAP + keep_with:
        pdf.add_page()
    style = {1: "B", 2: "B", 3: "I"}.get(heading.level, "B")
    draw_paragraph(pdf, heading.text, base_style=style)


def draw_table(pdf: OfficialPdf, table: Table) -> None:
    if pdf.space_left < TABLE_MIN_SPACE:
        pdf.add_page()
    pdf.ln(1)
    if table.caption:
        _centred_lines(pdf, MARGIN_LEFT, pdf.epw, (table.caption,), "B", 12, 6)
    if table.unit:
        pdf.use("I", 11)
        pdf.cell(pdf.epw, 5.5, nfc(table.unit), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.use("", 11)
    with pdf.table(
        width=pdf.epw,
        align="L",
        col_widths=tuple(c.width for c in table.columns),
        text_align=tuple(c.align for c in table.columns),
        headings_style=FontFace(emphasis="BOLD"),
        line_height=5.4,
        padding=(1.2, 1.5),
        v_align="MIDDLE",
        repeat_headings=1,
    ) as grid:
        header = grid.row()
        for column in table.columns:
            header.cell(nfc(column.header), align="C")
        for index, values in enumerate(table.rows):
            style = FontFace(emphasis="BOLD") if index in table.bold_rows else None
            row = grid.row()
            for value in values:
                row.cell(nfc(value), style=style)
    pdf.ln(4)
    pdf.use()


def paragraph_height(pdf: OfficialPdf, text: str) -> float:
    """About how tall ``text`` will be as a body paragraph (measured a little narrower, for the indent)."""
    pdf.use()
    lines = pdf.multi_cell(pdf.epw - FIRST_LINE_INDENT, BODY_LINE, nfc(text.replace("**", "")),
                           dry_run=True, output="LINES")
    return len(lines) * BODY_LINE + PARA_GAP


def draw_body(pdf: OfficialPdf, blocks: tuple[Block, ...], keep_last_with: float = 0) -> None:
    """The blocks in order; the last paragraph moves to a new page together with the
    ``keep_last_with`` millimetres that follow it (the signature must not stand alone)."""
    for index, block in enumerate(blocks):
        if index == len(blocks) - 1 and isinstance(block, Para):
            if pdf.space_left < paragraph_height(pdf, block.text) + keep_last_with:
                pdf.add_page()
        if isinstance(block, Heading):
            next_is_table = index + 1 < len(blocks) and isinstance(blocks[index + 1], Table)
            draw_heading(pdf, block, keep_with=TABLE_MIN_SPACE if next_is_table else 2 * BODY_LINE)
        elif isinstance(block, Table):
            draw_table(pdf, block)
        else:
            draw_paragraph(pdf, block.text)


SIGN_LINE, RECIPIENT_LINE = 6.4, 5
SIGNED_GAP = (7, 6, 7)  # space, "(Đã ký)", space: where the signature and seal go on paper
UNSIGNED_GAP = 26


def closing_height(recipients: tuple[str, ...], signature: Signature, signed: bool) -> float:
    """Height of the "Nơi nhận:" / signature row as :func:`draw_closing` draws it."""
    left = 6 + RECIPIENT_LINE * len(recipients)
    gap = sum(SIGNED_GAP) if signed else UNSIGNED_GAP
    right = SIGN_LINE * (len(signature.capacity) + 1) + gap
    return 2 + max(left, right)


def draw_closing(pdf: OfficialPdf, recipients: tuple[str, ...], signature: Signature, signed: bool) -> None:
    """ "Nơi nhận:" bottom-left and the signature block bottom-right, side by side."""
    if pdf.space_left < closing_height(recipients, signature, signed):
        pdf.add_page()
    pdf.ln(2)
    top = pdf.get_y()
    right_w = pdf.w - MARGIN_RIGHT - RIGHT_BLOCK_X

    pdf.use("BI", 12)
    pdf.set_x(MARGIN_LEFT)
    pdf.cell(LEFT_BLOCK_W, 6, "Nơi nhận:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.use("", 11)
    for line in recipients:
        pdf.set_x(MARGIN_LEFT)
        pdf.multi_cell(LEFT_BLOCK_W, RECIPIENT_LINE, nfc(line), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    left_bottom = pdf.get_y()

    pdf.set_y(top)
    _centred_lines(pdf, RIGHT_BLOCK_X, right_w, signature.capacity, "B", 13, SIGN_LINE)
    if signed:
        before, mark, after = SIGNED_GAP
        pdf.ln(before)
        _centred_lines(pdf, RIGHT_BLOCK_X, right_w, ("(Đã ký)",), "I", 12, mark)
        pdf.ln(after)
    else:
        pdf.ln(UNSIGNED_GAP)
    _centred_lines(pdf, RIGHT_BLOCK_X, right_w, (signature.name,), "B", 13, SIGN_LINE)
    pdf.set_y(max(left_bottom, pdf.get_y()))


def render(spec: DocumentSpec, title: str, keywords: str = "") -> bytes:
    """The PDF of ``spec``; the same spec always gives the same bytes."""
    pdf = OfficialPdf()
    pdf.set_title(nfc(title))
    pdf.set_author(nfc(spec.letterhead.author))
    pdf.set_subject(nfc(" ".join(spec.subject)))
    pdf.set_keywords(nfc(keywords))
    pdf.set_creator("phonghop – tài liệu mẫu UBND huyện Cao Lãnh")
    pdf.set_lang("vi-VN")
    pdf.set_creation_date(datetime.combine(spec.letterhead.issued, time(8, 0), tzinfo=VN_TZ))
    pdf.add_page()
    if spec.draft:
        draw_draft_mark(pdf)
    draw_letterhead(pdf, spec.letterhead, spec.draft)
    draw_title(pdf, spec.kind, spec.subject)
    if spec.addressee:
        draw_addressee(pdf, spec.addressee)
    signed = not spec.draft
    draw_body(pdf, spec.body, keep_last_with=closing_height(spec.recipients, spec.signature, signed))
    draw_closing(pdf, spec.recipients, spec.signature, signed)
    return bytes(pdf.output())


# -- who signs (invented names; meetings/demo.py gives them accounts) ----------------------------
@dataclass(frozen=True)
class Official:
    name: str
    position: str  # chức vụ, as shown on the account
    unit: str


DISTRICT = "UBND huyện Cao Lãnh"
CHAIRMAN = Official("Nguyễn Hữu Phước", "Chủ tịch UBND huyện", DISTRICT)
VICE_CHAIR_ECONOMY = Official("Trần Văn Lộc", "Phó Chủ tịch UBND huyện", DISTRICT)
VICE_CHAIR_SOCIAL = Official("Võ Thị Bích Thủy", "Phó Chủ tịch UBND huyện", DISTRICT)
HEAD_HOME_AFFAIRS = Official("Phạm Ngọc Hân", "Trưởng phòng Nội vụ", "Phòng Nội vụ huyện Cao Lãnh")
HEAD_NATURAL_RESOURCES = Official("Huỳnh Văn Tài", "Trưởng phòng Tài nguyên và Môi trường",
                                  "Phòng Tài nguyên và Môi trường huyện Cao Lãnh")
HEAD_FINANCE_PLANNING = Official("Đặng Thị Kim Loan", "Trưởng phòng Tài chính – Kế hoạch",
                                 "Phòng Tài chính – Kế hoạch huyện Cao Lãnh")

DISTRICT_ISSUER = ("ỦY BAN NHÂN DÂN", "HUYỆN CAO LÃNH")
DISTRICT_PARENT = ("UBND HUYỆN CAO LÃNH",)
FOR_THE_COMMITTEE = "TM. ỦY BAN NHÂN DÂN"
PILOT_COMMUNES = "Ba Sao, Nhị Mỹ, Tân Hội Trung, Bình Hàng Tây, Bình Hàng Trung"


def _vice_chair_signs(official: Official) -> Signature:
    return Signature((FOR_THE_COMMITTEE, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), official.name)


def _chairman_signs() -> Signature:
    return Signature((FOR_THE_COMMITTEE, "CHỦ TỊCH"), CHAIRMAN.name)


def _head_signs(official: Official) -> Signature:
    return Signature(("TRƯỞNG PHÒNG",), official.name)


def _bullets(*items: str) -> tuple[Para, ...]:
    return tuple(Para(f"- {item}") for item in items)


# -- tables computed from their figures, so totals and ratios always agree -------------------------
def _dossier_results_table() -> Table:
    """Dossiers received and settled in Q1 2020 (the news item's figures, detailed)."""
    # level, settled before the deadline, on the deadline, late, still within their deadline
    levels = (("Cấp huyện", 6_658, 10_657, 0, 527), ("Cấp xã", 1_650, 17_262, 0, 152))
    rows, totals = [], [0, 0, 0, 0, 0, 0]
    for name, early, on_time, late, pending in levels:
        settled = early + on_time + late
        figures = (settled + pending, settled, early, on_time, late, pending)
        totals = [t + f for t, f in zip(totals, figures)]
        rows.append((name, *map(vn_int, figures), vn_percent(early + on_time, settled)))
    rows.append(("Tổng cộng", *map(vn_int, totals), vn_percent(totals[2] + totals[3], totals[1])))
    return Table(
        columns=(Column("Cấp giải quyết", 20), Column("Tiếp nhận", 14, "R"), Column("Đã giải quyết", 15, "R"),
                 Column("Trước hạn", 13, "R"), Column("Đúng hạn", 13, "R"), Column("Trễ hạn", 10, "R"),
                 Column("Đang giải quyết", 15, "R"), Column("Đúng và trước hạn (%)", 15, "R")),
        rows=tuple(rows),
        caption="Bảng 1. Kết quả tiếp nhận, giải quyết hồ sơ thủ tục hành chính quý I năm 2020",
        unit="Đơn vị tính: hồ sơ",
        bold_rows=frozenset({len(rows) - 1}),
    )


def _public_services_table() -> Table:
    services = (
        ("Tiếp nhận, trả kết quả qua dịch vụ bưu chính công ích", 1_486, "Phối hợp Bưu điện huyện"),
        ("Hẹn giờ hướng dẫn và trả kết quả tại nhà theo yêu cầu", 11, "Mô hình của huyện"),
        ("Dịch vụ công trực tuyến mức độ 3", 484, "Cổng dịch vụ công của Tỉnh"),
    )
    return Table(
        columns=(Column("STT", 8, "C"), Column("Dịch vụ hành chính công", 52), Column("Số hồ sơ", 15, "R"),
                 Column("Ghi chú", 30)),
        rows=tuple((str(i), name, vn_int(count), note) for i, (name, count, note) in enumerate(services, 1)),
        caption="Bảng 2. Kết quả cung cấp dịch vụ hành chính công quý I năm 2020",
    )


def _land_use_table() -> Table:
    """Land use in 2019 by the national land codes; shares computed from the areas."""
    groups = (
        ("1", "Đất nông nghiệp", "NNP", (
            ("1.1", "Đất trồng lúa", "LUA", 27_415.36),
            ("1.2", "Đất trồng cây lâu năm", "CLN", 10_218.74),
            ("1.3", "Đất nuôi trồng thủy sản", "NTS", 1_084.19),
            ("1.4", "Đất nông nghiệp còn lại", "NKH", 1_152.23),
        )),
        ("2", "Đất phi nông nghiệp", "PNN", (
            ("2.1", "Đất ở tại nông thôn và đô thị", "OTC", 2_164.85),
            ("2.2", "Đất phát triển hạ tầng", "DHT", 3_872.40),
            ("2.3", "Đất sông, ngòi, kênh, rạch, suối", "SON", 2_731.62),
            ("2.4", "Đất phi nông nghiệp còn lại", "PNK", 467.27),
        )),
        ("3", "Đất chưa sử dụng", "CSD", (("3.1", "Đất bằng chưa sử dụng", "BCS", 5.81),)),
    )
    total = sum(area for *_, parts in groups for *_, area in parts)
    rows, bold = [], set()
    for number, name, code, parts in groups:
        group_area = sum(area for *_, area in parts)
        bold.add(len(rows))
        rows.append((number, name, code, vn_dec(group_area), vn_percent(group_area, total)))
        rows.extend((n, p, c, vn_dec(a), vn_percent(a, total)) for n, p, c, a in parts)
    bold.add(len(rows))
    rows.append(("", "Tổng diện tích tự nhiên", "", vn_dec(total), "100,00"))
    return Table(
        columns=(Column("STT", 9, "C"), Column("Loại đất", 48), Column("Mã", 10, "C"),
                 Column("Diện tích (ha)", 18, "R"), Column("Cơ cấu (%)", 15, "R")),
        rows=tuple(rows),
        caption="Bảng 1. Hiện trạng sử dụng đất năm 2019",
        bold_rows=frozenset(bold),
    )


def _land_conversion_table() -> Table:
    targets = (
        ("1", "Đất nông nghiệp chuyển sang đất phi nông nghiệp", 86.45),
        ("", "Trong đó: đất trồng lúa", 52.30),
        ("2", "Chuyển đổi cơ cấu cây trồng trên đất trồng lúa sang cây lâu năm", 312.40),
        ("3", "Đất phi nông nghiệp không phải đất ở chuyển sang đất ở", 4.15),
        ("4", "Đất thu hồi để thực hiện công trình, dự án", 38.92),
    )
    return Table(
        columns=(Column("STT", 9, "C"), Column("Chỉ tiêu", 70), Column("Diện tích (ha)", 21, "R")),
        rows=tuple((n, name, vn_dec(area)) for n, name, area in targets),
        caption="Bảng 2. Chỉ tiêu chuyển mục đích sử dụng đất năm 2020",
    )


def _pilot_communes_table() -> Table:
    handovers = (
        ("Ba Sao", "01/5/2020"), ("Nhị Mỹ", "01/5/2020"), ("Tân Hội Trung", "15/5/2020"),
        ("Bình Hàng Tây", "15/5/2020"), ("Bình Hàng Trung", "01/6/2020"),
    )
    return Table(
        columns=(Column("STT", 8, "C"), Column("Ủy ban nhân dân xã", 28), Column("Điểm Bưu điện văn hóa xã", 40),
                 Column("Thời điểm chuyển giao", 24, "C")),
        rows=tuple((str(i), commune, f"Bưu điện văn hóa xã {commune}", when)
                   for i, (commune, when) in enumerate(handovers, 1)),
        caption="Bảng 1. Địa bàn và thời điểm chuyển giao",
    )


def _pilot_tasks_table() -> Table:
    tasks = (
        ("Rà soát, trình phê duyệt danh mục thủ tục hành chính chuyển giao", "Phòng Nội vụ", "Trước 20/4/2020"),
        ("Ký thỏa thuận phối hợp giữa Ủy ban nhân dân xã và Bưu điện huyện", "UBND 05 xã", "Trước 30/4/2020"),
        ("Tập huấn nghiệp vụ cho nhân viên Bưu điện văn hóa xã", "Phòng Nội vụ, Bưu điện huyện", "Tháng 4/2020"),
        ("Tuyên truyền trên Đài Truyền thanh huyện và hệ thống loa các ấp", "Phòng Văn hóa và Thông tin",
         "Thường xuyên"),
        ("Sơ kết, đánh giá kết quả thực hiện giai đoạn 3", "Phòng Nội vụ", "Tháng 12/2020"),
    )
    return Table(
        columns=(Column("STT", 8, "C"), Column("Nội dung công việc", 50), Column("Đơn vị chủ trì", 25),
                 Column("Thời gian", 17, "C")),
        rows=tuple((str(i), *task) for i, task in enumerate(tasks, 1)),
        caption="Bảng 2. Phân công thực hiện",
    )


def _paperless_targets_table() -> Table:
    targets = (
        ("Phiên họp UBND huyện tổ chức không giấy tờ qua e-Cabinet", "3/3 phiên", "100%"),
        ("Tài liệu họp đưa lên hệ thống trước phiên họp ít nhất 03 ngày làm việc", "85%", "100%"),
        ("Hồ sơ dịch vụ công trực tuyến mức độ 3", "484 hồ sơ", "2.500 hồ sơ"),
        ("Văn bản đi được ký số, gửi nhận điện tử (trừ văn bản mật)", "95%", "100%"),
        ("Xã, thị trấn tổ chức họp không giấy tờ", "0/18", "18/18"),
    )
    return Table(
        columns=(Column("STT", 8, "C"), Column("Chỉ tiêu", 56), Column("Quý I/2020", 18, "C"),
                 Column("Mục tiêu năm 2020", 18, "C")),
        rows=tuple((str(i), *row) for i, row in enumerate(targets, 1)),
        caption="Bảng 1. Chỉ tiêu ứng dụng công nghệ thông tin năm 2020",
    )


def _paperless_budget_table() -> tuple[Table, int]:
    items = (
        ("Máy tính bảng cho thành viên UBND huyện, lãnh đạo các phòng, ban", "Cái", 30, 9_500_000),
        ("Nâng cấp mạng không dây Phòng họp số 1", "Gói", 1, 46_000_000),
        ("Tập huấn sử dụng hệ thống cho thành viên và thư ký", "Lớp", 2, 12_500_000),
        ("Tuyên truyền dịch vụ công trực tuyến", "Gói", 1, 18_000_000),
    )
    rows = [(str(i), name, unit, vn_int(qty), vn_int(price), vn_int(qty * price))
            for i, (name, unit, qty, price) in enumerate(items, 1)]
    total = sum(qty * price for *_, qty, price in items)
    rows.append(("", "Tổng cộng", "", "", "", vn_int(total)))
    table = Table(
        columns=(Column("STT", 7, "C"), Column("Nội dung", 41), Column("ĐVT", 9, "C"), Column("Số lượng", 11, "R"),
                 Column("Đơn giá", 15, "R"), Column("Thành tiền", 17, "R")),
        rows=tuple(rows),
        caption="Bảng 1. Dự toán kinh phí bổ sung năm 2020",
        unit="Đơn vị tính: đồng",
        bold_rows=frozenset({len(rows) - 1}),
    )
    return table, total


def _economy_q1_table() -> Table:
    # indicator, unit, estimated Q1 2020, same period of 2019, decimals
    indicators = (
        ("Diện tích lúa Đông Xuân xuống giống", "ha", 23_480, 23_415, 0),
        ("Năng suất lúa Đông Xuân bình quân", "tấn/ha", 7.60, 7.45, 2),
        ("Giá trị sản xuất công nghiệp – TTCN", "tỷ đồng", 612, 573, 0),
        ("Thu ngân sách nhà nước trên địa bàn", "triệu đồng", 48_620, 45_310, 0),
        ("Chi ngân sách địa phương", "triệu đồng", 112_480, 104_920, 0),
    )
    rows = tuple(
        (str(i), name, unit, vn_dec(now, places) if places else vn_int(now),
         vn_dec(before, places) if places else vn_int(before), vn_percent(now, before))
        for i, (name, unit, now, before, places) in enumerate(indicators, 1)
    )
    return Table(
        columns=(Column("STT", 7, "C"), Column("Chỉ tiêu", 40), Column("ĐVT", 14, "C"),
                 Column("Ước quý I/2020", 14, "R"), Column("Cùng kỳ 2019", 13, "R"), Column("So sánh (%)", 12, "R")),
        rows=rows,
        caption="Bảng 1. Một số chỉ tiêu chủ yếu quý I năm 2020",
    )


def _inspection_schedule_table() -> Table:
    schedule = (
        ("Phòng Tài nguyên và Môi trường", "Tháng 4/2020"),
        ("Phòng Lao động – Thương binh và Xã hội", "Tháng 5/2020"),
        ("Ủy ban nhân dân xã Ba Sao", "Tháng 6/2020"),
        ("Ủy ban nhân dân xã Nhị Mỹ", "Tháng 7/2020"),
        ("Ủy ban nhân dân xã Tân Hội Trung", "Tháng 8/2020"),
        ("Ủy ban nhân dân xã Bình Hàng Tây", "Tháng 9/2020"),
        ("Ủy ban nhân dân xã Bình Hàng Trung", "Tháng 10/2020"),
        ("Ủy ban nhân dân thị trấn Mỹ Thọ", "Tháng 10/2020"),
    )
    return Table(
        columns=(Column("STT", 10, "C"), Column("Cơ quan, đơn vị được kiểm tra", 62), Column("Thời gian", 28, "C")),
        rows=tuple((str(i), unit, when) for i, (unit, when) in enumerate(schedule, 1)),
        caption="Bảng 1. Lịch kiểm tra theo kế hoạch",
    )


# -- the documents ------------------------------------------------------------------------------
def administrative_reform_report_q1_2020() -> DocumentSpec:
    return DocumentSpec(
        letterhead=Letterhead(DISTRICT_ISSUER, "Số: 86/BC-UBND", date(2020, 4, 6)),
        kind="BÁO CÁO",
        subject=("Kết quả thực hiện công tác cải cách hành chính quý I năm 2020",
                 "và phương hướng, nhiệm vụ quý II năm 2020"),
        body=(
            Para("Thực hiện Kế hoạch cải cách hành chính năm 2020 của Ủy ban nhân dân huyện và ý kiến kết luận "
                 "của Đoàn kiểm tra công tác cải cách hành chính Tỉnh, Ủy ban nhân dân huyện Cao Lãnh báo cáo kết "
                 "quả thực hiện công tác cải cách hành chính quý I năm 2020 như sau:"),
            Heading("I. KẾT QUẢ THỰC HIỆN"),
            Heading("1. Công tác chỉ đạo, điều hành", 2),
            Para("Trong quý, Ủy ban nhân dân huyện ban hành Kế hoạch cải cách hành chính năm 2020, Kế hoạch tuyên "
                 "truyền cải cách hành chính và Kế hoạch kiểm tra công tác cải cách hành chính năm 2020; phân "
                 "công cụ thể nhiệm vụ, thời gian hoàn thành cho từng cơ quan, đơn vị, địa phương. Cải cách hành "
                 "chính được xác định là nhiệm vụ trọng tâm, được đưa vào nội dung các phiên họp thường kỳ của Ủy "
                 "ban nhân dân huyện."),
            Para("Qua kết quả kiểm tra công tác cải cách hành chính quý I năm 2020 của Đoàn kiểm tra Tỉnh, Ủy ban "
                 "nhân dân huyện chỉ đạo Thủ trưởng các phòng, ban chuyên môn thuộc Ủy ban nhân dân huyện và Chủ "
                 "tịch Ủy ban nhân dân các xã, thị trấn thường xuyên quán triệt, nâng cao trách nhiệm của cán bộ, "
                 "công chức, viên chức trong thực hiện nhiệm vụ cải cách hành chính; khắc phục ngay những hạn chế "
                 "đã được Đoàn kiểm tra chỉ ra, đặc biệt trong giải quyết hồ sơ, thủ tục hành chính cho tổ chức, "
                 "công dân."),
            Para("Các cơ quan, đơn vị thực hiện nghiêm túc việc gửi thư xin lỗi đối với tổ chức, công dân khi phát "
                 "sinh hồ sơ trễ hạn, sai sót; chấn chỉnh lề lối, giờ giấc làm việc, kỷ luật, kỷ cương hành chính; "
                 "thực hiện tốt việc nêu gương của người đứng đầu trong thực thi công vụ và chịu trách nhiệm trước "
                 "Ủy ban nhân dân huyện về những hạn chế, sai sót trong công tác cải cách hành chính tại cơ quan, "
                 "đơn vị, địa phương mình."),
            Heading("2. Cải cách thể chế", 2),
            Para("Trong quý, Ủy ban nhân dân huyện tổ chức rà soát 14 văn bản quy phạm pháp luật do Hội đồng nhân "
                 "dân, Ủy ban nhân dân huyện ban hành còn hiệu lực; qua rà soát, kiến nghị bãi bỏ 02 văn bản không "
                 "còn phù hợp với quy định hiện hành. Công tác theo dõi tình hình thi hành pháp luật được thực hiện "
                 "thường xuyên."),
            Heading("3. Cải cách thủ tục hành chính", 2),
            Para("Ủy ban nhân dân huyện thường xuyên rà soát, kịp thời kiến nghị cấp có thẩm quyền sửa đổi, bổ sung "
                 "các thủ tục hành chính không cần thiết nhằm phục vụ tốt nhất cho người dân, doanh nghiệp; niêm yết "
                 "công khai đầy đủ 286 thủ tục hành chính cấp huyện và 112 thủ tục hành chính cấp xã tại Bộ phận "
                 "Tiếp nhận và Trả kết quả các cấp."),
            Para("Việc giải quyết thủ tục hành chính được thực hiện kịp thời, đúng quy định, không để phát sinh hồ "
                 "sơ trễ hẹn. Cụ thể, **cấp huyện tiếp nhận trên 17.800 hồ sơ**, trong đó giải quyết trước hạn trên "
                 "6.650 hồ sơ, không có hồ sơ trễ hạn; **cấp xã tiếp nhận hơn 19.000 hồ sơ**, trả kết quả trước hạn "
                 "1.650 hồ sơ, không có hồ sơ trễ hạn (chi tiết tại Bảng 1)."),
            _dossier_results_table(),
            Para("Ủy ban nhân dân huyện phối hợp với Bưu điện huyện thực hiện tiếp nhận và trả kết quả thông qua "
                 "dịch vụ bưu chính công ích gần 1.500 hồ sơ; mô hình hẹn giờ hướng dẫn và trả kết quả tại nhà theo "
                 "yêu cầu của người dân được 11 hồ sơ; dịch vụ công trực tuyến mức độ 3 phát sinh 484 hồ sơ (chi "
                 "tiết tại Bảng 2)."),
            _public_services_table(),
            Para("Tiếp tục tổ chức thực hiện hiệu quả Đề án thí điểm chuyển giao các nhiệm vụ, dịch vụ hành chính "
                 "công giai đoạn 3 (mở rộng) sang Bưu điện văn hóa xã đối với Ủy ban nhân dân các xã: "
                 f"{PILOT_COMMUNES}."),
            Heading("4. Cải cách tổ chức bộ máy hành chính nhà nước", 2),
            Para("Tiếp tục rà soát, sắp xếp tổ chức bộ máy các cơ quan chuyên môn, đơn vị sự nghiệp công lập thuộc "
                 "Ủy ban nhân dân huyện theo hướng tinh gọn, hoạt động hiệu lực, hiệu quả; thực hiện tinh giản biên "
                 "chế theo lộ trình đã được phê duyệt. Trong quý, giải quyết tinh giản biên chế 03 trường hợp; rà "
                 "soát, điều chỉnh đề án vị trí việc làm tại 05 đơn vị sự nghiệp công lập."),
            Heading("5. Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức", 2),
            Para("Thực hiện nghiêm quy định về văn hóa công vụ, quy tắc ứng xử của cán bộ, công chức, viên chức; "
                 "tăng cường kiểm tra đột xuất việc chấp hành kỷ luật, kỷ cương hành chính. Trong quý, tổ chức 04 "
                 "cuộc kiểm tra công vụ tại 02 phòng chuyên môn và 02 xã; qua kiểm tra đã nhắc nhở, chấn chỉnh 03 "
                 "trường hợp chưa chấp hành nghiêm giờ giấc làm việc."),
            Heading("6. Cải cách tài chính công", 2),
            Para("Các cơ quan, đơn vị tiếp tục thực hiện cơ chế tự chủ, tự chịu trách nhiệm về sử dụng biên chế và "
                 "kinh phí quản lý hành chính; 100% đơn vị sự nghiệp công lập đã xây dựng và thực hiện quy chế chi "
                 "tiêu nội bộ. Việc quản lý, sử dụng tài sản công được thực hiện đúng quy định."),
            Heading("7. Hiện đại hóa hành chính", 2),
            Para("Hệ thống quản lý văn bản và điều hành được sử dụng thống nhất từ huyện đến xã; tỷ lệ văn bản đi "
                 "được gửi, nhận dưới dạng điện tử có ký số đạt trên 95%, trừ văn bản mật theo quy định. Hệ thống "
                 "quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015 được duy trì, áp dụng tại các cơ "
                 "quan hành chính."),
            Para("Ủy ban nhân dân huyện thực hiện sáng kiến trong triển khai công tác cải cách hành chính: **tổ chức "
                 "cuộc họp Ủy ban nhân dân huyện không giấy tờ thông qua ứng dụng phần mềm e-Cabinet**. Tài liệu "
                 "phiên họp được gửi trước cho thành viên trên máy tính bảng, góp phần giảm văn bản giấy trong phòng "
                 "họp, nâng cao hiệu quả tổ chức, điều hành, tiết kiệm thời gian và chi phí trong tổ chức phiên họp."),
            Heading("II. ĐÁNH GIÁ CHUNG"),
            Heading("1. Ưu điểm", 2),
            Para("Công tác cải cách hành chính quý I năm 2020 được các cơ quan, đơn vị, địa phương quan tâm thực "
                 "hiện; tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng và trước hạn đạt 100%, không có hồ sơ trễ hạn "
                 "ở cả hai cấp. Các dịch vụ hành chính công mới bước đầu tạo thuận lợi cho tổ chức, công dân."),
            Heading("2. Hạn chế, nguyên nhân", 2),
            Para("Số hồ sơ phát sinh qua dịch vụ công trực tuyến mức độ 3 còn thấp so với tổng số hồ sơ tiếp nhận; "
                 "số hồ sơ thực hiện theo mô hình hẹn giờ trả kết quả tại nhà chưa nhiều. Một bộ phận người dân "
                 "còn thói quen nộp hồ sơ trực tiếp, chưa quen sử dụng dịch vụ trực tuyến; một số công chức cấp xã "
                 "chưa thành thạo kỹ năng hướng dẫn người dân sử dụng Cổng dịch vụ công."),
            Para("Dịch bệnh Covid-19 trong những tuần cuối quý làm giảm lượng người dân đến giao dịch trực tiếp, "
                 "đồng thời đặt ra yêu cầu đẩy mạnh tiếp nhận hồ sơ qua dịch vụ bưu chính công ích và dịch vụ công "
                 "trực tuyến."),
            Heading("III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II NĂM 2020"),
            *_bullets(
                "Tiếp tục quán triệt, thực hiện nghiêm các chỉ đạo của Tỉnh về cải cách hành chính; khắc phục triệt "
                "để những hạn chế qua kiểm tra của Đoàn kiểm tra cải cách hành chính Tỉnh.",
                "Tuyên truyền, vận động nâng cao tỷ lệ tổ chức, công dân sử dụng các dịch vụ hành chính công: dịch "
                "vụ bưu chính công ích, mô hình hẹn giờ hướng dẫn và trả kết quả tại nhà theo yêu cầu của người "
                "dân, dịch vụ công trực tuyến mức độ 3, mức độ 4.",
                "Giải quyết thủ tục hành chính kịp thời, đúng quy định, không để phát sinh hồ sơ trễ hạn; thực hiện "
                "nghiêm việc gửi thư xin lỗi khi có hồ sơ trễ hạn, sai sót.",
                "Nhân rộng việc tổ chức cuộc họp không giấy tờ thông qua phần mềm e-Cabinet đến các phòng, ban "
                "chuyên môn và Ủy ban nhân dân các xã, thị trấn.",
                "Sơ kết 06 tháng việc thực hiện Đề án thí điểm chuyển giao các nhiệm vụ, dịch vụ hành chính công "
                "sang Bưu điện văn hóa xã giai đoạn 3 (mở rộng).",
            ),
            Para("Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2020 và phương hướng, "
                 "nhiệm vụ quý II năm 2020 của Ủy ban nhân dân huyện Cao Lãnh./."),
        ),
        recipients=("- Sở Nội vụ (b/c);", "- TT/HU, TT/HĐND huyện (b/c);", "- CT, các PCT UBND huyện;",
                    "- Các phòng, ban chuyên môn huyện;", "- UBND các xã, thị trấn;", "- Lưu: VT, NV."),
        signature=_vice_chair_signs(VICE_CHAIR_SOCIAL),
    )


def post_office_handover_plan_phase_3() -> DocumentSpec:
    return DocumentSpec(
        letterhead=Letterhead(DISTRICT_ISSUER, "Số:        /KH-UBND", date(2020, 4, 9)),
        kind="KẾ HOẠCH",
        subject=("Triển khai Đề án thí điểm chuyển giao một số nhiệm vụ, dịch vụ hành chính công",
                 "sang Bưu điện văn hóa xã giai đoạn 3 (mở rộng) trên địa bàn huyện Cao Lãnh"),
        draft=True,
        body=(
            Para("Căn cứ Quyết định số 45/2016/QĐ-TTg ngày 19 tháng 10 năm 2016 của Thủ tướng Chính phủ về việc "
                 "tiếp nhận hồ sơ, trả kết quả giải quyết thủ tục hành chính qua dịch vụ bưu chính công ích;"),
            Para("Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế một "
                 "cửa, một cửa liên thông trong giải quyết thủ tục hành chính;"),
            Para("Căn cứ Đề án thí điểm chuyển giao một số nhiệm vụ, dịch vụ hành chính công sang Bưu điện văn hóa "
                 "xã của Ủy ban nhân dân Tỉnh và kết quả thực hiện giai đoạn 1, giai đoạn 2 trên địa bàn huyện,"),
            Para("Ủy ban nhân dân huyện Cao Lãnh ban hành Kế hoạch triển khai giai đoạn 3 (mở rộng) như sau:"),
            Heading("I. MỤC ĐÍCH, YÊU CẦU"),
            Heading("1. Mục đích", 2),
            *_bullets(
                "Chuyển giao một số nhiệm vụ hỗ trợ, dịch vụ hành chính công đang do công chức cấp xã đảm nhận sang "
                "nhân viên Bưu điện văn hóa xã thực hiện, giảm áp lực công việc cho Bộ phận Tiếp nhận và Trả kết "
                "quả cấp xã, tạo điều kiện để công chức tập trung vào công tác chuyên môn.",
                "Đưa dịch vụ hành chính công đến gần người dân hơn, giảm thời gian đi lại, chi phí giao dịch; góp "
                "phần nâng cao mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính "
                "nhà nước.",
                "Đánh giá kết quả các giai đoạn trước, rút kinh nghiệm để nhân rộng mô hình trên toàn huyện.",
            ),
            Heading("2. Yêu cầu", 2),
            *_bullets(
                "Việc chuyển giao bảo đảm đúng quy định của pháp luật, không làm phát sinh thêm thủ tục, chi phí cho "
                "tổ chức, công dân; không để xảy ra hồ sơ trễ hạn do khâu trung gian.",
                "Phân công trách nhiệm cụ thể giữa Ủy ban nhân dân xã và Bưu điện huyện; nhân viên Bưu điện văn hóa "
                "xã được tập huấn nghiệp vụ trước khi nhận nhiệm vụ.",
            ),
            Heading("II. PHẠM VI, ĐỐI TƯỢNG"),
            Para(f"Giai đoạn 3 (mở rộng) được triển khai tại Ủy ban nhân dân 05 xã: {PILOT_COMMUNES} và các điểm "
                 "Bưu điện văn hóa xã tương ứng thuộc Bưu điện huyện Cao Lãnh (chi tiết tại Bảng 1)."),
            _pilot_communes_table(),
            Heading("III. NỘI DUNG CHUYỂN GIAO"),
            Heading("1. Nhiệm vụ hỗ trợ", 2),
            *_bullets(
                "Hướng dẫn tổ chức, công dân kê khai, hoàn thiện hồ sơ; nhập thông tin hồ sơ vào phần mềm một cửa "
                "điện tử; quét, số hóa thành phần hồ sơ.",
                "Tiếp nhận hồ sơ, thu phí, lệ phí (nếu có), chuyển hồ sơ về Bộ phận Tiếp nhận và Trả kết quả của Ủy "
                "ban nhân dân xã; nhận kết quả và trả cho tổ chức, công dân.",
            ),
            Heading("2. Dịch vụ hành chính công", 2),
            *_bullets(
                "Tiếp nhận, trả kết quả giải quyết thủ tục hành chính thuộc các lĩnh vực hộ tịch, chứng thực, lao "
                "động – thương binh và xã hội, đất đai (đối với hồ sơ chuyển lên cấp huyện) theo danh mục do Ủy ban "
                "nhân dân huyện phê duyệt.",
                "Hướng dẫn người dân đăng ký tài khoản, nộp hồ sơ trực tuyến mức độ 3, mức độ 4 trên Cổng dịch vụ "
                "công và thanh toán phí, lệ phí trực tuyến.",
            ),
            Heading("IV. TỔ CHỨC THỰC HIỆN"),
            _pilot_tasks_table(),
            Para("**1. Phòng Nội vụ:** là cơ quan thường trực, tham mưu Ủy ban nhân dân huyện theo dõi, hướng dẫn, "
                 "kiểm tra việc thực hiện Kế hoạch; tổng hợp, báo cáo kết quả định kỳ hằng quý."),
            Para("**2. Bưu điện huyện Cao Lãnh:** bố trí nhân viên có trình độ phù hợp tại các điểm Bưu điện văn hóa "
                 "xã; bảo đảm cơ sở vật chất, đường truyền, thiết bị phục vụ tiếp nhận hồ sơ; tiếp nhận, chuyển "
                 "phát và trả kết quả đúng thời gian quy định."),
            Para("**3. Phòng Tài chính – Kế hoạch:** tham mưu bố trí kinh phí hỗ trợ thực hiện Đề án từ nguồn chi "
                 "thường xuyên năm 2020 của các xã."),
            Para(f"**4. Ủy ban nhân dân các xã {PILOT_COMMUNES}:** Chủ tịch Ủy ban nhân dân xã chịu trách nhiệm "
                 "trước Chủ tịch Ủy ban nhân dân huyện về kết quả thực hiện tại địa phương; phối hợp chặt chẽ với "
                 "Bưu điện huyện, không để hồ sơ trễ hạn."),
            Para("Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị, địa phương kịp thời "
                 "phản ánh về Ủy ban nhân dân huyện (qua Phòng Nội vụ) để được hướng dẫn, giải quyết./."),
        ),
        recipients=("- Sở Nội vụ, Bưu điện Tỉnh;", "- TT/HU, TT/HĐND huyện;", "- CT, các PCT UBND huyện;",
                    "- Bưu điện huyện Cao Lãnh;", "- Các phòng: NV, TC-KH, VH-TT;", "- UBND 05 xã (thực hiện);",
                    "- Lưu: VT, NV."),
        signature=_vice_chair_signs(VICE_CHAIR_SOCIAL),
    )


def land_use_plan_submission_2020() -> DocumentSpec:
    return DocumentSpec(
        letterhead=Letterhead(("PHÒNG TÀI NGUYÊN", "VÀ MÔI TRƯỜNG"), "Số: 52/TTr-TNMT", date(2020, 4, 3),
                              parent=DISTRICT_PARENT, author=HEAD_NATURAL_RESOURCES.unit),
        kind="TỜ TRÌNH",
        subject=("Về việc thông qua Kế hoạch sử dụng đất năm 2020 và giải pháp",
                 "tăng cường quản lý nhà nước về đất đai trên địa bàn huyện"),
        addressee="Kính gửi: Ủy ban nhân dân huyện Cao Lãnh.",
        body=(
            Para("Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;"),
            Para("Căn cứ Nghị định số 43/2014/NĐ-CP ngày 15 tháng 5 năm 2014 của Chính phủ quy định chi tiết thi "
                 "hành một số điều của Luật Đất đai; Nghị định số 01/2017/NĐ-CP ngày 06 tháng 01 năm 2017 của Chính "
                 "phủ sửa đổi, bổ sung một số nghị định quy định chi tiết thi hành Luật Đất đai;"),
            Para("Căn cứ Thông tư số 29/2014/TT-BTNMT ngày 02 tháng 6 năm 2014 của Bộ Tài nguyên và Môi trường quy "
                 "định chi tiết việc lập, điều chỉnh quy hoạch, kế hoạch sử dụng đất,"),
            Para("Phòng Tài nguyên và Môi trường kính trình Ủy ban nhân dân huyện xem xét, thông qua Kế hoạch sử "
                 "dụng đất năm 2020 của huyện Cao Lãnh và các giải pháp tăng cường quản lý nhà nước về đất đai, cụ "
                 "thể như sau:"),
            Heading("I. HIỆN TRẠNG SỬ DỤNG ĐẤT"),
            Para("Theo kết quả thống kê đất đai năm 2019, tổng diện tích tự nhiên của huyện là 49.112,47 ha; đất "
                 "nông nghiệp chiếm tỷ trọng lớn, chủ yếu là đất trồng lúa và đất trồng cây lâu năm (xoài, cây ăn "
                 "quả có múi); đất phi nông nghiệp tăng so với năm 2018 do đầu tư xây dựng các công trình giao "
                 "thông, thủy lợi và khu dân cư (chi tiết tại Bảng 1)."),
            _land_use_table(),
            Para("Công tác quản lý nhà nước về đất đai từng bước đi vào nề nếp; việc giao đất, cho thuê đất, chuyển "
                 "mục đích sử dụng đất cơ bản theo quy hoạch, kế hoạch được duyệt. Tuy nhiên, tình trạng tự ý chuyển "
                 "mục đích sử dụng đất trồng lúa, xây dựng nhà ở trên đất nông nghiệp vẫn còn xảy ra ở một số xã; "
                 "hồ sơ địa chính ở một số nơi chưa được cập nhật, chỉnh lý kịp thời."),
            Heading("II. KẾ HOẠCH SỬ DỤNG ĐẤT NĂM 2020"),
            Para("Kế hoạch sử dụng đất năm 2020 được xây dựng trên cơ sở nhu cầu sử dụng đất của các ngành, các xã, "
                 "thị trấn, bảo đảm phù hợp với điều chỉnh quy hoạch sử dụng đất đến năm 2020 của huyện đã được Ủy "
                 "ban nhân dân Tỉnh phê duyệt (chi tiết tại Bảng 2)."),
            _land_conversion_table(),
            Para("Danh mục công trình, dự án thực hiện trong năm 2020 gồm 27 công trình, dự án với tổng diện tích "
                 "124,68 ha, trong đó có 09 công trình phải thu hồi đất với diện tích 38,92 ha, tập trung vào các dự "
                 "án nâng cấp đường giao thông nông thôn, đê bao chống lũ, mở rộng khu dân cư và cụm công nghiệp."),
            Heading("III. GIẢI PHÁP TĂNG CƯỜNG QUẢN LÝ NHÀ NƯỚC VỀ ĐẤT ĐAI"),
            *_bullets(
                "Công khai Kế hoạch sử dụng đất năm 2020 tại trụ sở Ủy ban nhân dân huyện, các xã, thị trấn và trên "
                "Trang thông tin điện tử của huyện để người dân biết, giám sát.",
                "Chỉ giao đất, cho thuê đất, cho phép chuyển mục đích sử dụng đất đối với các trường hợp có trong kế "
                "hoạch sử dụng đất đã được phê duyệt; không giải quyết các trường hợp không phù hợp.",
                "Tăng cường kiểm tra, phát hiện và xử lý kịp thời các trường hợp vi phạm pháp luật về đất đai như "
                "lấn chiếm, sử dụng đất sai mục đích, tự ý chuyển mục đích sử dụng đất trồng lúa; xác định trách "
                "nhiệm của Chủ tịch Ủy ban nhân dân cấp xã khi để xảy ra vi phạm kéo dài.",
                "Đẩy nhanh tiến độ cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn "
                "liền với đất lần đầu; phối hợp với Chi nhánh Văn phòng Đăng ký đất đai giải quyết hồ sơ đăng ký "
                "biến động đúng hạn, không để phát sinh hồ sơ trễ hạn.",
                "Phối hợp với Bưu điện huyện tiếp nhận, trả kết quả hồ sơ đất đai qua dịch vụ bưu chính công ích; "
                "hướng dẫn người dân nộp hồ sơ đăng ký đất đai trực tuyến.",
                "Cập nhật, chỉnh lý hồ sơ địa chính, từng bước xây dựng cơ sở dữ liệu đất đai của huyện.",
            ),
            Heading("IV. KIẾN NGHỊ"),
            Para("Phòng Tài nguyên và Môi trường kính trình Ủy ban nhân dân huyện xem xét, thông qua Kế hoạch sử "
                 "dụng đất năm 2020 và các giải pháp nêu trên để trình Ủy ban nhân dân Tỉnh phê duyệt theo quy "
                 "định./."),
        ),
        recipients=("- Như trên;", "- PCT UBND huyện (phụ trách);", "- Chi nhánh VP Đăng ký đất đai;",
                    "- Lưu: VT, TNMT."),
        signature=_head_signs(HEAD_NATURAL_RESOURCES),
    )


def paperless_meetings_plan_2020() -> DocumentSpec:
    return DocumentSpec(
        letterhead=Letterhead(DISTRICT_ISSUER, "Số:        /KH-UBND", date(2020, 4, 10)),
        kind="KẾ HOẠCH",
        subject=("Ứng dụng phần mềm e-Cabinet tổ chức phiên họp không giấy",
                 "và đẩy mạnh cung cấp dịch vụ công trực tuyến năm 2020"),
        draft=True,
        body=(
            Para("Căn cứ Nghị quyết số 17/NQ-CP ngày 07 tháng 3 năm 2019 của Chính phủ về một số nhiệm vụ, giải "
                 "pháp trọng tâm phát triển Chính phủ điện tử giai đoạn 2019 - 2020, định hướng đến 2025;"),
            Para("Căn cứ Quyết định số 28/2018/QĐ-TTg ngày 12 tháng 7 năm 2018 của Thủ tướng Chính phủ về việc gửi, "
                 "nhận văn bản điện tử giữa các cơ quan trong hệ thống hành chính nhà nước;"),
            Para("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư,"),
            Para("Ủy ban nhân dân huyện Cao Lãnh ban hành Kế hoạch ứng dụng phần mềm e-Cabinet tổ chức phiên họp "
                 "không giấy và đẩy mạnh cung cấp dịch vụ công trực tuyến năm 2020 như sau:"),
            Heading("I. MỤC ĐÍCH, YÊU CẦU"),
            *_bullets(
                "Nhân rộng sáng kiến tổ chức cuộc họp Ủy ban nhân dân huyện không giấy tờ thông qua ứng dụng phần "
                "mềm e-Cabinet đến các phòng, ban chuyên môn và Ủy ban nhân dân các xã, thị trấn; giảm văn bản giấy "
                "trong phòng họp, tiết kiệm thời gian và chi phí tổ chức phiên họp.",
                "Tăng tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết qua dịch vụ công trực tuyến mức độ 3, "
                "mức độ 4; bảo đảm an toàn, an ninh thông tin trong quá trình vận hành.",
            ),
            Heading("II. CHỈ TIÊU"),
            _paperless_targets_table(),
            Heading("III. NHIỆM VỤ, GIẢI PHÁP"),
            Heading("1. Hoàn thiện hạ tầng, thiết bị", 2),
            *_bullets(
                "Trang bị máy tính bảng cho thành viên Ủy ban nhân dân huyện và lãnh đạo các phòng, ban chuyên môn; "
                "nâng cấp mạng không dây tại Phòng họp số 1, Trụ sở Ủy ban nhân dân huyện.",
                "Bố trí máy chủ lưu trữ tài liệu họp, sao lưu định kỳ; phân quyền truy cập tài liệu theo từng phiên "
                "họp, từng thành viên.",
            ),
            Heading("2. Quy trình tổ chức phiên họp không giấy", 2),
            *_bullets(
                "Văn phòng HĐND và UBND huyện tiếp nhận, kiểm tra tài liệu do các cơ quan trình, đưa lên hệ thống "
                "chậm nhất 03 ngày làm việc trước phiên họp và thông báo cho thành viên qua hệ thống.",
                "Thành viên nghiên cứu tài liệu, ghi chú, đăng ký phát biểu và biểu quyết trên máy tính bảng; thư "
                "ký phiên họp ghi biên bản, dự thảo thông báo kết luận trên hệ thống.",
                "Biên bản, thông báo kết luận phiên họp được ký số và lưu trữ điện tử theo quy định tại Nghị định "
                "số 30/2020/NĐ-CP.",
            ),
            Heading("3. Đẩy mạnh dịch vụ công trực tuyến", 2),
            *_bullets(
                "Rà soát, đăng ký bổ sung danh mục thủ tục hành chính cung cấp trực tuyến mức độ 3, mức độ 4; công "
                "chức Bộ phận Tiếp nhận và Trả kết quả hỗ trợ người dân nộp hồ sơ trực tuyến ngay tại chỗ.",
                "Tuyên truyền lợi ích của dịch vụ công trực tuyến trên Đài Truyền thanh huyện, Trang thông tin điện "
                "tử, mạng xã hội và tại các buổi sinh hoạt ấp, khóm.",
            ),
            Heading("4. Bảo đảm an toàn thông tin", 2),
            *_bullets(
                "Tài khoản truy cập hệ thống được cấp cho từng cá nhân, không dùng chung; thành viên có trách nhiệm "
                "bảo mật mật khẩu và máy tính bảng được giao.",
                "Tài liệu mật không đưa lên hệ thống; tài liệu phiên họp chỉ được chia sẻ cho người được mời dự họp.",
            ),
            Heading("IV. KINH PHÍ"),
            Para("Kinh phí thực hiện Kế hoạch được bố trí từ ngân sách huyện năm 2020 theo đề nghị của Phòng Tài "
                 "chính – Kế hoạch; các xã, thị trấn bố trí từ nguồn chi thường xuyên của địa phương."),
            Heading("V. TỔ CHỨC THỰC HIỆN"),
            *_bullets(
                "Văn phòng HĐND và UBND huyện chủ trì tổ chức thực hiện Kế hoạch; quản trị hệ thống, hướng dẫn sử "
                "dụng; tổng hợp, báo cáo kết quả 06 tháng và năm.",
                "Phòng Nội vụ đưa tiêu chí ứng dụng công nghệ thông tin vào đánh giá, chấm điểm chỉ số cải cách hành "
                "chính của các cơ quan, đơn vị, địa phương.",
                "Phòng Văn hóa và Thông tin hướng dẫn bảo đảm an toàn thông tin; tuyên truyền về dịch vụ công trực "
                "tuyến.",
                "Phòng Tài chính – Kế hoạch tham mưu bố trí kinh phí thực hiện.",
                "Ủy ban nhân dân các xã, thị trấn xây dựng lộ trình tổ chức họp không giấy tờ tại địa phương, hoàn "
                "thành trước ngày 31 tháng 12 năm 2020.",
            ),
            Para("Yêu cầu Thủ trưởng các cơ quan, đơn vị, Chủ tịch Ủy ban nhân dân các xã, thị trấn triển khai thực "
                 "hiện nghiêm túc Kế hoạch này./."),
        ),
        recipients=("- Sở Thông tin và Truyền thông;", "- TT/HU, TT/HĐND huyện;", "- CT, các PCT UBND huyện;",
                    "- Các phòng, ban chuyên môn huyện;", "- UBND các xã, thị trấn;", "- Lưu: VT, VP."),
        signature=_chairman_signs(),
    )


def paperless_budget_submission_2020() -> DocumentSpec:
    budget_table, total = _paperless_budget_table()
    return DocumentSpec(
        letterhead=Letterhead(("PHÒNG TÀI CHÍNH –", "KẾ HOẠCH"), "Số: 38/TTr-TCKH", date(2020, 4, 8),
                              parent=DISTRICT_PARENT, author=HEAD_FINANCE_PLANNING.unit),
        kind="TỜ TRÌNH",
        subject=("Về việc bổ sung dự toán kinh phí triển khai phòng họp không giấy",
                 "và dịch vụ công trực tuyến năm 2020"),
        addressee="Kính gửi: Ủy ban nhân dân huyện Cao Lãnh.",
        body=(
            Para("Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;"),
            Para("Căn cứ Nghị định số 163/2016/NĐ-CP ngày 21 tháng 12 năm 2016 của Chính phủ quy định chi tiết thi "
                 "hành một số điều của Luật Ngân sách nhà nước;"),
            Para("Căn cứ Nghị quyết của Hội đồng nhân dân huyện về dự toán thu, chi ngân sách huyện năm 2020;"),
            Para("Xét đề nghị của Văn phòng HĐND và UBND huyện về kinh phí triển khai Kế hoạch ứng dụng phần mềm "
                 "e-Cabinet tổ chức phiên họp không giấy và đẩy mạnh cung cấp dịch vụ công trực tuyến năm 2020,"),
            Para("Phòng Tài chính – Kế hoạch kính trình Ủy ban nhân dân huyện xem xét, bổ sung dự toán năm 2020 như "
                 "sau:"),
            Heading("I. SỰ CẦN THIẾT"),
            Para("Việc tổ chức cuộc họp Ủy ban nhân dân huyện không giấy tờ thông qua phần mềm e-Cabinet trong quý I "
                 "năm 2020 đã góp phần giảm văn bản giấy, tiết kiệm thời gian và chi phí tổ chức phiên họp, được Đoàn "
                 "kiểm tra cải cách hành chính Tỉnh ghi nhận là sáng kiến. Để nhân rộng mô hình và bảo đảm điều kiện "
                 "vận hành ổn định, cần trang bị bổ sung thiết bị, nâng cấp hạ tầng mạng và tập huấn cho người sử "
                 "dụng; các nội dung này chưa được bố trí trong dự toán đầu năm."),
            Heading("II. NỘI DUNG DỰ TOÁN"),
            budget_table,
            Para(f"Tổng kinh phí đề nghị bổ sung: **{vn_int(total)} đồng** (Bằng chữ: Ba trăm bảy mươi bốn triệu "
                 "đồng). Đơn giá thiết bị được xác định trên cơ sở báo giá của ba nhà cung cấp và giá thị trường tại "
                 "thời điểm lập dự toán; việc mua sắm thực hiện theo quy định về đấu thầu."),
            Heading("III. NGUỒN KINH PHÍ"),
            Para("Từ nguồn tiết kiệm chi thường xuyên và nguồn kết dư ngân sách huyện năm 2019. Sau khi được Ủy ban "
                 "nhân dân huyện thống nhất, Phòng Tài chính – Kế hoạch phối hợp với Văn phòng HĐND và UBND huyện "
                 "hoàn chỉnh thủ tục, thực hiện mua sắm và thanh quyết toán theo quy định."),
            Heading("IV. KIẾN NGHỊ"),
            Para("Phòng Tài chính – Kế hoạch kính trình Ủy ban nhân dân huyện xem xét, quyết định bổ sung dự toán "
                 "kinh phí nêu trên./."),
        ),
        recipients=("- Như trên;", "- Văn phòng HĐND và UBND huyện;", "- Lưu: VT, TCKH."),
        signature=_head_signs(HEAD_FINANCE_PLANNING),
    )


def socio_economic_report_q1_2020() -> DocumentSpec:
    return DocumentSpec(
        letterhead=Letterhead(DISTRICT_ISSUER, "Số: 71/BC-UBND", date(2020, 3, 20)),
        kind="BÁO CÁO",
        subject=("Tình hình kinh tế – xã hội, quốc phòng – an ninh quý I năm 2020",
                 "và nhiệm vụ trọng tâm tháng 4 năm 2020"),
        body=(
            Heading("I. TÌNH HÌNH KINH TẾ – XÃ HỘI QUÝ I NĂM 2020"),
            Heading("1. Sản xuất nông nghiệp", 2),
            Para("Vụ lúa Đông Xuân 2019 - 2020 toàn huyện xuống giống 23.480 ha, đạt 100,3% kế hoạch; đến ngày 18 "
                 "tháng 3 năm 2020 đã thu hoạch 21.950 ha, năng suất bình quân ước 7,6 tấn/ha; giá lúa tươi tại "
                 "ruộng từ 5.100 đến 5.500 đồng/kg, nông dân có lãi khá. Vụ lúa Hè Thu 2020 đã xuống giống 1.820 ha "
                 "tại các xã có điều kiện thủy lợi thuận lợi."),
            Para("Diện tích cây ăn trái toàn huyện khoảng 8.600 ha, trong đó xoài khoảng 5.900 ha; các tổ hợp tác, "
                 "hợp tác xã tiếp tục liên kết tiêu thụ xoài theo hướng xuất khẩu. Do ảnh hưởng của dịch bệnh "
                 "Covid-19, giá xoài giảm so với cùng kỳ, có thời điểm tiêu thụ chậm; Ủy ban nhân dân huyện đã chỉ "
                 "đạo các ngành kết nối doanh nghiệp thu mua, hỗ trợ nông dân tiêu thụ sản phẩm."),
            Para("Chăn nuôi được kiểm soát tốt, không phát sinh ổ dịch cúm gia cầm; bệnh dịch tả heo châu Phi cơ bản "
                 "được khống chế, việc tái đàn thực hiện theo hướng dẫn của ngành thú y. Các xã chủ động phương án "
                 "phòng, chống hạn, bảo đảm nước tưới cho cây ăn trái trong mùa khô."),
            _economy_q1_table(),
            Heading("2. Công nghiệp – Thương mại – Dịch vụ", 2),
            Para("Giá trị sản xuất công nghiệp – tiểu thủ công nghiệp ước đạt 612 tỷ đồng, tăng 6,8% so với cùng "
                 "kỳ. Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ ước đạt 1.235 tỷ đồng; thị trường hàng hóa ổn "
                 "định, không có tình trạng găm hàng, tăng giá đột biến; các cửa hàng thuốc, vật tư y tế được kiểm "
                 "tra việc niêm yết và bán đúng giá khẩu trang, dung dịch sát khuẩn."),
            Heading("3. Tài chính – Ngân sách, đầu tư xây dựng", 2),
            Para("Thu ngân sách nhà nước trên địa bàn ước đạt 48.620 triệu đồng, đạt 27,4% dự toán Tỉnh giao; chi "
                 "ngân sách địa phương ước 112.480 triệu đồng, bảo đảm kịp thời các nhiệm vụ chi thường xuyên và chi "
                 "phòng, chống dịch bệnh. Giải ngân vốn đầu tư công đạt 21,6% kế hoạch; Ủy ban nhân dân huyện yêu cầu "
                 "các chủ đầu tư đẩy nhanh tiến độ thi công, nghiệm thu, thanh toán khối lượng hoàn thành."),
            Heading("4. Tài nguyên – Môi trường", 2),
            Para("Cấp 1.126 Giấy chứng nhận quyền sử dụng đất; giải quyết 214 hồ sơ chuyển mục đích sử dụng đất, "
                 "đúng hạn 100%. Kiểm tra, xử lý 06 trường hợp vi phạm pháp luật về đất đai và 03 trường hợp vi phạm "
                 "về bảo vệ môi trường."),
            Heading("5. Văn hóa – Xã hội", 2),
            Para("Triển khai quyết liệt các biện pháp phòng, chống dịch bệnh Covid-19 theo chỉ đạo của Thủ tướng "
                 "Chính phủ và Ủy ban nhân dân Tỉnh; kiện toàn Ban Chỉ đạo phòng, chống dịch của huyện và 18 xã, "
                 "thị trấn; theo dõi sức khỏe người từ vùng có dịch trở về địa phương."),
            Para("Học sinh các cấp tiếp tục nghỉ học để phòng, chống dịch theo hướng dẫn của ngành giáo dục; các "
                 "trường giao bài tập, tổ chức ôn tập qua mạng. Chi trả trợ cấp cho người có công, đối tượng bảo trợ "
                 "xã hội kịp thời, đúng đối tượng."),
            Heading("6. Cải cách hành chính, quốc phòng – an ninh", 2),
            Para("Giải quyết thủ tục hành chính đúng và trước hạn, không có hồ sơ trễ hạn; tiếp tục tổ chức phiên "
                 "họp Ủy ban nhân dân huyện không giấy tờ thông qua phần mềm e-Cabinet. Tổ chức Lễ giao nhận quân "
                 "năm 2020 an toàn, đạt 100% chỉ tiêu. Tình hình an ninh chính trị ổn định, trật tự an toàn xã hội "
                 "được giữ vững; tai nạn giao thông giảm cả ba tiêu chí so với cùng kỳ."),
            Heading("II. NHIỆM VỤ TRỌNG TÂM THÁNG 4 NĂM 2020"),
            *_bullets(
                "Tiếp tục thực hiện nghiêm các biện pháp phòng, chống dịch bệnh Covid-19; chủ động phương án ứng "
                "phó khi dịch bệnh diễn biến phức tạp.",
                "Hướng dẫn nông dân xuống giống vụ Hè Thu 2020 theo lịch thời vụ, né rầy; chăm sóc, xử lý ra hoa "
                "xoài nghịch vụ; hỗ trợ tiêu thụ nông sản.",
                "Đẩy nhanh tiến độ giải ngân vốn đầu tư công; tập trung thu ngân sách, chống thất thu.",
                "Hoàn thành báo cáo kết quả cải cách hành chính quý I năm 2020; khắc phục hạn chế qua kiểm tra của "
                "Đoàn kiểm tra cải cách hành chính Tỉnh.",
                "Giữ vững an ninh chính trị, trật tự an toàn xã hội; bảo đảm trật tự an toàn giao thông.",
            ),
            Para("Trên đây là báo cáo tình hình kinh tế – xã hội, quốc phòng – an ninh quý I năm 2020 và nhiệm vụ "
                 "trọng tâm tháng 4 năm 2020 của Ủy ban nhân dân huyện Cao Lãnh./."),
        ),
        recipients=("- UBND Tỉnh (b/c);", "- TT/HU, TT/HĐND huyện (b/c);", "- CT, các PCT UBND huyện;",
                    "- Thành viên UBND huyện;", "- Lưu: VT, TH."),
        signature=_vice_chair_signs(VICE_CHAIR_ECONOMY),
    )


def reform_inspection_plan_2020() -> DocumentSpec:
    return DocumentSpec(
        letterhead=Letterhead(DISTRICT_ISSUER, "Số:        /KH-UBND", date(2020, 3, 16)),
        kind="KẾ HOẠCH",
        subject=("Kiểm tra công tác cải cách hành chính năm 2020",),
        draft=True,
        body=(
            Para("Thực hiện Kế hoạch cải cách hành chính năm 2020 của Ủy ban nhân dân huyện, Ủy ban nhân dân huyện "
                 "Cao Lãnh xây dựng Kế hoạch kiểm tra công tác cải cách hành chính năm 2020 như sau:"),
            Heading("I. MỤC ĐÍCH, YÊU CẦU"),
            *_bullets(
                "Đánh giá đúng thực chất kết quả thực hiện nhiệm vụ cải cách hành chính tại các cơ quan, đơn vị, địa "
                "phương; kịp thời phát hiện, chấn chỉnh những hạn chế, sai sót, nhất là trong giải quyết thủ tục "
                "hành chính cho tổ chức, công dân.",
                "Việc kiểm tra bảo đảm khách quan, công khai, đúng quy định, không gây phiền hà, không làm ảnh hưởng "
                "đến hoạt động bình thường của đơn vị được kiểm tra.",
            ),
            Heading("II. NỘI DUNG KIỂM TRA"),
            *_bullets(
                "Việc ban hành và tổ chức thực hiện kế hoạch cải cách hành chính; công tác tuyên truyền cải cách "
                "hành chính.",
                "Việc niêm yết công khai thủ tục hành chính; tiếp nhận, giải quyết và trả kết quả hồ sơ; việc gửi "
                "thư xin lỗi khi hồ sơ trễ hạn.",
                "Việc chấp hành kỷ luật, kỷ cương hành chính, giờ giấc làm việc, văn hóa công sở; việc nêu gương "
                "của người đứng đầu.",
                "Ứng dụng công nghệ thông tin: hệ thống quản lý văn bản và điều hành, chữ ký số, phần mềm một cửa "
                "điện tử, dịch vụ công trực tuyến.",
            ),
            Heading("III. ĐỐI TƯỢNG, THỜI GIAN KIỂM TRA"),
            _inspection_schedule_table(),
            Para("Ngoài lịch trên, Đoàn kiểm tra tiến hành kiểm tra đột xuất việc chấp hành kỷ luật, kỷ cương hành "
                 "chính tại các cơ quan, đơn vị, địa phương khi có phản ánh của tổ chức, công dân."),
            Heading("IV. THÀNH PHẦN ĐOÀN KIỂM TRA"),
            Para("Trưởng đoàn: Phó Chủ tịch Ủy ban nhân dân huyện; Phó Trưởng đoàn: Trưởng phòng Nội vụ; thành viên "
                 "gồm đại diện lãnh đạo Văn phòng HĐND và UBND huyện, Phòng Tư pháp, Phòng Văn hóa và Thông tin và "
                 "công chức Phòng Nội vụ (thư ký Đoàn)."),
            Heading("V. TỔ CHỨC THỰC HIỆN"),
            *_bullets(
                "Phòng Nội vụ tham mưu Quyết định thành lập Đoàn kiểm tra, thông báo lịch kiểm tra trước ít nhất 05 "
                "ngày làm việc; tổng hợp kết quả, báo cáo Ủy ban nhân dân huyện sau mỗi đợt kiểm tra.",
                "Các cơ quan, đơn vị, địa phương được kiểm tra chuẩn bị báo cáo, hồ sơ, tài liệu liên quan; bố trí "
                "lãnh đạo làm việc với Đoàn kiểm tra.",
            ),
            Para("Yêu cầu Thủ trưởng các phòng, ban chuyên môn, Chủ tịch Ủy ban nhân dân các xã, thị trấn triển "
                 "khai thực hiện nghiêm túc Kế hoạch này./."),
        ),
        recipients=("- Sở Nội vụ;", "- CT, các PCT UBND huyện;", "- Các phòng, ban chuyên môn huyện;",
                    "- UBND các xã, thị trấn;", "- Lưu: VT, NV."),
        signature=_vice_chair_signs(VICE_CHAIR_SOCIAL),
    )


# -- the catalogue ------------------------------------------------------------------------------
UPCOMING = "upcoming"  # the next regular meeting (published)
PAST = "2020-03"  # the closed regular meeting of March 2020


@dataclass(frozen=True)
class DemoDocument:
    key: str  # short stable slug
    meeting: str  # UPCOMING or PAST
    agenda_index: int  # position of the agenda item the document belongs to
    title: str
    filename: str
    spec: DocumentSpec = field(repr=False, compare=False)
    keywords: str = ""
    observer_visible: bool = False  # the guest (khách mời) may read it

    def build(self) -> bytes:
        """The PDF; identical bytes on every call."""
        return render(self.spec, self.title, self.keywords)


def demo_documents() -> list[DemoDocument]:
    """All demo documents, upcoming meeting first, in agenda order."""
    return [
        DemoDocument("bao-cao-cchc-q1-2020", UPCOMING, 0,
                     "Báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2020",
                     "bao-cao-cchc-quy-1-2020.pdf", administrative_reform_report_q1_2020(),
                     "cải cách hành chính, thủ tục hành chính, e-Cabinet", observer_visible=True),
        DemoDocument("ke-hoach-buu-dien-van-hoa-xa", UPCOMING, 1,
                     "Dự thảo Kế hoạch chuyển giao dịch vụ hành chính công sang Bưu điện văn hóa xã giai đoạn 3",
                     "du-thao-ke-hoach-buu-dien-van-hoa-xa-giai-doan-3.pdf", post_office_handover_plan_phase_3(),
                     "bưu chính công ích, Bưu điện văn hóa xã", observer_visible=True),
        DemoDocument("to-trinh-ke-hoach-su-dung-dat-2020", UPCOMING, 2,
                     "Tờ trình thông qua Kế hoạch sử dụng đất năm 2020 và giải pháp quản lý đất đai",
                     "to-trinh-ke-hoach-su-dung-dat-2020.pdf", land_use_plan_submission_2020(),
                     "đất đai, kế hoạch sử dụng đất"),
        DemoDocument("ke-hoach-e-cabinet-2020", UPCOMING, 3,
                     "Dự thảo Kế hoạch ứng dụng e-Cabinet và dịch vụ công trực tuyến năm 2020",
                     "du-thao-ke-hoach-e-cabinet-dvc-truc-tuyen-2020.pdf", paperless_meetings_plan_2020(),
                     "e-Cabinet, phòng họp không giấy, dịch vụ công trực tuyến"),
        DemoDocument("to-trinh-du-toan-phong-hop-khong-giay", UPCOMING, 3,
                     "Tờ trình bổ sung dự toán kinh phí phòng họp không giấy năm 2020",
                     "to-trinh-du-toan-phong-hop-khong-giay-2020.pdf", paperless_budget_submission_2020(),
                     "dự toán, ngân sách, phòng họp không giấy"),
        DemoDocument("bao-cao-kt-xh-quy-1-2020", PAST, 0,
                     "Báo cáo tình hình kinh tế – xã hội quý I và nhiệm vụ tháng 4 năm 2020",
                     "bao-cao-kinh-te-xa-hoi-quy-1-2020.pdf", socio_economic_report_q1_2020(),
                     "kinh tế – xã hội, nông nghiệp, ngân sách"),
        DemoDocument("ke-hoach-kiem-tra-cchc-2020", PAST, 1,
                     "Dự thảo Kế hoạch kiểm tra công tác cải cách hành chính năm 2020",
                     "du-thao-ke-hoach-kiem-tra-cchc-2020.pdf", reform_inspection_plan_2020(),
                     "kiểm tra, cải cách hành chính"),
    ]


def documents_for(meeting: str) -> list[DemoDocument]:
    return [doc for doc in demo_documents() if doc.meeting == meeting]
