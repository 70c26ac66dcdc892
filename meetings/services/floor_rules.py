"""Which floor rules apply to a meeting, and changing them (admins)."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.permissions import Perm, require_perm
from meetings.floor_rules import DEFAULT_RULES, FloorRules
from meetings.models import FloorRuleSet


def rules_for(meeting) -> FloorRules:
    """The most specific rule set: this body and kind, this body, every body of this kind, every body;
    otherwise the law's defaults."""
    kind = meeting.kind.value if meeting.kind is not None else None
    rows = db.session.scalars(
        sa.select(FloorRuleSet).where(
            FloorRuleSet.body.in_([meeting.body or "", ""]),
            sa.or_(FloorRuleSet.kind == kind, FloorRuleSet.kind.is_(None)),
        )
    ).all()
    if not rows:
        return DEFAULT_RULES
    best = max(rows, key=lambda r: (r.body != "", r.kind is not None))
    return FloorRules.from_dict(best.rules)


def set_rules(actor, rules: FloorRules, *, body: str = "", kind: str | None = None) -> FloorRuleSet:
    """Store ``rules`` for a body and meeting kind (system administrators)."""
    require_perm(actor, Perm.USER_MANAGE)
    row = db.session.scalar(
        sa.select(FloorRuleSet).where(
            FloorRuleSet.body == body, FloorRuleSet.kind.is_(None) if kind is None else FloorRuleSet.kind == kind
        )
    )
    if row is None:
        row = FloorRuleSet(body=body, kind=kind)
        db.session.add(row)
    row.rules = rules.to_dict()
    row.updated_by_id = actor.id
    db.session.flush()
    return row
