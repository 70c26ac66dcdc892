"""Written opinion ballots belong to a body (app.models.Body): an active body is picked by id (or, like
meetings, its exact name); its serving standing members are the default recipients (its latest
meeting's voting members only when it has none); its floor rules count the answers; the report's
letterhead names it under its province; the archive filter by body finds its ballots, dissolved or not."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from app.errors import ValidationError
from app.extensions import db
from app.models import Body, BodyLevel, BodyMember, BodyOffice, SystemRole
from documents.storage import get_store
from meetings.archive.search import ArchiveQuery, archive_filter_choices, search_archive
from meetings.floor_rules import DEFAULT_RULES, FloorRules, MajorityBasis, Threshold
from meetings.localtime import LOCAL_TZ
from meetings.models import OpinionBallot, OpinionBallotState
from meetings.services.floor_rules import set_rules
from meetings.services.opinion_ballot_answers import answer_ballot
from meetings.services.opinion_ballots import create_ballot, default_recipients
from tests.conftest import login
from tests.support.factories import create_meeting, create_user
from tests.support.pdfs import make_text_pdf


@pytest.fixture
def world(app):
    province = Body(name="UBND tỉnh Đồng Tháp", level=BodyLevel.province)
    commune = Body(name="UBND xã Mỹ Thọ", level=BodyLevel.commune, parent=province)
    db.session.add_all([province, commune])
    names = ("Nguyễn Văn Bình", "Trần Thị Lan", "Lê Văn Tư", "Phạm Thị Hoa", "Võ Minh Trí", "Đặng Văn Sang")
    people = [create_user(full_name=n) for n in names]
    today = datetime.now(LOCAL_TZ).date()  # the members' terms are Vietnam days
    db.session.add_all(
        [
            BodyMember(body=commune, user=people[1], office=BodyOffice.vice_chairman),
            BodyMember(body=commune, user=people[0], office=BodyOffice.chairman, starts_on=date(2021, 7, 1)),
            BodyMember(body=commune, user=people[2], office=BodyOffice.member, ends_on=today - timedelta(days=1)),
            BodyMember(body=commune, user=people[3], office=BodyOffice.member, starts_on=today + timedelta(days=1)),
        ]
    )
    # the commune's last meeting asks others: its standing members win over the meeting
    meeting = create_meeting({people[4]: "chair", people[5]: "member"})
    meeting.host_body = commune
    office = create_user(role=SystemRole.secretariat, full_name="Phạm Minh Khoa")
    db.session.flush()
    return {"province": province, "commune": commune, "people": people, "office": office}


def _ask(world, *, title="Kế hoạch chuyển đổi số năm 2027", recipients=None, **body):
    return create_ballot(
        world["office"],
        title=title,
        question=f"Thông qua {title}.",
        deadline=datetime.now(UTC) + timedelta(days=2),
        recipient_ids=[u.id for u in (recipients or world["people"][:2])],
        draft=io.BytesIO(make_text_pdf(f"Dự thảo {title}")),
        draft_filename="du-thao.pdf",
        **body,
    )


def test_default_recipients_are_the_bodys_serving_members_else_its_last_meetings(world):
    people, commune, province = world["people"], world["commune"], world["province"]
    # in office today, chairman first; not the one whose term ended yesterday nor the one starting tomorrow
    assert default_recipients(commune) == [people[0], people[1]]
    people[1].is_active_account = False
    assert default_recipients(commune) == [people[0]]
    people[1].is_active_account = True
    # the province has no standing members: the voting members of its latest published meeting
    assert default_recipients(province) == []
    meeting = create_meeting({people[3]: "chair", people[5]: "member", world["office"]: "secretary"})
    meeting.host_body = province
    db.session.flush()
    assert default_recipients(province) == [people[3], people[5]]


def test_the_form_picks_an_active_body_and_proposes_its_standing_members(app, world, store):
    commune, people = world["commune"], world["people"]
    dissolved = Body(name="UBND huyện Tháp Mười", level=BodyLevel.district, dissolved_on=date(2025, 6, 30))
    db.session.add(dissolved)
    db.session.flush()
    client = app.test_client()
    login(client, world["office"])
    form = client.get(f"/opinion-ballots/new?body_id={commune.id}").get_data(as_text=True)
    assert f'<option value="{commune.id}" selected>UBND xã Mỹ Thọ</option>' in form
    assert f'<option value="{dissolved.id}"' not in form and "Tháp Mười" not in form  # dissolved: asks nobody
    assert f'value="{people[0].id}" checked' in form and f'value="{people[1].id}" checked' in form
    for other in people[2:]:
        assert f'value="{other.id}" checked' not in form
    assert "mặc định: thành viên đương nhiệm của UBND xã Mỹ Thọ" in form
    posted = client.post(
        "/opinion-ballots",
        data={
            "title": "Kế hoạch chuyển đổi số năm 2027",
            "question": "Thông qua Kế hoạch.",
            "body_id": str(dissolved.id),
            "deadline": (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "recipient_ids": [str(people[0].id)],
            "draft": (io.BytesIO(make_text_pdf("Dự thảo")), "du-thao.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert posted.status_code == 400
    assert "UBND huyện Tháp Mười không còn hoạt động" in posted.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OpinionBallot)) == 0


def test_a_ballot_asks_an_active_body_by_id_or_exact_name(app, world, store):
    from app.auth.services import issue_token

    commune = world["commune"]
    ballot = _ask(world, body_id=str(commune.id))
    assert (ballot.body_id, ballot.body) == (commune.id, "UBND xã Mỹ Thọ")
    for bad, message in (
        ({"body_id": "999999"}, "Không có cơ quan này."),
        ({"body": "UBND xã Không Có"}, "Không có cơ quan «UBND xã Không Có»"),
        ({}, "Cần chọn cơ quan lấy ý kiến."),
    ):
        with pytest.raises(ValidationError) as refused:
            _ask(world, title="Phiếu bị từ chối", **bad)
        assert message in str(refused.value.message)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {issue_token(world['office'])[1]}"}
    by_name = client.post(
        "/api/v1/opinion-ballots",
        data={
            "title": "Quy chế làm việc",
            "question": "Thông qua Quy chế.",
            "body": "UBND tỉnh Đồng Tháp",
            "deadline": "2099-12-04T17:00",
            "recipient_ids": [str(world["people"][0].id)],
            "draft": (io.BytesIO(make_text_pdf("Dự thảo Quy chế")), "quy-che.pdf"),
        },
        content_type="multipart/form-data",
        headers=headers,
    )
    assert by_name.status_code == 201
    assert (by_name.get_json()["body"], by_name.get_json()["body_id"]) == ("UBND tỉnh Đồng Tháp", world["province"].id)
    db.session.get(Body, commune.id).dissolved_on = date(2026, 1, 1)  # the request ended the session
    db.session.flush()
    gone = client.post(
        "/api/v1/opinion-ballots",
        data={"title": "X", "question": "Y", "body_id": str(commune.id), "deadline": "2099-12-04T17:00"},
        content_type="multipart/form-data",
        headers=headers,
    )
    assert gone.status_code == 400 and "không còn hoạt động" in gone.get_json()["error"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OpinionBallot)) == 2


def test_the_rules_are_the_bodys(world, store):
    admin = create_user(role=SystemRole.admin)
    two_thirds = FloorRules(
        quorum=Threshold(2, 3, strict=False),
        majority=Threshold(2, 3, strict=False),
        majority_basis=MajorityBasis.all_members,
    )
    set_rules(admin, two_thirds, body=world["commune"])
    asked_commune = _ask(world, body_id=world["commune"].id)
    asked_province = _ask(world, title="Đề án khác", body_id=world["province"].id)
    assert FloorRules.from_dict(asked_commune.rules).majority == Threshold(2, 3, strict=False)
    assert FloorRules.from_dict(asked_province.rules) == DEFAULT_RULES


def test_the_report_names_the_body_under_its_province_and_the_archive_finds_it_dissolved(app, world, store):
    people, commune, province = world["people"], world["commune"], world["province"]
    ballot = _ask(world, title="Đề án sắp xếp trụ sở", body_id=commune.id)
    other = _ask(world, title="Kế hoạch của tỉnh", body_id=province.id, recipients=[people[4]])
    answer_ballot(people[0], ballot, "agree")
    answer_ballot(people[1], ballot, "agree")  # everyone answered: it closes
    answer_ballot(people[4], other, "agree")
    assert ballot.state == OpinionBallotState.closed
    first = PdfReader(io.BytesIO(get_store().read_bytes(ballot.report_key))).pages[0].extract_text()
    lines = [line.strip() for line in first.splitlines()]
    top = lines.index("UBND TỈNH ĐỒNG THÁP")
    assert lines[top + 1 : top + 3] == ["ỦY BAN NHÂN DÂN", "XÃ MỸ THỌ"]
    assert "Mỹ Thọ, ngày" in first
    commune.dissolved_on = date(2026, 11, 30)
    db.session.flush()
    archivist = create_user(role=SystemRole.archivist)
    hits = search_archive(archivist, ArchiveQuery(body_id=commune.id)).hits
    assert [(h.source.value, h.source_id) for h in hits] == [("opinion_ballot", ballot.id)]
    hits = search_archive(archivist, ArchiveQuery(body_id=province.id)).hits
    assert [(h.source.value, h.source_id) for h in hits] == [("opinion_ballot", other.id)]
    bodies, _members = archive_filter_choices(archivist)
    assert {commune.id, province.id} <= {b.id for b in bodies}
    client = app.test_client()
    login(client, archivist)
    page = client.get(f"/archive?body={commune.id}").get_data(as_text=True)
    assert "Đề án sắp xếp trụ sở" in page and "Kế hoạch của tỉnh" not in page
