"""User administration pages (/admin/users/…, Perm.USER_MANAGE) and the audit log page
(/admin/audit, Perm.AUDIT_VIEW). Thin: parse, call app/auth/admin.py, commit once."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import admin
from app.auth.account import list_tokens
from app.errors import AppError
from app.extensions import db
from app.models import SystemRole
from app.permissions import Perm, permission_required

users_admin_bp = Blueprint("users_admin", __name__, template_folder="../templates")
FIELDS = ("full_name", "email", "unit", "position", "system_role", "locale")


def _form_fields() -> dict:
    return {name: request.form.get(name, "") for name in FIELDS if name in request.form}


def _refused(exc: AppError, template: str, **context):
    db.session.rollback()
    flash(str(exc.message), "danger")
    return render_template(template, roles=list(SystemRole), **context), exc.status_code


@users_admin_bp.get("/admin/users/new")
@permission_required(Perm.USER_MANAGE)
def new():
    return render_template("admin/user_form.html", person=None, roles=list(SystemRole), form={})


@users_admin_bp.post("/admin/users/new")
@permission_required(Perm.USER_MANAGE)
def create():
    try:
        person, password = admin.admin_create_user(current_user, request.form.get("login", ""), **_form_fields())
        db.session.commit()
    except AppError as exc:
        return _refused(exc, "admin/user_form.html", person=None, form=request.form)
    return render_template("admin/temporary_password.html", person=person, password=password, created=True)


@users_admin_bp.get("/admin/users/<int:account_id>")
@permission_required(Perm.USER_MANAGE)
def edit(account_id):
    person = admin.get_user(current_user, account_id)
    return render_template(
        "admin/user_form.html",
        person=person,
        roles=list(SystemRole),
        form={},
        tokens=list_tokens(current_user, person),
        memberships=admin.body_memberships(current_user, person),
    )


@users_admin_bp.post("/admin/users/<int:account_id>")
@permission_required(Perm.USER_MANAGE)
def update(account_id):
    person = admin.get_user(current_user, account_id)
    try:
        changed = admin.update_user(current_user, person, **_form_fields())
        db.session.commit()
    except AppError as exc:
        person = admin.get_user(current_user, account_id)
        memberships = admin.body_memberships(current_user, person)
        return _refused(
            exc, "admin/user_form.html", person=person, form=request.form, tokens=[], memberships=memberships
        )
    flash(_("Đã lưu thay đổi.") if changed else _("Không có gì thay đổi."), "success" if changed else "info")
    return redirect(url_for("users_admin.edit", account_id=person.id))


@users_admin_bp.post("/admin/users/<int:account_id>/<any(deactivate, reactivate, reset_password):action>")
@permission_required(Perm.USER_MANAGE)
def act(account_id, action):
    person = admin.get_user(current_user, account_id)
    try:
        if action == "reset_password":
            password = admin.reset_password(current_user, person)
        else:
            getattr(admin, f"{action}_user")(current_user, person)
        db.session.commit()
    except AppError as exc:
        db.session.rollback()
        flash(str(exc.message), "danger")
        return redirect(url_for("users_admin.edit", account_id=account_id)), 303
    if action == "reset_password":
        return render_template("admin/temporary_password.html", person=person, password=password, created=False)
    flash(
        _(
            "Đã vô hiệu hóa %(name)s: các phiên đăng nhập, mã API và kết nối trực tiếp đã bị ngắt.",
            name=person.full_name,
        )
        if action == "deactivate"
        else _("Đã kích hoạt lại %(name)s.", name=person.full_name),
        "success",
    )
    return redirect(url_for("users_admin.edit", account_id=person.id))


@users_admin_bp.route("/admin/users/import", methods=["GET", "POST"])
@permission_required(Perm.USER_MANAGE)
def import_users():
    from app.auth.user_import import apply_import, plan_import

    if request.method == "GET":
        return render_template("admin/import.html", plan=None)
    upload = request.files.get("file")
    data = upload.read() if upload else request.form.get("csv_text", "").encode()
    try:
        plan = plan_import(current_user, data)
        if request.form.get("apply") == "1":
            created = apply_import(current_user, plan)
            db.session.commit()
            return render_template("admin/import.html", plan=plan, applied=True, created=created)
    except AppError as exc:
        db.session.rollback()
        flash(str(exc.message), "danger")
        return render_template("admin/import.html", plan=None), exc.status_code
    return render_template("admin/import.html", plan=plan, applied=False, csv_text=data.decode("utf-8-sig", "replace"))


@users_admin_bp.get("/admin/audit")
@permission_required(Perm.AUDIT_VIEW)
def audit_log():
    from app.audit_views import audit_page

    return audit_page()
