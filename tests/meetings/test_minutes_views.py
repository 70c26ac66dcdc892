"""Minutes pages over HTTP: thin views over the services, Vietnamese messages, and who may see what."""

from __future__ import annotations

import hashlib
import io

import sqlalchemy as sa

from app.extensions import db
from app.models import SystemRole
from meetings.models import SignedMinutes
from meetings.services import minutes as svc
from meetings.services.minutes_records import credential_of, latest_signed
from tests.conftest import login
from tests.support.factories import create_meeting, create_user
from tests.support.minutes import P12_PASSPHRASE, closed_meeting_with_signers, flip

HTML = {"Accept": "text/html"}


def _form(meeting, **extra):
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    item = meeting.agenda_items[0]
    closed = (meeting.starts_at + timedelta(hours=3)).astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    data = {
        "number": "15/BB-UBND",
        "narrative": "Chủ tịch khai mạc phiên họp.",
        "closed_at": closed.strftime("%Y-%m-%dT%H:%M"),
        "recipients": "Thường trực Huyện ủy\nLưu: VT",
        f"conclusion-{item.id}": "Thống nhất thông qua.",
    }
    for member in meeting.members:
        data[f"status-{member.user_id}"] = "present"
    data.update(extra)
    return data


def test_secretary_writes_the_draft_and_sees_its_versions(app, client, store):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    login(client, secretary)
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    assert "Lưu bản dự thảo" in page and "Chưa có phiên bản nào." in page
    response = client.post(
        f"/meetings/{meeting.id}/minutes",
        data=_form(meeting, **{f"status-{member.id}": "absent", f"reason-{member.id}": "Ốm"}),
    )
    assert response.status_code == 302
    draft = svc.get_draft(meeting)
    assert draft.number == "15/BB-UBND"
    assert abs((draft.closed_at - meeting.starts_at).total_seconds() - 3 * 3600) < 60  # local time understood
    assert [a.reason for a in svc.minutes_document(meeting, draft).attendees if a.status == "absent"] == ["Ốm"]
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    assert "Đã lưu bản dự thảo (phiên bản 1)." in page and "Chủ tịch khai mạc phiên họp." in page
    preview = client.get(f"/meetings/{meeting.id}/minutes/preview.pdf")
    assert preview.mimetype == "application/pdf" and preview.data.startswith(b"%PDF")


def test_bad_form_input_is_a_400_in_vietnamese_and_saves_nothing(app, client, store):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    login(client, secretary)
    response = client.post(f"/meetings/{meeting.id}/minutes", data=_form(meeting, closed_at="hôm qua"), headers=HTML)
    assert response.status_code == 400 and "Giờ kết thúc không hợp lệ" in response.get_data(as_text=True)
    response = client.post(
        f"/meetings/{meeting.id}/minutes", data=_form(meeting, **{"conclusion-abc": "x"}), headers=HTML
    )
    assert response.status_code == 400
    assert svc.get_draft(meeting) is None


def test_who_may_open_and_change_the_minutes_pages(app, client, store):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    outsider = create_user()
    archivist = create_user(role=SystemRole.archivist)
    published = create_meeting({secretary: "secretary"}, items=1)
    login(client, member)
    assert "Lưu bản dự thảo" not in client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    assert client.post(f"/meetings/{meeting.id}/minutes", data=_form(meeting), headers=HTML).status_code == 403
    assert client.get(f"/meetings/{meeting.id}/minutes/preview.pdf", headers=HTML).status_code == 403
    assert (
        client.post(f"/meetings/{meeting.id}/minutes/sign", data={"passphrase": "x"}, headers=HTML).status_code == 403
    )
    assert client.get("/archive/verify", headers=HTML).status_code == 403
    client.post("/logout")
    login(client, outsider)
    for url in ("", "/preview.pdf", "/signed.pdf", "/verify"):
        response = client.get(f"/meetings/{meeting.id}/minutes{url}", headers=HTML)
        assert response.status_code == 404 and b"%PDF" not in response.data
    client.post("/logout")
    login(client, archivist)
    assert client.get(f"/meetings/{published.id}/minutes", headers=HTML).status_code == 404
    page = client.get(f"/meetings/{meeting.id}/minutes/verify", headers=HTML).get_data(as_text=True)
    assert "Cuộc họp chưa có biên bản đã ký." in page
    assert client.post(f"/meetings/{meeting.id}/minutes/lock", headers=HTML).status_code == 403
    assert "Kiểm tra chữ ký số biên bản" in client.get("/archive/verify", headers=HTML).get_data(as_text=True)
    assert svc.get_draft(meeting) is None


def test_sign_over_http_then_edits_are_refused_and_verification_shows_the_signer(app, client, store, tmp_path):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    login(client, secretary)
    client.post(f"/meetings/{meeting.id}/minutes", data=_form(meeting))
    assert client.post(f"/meetings/{meeting.id}/minutes/lock").status_code == 302
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    assert "Mật khẩu chứng thư số" in page and "Mở khóa để sửa" in page
    wrong = client.post(f"/meetings/{meeting.id}/minutes/sign", data={"passphrase": "sai"}, headers=HTML)
    assert wrong.status_code == 400 and "Mật khẩu chứng thư số không đúng" in wrong.get_data(as_text=True)
    assert latest_signed(meeting.id) is None
    assert client.post(f"/meetings/{meeting.id}/minutes/sign", data={"passphrase": P12_PASSPHRASE}).status_code == 302

    refused = client.post(f"/meetings/{meeting.id}/minutes", data=_form(meeting, narrative="Sửa lén"), headers=HTML)
    assert refused.status_code == 409 and "đã có chữ ký số; không thể sửa" in refused.get_data(as_text=True)
    assert svc.get_draft(meeting).narrative == "Chủ tịch khai mạc phiên họp."
    record = latest_signed(meeting.id)
    signed = client.get(f"/meetings/{meeting.id}/minutes/signed.pdf")
    assert hashlib.sha256(signed.data).hexdigest() == record.sha256

    page = client.get(f"/meetings/{meeting.id}/minutes/verify", headers=HTML).get_data(as_text=True)
    assert 'data-ok="true"' in page and "Lê Hoàng Nam" in page and "Toàn bộ tài liệu" in page
    assert "Trùng khớp bản lưu trữ có 1 chữ ký" in page
    tampered = flip(signed.data, 2000)
    page = client.post(
        f"/meetings/{meeting.id}/minutes/verify", headers=HTML, data={"file": (io.BytesIO(tampered), "bien-ban.pdf")}
    ).get_data(as_text=True)
    assert 'data-ok="false"' in page and "Biên bản KHÔNG hợp lệ" in page
    assert "Không trùng với bản nào trong kho lưu trữ" in page
    empty = client.post(f"/meetings/{meeting.id}/minutes/verify", headers=HTML, data={})
    assert empty.status_code == 400 and "Chưa chọn tệp PDF" in empty.get_data(as_text=True)
    assert (
        db.session.scalar(sa.select(sa.func.count(SignedMinutes.id)).where(SignedMinutes.meeting_id == meeting.id)) == 1
    )


def test_upload_my_signing_certificate(app, client, store):
    from documents.credentials import create_demo_ca, issue_demo_certificate, to_pkcs12

    user = create_user(full_name="Phạm Thị Hạnh")
    ca_key, ca = create_demo_ca()
    key, cert = issue_demo_certificate(ca_key, ca, user.full_name)
    p12 = to_pkcs12(key, cert, [ca], "dung")
    login(client, user)
    assert "Chưa có chứng thư số." in client.get("/account/signing-credential", headers=HTML).get_data(as_text=True)
    wrong = client.post(
        "/account/signing-credential", headers=HTML, data={"p12": (io.BytesIO(p12), "toi.p12"), "passphrase": "sai"}
    )
    assert wrong.status_code == 400 and "Mật khẩu chứng thư số không đúng" in wrong.get_data(as_text=True)
    assert credential_of(user) is None
    ok = client.post("/account/signing-credential", data={"p12": (io.BytesIO(p12), "toi.p12"), "passphrase": "dung"})
    assert ok.status_code == 302
    page = client.get("/account/signing-credential", headers=HTML).get_data(as_text=True)
    assert "Phạm Thị Hạnh" in page and credential_of(user).fingerprint in page
    assert client.get("/account/signing-credential", headers=HTML, follow_redirects=False).status_code == 200
    client.post("/logout")
    assert client.get("/account/signing-credential", headers=HTML).status_code in (302, 401)


def test_locking_with_absences_without_a_reason_asks_first(app, client, store):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    svc.save_draft(secretary, meeting, number="15/BB-UBND", attendance={member.id: {"status": "absent", "reason": ""}})
    db.session.commit()
    login(client, secretary)
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    assert (
        'data-confirm="Còn 1 thành viên vắng chưa ghi lý do; biên bản sẽ ghi «không rõ lý do». Vẫn khóa để ký?"'
    ) in page and "js/meetings/confirm.js" in page
    svc.save_draft(
        secretary, meeting, number="15/BB-UBND", attendance={member.id: {"status": "absent", "reason": "Đi công tác"}}
    )
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    assert 'data-confirm="Khóa biên bản để ký? Muốn sửa tiếp phải mở khóa."' in page


def test_a_wrong_passphrase_shows_the_minutes_page_with_the_reason(app, client, store):
    """Signing with a mistyped passphrase (or out of turn): the minutes page again with the reason on
    top and the sign box to retype it, the refusal's status; it used to be a separate error page at
    /minutes/sign ("Lỗi 400") that the chair had to go back from."""
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    login(client, secretary)
    client.post(f"/meetings/{meeting.id}/minutes", data=_form(meeting))
    assert client.post(f"/meetings/{meeting.id}/minutes/lock").status_code == 302
    client.post("/logout")
    login(client, chair)
    early = client.post(f"/meetings/{meeting.id}/minutes/sign", data={"passphrase": P12_PASSPHRASE}, headers=HTML)
    assert early.status_code == 409 and "Thư ký ký trước" in early.get_data(as_text=True)
    assert 'class="flash flash-danger"' in early.get_data(as_text=True) and "Biên bản cuộc họp" in early.get_data(
        as_text=True
    )
    client.post("/logout")
    login(client, secretary)
    wrong = client.post(f"/meetings/{meeting.id}/minutes/sign", data={"passphrase": "sai"}, headers=HTML)
    page = wrong.get_data(as_text=True)
    assert wrong.status_code == 400
    assert 'class="flash flash-danger"' in page and "Mật khẩu chứng thư số không đúng" in page
    assert 'id="passphrase"' in page and "Biên bản cuộc họp" in page  # the sign box, to retype it
    assert "Mã lỗi" not in page  # not the error page
    assert latest_signed(meeting.id) is None
    assert client.post(f"/meetings/{meeting.id}/minutes/sign", data={"passphrase": P12_PASSPHRASE}).status_code == 302
    assert latest_signed(meeting.id).signatures == 1


def test_a_refused_lock_or_unlock_shows_the_draft_page_with_the_reason(app, client, store):
    """Not a separate error page: the secretary sees why on the draft itself, and nothing changed."""
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    login(client, secretary)
    client.post(f"/meetings/{meeting.id}/minutes", data=_form(meeting, number=""))
    refused = client.post(f"/meetings/{meeting.id}/minutes/lock", headers=HTML)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert 'class="flash flash-danger"' in page and "Cần ghi số biên bản" in page
    assert 'name="narrative"' in page  # the draft form itself, editable
    assert svc.get_draft(meeting).state.value == "editing"
    client.post(f"/meetings/{meeting.id}/minutes", data=_form(meeting))
    assert client.post(f"/meetings/{meeting.id}/minutes/lock").status_code == 302
    assert client.post(f"/meetings/{meeting.id}/minutes/sign", data={"passphrase": P12_PASSPHRASE}).status_code == 302
    refused = client.post(f"/meetings/{meeting.id}/minutes/unlock", headers=HTML)
    assert refused.status_code == 409 and "đã có chữ ký số; không thể mở khóa" in refused.get_data(as_text=True)
    assert "Cần ghi số biên bản" not in refused.get_data(as_text=True)  # the earlier reason was shown once
    assert svc.get_draft(meeting).state.value == "locked"


def test_locking_warns_of_items_without_a_conclusion(app, client, store):
    """The signed record would print "Kết luận: (chưa ghi)": the secretary is told while unlocking is possible."""
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    login(client, secretary)
    first, *others = meeting.agenda_items
    client.post(f"/meetings/{meeting.id}/minutes", data=_form(meeting, **{f"conclusion-{first.id}": ""}))
    assert client.post(f"/meetings/{meeting.id}/minutes/lock").status_code == 302
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    numbers = ", ".join(str(n) for n in range(1, len(meeting.agenda_items) + 1))
    assert f"Lưu ý: mục {numbers} chưa ghi kết luận" in page and "flash-warning" in page
    assert svc.get_draft(meeting).state.value == "locked"  # a warning, not a refusal
    client.post(f"/meetings/{meeting.id}/minutes/unlock")
    filled = {f"conclusion-{item.id}": "Thống nhất." for item in others}
    client.post(f"/meetings/{meeting.id}/minutes", data=_form(meeting, **filled))
    assert client.post(f"/meetings/{meeting.id}/minutes/lock").status_code == 302
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    assert "Đã khóa biên bản để ký." in page and "chưa ghi kết luận" not in page
