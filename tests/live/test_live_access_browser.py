"""A tablet whose user is removed from the meeting while the viewer is open says so at once,
takes the page off the screen and stops the live tools (the secretariat removes through the API)."""

import pytest
import requests

from tests.live.conftest import sign_in
from tests.live.live_clients import fresh_meeting, token

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_the_viewer_of_a_removed_member_says_so_and_stops(browser, live):
    logins = ("chutich", "thuky", "uyvien1")
    tokens = {login: token(live, login) for login in logins}
    meeting = fresh_meeting(
        live.url, tokens["thuky"], {"chutich": "chair", "thuky": "secretary", "uyvien1": "member"}, tokens
    )
    context = browser.new_context(base_url=live.url, locale="vi-VN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, "uyvien1")
        page.wait_for_url("**/meetings/mine")
        page.goto(f"/meetings/{meeting['id']}/live")
        page.wait_for_selector('#live-status[data-state="online"]')
        assert page.locator("#access-lost").is_hidden() and page.locator('#tools [data-tool="ink"]').is_enabled()

        removed = requests.delete(
            f"{live.url}/api/v1/meetings/{meeting['id']}/members/{meeting['members']['uyvien1']}",
            headers={"Authorization": f"Bearer {tokens['thuky']}"},
            timeout=10,
        )
        assert removed.status_code == 200, removed.text
        page.wait_for_selector("#access-lost", state="visible", timeout=10_000)
        assert page.locator("#access-lost").inner_text() == "Bạn không còn quyền tham dự cuộc họp này."
        assert page.locator('#tools [data-tool="ink"]').is_disabled() and page.locator("#next-page").is_disabled()
        page.wait_for_selector('#live-status[data-state="offline"]', timeout=10_000)
        page.wait_for_timeout(1500)  # it does not connect again
        assert page.locator("#live-status").get_attribute("data-state") == "offline"
    finally:
        context.close()
