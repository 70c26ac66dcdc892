"""Core pages: the landing page per role, user administration, health."""

import sqlalchemy as sa
from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.extensions import db
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
    from app.jobs import health as jobs_health
    from documents.storage import get_store

    db.session.execute(sa.text("SELECT 1"))
    store_ok = get_store().ping()
    jobs = jobs_health()  # {"redis": ok | unavailable | not configured, "workers": n}
    ok = store_ok and jobs["redis"] != "unavailable"
    return jsonify({"database": "ok", "storage": "ok" if store_ok else "unavailable", **jobs}), (200 if ok else 503)
