"""The new-ballot form proposes the body the office works for: a commune's secretary, who prepares
the commune's meetings, gets the commune with its standing members ticked. It used to propose the
first active body, the province (listed first), with none of the commune's members ticked."""

from __future__ import annotations

import re

from app.extensions import db
from app.models import Body, BodyLevel, BodyMember, BodyOffice, SystemRole
from meetings.services.bodies import usual_body
from tests.conftest import login
from tests.support.factories import create_meeting, create_user


def _world():
    province = Body(name="UBND tỉnh Đồng Tháp", level=BodyLevel.province)
    commune = Body(name="UBND xã Mỹ Thọ", level=BodyLevel.commune, parent=province)
    other = Body(name="UBND xã Ba Sao", level=BodyLevel.commune, parent=province)
    db.session.add_all([province, commune, other])
    chair = create_user(full_name="Lê Minh Khoa")
    db.session.add(BodyMember(body=commune, user=chair, office=BodyOffice.chairman))
    secretary = create_user(role=SystemRole.secretariat, full_name="Trương Thị Kim Yến")
    meeting = create_meeting({chair: "chair", secretary: "secretary"})
    meeting.host_body = commune
    db.session.flush()
    return province, commune, other, chair, secretary


def _proposed(client) -> tuple[str, list[str]]:
    html = client.get("/opinion-ballots/new").get_data(as_text=True)
    body = re.search(r'<option value="\d+" selected>([^<]+)</option>', html).group(1)
    ticked = re.findall(r'name="recipient_ids" value="\d+" checked', html)
    return body, ticked


def test_the_secretary_of_the_commune_is_offered_the_commune(app, client):
    province, commune, other, chair, secretary = _world()
    login(client, secretary)
    body, ticked = _proposed(client)
    assert body == "UBND xã Mỹ Thọ" and len(ticked) == 1  # its chairman
    # picking another body still works
    html = client.get(f"/opinion-ballots/new?body_id={other.id}").get_data(as_text=True)
    assert f'<option value="{other.id}" selected>UBND xã Ba Sao</option>' in html


def test_a_seat_wins_over_meetings_and_nothing_falls_back_to_the_first(app):
    province, commune, other, chair, secretary = _world()
    db.session.add(BodyMember(body=other, user=secretary, office=BodyOffice.member))
    db.session.flush()
    bodies = [province, commune, other]
    assert usual_body(secretary, bodies) is other  # she sits on Ba Sao's committee
    assert usual_body(chair, bodies) is commune
    assert usual_body(create_user(role=SystemRole.secretariat), bodies) is None
    assert usual_body(chair, [province]) is None  # only offered bodies
