"""Written opinion ballots on the real server (the demo's open ballot): a member answers with the big
buttons through the confirm step and sees "Bạn đã gửi ý kiến"; the office asks a new ballot, the draft
uploading with a progress bar."""

import pytest
from playwright.sync_api import expect

from tests.live.conftest import sign_in
from tests.support.pdfs import make_text_pdf

pytestmark = [pytest.mark.live]

OPEN_TITLE = "Kế hoạch tổ chức các hoạt động mừng Đảng, mừng Xuân Đinh Mùi năm 2027"


@pytest.mark.browser
def test_a_member_answers_through_the_confirm_step(page):
    sign_in(page, "uyvien2")
    page.wait_for_load_state()
    assert page.get_by_test_id("ballots-waiting").inner_text() == "1"
    page.get_by_test_id("nav-ballots").click()
    page.get_by_role("link", name=OPEN_TITLE).click()
    expect(page.get_by_test_id("countdown")).to_contain_text("Còn ")  # counted down by the tablet
    assert "Bạn có thể thay đổi ý kiến cho đến khi kết thúc" in page.get_by_test_id("my-answer").inner_text()
    button = page.locator("label.choice-agree")
    assert button.bounding_box()["height"] >= 72  # big enough for a finger
    button.click()
    page.get_by_test_id("send-answer").click()
    step = page.get_by_test_id("confirm-step")
    expect(step).to_be_visible()
    assert "Gửi ý kiến «Đồng ý»?" in step.inner_text()
    page.locator('[data-action="back"]').click()  # back: nothing sent
    expect(step).to_be_hidden()
    page.get_by_test_id("send-answer").click()
    page.get_by_test_id("confirm-send").click()
    page.wait_for_load_state()
    assert "Bạn đã gửi ý kiến: Đồng ý" in page.get_by_test_id("answered").inner_text()
    assert page.get_by_test_id("ballots-waiting").count() == 0


@pytest.mark.browser
def test_the_office_asks_a_new_ballot_with_upload_progress(page, tmp_path):
    draft = tmp_path / "du-thao-quy-che.pdf"
    draft.write_bytes(make_text_pdf("Dự thảo Quy chế làm việc của UBND nhiệm kỳ 2026–2031."))
    sign_in(page, "thuky")
    page.goto("/opinion-ballots/new")
    form = page.get_by_test_id("ballot-form")
    # the body the secretary prepares meetings for is proposed (the commune, not the province listed
    # first); its serving standing members come ticked
    assert page.locator("#pick-body option:checked").inner_text() == "UBND xã Mỹ Thọ"
    assert "thành viên đương nhiệm của UBND xã Mỹ Thọ" in form.locator("legend").inner_text()
    assert form.locator('input[name="recipient_ids"]:checked').count() >= 6
    form.locator('input[name="recipient_ids"]').first.check()  # at least one, whoever the demo seats
    page.fill("#title", "Quy chế làm việc của UBND nhiệm kỳ 2026–2031")
    page.fill("#question", "Thông qua dự thảo Quy chế làm việc.")
    page.fill("#deadline", "2099-12-31T17:00")
    page.set_input_files("#draft", str(draft))
    form.locator('button[type="submit"]').click()
    page.wait_for_url("**/opinion-ballots/*")
    assert page.get_by_test_id("ballot-title").inner_text() == "Quy chế làm việc của UBND nhiệm kỳ 2026–2031"
    assert "Đang lấy ý kiến" in page.get_by_test_id("ballot-state").inner_text()
    assert "văn phòng chỉ thấy ai đã trả lời" in page.get_by_test_id("answers").locator("..").inner_text()
