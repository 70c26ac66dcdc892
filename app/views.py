"""Core pages: the landing page per role, user administration, health."""

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.models import SystemRole
from app.permissions import Perm, permission_required

core_bp = Blueprint("core", __name__, template_folder="templates")

HOME_BY_ROLE = {
    SystemRole.member: "meetings.mine",
    SystemRole.secretariat: "meetings.prepare",
    SystemRole.archivist: "meetings.archive",
    SystemRole.admin: "core.users",
}


@core_bp.route("/")
@login_required
def home():
    return redirect(url_for(HOME_BY_ROLE[current_user.system_role]))


@core_bp.route("/admin/users")
@permission_required(Perm.USER_MANAGE)
def users():
    from flask import request

    from app.auth.admin import list_users

    filters = {k: request.args.get(k, "").strip() for k in ("q", "role", "status")}
    page = list_users(current_user, **filters)
    return render_template("core/users.html", people=page.items, filters=filters, roles=list(SystemRole))


@core_bp.route("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico on pages that do not name an icon (PDFs, JSON)."""
    return redirect(url_for("static", filename="img/favicon.svg"), code=301)


@core_bp.route("/healthz")
def healthz():
    """Which part is down (database, storage, redis), within about a second: app/health.py."""
    from flask import current_app

    from app.health import check

    body, ok = check(current_app._get_current_object())
    return jsonify(body), (200 if ok else 503)
