"""Free-text fields: trimmed, required when asked, no longer than their column."""
from __future__ import annotations

from flask_babel import gettext as _

from app.errors import ValidationError


def clean_text(value, *, max_len: int, too_long: str, required: str | None = None) -> str:
    if value is not None and not isinstance(value, str):
        raise ValidationError(_("Giá trị phải là chuỗi ký tự."))
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(required)
    if len(text) > max_len:
        raise ValidationError(too_long)
    return text
