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
            sa.or_(FloorRuleSet.body_id == meeting.body_id, FloorRuleSet.body_id.is_(None)),
            sa.or_(FloorRuleSet.kind == kind, FloorRuleSet.kind.is_(None)),
        )
    ).all()
    if not rows:
        return DEFAULT_RULES
    best = max(rows, key=lambda r: (r.body_id is not None, r.kind is not None))
    return FloorRules.from_dict(best.rules)


def _body_id(body) -> int | None:
    """A ``Body``, its id, or None (every body)."""
    body_id = getattr(body, "id", body)
    if body_id is not None and (not isinstance(body_id, int) or isinstance(body_id, bool)):
        raise TypeError(f"a Body, its id or None, not {body!r}")
    return body_id


def rule_set(body, kind: str | None) -> FloorRuleSet | None:
    """The stored row for exactly this body (None: every body) and kind (None: every kind)."""
    body_id = _body_id(body)
    return db.session.scalar(
        sa.select(FloorRuleSet).where(
            FloorRuleSet.body_id.is_(None) if body_id is None else FloorRuleSet.body_id == body_id,
            FloorRuleSet.kind.is_(None) if kind is None else FloorRuleSet.kind == kind,
        )
    )


def set_rules(actor, rules: FloorRules, *, body=None, kind: str | None = None) -> FloorRuleSet:
    """Store ``rules`` for a body (a ``Body`` or its id; None: every body) and meeting kind (system
    administrators). Votes already opened keep the rules they copied (``votes.rules``)."""
    require_perm(actor, Perm.BODY_MANAGE)
    row = rule_set(body, kind)
    if row is None:
        row = FloorRuleSet(body_id=_body_id(body), kind=kind)
        db.session.add(row)
    row.rules = rules.to_dict()
    row.updated_by_id = actor.id
    db.session.flush()
    return row
