"""Issue 10 acceptance in real Chromium contexts: members check in from their tablets, the chair opens
a secret vote on the console, two members vote, the count moves live on the console and on the
projector view, a member who reloads mid-vote sees "Bạn đã biểu quyết" and cannot vote again, the
chair closes the vote and the console, the tablets and the projector show the same result."""

from datetime import date, timedelta

import pytest
import requests

from tests.live.conftest import sign_in
from tests.live.live_clients import demo_meeting, token

pytestmark = [pytest.mark.browser, pytest.mark.live]
RESULT = "Tán thành 2/3 thành viên (66,7 %) — Thông qua"


def _meeting(live) -> tuple[int, dict]:
    """A published meeting of its own: chair chutich, secretary thuky, members uyvien1 and uyvien2,
    one agenda item; the chair checked in by the secretary."""
    api = f"{live.url}/api/v1/meetings"
    office = {"Authorization": f"Bearer {token(live, 'thuky')}"}
    day = (date.today() + timedelta(days=1)).isoformat()
    meeting = requests.post(
        api,
        headers=office,
        timeout=10,
        json={
            "title": "Phiên họp chuyên đề biểu quyết Kế hoạch năm 2027",
            "body": "UBND xã Mỹ Thọ",
            "kind": "thematic",
            "starts_at": f"{day}T08:00",
            "place": "Phòng họp số 1",
        },
    ).json()
    members = demo_meeting(live)["members"]
    for login, role in (("chutich", "chair"), ("thuky", "secretary"), ("uyvien1", "member"), ("uyvien2", "member")):
        added = requests.post(
            f"{api}/{meeting['id']}/members", headers=office, timeout=10, json={"user_id": members[login], "role": role}
        )
        assert added.status_code == 201, added.text
    item = requests.post(
        f"{api}/{meeting['id']}/agenda",
        headers=office,
        timeout=10,
        json={"title": "Kế hoạch phát triển kinh tế – xã hội năm 2027", "for_decision": True},
    )
    assert item.status_code == 201, item.text
    assert requests.post(f"{api}/{meeting['id']}/publish", headers=office, timeout=10).status_code == 200
    checked = requests.put(
        f"{api}/{meeting['id']}/attendance/{members['chutich']}",
        headers=office,
        timeout=10,
        json={"action": "check_in"},
    )
    assert checked.status_code == 200, checked.text
    return meeting["id"], office


def _context(browser, live):
    return browser.new_context(base_url=live.url, locale="vi-VN", viewport={"width": 1280, "height": 800})


def _tablet(browser, live, login, meeting_id):
    context = _context(browser, live)
    page = context.new_page()
    sign_in(page, login)
    page.wait_for_url("**/meetings/mine")
    page.goto(f"/meetings/{meeting_id}/live")
    page.wait_for_selector('#live-status[data-state="online"]')
    return context, page


def _vote(page, choice):
    page.wait_for_selector('#vote-panel[data-state="open"]', timeout=10_000)
    page.click(f'#vote-choices button[data-choice="{choice}"]')
    assert "Tán thành" in page.locator("#vote-confirm-text").inner_text()  # the confirm step names the choice
    page.click("#vote-confirm-yes")
    page.wait_for_selector('#vote-done:has-text("Bạn đã biểu quyết")', timeout=10_000)


def test_a_vote_from_the_console_to_the_tablets_and_the_projector(browser, live):
    meeting_id, office = _meeting(live)
    contexts = []
    try:
        (c1, member1), (c2, member2) = (_tablet(browser, live, login, meeting_id) for login in ("uyvien1", "uyvien2"))
        contexts += [c1, c2]
        for tablet in (member1, member2):  # members check themselves in on the tablet
            tablet.click("#check-in")
            tablet.wait_for_selector('#floor-bar[data-checked-in="1"]')
        member2.wait_for_selector('#quorum-line[data-holds="1"]')
        assert "có mặt 3/3 thành viên" in member2.locator("#quorum-line").inner_text()
        started = requests.post(f"{live.url}/api/v1/meetings/{meeting_id}/start", headers=office, timeout=10)
        assert started.status_code == 200, started.text

        chair_context = _context(browser, live)
        contexts.append(chair_context)
        chair = chair_context.new_page()
        sign_in(chair, "chutich")
        chair.wait_for_url("**/meetings/mine")
        chair.goto(f"/meetings/{meeting_id}/console")
        chair.click("text=Tạo liên kết màn hình chiếu")
        screen_url = chair.locator('[data-testid="screen-link"] a').inner_text()
        chair.wait_for_selector('#live-status[data-state="online"]')

        screen_context = _context(browser, live)  # the projector's computer: nobody logged in
        contexts.append(screen_context)
        projector = screen_context.new_page()
        projector.goto(screen_url)
        projector.wait_for_selector('#live-status[data-state="online"]')
        assert "Đủ điều kiện tiến hành" in projector.locator("#quorum-line").inner_text()

        chair.fill("#vote-question", "Thông qua Kế hoạch phát triển kinh tế – xã hội năm 2027")
        chair.check("#vote-secret")
        chair.click("#vote-open")
        chair.wait_for_selector("#vote-current:not([hidden])")
        projector.wait_for_selector('#projector-vote[data-state="open"]')
        assert "Kế hoạch phát triển kinh tế – xã hội năm 2027" in projector.locator("#current-item").inner_text()

        _vote(member1, "for")
        chair.wait_for_selector('#current-progress:has-text("Đã biểu quyết: 1/3")')
        projector.wait_for_selector('#vote-progress:has-text("Đã biểu quyết: 1/3")')

        # member1 reloads mid-vote: the tablet knows it voted and offers no second ballot
        member1.reload()
        member1.wait_for_selector('#vote-panel[data-voted="1"]')
        assert "Bạn đã biểu quyết" in member1.locator("#vote-done").inner_text()
        assert member1.locator("#vote-choices").is_hidden() and member1.locator("#vote-change").is_hidden()

        _vote(member2, "for")
        chair.wait_for_selector('#current-progress:has-text("Đã biểu quyết: 2/3")')
        projector.wait_for_selector('#vote-progress:has-text("Đã biểu quyết: 2/3")')
        votes = requests.get(f"{live.url}/api/v1/meetings/{meeting_id}/votes", headers=office, timeout=10).json()
        assert votes["votes"][0]["progress"]["voted"] == 2  # one ballot each, the reload added none

        chair.click("#vote-close")
        for page, where in (
            (chair, "#vote-results .vote-summary"),
            (member1, "#vote-result .vote-summary"),
            (member2, "#vote-result .vote-summary"),
            (projector, "#vote-result .vote-summary"),
        ):
            page.wait_for_selector(f'{where}:has-text("{RESULT}")', timeout=10_000)
        assert projector.locator("#vote-result [data-choice=for]").inner_text() == "Tán thành: 2"
    finally:
        for context in contexts:
            context.close()
