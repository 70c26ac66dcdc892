"""The tablet viewer held upright: on a 1024×1366 portrait tablet the agenda is a drawer, and
choosing a document closes it so the page is in view (it used to stay open above 900px wide)."""

import pytest

from tests.live.conftest import open_live_meeting

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_portrait_tablet_drawer_closes_after_choosing_a_document(browser, live):
    context = browser.new_context(
        base_url=live.url, locale="vi-VN", viewport={"width": 1024, "height": 1366}, has_touch=True
    )
    page = context.new_page()
    try:
        open_live_meeting(page, "uyvien2")
        sidebar, toggle = page.locator("#live-sidebar"), page.locator("#toggle-sidebar")
        assert (
            page.evaluate("matchMedia(JSON.parse(document.getElementById('live').dataset.config).drawer_query).matches")
            is True
        )
        assert toggle.is_visible() and not sidebar.is_visible()  # a drawer, closed, at 1024px wide
        toggle.click()
        assert sidebar.is_visible()
        link = page.locator(".doc-link").first
        document_id = link.get_attribute("data-document-id")
        link.click()
        page.wait_for_selector(f'#pdf-canvas[data-document-id="{document_id}"]')
        assert not sidebar.is_visible() and "sidebar-open" not in page.locator("#live").get_attribute("class")
        assert page.locator("#stage").is_visible()
    finally:
        context.close()


def test_portrait_tablet_names_the_agenda_button_the_open_document_and_why_it_cannot_ask_to_speak(browser, live):
    context = browser.new_context(
        base_url=live.url, locale="vi-VN", viewport={"width": 768, "height": 1024}, has_touch=True
    )
    page = context.new_page()
    try:
        open_live_meeting(page, "uyvien2")
        toggle = page.locator("#toggle-sidebar")
        assert toggle.is_visible() and "Chương trình" in toggle.inner_text()  # not a bare "☰"
        request = page.locator("#floor-request")
        if request.is_disabled():  # no item under discussion yet: the tablet says so
            why = request.get_attribute("title")
            assert why in ("Chờ chủ tọa chọn nội dung thảo luận", "Cuộc họp đã kết thúc")
            assert page.locator("#floor-place").inner_text() == why
        else:
            assert not request.get_attribute("title")
        assert page.locator("#doc-title").inner_text() == ""
        toggle.click()
        link = page.locator(".doc-link").first
        document_id = link.get_attribute("data-document-id")
        title = page.evaluate(
            "id => JSON.parse(document.getElementById('live').dataset.config).documents[id].title", document_id
        )
        link.click()
        page.wait_for_selector(f'#pdf-canvas[data-document-id="{document_id}"]')
        shown = page.locator("#doc-title")
        assert shown.inner_text() == title and shown.is_visible()  # which document this page belongs to
        box = shown.bounding_box()
        assert box["width"] > 80 and box["y"] + box["height"] <= page.locator("#stage").bounding_box()["y"]
    finally:
        context.close()
