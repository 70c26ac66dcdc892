"""JSON API v1 for bodies (cơ quan): any signed-in user lists them (to pick one for a meeting);
system administrators (``Perm.BODY_MANAGE``) create, edit, dissolve, set standing members and
floor rules. The same services as the admin pages (meetings/services/bodies.py)."""

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from app.api import user_json
from app.errors import ValidationError
from app.extensions import db
from app.permissions import Perm, permission_required
from meetings.api import meetings_api_bp
from meetings.routes.common import commit
from meetings.services import bodies as body_services
from meetings.services.queries import all_bodies


def body_json(body, detail: bool = False) -> dict:
    out = {
        "id": body.id,
        "name": body.name,
        "short_code": body.short_code,
        "level": body.level.value,
        "parent_id": body.parent_id,
        "dissolved_on": body.dissolved_on.isoformat() if body.dissolved_on else None,
        "successor_id": body.successor_id,
        "status": body.status_text,
    }
    if detail:
        out["members"] = [
            dict(
                user_json(m.user),
                office=m.office.value,
                starts_on=m.starts_on.isoformat() if m.starts_on else None,
                ends_on=m.ends_on.isoformat() if m.ends_on else None,
            )
            for m in body.members
        ]
        kind = request.args.get("kind") or None
        rules, stored = body_services.body_rules(body, kind)
        out["rules"] = dict(rules.to_dict(), kind=kind, stored=stored)
    return out


def _json() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationError(_("Nội dung yêu cầu phải là một đối tượng JSON."))
    return data


def _me():
    return current_user._get_current_object()


@meetings_api_bp.get("/bodies")
def list_bodies():
    return jsonify({"bodies": [body_json(b) for b in all_bodies()]})


@meetings_api_bp.post("/bodies")
@permission_required(Perm.BODY_MANAGE)
def create_body():
    body = body_services.create_body(_me(), **_json())
    commit()
    return jsonify(body_json(body, detail=True)), 201


@meetings_api_bp.get("/bodies/<int:body_id>")
@permission_required(Perm.BODY_MANAGE)
def get_body(body_id):
    return jsonify(body_json(body_services.get_body(_me(), body_id), detail=True))


@meetings_api_bp.patch("/bodies/<int:body_id>")
@permission_required(Perm.BODY_MANAGE)
def update_body(body_id):
    body = body_services.get_body(_me(), body_id)
    body_services.update_body(_me(), body, **_json())
    commit()
    return jsonify(body_json(body, detail=True))


@meetings_api_bp.post("/bodies/<int:body_id>/dissolve")
@permission_required(Perm.BODY_MANAGE)
def dissolve_body(body_id):
    body = body_services.get_body(_me(), body_id)
    data = _json()
    body_services.dissolve_body(
        _me(), body, dissolved_on=data.get("dissolved_on"), successor_id=data.get("successor_id")
    )
    commit()
    return jsonify(body_json(body, detail=True))


@meetings_api_bp.put("/bodies/<int:body_id>/members/<int:user_id>")
@permission_required(Perm.BODY_MANAGE)
def put_body_member(body_id, user_id):
    """Add the user with an office (and dates), or change the office of one who is a member."""
    body = body_services.get_body(_me(), body_id)
    data = _json()
    if any(m.user_id == user_id for m in body.members):
        body_services.change_body_member(_me(), body, user_id, data.get("office"))
        status = 200
    else:
        body_services.add_body_member(
            _me(), body, user_id, data.get("office"), data.get("starts_on"), data.get("ends_on")
        )
        status = 201
    commit()
    db.session.refresh(body)
    return jsonify(body_json(body, detail=True)), status


@meetings_api_bp.delete("/bodies/<int:body_id>/members/<int:user_id>")
@permission_required(Perm.BODY_MANAGE)
def delete_body_member(body_id, user_id):
    body = body_services.get_body(_me(), body_id)
    body_services.remove_body_member(_me(), body, user_id)
    commit()
    return jsonify(body_json(body, detail=True))


@meetings_api_bp.put("/bodies/<int:body_id>/rules")
@permission_required(Perm.BODY_MANAGE)
def put_body_rules(body_id):
    """``quorum`` "2/3", ``majority_basis``, ``threshold`` (gt_1_2 | ge_2_3), the three flags, and
    ``kind`` (omitted: every kind of meeting)."""
    body = body_services.get_body(_me(), body_id)
    data = _json()
    body_services.save_body_rules(_me(), body, data, data.get("kind"))
    commit()
    return jsonify(body_json(body, detail=True))
