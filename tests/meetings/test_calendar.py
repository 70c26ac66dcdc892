"""Calendars (issue 13 item 4): the per-user iCalendar feed parses with ``icalendar``, reflects a
moved meeting (new DTSTART, higher SEQUENCE) and a cancelled one (STATUS:CANCELLED), never shows a
draft to a member nor a meeting to an outsider, and a revoked or unknown key answers 404; the
month / week page lists the same meetings, today highlighted, with an empty state."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import icalendar
import sqlalchemy as sa

from app.extensions import db
from app.models import SystemRole
from meetings.localtime import LOCAL_TZ
from meetings.models import CalendarFeed
from meetings.services.calendar import issue_calendar_feed
from meetings.services.meetings import cancel_meeting, update_meeting
from tests.conftest import login
from tests.support.factories import create_meeting, create_user

STARTS = datetime(2026, 12, 10, 0, 30, tzinfo=UTC)  # 07:30 in Vietnam


def _setup():
    secretary = create_user(role=SystemRole.secretariat, full_name="Lê Hoàng Nam")
    member = create_user(full_name="Trần Thị Đào")
    outsider = create_user(full_name="Ngô Văn Ngoài")
    meeting = create_meeting(
        {member: "member", secretary: "secretary"}, title="Phiên họp thường kỳ tháng 12", starts_at=STARTS
    )
    meeting.ends_at = STARTS + timedelta(hours=3)
    meeting.video_url = "https://meet.example.vn/ubnd-my-tho"
    draft = create_meeting(
        {member: "member", secretary: "secretary"},
        state="draft",
        title="Dự thảo chưa công bố",
        starts_at=STARTS + timedelta(days=1),
    )
    db.session.commit()
    return secretary, member, outsider, meeting, draft


def _feed(client, key, status=200):
    response = client.get("/calendar/feed.ics", query_string={"key": key})
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    return response


def _events(response) -> dict[str, icalendar.Event]:
    assert response.mimetype == "text/calendar"
    cal = icalendar.Calendar.from_ical(response.get_data())
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_the_feed_parses_and_follows_a_moved_and_a_cancelled_meeting(app, client):
    secretary, member, _outsider, meeting, draft = _setup()
    key = issue_calendar_feed(member)
    db.session.commit()

    events = _events(_feed(client, key))
    assert draft.title not in events  # a draft is for those preparing it only
    event = events[meeting.title]
    assert event["uid"] == f"meeting-{meeting.id}@localhost"
    assert int(event["sequence"]) == 0 and event["status"] == "CONFIRMED"
    start = event.decoded("dtstart")
    assert start == STARTS and str(start.tzinfo) == "Asia/Ho_Chi_Minh" and start.hour == 7
    assert event.decoded("dtend") == STARTS + timedelta(hours=3)
    assert "Phòng họp số 1" in str(event["location"])
    assert "https://meet.example.vn/ubnd-my-tho" in str(event["description"])
    assert str(event["url"]).endswith(f"/meetings/{meeting.id}")
    cal = icalendar.Calendar.from_ical(_feed(client, key).get_data())
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    assert int(_events(_feed(client, key))[meeting.title]["sequence"]) == 0  # read again: nothing moved

    # the meeting moves: same UID, new DTSTART, higher SEQUENCE, later LAST-MODIFIED
    first_modified = event.decoded("last-modified")
    update_meeting(
        secretary, meeting, starts_at=STARTS + timedelta(days=2), ends_at=STARTS + timedelta(days=2, hours=2)
    )
    db.session.commit()
    moved = _events(_feed(client, key))[meeting.title]
    assert moved["uid"] == event["uid"] and int(moved["sequence"]) == 1
    assert moved.decoded("dtstart") == STARTS + timedelta(days=2)
    assert moved.decoded("last-modified") >= first_modified

    # cancelled: still in the feed, struck out on the phone
    cancel_meeting(secretary, meeting)
    db.session.commit()
    cancelled = _events(_feed(client, key))[meeting.title]
    assert cancelled["status"] == "CANCELLED" and int(cancelled["sequence"]) == 2 and cancelled["uid"] == event["uid"]


def test_the_preparer_sees_the_draft_as_tentative_and_an_outsider_sees_neither(app, client):
    secretary, _member, outsider, meeting, draft = _setup()
    keys = {"secretary": issue_calendar_feed(secretary), "outsider": issue_calendar_feed(outsider)}
    db.session.commit()
    events = _events(_feed(client, keys["secretary"]))
    assert events[draft.title]["status"] == "TENTATIVE" and events[meeting.title]["status"] == "CONFIRMED"
    assert _events(_feed(client, keys["outsider"])) == {}


def test_a_revoked_replaced_or_unknown_key_gets_404_and_the_key_is_not_logged(app, client, caplog):
    _secretary, member, _outsider, meeting, _draft = _setup()
    old = issue_calendar_feed(member)
    db.session.commit()
    stored = db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == member.id))
    assert old not in (stored.token_sha256,) and len(stored.token_sha256) == 64  # only the hash is kept
    with caplog.at_level(logging.INFO, logger="phonghop.calendar"):
        assert meeting.title in _events(_feed(client, old))
    assert f"user {member.id}" in caplog.text and old not in caplog.text

    login(client, member)
    page = client.post("/calendar/feed")  # a new link: shown once, the old one stops
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    new = html.split("key=", 1)[1].split('"', 1)[0]
    assert new.startswith("cal_") and new != old
    _feed(client, old, 404)
    assert meeting.title in _events(_feed(client, new))
    assert new not in client.get("/calendar").get_data(as_text=True)  # never shown again

    assert client.post("/calendar/feed/revoke").status_code == 302
    _feed(client, new, 404)
    _feed(client, "cal_" + "x" * 43, 404)
    _feed(client, "", 404)
    assert db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == member.id)) is None


def test_a_deactivated_users_feed_stops(app, client):
    _secretary, member, _outsider, _meeting, _draft = _setup()
    key = issue_calendar_feed(member)
    member.is_active_account = False
    db.session.commit()
    _feed(client, key, 404)


def test_the_month_and_week_pages_list_my_meetings_with_today_and_an_empty_state(app, client):
    _secretary, member, _outsider, meeting, draft = _setup()
    login(client, member)
    page = client.get("/calendar?d=2026-12").get_data(as_text=True)
    assert "Tháng 12 năm 2026" in page and "Thứ Hai" in page and "Chủ Nhật" in page
    cell = page[page.index('data-date="2026-12-10"') :].split("</td>", 1)[0]
    assert meeting.title in cell and "07:30" in cell
    assert draft.title not in page and 'data-testid="calendar-empty"' not in page
    assert "?view=month&amp;d=2026-11" in page and "?view=month&amp;d=2027-01" in page  # prev / next

    week = client.get("/calendar?view=week&d=2026-12-10").get_data(as_text=True)
    assert "Tuần từ 07/12 đến 13/12/2026" in week and meeting.title in week
    assert 'data-date="2026-12-07"' in week and 'data-date="2026-12-14"' not in week

    empty = client.get("/calendar?d=2027-02").get_data(as_text=True)
    assert "Không có cuộc họp nào trong tháng này." in empty and meeting.title not in empty
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    current = client.get("/calendar").get_data(as_text=True)
    assert f'data-date="{today.isoformat()}" aria-current="date"' in current
    assert client.get("/calendar?d=rubbish").status_code == 200  # anything else: this month
    assert 'href="/calendar"' in current  # the nav links to it
