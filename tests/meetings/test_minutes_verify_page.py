"""The verification page in words: pyHanko's modification levels read as Vietnamese phrases, and a
signature whose signed bytes were changed says so first (its trust is not evaluated, rather than
blamed on the certificate chain)."""

from __future__ import annotations

import io
import re
from html import unescape

from app.models import SystemRole
from tests.conftest import login
from tests.meetings.test_minutes_views import HTML
from tests.support.factories import create_user
from tests.support.minutes import (
    closed_meeting_with_signers,
    flip,
    last_revision,
    overpaint_after_signing,
    page_content_offset,
    sign_by_secretary_and_chair,
)


def _rows(page: str) -> list[list[str]]:
    """The signatures table as text, one list of cells per row."""
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    return [
        [
            " ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_scope_reads_as_vietnamese_and_an_altered_file_is_not_blamed_on_the_chain(app, client, store):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    data = sign_by_secretary_and_chair(meeting, secretary, chair)
    login(client, secretary)
    page = client.get(f"/meetings/{meeting.id}/minutes/verify", headers=HTML).get_data(as_text=True)
    first, second = _rows(page)
    assert first[3] == "Bản tại thời điểm ký; có chỉnh sửa hợp lệ về sau (chỉ điền biểu mẫu/ký tiếp)"
    assert second[3] == "Toàn bộ tài liệu"
    assert [first[5], second[5]] == ["Được tin cậy", "Được tin cậy"]
    assert "form_filling" not in page and 'data-testid="verify-altered"' not in page

    tampered = flip(data, page_content_offset(data))  # a byte of page 1's text: signed by both
    page = client.post(
        f"/meetings/{meeting.id}/minutes/verify", headers=HTML, data={"file": (io.BytesIO(tampered), "bien-ban.pdf")}
    ).get_data(as_text=True)
    assert 'data-ok="false"' in page and "Biên bản KHÔNG hợp lệ" in page
    altered = page.split('data-testid="verify-altered">')[1].split("</p>")[0]
    assert "Nội dung tệp đã bị thay đổi sau khi ký" in altered
    assert "Lê Hoàng Nam" in altered and "Nguyễn Văn Chủ" in altered
    for row in _rows(page):
        assert row[4] == "Nội dung đã bị thay đổi sau khi ký"
        assert row[5] == "Không đánh giá: nội dung đã bị thay đổi"
    assert "Không chuỗi về gốc tin cậy" not in page
    assert page.count('data-trust="not-evaluated"') == 2


def test_an_intact_file_from_an_unknown_ca_is_still_called_untrusted(app, client, store):
    """Trust is judged, and worded as a chain problem, only when the signed bytes are intact."""
    from documents.credentials import create_demo_ca, issue_demo_certificate, to_pkcs12
    from documents.minutes_pdf import render_minutes_pdf
    from documents.offload import run_cpu_bound
    from documents.signing import Appearance, Pkcs12Provider, sign_pdf
    from tests.documents.test_minutes_pdf import _doc

    ca_key, ca = create_demo_ca()  # not the product's CA
    key, cert = issue_demo_certificate(ca_key, ca, "Người Lạ")
    signer = Pkcs12Provider(to_pkcs12(key, cert, [ca], "pw")).open("pw")
    # as the product does: pyHanko calls asyncio.run, and Playwright's loop may be running in this thread
    signed = run_cpu_bound(
        sign_pdf, render_minutes_pdf(_doc(1, 1)), signer, "ThuKy", Appearance("Người Lạ", "Thư ký", "10:45")
    )
    login(client, create_user(role=SystemRole.archivist))
    page = client.post("/archive/verify", headers=HTML, data={"file": (io.BytesIO(signed), "la.pdf")}).get_data(
        as_text=True
    )
    (row,) = _rows(page)
    assert row[1].startswith("Người Lạ") and row[4] == "Nguyên vẹn, chữ ký hợp lệ"
    assert row[5] == "Không chuỗi về gốc tin cậy" and 'data-trust="untrusted"' in page
    assert 'data-testid="verify-altered"' not in page
    # its own verdict: not "valid" for an archivist, not "altered" either
    assert 'data-verdict="untrusted"' in page and 'data-ok="false"' in page
    heading = " ".join(unescape(re.sub(r"<[^>]+>", " ", page.split("<h2>")[1].split("</h2>")[0])).split())
    assert heading == "Chữ ký nguyên vẹn nhưng chứng thư không được tin cậy"
    assert "Mọi chữ ký nguyên vẹn và hợp lệ" not in page and "Biên bản KHÔNG hợp lệ" not in page


def test_an_overlay_added_after_the_chair_reads_as_invalid_on_both_pages(app, client, store):
    """An unsigned signature field whose appearance paints a white box and new text over the conclusion,
    appended after the last signature: both signatures are intact, but the minutes are not valid."""
    meeting, secretary, chair, _member = closed_meeting_with_signers()
    data = sign_by_secretary_and_chair(meeting, secretary, chair, "Thông qua Tờ trình 47/TTr-UBND về đất đai.")
    altered = overpaint_after_signing(data, "47/TTr-UBND", "KHONG THONG QUA")
    revision = last_revision(altered)
    login(client, secretary)
    stored = client.get(f"/meetings/{meeting.id}/minutes/verify", headers=HTML).get_data(as_text=True)
    assert 'data-verdict="valid"' in stored and 'data-testid="verify-findings"' not in stored

    pages = [
        client.post(
            f"/meetings/{meeting.id}/minutes/verify", headers=HTML, data={"file": (io.BytesIO(altered), "bien-ban.pdf")}
        ).get_data(as_text=True)
    ]
    client.post("/logout")
    login(client, create_user(role=SystemRole.archivist))
    pages.append(
        client.post("/archive/verify", headers=HTML, data={"file": (io.BytesIO(altered), "bien-ban.pdf")}).get_data(
            as_text=True
        )
    )
    for page in pages:
        assert 'data-verdict="invalid"' in page and 'data-ok="false"' in page and "Biên bản KHÔNG hợp lệ" in page
        assert "Mọi chữ ký nguyên vẹn và hợp lệ" not in page
        findings = " ".join(
            unescape(
                re.sub(r"<[^>]+>", " ", page.split('data-testid="verify-findings">')[1].split("</div>")[0])
            ).split()
        )
        assert findings.startswith(
            f"Biên bản đã bị thay đổi sau khi ký: lần cập nhật thứ {revision} của tệp, "
            "sau chữ ký của Nguyễn Văn Chủ, không phải là chữ ký của biên bản"
        )
        assert "«SuaDoi»" in findings and "Không dùng tệp này làm bản chính" in findings
        rows = _rows(page)
        assert [row[4] for row in rows] == ["Nguyên vẹn, chữ ký hợp lệ"] * 2  # the bytes each signed are intact …
        for row in rows:  # … but what the page shows now is not what they signed
            assert row[3] == f"Bản tại thời điểm ký; có thay đổi KHÔNG được phép về sau (lần cập nhật thứ {revision})"
    assert "Không trùng với bản nào trong kho lưu trữ của cuộc họp." in pages[0]
