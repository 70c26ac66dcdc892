"""A tablet that has the meeting open learns that it was closed: the viewer says so and stops
offering the pen and the other live tools (the secretariat closes it through the API here)."""

from datetime import date, timedelta

import pytest
import requests

from tests.live.conftest import sign_in
from tests.live.live_clients import demo_meeting, token

pytestmark = [pytest.mark.browser, pytest.mark.live]


def _held_meeting(live) -> int:
    """A meeting of its own (the demo meeting stays published for the other tests), in session."""
    api = f"{live.url}/api/v1/meetings"
    office = {"Authorization": f"Bearer {token(live, 'thuky')}"}
    day = (date.today() + timedelta(days=1)).isoformat()
    meeting = requests.post(
        api,
        headers=office,
        timeout=10,
        json={
            "title": "Phiên họp chuyên đề kiểm tra kết thúc",
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
    return meeting["id"]


def test_the_viewer_says_the_meeting_ended_and_stops_the_pen(browser, live):
    meeting_id = _held_meeting(live)
    context = browser.new_context(base_url=live.url, locale="vi-VN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, "uyvien2")
        page.wait_for_url("**/meetings/mine")
        page.goto(f"/meetings/{meeting_id}/live")
        page.wait_for_selector('#live-status[data-state="online"]')
        assert page.locator("#meeting-ended").is_hidden() and page.locator('#tools [data-tool="ink"]').is_enabled()

        office = {"Authorization": f"Bearer {token(live, 'thuky')}"}
        closed = requests.post(f"{live.url}/api/v1/meetings/{meeting_id}/close", headers=office, timeout=10)
        assert closed.status_code == 200 and closed.json()["state"] == "closed"
        page.wait_for_selector("#meeting-ended", state="visible", timeout=10_000)
        assert "Cuộc họp đã kết thúc" in page.locator("#meeting-ended").inner_text()
        assert page.locator('#tools [data-tool="ink"]').is_disabled()
        assert page.locator('#tools [data-tool="view"]').get_attribute("aria-pressed") == "true"
    finally:
        context.close()
