"""The layout of Vietnamese administrative documents (Decree 30/2020/NĐ-CP, Appendix I), drawn
with fpdf2: A4, the issuing body top-left with the document number, the national motto top-right
with the place and date in italics, a bold centred title, justified paragraphs with a first-line
indent, page numbers at the top from page 2, "Nơi nhận:" bottom-left and the signature block
bottom-right.

A :class:`DocumentSpec` (letterhead, title, body blocks, signature) becomes PDF bytes by
:func:`render`, deterministically: fonts are embedded from fixed files and the creation date is the
document's own, so a spec gives the same bytes on every run with the same fpdf2. The demo
documents (demo/) are drawn with it; the record export uses its fonts.
"""

import re
from datetime import datetime, time, timedelta, timezone
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


from documents.official_spec import (  # noqa: E402,F401  (the spec and formatting live there)
    Block,
    Column,
    DocumentSpec,
    Heading,
    Letterhead,
    Para,
    Signature,
    Table,
    date_line,
    nfc,
    vn_dec,
    vn_int,
    vn_percent,
)

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


def _centred_lines(
    pdf: OfficialPdf, x: float, w: float, lines: tuple[str, ...], style: str, size: float, line_h: float
) -> None:
    """Each entry centred in [x, x+w]; an entry too long for the width wraps onto further lines."""
    pdf.use(style, size)
    for line in lines:
        pdf.set_x(x)
        pdf.multi_cell(w, line_h, nfc(line), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _rule_under(pdf: OfficialPdf, x: float, w: float, text_w: float, ratio: float = 1.0, gap: float = 0.8) -> None:
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
    lines = pdf.multi_cell(
        pdf.epw - FIRST_LINE_INDENT, BODY_LINE, nfc(text.replace("**", "")), dry_run=True, output="LINES"
    )
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
