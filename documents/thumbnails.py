"""Small page images for the agenda view, rendered with PDFium (pypdfium2)."""

from __future__ import annotations

import io
import logging
from typing import BinaryIO

from documents.offload import native_lock

log = logging.getLogger(__name__)
THUMBNAIL_WIDTH = 240  # pixels; a tablet shows them about 120 CSS pixels wide at 2x
MAX_THUMBNAILS = 200  # pages rendered per document (the first ones)
_PDFIUM = native_lock()  # PDFium is not thread-safe: one render at a time in the process


class RenderError(Exception):
    """PDFium could not open or render the file."""


def render_thumbnails(stream: BinaryIO, max_pages: int = MAX_THUMBNAILS, width: int = THUMBNAIL_WIDTH) -> list[bytes]:
    """JPEG images of the first ``max_pages`` pages of the PDF in ``stream`` (seekable)."""
    import pypdfium2 as pdfium

    stream.seek(0)
    with _PDFIUM:
        try:
            pdf = pdfium.PdfDocument(stream, autoclose=False)
        except pdfium.PdfiumError as exc:
            raise RenderError(str(exc)) from exc
        try:
            images = []
            for index in range(min(len(pdf), max_pages)):
                page = pdf[index]
                try:
                    scale = width / max(page.get_width(), 1)
                    bitmap = page.render(scale=scale, may_draw_forms=True)
                    image = bitmap.to_pil().convert("RGB")
                    out = io.BytesIO()
                    image.save(out, format="JPEG", quality=72, optimize=True)
                    images.append(out.getvalue())
                finally:
                    page.close()
            return images
        except pdfium.PdfiumError as exc:
            raise RenderError(str(exc)) from exc
        finally:
            pdf.close()
            stream.seek(0)
