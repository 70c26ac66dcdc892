"""JSON API v1: authentication by bearer token (``flask --app wsgi users token LOGIN``) or session."""

from flask import Blueprint, jsonify, request
from flask_login import current_user

from app.errors import error_response

api_bp = Blueprint("api", __name__, url_prefix="/api/v1")


def user_json(user) -> dict:
    return {
        "id": user.id,
        "login": user.login,
        "full_name": user.full_name,
        "position": user.position,
        "unit": user.unit,
        "system_role": user.system_role.value,
    }


def api_login_required():
    """``before_request`` for API blueprints: a JSON 401 without a valid token or session."""
    if not current_user.is_authenticated:
        from flask_babel import gettext as _

        return error_response(401, _("Bạn cần đăng nhập hoặc gửi mã truy cập (Bearer token) hợp lệ."))
    return None


@api_bp.before_request
def _require_authentication():
    if request.endpoint == "api.openapi":  # the description is public: integrators read it first
        return None
    return api_login_required()


@api_bp.get("/me")
def me():
    return jsonify(user_json(current_user))


@api_bp.get("/openapi.json")
def openapi():
    from app.openapi import openapi_document

    return jsonify(openapi_document(request.script_root + api_bp.url_prefix))
