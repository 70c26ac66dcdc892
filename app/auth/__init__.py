"""Users, login/logout, API tokens. ``register_auth`` wires Flask-Login to the app."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.extensions import db, login_manager
from app.models.base import utcnow


def register_auth(app) -> None:
    from app.auth.services import user_from_bearer
    from app.auth.views import auth_bp
    from app.models import ApiToken, User

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        """The session's "<id>.<version>" (User.get_id): a session of a deactivated account, or one
        signed in before the password was changed or reset, no longer finds its user."""
        number, _, version = str(user_id).partition(".")
        try:
            user = db.session.get(User, int(number))
            version = int(version or 0)
        except (TypeError, ValueError):
            return None
        if user is None or not user.is_active or version != (user.session_version or 0):
            return None
        return user

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
    from app.auth.account_views import account_bp, password_change_gate

    app.register_blueprint(account_bp)
    from app.auth.admin_api import users_api_bp
    from app.auth.admin_views import users_admin_bp

    app.register_blueprint(users_admin_bp)
    app.register_blueprint(users_api_bp)
    app.before_request(password_change_gate)

    @app.after_request
    def _commit_token_use(response):
        """A bearer token's last use (app/auth/services.py, note_token_use) is kept even when the
        request itself wrote nothing; a refused request keeps nothing."""
        token_id = db.session.info.pop("phonghop.token_used", None)
        if token_id and response.status_code < 400:
            try:
                db.session.execute(sa.update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=utcnow()))
                db.session.commit()
            except Exception:  # the answer is ready: the last-use time is not worth an error
                db.session.rollback()
        return response
