"""Validation of annotation payloads (shared by the socket and HTTP paths through the live services).

Coordinates are normalised to the page: x and y run from 0 to 1 across its width and height, so a
mark lands in the same place on every screen. Values are rounded to 1/10,000 of the page."""

from __future__ import annotations

import json
import math
import re
import uuid

from flask_babel import gettext as _

from app.errors import ValidationError
from app.text import clean_multiline

MAX_POINTS = 5000
MAX_RECTS = 100
MAX_NOTE_CHARS = 2000
MAX_DATA_BYTES = 64 * 1024
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_COLORS = {"ink": "#d32f2f", "highlight": "#ffeb3b", "note": "#fff59d"}


def _bad(message: str | None = None) -> ValidationError:
    return ValidationError(message or _("Dữ liệu nét vẽ không hợp lệ."))


def annotation_id(value) -> str:
    """A client-generated UUID in canonical lower-case form (what ``crypto.randomUUID()`` gives),
    so that the id echoed in events is exactly the client's."""
    if not isinstance(value, str) or len(value) != 36:
        raise _bad(_("Mã nét vẽ (id) phải là một UUID."))
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        raise _bad(_("Mã nét vẽ (id) phải là một UUID.")) from None
    if str(parsed) != value:
        raise _bad(_("Mã nét vẽ (id) phải là một UUID."))
    return value


def positive_int(value, message: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _bad(message)
    return value


def number(value, low: float, high: float) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise _bad()
    if not low <= value <= high:
        raise _bad(_("Tọa độ phải nằm trong trang (từ 0 đến 1)."))
    return round(float(value), 4)


def _color(data: dict, kind: str) -> str:
    color = data.get("color", DEFAULT_COLORS[kind])
    if not isinstance(color, str) or not COLOR.match(color):
        raise _bad(_("Màu phải có dạng #RRGGBB."))
    return color.lower()


def _only(data: dict, allowed: set[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise _bad(_("Trường không được hỗ trợ: %(names)s.", names=", ".join(sorted(map(str, unknown)))))


def _ink(data: dict) -> dict:
    _only(data, {"points", "color", "width"})
    points = data.get("points")
    if not isinstance(points, list) or not 1 <= len(points) <= MAX_POINTS:
        raise _bad(_("Nét vẽ cần từ 1 đến %(n)s điểm.", n=MAX_POINTS))
    clean = []
    for point in points:
        if not isinstance(point, list) or len(point) not in (2, 3):
            raise _bad()
        clean.append([number(v, 0.0, 1.0) for v in point])  # x, y[, pressure]
    return {"points": clean, "color": _color(data, "ink"), "width": number(data.get("width", 0.004), 0.0005, 0.05)}


def _highlight(data: dict) -> dict:
    _only(data, {"rects", "color"})
    rects = data.get("rects")
    if not isinstance(rects, list) or not 1 <= len(rects) <= MAX_RECTS:
        raise _bad(_("Đánh dấu cần từ 1 đến %(n)s vùng.", n=MAX_RECTS))
    clean = []
    for rect in rects:
        if not isinstance(rect, list) or len(rect) != 4:
            raise _bad()
        x, y, w, h = (number(v, 0.0, 1.0) for v in rect)
        if x + w > 1.0001 or y + h > 1.0001:
            raise _bad(_("Tọa độ phải nằm trong trang (từ 0 đến 1)."))
        clean.append([x, y, w, h])
    return {"rects": clean, "color": _color(data, "highlight")}


def _note(data: dict) -> dict:
    _only(data, {"x", "y", "text", "color"})
    text = data.get("text")
    text = clean_multiline(text) if isinstance(text, str) else None
    if not text:
        raise _bad(_("Ghi chú không được để trống."))
    if len(text) > MAX_NOTE_CHARS:
        raise _bad(_("Ghi chú dài tối đa %(n)s ký tự.", n=MAX_NOTE_CHARS))
    return {
        "x": number(data.get("x"), 0.0, 1.0),
        "y": number(data.get("y"), 0.0, 1.0),
        "text": text,
        "color": _color(data, "note"),
    }


_KINDS = {"ink": _ink, "highlight": _highlight, "note": _note}


def annotation_data(kind: str, data) -> dict:
    if not isinstance(data, dict):
        raise _bad()
    clean = _KINDS[kind](data)
    if len(json.dumps(clean, separators=(",", ":"))) > MAX_DATA_BYTES:
        raise _bad(_("Nét vẽ quá lớn (tối đa %(kb)s KB).", kb=MAX_DATA_BYTES // 1024))
    return clean


def choice(value, allowed: tuple[str, ...], message: str) -> str:
    if value not in allowed:
        raise _bad(message)
    return value
