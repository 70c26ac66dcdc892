"""PDF inspection with pypdf: validation, page count, text for search."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import BinaryIO

from flask_babel import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from app.errors import ValidationError

log = logging.getLogger(__name__)
MAX_TEXT_CHARS = 2_000_000


@dataclass(frozen=True)
class PdfFacts:
    page_count: int
    text: str


def inspect_pdf(stream: BinaryIO) -> PdfFacts:
    """Check that ``stream`` (seekable) holds a readable, unencrypted PDF; return its facts."""
    stream.seek(0)
    head = stream.read(1024)
    if not head:
        raise ValidationError(_("Tệp rỗng (0 byte)."))
    if b"%PDF-" not in head:
        raise ValidationError(_("Tệp không phải PDF (dù tên tệp là gì). Chỉ nhận tài liệu định dạng PDF."))
    stream.seek(0)
    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted:
            raise ValidationError(_("Tệp PDF được đặt mật khẩu; vui lòng gửi bản không mã hóa."))
        pages = len(reader.pages)
        if pages == 0:
            raise ValidationError(_("Tệp PDF không có trang nào."))
        parts, total = [], 0
        for page in reader.pages:
            chunk = page.extract_text() or ""
            parts.append(chunk)
            total += len(chunk)
            if total > MAX_TEXT_CHARS:
                break
    except ValidationError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError) as exc:
        log.info("unreadable PDF: %r", exc)
        raise ValidationError(_("Tệp PDF bị hỏng hoặc không đầy đủ; không thể đọc được.")) from exc
    finally:
        stream.seek(0)
    return PdfFacts(page_count=pages, text="\n".join(parts)[:MAX_TEXT_CHARS])
