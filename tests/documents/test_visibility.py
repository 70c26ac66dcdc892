"""Who reads which document: confidential ("Mật") documents only by named recipients, observers
only what is marked for them, the secretariat and the meeting's secretary everything — the same
answer from the permission function, the JSON API, the meeting page and the download itself."""

import pytest

from app.auth.services import issue_token
from app.extensions import db
from app.models import SystemRole
from app.permissions import can_view_document
from meetings.models import MeetingState
from meetings.services.documents import set_document_access
from tests.support.factories import create_document, create_meeting, create_user

EXPECTED = {
    "secretariat": {"public", "secret", "for_guests", "secret_for_guests"},
    "secretary": {"public", "secret", "for_guests", "secret_for_guests"},
    "chair": {"public", "for_guests"},
    "named_member": {"public", "secret", "for_guests", "secret_for_guests"},
    "member": {"public", "for_guests"},
    "observer": {"for_guests"},
    "named_observer": {"for_guests", "secret_for_guests"},
    "outsider": set(),
    "admin": set(),
}


@pytest.fixture
def world(app):
    people = {
        "secretariat": create_user(role=SystemRole.secretariat),
        "secretary": create_user(),
        "chair": create_user(),
        "named_member": create_user(),
        "member": create_user(),
        "observer": create_user(),
        "named_observer": create_user(),
        "outsider": create_user(),
        "admin": create_user(role=SystemRole.admin),
    }
    meeting = create_meeting(
        {
            people["secretary"]: "secretary",
            people["chair"]: "chair",
            people["named_member"]: "member",
            people["member"]: "member",
            people["observer"]: "observer",
            people["named_observer"]: "observer",
        },
        items=1,
    )
    item = meeting.agenda_items[0]
    sec = people["secretary"]
    docs = {
        name: create_document(meeting, sec, pages=1, agenda_item=item, title=name)
        for name in ("public", "secret", "for_guests", "secret_for_guests")
    }
    set_document_access(
        sec, docs["secret"], confidential=True, observer_visible=False, recipient_ids=[people["named_member"].id]
    )
    set_document_access(sec, docs["for_guests"], confidential=False, observer_visible=True)
    set_document_access(
        sec,
        docs["secret_for_guests"],
        confidential=True,
        observer_visible=True,
        recipient_ids=[people["named_member"].id, people["named_observer"].id],
    )
    db.session.flush()
    return people, meeting, docs


def test_permission_function_matrix(world):
    people, _meeting, docs = world
    for name, user in people.items():
        seen = {title for title, doc in docs.items() if can_view_document(user, doc)}
        assert seen == EXPECTED[name], name


def test_api_lists_page_and_downloads_agree(app, world):
    people, meeting, docs = world
    for name, user in people.items():
        _, raw = issue_token(user)
        headers = {"Authorization": f"Bearer {raw}"}
        client = app.test_client()
        listing = client.get(f"/api/v1/meetings/{meeting.id}/documents", headers=headers)
        if name in ("outsider", "admin"):
            assert listing.status_code == 404
        else:
            assert {d["title"] for d in listing.get_json()["documents"]} == EXPECTED[name], name
            detail = client.get(f"/api/v1/meetings/{meeting.id}", headers=headers).get_json()
            assert {d["title"] for d in detail["agenda"][0]["documents"]} == EXPECTED[name], name
        for title, doc in docs.items():
            response = client.get(f"/api/v1/documents/{doc.id}", headers=headers)
            assert response.status_code == (200 if title in EXPECTED[name] else 404), (name, title)
        hidden = next((doc for title, doc in docs.items() if title not in EXPECTED[name]), None)
        if hidden is not None:
            download = client.get(f"/api/v1/documents/{hidden.id}/download", headers=headers)
            assert download.status_code == 404 and b"%PDF" not in download.data


def test_meeting_page_lists_only_readable_documents(app, world):
    from tests.conftest import login

    people, meeting, _docs = world
    client = app.test_client()
    login(client, people["observer"])
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "for_guests" in html and "secret" not in html.replace("secret_for_guests", "") and "public" not in html
    assert "doc-upload" not in html  # observers upload nothing


def test_access_settings_are_validated(world):
    from app.errors import PermissionDenied, ValidationError

    people, _meeting, docs = world
    with pytest.raises(ValidationError, match="thành phần của cuộc họp"):
        set_document_access(
            people["secretary"],
            docs["public"],
            confidential=True,
            observer_visible=False,
            recipient_ids=[people["outsider"].id],
        )
    with pytest.raises(ValidationError, match="ít nhất một người"):
        set_document_access(people["secretary"], docs["public"], confidential=True, observer_visible=False)
    with pytest.raises(PermissionDenied):
        set_document_access(people["member"], docs["public"], confidential=False, observer_visible=True)
    assert not docs["public"].confidential and not docs["public"].observer_visible


def test_access_form_sets_flags_and_recipients(app, world):
    from tests.conftest import login

    people, _meeting, docs = world
    client = app.test_client()
    login(client, people["secretary"])
    doc = docs["public"]
    response = client.post(
        f"/documents/{doc.id}/access", data={"confidential": "1", "recipient_ids": [str(people["chair"].id)]}
    )
    assert response.status_code == 302
    db.session.refresh(doc)
    assert doc.confidential and doc.recipient_ids == {people["chair"].id}
    assert can_view_document(people["chair"], doc) and not can_view_document(people["member"], doc)
    member = app.test_client()
    login(member, people["member"])
    assert member.post(f"/documents/{doc.id}/access", data={}).status_code == 404  # cannot see it any more
    page = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert "Quyền xem" in page and "Mật" in page


def test_archivist_reads_closed_meetings_but_not_confidential_documents(app, world):
    people, meeting, docs = world
    archivist = create_user(role=SystemRole.archivist)
    assert not any(can_view_document(archivist, d) for d in docs.values())
    meeting.state = MeetingState.closed
    db.session.flush()
    assert {t for t, d in docs.items() if can_view_document(archivist, d)} == {"public", "for_guests"}
    assert can_view_document(people["secretary"], docs["secret"])  # still readable to the secretary
