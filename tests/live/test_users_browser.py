"""Acceptance (issue 13): the admin creates a user, who logs in and must change the password
first; the admin deactivates that member during a live session and the member's tablet is
disconnected within 2 seconds while their API token gets 401."""

import time
import uuid

import pytest
import requests

from tests.live.conftest import sign_in
from tests.live.live_clients import fresh_meeting, token

pytestmark = [pytest.mark.browser, pytest.mark.live]


def _context(browser, live):
    return browser.new_context(base_url=live.url, locale="vi-VN", viewport={"width": 1280, "height": 800})


def test_a_new_user_changes_the_temporary_password_then_is_cut_off_when_deactivated(browser, live):
    login = f"uv.{uuid.uuid4().hex[:6]}"
    admin_ctx, tablet_ctx = _context(browser, live), _context(browser, live)
    try:
        admin = admin_ctx.new_page()
        sign_in(admin, "admin")
        admin.goto("/admin/users")
        admin.click("text=Thêm người dùng")
        admin.fill("#login", login)
        admin.fill("#full_name", "Nguyễn Thị Ba Sao")
        admin.fill("#unit", "UBND xã Ba Sao")
        admin.fill("#position", "Ủy viên")
        admin.click("button[type=submit]:has-text('Tạo tài khoản')")
        temporary = admin.locator('[data-testid="temporary-password"]').inner_text().strip()
        assert len(temporary) == 14

        tablet = tablet_ctx.new_page()
        sign_in(tablet, login, temporary)
        tablet.wait_for_url("**/account/password")
        assert "mật khẩu tạm thời" in tablet.locator('[data-testid="must-change"]').inner_text()
        tablet.goto("/meetings/mine")  # every page leads back to the change form
        tablet.wait_for_url("**/account/password")
        tablet.fill("#current_password", temporary)
        tablet.fill("#new_password", "BaSao-2026-hop")
        tablet.fill("#confirm_password", "BaSao-2026-hop")
        tablet.click("button[type=submit]:has-text('Đổi mật khẩu')")
        tablet.wait_for_url("**/account")
        tablet.fill("#token-name", "Máy tính bảng phòng họp")
        tablet.click("button:has-text('Cấp mã mới')")
        member_token = tablet.locator('[data-testid="token-value"]').inner_text().strip()
        me = requests.get(f"{live.url}/api/v1/me", headers={"Authorization": f"Bearer {member_token}"}, timeout=10)
        assert me.status_code == 200 and me.json()["login"] == login

        tokens = {name: token(live, name) for name in ("chutich", "thuky")}
        tokens[login] = member_token
        meeting = fresh_meeting(
            live.url, tokens["thuky"], {"chutich": "chair", "thuky": "secretary", login: "member"}, tokens
        )
        tablet.goto(f"/meetings/{meeting['id']}/live")
        tablet.wait_for_selector('#live-status[data-state="online"]')
        assert tablet.locator("#access-lost").is_hidden()

        admin.goto("/admin/users?q=" + login)
        admin.click(f"tr[data-login='{login}'] a")
        admin.once("dialog", lambda dialog: dialog.accept())
        started = time.monotonic()
        admin.click('[data-testid="deactivate"]')
        tablet.wait_for_selector("#access-lost", state="visible", timeout=2_000)
        elapsed = time.monotonic() - started
        assert elapsed < 2.0, elapsed
        assert (
            tablet.locator("#access-lost").inner_text() == "Phiên đăng nhập không còn hiệu lực. Vui lòng đăng nhập lại."
        )
        tablet.wait_for_selector('#live-status[data-state="offline"]', timeout=2_000)
        refused = requests.get(f"{live.url}/api/v1/me", headers={"Authorization": f"Bearer {member_token}"}, timeout=10)
        assert refused.status_code == 401
        assert admin.locator('[data-testid="status"]').inner_text() == "Đã vô hiệu hóa"
        tablet.goto("/meetings/mine")  # the session cookie no longer works either
        tablet.wait_for_url("**/login**")
    finally:
        admin_ctx.close()
        tablet_ctx.close()
