"""Text typed or sent by people, made safe to store: the one place where names, titles and free
text are normalised (issue 12: hostile names and titles).

A NUL byte in a file name or a title is refused by PostgreSQL ("text fields cannot contain NUL"),
and the other C0/C1 controls and lone surrogates (which JSON can carry as ``\\ud800``) either break
the database's encoding or turn up invisibly in pages, PDFs and the archive. Every service that
stores a name, title or free text passes it through :func:`clean_line` (one line: titles, names,
file names, places) or :func:`clean_multiline` (text with paragraphs: descriptions, conclusions,
notes), so the web forms, the JSON API, the CSV import, sockets and the CLI are treated alike.

The rule, in this order:

1. C0 controls (but tab and line breaks), DEL, C1 controls and surrogates are removed;
2. the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are
   removed: "Báo cáo \\u202egnp.exe" would otherwise show as "Báo cáo exe.png" in a page, a PDF or
   an e-mail client — the text is stored as it reads in memory, "Báo cáo gnp.exe";
3. invisible characters that have no use in Vietnamese text (zero-width space U+200B, word joiner
   U+2060, the byte-order mark U+FEFF, U+180E) are removed; the joiners U+200C/U+200D (needed
   inside emoji and some scripts), the direction marks U+200E/U+200F/U+061C and the soft hyphen
   are kept between visible characters and dropped at the ends;
4. Unicode NFC (Vietnamese typed with combining marks — "Ho\\u0323p" — becomes the precomposed
   "Họp" that search, sorting and the unique body names compare);
5. one line: tabs and line breaks become one space (no CR/LF can reach an e-mail header or a
   calendar property); several lines: line endings become ``\\n``;
6. trimmed.

The characters are removed, not refused: what is left is what the person meant. A value made only
of them (a NUL, zero-width spaces, spaces) becomes empty, and the field's own "required" message
answers (a 400 "Vui lòng nhập …"); each field's length limit is checked after cleaning
(``meetings.services.text.clean_text``, and the services that check their own).
"""

from __future__ import annotations

import re
import unicodedata

from flask_babel import gettext as _

from app.errors import ValidationError

# C0 controls except TAB/LF/CR, DEL, C1 controls, and UTF-16 surrogates (never valid alone in text)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# bidi embeddings and overrides (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI)
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_REMOVED = re.compile(f"[{BIDI_CONTROLS}\u200b\u2060\ufeff\u180e]")
# invisible at the ends of a value: joiners, direction marks, the soft hyphen — and whitespace
_EDGES = "\u200c\u200d\u200e\u200f\u061c\u00ad"
_LINE_BREAKS = re.compile(r"[\t\r\n\u2028\u2029\x85]+")


def strip_controls(text: str) -> str:
    """``text`` without control characters and surrogates; tabs and line breaks are kept."""
    return _CONTROLS.sub("", text)


def _text(value) -> str:
    if value is not None and not isinstance(value, str):  # JSON may send a number, a list…
        raise ValidationError(_("Giá trị phải là chuỗi ký tự."))
    return value or ""


def _normal(text: str) -> str:
    """Steps 1–4 of the rule; U+0085 (NEXT LINE) is a C1 control and goes with them."""
    return unicodedata.normalize("NFC", _REMOVED.sub("", strip_controls(text)))


def _trim(text: str) -> str:
    text = text.strip()
    while text and (text[0] in _EDGES or text[-1] in _EDGES):
        text = text.strip(_EDGES).strip()
    return text


def clean_line(value: str | None) -> str:
    """A single-line value: the rule above; tabs and line breaks become one space, trimmed."""
    value = _text(value)
    return _trim(_LINE_BREAKS.sub(" ", _normal(value.replace("\x85", "\n"))))


def clean_multiline(value: str | None) -> str:
    """Text with paragraphs: the rule above; line endings made ``\\n``, trimmed."""
    text = _normal(_text(value).replace("\r\n", "\n").replace("\r", "\n").replace("\x85", "\n"))
    return _trim(text.replace("\u2028", "\n").replace("\u2029", "\n"))
