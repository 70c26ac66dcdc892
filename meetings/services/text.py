"""Free-text fields: control characters removed (app/text.py), trimmed, required when asked, no
longer than their column."""

from __future__ import annotations

from app.errors import ValidationError
from app.text import clean_line, clean_multiline


def clean_text(value, *, max_len: int, too_long: str, required: str | None = None, multiline: bool = False) -> str:
    text = clean_multiline(value) if multiline else clean_line(value)
    if required and not text:
        raise ValidationError(required)
    if len(text) > max_len:
        raise ValidationError(too_long)
    return text
