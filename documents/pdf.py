"""PDF inspection with pypdf: validation, page count, text for search."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import BinaryIO

from flask_babel import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from app.errors import ValidationError
from app.text import strip_controls

log = logging.getLogger(__name__)
MAX_TEXT_CHARS = 2_000_000
MAX_PAGES = 5000  # more than any meeting document; a page tree claiming more is refused before it is walked
TAIL_BYTES = 4096  # a complete PDF ends with "%%EOF" (possibly followed by a little whitespace)

OFFICE_EXTENSIONS = (
    ".doc",
    ".docx",
    ".docm",
    ".dot",
    ".dotx",
    ".xls",
    ".xlsx",
    ".xlsm",
    ".ppt",
    ".pptx",
    ".odt",
    ".ods",
    ".odp",
    ".rtf",
)
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt
OFFICE_ZIP_MARKERS = (b"[Content_Types].xml", b"word/", b"xl/", b"ppt/", b"mimetypeapplication/vnd.oasis")


@dataclass(frozen=True)
class PdfFacts:
    page_count: int
    text: str


def _is_office_file(head: bytes, filename: str) -> bool:
    if head.startswith(OLE2_MAGIC) or head.startswith(b"{\\rtf"):
        return True
    if head.startswith(b"PK\x03\x04") and any(marker in head for marker in OFFICE_ZIP_MARKERS):
        return True
    return filename.lower().endswith(OFFICE_EXTENSIONS) and b"%PDF-" not in head


def inspect_pdf(stream: BinaryIO, filename: str = "") -> PdfFacts:
    """Check that ``stream`` (seekable) holds a complete, readable PDF that opens without a
    password; return its facts. Raises :class:`ValidationError` with a message for the uploader."""
    stream.seek(0)
    head = stream.read(1024)
    if not head:
        raise ValidationError(_("Tệp rỗng (0 byte)."))
    if _is_office_file(head, filename):
        raise ValidationError(
            _("Tệp Word/Excel/PowerPoint không được nhận. Chỉ nhận PDF; hãy chuyển sang PDF trước khi tải lên."),
            status_code=415,
        )
    if b"%PDF-" not in head:
        raise ValidationError(
            _("Tệp không phải PDF (dù tên tệp là gì). Chỉ nhận tài liệu định dạng PDF."), status_code=415
        )
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(max(0, size - TAIL_BYTES))
    if b"%%EOF" not in stream.read():
        raise ValidationError(_("Tệp PDF bị hỏng hoặc không đầy đủ; không thể đọc được."))
    stream.seek(0)
    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):  # opening without a password is fine
            raise ValidationError(_("Tệp PDF được đặt mật khẩu; vui lòng gửi bản không mã hóa."))
        _refuse_page_bombs(reader)
        pages = len(reader.pages)
        if pages == 0:
            raise ValidationError(_("Tệp PDF không có trang nào."))
        parts, total = [], 0
        for page in reader.pages:
            chunk = strip_controls(page.extract_text() or "")  # a PDF's text may hold NUL bytes
            parts.append(chunk)
            total += len(chunk)
            if total > MAX_TEXT_CHARS:
                break
            forget_resolved_objects(reader)
    except ValidationError:
        raise
    except (
        PdfReadError,
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        RecursionError,
        OSError,
        NotImplementedError,
    ) as exc:
        log.info("unreadable PDF: %r", exc)
        raise ValidationError(_("Tệp PDF bị hỏng hoặc không đầy đủ; không thể đọc được.")) from exc
    finally:
        stream.seek(0)
    return PdfFacts(page_count=pages, text="\n".join(parts)[:MAX_TEXT_CHARS])


def forget_resolved_objects(reader: PdfReader) -> None:
    """Drop pypdf's cache of the objects it has read. Walking a page's text reads its resources, the
    page's images included: kept, a 100 MB scanned pack held ~100 MB in the server until the whole
    file was walked (docs/performance.md, upload). Read again, an object is parsed anew from the
    file; the text is the same (tests/documents/test_pdf_memory.py)."""
    reader.resolved_objects.clear()


def _refuse_page_bombs(reader: PdfReader) -> None:
    """A page tree that claims more than :data:`MAX_PAGES` pages (a few kilobytes can claim
    100,000 by naming the same node many times) is refused from its ``/Count``, without walking it."""
    count = reader.trailer["/Root"]["/Pages"].get("/Count", 0)
    if isinstance(count, int) and count > MAX_PAGES:
        raise ValidationError(
            _("Tệp PDF có quá nhiều trang (tối đa %(max)s trang); hãy tách thành nhiều tệp.", max=MAX_PAGES)
        )
