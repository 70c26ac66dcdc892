"""A tablet that has the meeting open learns that it was closed: the viewer says so and stops
offering the pen and the other live tools (the secretariat closes it through the API here)."""

import pytest
import requests

from tests.live.live_clients import browser_page, floor_meeting, token

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_the_viewer_says_the_meeting_ended_and_stops_the_pen(browser, live):
    meeting_id = floor_meeting(
        live,
        "Phiên họp chuyên đề kiểm tra kết thúc",
        {"chutich": "chair", "thuky": "secretary", "uyvien2": "member"},
        checked_in=("chutich", "uyvien2"),  # the two voting members: the quorum
        start=True,
    )["id"]
    context, page = browser_page(browser, live, "uyvien2", f"/meetings/{meeting_id}/live")
    try:
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
