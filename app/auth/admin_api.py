"""JSON API for user administration: /api/v1/users… (Perm.USER_MANAGE; docs: app/openapi_users.py)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from app.api import api_login_required, user_json
from app.auth import admin
from app.errors import ValidationError
from app.extensions import db
from app.permissions import Perm, permission_required

users_api_bp = Blueprint("users_api", __name__, url_prefix="/api/v1")
users_api_bp.before_request(api_login_required)


def account_json(user) -> dict:
    return {
        **user_json(user),
        "email": user.email,
        "locale": user.locale,
        "active": user.is_active_account,
        "must_change_password": user.must_change_password,
        "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
        "created_at": user.created_at.isoformat(),
    }


def _body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        from flask_babel import gettext as _

        raise ValidationError(_("Nội dung yêu cầu phải là một đối tượng JSON."))
    return data


@users_api_bp.get("/users")
@permission_required(Perm.USER_MANAGE)
def list_():
    filters = {k: request.args.get(k, "").strip() for k in ("q", "role", "status")}
    page = admin.list_users(current_user, **filters)
    return jsonify({"items": [account_json(u) for u in page.items], "total": page.total})


@users_api_bp.post("/users")
@permission_required(Perm.USER_MANAGE)
def create():
    data = _body()
    login = data.pop("login", "")
    if not isinstance(login, str):
        login = ""
    user, password = admin.admin_create_user(current_user, login, **data)
    db.session.commit()
    return jsonify({"user": account_json(user), "temporary_password": password}), 201


@users_api_bp.get("/users/<int:account_id>")
@permission_required(Perm.USER_MANAGE)
def show(account_id):
    return jsonify(account_json(admin.get_user(current_user, account_id)))


@users_api_bp.patch("/users/<int:account_id>")
@permission_required(Perm.USER_MANAGE)
def update(account_id):
    user = admin.get_user(current_user, account_id)
    changed = admin.update_user(current_user, user, **_body())
    db.session.commit()
    return jsonify({"user": account_json(user), "changed": changed})


@users_api_bp.post("/users/<int:account_id>/<any(deactivate, reactivate, 'reset-password'):action>")
@permission_required(Perm.USER_MANAGE)
def act(account_id, action):
    user = admin.get_user(current_user, account_id)
    body = {}
    if action == "reset-password":
        body["temporary_password"] = admin.reset_password(current_user, user)
    else:
        getattr(admin, f"{action}_user")(current_user, user)
    db.session.commit()
    return jsonify({"user": account_json(user), **body})
