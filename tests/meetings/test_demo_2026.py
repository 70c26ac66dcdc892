"""The demo reads like a People's Committee of 2026 (issue 13 item 5): the upcoming and the draft
meetings belong to UBND xã Mỹ Thọ, an active commune of the new Đồng Tháp province, held by its
members; nothing in the upcoming meeting speaks of the dissolved UBND huyện Cao Lãnh, whose March
2020 meeting and signed minutes keep the district's own people and positions."""

from __future__ import annotations

import io

import sqlalchemy as sa
from pypdf import PdfReader

from app.extensions import db
from app.models import Body, BodyLevel, User
from meetings.models import Meeting, MeetingRole, MeetingState
from meetings.services.minutes_records import seal_of
from tests.conftest import login

PAST = "Phiên họp thường kỳ tháng 3 năm 2020 của UBND huyện Cao Lãnh"


def _seeded(app):
    from demo.seed import seed_demo

    assert seed_demo(app.config["DEMO_PASSWORD"])
    db.session.commit()
    return {m.state: m for m in db.session.scalars(sa.select(Meeting))}, {
        b.name: b for b in db.session.scalars(sa.select(Body))
    }


def test_the_upcoming_meeting_is_held_by_the_2026_commune_and_its_members(app, store):
    meetings, bodies = _seeded(app)
    commune = bodies["UBND xã Mỹ Thọ"]
    assert commune.level is BodyLevel.commune and commune.dissolved_on is None
    assert commune.parent.name == "UBND tỉnh Đồng Tháp" and commune.parent.dissolved_on is None
    upcoming, draft = meetings[MeetingState.published], meetings[MeetingState.draft]
    for meeting in (upcoming, draft):
        assert meeting.host_body is commune and meeting.title.endswith("của UBND xã Mỹ Thọ")
        assert meeting.starts_at.year >= 2026 and "xã Mỹ Thọ" in meeting.place

    standing = {m.user.login: m.office.label for m in commune.members if m.ends_on is None}
    assert standing["chutich"] == "Chủ tịch"
    assert sorted(v for k, v in standing.items() if k.startswith("phochutich")) == ["Phó Chủ tịch"] * 2
    assert {k for k, v in standing.items() if v == "Ủy viên"} == {f"uyvien{n}" for n in range(1, 6)}
    voting = {m.user.login for m in upcoming.members if m.role in (MeetingRole.chair, MeetingRole.member)}
    assert voting == set(standing)  # the body's members, and only they, sit as chair and members
    chair = next(m.user for m in upcoming.members if m.role is MeetingRole.chair)
    assert chair.login == "chutich" and chair.position == "Chủ tịch UBND xã" and chair.unit == "UBND xã Mỹ Thọ"
    for m in upcoming.members:
        assert m.user.is_active_account and "huyện" not in f"{m.user.position} {m.user.unit}", m.user.login

    texts = [upcoming.title, upcoming.place]
    for item in upcoming.agenda_items:
        texts += [item.title, item.description, item.presenter_name]
        texts += [f"{doc.title} {doc.filename} {doc.text}" for doc in item.documents]
    assert len([t for t in texts if len(t) > 2000]) == 5  # the five documents' extracted text is there
    blob = " ".join(texts)
    assert "huyện Cao Lãnh" not in blob and "HUYỆN CAO LÃNH" not in blob
    assert "17.800" not in blob and "6.650" not in blob  # the 2020 district's figures stay in 2020
    assert "Ủy ban nhân dân xã Mỹ Thọ" in blob and "Mỹ Thọ, ngày" in blob


def test_the_2020_meeting_keeps_the_district_people_and_their_seal(app, client, store):
    meetings, bodies = _seeded(app)
    district, commune = bodies["UBND huyện Cao Lãnh"], bodies["UBND xã Mỹ Thọ"]
    past = meetings[MeetingState.closed]
    assert past.title == PAST and past.host_body is district
    people = {m.user.login: m.user for m in past.members}
    assert set(people) == {"hcl.chutich", "hcl.thuky", *(f"hcl.{r}" for r in ("phochutich1", "phochutich2"))} | {
        f"hcl.uyvien{n}" for n in (1, 2, 3)
    }
    assert people["hcl.chutich"].position == "Chủ tịch UBND huyện"
    assert not any(u.is_active_account for u in people.values())  # former officials: no login today
    assert {m.user.login for m in district.members} == set(people) - {"hcl.thuky"}
    # today's chair is someone else, and took no part in 2020
    today = db.session.scalar(sa.select(User).where(User.login == "chutich"))
    assert today.full_name != people["hcl.chutich"].full_name and today not in people.values()

    # each body has its own seal for its minutes
    assert district.seal_id == seal_of(district.name).id and commune.seal_id == seal_of(commune.name).id
    assert district.seal_id != commune.seal_id

    archivist = db.session.scalar(sa.select(User).where(User.login == "luutru"))
    login(client, archivist, app.config["DEMO_PASSWORD"])
    response = client.get(f"/meetings/{past.id}/minutes/signed.pdf")
    assert response.status_code == 200
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Nguyễn Hữu Phước" in text and "Chủ tịch UBND huyện" in text and "Lê Hoàng Nam" in text
    assert today.full_name not in text and "xã Mỹ Thọ" not in text


def test_the_tours_secretary_and_chair_can_sign_with_the_demo_password(app, store, client):
    """README's tour: the secretary `thuky` and the chair `chutich` sign the minutes of the meetings
    they hold; both hold a demo-CA certificate opened by the demo password (thuky had none)."""
    from cryptography import x509

    from app.config import DEMO_CA_CERT_KEY
    from documents.credentials import decrypt_secret, open_pkcs12
    from documents.storage import get_store
    from meetings.services.minutes_records import credential_of

    _seeded(app)
    ca = x509.load_pem_x509_certificate(get_store().read_bytes(DEMO_CA_CERT_KEY))
    for login_name, name in (("thuky", "Trương Thị Kim Yến"), ("chutich", "Lê Minh Khoa")):
        user = db.session.scalar(sa.select(User).where(User.login == login_name))
        credential = credential_of(user)
        assert credential is not None, login_name
        _key, cert, _chain = open_pkcs12(decrypt_secret(credential.encrypted_p12), app.config["DEMO_PASSWORD"])
        assert cert.issuer == ca.subject and name in cert.subject.rfc4514_string()
    others = db.session.scalars(sa.select(User).where(User.login.in_(["uyvien1", "luutru", "ngoai"])))
    assert [u.login for u in others if credential_of(u) is not None] == []  # only the signers
    thuky = db.session.scalar(sa.select(User).where(User.login == "thuky"))
    login(client, thuky, app.config["DEMO_PASSWORD"])
    page = client.get("/account/signing-credential").get_data(as_text=True)
    assert credential_of(thuky).fingerprint in page


def test_the_2020_documents_were_uploaded_in_2020(app, store):
    """Their upload time and the access log's upload rows say March 2020, before the invitation went
    out; they used to carry the day the demo was loaded, by an account closed in 2025."""
    from demo.floor import PUBLISHED
    from documents.models import Document
    from meetings.models import AccessAction, AccessLog

    meetings, _ = _seeded(app)
    past = meetings[MeetingState.closed]
    documents = db.session.scalars(sa.select(Document).where(Document.meeting_id == past.id)).all()
    uploads = db.session.scalars(
        sa.select(AccessLog).where(AccessLog.meeting_id == past.id, AccessLog.action == AccessAction.upload)
    ).all()
    assert documents and len(uploads) == len(documents)
    for when in [d.version_uploaded_at for d in documents] + [row.created_at for row in uploads]:
        assert when.year == 2020 and when < PUBLISHED


def test_the_upcoming_agenda_writes_the_province_in_lower_case(app, store):
    meetings, _ = _seeded(app)
    texts = [f"{item.title} {item.description or ''}" for item in meetings[MeetingState.published].agenda_items]
    assert any("UBND tỉnh" in text for text in texts) and not any("UBND Tỉnh" in text for text in texts)
