"""The visible signature ("Ký bởi / Chức vụ / Thời gian") laid out to fit its box.

pyHanko draws a stamp's text at its natural size and shrinks it to the box when too wide, so a
long title ("Thư ký – Chuyên viên Văn phòng HĐND và UBND huyện") used to come out tiny (and
pyHanko logged "Content box width … too wide"). Here the lines are wrapped at word boundaries
with Noto Sans' real advance widths, at the largest size from :data:`SIZES` that fits the box
inside :data:`PADDING`, so pyHanko never has to scale: every stamp of a normal box has the same,
readable size and its text keeps clear of the border.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SIZES = (10, 9, 8, 7, 6)  # pt: the first that fits wins
LINE_SPACING = 1.3  # leading / font size (pyHanko writes both as integers)
PADDING = (8, 6)  # pt kept free inside the border: left/right, top/bottom
SLACK = 0.97  # measured without kerning: keep a little room


@dataclass(frozen=True)
class StampLayout:
    size: int
    leading: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@lru_cache(maxsize=4)
def _metrics(font: str) -> tuple[dict[int, str], dict[str, tuple[int, int]], int]:
    from fontTools.ttLib import TTFont

    tt = TTFont(font, lazy=True)
    return tt.getBestCmap(), dict(tt["hmtx"].metrics), tt["head"].unitsPerEm


def text_width(font: Path | str, text: str, size: float) -> float:
    """Width in points of ``text`` set in ``font`` at ``size``."""
    cmap, hmtx, units = _metrics(str(font))
    fallback = hmtx.get(".notdef", (units // 2, 0))[0]
    return sum(hmtx.get(cmap.get(ord(ch), ".notdef"), (fallback, 0))[0] for ch in text) * size / units


def _wrap(font, text: str, size: int, width: float) -> list[str]:
    """Greedy word wrap; a word longer than a line is cut where it must be."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(font, candidate, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while text_width(font, line, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and text_width(font, line[:cut], size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    return lines


def _labelled(font, label: str, value: str, size: int, width: float) -> list[str]:
    """ "Label: value" on one line when it fits, else the label alone and the value wrapped below it."""
    one = f"{label} {value}".strip()
    if text_width(font, one, size) <= width:
        return [one]
    return [label, *_wrap(font, value, size, width)]


def layout_stamp(font: Path | str, signer: str, title: str, when: str, box: tuple[float, float]) -> StampLayout:
    """The stamp's lines and size for a box of ``box`` = (width, height) points."""
    width = (box[0] - 2 * PADDING[0]) * SLACK
    height = box[1] - 2 * PADDING[1]
    layout = None
    for size in SIZES:
        leading = round(size * LINE_SPACING)
        lines = [*_labelled(font, "Ký bởi:", signer, size, width)]
        if title:
            lines += _labelled(font, "Chức vụ:", title, size, width)
        lines += _labelled(font, "Thời gian:", when, size, width)
        layout = StampLayout(size, leading, tuple(lines))
        if len(lines) * leading <= height:
            break
    return layout


def stamp_style(font: Path | str, layout: StampLayout):
    """A pyHanko text stamp for ``layout``: left-aligned, centred vertically, inside the padding.
    The text itself is passed as the stamp parameter ``text``."""
    from pyhanko.pdf_utils.layout import AxisAlignment, InnerScaling, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    flush = SimpleBoxLayoutRule(
        x_align=AxisAlignment.ALIGN_MIN,
        y_align=AxisAlignment.ALIGN_MIN,
        margins=Margins(),
        inner_content_scaling=InnerScaling.NO_SCALING,
    )
    return TextStampStyle(
        stamp_text="%(text)s",
        text_box_style=TextBoxStyle(
            font=_lean_font_factory()(str(font), font_size=layout.size),
            font_size=layout.size,
            leading=layout.leading,
            box_layout_rule=flush,
        ),
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN,
            y_align=AxisAlignment.ALIGN_MID,
            margins=Margins(left=PADDING[0], right=PADDING[0], top=PADDING[1], bottom=PADDING[1]),
            inner_content_scaling=InnerScaling.SHRINK_TO_FIT,
        ),
        border_width=1,
    )


LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF")


@lru_cache(maxsize=1)
def _lean_font_factory():
    """pyHanko's ``GlyphAccumulatorFactory``, whose font engine forgets the layout tables of its
    fontTools copy of the font before embedding the subset.

    pyHanko shapes the stamp's text with HarfBuzz (its own copy of the font, layout tables and all),
    then embeds a subset of the glyphs made by fontTools with ``GSUB``, ``GPOS`` and ``GDEF`` in the
    subsetter's ``drop_tables`` — yet fontTools 4.6x decompiles those tables before dropping them
    (``_compact_layout_tables``): ~40 % of a signature's CPU with the stamp font (cProfile, issue 11).
    Removing them from the fontTools copy first gives the same embedded font (the tables were going
    to be dropped; pyHanko subsets without layout closure), so the same stamp."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

    class LeanGlyphAccumulatorFactory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer, obj_stream=None):
            engine = super().create_font_engine(writer, obj_stream)
            original = engine._extract_subset

            def extract_subset(options=None):
                if options is None:  # pyHanko's default options, which drop the layout tables
                    for tag in LAYOUT_TABLES:
                        if tag in engine.tt:
                            del engine.tt[tag]
                return original(options)

            engine._extract_subset = extract_subset
            return engine

    return LeanGlyphAccumulatorFactory
