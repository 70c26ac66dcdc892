"""The optional agency seal: the văn thư (archivist role, who keeps the seal under Decree 30/2020) adds
it after the chair, as a third PAdES signature in
a field the sealing revision creates; the two earlier signatures stay valid; only once; refusals
change nothing."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
import sqlalchemy as sa

from app.errors import PermissionDenied, ValidationError
from app.extensions import db
from app.models import SystemRole
from demo.ca import issue_demo_seal
from documents.credentials import create_demo_ca, issue_demo_certificate, to_pkcs12
from documents.models import AgencySeal
from meetings.services import minutes as svc
from meetings.services import minutes_seal
from meetings.services.minutes_records import latest_signed, read_signed_revision, seal_of
from tests.conftest import login
from tests.support.factories import create_user
from tests.support.minutes import P12_PASSPHRASE, closed_meeting_with_signers, flip, pdfsig

HTML = {"Accept": "text/html"}


def _clerk():
    """The văn thư: the archivist role keeps the agency seal."""
    return create_user("vanthu", SystemRole.archivist, full_name="Nguyễn Thị Lưu")


def _signed_by_both(meeting, secretary, chair):
    svc.save_draft(secretary, meeting, number="15/BB-UBND", narrative="Chủ tịch khai mạc phiên họp.")
    svc.lock_draft(secretary, meeting)
    svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    return svc.sign_minutes(chair, meeting, P12_PASSPHRASE)


def test_the_seal_comes_after_the_chair_and_keeps_both_signatures_valid(app, store, tmp_path):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    clerk = _clerk()
    issue_demo_seal(clerk, meeting.body, P12_PASSPHRASE)
    svc.save_draft(secretary, meeting, number="15/BB-UBND")
    svc.lock_draft(secretary, meeting)
    svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    assert not minutes_seal.may_seal_now(clerk, meeting)
    with pytest.raises(ValidationError, match="sau khi thư ký và chủ tọa đã ký"):
        minutes_seal.seal_minutes(clerk, meeting, P12_PASSPHRASE)
    two = svc.sign_minutes(chair, meeting, P12_PASSPHRASE)
    assert minutes_seal.may_seal_now(clerk, meeting)
    assert not minutes_seal.may_seal_now(chair, meeting) and not minutes_seal.may_seal_now(secretary, meeting)

    record = minutes_seal.seal_minutes(clerk, meeting, P12_PASSPHRASE)
    assert record.signatures == 3 and latest_signed(meeting.id).id == record.id
    sealed = read_signed_revision(record)
    assert sealed.startswith(read_signed_revision(two))  # an incremental update of the chair's revision
    report, stored = svc.verify_minutes(member, meeting)
    assert report.ok and report.trusted and stored.id == record.id
    assert [s.field for s in report.signatures] == ["ThuKy", "ChuToa", "DauCoQuan"]
    assert [s.signer for s in report.signatures] == ["Lê Hoàng Nam", "Nguyễn Văn Chủ", meeting.body]
    assert [s.coverage for s in report.signatures] == ["entire_revision", "entire_revision", "entire_file"]
    path = tmp_path / "bien-ban-dong-dau.pdf"
    path.write_bytes(sealed)
    output = pdfsig(path)
    assert output.count("Signature Validation: Signature is Valid.") == 3, output
    stamp = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "văn thư Nguyễn Thị Lưu" in stamp  # the seal's stamp names the văn thư who applied it
    assert minutes_seal.is_sealed(meeting) and not minutes_seal.may_seal_now(clerk, meeting)
    with pytest.raises(ValidationError, match="đã được đóng dấu"):
        minutes_seal.seal_minutes(clerk, meeting, P12_PASSPHRASE)
    tampered = flip(sealed, len(sealed) - 5000)  # inside the seal's signed range
    assert not svc.verify_bytes(tampered).ok


def test_who_may_seal_and_refusals_that_change_nothing(app, store):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    _signed_by_both(meeting, secretary, chair)
    clerk, office = _clerk(), create_user("vanphong", SystemRole.secretariat)
    for outsider_to_sealing in (chair, member, secretary, office):  # the secretariat prepares, it does not seal
        with pytest.raises(PermissionDenied):
            minutes_seal.seal_minutes(outsider_to_sealing, meeting, P12_PASSPHRASE)
    with pytest.raises(ValidationError, match="Chưa có chứng thư số của dấu cơ quan"):
        minutes_seal.seal_minutes(clerk, meeting, P12_PASSPHRASE)
    issue_demo_seal(clerk, meeting.body, P12_PASSPHRASE)
    with pytest.raises(ValidationError, match="Mật khẩu chứng thư số không đúng"):
        minutes_seal.seal_minutes(clerk, meeting, "sai-mat-khau")
    with pytest.raises(ValidationError, match="Cần nhập mật khẩu"):
        minutes_seal.seal_minutes(clerk, meeting, "")
    assert latest_signed(meeting.id).signatures == 2
    for not_the_keeper in (chair, secretary, office):  # only the văn thư keeps seals
        with pytest.raises(PermissionDenied):
            issue_demo_seal(not_the_keeper, "UBND xã Mỹ Long", P12_PASSPHRASE)
    assert seal_of("UBND xã Mỹ Long") is None
    assert seal_of(meeting.body).uploaded_by_id == clerk.id


def test_van_thu_uploads_the_seal_and_seals_over_http(app, client, store):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    _signed_by_both(meeting, secretary, chair)
    clerk = _clerk()
    db.session.commit()
    for not_the_keeper in (member, secretary):  # the secretary of the meeting is of the secretariat
        login(client, not_the_keeper)
        assert 'href="/agency-seals"' not in client.get("/meetings/mine", headers=HTML).get_data(as_text=True)
        page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
        assert 'href="/agency-seals"' not in page and 'data-testid="seal-box"' not in page
        refused = client.get("/agency-seals", headers=HTML)
        assert refused.status_code == 403 and "Chứng thư số của dấu cơ quan" not in refused.get_data(as_text=True)
        assert (
            client.post(
                f"/meetings/{meeting.id}/minutes/seal", data={"passphrase": P12_PASSPHRASE}, headers=HTML
            ).status_code
            == 403
        )
        client.post("/logout")
    assert latest_signed(meeting.id).signatures == 2

    login(client, clerk)
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    assert '<a href="/agency-seals">Dấu cơ quan</a>' in page  # the văn thư finds it in the menu
    assert 'data-testid="seal-box"' in page and "Chưa có chứng thư số của dấu cơ quan «UBND huyện Cao Lãnh»" in page
    ca_key, ca_cert = create_demo_ca()
    key, cert = issue_demo_certificate(ca_key, ca_cert, meeting.body, "Dấu cơ quan")
    p12 = to_pkcs12(key, cert, [ca_cert], "mat-khau-dau", "dau")
    form = client.get("/agency-seals", headers=HTML).get_data(as_text=True)
    # the body is picked from the bodies (dissolved ones too, with their status), not typed
    assert f'<option value="{meeting.body_id}">{meeting.host_body.label}</option>' in form
    assert 'name="body"' not in form
    bad = client.post(
        "/agency-seals",
        headers=HTML,
        data={"body_id": meeting.body_id, "passphrase": "sai", "p12": (io.BytesIO(p12), "dau.p12")},
    )
    assert bad.status_code == 400 and seal_of(meeting.body) is None
    seals_before = db.session.scalar(sa.select(sa.func.count()).select_from(AgencySeal))
    for unknown in ("", "999999", "abc", "9" * 40):
        nobody = client.post(
            "/agency-seals",
            headers=HTML,
            data={"body_id": unknown, "passphrase": "mat-khau-dau", "p12": (io.BytesIO(p12), "dau.p12")},
        )
        assert nobody.status_code == 400 and "Hãy chọn cơ quan của dấu trong danh sách." in nobody.get_data(
            as_text=True
        )
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AgencySeal)) == seals_before
    assert (
        client.post(
            "/agency-seals",
            data={"body_id": meeting.body_id, "passphrase": "mat-khau-dau", "p12": (io.BytesIO(p12), "dau.p12")},
        ).status_code
        == 302
    )
    listing = client.get("/agency-seals", headers=HTML).get_data(as_text=True)
    assert 'data-testid="seal"><td>UBND huyện Cao Lãnh</td>' in listing
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    assert "Mật khẩu chứng thư số của dấu" in page
    assert client.post(f"/meetings/{meeting.id}/minutes/seal", data={"passphrase": "mat-khau-dau"}).status_code == 302
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    assert "Đã đóng dấu cơ quan vào biên bản." in page and 'data-testid="sealed"' in page
    assert 'data-testid="seal-box"' not in page and "3 chữ ký" in page
    report = client.get(f"/meetings/{meeting.id}/minutes/verify", headers=HTML).get_data(as_text=True)
    # intact and valid, but the seal's certificate comes from a CA outside the trust roots (uploaded above)
    assert 'data-verdict="untrusted"' in report and 'data-ok="false"' in report
    assert report.count('data-trust="trusted"') == 2 and report.count('data-trust="untrusted"') == 1
    assert len(re.findall(r'<tr class="ok">', report)) == 3 and "UBND huyện Cao Lãnh<br>" in report
    # the chair signs no more, and the seal goes on only once
    again = client.post(f"/meetings/{meeting.id}/minutes/seal", data={"passphrase": "mat-khau-dau"}, headers=HTML)
    assert again.status_code == 409 and latest_signed(meeting.id).signatures == 3


def test_the_archivist_sees_the_sealed_minutes_signatures(app, client, store):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    _signed_by_both(meeting, secretary, chair)
    clerk = _clerk()
    issue_demo_seal(clerk, meeting.body, P12_PASSPHRASE)
    minutes_seal.seal_minutes(clerk, meeting, P12_PASSPHRASE)
    archivist = create_user(role=SystemRole.archivist)
    db.session.commit()
    login(client, archivist)
    page = client.get("/archive", headers=HTML).get_data(as_text=True)
    assert "Kiểm tra chữ ký số biên bản đã lưu (3 chữ ký)" in page
    assert "Đóng dấu cơ quan" not in client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
