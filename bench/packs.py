"""Meeting packs for the bench and the range-loading tests: scanned-like pages, each its own image
(distinct noise with a page number, as a scanner's output compresses), so that no two pages share
bytes and the size of a pack is what a real 300-page scanned pack weighs."""

from __future__ import annotations

import io
import random
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw

A4 = (595.28, 841.89)


def _scan(page: int, side: int, seed: int) -> bytes:
    rng = random.Random(seed * 100_003 + page)
    width, height = side, int(side * 1.414)
    noise = Image.frombytes("L", (width, height), rng.randbytes(width * height)).point(lambda v: 200 + v // 5)
    draw = ImageDraw.Draw(noise)
    for line in range(8, height // 14):
        y = line * 12
        draw.line((30, y, 30 + rng.randint(width // 3, width - 60), y), fill=40, width=3)
    draw.text((30, 20), f"Trang {page}", fill=0)
    out = io.BytesIO()
    noise.save(out, "JPEG", quality=70)
    return out.getvalue()


def scanned_pack(path: Path, pages: int = 300, page_kb: int = 170, seed: int = 1) -> int:
    """Write a pack of ``pages`` pages of about ``page_kb`` KB each to ``path``; return its size."""
    side = max(120, int((page_kb * 1024 / 0.52) ** 0.5 / 1.19 * 1.4))
    pdf = FPDF(unit="pt", format=A4)
    pdf.set_auto_page_break(False)
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.image(io.BytesIO(_scan(page, side, seed)), x=0, y=0, w=A4[0], h=A4[1])
    pdf.output(str(path))
    return path.stat().st_size
