"""Real Chromium against the real server: the secretary uploads a multi-MB PDF to an agenda item
of the demo meeting, watches the progress bar move to 100 %, and finds the document listed with
its first-page thumbnail; a member then downloads it with their name stamped on every page."""

import io

import pytest
from pypdf import PdfReader

from demo.documents.period import Period
from demo.seed import upcoming_meeting_day
from tests.live.conftest import sign_in
from tests.support.pdfs import make_heavy_pdf

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_secretary_uploads_with_progress_and_member_gets_a_stamped_copy(page, browser, live, tmp_path):
    # the third agenda item is the land-use plan of the demo meeting's plan year
    year = Period(upcoming_meeting_day()).plan_year
    title = f"Bản đồ quy hoạch sử dụng đất năm {year}"
    pdf = tmp_path / "Ban-do-quy-hoach.pdf"
    pdf.write_bytes(make_heavy_pdf(6, pages=3))
    sign_in(page, "thuky")
    page.wait_for_url("**/meetings/prepare")
    page.locator(".meeting-title", has_text="Phiên họp thường kỳ").first.click()
    page.wait_for_url("**/manage")  # the secretariat lands in the agenda builder; upload from the meeting page
    page.goto(page.url.removesuffix("/manage"))
    page.wait_for_selector(".agenda-item")
    item = page.locator(".agenda-item").nth(2)
    assert f"Kế hoạch sử dụng đất năm {year}" in item.inner_text()  # the seeded agenda and document agree
    form = item.locator("form.doc-upload")
    form.locator('input[type="file"]').set_input_files(str(pdf))
    form.locator('input[name="title"]').fill(title)

    # a slow tablet link (about 2 MB/s up) so the progress bar is seen moving
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": 2 * 1024 * 1024},
    )
    form.locator('button[type="submit"]').click()
    progress = item.locator(".upload-progress")
    progress.wait_for(state="visible")
    page.wait_for_function(
        "() => { const p = document.querySelectorAll('.agenda-item')[2].querySelector('.upload-progress');"
        " return p && p.value > 0 && p.value < 100; }",
        timeout=20_000,
    )
    page.wait_for_selector(".agenda-item:nth-child(3) .doc-upload[data-state=done]", timeout=60_000)
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    assert item.locator(".upload-progress").get_attribute("value") == "100"
    assert item.locator(".upload-percent").inner_text() == "100%"
    listed = item.locator(".document", has_text=title)
    assert listed.count() == 1 and "3 trang" in listed.inner_text()
    thumb = listed.locator("img.thumb")
    thumb.wait_for(state="visible")
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", thumb.element_handle())
    assert item.locator(".upload-error").is_hidden()

    # an Office file is refused in place, in Vietnamese
    docx = tmp_path / "to-trinh.docx"
    docx.write_bytes(b"PK\x03\x04[Content_Types].xml word/document.xml")
    form = item.locator("form.doc-upload")
    form.locator('input[type="file"]').set_input_files(str(docx))
    form.locator('button[type="submit"]').click()
    error = item.locator(".upload-error")
    error.wait_for(state="visible")
    assert "Chỉ nhận PDF; hãy chuyển sang PDF trước" in error.inner_text()
    assert item.locator(".upload-percent").is_hidden() and item.locator(".upload-progress").is_hidden()

    href = listed.locator("a.doc-title").get_attribute("href")
    member = browser.new_context(base_url=live.url, locale="vi-VN")
    try:
        member_page = member.new_page()
        sign_in(member_page, "uyvien2")
        member_page.wait_for_url("**/meetings/mine")
        response = member_page.request.get(href)
        assert response.status == 200
        pages = PdfReader(io.BytesIO(response.body())).pages
        assert len(pages) == 3 and all("Người xem: Võ Thành Đạt" in p.extract_text() for p in pages)
    finally:
        member.close()
