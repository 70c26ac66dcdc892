"""The demo's bodies in 2026: the province of Đồng Tháp with its communes, and the former UBND
huyện Cao Lãnh dissolved on 30/06/2025 (successor: the province), whose March 2020 meeting and
signed minutes the archive still finds by body (issue 13's acceptance)."""

from __future__ import annotations

import re

import sqlalchemy as sa

from app.extensions import db
from app.models import Body, BodyLevel, User
from meetings.models import Meeting, SearchSource
from tests.conftest import login

HTML = {"Accept": "text/html"}
PAST = "Phiên họp thường kỳ tháng 3 năm 2020 của UBND huyện Cao Lãnh"


def test_the_dissolved_district_keeps_its_2020_meeting_and_signed_minutes(app, client, store):
    from demo.seed import seed_demo

    assert seed_demo(app.config["DEMO_PASSWORD"])
    db.session.commit()
    bodies = {b.name: b for b in db.session.scalars(sa.select(Body))}
    province, district = bodies["UBND tỉnh Đồng Tháp"], bodies["UBND huyện Cao Lãnh"]
    assert province.level is BodyLevel.province and province.dissolved_on is None
    communes = sorted(b.name for b in bodies.values() if b.parent_id == province.id and b.level is BodyLevel.commune)
    assert {"UBND xã Mỹ Thọ", "UBND phường Cao Lãnh", "UBND xã Ba Sao"} <= set(communes)
    assert district.status_text == "Đã giải thể ngày 30/06/2025, kế thừa: UBND tỉnh Đồng Tháp"
    assert {m.office.label for m in district.members} == {"Chủ tịch", "Phó Chủ tịch", "Ủy viên"}
    past = db.session.scalar(sa.select(Meeting).where(Meeting.title == PAST))
    assert past.host_body is district

    archivist = db.session.scalar(sa.select(User).where(User.login == "luutru"))
    login(client, archivist, app.config["DEMO_PASSWORD"])
    page = client.get(f"/archive?body={district.id}", headers=HTML).get_data(as_text=True)
    assert f'<option value="{district.id}" selected>UBND huyện Cao Lãnh (Đã giải thể ngày 30/06/2025' in page
    hits = re.findall(r'<li class="hit"[^>]*data-meeting-id="(\d+)"', page)
    assert hits == [str(past.id)]
    assert f'href="/meetings/{past.id}/minutes/verify"' in page  # its signed minutes, verifiable
    found = client.get(f"/api/v1/archive/search?body={district.id}&q=bien ban").get_json()
    assert {(h["source"], h["meeting"]["id"]) for h in found["hits"]} >= {(SearchSource.minutes.value, past.id)}
    assert {h["meeting"]["id"] for h in found["hits"]} == {past.id}
    # the 2026 commune has no closed meeting yet; its finished written ballot is already a record
    commune = client.get(f"/api/v1/archive/search?body={bodies['UBND xã Mỹ Thọ'].id}").get_json()
    assert commune["total"] == 1 and [h["meeting"] for h in commune["hits"]] == [None]
    assert commune["hits"][0]["opinion_ballot"]["body"] == "UBND xã Mỹ Thọ"

    client.post("/logout")
    office = db.session.scalar(sa.select(User).where(User.login == "thuky"))
    login(client, office, app.config["DEMO_PASSWORD"])
    form = client.get("/meetings/new", headers=HTML).get_data(as_text=True)
    assert ">UBND tỉnh Đồng Tháp</option>" in form and ">UBND xã Mỹ Thọ</option>" in form
    assert "UBND huyện Cao Lãnh" not in form  # dissolved: no new meetings
