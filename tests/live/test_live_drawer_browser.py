"""The tablet viewer held upright: on a 1024×1366 portrait tablet the agenda is a drawer, and
choosing a document closes it so the page is in view (it used to stay open above 900px wide)."""

import pytest

from tests.live.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_portrait_tablet_drawer_closes_after_choosing_a_document(browser, live):
    context = browser.new_context(
        base_url=live.url, locale="vi-VN", viewport={"width": 1024, "height": 1366}, has_touch=True
    )
    page = context.new_page()
    try:
        sign_in(page, "uyvien2")
        page.wait_for_url("**/meetings/mine")
        page.locator(".meeting-title", has_text="Phiên họp thường kỳ tháng").first.click()
        page.wait_for_selector(".agenda-item")
        page.goto(page.url + "/live")
        page.wait_for_selector('#live-status[data-state="online"]')
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
