"""Meeting times are entered in Vietnam time (Asia/Ho_Chi_Minh) and stored in UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from app.errors import ValidationError

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def as_local(value: datetime) -> datetime:
    """A naive datetime is a wall-clock time in Vietnam; an aware one is kept. Returned in UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=LOCAL_TZ)
    return value.astimezone(UTC)


def parse_local(text: str | None, label: str) -> datetime | None:
    """Parse ``2026-12-01T07:30`` (Vietnam time) or ISO 8601 with an offset; ``None`` if empty."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return as_local(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        raise ValidationError(
            _("%(label)s không đúng định dạng ngày giờ (ví dụ 2026-12-01T07:30).", label=label)
        ) from None


def local_input_value(value: datetime | None) -> str:
    """The value for an ``<input type=datetime-local>`` in Vietnam time."""
    return value.astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M") if value else ""
