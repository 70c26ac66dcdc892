"""The floor in two real Chromium contexts: a member asks for the floor on the tablet and sees their
place; the chair moves the meeting to the item and gives the floor from the speakers page; both see
the timer running — the member's tablet although its clock is three hours fast."""

from datetime import UTC, date, datetime, timedelta

import pytest
import requests

from tests.live.conftest import sign_in
from tests.live.live_clients import demo_meeting, token

pytestmark = [pytest.mark.browser, pytest.mark.live]


def _meeting_in_session(live) -> tuple[int, int]:
    """A meeting of its own (the demo meeting stays published for the other tests) with one item
    whose speeches last two minutes."""
    api = f"{live.url}/api/v1/meetings"
    office = {"Authorization": f"Bearer {token(live, 'thuky')}"}
    day = (date.today() + timedelta(days=1)).isoformat()
    meeting = requests.post(
        api,
        headers=office,
        timeout=10,
        json={
            "title": "Phiên họp chuyên đề thảo luận kế hoạch đầu tư công",
            "body": "UBND xã Mỹ Thọ",
            "kind": "thematic",
            "starts_at": f"{day}T08:00",
            "ends_at": f"{day}T10:00",
            "place": "Phòng họp số 2",
        },
    ).json()
    members = demo_meeting(live)["members"]
    for login, role in (("chutich", "chair"), ("thuky", "secretary"), ("uyvien2", "member")):
        added = requests.post(
            f"{api}/{meeting['id']}/members", headers=office, timeout=10, json={"user_id": members[login], "role": role}
        )
        assert added.status_code == 201, added.text
    agenda = requests.post(
        f"{api}/{meeting['id']}/agenda",
        headers=office,
        timeout=10,
        json={"title": "Kế hoạch đầu tư công năm 2027", "speaking_minutes": 2},
    )
    assert agenda.status_code == 201, agenda.text
    assert requests.post(f"{api}/{meeting['id']}/publish", headers=office, timeout=10).status_code == 200
    for login in ("chutich", "uyvien2"):  # the secretary checks the two voting members in: the quorum
        checked = requests.put(
            f"{api}/{meeting['id']}/attendance/{members[login]}",
            headers=office,
            timeout=10,
            json={"action": "check_in"},
        )
        assert checked.status_code == 200, checked.text
    assert requests.post(f"{api}/{meeting['id']}/start", headers=office, timeout=10).status_code == 200
    return meeting["id"], agenda.json()["agenda"][0]["id"]


def _context(browser, live, fast_clock=False):
    context = browser.new_context(base_url=live.url, locale="vi-VN", viewport={"width": 1280, "height": 800})
    if fast_clock:  # a tablet whose clock is three hours ahead (time still flows)
        context.clock.install(time=datetime.now(UTC) + timedelta(hours=3))
    return context, context.new_page()


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


def test_member_asks_for_the_floor_and_the_chair_gives_it(browser, live):
    meeting_id, item_id = _meeting_in_session(live)
    c_context, chair = _context(browser, live)
    m_context, member = _context(browser, live, fast_clock=True)
    try:
        sign_in(member, "uyvien2")
        member.wait_for_url("**/meetings/mine")
        member.goto(f"/meetings/{meeting_id}/live")
        member.wait_for_selector('#live-status[data-state="online"]')
        assert member.locator("#floor-request").is_disabled()  # no item under discussion yet
        assert member.locator("#floor-request").bounding_box()["height"] >= 48

        sign_in(chair, "chutich")
        chair.wait_for_url("**/meetings/mine")
        chair.goto(f"/meetings/{meeting_id}/speakers")
        chair.wait_for_selector('#live-status[data-state="online"]')
        chair.select_option("#console-current-item", str(item_id))
        member.wait_for_selector("#floor-request:enabled")
        assert member.locator("#floor-item").inner_text() == "1. Kế hoạch đầu tư công năm 2027"

        member.click("#floor-request")
        member.wait_for_selector("#floor-place:has-text('Bạn đang ở vị trí số 1')")
        assert member.locator("#floor-withdraw").is_visible() and member.locator("#floor-request").is_hidden()
        request = chair.locator("#console-queue li.console-request")
        request.wait_for()
        name = requests.get(
            f"{live.url}/api/v1/me", timeout=10, headers={"Authorization": f"Bearer {token(live, 'uyvien2')}"}
        ).json()["full_name"]
        assert name in request.inner_text() and chair.locator("#console-queue-count").inner_text() == "1"
        chair.locator("#console-queue button[data-action='grant']").click()

        # both see the speaker and a timer counting down from two minutes
        chair.wait_for_selector('#console-now[data-speaking="1"]')
        member.wait_for_selector("#floor-place:has-text('Bạn đang phát biểu')")
        member.wait_for_selector('#floor-bar[data-speaking="1"] #floor-timer:not(:empty)')
        assert (
            member.locator("#floor-speaker-name").inner_text()
            == name
            == chair.locator("#console-speaker-name").inner_text()
        )
        for page, timer in ((member, "#floor-timer"), (chair, "#console-timer"), (chair, "#projector-timer")):
            first = page.locator(timer).inner_text()
            assert 105 <= _seconds(first) <= 120 and not first.startswith("+"), (timer, first)  # the fast clock too
            later = _changes(page, timer, first)
            assert _seconds(later) < _seconds(first) and page.locator(timer).get_attribute("data-over") == "0"
        assert chair.locator("#projector-name").inner_text() == chair.locator("#console-speaker-name").inner_text()

        chair.click("#console-end")
        member.wait_for_selector('#floor-bar[data-speaking="0"]')
        chair.wait_for_selector("#console-done li[data-id]")
        assert member.locator("#floor-request").is_visible()  # may ask again
    finally:
        c_context.close()
        m_context.close()
