"""What each audit action is called on the audit page (app/audit.py ACTIONS: "<area>.<verb>").
An action without a label here is shown by its code alone."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LABELS = {
    "login": _l("Đăng nhập"),
    "login.success": _l("Đăng nhập thành công"),
    "login.failed": _l("Đăng nhập sai"),
    "login.lockout": _l("Tạm khóa đăng nhập"),
    "login.refused_locked": _l("Từ chối đăng nhập (đang tạm khóa)"),
    "logout": _l("Đăng xuất"),
    "user": _l("Tài khoản"),
    "user.create": _l("Tạo tài khoản"),
    "user.update": _l("Sửa tài khoản"),
    "user.deactivate": _l("Khóa tài khoản"),
    "user.reactivate": _l("Mở lại tài khoản"),
    "user.password_reset": _l("Cấp lại mật khẩu"),
    "user.import": _l("Nhập danh sách tài khoản"),
    "password": _l("Mật khẩu"),
    "password.change": _l("Đổi mật khẩu"),
    "token": _l("Mã truy cập API"),
    "token.issue": _l("Cấp mã truy cập API"),
    "token.revoke": _l("Thu hồi mã truy cập API"),
    "document": _l("Tài liệu"),
    "document.open": _l("Mở tài liệu"),
    "document.download": _l("Tải tài liệu"),
    "document.upload": _l("Tải lên tài liệu"),
    "document.replace": _l("Thay tài liệu"),
    "document.export": _l("Xuất tài liệu trong hồ sơ"),
    "document.thumbnail": _l("Xem ảnh thu nhỏ tài liệu"),
    "meeting_file": _l("Tệp của cuộc họp"),
    "meeting_file.download": _l("Tải biên bản đã ký"),
    "meeting_file.export": _l("Xuất biên bản trong hồ sơ"),
    "minutes": _l("Biên bản"),
    "minutes.sign": _l("Ký biên bản"),
    "minutes.seal": _l("Đóng dấu biên bản"),
    "minutes.verify": _l("Kiểm tra chữ ký biên bản"),
}


def action_label(code: str) -> str:
    """The action's name in the reader's language, or its code when it has none."""
    label = LABELS.get(code)
    return str(label) if label is not None else code
