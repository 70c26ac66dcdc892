"""Small real PDFs for tests, made with fpdf2 and an embedded Unicode font."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

FONT = Path("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf")


def _a4() -> FPDF:
    """An A4 document in Noto Serif 14 pt with a fixed creation date (same bytes every run)."""
    pdf = FPDF(format="A4")
    pdf.add_font("NotoSerif", "", str(FONT))
    pdf.set_font("NotoSerif", size=14)
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))
    return pdf


def make_pdf(pages: int = 3, title: str = "Tài liệu thử nghiệm", body: str = "Nội dung trang") -> bytes:
    pdf = _a4()
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
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))
    for text in paragraphs:
        pdf.add_page()
        pdf.multi_cell(0, 7, text)
    return bytes(pdf.output())


def make_heavy_pdf(megabytes: float = 3, pages: int = 2, seed: int = 7) -> bytes:
    """A PDF of about ``megabytes`` MB: each page carries an image of random (incompressible)
    pixels, so uploads take long enough for progress to show."""
    import random

    from PIL import Image

    rng = random.Random(seed)
    per_page = int(megabytes * 1024 * 1024 / pages)
    side = max(16, int((per_page / 3) ** 0.5))
    pdf = _a4()
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.cell(0, 10, f"Bản đồ quy hoạch sử dụng đất – tờ {n}/{pages}", new_x="LMARGIN", new_y="NEXT")
        image = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
        pdf.image(image, x=20, y=30, w=170)
    return bytes(pdf.output())


def encrypt_pdf(data: bytes, user_password: str = "mat-khau", owner_password: str = "chu-so-huu") -> bytes:
    """``data`` encrypted with pypdf (AES-256); an empty ``user_password`` opens without a password."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx() -> bytes:
    """A minimal Word (OOXML) file: a zip with [Content_Types].xml and word/document.xml."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()
