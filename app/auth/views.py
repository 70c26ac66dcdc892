import time
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth.devices import remember_device, trusted_user_id
from app.auth.forms import LoginForm
from app.auth.services import authenticate
from app.extensions import db, limiter

auth_bp = Blueprint("auth", __name__, template_folder="../templates")


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def refused_message() -> str:
    """The one answer to every refused login: unknown login, disabled account, wrong password or a
    locked account read the same (docs/security.md, "Login")."""
    return _("Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa vài phút vì nhập sai nhiều lần.")


def _too_many_failures(limit):
    """Over the per-address limit of failed logins: the login page again, 429, nothing checked."""
    flash(_("Có quá nhiều lần đăng nhập không thành công từ địa chỉ này. Vui lòng thử lại sau ít phút."), "danger")
    response = current_app.make_response((render_template("auth/login.html", form=LoginForm()), 429))
    response.headers["Retry-After"] = str(max(1, limit.reset_at - int(time.time())))
    return response


@auth_bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"],
    methods=["POST"],
    deduct_when=lambda response: response.status_code == 401,
    on_breach=_too_many_failures,
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = authenticate(form.login.data, form.password.data, trusted_user_id=trusted_user_id())
        db.session.commit()  # the failure counter and the lock, or their reset
        if user is None:
            flash(refused_message(), "danger")
            status = 401
        else:
            login_user(user, remember=form.remember.data)
            flash(_("Xin chào %(name)s.", name=user.full_name), "success")
            response = redirect(_safe_next(request.args.get("next")) or url_for("core.home"))
            remember_device(response, user)
            return response
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@auth_bp.route("/logout", methods=["POST"])
@login_required
def logout():
    from app import audit

    audit.record("logout", target=current_user.login)
    db.session.commit()
    logout_user()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))
