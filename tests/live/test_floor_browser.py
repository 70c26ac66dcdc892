"""Issue 10 acceptance in real Chromium contexts: members check in from their tablets, the chair opens
a secret vote on the console, two members vote, the count moves live on the console and on the
projector view, a member who reloads mid-vote sees "Bạn đã biểu quyết" and cannot vote again, the
chair closes the vote and the console, the tablets and the projector show the same result."""

import pytest
import requests

from tests.live.live_clients import browser_page, floor_meeting

pytestmark = [pytest.mark.browser, pytest.mark.live]
RESULT = "Tán thành 2/3 thành viên (66,7 %) — Thông qua"


def _vote(page, choice):
    page.wait_for_selector('#vote-panel[data-state="open"]', timeout=10_000)
    page.click(f'#vote-choices button[data-choice="{choice}"]')
    assert "Tán thành" in page.locator("#vote-confirm-text").inner_text()  # the confirm step names the choice
    page.click("#vote-confirm-yes")
    page.wait_for_selector('#vote-done:has-text("Bạn đã biểu quyết")', timeout=10_000)


def test_a_vote_from_the_console_to_the_tablets_and_the_projector(browser, live):
    meeting = floor_meeting(
        live,
        "Phiên họp chuyên đề biểu quyết Kế hoạch năm 2027",
        {"chutich": "chair", "thuky": "secretary", "uyvien1": "member", "uyvien2": "member"},
        items=({"title": "Kế hoạch phát triển kinh tế – xã hội năm 2027", "for_decision": True},),
        checked_in=("chutich",),  # the chair checked in by the secretary; the members do it themselves
    )
    meeting_id, office = meeting["id"], meeting["office"]
    contexts = []
    try:
        (c1, member1), (c2, member2) = (
            browser_page(browser, live, login, f"/meetings/{meeting_id}/live") for login in ("uyvien1", "uyvien2")
        )
        contexts += [c1, c2]
        for tablet in (member1, member2):  # members check themselves in on the tablet
            tablet.click("#check-in")
            tablet.wait_for_selector('#floor-bar[data-checked-in="1"]')
        member2.wait_for_selector('#quorum-line[data-holds="1"]')
        assert "có mặt 3/3 thành viên" in member2.locator("#quorum-line").inner_text()
        started = requests.post(f"{live.url}/api/v1/meetings/{meeting_id}/start", headers=office, timeout=10)
        assert started.status_code == 200, started.text

        chair_context, chair = browser_page(browser, live, "chutich", f"/meetings/{meeting_id}/console")
        contexts.append(chair_context)
        chair.click("text=Tạo liên kết màn hình chiếu")
        screen_url = chair.locator('[data-testid="screen-link"] a').inner_text()
        chair.wait_for_selector('#live-status[data-state="online"]')

        # the projector's computer: nobody logged in
        screen_context, projector = browser_page(browser, live, path=screen_url)
        contexts.append(screen_context)
        assert "Đủ điều kiện tiến hành" in projector.locator("#quorum-line").inner_text()

        # the seats change while the consoles are open: the quorum moves live on the console and the projector
        newcomer = meeting["members"]["uyvien3"]
        added = requests.post(
            f"{live.url}/api/v1/meetings/{meeting_id}/members",
            headers=office,
            timeout=10,
            json={"user_id": newcomer, "role": "member"},
        )
        assert added.status_code == 201, added.text
        for page in (chair, projector):  # 4 voting members now: 2/3 of 4 needs 3 — three are here
            page.wait_for_selector('#quorum-line:has-text("có mặt 3/4 thành viên")', timeout=10_000)
        chair.wait_for_selector('[data-testid="roster-changed"]', state="visible")
        removed = requests.delete(
            f"{live.url}/api/v1/meetings/{meeting_id}/members/{newcomer}", headers=office, timeout=10
        )
        assert removed.status_code == 200, removed.text
        for page in (chair, projector, member1):
            page.wait_for_selector('#quorum-line:has-text("có mặt 3/3 thành viên")', timeout=10_000)

        chair.fill("#vote-question", "Thông qua Kế hoạch phát triển kinh tế – xã hội năm 2027")
        chair.check("#vote-secret")
        chair.click("#vote-open")
        chair.wait_for_selector("#vote-current:not([hidden])")
        vote_id = int(chair.locator("#vote-current").get_attribute("data-vote-id"))
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
        # and the server refuses a second ballot from that browser, even sent by hand on a socket of its own
        second = member1.evaluate(
            """([meetingId, voteId]) => new Promise((resolve) => {
                const socket = io("/meeting", { transports: ["websocket"] });
                socket.on("connect", () => socket.emit("meeting.join", { meeting_id: meetingId }, () =>
                  socket.emit("vote.cast", { meeting_id: meetingId, vote_id: voteId, choice: "against",
                                             ballot_id: crypto.randomUUID() }, (ack) => { socket.close(); resolve(ack); })));
            })""",
            [meeting_id, vote_id],
        )
        assert second == {"ok": False, "error": "Bạn đã biểu quyết; phiếu kín không thể thay đổi."}

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
