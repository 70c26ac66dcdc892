"""A running line width for fpdf2's line breaker (issue 11, "Signing minutes").

fpdf2 2.8's ``MultiLineBreak`` asks ``CurrentLine.width`` after every character it adds, and that
property re-measures every character of the line from the start: wrapping a line of n characters
costs n²/2 glyph-width lookups. For 30 pages of minutes that was ~70 % of the render's CPU
(pyinstrument: ``CurrentLine.width`` → ``Fragment.get_width`` → ``TTFFont.get_text_width``).

:func:`install` replaces the property with one that keeps, per fragment, the sum of the glyph
widths measured so far and adds only the characters appended since. It gives the same number as
fpdf2's own code — the same integer glyph widths summed in the same order, then the same scaling —
so the PDF bytes are identical (tests/documents/test_fpdf_linebreak.py compares them). Anything
the fast path does not cover (core fonts, symbol fonts, text shaping, stretching, character
spacing, a fragment whose characters were replaced or shortened) is measured by fpdf2 itself.
"""

from __future__ import annotations

from fpdf.line_break import HYPHEN, SOFT_HYPHEN, CurrentLine, Fragment

_ORIGINAL_WIDTH = CurrentLine.width
_ORIGINAL_CHAR_WIDTH = Fragment.get_character_width
_META = "_phonghop_metrics"  # (font size in pt, k, glyph widths, font), or False: not the fast path
_SUM = "_phonghop_width_sum"  # (the characters list measured, how many of them, their glyph-width sum)


def _metrics(fragment):
    """What measuring ``fragment`` needs, read once (a fragment's style does not change), or False
    when fpdf2 must measure it itself."""
    meta = fragment.__dict__.get(_META)
    if meta is None:
        font = fragment.font
        fast = (
            getattr(font, "type", None) == "TTF"
            and getattr(font, "is_symbol", True) is False
            and not fragment.text_shaping_parameters
            and fragment.font_stretching == 100
            and fragment.char_spacing == 0
        )
        meta = (fragment.font_size_pt, fragment.k, font.cw, font) if fast else False
        fragment.__dict__[_META] = meta
    return meta


def _fragment_width(fragment, initial_cs: bool) -> float:
    meta = _metrics(fragment) if type(fragment) is Fragment else False
    if not meta:
        return fragment.get_width(initial_cs=initial_cs)
    size, k, cw, font = meta
    chars = fragment.characters
    cached = fragment.__dict__.get(_SUM)
    if cached is not None and cached[0] is chars and cached[1] <= len(chars):
        _chars, count, total = cached
    else:
        count, total = 0, 0
    for c in chars[count:]:
        total += cw[ord(c)]
    fragment.__dict__[_SUM] = (chars, len(chars), total)
    if size > font.biggest_size_pt:  # what TTFFont.get_text_width records as it measures
        font.biggest_size_pt = size
    return total * size * 0.001 / k  # fpdf2's own arithmetic, in its order


def _width(self) -> float:
    width: float = 0
    for i, fragment in enumerate(self.fragments):
        width += _fragment_width(fragment, i > 0)
    return width


def _character_width(self, character: str, print_sh: bool = False, initial_cs: bool = True) -> float:
    meta = _metrics(self)
    if not meta:
        return _ORIGINAL_CHAR_WIDTH(self, character, print_sh, initial_cs)
    if character == SOFT_HYPHEN and not print_sh:
        character = HYPHEN
    size, k, cw, font = meta
    if size > font.biggest_size_pt:
        font.biggest_size_pt = size
    return cw[ord(character)] * size * 0.001 / k


KNOWN_SERIES = "2.8."  # the fpdf2 whose internals this follows; another keeps fpdf2's own width


def install() -> bool:
    """Use the running width (idempotent); ``False`` (nothing changed) on an fpdf2 this was not
    written against — slower then, never wrong."""
    from importlib.metadata import version

    if not version("fpdf2").startswith(KNOWN_SERIES):
        return False
    CurrentLine.width = property(_width)
    Fragment.get_character_width = _character_width
    return True


def uninstall() -> None:
    """fpdf2's own width (for the comparison test)."""
    CurrentLine.width = _ORIGINAL_WIDTH
    Fragment.get_character_width = _ORIGINAL_CHAR_WIDTH
