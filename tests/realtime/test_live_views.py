"""The viewer page and the JSON live state over HTTP: who may open them, what they contain."""

import json
import re
from html import unescape

import pytest

from app.auth.services import issue_token
from tests.conftest import login
from tests.realtime.live_helpers import Hall


@pytest.fixture
def hall(app):
    return Hall(app, "vw")


def _config(response) -> dict:
    match = re.search(r'data-config="([^"]*)"', response.get_data(as_text=True))
    return json.loads(unescape(match.group(1)))


def test_member_opens_the_viewer_with_what_the_scripts_need(hall, client):
    login(client, hall.people["member1"])
    response = client.get(f"/meetings/{hall.meeting.id}/live")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Quay lại trang người trình bày" in html and "<script>" not in html
    assert 'src="/static/js/realtime/live.js"' in html
    config = _config(response)
    assert config["meeting_id"] == hall.meeting.id and config["user_id"] == hall.people["member1"].id
    assert config["documents"][str(hall.document.id)]["page_count"] == 5
    assert config["can"] == {
        "control": False,
        "present": True,
        "assign": False,
        "annotate": True,
        "shared": True,
        "attendance": False,
        "speak": True,
        "manage": False,
        "vote": True,
        "check_in": True,
    }
    assert 'id="check-in"' in html and 'id="vote-panel"' in html
    assert 'id="presenter-select"' not in html and 'id="presence"' not in html


def test_chair_gets_presenter_controls_and_attendance(hall, client):
    login(client, hall.people["chair"])
    response = client.get(f"/meetings/{hall.meeting.id}/live")
    html = response.get_data(as_text=True)
    assert _config(response)["can"]["assign"] is True
    assert 'id="presenter-select"' in html and 'id="presence"' in html
    # observers are not offered as presenters
    assert hall.people["observer"].full_name not in html.split('id="presenter-select"')[1].split("</select>")[0]


def test_outsider_gets_404_and_anonymous_goes_to_login(hall, client):
    assert client.get(f"/meetings/{hall.meeting.id}/live").status_code == 302
    login(client, hall.people["outsider"])
    assert client.get(f"/meetings/{hall.meeting.id}/live").status_code == 404
    assert client.get("/meetings/999999/live").status_code == 404


def test_live_state_api_shows_shared_and_own_private_marks_only(hall, client):
    member, _chair = hall.socket("member1"), hall.socket("chair")  # the chair is connected too
    private, shared = hall.mark("private"), hall.mark("shared")
    hall.call(member, "annotation.add", {"annotation": private})
    hall.call(member, "annotation.add", {"annotation": shared})
    for who, expected in (("member1", {private["id"], shared["id"]}), ("chair", {shared["id"]})):
        _, raw = issue_token(hall.people[who])
        body = client.get(f"/api/v1/meetings/{hall.meeting.id}/live", headers={"Authorization": f"Bearer {raw}"}).json
        assert {a["id"] for a in body["state"]["annotations"]} == expected, who
        assert body["snapshot"] is True and body["seq"] >= 4
    _, raw = issue_token(hall.people["outsider"])
    response = client.get(f"/api/v1/meetings/{hall.meeting.id}/live", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 404 and response.json["error"]
    response = client.get(f"/api/v1/meetings/{hall.meeting.id}/live")
    assert response.status_code == 401 and "đăng nhập" in response.json["error"]


def test_viewer_gets_the_page_thumbnails_of_each_readable_document(hall, client):
    from app.extensions import db

    hall.document.thumbnail_count = 3
    db.session.flush()
    login(client, hall.people["member1"])
    thumbs = _config(client.get(f"/meetings/{hall.meeting.id}/live"))["documents"][str(hall.document.id)]["thumbs"]
    assert thumbs == [f"/documents/{hall.document.id}/thumbnails/{n}.jpg?v={hall.document.version}" for n in (1, 2, 3)]


def test_viewer_lists_only_documents_the_member_may_read(hall, client):
    from app.extensions import db

    hall.document.confidential = True  # "Mật": named readers only, and nobody is named
    db.session.flush()
    login(client, hall.people["member1"])
    config = _config(client.get(f"/meetings/{hall.meeting.id}/live"))
    assert str(hall.document.id) not in config["documents"]
    assert all(hall.document.id not in item["documents"] for item in config["agenda"])


def test_viewer_shows_sub_items_as_a_tree_with_their_readable_documents(hall, client):
    """A sub-item (1.1) and its documents sit under their parent, numbered as on the meeting page;
    a confidential document in a sub-item stays hidden from those it does not name."""
    from app.extensions import db
    from tests.realtime.live_helpers import _document_facts
    from tests.support.factories import create_agenda_item

    top = create_agenda_item(hall.meeting, "Kinh tế – xã hội")
    sub = create_agenda_item(hall.meeting, "Thu ngân sách", parent=top)
    second = create_agenda_item(hall.meeting, "Các vấn đề khác")
    hall.document.agenda_item_id = sub.id
    secret = _document_facts(hall.meeting, hall.people["secretary"], pages=2)
    secret.title, secret.agenda_item_id, secret.confidential = "Phương án nhân sự", sub.id, True
    db.session.flush()

    login(client, hall.people["member1"])
    response = client.get(f"/meetings/{hall.meeting.id}/live")
    agenda = _config(response)["agenda"]
    assert agenda == [
        {
            "id": top.id,
            "number": "1",
            "title": "Kinh tế – xã hội",
            "documents": [],
            "children": [
                {
                    "id": sub.id,
                    "number": "1.1",
                    "title": "Thu ngân sách",
                    "documents": [hall.document.id],
                    "children": [],
                }
            ],
        },
        {"id": second.id, "number": "2", "title": "Các vấn đề khác", "documents": [], "children": []},
    ]  # nothing left over for "Tài liệu khác"
    html = response.get_data(as_text=True)
    sub_li = html.split('data-number="1.1"')[1].split("</li>\n")[0]
    assert "Thu ngân sách" in sub_li and f'data-document-id="{hall.document.id}"' in sub_li
    assert "Tài liệu khác" not in html and "Phương án nhân sự" not in html
    assert html.index('data-number="1"') < html.index('data-number="1.1"') < html.index('data-number="2"')
    assert second.title in html

    from documents.models.document_recipient import DocumentRecipient

    db.session.add(DocumentRecipient(document_id=secret.id, user_id=hall.people["member2"].id))
    db.session.flush()
    db.session.expire(secret)
    other = hall.app.test_client()
    login(other, hall.people["member2"])  # named on it: reads it, in its place under 1.1
    agenda = _config(other.get(f"/meetings/{hall.meeting.id}/live"))["agenda"]
    assert agenda[0]["children"][0]["documents"] == [hall.document.id, secret.id] and len(agenda) == 2


def test_drawer_stylesheet_and_script_share_one_media_query(hall, client):
    """The drawer layout (CSS) and closing the drawer after a choice (live.js) use the same query,
    so a portrait tablet wider than 900px gets both."""
    from pathlib import Path

    from realtime.views import DRAWER_QUERY

    login(client, hall.people["member1"])
    response = client.get(f"/meetings/{hall.meeting.id}/live")
    assert _config(response)["drawer_query"] == DRAWER_QUERY and "orientation: portrait" in DRAWER_QUERY
    link = re.search(
        r'<link rel="stylesheet" href="/static/css/live-drawer.css" media="([^"]*)">', response.get_data(as_text=True)
    )
    assert link and unescape(link.group(1)) == DRAWER_QUERY
    script = (Path(__file__).parents[2] / "static/js/realtime/live.js").read_text()
    assert "matchMedia(config.drawer_query)" in script and "900px" not in script
