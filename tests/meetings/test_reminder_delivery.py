"""deliver_once: a reminder reaches each person once, however often it is run."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from meetings.models import Notification, ReminderDelivery
from meetings.notices import notice
from meetings.services.reminders import deliver_once, delivered_to
from tests.support.factories import cast_meeting


def _notes(user):
    return db.session.scalars(sa.select(Notification).where(Notification.user_id == user.id)).all()


def test_a_reminder_reaches_each_person_once(app, people):
    meeting = cast_meeting(people)
    message = notice("Nhắc lịch: %(title)s bắt đầu sau 24 giờ.", title=meeting.title)
    before = {p: len(_notes(people[p])) for p in ("chair", "member")}

    first = deliver_once(
        "meeting:test:before-24h", [people["chair"], people["member"], people["chair"]], meeting, message
    )
    again = deliver_once("meeting:test:before-24h", [people["member"], people["chair"]], meeting, message)

    assert sorted(u.id for u in first) == sorted([people["chair"].id, people["member"].id])
    assert again == []
    for p in ("chair", "member"):
        texts = [n.text for n in _notes(people[p])]
        assert len(texts) == before[p] + 1
        assert any("bắt đầu sau 24 giờ" in t for t in texts)
    assert delivered_to("meeting:test:before-24h") == {people["chair"].id, people["member"].id}


def test_a_newcomer_still_gets_a_reminder_others_already_had(app, people):
    meeting = cast_meeting(people)
    message = notice("Nhắc lịch: %(title)s bắt đầu sau 24 giờ.", title=meeting.title)
    deliver_once("k", [people["chair"]], meeting, message)

    got = deliver_once("k", [people["chair"], people["member"]], meeting, message)

    assert [u.id for u in got] == [people["member"].id]
    rows = db.session.scalars(sa.select(ReminderDelivery).where(ReminderDelivery.key == "k")).all()
    assert sorted(r.user_id for r in rows) == sorted([people["chair"].id, people["member"].id])


def test_another_key_is_another_reminder(app, people):
    meeting = cast_meeting(people)
    message = notice("Nhắc lịch: %(title)s bắt đầu sau 1 giờ.", title=meeting.title)
    deliver_once("meeting:x:before-1h:a", [people["member"]], meeting, message)
    assert [u.id for u in deliver_once("meeting:x:before-1h:b", [people["member"]], meeting, message)] == [
        people["member"].id
    ]
