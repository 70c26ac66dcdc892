"""Cheap per-viewer watermarks: a *prepared base* once per version, a tiny *tail* per open.

Stamping every page of a 300-page pack for every viewer (documents/watermark.py) costs seconds of
CPU per open. Here the expensive part is done once per version of a document:

- :func:`prepare_base` rewrites the original (pypdf, streams copied as they are) so that every
  page, after its own content, draws a form XObject — one per page size, the *slot*. In the base
  the slot paints the page white and says "Bản sao không hợp lệ" (not a valid copy), and the base
  carries a subset of Noto Sans holding every Vietnamese letter (the *carrier* font).
- :func:`make_tail` writes, per viewer and open, an incremental update (ISO 32000-1 §7.5.6) that
  redefines each slot as the viewer's watermark — the name across the page, the footer line —
  set in the carrier font, plus a cross-reference section whose ``/Prev`` is the base's. It is a
  few kilobytes and takes about a millisecond; no page is parsed.

The copy a viewer receives is ``base + tail``: the base streams from the store and answers HTTP
ranges as is. Cutting the copy at the base's length does not give an unmarked document: the pages
of the base alone render blank with the "not a valid copy" notice (docs/performance.md, "Why the
tail cannot simply be cut off", states what it does and does not protect against).
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject, NumberObject

from documents.watermark import Stamp

FONT = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
SLOT = "/PhonghopWm"
FONT_NAME = "/PhonghopF"
INVALID_NOTICE = "Bản sao không hợp lệ — chỉ mở tài liệu từ phần mềm phòng họp"
# Every letter a Vietnamese (or Latin-script) name, unit or date may use, and combining marks.
CARRIER_CHARS = (
    "".join(
        chr(c)
        for c in [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x300, 0x324), *range(0x1E00, 0x1F00)]
        if unicodedata.category(chr(c))[0] in "LNPSZM"
    )
    + "–—‘’“”…•·"
)


class CannotEncode(ValueError):
    """The text holds a character the carrier font does not have (the caller stamps the slow way)."""


@dataclass(frozen=True)
class Carrier:
    """How to write text in the carrier font: character → CID, and CID → width (1/1000 em)."""

    cids: dict[str, int]
    widths: dict[int, float]
    default_width: float = 600.0

    def encode(self, text: str) -> str:
        text = unicodedata.normalize("NFC", text)
        try:
            return "".join(f"{self.cids[c]:04X}" for c in text)
        except KeyError as exc:
            raise CannotEncode(text) from exc

    def width(self, text: str, size: float) -> float:
        text = unicodedata.normalize("NFC", text)
        return sum(self.widths.get(self.cids.get(c, -1), self.default_width) for c in text) * size / 1000


def _carrier_pdf() -> bytes:
    pdf = FPDF(unit="pt", format=(600, 800))
    pdf.set_auto_page_break(False)
    pdf.add_font("NotoSans", "", str(FONT))
    pdf.add_page()
    pdf.set_font("NotoSans", size=8)
    pdf.set_xy(10, 10)
    pdf.multi_cell(580, 10, CARRIER_CHARS + INVALID_NOTICE)
    return bytes(pdf.output())


def _parse_tounicode(cmap: bytes) -> dict[str, int]:
    cids: dict[str, int] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for cid, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            text = bytes.fromhex(uni.decode()).decode("utf-16-be")
            if int(cid, 16) and len(text) == 1:
                cids.setdefault(text, int(cid, 16))
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(uni, 16)
            for offset, cid in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                cids.setdefault(chr(first + offset), cid)
    return cids


def _parse_widths(w: list) -> dict[int, float]:
    widths: dict[int, float] = {}
    i = 0
    while i < len(w):
        first = int(w[i])
        if isinstance(w[i + 1], list):
            for n, value in enumerate(w[i + 1]):
                widths[first + n] = float(value)
            i += 2
        else:
            for cid in range(first, int(w[i + 1]) + 1):
                widths[cid] = float(w[i + 2])
            i += 3
    return widths


def _carrier_font(reader: PdfReader):
    """The Type0 font object of the carrier page and what :class:`Carrier` needs of it."""
    fonts = reader.pages[0]["/Resources"]["/Font"]
    ref = next(iter(fonts.values()))
    font = ref.get_object()
    descendant = font["/DescendantFonts"][0].get_object()
    widths = _parse_widths([[v for v in x] if isinstance(x, list) else x for x in descendant.get("/W", [])])
    cids = _parse_tounicode(font["/ToUnicode"].get_object().get_data())
    return ref, Carrier(cids=cids, widths=widths, default_width=float(descendant.get("/DW", 1000)))


# -- what is drawn ---------------------------------------------------------------------------
def _text(carrier: Carrier, text: str, size: float, matrix: tuple[float, ...]) -> str:
    m = " ".join(f"{v:.3f}" for v in matrix)
    return f"BT {FONT_NAME} {size:.2f} Tf {m} Tm <{carrier.encode(text)}> Tj ET\n"


def watermark_content(carrier: Carrier, stamp: Stamp, width: float, height: float) -> bytes:
    """The viewer's marks on a page of ``width`` × ``height`` points, as the slot's content: the
    name large, faint and at 35° across the middle, the footer on a light band at the foot (the
    same layout as documents/watermark.py)."""
    short = min(width, height)
    size = max(14.0, min(48.0, short / max(len(stamp.diagonal), 1) * 1.9))
    angle = math.radians(35)
    cos, sin = math.cos(angle), math.sin(angle)
    text_w = carrier.width(stamp.diagonal, size)
    # the baseline's start, so that the text's middle sits at the page's centre
    dx, dy = -text_w / 2, -size / 3
    x0 = width / 2 + dx * cos - dy * sin
    y0 = height / 2 + dx * sin + dy * cos
    foot = max(6.0, min(8.5, short / 70))
    band = foot * 1.9
    foot_w = carrier.width(stamp.footer, foot)
    foot_x = max(4.0, (width - foot_w) / 2)
    out = io.StringIO()
    out.write("q /PhA gs 0.471 0 0 rg\n")
    out.write(_text(carrier, stamp.diagonal, size, (cos, sin, -sin, cos, x0, y0)))
    out.write(f"Q q /PhB gs 1 1 1 rg 0 0 {width:.2f} {band:.2f} re f Q\n")
    out.write("q 0.353 0.353 0.353 rg\n")
    out.write(_text(carrier, stamp.footer, foot, (1, 0, 0, 1, foot_x, band / 2 - foot * 0.35)))
    out.write("Q\n")
    return out.getvalue().encode("ascii")


def _invalid_content(carrier: Carrier, width: float, height: float) -> bytes:
    size = max(8.0, min(14.0, width / 45))
    text_w = carrier.width(INVALID_NOTICE, size)
    return (
        f"q 1 1 1 rg 0 0 {width:.2f} {height:.2f} re f Q q 0.6 0 0 rg\n".encode()
        + _text(carrier, INVALID_NOTICE, size, (1, 0, 0, 1, max(4.0, (width - text_w) / 2), height / 2)).encode()
        + b"Q\n"
    )


def _resources(font_ref) -> DictionaryObject:
    gs = {
        NameObject("/PhA"): DictionaryObject({NameObject("/ca"): FloatObject(0.13)}),
        NameObject("/PhB"): DictionaryObject({NameObject("/ca"): FloatObject(0.75)}),
    }
    return DictionaryObject(
        {
            NameObject("/Font"): DictionaryObject({NameObject(FONT_NAME): font_ref}),
            NameObject("/ExtGState"): DictionaryObject(gs),
        }
    )


# -- once per version ------------------------------------------------------------------------
@dataclass(frozen=True)
class Manifest:
    """What writing a tail needs to know of a prepared base (kept next to it in the store)."""

    base_size: int
    startxref: int
    size: int  # the trailer's /Size
    root: int
    info: int | None
    slots: dict[int, tuple[float, float]]  # slot object number → (width, height)
    font: int
    carrier: Carrier
    pages: int

    def to_json(self) -> dict:
        return {
            "base_size": self.base_size,
            "startxref": self.startxref,
            "size": self.size,
            "root": self.root,
            "info": self.info,
            "slots": {str(k): list(v) for k, v in self.slots.items()},
            "font": self.font,
            "cids": self.carrier.cids,
            "widths": {str(k): v for k, v in self.carrier.widths.items()},
            "default_width": self.carrier.default_width,
            "pages": self.pages,
        }

    @classmethod
    def from_json(cls, data: dict) -> Manifest:
        carrier = Carrier(
            cids=dict(data["cids"]),
            widths={int(k): float(v) for k, v in data["widths"].items()},
            default_width=float(data["default_width"]),
        )
        return cls(
            base_size=int(data["base_size"]),
            startxref=int(data["startxref"]),
            size=int(data["size"]),
            root=int(data["root"]),
            info=data.get("info"),
            slots={int(k): (float(v[0]), float(v[1])) for k, v in data["slots"].items()},
            font=int(data["font"]),
            carrier=carrier,
            pages=int(data["pages"]),
        )


def _append_slot(writer: PdfWriter, page, slot_ref) -> None:
    """After the page's own content (kept in a saved graphics state), draw the slot at the page's
    lower-left corner."""
    box = page.mediabox
    before = DecodedStreamObject()
    before.set_data(b"q\n")
    after = DecodedStreamObject()
    after.set_data(f"\nQ q 1 0 0 1 {float(box.left):.3f} {float(box.bottom):.3f} cm {SLOT} Do Q\n".encode())
    contents = page.get("/Contents")
    parts = []
    if contents is not None:
        raw = page.raw_get("/Contents")
        parts = list(contents) if isinstance(contents, ArrayObject) else [raw]
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(before), *parts, writer._add_object(after)])
    resources = page.get("/Resources")
    resources = DictionaryObject() if resources is None else resources.get_object()
    # the page's own resources stay shared with other pages; the slot's name goes in a copy
    mine = DictionaryObject(resources)
    xobjects = DictionaryObject(mine.get("/XObject", DictionaryObject()).get_object())
    xobjects[NameObject(SLOT)] = slot_ref
    mine[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = mine


def prepare_base(source: BinaryIO, target: BinaryIO) -> Manifest:
    """Write the prepared base of ``source`` to ``target`` (see the module's docstring)."""
    source.seek(0)
    reader = PdfReader(source, strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    carrier_reader = PdfReader(io.BytesIO(_carrier_pdf()))
    carrier_font, carrier = _carrier_font(carrier_reader)
    font_ref = carrier_font.get_object().clone(writer).indirect_reference
    slots: dict[tuple[int, int], object] = {}
    sizes: dict[int, tuple[float, float]] = {}
    for page in writer.pages:
        if page.get("/Rotate"):
            page.transfer_rotation_to_content()
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        key = (round(width * 10), round(height * 10))
        if key not in slots:
            slot = DecodedStreamObject()
            slot.update(
                {
                    NameObject("/Type"): NameObject("/XObject"),
                    NameObject("/Subtype"): NameObject("/Form"),
                    NameObject("/BBox"): ArrayObject(
                        [NumberObject(0), NumberObject(0), FloatObject(width), FloatObject(height)]
                    ),
                    NameObject("/Resources"): _resources(font_ref),
                }
            )
            slot.set_data(_invalid_content(carrier, width, height))
            slots[key] = writer._add_object(slot.flate_encode())
            sizes[slots[key].idnum] = (width, height)
        _append_slot(writer, page, slots[key])
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})
    start = target.tell()
    writer.write(target)
    target.flush()
    end = target.tell()
    target.seek(max(start, end - 64))
    startxref = int(re.findall(rb"startxref\s+(\d+)", target.read())[-1])
    target.seek(start)
    info = writer._info.indirect_reference.idnum if writer._info is not None else None
    return Manifest(
        base_size=end - start,
        startxref=startxref,
        size=len(writer._objects) + 1,
        root=writer.root_object.indirect_reference.idnum,
        info=info,
        slots=sizes,
        font=font_ref.idnum,
        carrier=carrier,
        pages=len(writer.pages),
    )


# -- once per open ---------------------------------------------------------------------------
def make_tail(manifest: Manifest, stamp: Stamp) -> bytes:
    """The incremental update that turns the base's slots into ``stamp`` (raises
    :class:`CannotEncode` for a character outside the carrier font)."""
    out = io.BytesIO()
    out.write(b"\n")
    offsets: dict[int, int] = {}
    for number, (width, height) in sorted(manifest.slots.items()):
        data = zlib.compress(watermark_content(manifest.carrier, stamp, width, height), 6)
        offsets[number] = manifest.base_size + out.tell()
        out.write(
            f"{number} 0 obj\n<< /Type /XObject /Subtype /Form /BBox [0 0 {width:.3f} {height:.3f}] "
            f"/Resources << /Font << {FONT_NAME} {manifest.font} 0 R >> "
            "/ExtGState << /PhA << /ca 0.13 >> /PhB << /ca 0.75 >> >> >> "
            f"/Filter /FlateDecode /Length {len(data)} >>\nstream\n".encode()
        )
        out.write(data)
        out.write(b"\nendstream\nendobj\n")
    xref = manifest.base_size + out.tell()
    out.write(b"xref\n0 1\n0000000000 65535 f\r\n")
    for number, offset in sorted(offsets.items()):
        out.write(f"{number} 1\n{offset:010d} 00000 n\r\n".encode())
    info = f" /Info {manifest.info} 0 R" if manifest.info else ""
    out.write(
        f"trailer\n<< /Size {manifest.size} /Root {manifest.root} 0 R{info} /Prev {manifest.startxref} >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()
