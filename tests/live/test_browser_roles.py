"""Real Chromium: each demo login lands on its first page; members see their meeting and open
its documents (bytes from S3); the outsider sees nothing."""

import pytest

from tests.live.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.live]


@pytest.mark.parametrize(
    "login,path,heading",
    [
        ("uyvien1", "/meetings/mine", "Cuộc họp của tôi"),
        ("chutich", "/meetings/mine", "Cuộc họp của tôi"),
        ("thuky", "/meetings/prepare", "Cuộc họp cần chuẩn bị"),
        ("luutru", "/archive", "Lưu trữ cuộc họp"),
        ("admin", "/admin/users", "Người dùng"),
    ],
)
def test_each_demo_login_reaches_its_first_page(page, login, path, heading):
    sign_in(page, login)
    page.wait_for_url(f"**{path}")
    assert page.locator("h1").first.inner_text() == heading
    assert page.get_by_test_id("current-user").is_visible()


def test_wrong_password_message(page):
    sign_in(page, "uyvien1", "sai-mat-khau")
    assert page.locator(".flash-danger").inner_text() == (
        "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa vài phút vì nhập sai nhiều lần."
    )
    assert "/login" in page.url


def test_member_opens_a_document_of_the_demo_meeting(page, live):
    sign_in(page, "uyvien2")
    page.wait_for_url("**/meetings/mine")
    page.locator(".meeting-title").first.click()
    page.wait_for_selector(".agenda-item")
    assert page.locator(".agenda-item").count() >= 4
    link = page.locator(".document a[target=_blank]").first
    href = link.get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200 and response.body()[:5] == b"%PDF-"
    assert response.headers["content-type"] == "application/pdf"


def test_outsider_sees_no_meeting(page, live):
    sign_in(page, "ngoai")
    page.wait_for_url("**/meetings/mine")
    assert page.locator(".meeting").count() == 0
    assert "Bạn chưa được mời dự cuộc họp nào sắp diễn ra." in page.content()
    response = page.request.get(f"{live.url}/api/v1/meetings/1")
    assert response.status == 404
