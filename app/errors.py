"""Application errors and the handlers that show them as HTML or JSON, in the user's language."""

from __future__ import annotations

import logging

from flask import jsonify, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class AppError(Exception):
    """An error a person can act on. ``message`` is shown to them; ``detail`` goes to the log."""

    status_code = 400
    message = _l("Yêu cầu không hợp lệ.")

    def __init__(self, message: str | None = None, *, detail: str | None = None, status_code: int | None = None):
        super().__init__(message or str(self.message))
        if message is not None:
            self.message = message
        if status_code is not None:
            self.status_code = status_code
        self.detail = detail

    def __str__(self) -> str:
        return str(self.message)


class ValidationError(AppError):
    status_code = 400


class PermissionDenied(AppError):
    status_code = 403
    message = _l("Bạn không có quyền thực hiện thao tác này.")


class NotFound(AppError):
    status_code = 404
    message = _l("Không tìm thấy nội dung yêu cầu.")


_HTTP_MESSAGES = {
    400: _l("Yêu cầu không hợp lệ."),
    401: _l("Bạn cần đăng nhập để tiếp tục."),
    403: _l("Bạn không có quyền truy cập nội dung này."),
    404: _l("Không tìm thấy trang hoặc nội dung yêu cầu."),
    405: _l("Phương thức không được hỗ trợ."),
    413: _l("Tệp tải lên vượt quá dung lượng cho phép."),
    429: _l("Quá nhiều yêu cầu; vui lòng thử lại sau."),
    500: _l("Đã xảy ra lỗi hệ thống. Quản trị viên đã được ghi nhận sự cố."),
    503: _l("Dịch vụ tạm thời không phản hồi."),
}


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def error_response(status: int, message: str, code: str | None = None):
    if wants_json():
        body = {"error": message, "status": status}
        if code:
            body["code"] = code
        return jsonify(body), status
    return render_template("errors/error.html", status=status, message=message, back_url=_form_page()), status


def _form_page() -> str | None:
    """The page whose form was refused (same site only), so the user can go back and correct it."""
    from urllib.parse import urlparse

    referrer = request.referrer
    if request.method != "POST" or not referrer:
        return None
    parsed = urlparse(referrer)
    if parsed.netloc != request.host or parsed.scheme not in ("http", "https"):
        return None
    return referrer


def _page_above_action() -> str | None:
    """The page an action URL belongs to (``/meetings/3/start`` → ``/meetings/3``): a refused
    button re-renders its page at the action's URL, and reloading or reopening that address is a
    GET the action does not answer. The nearest path above it that does is where the person was."""
    from flask import current_app
    from werkzeug.exceptions import HTTPException as Refused

    adapter = current_app.url_map.bind_to_environ(request.environ)
    parts = request.path.rstrip("/").split("/")
    while len(parts) > 2:
        parts.pop()
        candidate = "/".join(parts)
        try:
            adapter.match(candidate, method="GET")
        except Refused:
            continue
        return request.script_root + candidate
    return None


def register_error_handlers(app) -> None:
    @app.errorhandler(AppError)
    def handle_app_error(exc: AppError):
        if exc.status_code >= 500:
            log.error("%s: %s (%s)", type(exc).__name__, exc.message, exc.detail)
        else:
            log.info("%s: %s (%s)", type(exc).__name__, exc.message, exc.detail)
        return error_response(exc.status_code, str(exc.message), type(exc).__name__)

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException):
        if exc.response is not None:  # the answer was made already (the login page over its limit)
            return exc.response
        status = exc.code or 500
        if status == 500:  # Flask's own InternalServerError, e.g. when another handler failed
            log.error(
                "Internal server error on %s %s",
                request.method,
                request.path,
                exc_info=getattr(exc, "original_exception", None),
            )
            return server_error_response()
        if status == 405 and request.method in ("GET", "HEAD") and not wants_json():
            page = _page_above_action()
            if page:
                return redirect(page, 303)
        message = _HTTP_MESSAGES.get(status)
        if status == 413:
            from flask import current_app

            message = _("Tệp vượt quá dung lượng cho phép (%(mb)s MB).", mb=current_app.config.get("MAX_UPLOAD_MB"))
        if status == 400 and getattr(exc, "description", None) and "CSRF" in str(exc.description):
            message = _("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại.")
        return error_response(status, str(message or exc.name))

    @app.errorhandler(OverflowError)
    def handle_number_too_large(exc: OverflowError):
        """A number in a request larger than the database holds (an id of 10**21 in a JSON body):
        the request is wrong, not the server. SQLite's driver raises OverflowError; PostgreSQL's
        "integer out of range" arrives as sqlalchemy's DataError (below). Found by schemathesis."""
        return _bad_value(exc)

    import sqlalchemy.exc

    @app.errorhandler(sqlalchemy.exc.DataError)
    def handle_data_error(exc: sqlalchemy.exc.DataError):
        return _bad_value(exc)

    @app.errorhandler(sqlalchemy.exc.OperationalError)
    @app.errorhandler(sqlalchemy.exc.InterfaceError)
    def handle_database_unavailable(exc: sqlalchemy.exc.DBAPIError):
        return database_unavailable_response(exc)

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        log.exception("Unhandled error on %s %s", request.method, request.path)
        return server_error_response()


def _bad_value(exc: Exception):
    from app.extensions import db

    log.info("value out of range on %s %s: %s", request.method, request.path, exc)
    db.session.rollback()
    return error_response(400, _("Giá trị không hợp lệ (số quá lớn hoặc sai kiểu dữ liệu)."))


DATABASE_UNAVAILABLE = _l("Cơ sở dữ liệu tạm thời không phản hồi; vui lòng thử lại sau giây lát.")
RETRY_AFTER_SECONDS = 5


def database_unavailable_response(exc: Exception):
    """The database went away (restarted, unreachable): a clear 503 in the user's language, never a
    traceback. Nothing was committed by this request. The pool drops its dead connections
    (``pool_pre_ping`` and SQLAlchemy's invalidation on a disconnect), so the next request after
    the database is back succeeds without restarting the app (docs/reliability.md, "Processes").

    Answering must not read the database again: the signed-in user may be the very read that
    failed, so the page is drawn for an anonymous visitor, and plainly if even that fails."""
    from flask import current_app, g

    from app.extensions import db

    log.warning("database unavailable on %s %s: %s", request.method, request.path, exc.__class__.__name__)
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection is gone; the pool replaces it
        log.debug("rollback after losing the database failed", exc_info=True)
    g._login_user = current_app.login_manager.anonymous_user()  # not loaded from the database again
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    message = str(DATABASE_UNAVAILABLE)
    try:
        body, status = error_response(503, message, "DatabaseUnavailable")
    except Exception:  # noqa: BLE001 - the page's own parts read the database: answer plainly
        log.debug("the 503 page could not be drawn", exc_info=True)
        if wants_json():
            return jsonify({"error": message, "status": 503, "code": "DatabaseUnavailable"}), 503, headers
        return message, 503, {**headers, "Content-Type": "text/plain; charset=utf-8"}
    return body, status, headers


def server_error_response():
    """The answer to an unexpected error: JSON on ``/api/`` (and to JSON clients), a page otherwise.

    The failed database transaction is rolled back first: answering may read the database again
    (the user's language, the page's menu), and a session left in a failed flush would raise once
    more inside the handler — which Flask would answer with its own HTML page, even on the API."""
    from app.extensions import db

    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection itself may be gone; answering matters more
        log.exception("rolling back after an unhandled error failed")
    try:
        return error_response(500, str(_HTTP_MESSAGES[500]))
    except Exception:  # noqa: BLE001 - the page itself failed: answer plainly, never with Flask's HTML
        log.exception("the error page for %s %s failed", request.method, request.path)
        message = "Đã xảy ra lỗi hệ thống. Quản trị viên đã được ghi nhận sự cố."
        if request.path.startswith("/api/") or wants_json():
            return jsonify({"error": message, "status": 500}), 500
        return message, 500, {"Content-Type": "text/plain; charset=utf-8"}
