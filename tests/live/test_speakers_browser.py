"""The floor in real Chromium contexts: a member asks for the floor on the tablet and sees their
place; the chair moves the meeting to the item and gives the floor from the speakers panel of the
chair's console; the member's tablet, the console and the room's projector (opened with its secret
link, nobody signed in) all show who speaks and the timer running — the member's tablet although its
clock is three hours fast; the projector never lists who waits."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.live.live_clients import browser_page, floor_meeting, token

pytestmark = [pytest.mark.browser, pytest.mark.live]


def _seconds(timer_text: str) -> int:
    minutes, seconds = timer_text.lstrip("+").split(":")
    return int(minutes) * 60 + int(seconds)


def _changes(page, selector, before, timeout_ms=6000):
    for _ in range(timeout_ms // 200):
        text = page.locator(selector).inner_text()
        if text and text != before:
            return text
        page.wait_for_timeout(200)
    raise AssertionError(f"{selector} stayed at {before!r}")


def test_member_asks_for_the_floor_and_the_chair_gives_it_from_the_console(browser, live):
    meeting = floor_meeting(
        live,
        "Phiên họp chuyên đề thảo luận kế hoạch đầu tư công",
        {"chutich": "chair", "thuky": "secretary", "uyvien2": "member"},
        items=({"title": "Kế hoạch đầu tư công năm 2027", "speaking_minutes": 2},),
        checked_in=("chutich", "uyvien2"),  # the two voting members: the quorum
        start=True,
    )
    meeting_id, (item_id,) = meeting["id"], meeting["items"]
    contexts = []
    try:
        m_context, member = browser_page(
            browser, live, "uyvien2", f"/meetings/{meeting_id}/live", clock_ahead=timedelta(hours=3)
        )
        contexts.append(m_context)
        assert member.locator("#floor-request").is_disabled()  # no item under discussion yet
        assert member.locator("#floor-request").bounding_box()["height"] >= 48

        # the chair's computer is set to another zone: the console still speaks Vietnam time
        c_context, chair = browser_page(
            browser, live, "chutich", f"/meetings/{meeting_id}/console", timezone_id="Europe/Paris"
        )
        contexts.append(c_context)
        chair.click("text=Tạo liên kết màn hình chiếu")
        screen_url = chair.locator('[data-testid="screen-link"] a').inner_text()
        chair.wait_for_selector('#live-status[data-state="online"]')
        p_context, projector = browser_page(browser, live, path=screen_url)  # the room's computer: nobody signed in
        contexts.append(p_context)
        assert projector.locator("#projector-speaker").is_hidden()  # nobody speaks yet

        chair.select_option("#console-current-item", str(item_id))
        member.wait_for_selector("#floor-request:enabled")
        assert member.locator("#floor-item").inner_text() == "1. Kế hoạch đầu tư công năm 2027"
        projector.wait_for_selector('#current-item:has-text("1. Kế hoạch đầu tư công năm 2027")')

        member.click("#floor-request")
        member.wait_for_selector("#floor-place:has-text('Bạn đang ở vị trí số 1')")
        assert member.locator("#floor-withdraw").is_visible() and member.locator("#floor-request").is_hidden()
        request = chair.locator("#console-queue li.console-request")
        request.wait_for()
        name = requests.get(
            f"{live.url}/api/v1/me", timeout=10, headers={"Authorization": f"Bearer {token(live, 'uyvien2')}"}
        ).json()["full_name"]
        assert name in request.inner_text() and chair.locator("#console-queue-count").inner_text() == "1"
        # when they asked, in Vietnam time like the check-ins beside it (it was the browser's zone)
        shown = re.search(r"đăng ký lúc (\d\d:\d\d)", request.inner_text()).group(1)
        now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
        assert shown in {(now - timedelta(minutes=m)).strftime("%H:%M") for m in (0, 1)}
        assert name not in projector.locator("body").inner_text()  # waiting: not on the room's screen
        chair.locator("#console-queue button[data-action='grant']").click()

        # all three see the speaker and a timer counting down from two minutes
        chair.wait_for_selector('#console-now[data-speaking="1"]')
        member.wait_for_selector("#floor-place:has-text('Bạn đang phát biểu')")
        member.wait_for_selector('#floor-bar[data-speaking="1"] #floor-timer:not(:empty)')
        projector.wait_for_selector('#projector-speaker[data-speaking="1"] #projector-timer:not(:empty)')
        assert (
            member.locator("#floor-speaker-name").inner_text()
            == name
            == chair.locator("#console-speaker-name").inner_text()
            == projector.locator("#projector-name").inner_text()
        )
        assert projector.locator("#projector-speaker").is_visible()
        for page, timer in ((member, "#floor-timer"), (chair, "#console-timer"), (projector, "#projector-timer")):
            first = page.locator(timer).inner_text()
            assert 105 <= _seconds(first) <= 120 and not first.startswith("+"), (timer, first)  # the fast clock too
            later = _changes(page, timer, first)
            assert _seconds(later) < _seconds(first) and page.locator(timer).get_attribute("data-over") == "0"

        chair.click("#console-end")
        member.wait_for_selector('#floor-bar[data-speaking="0"]')
        chair.wait_for_selector("#console-done li[data-id]")
        projector.wait_for_selector('#projector-speaker[data-speaking="0"]', state="hidden")
        assert name in chair.locator("#console-done").inner_text()
        assert member.locator("#floor-request").is_visible()  # may ask again
    finally:
        for context in contexts:
            context.close()
