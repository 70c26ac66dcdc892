"""Users, login/logout, API tokens. ``register_auth`` wires Flask-Login to the app."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.extensions import db, login_manager


def register_auth(app) -> None:
    from app.auth.services import user_from_bearer
    from app.auth.views import auth_bp
    from app.models import User

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        try:
            return db.session.get(User, int(user_id))
        except (TypeError, ValueError):
            return None

    @login_manager.request_loader
    def load_user_from_request(request):
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            return user_from_bearer(header[len("Bearer ") :].strip())
        return None

    @login_manager.unauthorized_handler
    def unauthorized():
        from flask import flash, redirect, request, url_for

        from app.errors import error_response, wants_json

        if wants_json():
            return error_response(401, str(_l("Bạn cần đăng nhập hoặc gửi mã truy cập (Bearer token) hợp lệ.")))
        flash(str(login_manager.login_message), "warning")
        return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))

    app.register_blueprint(auth_bp)
