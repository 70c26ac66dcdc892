"""Text typed or sent by people, made safe to store: the one place that removes control characters.

A NUL byte in a file name or a title is refused by PostgreSQL ("text fields cannot contain NUL"),
and the other C0/C1 controls and lone surrogates (which JSON can carry as ``\\ud800``) either break
the database's encoding or turn up invisibly in pages, PDFs and the archive. Every service that
stores a name, title or free text passes it through :func:`clean_line` (one line: titles, names,
file names, places) or :func:`clean_multiline` (text with paragraphs: descriptions, conclusions,
notes), so the web forms, the JSON API, sockets and the CLI are treated alike. The characters are
removed, not refused: what is left is what the person meant (a title made only of them becomes
empty, and the field's own "required" message answers).
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

from app.errors import ValidationError

# C0 controls except TAB/LF/CR, DEL, C1 controls, and UTF-16 surrogates (never valid alone in text)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\t\r\n\u2028\u2029]+")


def strip_controls(text: str) -> str:
    """``text`` without control characters and surrogates; tabs and line breaks are kept."""
    return _CONTROLS.sub("", text)


def _text(value) -> str:
    if value is not None and not isinstance(value, str):  # JSON may send a number, a list…
        raise ValidationError(_("Giá trị phải là chuỗi ký tự."))
    return value or ""


def clean_line(value: str | None) -> str:
    """A single-line value: controls removed, tabs and line breaks become one space, trimmed."""
    value = _text(value)
    return _LINE_BREAKS.sub(" ", strip_controls(value)).strip()


def clean_multiline(value: str | None) -> str:
    """Text with paragraphs: controls removed, line endings made ``\\n``, trimmed."""
    text = strip_controls(_text(value)).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u2028", "\n").replace("\u2029", "\n").strip()
