"""Bodies (cơ quan): admins manage them, their standing members and floor rules; a new meeting picks
an active body and is proposed the body's members; dissolved bodies keep their records."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from app.errors import PermissionDenied, ValidationError
from app.extensions import db
from app.models import Body, BodyLevel, BodyOffice, SystemRole
from meetings.floor_rules import FloorRules, MajorityBasis, Threshold
from meetings.models import Meeting, MeetingRole, MeetingState, Vote
from meetings.services import bodies as services
from meetings.services.floor_rules import rules_for
from meetings.services.meetings import create_meeting
from meetings.services.votes import cast_ballot, close_vote, open_vote
from tests.conftest import login
from tests.support.factories import create_body, create_user
from tests.support.floor import committee, hold

START = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)


@pytest.fixture
def admin(app):
    return create_user(role=SystemRole.admin)


@pytest.fixture
def province(admin):
    return services.create_body(admin, name="UBND tỉnh Đồng Tháp", level="province", short_code="DT")


def test_only_system_admins_manage_bodies(app, people, admin):
    for who in ("secretariat", "chair", "archivist", "member"):
        with pytest.raises(PermissionDenied):
            services.create_body(people[who], name="UBND xã Ba Sao", level="commune")
    assert db.session.scalar(sa.select(Body).where(Body.name == "UBND xã Ba Sao")) is None
    assert services.create_body(admin, name="UBND xã Ba Sao", level="commune").level is BodyLevel.commune


@pytest.mark.parametrize(
    "data,message",
    [
        ({"name": "  ", "level": "commune"}, "Vui lòng nhập tên cơ quan"),
        ({"name": "UBND xã A", "level": "ward"}, "Cấp cơ quan không hợp lệ"),
        ({"name": "UBND tỉnh Đồng Tháp", "level": "province"}, "Đã có cơ quan «UBND tỉnh Đồng Tháp»"),
        ({"name": "UBND xã A", "level": "commune", "parent_id": 999999}, "Không có cơ quan cấp trên"),
        ({"name": "UBND xã A", "level": "commune", "short_code": "DT"}, "Mã «DT» đã dùng"),
        ({"name": "x" * 201, "level": "commune"}, "200 ký tự"),
    ],
)
def test_bad_body_input_creates_nothing(admin, province, data, message):
    count = db.session.scalar(sa.select(sa.func.count(Body.id)))
    with pytest.raises(ValidationError, match=message):
        services.create_body(admin, **data)
    assert db.session.scalar(sa.select(sa.func.count(Body.id))) == count


def test_a_commune_sits_under_a_province_only(admin, province):
    commune = services.create_body(admin, name="UBND xã Mỹ Thọ", level="commune", parent_id=province.id)
    with pytest.raises(ValidationError, match="phải là một cơ quan cấp tỉnh"):
        services.create_body(admin, name="UBND xã Ba Sao", level="commune", parent_id=commune.id)
    with pytest.raises(ValidationError, match="cấp tỉnh không có cơ quan cấp trên"):
        services.update_body(admin, province, parent_id=commune.id)
    assert services.body_tree(admin) == [(province, [commune])]
    with pytest.raises(ValidationError, match="có cơ quan trực thuộc nên phải là cấp tỉnh"):
        services.update_body(admin, province, level="commune")
    assert province.level is BodyLevel.province


def test_dissolving_keeps_the_records_and_refuses_new_meetings(people, admin, province):
    district = create_body("UBND huyện Cao Lãnh")
    with pytest.raises(ValidationError, match="Cơ quan kế thừa phải là một cơ quan khác"):
        services.dissolve_body(admin, district, dissolved_on="2025-06-30", successor_id=district.id)
    with pytest.raises(ValidationError, match="Ngày giải thể không hợp lệ"):
        services.dissolve_body(admin, district, dissolved_on="30/06/2025")
    assert district.dissolved_on is None
    services.dissolve_body(admin, district, dissolved_on="2025-06-30", successor_id=province.id)
    assert district.status_text == "Đã giải thể ngày 30/06/2025, kế thừa: UBND tỉnh Đồng Tháp"
    with pytest.raises(ValidationError, match="đã giải thể"):
        services.dissolve_body(admin, district, dissolved_on="2025-07-01")
    with pytest.raises(ValidationError, match="không còn hoạt động"):
        create_meeting(people["secretariat"], title="Họp", body_id=district.id, starts_at=START)


def test_a_new_meeting_is_proposed_the_bodys_standing_members(people, admin, province):
    chair, vice, member, retired = (create_user(full_name=n) for n in ("Chủ tịch", "Phó", "Ủy viên", "Đã nghỉ"))
    services.add_body_member(admin, province, member.id, "member")
    services.add_body_member(admin, province, chair.id, "chairman", starts_on="2025-07-01")
    services.add_body_member(admin, province, vice.id, "vice_chairman")
    services.add_body_member(admin, province, retired.id, "member", ends_on="2025-12-31")
    with pytest.raises(ValidationError, match="đã là thành viên"):
        services.add_body_member(admin, province, vice.id, "member")
    with pytest.raises(ValidationError, match="Chức danh không hợp lệ"):
        services.change_body_member(admin, province, vice.id, "boss")
    assert [m.office.label for m in province.members] == ["Ủy viên", "Chủ tịch", "Phó Chủ tịch", "Ủy viên"]
    meeting = create_meeting(people["secretariat"], title="Họp tháng 12", body_id=province.id, starts_at=START)
    assert meeting.body == "UBND tỉnh Đồng Tháp" and meeting.state is MeetingState.draft
    assert [(m.user, m.role) for m in meeting.members] == [
        (chair, MeetingRole.chair),
        (vice, MeetingRole.member),
        (member, MeetingRole.member),
    ]  # the one whose term ended is not proposed; nobody is invited while it is a draft


def test_rules_per_body_and_kind_are_validated_and_never_change_a_closed_vote(admin):
    body = committee()
    own = body.meeting.host_body
    form = {"quorum": "3/4", "majority_basis": "present", "threshold": "ge_2_3", "substitutes_count": "1"}
    for bad, message in (
        ({"quorum": "4/3"}, "Tỷ lệ tối thiểu có mặt"),
        ({"quorum": "hai phần ba"}, "Tỷ lệ tối thiểu có mặt"),
        ({"majority_basis": "everyone"}, "Cách tính đa số không hợp lệ"),
        ({"threshold": "gt_3_4"}, "Ngưỡng thông qua"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.save_body_rules(admin, own, form | bad)
    assert services.body_rules(own) == (FloorRules(), False)
    hold(body)
    vote, _ = open_vote(body.chair, body.meeting, agenda_item_id=body.meeting.agenda_items[0].id, question="Q")
    for voter in body.voters[:5]:
        cast_ballot(voter, body.meeting, vote.id, "for", str(uuid.uuid4()))
    closed, _ = close_vote(body.chair, body.meeting, vote.id)
    before = (dict(closed.rules), dict(closed.result), closed.ballots_sha256)
    services.save_body_rules(admin, own, form)
    rules = FloorRules(
        quorum=Threshold(3, 4, strict=False),
        majority=Threshold(2, 3, strict=False),
        majority_basis=MajorityBasis.present,
        substitutes_count=True,
        absent_votes_count=False,
        ballots_changeable=False,
    )
    assert rules_for(body.meeting) == rules and services.body_rules(own) == (rules, True)
    db.session.expire_all()
    again = db.session.get(Vote, closed.id)
    assert (again.rules, again.result, again.ballots_sha256) == before
    assert again.rules == FloorRules().to_dict() and "Thông qua" in again.result["summary"]
    services.save_body_rules(admin, own, form | {"threshold": "gt_1_2"}, kind="thematic")
    assert rules_for(body.meeting) == rules  # a regular meeting: the body's rule for every kind
    services.reset_body_rules(admin, own)
    assert rules_for(body.meeting) == FloorRules()


def test_the_new_meeting_form_offers_active_bodies_and_proposes_members(client, people, admin, province):
    gone = create_body("UBND huyện Tháp Mười", dissolved_on=date(2025, 6, 30))
    services.add_body_member(admin, province, people["chair"].id, "chairman")
    login(client, people["secretariat"])
    form = client.get("/meetings/new").get_data(as_text=True)
    assert f'<option value="{province.id}">UBND tỉnh Đồng Tháp</option>' in form and gone.name not in form
    data = {"title": "Phiên họp thường kỳ tháng 12", "kind": "regular", "starts_at": "2026-12-03T07:30"}
    refused = client.post("/meetings/new", data=data)
    assert refused.status_code == 400 and "Vui lòng chọn cơ quan chủ trì." in refused.get_data(as_text=True)
    stale = client.post("/meetings/new", data=data | {"body_id": gone.id})
    assert stale.status_code == 400 and "UBND huyện Tháp Mười không còn hoạt động" in stale.get_data(as_text=True)
    created = client.post("/meetings/new", data=data | {"body_id": province.id}, follow_redirects=True)
    page = created.get_data(as_text=True)
    assert "Đã đề xuất 1 thành viên của UBND tỉnh Đồng Tháp" in page
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.title == data["title"]))
    assert [(m.user, m.role) for m in meeting.members] == [(people["chair"], MeetingRole.chair)]
    assert "UBND tỉnh Đồng Tháp" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)


def test_the_admin_pages(client, admin, province):
    login(client, admin)
    page = client.get("/admin/bodies").get_data(as_text=True)
    assert "UBND tỉnh Đồng Tháp" in page and "Thêm cơ quan" in page
    created = client.post(
        "/admin/bodies", data={"name": "UBND xã Mỹ Thọ", "level": "commune", "parent_id": province.id}
    )
    commune = db.session.scalar(sa.select(Body).where(Body.name == "UBND xã Mỹ Thọ"))
    assert created.status_code == 302 and commune.parent_id == province.id
    refused = client.post("/admin/bodies", data={"name": "UBND xã Mỹ Thọ", "level": "commune"})
    assert refused.status_code == 409 and "Đã có cơ quan «UBND xã Mỹ Thọ»" in refused.get_data(as_text=True)
    user = create_user(full_name="Nguyễn Văn Xã")
    client.post(f"/admin/bodies/{commune.id}/members", data={"user_id": user.id, "office": "chairman"})
    client.post(
        f"/admin/bodies/{commune.id}/rules",
        data={"quorum": "1/2", "majority_basis": "votes_cast", "threshold": "gt_1_2", "kind": "special"},
    )
    bad = client.post(f"/admin/bodies/{commune.id}/rules", data={"quorum": "0/2", "majority_basis": "present"})
    assert bad.status_code == 400 and "Tỷ lệ tối thiểu có mặt" in bad.get_data(as_text=True)
    page = client.get(f"/admin/bodies/{commune.id}?kind=special").get_data(as_text=True)
    assert "Nguyễn Văn Xã" in page and 'value="1/2"' in page and "Quy tắc riêng của cơ quan." in page
    client.post(
        f"/admin/bodies/{commune.id}/dissolve", data={"dissolved_on": "2026-01-01", "successor_id": province.id}
    )
    db.session.expire_all()
    assert db.session.get(Body, commune.id).dissolved_on == date(2026, 1, 1)
    tree = client.get("/admin/bodies").get_data(as_text=True)
    assert "Đã giải thể ngày 01/01/2026, kế thừa: UBND tỉnh Đồng Tháp" in tree
    assert client.get("/admin/bodies/999999").status_code == 404


def test_the_api(client, people, admin, province):
    from app.auth.services import issue_token

    def bearer(user):
        return {"Authorization": f"Bearer {issue_token(user)[1]}"}

    office = bearer(people["secretariat"])
    listed = client.get("/api/v1/bodies", headers=office).get_json()["bodies"]
    assert {"name": "UBND tỉnh Đồng Tháp", "level": "province", "dissolved_on": None}.items() <= listed[0].items()
    assert client.post("/api/v1/bodies", json={"name": "X", "level": "commune"}, headers=office).status_code == 403
    boss = bearer(admin)
    made = client.post(
        "/api/v1/bodies",
        json={"name": "UBND phường Cao Lãnh", "level": "commune", "parent_id": province.id},
        headers=boss,
    )
    assert made.status_code == 201
    ward = made.get_json()["id"]
    put = client.put(f"/api/v1/bodies/{ward}/members/{people['chair'].id}", json={"office": "chairman"}, headers=boss)
    assert put.status_code == 201 and put.get_json()["members"][0]["office"] == "chairman"
    rules = client.put(
        f"/api/v1/bodies/{ward}/rules",
        json={"quorum": "2/3", "majority_basis": "all_members", "threshold": "ge_2_3", "absent_votes_count": True},
        headers=boss,
    ).get_json()["rules"]
    assert rules["majority"] == {"num": 2, "den": 3, "strict": False} and rules["stored"] is True
    created = client.post(
        "/api/v1/meetings",
        json={"title": "Phiên họp thường kỳ", "body_id": ward, "starts_at": "2026-12-10T14:00"},
        headers=office,
    ).get_json()
    assert created["body"] == "UBND phường Cao Lãnh" and created["body_id"] == ward
    assert [(m["id"], m["role"]) for m in created["members"]] == [(people["chair"].id, "chair")]
    gone = client.post(f"/api/v1/bodies/{ward}/dissolve", json={"dissolved_on": "2026-06-30"}, headers=boss)
    assert gone.get_json()["status"] == "Đã giải thể ngày 30/06/2026"
    refused = client.post(
        "/api/v1/meetings", json={"title": "Họp", "body_id": ward, "starts_at": "2026-12-10T14:00"}, headers=office
    )
    assert refused.status_code == 400 and "không còn hoạt động" in refused.get_json()["error"]
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id)).where(Meeting.title == "Họp")) == 0


def test_the_archive_filters_by_a_dissolved_body(client, people, admin, province):
    from tests.support.factories import create_meeting as make_meeting

    old = make_meeting({people["member"]: "member"}, state="closed", title="Phiên họp tháng 3 năm 2020")
    old.starts_at = datetime(2020, 3, 26, 0, 30, tzinfo=UTC)
    services.dissolve_body(admin, old.host_body, dissolved_on="2025-06-30", successor_id=province.id)
    new = make_meeting({people["member"]: "member"}, state="closed", title="Phiên họp năm 2026")
    new.body = "UBND tỉnh Đồng Tháp"
    db.session.flush()
    login(client, people["archivist"])
    page = client.get(f"/archive?body={old.body_id}").get_data(as_text=True)
    assert "Phiên họp tháng 3 năm 2020" in page and "Phiên họp năm 2026" not in page
    assert "UBND huyện Cao Lãnh (Đã giải thể ngày 30/06/2025, kế thừa: UBND tỉnh Đồng Tháp)" in page
    found = client.get(f"/api/v1/archive/search?body={old.body_id}").get_json()
    assert {h["meeting"]["id"] for h in found["hits"]} == {old.id} and found["query"]["body"] == old.body_id
    by_name = client.get("/api/v1/archive/search?body=UBND huyện Cao Lãnh").get_json()
    assert {h["meeting"]["id"] for h in by_name["hits"]} == {old.id}
    unknown = client.get("/api/v1/archive/search?body=UBND huyện Không Có")
    assert unknown.status_code == 400 and "Không có cơ quan" in unknown.get_json()["error"]


def test_guess_level():
    from app.models.body import guess_level

    assert guess_level("UBND huyện Cao Lãnh") is BodyLevel.district
    assert guess_level("UBND tỉnh Đồng Tháp") is BodyLevel.province
    assert (
        guess_level("UBND phường Cao Lãnh") is BodyLevel.commune and guess_level("UBND xã Ba Sao") is BodyLevel.commune
    )
    assert BodyOffice.vice_chairman.label == "Phó Chủ tịch"


def test_a_seal_uploaded_under_the_bodys_name_is_attached_to_the_body(app, admin, province):
    from demo.ca import issue_demo_seal
    from meetings.services.minutes_records import seal_of, seal_provider
    from tests.support.minutes import P12_PASSPHRASE

    clerk = create_user(role=SystemRole.archivist)
    seal = issue_demo_seal(clerk, "UBND tỉnh Đồng Tháp", P12_PASSPHRASE)
    assert province.seal_id == seal.id
    services.update_body(admin, province, name="Ủy ban nhân dân tỉnh Đồng Tháp")
    assert seal_of("Ủy ban nhân dân tỉnh Đồng Tháp") == seal  # follows the body, not the name it was uploaded under
    assert seal_provider("Ủy ban nhân dân tỉnh Đồng Tháp").open(P12_PASSPHRASE) is not None
    assert seal_of("UBND xã Không Có") is None
    db.session.flush()
    page = app.test_client()
    login(page, admin)
    shown = page.get(f"/admin/bodies/{province.id}").get_data(as_text=True)
    assert seal.subject and seal.subject in shown


def test_moving_a_meeting_to_another_body_reindexes_it_under_the_new_name(people, admin, province):
    from meetings.models import SearchEntry
    from meetings.services.meetings import update_meeting

    create_body("UBND xã Mỹ Thọ")
    meeting = create_meeting(people["secretariat"], title="Họp", body="UBND xã Mỹ Thọ", starts_at=START)
    assert meeting.body == "UBND xã Mỹ Thọ"
    update_meeting(people["secretariat"], meeting, body_id=province.id)
    assert meeting.body == "UBND tỉnh Đồng Tháp"
    entry = db.session.scalar(
        sa.select(SearchEntry).where(SearchEntry.source == "meeting", SearchEntry.meeting_id == meeting.id)
    )
    assert "UBND tỉnh Đồng Tháp" in entry.text and "Mỹ Thọ" not in entry.text
