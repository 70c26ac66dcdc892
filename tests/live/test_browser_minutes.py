"""Real Chromium on the gevent server: the archivist finds the demo meeting's signed minutes and
verifies them (pyHanko runs in gevent's thread pool); the chair sees them signed."""

import pytest

from tests.live.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_archivist_verifies_the_signed_demo_minutes(page):
    sign_in(page, "luutru")
    page.wait_for_url("**/archive")
    page.get_by_text("Phiên họp thường kỳ tháng 3 năm 2020 của UBND huyện Cao Lãnh").first.click()
    page.get_by_role("link", name="Biên bản cuộc họp").click()
    assert "Đã ký" in page.get_by_test_id("minutes-state").inner_text()
    # held in 2020 as scheduled: the page states those times, not when the demo was seeded
    assert page.get_by_test_id("minutes-started").inner_text() == "07:30 26/03/2020"
    assert page.get_by_test_id("minutes-ended").inner_text() == "10:45 26/03/2020"
    page.get_by_role("link", name="Kiểm tra chữ ký số").click()
    result = page.get_by_test_id("verify-result")
    assert result.get_attribute("data-ok") == "true"
    text = result.inner_text()
    assert "Mọi chữ ký nguyên vẹn và hợp lệ" in text and "Trùng khớp bản lưu trữ có 2 chữ ký" in text
    assert "Lê Hoàng Nam" in text and text.count("Được tin cậy") >= 2
    response = page.request.get(page.url.replace("/verify", "/signed.pdf"))
    assert response.status == 200 and response.body()[:5] == b"%PDF-"
