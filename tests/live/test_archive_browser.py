"""The archivist on the real server: search without diacritics, then the task follow-up."""

import pytest

from tests.live.conftest import sign_in

pytestmark = [pytest.mark.live]


@pytest.mark.browser
def test_archivist_finds_cao_lanh_without_diacritics_and_sees_no_overdue_tasks(page):
    sign_in(page, "luutru")
    page.wait_for_url("**/archive")
    page.fill("#q", "cao lanh")
    page.click(".search-form button[type=submit]")
    page.wait_for_url("**/archive?q=cao+lanh*")
    first = page.locator(".hit").first
    assert "Cao Lãnh" in first.inner_text()
    marks = page.locator(".hit mark").all_inner_texts()
    assert "Lãnh" in marks and "Cao" in marks
    assert "kết quả" in page.get_by_test_id("result-count").inner_text()

    page.fill("#q", "xyzzy qwerty")
    page.click(".search-form button[type=submit]")
    assert page.get_by_test_id("no-results").inner_text() == "Không tìm thấy kết quả phù hợp"

    page.click("nav >> text=Theo dõi nhiệm vụ")
    page.wait_for_url("**/tasks")
    assert page.get_by_test_id("no-overdue").inner_text() == "Không có nhiệm vụ trễ hạn"
    assert int(page.get_by_test_id("count-done").inner_text()) == 4
    assert int(page.get_by_test_id("count-overdue").inner_text()) == 0


def test_reindex_command_on_the_demo_data(live):
    result = live.flask("archive", "reindex")
    assert "Đã lập chỉ mục 3 cuộc họp." in result.stdout
