"""Opinion ballot pages through the test client, and a signed answer verified by pyHanko and pdfsig."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from pypdf import PdfReader

from app.extensions import db
from app.models import Body, SystemRole
from meetings.localtime import LOCAL_TZ
from meetings.models import AccessLog, OpinionBallot, OpinionBallotState
from tests.conftest import login
from tests.support.factories import create_meeting, create_user
from tests.support.minutes import P12_PASSPHRASE, pdfsig
from tests.support.pdfs import make_text_pdf

BODY = "UBND xã Mỹ Hiệp"


def _cast():
    chair = create_user(full_name="Nguyễn Văn Bình", position="Chủ tịch UBND xã")
    member = create_user(full_name="Trần Thị Lan", position="Phó Chủ tịch UBND xã")
    other = create_user(full_name="Lê Văn Tư", position="Công chức Địa chính – Xây dựng")
    office = create_user(role=SystemRole.secretariat, full_name="Phạm Minh Khoa", position="Văn phòng HĐND-UBND")
    outsider = create_user(full_name="Người ngoài")
    meeting = create_meeting({chair: "chair", member: "member", other: "observer", office: "secretary"})
    meeting.body = BODY
    db.session.flush()
    return chair, member, other, office, outsider


def _create(client, recipients, deadline: datetime):
    return client.post(
        "/opinion-ballots",
        data={
            "title": "Kế hoạch chuyển đổi số xã Mỹ Hiệp năm 2027",
            "question": "Thông qua Kế hoạch chuyển đổi số năm 2027.",
            "body_id": str(Body.named(BODY).id),
            "deadline": deadline.astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M"),
            "recipient_ids": [str(u.id) for u in recipients],
            "draft": (io.BytesIO(make_text_pdf("Dự thảo Kế hoạch chuyển đổi số năm 2027.")), "ke-hoach.pdf"),
        },
        content_type="multipart/form-data",
    )


def test_the_secretariat_asks_members_answer_and_outsiders_get_404(app, store):
    chair, member, other, office, outsider = _cast()
    client = app.test_client()
    if True:
        login(client, office)
        form = client.get(f"/opinion-ballots/new?body_id={Body.named(BODY).id}").get_data(as_text=True)
        # default recipients: the body has no standing members yet, so the voting members (chair,
        # member) of its most recent meeting
        assert f'value="{chair.id}" checked' in form and f'value="{member.id}" checked' in form
        assert f'value="{other.id}" checked' not in form
        refused = _create(client, [], datetime.now(UTC) + timedelta(days=2))
        assert refused.status_code == 400
        assert "Cần chọn ít nhất một thành viên được lấy ý kiến." in refused.get_data(as_text=True)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OpinionBallot)) == 0
        created = _create(client, [chair, member], datetime.now(UTC) + timedelta(days=2))
        assert created.status_code == 302
    ballot = db.session.scalars(sa.select(OpinionBallot)).one()
    client = app.test_client()
    if True:
        login(client, member)
        home = client.get("/opinion-ballots").get_data(as_text=True)
        assert 'data-testid="ballots-waiting"' in home and "Kế hoạch chuyển đổi số xã Mỹ Hiệp năm 2027" in home
        page = client.get(f"/opinion-ballots/{ballot.id}").get_data(as_text=True)
        assert "Bạn có thể thay đổi ý kiến cho đến khi kết thúc" in page
        draft = client.get(f"/opinion-ballots/{ballot.id}/draft")
        assert draft.status_code == 200
        assert "Người xem: Trần Thị Lan" in PdfReader(io.BytesIO(draft.data)).pages[0].extract_text()
        logged = db.session.scalars(sa.select(AccessLog).where(AccessLog.user_id == member.id)).all()
        assert [row.document_title for row in logged] == [
            "Dự thảo xin ý kiến: Kế hoạch chuyển đổi số xã Mỹ Hiệp năm 2027"
        ]
        answered = client.post(f"/opinion-ballots/{ballot.id}/answer", data={"choice": "agree"})
        assert answered.status_code == 302
        assert "Bạn đã gửi ý kiến" in client.get(f"/opinion-ballots/{ballot.id}").get_data(as_text=True)
        english = client.get(f"/opinion-ballots/{ballot.id}?lang=en").get_data(as_text=True)
        assert "You have sent your opinion" in english and "Bạn đã gửi ý kiến" not in english
        assert client.get(f"/opinion-ballots/{ballot.id}/draft").status_code == 200  # read in English
        logged = db.session.scalars(sa.select(AccessLog).where(AccessLog.user_id == member.id)).all()
        assert {row.document_title for row in logged} == {  # the record stays Vietnamese
            "Dự thảo xin ý kiến: Kế hoạch chuyển đổi số xã Mỹ Hiệp năm 2027"
        } and len(logged) == 2
        client.get("/opinion-ballots?lang=vi")
    client = app.test_client()
    if True:
        login(client, office)  # while open: who answered, not how
        page = client.get(f"/opinion-ballots/{ballot.id}").get_data(as_text=True)
        assert "văn phòng chỉ thấy ai đã trả lời" in page and "Đồng ý</td>" not in page
    for who in (outsider, other):
        client = app.test_client()
        if True:
            login(client, who)
            for url in ("", "/draft", "/report"):
                assert client.get(f"/opinion-ballots/{ballot.id}{url}").status_code == 404
            assert client.post(f"/opinion-ballots/{ballot.id}/answer", data={"choice": "agree"}).status_code == 404
            assert "Kế hoạch chuyển đổi số" not in client.get("/opinion-ballots").get_data(as_text=True)
    assert ballot.recipient_of(member).choice.value == "agree" and ballot.state == OpinionBallotState.open
    client = app.test_client()
    login(client, create_user(role=SystemRole.admin))  # the access log shows who opened the draft
    audit = client.get("/audit").get_data(as_text=True)
    assert "Dự thảo xin ý kiến: Kế hoạch chuyển đổi số xã Mỹ Hiệp năm 2027" in audit and "Trần Thị Lan" in audit


def test_a_signed_answer_verifies_with_pyhanko_and_pdfsig(app, store, tmp_path):
    from demo.ca import issue_demo_credential

    chair, member, _other, office, _outsider = _cast()
    issue_demo_credential(member, P12_PASSPHRASE)
    client = app.test_client()
    if True:
        login(client, office)
        _create(client, [chair, member], datetime.now(UTC) + timedelta(days=2))
    ballot = db.session.scalars(sa.select(OpinionBallot)).one()
    client = app.test_client()
    if True:
        login(client, member)
        wrong = client.post(
            f"/opinion-ballots/{ballot.id}/answer",
            data={"choice": "other", "comment": "Bổ sung kinh phí.", "passphrase": "sai-mat-khau"},
        )
        assert wrong.status_code == 400
        assert ballot.recipient_of(member).choice is None  # nothing half-written
        signed = client.post(
            f"/opinion-ballots/{ballot.id}/answer",
            data={"choice": "other", "comment": "Bổ sung kinh phí đào tạo.", "passphrase": P12_PASSPHRASE},
        )
        assert signed.status_code == 302
        pdf = client.get(f"/opinion-ballots/{ballot.id}/answers/{member.id}/signed")
        assert pdf.status_code == 200
        verdict = client.get(f"/opinion-ballots/{ballot.id}/answers/{member.id}/verify").get_data(as_text=True)
        assert 'data-verdict="valid"' in verdict
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "Ý kiến khác" in text and "Bổ sung kinh phí đào tạo." in text
    path = tmp_path / "phieu.pdf"
    path.write_bytes(pdf.data)
    out = pdfsig(path)
    assert "Signer Certificate Common Name: Trần Thị Lan" in out
    assert "Signature Validation: Signature is Valid." in out and "Total document signed" in out
    client = app.test_client()
    if True:
        login(client, chair)  # the last answer closes the ballot; the report notes the signed one
        client.post(f"/opinion-ballots/{ballot.id}/answer", data={"choice": "agree"})
    db.session.refresh(ballot)
    assert ballot.state == OpinionBallotState.closed and ballot.result["signed"] == 1
    report = PdfReader(io.BytesIO(store.read_bytes(ballot.report_key)))
    assert "Ý kiến khác (đã ký số)" in " ".join(" ".join(p.extract_text().split()) for p in report.pages)
    # a changed byte inside the signed content is detected
    data = bytearray(pdf.data)
    at = data.index(b"/Author")
    data[at + 1] = ord("B")
    from documents.offload import run_cpu_bound
    from documents.signing import verify_pdf
    from meetings.services.minutes_records import trust_roots_pem

    # off this thread: a browser test's Playwright loop may still run here, and pyHanko calls asyncio.run
    report = run_cpu_bound(verify_pdf, bytes(data), trust_roots_pem())
    assert report.verdict == "invalid" and report.signatures and not report.signatures[0].error


def test_the_result_is_shown_in_the_readers_language_and_recorded_in_vietnamese(app, store):
    chair, member, _other, office, _outsider = _cast()
    client = app.test_client()
    login(client, office)
    _create(client, [chair, member], datetime.now(UTC) + timedelta(days=2))
    ballot = db.session.scalars(sa.select(OpinionBallot)).one()
    for person, choice in ((member, "agree"), (chair, "agree")):  # the last answer closes it
        voter = app.test_client()
        login(voter, person)
        assert voter.post(f"/opinion-ballots/{ballot.id}/answer", data={"choice": choice}).status_code == 302
    db.session.refresh(ballot)
    assert ballot.state == OpinionBallotState.closed
    assert ballot.result["summary"].startswith("Đồng ý 2/2 thành viên") and "Thông qua" in ballot.result["summary"]
    report = PdfReader(io.BytesIO(store.read_bytes(ballot.report_key)))
    assert "Đồng ý 2/2 thành viên" in " ".join(" ".join(p.extract_text().split()) for p in report.pages)
    reader = app.test_client()
    login(reader, chair)
    for path in (f"/opinion-ballots/{ballot.id}", "/opinion-ballots"):
        english = reader.get(f"{path}?lang=en").get_data(as_text=True)
        assert "Agree 2/2 members" in english and "Passed" in english, path
        assert "Đồng ý 2/2" not in english, path
        vietnamese = reader.get(f"{path}?lang=vi").get_data(as_text=True)
        assert "Đồng ý 2/2 thành viên" in vietnamese and "Agree 2/2" not in vietnamese, path
    notices = reader.get("/notifications?lang=en").get_data(as_text=True)
    assert "Result of the opinion ballot" in notices and "Agree 2/2 members" in notices
    assert "Đồng ý 2/2" not in notices
