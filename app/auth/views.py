from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth.forms import LoginForm
from app.auth.services import AccountLocked, authenticate
from app.extensions import db

auth_bp = Blueprint("auth", __name__, template_folder="../templates")


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@auth_bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = authenticate(form.login.data, form.password.data)
        except AccountLocked as exc:
            user = None
            flash(str(exc.message), "danger")
            status = exc.status_code
        else:
            if user is None:
                flash(_("Tên đăng nhập hoặc mật khẩu không đúng."), "danger")
                status = 401
        db.session.commit()  # failure counters and lockout, or their reset
        if user is not None:
            login_user(user, remember=form.remember.data)
            flash(_("Xin chào %(name)s.", name=user.full_name), "success")
            return redirect(_safe_next(request.args.get("next")) or url_for("core.home"))
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@auth_bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))
