"""Calendars in real Chromium against the product as `make run` serves it: a member finds the demo's
upcoming meeting on "Lịch họp của tôi" (month and week), makes their feed link, which a phone would
read — the feed parses and holds the meeting —, then revokes it and the phone gets 404."""

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import requests

from tests.live.live_clients import browser_page, demo_meeting

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_a_member_sees_the_meeting_on_the_calendar_and_subscribes_a_phone(browser, live, tmp_path):
    meeting = demo_meeting(live)
    starts = datetime.fromisoformat(meeting["starts_at"])
    local_day = starts.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    context, page = browser_page(browser, live, "uyvien2")
    try:
        page.click("nav >> text=Lịch họp")
        page.wait_for_url("**/calendar")
        page.locator('[data-testid="calendar-today-cell"]').wait_for()  # today is highlighted
        page.goto(f"/calendar?d={local_day:%Y-%m}")
        cell = page.locator(f'td[data-date="{local_day.isoformat()}"]')
        assert meeting["title"] in cell.inner_text()
        assert (
            page.locator('[data-testid="calendar-heading"]').inner_text()
            == f"Tháng {local_day.month} năm {local_day.year}"
        )
        page.screenshot(path=str(tmp_path / "calendar-month.png"), full_page=True)
        page.goto(f"/calendar?view=week&d={local_day.isoformat()}")
        assert meeting["title"] in page.locator(f'td[data-date="{local_day.isoformat()}"]').inner_text()
        assert "07:30" in page.locator(f'td[data-date="{local_day.isoformat()}"]').inner_text()
        page.screenshot(path=str(tmp_path / "calendar-week.png"), full_page=True)
        page.click('[data-testid="calendar-next"]')
        assert "Không có cuộc họp nào trong tuần này." in page.locator('[data-testid="calendar-empty"]').inner_text()

        page.click('[data-testid="feed-issue"]')
        feed_url = page.locator('[data-testid="feed-url"]').input_value()
        assert "/calendar/feed.ics?key=cal_" in feed_url
        page.screenshot(path=str(tmp_path / "calendar-feed.png"), full_page=True)

        phone = requests.get(feed_url, timeout=10)  # a phone: no cookie, only the link
        assert phone.status_code == 200 and phone.headers["Content-Type"].startswith("text/calendar")
        events = {str(e["summary"]): e for e in icalendar.Calendar.from_ical(phone.content).walk("VEVENT")}
        assert events[meeting["title"]].decoded("dtstart") == starts
        key = feed_url.split("key=", 1)[1]
        for _ in range(50):  # the access log shows the feed was read, without its key
            if "GET /calendar/feed.ics HTTP" in live.log():
                break
            page.wait_for_timeout(100)
        assert "GET /calendar/feed.ics HTTP" in live.log() and key not in live.log()

        page.goto("/calendar")
        assert "Lần đồng bộ gần nhất" in page.locator('[data-testid="feed-state"]').inner_text()
        page.once("dialog", lambda dialog: dialog.accept())  # "Thu hồi đường dẫn lịch? …"
        page.click('[data-testid="feed-revoke"]')
        page.wait_for_selector("text=Đã thu hồi đường dẫn lịch.")
        assert requests.get(feed_url, timeout=10).status_code == 404
    finally:
        context.close()
