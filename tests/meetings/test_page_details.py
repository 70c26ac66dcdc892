"""Small things a user notices: no dangling "·" when a place or presenter is missing, the agenda
builder offers the meeting's people as presenters (not every account), and the site has an icon."""

from __future__ import annotations

import re

from app.extensions import db
from app.models import SystemRole
from tests.conftest import login
from tests.support.factories import create_meeting, create_user

HTML = {"Accept": "text/html"}


def test_missing_place_or_presenter_leaves_no_dangling_separator(client):
    secretary = create_user(role=SystemRole.secretariat)
    member = create_user()
    meeting = create_meeting({secretary: "secretary", member: "member"}, items=1)
    meeting.place = ""
    meeting.agenda_items[0].duration_minutes = 20
    db.session.flush()
    login(client, member)
    mine = client.get("/meetings/mine", headers=HTML).get_data(as_text=True)
    assert "UBND huyện Cao Lãnh" in mine and not re.search(r"·\s*(<span>\s*</span>)?\s*·", mine)
    detail = client.get(f"/meetings/{meeting.id}", headers=HTML).get_data(as_text=True)
    assert re.search(r'<div class="meta">\s*20 phút</div>', detail)
    client.post("/logout")
    login(client, secretary)
    manage = client.get(f"/meetings/{meeting.id}/manage", headers=HTML).get_data(as_text=True)
    assert not re.search(r"·\s*·", manage) and '<span class="meta">20 phút</span>' in manage


def test_presenters_offered_are_the_meetings_people(client):
    secretary = create_user(role=SystemRole.secretariat, full_name="Lê Hoàng Nam")
    member = create_user(full_name="Trần Thị Đào")
    stranger = create_user(full_name="Người Ngoài Cuộc")
    meeting = create_meeting({secretary: "secretary", member: "member"}, items=1)
    login(client, secretary)
    manage = client.get(f"/meetings/{meeting.id}/manage", headers=HTML).get_data(as_text=True)
    presenter_select = re.search(r'<select id="fnew-presenter".*?</select>', manage, re.S).group(0)
    assert "Trần Thị Đào" in presenter_select and "Người Ngoài Cuộc" not in presenter_select
    member_select = re.search(r'<select id="member-user".*?</select>', manage, re.S).group(0)
    assert "Người Ngoài Cuộc" in member_select  # may still be added to the meeting
    assert stranger.id


def test_the_site_has_an_icon(client):
    user = create_user()
    login(client, user)
    page = client.get("/meetings/mine", headers=HTML).get_data(as_text=True)
    assert '<link rel="icon" type="image/svg+xml" href="/static/img/favicon.svg">' in page
    icon = client.get("/favicon.ico")
    assert icon.status_code == 301 and icon.headers["Location"].endswith("/static/img/favicon.svg")
    svg = client.get("/static/img/favicon.svg")
    assert svg.status_code == 200 and b"<svg" in svg.data


def test_page_counts_agree_in_number_in_english(client, store):
    from tests.support.factories import create_document

    secretary = create_user(role=SystemRole.secretariat)
    member = create_user()
    meeting = create_meeting({secretary: "secretary", member: "member"}, items=1)
    create_document(meeting, secretary, pages=1, agenda_item=meeting.agenda_items[0], title="Tờ trình một trang")
    create_document(meeting, secretary, pages=3, agenda_item=meeting.agenda_items[0], title="Báo cáo ba trang")
    login(client, member)
    english = client.get(f"/meetings/{meeting.id}?lang=en", headers=HTML).get_data(as_text=True)
    assert "1 page ·" in english and "3 pages ·" in english and "1 pages" not in english
    vietnamese = client.get(f"/meetings/{meeting.id}?lang=vi", headers=HTML).get_data(as_text=True)
    assert "1 trang ·" in vietnamese and "3 trang ·" in vietnamese


def test_a_member_chooses_a_substitute_from_their_own_unit_first(client):
    head = create_user(full_name="Phạm Ngọc Hân", unit="Phòng Nội vụ")
    deputy = create_user(full_name="Nguyễn Thị Kim Ngân", position="Phó Trưởng phòng Nội vụ", unit="Phòng Nội vụ")
    create_user(full_name="Lê Văn Thắng", position="Phó Trưởng phòng TN-MT", unit="Phòng Tài nguyên và Môi trường")
    meeting = create_meeting({head: "member"}, items=1)
    login(client, head)
    page = client.get(f"/meetings/{meeting.id}", headers=HTML).get_data(as_text=True)
    same = re.search(r'<optgroup label="Cùng đơn vị" data-testid="same-unit">(.*?)</optgroup>', page, re.S).group(1)
    assert f'<option value="{deputy.id}">Nguyễn Thị Kim Ngân – Phó Trưởng phòng Nội vụ</option>' in same
    assert "Lê Văn Thắng" not in same
    assert "Lê Văn Thắng – Phó Trưởng phòng TN-MT (Phòng Tài nguyên và Môi trường)" in page  # still offered, below
