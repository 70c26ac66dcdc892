"""Reminders that reach each person once.

``deliver_once(key, users, meeting, notice)`` records (key, user) in ``reminder_deliveries`` with an
INSERT … ON CONFLICT DO NOTHING and notifies (in-app + e-mail copy) only the users whose row this
call inserted. Whatever runs it — a scheduled job on one server process, the same job picked up twice,
two processes sweeping at the same moment — the database's unique constraint lets one of them through:
on PostgreSQL the second insert waits for the first transaction and then does nothing; on SQLite writers
are serialised. Callers choose a key that names the reminder *and* what it is about (a meeting moved to
another day gets a new key, so its reminders go out again for the new time).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models.base import utcnow
from meetings.models.reminder_delivery import ReminderDelivery
from meetings.notices import Notice
from meetings.services.notifications import notify_users

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def deliver_once(key: str, users: Iterable, meeting, message: Notice, *, ballot=None) -> list:
    """Notify those of ``users`` who have not had reminder ``key`` yet; return them."""
    people = {u.id: u for u in users if u is not None}
    if not people:
        return []
    dialect = db.session.get_bind().dialect.name
    insert = _INSERTS.get(dialect)
    if insert is None:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise RuntimeError(f"deliver_once: unsupported database {dialect}")
    now = utcnow()
    stmt = (
        insert(ReminderDelivery)
        .values([{"key": key, "user_id": uid, "sent_at": now} for uid in sorted(people)])
        .on_conflict_do_nothing(index_elements=["key", "user_id"])
        .returning(ReminderDelivery.user_id)
    )
    inserted = sorted(db.session.execute(stmt).scalars())
    recipients = [people[uid] for uid in inserted]
    if recipients:
        notify_users(recipients, meeting, message, ballot=ballot)
    return recipients


def delivered_to(key: str) -> set[int]:
    """The ids of the users reminder ``key`` has reached."""
    return set(db.session.scalars(sa.select(ReminderDelivery.user_id).where(ReminderDelivery.key == key)))
