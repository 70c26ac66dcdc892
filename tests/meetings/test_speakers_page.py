"""The speakers page (chair, secretary) and the floor bar of the tablet viewer: who sees what."""

import json
from html import unescape

from tests.conftest import login
from tests.support.factories import cast_meeting


def _config(page: str, attribute: str = "data-config") -> dict:
    return json.loads(unescape(page.split(f'{attribute}="', 1)[1].split('"', 1)[0]))


def test_the_speakers_page_is_for_the_chair_and_the_secretary(app, people):
    meeting = cast_meeting(people, state="in_session", items=2)
    for who, status in (
        ("chair", 200),
        ("secretary", 200),
        ("member", 403),
        ("observer", 403),
        ("outsider", 404),
        ("secretariat", 403),
    ):
        client = app.test_client()
        login(client, people[who])
        response = client.get(f"/meetings/{meeting.id}/speakers")
        assert response.status_code == status, who
    client = app.test_client()
    login(client, people["chair"])
    page = client.get(f"/meetings/{meeting.id}/speakers").get_data(as_text=True)
    assert 'id="console-speakers"' in page and 'id="projector-speaker"' in page and 'id="speakers-i18n"' in page
    first, second = meeting.agenda_items
    assert f'<option value="{second.id}">2. {second.title}</option>' in page
    config = _config(page)
    assert config["meeting_id"] == meeting.id and config["items"][str(first.id)] == {
        "number": "1",
        "title": first.title,
    }
    assert config["can"] == {"manage": True, "control": True, "speak": True}
    assert "<script>" not in page  # CSP: no inline script


def test_the_tablet_offers_the_floor_to_members_only(app, people):
    meeting = cast_meeting(people, state="in_session", items=1)
    expected = {"member": (True, False), "chair": (True, True), "secretary": (False, True), "observer": (False, False)}
    for who, (speak, manage) in expected.items():
        client = app.test_client()
        login(client, people[who])
        page = client.get(f"/meetings/{meeting.id}/live").get_data(as_text=True)
        assert 'id="floor-bar"' in page and 'id="floor-timer"' in page, who  # the timer: everyone
        assert ('id="floor-request"' in page) is speak and ("Xin phát biểu" in page) is speak, who
        assert (f'href="/meetings/{meeting.id}/speakers"' in page) is manage, who
        config = _config(page)
        assert config["can"]["speak"] is speak and config["items"][str(meeting.agenda_items[0].id)]["number"] == "1"
