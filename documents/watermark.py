"""Per-viewer watermark: every page gets the viewer's name, unit and the time, as real text.

The overlay is drawn with fpdf2 in Noto Sans (so Vietnamese letters extract correctly) and merged
onto each page with pypdf; the original PDF is read from a file and the stamped copy is written
to another file, so only what pypdf itself needs is held in memory.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter, Transformation

FONT = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Stamp:
    footer: str  # one line at the foot of every page: "Người xem: … · đơn vị · giờ"
    diagonal: str  # large, faint, across the page: the viewer's name


def _overlay_page(stamp: Stamp, width_pt: float, height_pt: float):
    """A one-page PDF of the given size carrying the stamp, as a pypdf page."""
    pdf = FPDF(unit="pt", format=(width_pt, height_pt))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_font("NotoSans", "", str(FONT))
    pdf.add_page()
    short = min(width_pt, height_pt)
    # Diagonal name, faint, centred.
    size = max(14.0, min(48.0, short / max(len(stamp.diagonal), 1) * 1.9))
    pdf.set_font("NotoSans", size=size)
    with pdf.local_context(fill_opacity=0.13, text_color=(120, 0, 0)):
        text_w = pdf.get_string_width(stamp.diagonal)
        cx, cy = width_pt / 2, height_pt / 2
        with pdf.rotation(35, x=cx, y=cy):
            pdf.text(cx - text_w / 2, cy + size / 3, stamp.diagonal)
    # Footer line, small, grey on a light band so it reads over any content.
    foot = max(6.0, min(8.5, short / 70))
    pdf.set_font("NotoSans", size=foot)
    band_h = foot * 1.9
    with pdf.local_context(fill_opacity=0.75, fill_color=(255, 255, 255)):
        pdf.rect(0, height_pt - band_h, width_pt, band_h, style="F")
    pdf.set_text_color(90, 90, 90)
    pdf.set_xy(4, height_pt - band_h)
    pdf.cell(width_pt - 8, band_h, stamp.footer, align="C")
    return PdfReader(io.BytesIO(bytes(pdf.output()))).pages[0]


SAFE_ACTIONS = ("/GoTo", "/URI")  # a link to another page or to a web address; nothing else runs


def neutralise_page(page) -> None:
    """Remove what could act in the reader from one page of a copy: the page's own actions
    (``/AA``), attached files, and every link action other than "go to page" or "open web address"
    (JavaScript, Launch, SubmitForm, ImportData, GoToR/GoToE, media…). The document-level parts —
    ``/OpenAction``, the ``/Names`` tree's JavaScript and EmbeddedFiles, ``/AcroForm`` — never reach
    a copy: :func:`stamp_pdf` builds a new catalogue and copies only the pages."""
    page.pop("/AA", None)
    annots = page.get("/Annots")
    if annots is None:
        return
    kept = []
    for ref in annots.get_object():
        annot = ref.get_object()
        if annot.get("/Subtype") in ("/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"):
            continue
        annot.pop("/AA", None)
        action = annot.get("/A")
        if action is not None and action.get_object().get("/S") not in SAFE_ACTIONS:
            annot.pop("/A", None)
        elif action is not None:
            action.get_object().pop("/Next", None)
        kept.append(ref)
    from pypdf.generic import ArrayObject, NameObject

    page[NameObject("/Annots")] = ArrayObject(kept)


def stamp_pdf(source: BinaryIO, target: BinaryIO, stamp: Stamp) -> int:
    """Write ``source`` with ``stamp`` on every page to ``target``; return the page count."""
    source.seek(0)
    reader = PdfReader(source, strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    writer = PdfWriter()
    overlays: dict[tuple[int, int], object] = {}
    for page in reader.pages:
        writer.add_page(page)
    for page in writer.pages:
        neutralise_page(page)
        if page.get("/Rotate"):
            page.transfer_rotation_to_content()
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        key = (round(width), round(height))
        if key not in overlays:
            overlays[key] = _overlay_page(stamp, width, height)
        page.merge_transformed_page(overlays[key], Transformation().translate(float(box.left), float(box.bottom)))
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})
    writer.write(target)
    target.flush()
    target.seek(0)
    return len(writer.pages)
