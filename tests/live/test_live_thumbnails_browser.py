"""The tablet viewer's page thumbnails: the strip shows one stored page image per page of the
document on screen, and a tap turns to that page."""

import pytest

from tests.live.conftest import open_live_meeting

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_thumbnail_strip_turns_pages(page, live):
    open_live_meeting(page, "uyvien2")
    first = page.locator(".doc-link").first
    first.click()
    document_id = first.get_attribute("data-document-id")
    page.wait_for_selector(f'#pdf-canvas[data-document-id="{document_id}"]')
    thumbs = page.locator(f'#thumb-strip[data-document-id="{document_id}"] .thumb')
    count = thumbs.count()
    assert count >= 3 and page.locator("#page-label").inner_text().endswith(f"/ {count}")
    image = page.request.get(thumbs.nth(2).locator("img").get_attribute("src"))
    assert image.status == 200 and image.headers["content-type"] == "image/jpeg" and image.body()[:2] == b"\xff\xd8"
    thumbs.nth(2).click()
    page.wait_for_selector(f'#pdf-canvas[data-document-id="{document_id}"][data-page="3"]')
    assert thumbs.nth(2).get_attribute("aria-current") == "true"
    assert thumbs.nth(0).get_attribute("aria-current") == "false"
