"""System administrators manage bodies (cơ quan): the tree by level, one body's details, standing
members with offices, floor rules, dissolution. Thin views over meetings/services/bodies.py."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.errors import ValidationError
from app.extensions import db
from app.models import BodyLevel, BodyOffice
from app.permissions import Perm, permission_required
from meetings.floor_rules import MajorityBasis
from meetings.models import MeetingKind
from meetings.routes.common import active_users, actor, commit
from meetings.services import bodies as body_services
from meetings.views import meetings_bp


def _render_list(error=None, status=200, form=None):
    tree = body_services.body_tree(actor())
    return render_template(
        "meetings/bodies.html",
        tree=tree,
        levels=list(BodyLevel),
        provinces=[root for root, _children in tree if root.level is BodyLevel.province],
        error=error,
        form=form or {},
    ), status


def _render_body(body, error=None, status=200):
    kind = request.values.get("kind") or None
    rules, stored = body_services.body_rules(body, kind)
    member_ids = {m.user_id for m in body.members}
    tree = body_services.body_tree(actor())
    return render_template(
        "meetings/body.html",
        body=body,
        levels=list(BodyLevel),
        offices=list(BodyOffice),
        kinds=list(MeetingKind),
        kind=kind or "",
        bases=list(MajorityBasis),
        rules=rules,
        rules_stored=stored,
        threshold=body_services.threshold_key(rules),
        candidates=[u for u in active_users() if u.id not in member_ids],
        provinces=[r for r, _c in tree if r.level is BodyLevel.province and r is not body],
        successors=[b for r, children in tree for b in (r, *children) if b is not body and b.dissolved_on is None],
        error=error,
    ), status


def _refused(exc, body=None):
    db.session.rollback()
    if body is not None:
        db.session.refresh(body)
        return _render_body(body, error=str(exc.message), status=exc.status_code)
    return _render_list(error=str(exc.message), status=exc.status_code, form=request.form)


@meetings_bp.route("/admin/bodies", methods=["GET", "POST"])
@permission_required(Perm.BODY_MANAGE)
def bodies():
    if request.method == "GET":
        return _render_list()
    try:
        body = body_services.create_body(actor(), **request.form.to_dict())
    except ValidationError as exc:
        return _refused(exc)
    commit()
    flash(_("Đã tạo cơ quan «%(name)s».", name=body.name), "success")
    return redirect(url_for("meetings.body_detail", body_id=body.id))


@meetings_bp.route("/admin/bodies/<int:body_id>", methods=["GET", "POST"])
@permission_required(Perm.BODY_MANAGE)
def body_detail(body_id):
    body = body_services.get_body(actor(), body_id)
    if request.method == "GET":
        return _render_body(body)
    try:
        body_services.update_body(actor(), body, **request.form.to_dict())
    except ValidationError as exc:
        return _refused(exc, body)
    commit()
    flash(_("Đã lưu thông tin cơ quan."), "success")
    return redirect(url_for("meetings.body_detail", body_id=body.id))


@meetings_bp.post("/admin/bodies/<int:body_id>/members")
@permission_required(Perm.BODY_MANAGE)
def body_members(body_id):
    body = body_services.get_body(actor(), body_id)
    form = request.form
    try:
        action = form.get("action", "add")
        if action == "remove":
            body_services.remove_body_member(actor(), body, form.get("user_id"))
        elif action == "office":
            body_services.change_body_member(actor(), body, form.get("user_id"), form.get("office"))
        else:
            body_services.add_body_member(
                actor(), body, form.get("user_id"), form.get("office"), form.get("starts_on"), form.get("ends_on")
            )
    except ValidationError as exc:
        return _refused(exc, body)
    commit()
    flash(_("Đã cập nhật thành viên của cơ quan."), "success")
    return redirect(url_for("meetings.body_detail", body_id=body.id))


@meetings_bp.post("/admin/bodies/<int:body_id>/rules")
@permission_required(Perm.BODY_MANAGE)
def body_rules(body_id):
    body = body_services.get_body(actor(), body_id)
    kind = request.form.get("kind") or None
    try:
        if request.form.get("action") == "reset":
            body_services.reset_body_rules(actor(), body, kind)
        else:
            body_services.save_body_rules(actor(), body, request.form.to_dict(), kind)
    except ValidationError as exc:
        return _refused(exc, body)
    commit()
    flash(_("Đã lưu quy tắc biểu quyết. Các biểu quyết đã mở giữ quy tắc lúc mở."), "success")
    return redirect(url_for("meetings.body_detail", body_id=body.id, kind=kind or None))


@meetings_bp.post("/admin/bodies/<int:body_id>/dissolve")
@permission_required(Perm.BODY_MANAGE)
def body_dissolve(body_id):
    body = body_services.get_body(actor(), body_id)
    try:
        body_services.dissolve_body(
            actor(), body, dissolved_on=request.form.get("dissolved_on"), successor_id=request.form.get("successor_id")
        )
    except ValidationError as exc:
        return _refused(exc, body)
    commit()
    flash(_("Đã ghi nhận giải thể %(name)s.", name=body.name), "success")
    return redirect(url_for("meetings.body_detail", body_id=body.id))
