"""Small page images for the agenda view, rendered with PDFium (pypdfium2)."""

from __future__ import annotations

import io
import logging
from typing import BinaryIO

from documents.offload import native_lock

log = logging.getLogger(__name__)
THUMBNAIL_WIDTH = 240  # pixels; a tablet shows them about 120 CSS pixels wide at 2x
MAX_THUMBNAILS = 200  # pages rendered per document (the first ones)
PAGES_PER_OPEN = 10  # PDFium keeps every object it parsed until the document closes: reopen it
_PDFIUM = native_lock()  # PDFium is not thread-safe: one render at a time in the process


class RenderError(Exception):
    """PDFium could not open or render the file."""


def render_thumbnails(stream: BinaryIO, max_pages: int = MAX_THUMBNAILS, width: int = THUMBNAIL_WIDTH) -> list[bytes]:
    """JPEG images of the first ``max_pages`` pages of the PDF in ``stream`` (seekable). The document
    is opened again every :data:`PAGES_PER_OPEN` pages, so that a scanned pack's images are not all
    held at once (a 100 MB pack held ~35 MB more; docs/performance.md, upload)."""
    import pypdfium2 as pdfium

    images: list[bytes] = []
    with _PDFIUM:
        try:
            while True:
                stream.seek(0)
                pdf = pdfium.PdfDocument(stream, autoclose=False)
                try:
                    last = min(len(pdf), max_pages, len(images) + PAGES_PER_OPEN)
                    for index in range(len(images), last):
                        images.append(_render_page(pdf[index], width))
                    if last == min(len(pdf), max_pages):
                        return images
                finally:
                    pdf.close()
        except pdfium.PdfiumError as exc:
            raise RenderError(str(exc)) from exc
        finally:
            stream.seek(0)


def _render_page(page, width: int) -> bytes:
    """One page as a JPEG ``width`` pixels wide; the page is closed."""
    try:
        scale = width / max(page.get_width(), 1)
        image = page.render(scale=scale, may_draw_forms=True).to_pil().convert("RGB")
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=72, optimize=True)
        return out.getvalue()
    finally:
        page.close()
