"""Minutes services: the draft assembled from the meeting, versions, locking, the signing order,
refusals that change nothing, and who may edit, sign and verify."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.errors import NotFound, PermissionDenied, ValidationError
from app.extensions import db
from app.models import SystemRole
from meetings.models import AttendanceRecord, MinutesState, MinutesVersion, SignedMinutes
from meetings.services import minutes as svc
from meetings.services.minutes_records import latest_signed, read_signed_revision, save_credential
from tests.support.factories import create_meeting, create_user
from tests.support.minutes import P12_PASSPHRASE, closed_meeting_with_signers


def _write(meeting, secretary, **kw):
    items = [i for i in meeting.agenda_items if i.parent_id is None]
    data = dict(
        number="15/BB-UBND",
        narrative="Chủ tịch khai mạc phiên họp.",
        conclusions={items[0].id: "Thống nhất thông qua báo cáo."},
    )
    data.update(kw)
    return svc.save_draft(secretary, meeting, **data)


def test_draft_assembles_itself_from_the_meeting(app, store):
    meeting, secretary, chair, member = closed_meeting_with_signers()
    doc = svc.minutes_document(meeting, None)
    assert doc.title == meeting.title and doc.place == meeting.place and doc.starts_at == meeting.starts_at
    assert doc.chair.name == "Nguyễn Văn Chủ" and doc.secretary.name == "Lê Hoàng Nam"
    assert {a.person.name for a in doc.attendees} == {"Nguyễn Văn Chủ", "Lê Hoàng Nam", "Trần Thị Đào"}
    assert all(a.status == "present" for a in doc.attendees)  # members default to present
    assert [i.title for i in doc.items] == ["Nội dung 1", "Nội dung 2"]
    assert doc.items[0].documents == ("Báo cáo quý I",)
    assert "Lưu: VT" in doc.recipients


def test_every_save_is_a_version_with_attendance_and_conclusions(app, store):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    first = _write(meeting, secretary)
    second = _write(
        meeting,
        secretary,
        narrative="Bản sửa lần hai.",
        attendance={member.id: {"status": "absent", "reason": "Đi công tác"}},
    )
    assert (first.number, second.number) == (1, 2)
    assert first.snapshot["narrative"] == "Chủ tịch khai mạc phiên họp."
    assert second.snapshot["narrative"] == "Bản sửa lần hai."
    absent = [a for a in second.snapshot["attendance"] if a["user_id"] == member.id][0]
    assert absent == {
        "user_id": member.id,
        "status": "absent",
        "reason": "Đi công tác",
        "substitute_name": "",
        "source": "record",
    }
    doc = svc.minutes_document(meeting, svc.get_draft(meeting))
    assert doc.items[0].conclusion == "Thống nhất thông qua báo cáo."
    assert [a.reason for a in doc.attendees if a.status == "absent"] == ["Đi công tác"]
    assert [v.number for v in svc.list_versions(member, meeting)] == [2, 1]


@pytest.mark.parametrize(
    "kw,message",
    [
        ({"attendance": "substitute-without-name"}, "tên người dự thay"),
        ({"attendance": "stranger"}, "không thuộc thành phần"),
        ({"attendance": "bad-status"}, "không hợp lệ"),
        ({"conclusions": "foreign-item"}, "không thuộc cuộc họp"),
        ({"closed_at": "before-start"}, "sau giờ bắt đầu"),
        ({"number": "x" * 61}, "quá dài"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(app, store, kw, message):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    other = create_meeting({secretary: "secretary"}, items=1)
    values = {
        "substitute-without-name": {member.id: {"status": "substitute"}},
        "stranger": {create_user().id: {"status": "present"}},
        "bad-status": {member.id: {"status": "asleep"}},
        "foreign-item": {other.agenda_items[0].id: "Không thuộc"},
        "before-start": meeting.starts_at - timedelta(hours=1),
    }
    key, value = next(iter(kw.items()))
    with pytest.raises(ValidationError, match=message):
        _write(meeting, secretary, **{key: values.get(value, value)})
    assert svc.get_draft(meeting) is None
    assert (
        db.session.scalar(
            sa.select(sa.func.count(AttendanceRecord.id)).where(AttendanceRecord.meeting_id == meeting.id)
        )
        == 0
    )


def test_lock_freezes_the_draft_until_unlocked(app, store):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    with pytest.raises(ValidationError, match="lưu bản dự thảo"):
        svc.lock_draft(secretary, meeting)
    _write(meeting, secretary, number="")
    with pytest.raises(ValidationError, match="số biên bản"):
        svc.lock_draft(secretary, meeting)
    _write(meeting, secretary)
    draft = svc.lock_draft(secretary, meeting)
    assert draft.state == MinutesState.locked and draft.locked_at is not None
    with pytest.raises(ValidationError, match="đã khóa để ký") as info:
        _write(meeting, secretary, narrative="Sửa sau khi khóa")
    assert info.value.status_code == 409 and svc.get_draft(meeting).narrative == "Chủ tịch khai mạc phiên họp."
    svc.unlock_draft(secretary, meeting)
    assert _write(meeting, secretary, narrative="Sửa sau khi mở khóa").number == 3


def test_signing_order_lock_after_first_signature_and_verification(app, store):
    meeting, secretary, chair, member = closed_meeting_with_signers()
    _write(meeting, secretary)
    with pytest.raises(ValidationError, match="chưa được khóa"):
        svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    svc.lock_draft(secretary, meeting)
    with pytest.raises(ValidationError, match="Thư ký ký trước"):
        svc.sign_minutes(chair, meeting, P12_PASSPHRASE)
    keys_before = set(store.list_keys(f"meetings/{meeting.id}/minutes/"))
    with pytest.raises(ValidationError, match="Mật khẩu chứng thư số không đúng"):
        svc.sign_minutes(secretary, meeting, "sai-mat-khau")
    assert latest_signed(meeting.id) is None and set(store.list_keys(f"meetings/{meeting.id}/minutes/")) == keys_before

    first = svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    assert first.signatures == 1 and svc.get_draft(meeting).state == MinutesState.locked
    versions = db.session.scalar(
        sa.select(sa.func.count(MinutesVersion.id)).where(MinutesVersion.meeting_id == meeting.id)
    )
    # after the first signature: no edit, no unlock, and the secretary cannot sign twice
    with pytest.raises(ValidationError, match="đã có chữ ký số; không thể sửa") as info:
        _write(meeting, secretary, narrative="Sửa sau khi ký")
    assert info.value.status_code == 409
    with pytest.raises(ValidationError, match="không thể mở khóa"):
        svc.unlock_draft(secretary, meeting)
    with pytest.raises(ValidationError, match="không phải lượt ký"):
        svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    assert svc.get_draft(meeting).narrative == "Chủ tịch khai mạc phiên họp."
    assert (
        db.session.scalar(sa.select(sa.func.count(MinutesVersion.id)).where(MinutesVersion.meeting_id == meeting.id))
        == versions
    )

    second = svc.sign_minutes(chair, meeting, P12_PASSPHRASE)
    assert second.signatures == 2 and svc.get_draft(meeting).state == MinutesState.signed
    data = read_signed_revision(second)
    assert data.startswith(read_signed_revision(first))  # an incremental update of the first revision
    import hashlib

    assert hashlib.sha256(data).hexdigest() == second.sha256 and second.size == len(data)
    report, record = svc.verify_minutes(member, meeting)
    assert report.ok and report.trusted and record.id == second.id
    assert [s.signer for s in report.signatures] == ["Lê Hoàng Nam", "Nguyễn Văn Chủ"]
    with pytest.raises(ValidationError, match="đã được ký đủ"):
        svc.sign_minutes(chair, meeting, P12_PASSPHRASE)


def test_cli_export_writes_the_signed_minutes(app, store, tmp_path):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    runner, out = app.test_cli_runner(), tmp_path / "bien-ban.pdf"
    missing = runner.invoke(args=["minutes", "export", str(meeting.id), str(out)])
    assert missing.exit_code != 0 and "chưa có biên bản đã ký" in missing.output and not out.exists()
    _write(meeting, secretary)
    svc.lock_draft(secretary, meeting)
    record = svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    result = runner.invoke(args=["minutes", "export", str(meeting.id), str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == read_signed_revision(record) and record.sha256 in result.output
    verified = runner.invoke(args=["minutes", "verify", str(out)])
    assert verified.exit_code == 0 and "RESULT: all 1 signature(s) intact and valid" in verified.output


def test_signing_needs_a_closed_meeting_and_a_credential(app, store):
    secretary = create_user(role=SystemRole.secretariat)
    meeting = create_meeting({secretary: "secretary"}, state="in_session", items=1)
    _write(meeting, secretary)
    svc.lock_draft(secretary, meeting)
    with pytest.raises(ValidationError, match="sau khi cuộc họp đã kết thúc"):
        svc.sign_minutes(secretary, meeting, "x")
    from meetings.models import MeetingState

    meeting.state = MeetingState.closed
    with pytest.raises(ValidationError, match="chưa có chứng thư số"):
        svc.sign_minutes(secretary, meeting, "x")


def test_credentials_are_one_own_and_checked_on_upload(app, store):
    from documents.credentials import create_demo_ca, issue_demo_certificate, to_pkcs12

    owner, other = create_user(), create_user()
    ca_key, ca = create_demo_ca()
    key, cert = issue_demo_certificate(ca_key, ca, owner.full_name)
    p12 = to_pkcs12(key, cert, [ca], "dung")
    with pytest.raises(PermissionDenied):
        save_credential(other, owner, p12, "dung")
    with pytest.raises(ValidationError, match="Mật khẩu chứng thư số không đúng"):
        save_credential(owner, owner, p12, "sai")
    with pytest.raises(ValidationError, match="Chưa chọn tệp"):
        save_credential(owner, owner, b"", "dung")
    credential = save_credential(owner, owner, p12, "dung")
    assert credential.encrypted_p12 != p12 and p12 not in credential.encrypted_p12
    assert "Người dùng" in credential.subject and credential.not_after > credential.not_before


# -- permission matrix ----------------------------------------------------------------------
@pytest.fixture
def cast(app):
    return {
        "chair": create_user(),
        "secretary": create_user(role=SystemRole.secretariat),
        "member": create_user(),
        "observer": create_user(),
        "outsider": create_user(),
        "secretariat": create_user(role=SystemRole.secretariat),
        "archivist": create_user(role=SystemRole.archivist),
        "admin": create_user(role=SystemRole.admin),
    }


def _outcome(call) -> str:
    try:
        call()
    except NotFound:
        return "404"
    except PermissionDenied:
        return "403"
    except ValidationError:
        return "ok"  # allowed through the permission check, stopped by a business rule
    return "ok"


@pytest.mark.parametrize("state", ["published", "closed"])
def test_permission_matrix_edit_sign_verify(app, store, cast, state):
    meeting = create_meeting(
        {
            cast["chair"]: "chair",
            cast["secretary"]: "secretary",
            cast["member"]: "member",
            cast["observer"]: "observer",
        },
        state=state,
        items=1,
    )
    results = {}
    for name, user in cast.items():
        results[name] = (
            _outcome(lambda user=user: svc.save_draft(user, meeting, number="1/BB-UBND")),
            _outcome(lambda user=user: svc.sign_minutes(user, meeting, "")),
            _outcome(lambda user=user: svc.verify_minutes(user, meeting, b"%PDF-1.4")),
        )
    if state == "closed":
        expected = {
            "chair": ("403", "ok", "ok"),
            "secretary": ("ok", "ok", "ok"),
            "member": ("403", "403", "ok"),
            "observer": ("403", "403", "403"),
            "outsider": ("404", "404", "404"),
            "secretariat": ("ok", "403", "ok"),
            "archivist": ("403", "403", "ok"),
            "admin": ("404", "404", "404"),
        }
    else:
        expected = {
            "chair": ("403", "ok", "ok"),
            "secretary": ("ok", "ok", "ok"),
            "member": ("403", "403", "ok"),
            "observer": ("403", "403", "403"),
            "outsider": ("404", "404", "404"),
            "secretariat": ("ok", "403", "ok"),
            "archivist": ("404", "404", "404"),
            "admin": ("404", "404", "404"),
        }
    assert results == expected
    assert (
        db.session.scalar(sa.select(sa.func.count(SignedMinutes.id)).where(SignedMinutes.meeting_id == meeting.id)) == 0
    )
