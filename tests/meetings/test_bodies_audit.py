"""Every change an admin makes to a body goes to the hash-chained audit log (app/audit.py), and the
chain still verifies afterwards."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from app.audit import verify_chain
from app.extensions import db
from app.models import AuditEntry, SystemRole
from meetings.services import bodies as services
from tests.support.factories import create_user


def _entries(since: int) -> list[AuditEntry]:
    return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.seq > since).order_by(AuditEntry.seq)).all()


def test_each_change_to_a_body_is_audited(app):
    admin, member = create_user(role=SystemRole.admin), create_user()
    start = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(AuditEntry.seq), 0)))

    province = services.create_body(admin, name="UBND tỉnh Đồng Tháp", level="province")
    commune = services.create_body(admin, name="UBND xã Ba Sao", level="commune", parent_id=province.id)
    services.update_body(admin, commune, name="UBND xã Ba Sao", level="commune", parent_id=province.id, short_code="BS")
    services.add_body_member(admin, commune, member.id, "member")
    services.change_body_member(admin, commune, member.id, "vice_chairman")
    services.save_body_rules(admin, commune, {"quorum": "2/3", "majority_basis": "present", "threshold": "gt_1_2"})
    services.reset_body_rules(admin, commune)
    services.remove_body_member(admin, commune, member.id)
    services.dissolve_body(admin, commune, dissolved_on=date(2025, 6, 30), successor_id=province.id)

    entries = _entries(start)
    assert [e.action for e in entries] == [
        "body.create",
        "body.create",
        "body.update",
        "body.member_add",
        "body.member_office",
        "body.rules",
        "body.rules_reset",
        "body.member_remove",
        "body.dissolve",
    ]
    assert {e.actor_id for e in entries} == {admin.id}
    assert entries[1].target == "UBND xã Ba Sao" and '"short_code"' in entries[2].details
    assert f'"{member.login}"' in entries[3].details and '"vice_chairman"' in entries[4].details
    assert '"2025-06-30"' in entries[-1].details
    assert verify_chain().ok
