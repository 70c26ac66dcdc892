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

import functools
import io
import math
import re
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pikepdf
from fpdf import FPDF
from pypdf import PdfReader

from documents.neutralise import neutralise_pdf
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


@functools.cache
def _carrier_pdf() -> bytes:
    """A page holding every character of CARRIER_CHARS in Noto Sans: its font is the carrier.
    Made once per process (fpdf2 subsetting ~1,000 glyphs is most of a preparation's CPU)."""
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
    id: list[str] | None = None  # the trailer's /ID, hex

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
            "id": self.id,
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
            id=data.get("id"),
        )


# The slot is drawn so that it stands upright as the page is shown: for a page turned by /Rotate,
# the matrix maps the slot's upright (shown) coordinates into the page's own space.
def _placement(rotate: int, x0: float, y0: float, w: float, h: float) -> tuple[tuple[float, ...], float, float]:
    if rotate == 90:
        return (0, 1, -1, 0, x0 + w, y0), h, w
    if rotate == 180:
        return (-1, 0, 0, -1, x0 + w, y0 + h), w, h
    if rotate == 270:
        return (0, -1, 1, 0, x0, y0 + h), h, w
    return (1, 0, 0, 1, x0, y0), w, h


def _slot(pdf, carrier: Carrier, font, width: float, height: float):
    slot = pdf.make_stream(_invalid_content(carrier, width, height))
    slot.Type = pikepdf.Name.XObject
    slot.Subtype = pikepdf.Name.Form
    slot.BBox = pikepdf.Array([0, 0, width, height])
    slot.Resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary({FONT_NAME: font}),
        ExtGState=pikepdf.Dictionary(PhA=pikepdf.Dictionary(ca=0.13), PhB=pikepdf.Dictionary(ca=0.75)),
    )
    return slot


def _page_one_streams(page, font) -> list:
    """The streams page 1 is drawn from — its contents, images, forms, fonts' files — and the
    carrier font's: named from the catalog (``/PhonghopFirstPage``), qpdf writes them right after
    the object streams, in the file's first range (see :func:`prepare_base`)."""
    found: dict[tuple[int, int], object] = {}
    todo = [page.obj.get("/Contents"), page.obj.get("/Resources"), font]
    while todo and len(found) < 500:
        obj = todo.pop()
        if obj is None or not isinstance(obj, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)):
            continue
        if obj.is_indirect:
            if obj.objgen in found:
                continue
            found[obj.objgen] = obj
        items = obj.items() if not isinstance(obj, pikepdf.Array) else enumerate(obj)
        todo.extend(value for key, value in items if key not in ("/Parent", "/P", "/Annots"))
    return [obj for obj in found.values() if isinstance(obj, pikepdf.Stream)]


def prepare_base(source: BinaryIO, target: BinaryIO) -> Manifest:
    """Write the prepared base of ``source`` to ``target`` (see the module's docstring).

    qpdf (pikepdf) copies the streams as they are and puts every dictionary — the page objects
    above all — into object streams: PDF.js, which reads every page object to check the page
    count, then fetches a few compact object streams instead of a chunk beside every page's image.
    The streams page 1 needs (its image, the carrier font) follow them, named from the catalog:
    PDF.js draws page 1 of a scanned pack from the first and the last 512 KB of the copy."""
    source.seek(0)
    carrier_bytes = _carrier_pdf()
    _ref, carrier = _carrier_font(PdfReader(io.BytesIO(carrier_bytes)))
    with pikepdf.open(source) as pdf, pikepdf.open(io.BytesIO(carrier_bytes)) as carrier_pdf:
        carrier_font = next(iter(carrier_pdf.pages[0].Resources.Font.values()))
        font = pdf.copy_foreign(carrier_font)
        neutralise_pdf(pdf)  # members' copies carry no active content (documents/neutralise.py)
        slots: dict[tuple[int, int], tuple[str, object]] = {}
        for page in pdf.pages:
            rotate = int(page.obj.get("/Rotate", 0)) % 360
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            matrix, width, height = _placement(rotate, min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0))
            key = (round(width * 10), round(height * 10))
            if key not in slots:
                slots[key] = (f"{SLOT}{len(slots)}", pdf.make_indirect(_slot(pdf, carrier, font, width, height)))
            name, slot = slots[key]
            page.add_resource(slot, pikepdf.Name.XObject, name=pikepdf.Name(name), replace_existing=True)
            page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
            cm = " ".join(f"{v:.3f}" for v in matrix)
            page.contents_add(pdf.make_stream(f"\nQ q {cm} cm {name} Do Q\n".encode()), prepend=False)
        if len(pdf.pages):
            pdf.Root.PhonghopFirstPage = pikepdf.Array(_page_one_streams(pdf.pages[0], font))
        start = target.tell()
        pdf.save(
            target,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            recompress_flate=False,
            compress_streams=True,
        )
    end = target.tell()
    target.seek(max(start, end - 64))
    startxref = int(re.findall(rb"startxref\s+(\d+)", target.read())[-1])
    target.seek(start)
    with pikepdf.open(target) as out:  # the numbers qpdf gave the objects as it wrote them
        sizes: dict[int, tuple[float, float]] = {}
        wanted = {name for name, _slot_ref in slots.values()}
        font_number = 0
        for page in out.pages:
            for name, ref in page.Resources.XObject.items():
                if name in wanted and ref.objgen[0] not in sizes:
                    box = [float(v) for v in ref.BBox]
                    sizes[ref.objgen[0]] = (box[2], box[3])
                    font_number = ref.Resources.Font[FONT_NAME].objgen[0]
            if len(sizes) == len(wanted):
                break
        trailer = out.trailer
        info = trailer.get("/Info")
        ids = [bytes(v).hex() for v in trailer.ID] if "/ID" in trailer else None
        manifest = Manifest(
            base_size=end - start,
            startxref=startxref,
            size=int(trailer.Size),
            root=trailer.Root.objgen[0],
            info=info.objgen[0] if info is not None and info.is_indirect else None,
            slots=sizes,
            font=font_number,
            carrier=carrier,
            pages=len(out.pages),
            id=ids,
        )
    target.seek(start)
    return manifest


# -- once per open ---------------------------------------------------------------------------
def make_tail(manifest: Manifest, stamp: Stamp) -> bytes:
    """The incremental update that turns the base's slots into ``stamp`` (raises
    :class:`CannotEncode` for a character outside the carrier font). The base's cross-reference is
    a stream, so the update's is one too (ISO 32000-1 §7.5.8), numbered ``/Size`` of the base."""
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
    xref_number = manifest.size
    offsets[xref_number] = manifest.base_size + out.tell()
    rows = b"".join(b"\x01" + offset.to_bytes(4, "big") + b"\x00\x00" for _n, offset in sorted(offsets.items()))
    index = " ".join(f"{n} 1" for n in sorted(offsets))
    info = f" /Info {manifest.info} 0 R" if manifest.info else ""
    ids = f" /ID [<{manifest.id[0]}> <{manifest.id[1]}>]" if manifest.id else ""
    out.write(
        f"{xref_number} 0 obj\n<< /Type /XRef /Size {xref_number + 1} /Root {manifest.root} 0 R{info}{ids} "
        f"/Prev {manifest.startxref} /W [1 4 2] /Index [{index}] /Length {len(rows)} >>\nstream\n".encode()
    )
    out.write(rows)
    out.write(f"\nendstream\nendobj\nstartxref\n{offsets[xref_number]}\n%%EOF\n".encode())
    return out.getvalue()
