"""Small real PDFs for tests, made with fpdf2 and an embedded Unicode font."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF

FONT = Path("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf")


def make_pdf(pages: int = 3, title: str = "Tài liệu thử nghiệm", body: str = "Nội dung trang") -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_font("NotoSerif", "", str(FONT))
    pdf.set_font("NotoSerif", size=14)
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=timezone.utc))
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 8, f"{body} {n}/{pages}. Ủy ban nhân dân huyện Cao Lãnh – quản lý đất đai.")
    return bytes(pdf.output())


def make_text_pdf(*paragraphs: str) -> bytes:
    """One page per paragraph, exactly that text (for search and export tests)."""
    pdf = FPDF(format="A4")
    pdf.add_font("NotoSerif", "", str(FONT))
    pdf.set_font("NotoSerif", size=12)
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=timezone.utc))
    for text in paragraphs:
        pdf.add_page()
        pdf.multi_cell(0, 7, text)
    return bytes(pdf.output())
