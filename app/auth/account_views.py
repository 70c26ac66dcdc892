"""'Tài khoản của tôi' (/account): one's password, language and API tokens; and the gate that
sends an account with a temporary password to the change form before anything else."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from app.auth.account import TOKEN_DAYS, change_own_password, issue_api_token, list_tokens, revoke_api_token
from app.auth.account import set_own_language as _set_language
from app.errors import AppError, error_response, wants_json
from app.extensions import db

account_bp = Blueprint("account", __name__, template_folder="../templates")

# What an account with a temporary password may still reach.
_GATE_OPEN = {"account.password", "auth.logout", "auth.login", "static", "core.favicon", "core.healthz", "api.openapi"}


def password_change_gate():
    """``before_request``: until the temporary password is changed every page leads to the
    change form and the API answers 403 JSON."""
    if not getattr(current_user, "is_authenticated", False) or not current_user.must_change_password:
        return None
    if request.endpoint in _GATE_OPEN:
        return None
    message = _("Bạn cần đổi mật khẩu tạm thời trước khi tiếp tục sử dụng hệ thống.")
    if wants_json():
        return error_response(403, message, code="password_change_required")
    flash(message, "warning")
    return redirect(url_for("account.password"))


def _page(status=200, new_token=None):
    return (
        render_template(
            "account/account.html", tokens=list_tokens(current_user, current_user), days=TOKEN_DAYS, new_token=new_token
        ),
        status,
    )


def _int_form(name: str) -> int | None:
    try:
        return int(request.form.get(name, ""))
    except ValueError:
        return None


@account_bp.get("/account")
@login_required
def page():
    return _page()


@account_bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    if request.method == "GET":
        return render_template("account/password.html")
    try:
        change_own_password(
            current_user,
            request.form.get("current_password", ""),
            request.form.get("new_password", ""),
            request.form.get("confirm_password", ""),
        )
        db.session.commit()
    except AppError as exc:
        db.session.rollback()
        flash(str(exc.message), "danger")
        return render_template("account/password.html"), exc.status_code
    login_user(current_user._get_current_object())  # this session goes on with the new version
    flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc."), "success")
    return redirect(url_for("account.page"))


@account_bp.post("/account/language")
@login_required
def language():
    try:
        _set_language(current_user, request.form.get("locale", ""))
        db.session.commit()
    except AppError as exc:
        db.session.rollback()
        flash(str(exc.message), "danger")
        return _page(exc.status_code)
    from flask import session

    session["lang"] = current_user.locale  # the choice applies at once, in this session too
    flash(_("Đã lưu ngôn ngữ."), "success")
    return redirect(url_for("account.page"))


@account_bp.post("/account/tokens")
@login_required
def issue():
    try:
        token, raw = issue_api_token(
            current_user, current_user, request.form.get("name", ""), _int_form("days") or None
        )
        db.session.commit()
    except AppError as exc:
        db.session.rollback()
        flash(str(exc.message), "danger")
        return _page(exc.status_code)
    return _page(new_token={"name": token.name, "raw": raw})  # shown this once, never again


@account_bp.post("/account/tokens/revoke")
@login_required
def revoke():
    try:
        token = revoke_api_token(current_user, _int_form("token_id"))
        db.session.commit()
    except AppError as exc:
        db.session.rollback()
        if wants_json():
            raise
        flash(str(exc.message), "danger")
        return _page(exc.status_code)
    flash(_("Đã thu hồi mã %(name)s; các kết nối dùng mã này đã bị ngắt.", name=token.name or token.prefix), "success")
    back = request.form.get("back")
    return redirect(back if back and back.startswith("/admin/users/") else url_for("account.page"))
