"""Real Chromium walks the secretariat's flow: create a meeting, add members, build a 3-item agenda,
reorder it by dragging, publish; then a member sees it in the new order and an outsider sees none of it."""
from datetime import date, timedelta

import pytest

from tests.live.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.live]

TITLE = "Phiên họp chuyên đề chuyển đổi số huyện Cao Lãnh"
ITEMS = ("Báo cáo tiến độ dịch vụ công trực tuyến", "Tờ trình kinh phí họp không giấy", "Kết luận của Chủ tịch")


def _numbered_titles(page):
    rows = page.locator("ol.agenda-builder > li.builder-item > .builder-row")
    return [(row.locator(".agenda-number").inner_text(), row.locator(".builder-title").inner_text())
            for row in rows.all()]


def _drag_by_touch(page, source, target):
    """A finger on a tablet: touch the handle, slide in steps, lift above the target (Chromium turns
    the touch events into pointer events, as on a real touch screen)."""
    target.scroll_into_view_if_needed()
    start, end = source.bounding_box(), target.bounding_box()
    x, y0 = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    y1 = end["y"] + 2
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y0}]})
    for step in range(1, 13):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove",
                                              "touchPoints": [{"x": x, "y": y0 + (y1 - y0) * step / 12}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_secretariat_prepares_and_publishes_then_only_members_see_it(browser, live):
    tablet = browser.new_context(base_url=live.url, locale="vi-VN", has_touch=True,
                                 viewport={"width": 1024, "height": 1366})
    try:
        _walk(tablet.new_page(), browser, live)
    finally:
        tablet.close()


def _walk(page, browser, live):
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, "thuky")
    page.wait_for_url("**/meetings/prepare")
    page.get_by_test_id("new-meeting").click()
    page.wait_for_url("**/meetings/new")

    # the form refuses an end before the start, in Vietnamese, and keeps what was typed
    day = (date.today() + timedelta(days=60)).isoformat()
    page.fill("#title", TITLE)
    page.select_option("#kind", "thematic")
    page.fill("#starts_at", f"{day}T14:00")
    page.fill("#ends_at", f"{day}T13:00")
    page.fill("#place", "Phòng họp số 2, Trụ sở UBND huyện Cao Lãnh")
    page.click("form.meeting-form button[type=submit]")
    assert "Thời gian kết thúc phải sau thời gian bắt đầu." in page.locator(".flash-danger").inner_text()
    page.fill("#ends_at", f"{day}T16:30")
    page.click("form.meeting-form button[type=submit]")
    page.wait_for_url("**/manage")
    assert page.locator("h1").inner_text() == TITLE
    assert page.get_by_test_id("meeting-state").inner_text() == "Dự thảo"

    for login, role in (("chutich", "chair"), ("thuky", "secretary"), ("uyvien1", "member")):
        value = page.locator(f'#member-user option[data-login="{login}"]').get_attribute("value")
        page.select_option("#member-user", value)
        page.select_option("#member-role", role)
        page.click("#add-member button[type=submit]")
        page.wait_for_selector(f'#members-table tr[data-role="{role}"]')
    assert page.locator("#members-table tbody tr[data-user-id]").count() == 3

    for title in ITEMS:
        page.fill("#fnew-title", title)
        page.fill("#fnew-duration", "20")
        page.click("form.item-form:has(#fnew-title) button[type=submit]")
        page.wait_for_selector(f".builder-title:text-is('{title}')")
    assert _numbered_titles(page) == [("1", ITEMS[0]), ("2", ITEMS[1]), ("3", ITEMS[2])]

    # drag the third item above the first, with a finger
    items = page.locator("ol.agenda-builder > li.builder-item")
    _drag_by_touch(page, items.nth(2).locator(".drag-handle"), items.nth(0))
    page.wait_for_selector("#agenda-status:text-is('Đã lưu thứ tự mới.')")
    new_order = [ITEMS[2], ITEMS[0], ITEMS[1]]
    assert _numbered_titles(page) == [("1", new_order[0]), ("2", new_order[1]), ("3", new_order[2])]
    page.reload()
    assert [t for _, t in _numbered_titles(page)] == new_order  # saved on the server, not only on screen

    page.click("button[data-action=publish]")
    page.wait_for_selector("[data-testid=meeting-state]:text-is('Đã công bố')")
    meeting_id = page.locator("article.meeting-manage").get_attribute("data-meeting-id")

    # a member: sees the meeting, its agenda in the new order, and an unread invitation
    member = browser.new_context(base_url=live.url, locale="vi-VN")
    try:
        mpage = member.new_page()
        sign_in(mpage, "uyvien1")
        mpage.wait_for_url("**/meetings/mine")
        assert int(mpage.get_by_test_id("unread-count").inner_text()) >= 1
        entry = mpage.locator(f'li.meeting[data-meeting-id="{meeting_id}"]')
        assert entry.locator(".meeting-title").inner_text() == TITLE
        assert entry.locator(".agenda-outline > li").all_inner_texts() == [
            f"{n} {t}" for n, t in zip("123", new_order)]
        assert "Phiên họp chuyên đề về dự toán ngân sách" not in mpage.content()  # the demo draft stays hidden
        entry.locator(".meeting-title").click()
        mpage.wait_for_selector(".agenda-item")
        assert mpage.locator(".agenda-item .agenda-title").all_inner_texts() == [
            f"{n} {t}" for n, t in zip("123", new_order)]
        assert mpage.get_by_test_id("open-on-tablet").get_attribute("href") == f"/meetings/{meeting_id}/live"
        mpage.goto("/notifications")
        assert TITLE in mpage.locator(".notification.unread").first.inner_text()
    finally:
        member.close()

    # an outsider: nothing of it anywhere
    outsider = browser.new_context(base_url=live.url, locale="vi-VN")
    try:
        opage = outsider.new_page()
        sign_in(opage, "ngoai")
        opage.wait_for_url("**/meetings/mine")
        assert TITLE not in opage.content() and opage.locator(".meeting").count() == 0
        assert opage.request.get(f"{live.url}/meetings/{meeting_id}").status == 404
        assert opage.request.get(f"{live.url}/api/v1/meetings/{meeting_id}").status == 404
        opage.goto("/notifications")
        assert TITLE not in opage.content()
    finally:
        outsider.close()
