"""Reading the user-import CSV into rows (no database here): UTF-8 with or without BOM, comma,
semicolon or tab, a header naming the columns in Vietnamese (with or without diacritics) or
English. Kept apart from the import's plan (app/auth/user_import.py) so that more columns — the
bodies' "cơ quan" — are added here and wired there."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field

from flask_babel import gettext as _

from app.errors import ValidationError

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000


def fold(text: str) -> str:
    """Lower case without diacritics ("Họ tên" → "ho ten"), spaces collapsed."""
    text = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().replace("_", " ").split())


# folded header → field
HEADERS = {
    "ho ten": "full_name",
    "ho va ten": "full_name",
    "full name": "full_name",
    "name": "full_name",
    "email/ten dang nhap": "identity",
    "email / ten dang nhap": "identity",
    "email": "identity",
    "e-mail": "identity",
    "ten dang nhap": "identity",
    "login": "identity",
    "don vi": "unit",
    "unit": "unit",
    "vai tro": "role",
    "role": "role",
    "chuc vu": "position",
    "position": "position",
    "co quan": "body",  # a body's exact name (app.models.Body): with "chức danh", a standing membership
    "body": "body",
    "chuc danh": "office",  # the office in that body: Chủ tịch, Phó Chủ tịch, Ủy viên
    "chuc danh trong co quan": "office",
    "office": "office",
}
REQUIRED = ("full_name", "identity")

# folded role names → SystemRole value
ROLES = {
    "thanh vien": "member",
    "member": "member",
    "van phong": "secretariat",
    "thu ky": "secretariat",
    "van phong (thu ky)": "secretariat",
    "secretariat": "secretariat",
    "van thu": "archivist",
    "luu tru": "archivist",
    "van thu - luu tru": "archivist",
    "van thu – luu tru": "archivist",
    "archivist": "archivist",
    "quan tri": "admin",
    "quan tri he thong": "admin",
    "admin": "admin",
}


# folded office names → BodyOffice value
OFFICES = {
    "chu tich": "chairman",
    "chairman": "chairman",
    "pho chu tich": "vice_chairman",
    "vice chairman": "vice_chairman",
    "uy vien": "member",
    "thanh vien": "member",
    "member": "member",
}


@dataclass
class CsvRow:
    line: int  # the line number in the file (the header is line 1)
    values: dict[str, str] = field(default_factory=dict)  # field → text as written


def read_rows(data: bytes) -> list[CsvRow]:
    if not data or not data.strip():
        raise ValidationError(_("Tệp CSV trống."))
    if len(data) > MAX_BYTES:
        raise ValidationError(_("Tệp CSV quá lớn (tối đa 2 MB)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("Tệp không phải UTF-8. Hãy lưu lại dưới dạng «CSV UTF-8».")) from None
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise ValidationError(_("Tệp CSV không đọc được.")) from None
    columns = []
    for name in header:
        key = HEADERS.get(fold(name))
        if key is None and fold(name):
            raise ValidationError(_("Cột không được hỗ trợ: «%(name)s».", name=name.strip()))
        columns.append(key)
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        raise ValidationError(_("Thiếu cột bắt buộc: họ tên và email/tên đăng nhập."))
    rows = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise ValidationError(_("Tệp có quá nhiều dòng (tối đa %(n)s).", n=MAX_ROWS))
            row = CsvRow(line=reader.line_num)
            for key, value in zip(columns, values, strict=False):
                if key:
                    row.values[key] = value.strip()
            rows.append(row)
    except csv.Error as exc:
        raise ValidationError(_("Tệp CSV hỏng ở dòng %(n)s.", n=reader.line_num)) from exc
    return rows


def role_value(text: str) -> str | None:
    """The SystemRole value a cell names; "" when empty; None when unknown."""
    folded = fold(text)
    if not folded:
        return ""
    return ROLES.get(folded)


def office_value(text: str) -> str | None:
    """The BodyOffice value a cell names ("Phó Chủ tịch", "pho chu tich"); "" when empty; None when unknown."""
    folded = fold(text).replace("-", " ")
    if not folded:
        return ""
    return OFFICES.get(" ".join(folded.split()))
