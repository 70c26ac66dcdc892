"""Real Chromium walks the secretariat's flow: create a meeting, add members, build a 3-item agenda,
reorder it by dragging, upload PDFs to its items from the meeting page (the progress bar is seen
moving on a slow link), publish; then a member sees exactly the meeting, its agenda in the new
order and its documents under the right items, unread until opened (on the meeting page or on the
tablet), and an outsider sees none of it."""

from datetime import date, timedelta

import pytest

from tests.live.conftest import sign_in
from tests.support.pdfs import make_heavy_pdf, make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.live]

TITLE = "Phiên họp chuyên đề chuyển đổi số xã Mỹ Thọ"
ITEMS = ("Báo cáo tiến độ dịch vụ công trực tuyến", "Tờ trình kinh phí họp không giấy", "Kết luận của Chủ tịch")
# agenda item -> the document uploaded to it (the last item has none)
REPORT = "Báo cáo tiến độ dịch vụ công trực tuyến mức độ 3, 4 năm 2026"
BUDGET = "Tờ trình dự toán kinh phí triển khai họp không giấy"
DOCUMENTS = {ITEMS[0]: REPORT, ITEMS[1]: BUDGET}


def _numbered_titles(page):
    rows = page.locator("ol.agenda-builder > li.builder-item > .builder-row")
    return [
        (row.locator(".agenda-number").inner_text(), row.locator(".builder-title").inner_text()) for row in rows.all()
    ]


def _summary(entry) -> str:
    return " ".join(entry.get_by_test_id("reading-summary").inner_text().split())


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
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": "touchMove", "touchPoints": [{"x": x, "y": y0 + (y1 - y0) * step / 12}]},
        )
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def _item(page, title):
    return page.locator(".agenda-item", has=page.locator(".agenda-title", has_text=title))


def _documents_by_item(page) -> dict[str, list[tuple[str, str]]]:
    """Agenda item title -> [(document title, read state shown)], as the meeting page lists them."""
    listed = {}
    for item in page.locator(".agenda-item").all():
        title = item.locator(".agenda-title").inner_text().split(" ", 1)[1]
        listed[title] = [
            (d.locator(".doc-title").inner_text(), d.get_by_test_id("read-state").inner_text())
            for d in item.locator("li.document").all()
        ]
    return listed


def _upload(page, title, pdf, document_title, slow=False):
    """Upload ``pdf`` to the agenda item ``title`` from the meeting page; on a slow link (about
    2 MB/s up, as a tablet on the office Wi-Fi) the progress bar must be seen at two values
    between 0 and 100 % before it reaches 100 %."""
    item = _item(page, title)
    item_id = item.get_attribute("data-agenda-item-id")
    form = item.locator("form.doc-upload")
    form.locator('input[type="file"]').set_input_files(str(pdf))
    form.locator('input[name="title"]').fill(document_title)
    cdp = None
    if slow:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": 2 * 1024 * 1024},
        )
    form.locator('button[type="submit"]').click()
    if slow:
        # sampled in the page at every animation frame, so no value is missed between two polls
        page.wait_for_function(
            """(id) => {
                const bar = document.querySelector(`.agenda-item[data-agenda-item-id="${id}"] .upload-progress`);
                const seen = (window.progressSeen = window.progressSeen || new Set());
                if (bar && !bar.hidden && bar.value > 0 && bar.value < 100) seen.add(bar.value);
                return seen.size >= 2;
            }""",
            arg=item_id,
            polling="raf",
            timeout=30_000,
        )
    page.wait_for_selector(
        f'.agenda-item[data-agenda-item-id="{item_id}"] .doc-upload[data-state=done]', timeout=60_000
    )
    if cdp is not None:
        cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        cdp.detach()
    item = _item(page, title)
    assert item.locator(".upload-progress").get_attribute("value") == "100"
    assert item.locator(".upload-percent").inner_text() == "100%"
    assert item.locator(".upload-error").is_hidden()
    return item.locator("li.document", has_text=document_title)


def test_secretariat_prepares_and_publishes_then_only_members_see_it(browser, live, tmp_path):
    tablet = browser.new_context(
        base_url=live.url, locale="vi-VN", has_touch=True, viewport={"width": 1024, "height": 1366}
    )
    try:
        _walk(tablet.new_page(), browser, live, tmp_path)
    finally:
        tablet.close()


def _walk(page, browser, live, tmp_path):
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, "thuky")
    page.wait_for_url("**/meetings/prepare")
    page.get_by_test_id("new-meeting").click()
    page.wait_for_url("**/meetings/new")

    # the form refuses an end before the start, in Vietnamese, and keeps what was typed
    day = (date.today() + timedelta(days=60)).isoformat()
    page.fill("#title", TITLE)
    page.select_option("#body_id", label="UBND xã Mỹ Thọ")  # active bodies only: the former district is not offered
    page.select_option("#kind", "thematic")
    page.fill("#starts_at", f"{day}T14:00")
    page.fill("#ends_at", f"{day}T13:00")
    page.fill("#place", "Phòng họp số 2, Trụ sở UBND xã Mỹ Thọ")
    page.click("form.meeting-form button[type=submit]")
    assert "Thời gian kết thúc phải sau thời gian bắt đầu." in page.locator(".flash-danger").inner_text()
    page.fill("#ends_at", f"{day}T16:30")
    page.click("form.meeting-form button[type=submit]")
    page.wait_for_url("**/manage")
    assert page.locator("h1").inner_text() == TITLE
    assert page.get_by_test_id("meeting-state").inner_text() == "Dự thảo"

    # the body's eight standing members are proposed, its Chủ tịch as chair; the secretary adds herself
    proposed = page.locator("#members-table tbody tr[data-user-id]")
    assert proposed.count() == 8
    assert page.locator('#members-table tr[data-role="chair"]').count() == 1
    assert page.locator('#member-user option[data-login="chutich"]').count() == 0  # already a member
    value = page.locator('#member-user option[data-login="thuky"]').get_attribute("value")
    page.select_option("#member-user", value)
    page.select_option("#member-role", "secretary")
    page.click("#add-member button[type=submit]")
    page.wait_for_selector('#members-table tr[data-role="secretary"]')
    assert page.locator("#members-table tbody tr[data-user-id]").count() == 9

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

    meeting_id = page.locator("article.meeting-manage").get_attribute("data-meeting-id")

    # documents, still in draft: uploaded to the items from the meeting page, with a progress bar
    page.goto(f"/meetings/{meeting_id}")
    page.wait_for_selector(".agenda-item form.doc-upload")
    report_pdf, budget_pdf = tmp_path / "Bao-cao-DVC.pdf", tmp_path / "To-trinh-kinh-phi.pdf"
    report_pdf.write_bytes(make_heavy_pdf(6, pages=3))
    budget_pdf.write_bytes(make_pdf(2, title="Tờ trình dự toán kinh phí"))
    report = _upload(page, ITEMS[0], report_pdf, REPORT, slow=True)
    assert report.count() == 1 and "3 trang" in report.inner_text()
    budget = _upload(page, ITEMS[1], budget_pdf, BUDGET)
    assert budget.count() == 1 and "2 trang" in budget.inner_text()
    page.reload()  # stored, not only on screen; listed under their items in the new order
    page.wait_for_selector(".agenda-item li.document")
    assert {t: [d for d, _ in docs] for t, docs in _documents_by_item(page).items()} == {
        ITEMS[2]: [],
        ITEMS[0]: [REPORT],
        ITEMS[1]: [BUDGET],
    }
    document_ids = {
        title: page.locator("li.document", has_text=title).get_attribute("data-document-id")
        for title in (REPORT, BUDGET)
    }

    page.goto(f"/meetings/{meeting_id}/manage")
    page.click("button[data-action=publish]")
    page.wait_for_selector("[data-testid=meeting-state]:text-is('Đã công bố')")

    # a member: sees the meeting, its agenda in the new order, and an unread invitation
    member = browser.new_context(base_url=live.url, locale="vi-VN")
    try:
        mpage = member.new_page()
        sign_in(mpage, "uyvien1")
        mpage.wait_for_url("**/meetings/mine")
        assert int(mpage.get_by_test_id("unread-count").inner_text()) >= 1
        entry = mpage.locator(f'li.meeting[data-meeting-id="{meeting_id}"]')
        assert entry.locator(".meeting-title").inner_text() == TITLE
        assert entry.locator(".agenda-outline > li").all_inner_texts() == [f"{n} {t}" for n, t in zip("123", new_order)]
        assert "Phiên họp chuyên đề về dự toán ngân sách" not in mpage.content()  # the demo draft stays hidden
        assert mpage.locator(f'li.meeting[data-meeting-id="{meeting_id}"]').count() == 1
        assert _summary(entry) == "Đã đọc 0/2 tài liệu"
        entry.locator(".meeting-title").click()
        mpage.wait_for_selector(".agenda-item li.document")
        assert mpage.locator(".agenda-item .agenda-title").all_inner_texts() == [
            f"{n} {t}" for n, t in zip("123", new_order)
        ]
        assert _documents_by_item(mpage) == {
            ITEMS[2]: [],
            ITEMS[0]: [(REPORT, "Chưa đọc")],
            ITEMS[1]: [(BUDGET, "Chưa đọc")],
        }

        # opening the report (a new tab, as the link does) reads it; the budget stays unread
        link = mpage.locator("li.document", has_text=REPORT).locator("a.doc-title")
        with member.expect_event("response", lambda r: f"/documents/{document_ids[REPORT]}/view" in r.url) as seen:
            link.click()
        assert seen.value.status == 200 and seen.value.header_value("content-type") == "application/pdf"
        for other in member.pages:
            if other is not mpage:
                other.close()
        mpage.reload()
        mpage.wait_for_selector(".agenda-item li.document")
        assert _documents_by_item(mpage) == {
            ITEMS[2]: [],
            ITEMS[0]: [(REPORT, "Đã đọc")],
            ITEMS[1]: [(BUDGET, "Chưa đọc")],
        }

        # reading the budget on the tablet viewer counts too
        assert mpage.get_by_test_id("open-on-tablet").get_attribute("href") == f"/meetings/{meeting_id}/live"
        mpage.get_by_test_id("open-on-tablet").click()
        mpage.wait_for_selector('#live-status[data-state="online"]')  # the viewer's script is running
        mpage.locator(f'.doc-link[data-document-id="{document_ids[BUDGET]}"]').click()
        mpage.wait_for_selector(f'#pdf-canvas[data-page="1"][data-document-id="{document_ids[BUDGET]}"]')
        mpage.goto(f"/meetings/{meeting_id}")
        mpage.wait_for_selector(".agenda-item li.document")
        assert _documents_by_item(mpage) == {
            ITEMS[2]: [],
            ITEMS[0]: [(REPORT, "Đã đọc")],
            ITEMS[1]: [(BUDGET, "Đã đọc")],
        }
        mpage.goto("/meetings/mine")
        assert _summary(mpage.locator(f'li.meeting[data-meeting-id="{meeting_id}"]')) == "Đã đọc 2/2 tài liệu"

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
        assert REPORT not in opage.content() and BUDGET not in opage.content()
        assert opage.request.get(f"{live.url}/meetings/{meeting_id}").status == 404
        assert opage.request.get(f"{live.url}/api/v1/meetings/{meeting_id}").status == 404
        assert opage.request.get(f"{live.url}/api/v1/meetings/{meeting_id}/documents").status == 404
        for document_id in document_ids.values():
            for path in ("", "/view", "/download", "/thumbnails/1.jpg"):
                assert opage.request.get(f"{live.url}/documents/{document_id}{path}").status == 404, path
            assert opage.request.get(f"{live.url}/api/v1/documents/{document_id}/download").status == 404
        opage.goto("/notifications")
        assert TITLE not in opage.content()
    finally:
        outsider.close()
