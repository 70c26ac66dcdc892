"""Shared marks and the presenter's slide follow their document's visibility: a confidential
document only for its named readers (and those preparing the meeting), a document not marked for
guests not for observers — live, in the join snapshot, in catch-up and in GET …/live."""

import pytest

from app.extensions import db
from app.models import SystemRole
from app.permissions import Perm, can_view_document, has_perm
from meetings.models import MeetingState
from tests.conftest import login
from tests.realtime.live_helpers import Hall, _document_facts, events
from tests.support.factories import create_meeting, create_user


@pytest.fixture
def hall(app):
    hall = Hall(app, "hd")
    # "Mật", one named reader: member1; the secretary prepares the meeting and reads all; not the chair
    hall.secret = hall.add_document(pages=7, confidential=True, readers=("member1",))
    hall.members_only = hall.add_document(pages=4, observer_visible=False)  # not for guests
    return hall


def _mark(hall, document, **kw):
    return dict(hall.mark("shared", **kw), document_id=document.id)


def _ids(ack) -> set[str]:
    return {a["id"] for a in ack["state"]["annotations"]}


def test_a_shared_mark_on_a_confidential_document_reaches_only_its_readers(hall):
    author, named, unnamed = hall.socket("secretary"), hall.socket("member1"), hall.socket("member2")
    chair, observer = hall.socket("chair"), hall.socket("observer")
    mark = _mark(hall, hall.secret, page=6)
    ack = hall.call(author, "annotation.add", {"annotation": mark})
    assert ack["ok"] is True
    for sio in (named, author):
        (changed,) = events(sio, "annotation.changed")
        assert changed["seq"] == ack["seq"] and changed["annotation"]["id"] == mark["id"]
    for sio in (unnamed, chair, observer):
        assert events(sio, "annotation.changed") == []
    # its update and deletion follow the same way
    moved = dict(mark, data={"points": [[0.5, 0.5], [0.6, 0.6]], "color": "#d32f2f", "width": 0.004})
    assert hall.call(author, "annotation.update", {"annotation": moved})["ok"] is True
    assert hall.call(author, "annotation.delete", {"id": mark["id"]})["ok"] is True
    assert [e["op"] for e in events(named, "annotation.changed")] == ["update", "delete"]
    for sio in (unnamed, chair, observer):
        assert events(sio, "annotation.changed") == []


def test_a_shared_mark_on_a_document_not_for_guests_skips_the_observer(hall):
    author, member, observer = hall.socket("member1"), hall.socket("member2"), hall.socket("observer")
    mark = _mark(hall, hall.members_only)
    ack = hall.call(author, "annotation.add", {"annotation": mark})
    assert [e["seq"] for e in events(member, "annotation.changed")] == [ack["seq"]]
    assert events(observer, "annotation.changed") == []
    # a mark on the document everyone reads still reaches the observer
    open_mark = hall.mark("shared")
    hall.call(author, "annotation.add", {"annotation": open_mark})
    assert [e["annotation"]["id"] for e in events(observer, "annotation.changed")] == [open_mark["id"]]


def test_snapshot_catch_up_and_http_state_leave_hidden_marks_out(hall):
    author = hall.socket("secretary")
    before = {who: hall.socket(who) for who in ("member1", "chair", "member2", "observer")}
    secret, members_only, everyone = _mark(hall, hall.secret), _mark(hall, hall.members_only), hall.mark("shared")
    for mark in (secret, members_only, everyone):
        assert hall.call(author, "annotation.add", {"annotation": mark})["ok"] is True
    expected = {
        "member1": {secret["id"], members_only["id"], everyone["id"]},
        "chair": {members_only["id"], everyone["id"]},
        "member2": {members_only["id"], everyone["id"]},
        "observer": {everyone["id"]},
    }
    for who, ids in expected.items():
        assert _ids(hall.socket(who).ack) == ids, who  # the join snapshot
        catch_up = hall.socket(who, since_seq=before[who].ack["seq"]).ack
        assert catch_up["snapshot"] is False
        assert {
            m["data"]["annotation"]["id"] for m in catch_up["missed"] if m["event"] == "annotation.changed"
        } == ids, who
        client = hall.app.test_client()
        login(client, hall.people[who])
        state = client.get(f"/api/v1/meetings/{hall.meeting.id}/live").get_json()
        assert {a["id"] for a in state["state"]["annotations"]} == ids, who


def test_the_slide_on_a_hidden_document_names_it_only_to_its_readers(hall, client):
    secretary, reader = hall.socket("secretary"), hall.socket("member1")
    unnamed, observer, chair = hall.socket("member2"), hall.socket("observer"), hall.socket("chair")
    since = unnamed.ack["seq"]
    ack = hall.call(secretary, "slide.set", {"document_id": hall.secret.id, "page": 6})
    assert ack["ok"] is True
    (seen,) = events(reader, "slide.changed")
    assert (seen["document_id"], seen["page"], seen["seq"]) == (hall.secret.id, 6, ack["seq"])
    hidden = {
        "meeting_id": hall.meeting.id,
        "document_id": None,
        "page": None,
        "zoom": 1.0,
        "by": hall.people["secretary"].id,
        "seq": ack["seq"],
        "hidden": True,
    }
    for sio in (unnamed, observer, chair):
        assert events(sio, "slide.changed") == [hidden]
    # the same in the join snapshot, in catch-up and over HTTP
    assert hall.socket("member2").ack["state"]["slide"] == {
        "document_id": None,
        "page": None,
        "zoom": 1.0,
        "hidden": True,
    }
    missed = hall.socket("member2", since_seq=since).ack["missed"]
    assert [m["data"] for m in missed if m["event"] == "slide.changed"] == [hidden]
    assert hall.socket("member1").ack["state"]["slide"] == {"document_id": hall.secret.id, "page": 6, "zoom": 1.0}
    login(client, hall.people["observer"])
    assert client.get(f"/api/v1/meetings/{hall.meeting.id}/live").get_json()["state"]["slide"]["page"] is None
    # back on the open document, everyone sees where the presenter is
    hall.call(secretary, "slide.set", {"document_id": hall.document.id, "page": 2})
    assert events(observer, "slide.changed")[0]["document_id"] == hall.document.id


def test_a_document_one_may_not_read_is_refused_like_one_that_does_not_exist(hall):
    unnamed, observer, chair = hall.socket("member2"), hall.socket("observer"), hall.socket("chair")
    missing = {"document_id": 999999}
    for sio, document in ((unnamed, hall.secret), (observer, hall.secret), (observer, hall.members_only)):
        for page in (1, 99):  # inside and beyond its page count: the same answer, no page count
            mark = dict(hall.mark("private", page=page), document_id=document.id)
            refused = hall.call(sio, "annotation.add", {"annotation": mark})
            nowhere = hall.call(sio, "annotation.add", {"annotation": dict(mark, **missing)})
            assert refused == nowhere == {"ok": False, "error": "Tài liệu không thuộc cuộc họp này."}
    # the chair controls the slides but is not named on the confidential document
    refused = hall.call(chair, "slide.set", {"document_id": hall.secret.id, "page": 99})
    assert refused == hall.call(chair, "slide.set", {"page": 99, **missing})
    assert "7" not in refused["error"]
    # its readers get the real page count
    reader = hall.socket("member1")
    beyond = dict(hall.mark("private", page=8), document_id=hall.secret.id)
    assert hall.call(reader, "annotation.add", {"annotation": beyond})["error"] == "Tài liệu chỉ có 7 trang."


@pytest.mark.parametrize("state", [s.value for s in MeetingState])
def test_a_document_open_to_the_meeting_is_read_by_everyone_who_may_view_it(app, state):
    """live_audience.open_to_meeting sends marks on such a document to the whole meeting room:
    that is right only if every role that may view a meeting may read it."""
    from meetings.services.live_audience import open_to_meeting

    people = {role: create_user(f"hd-{state}-{role}") for role in ("chair", "secretary", "member", "observer")}
    meeting = create_meeting({user: role for role, user in people.items()}, state=state)
    document = _document_facts(meeting, people["secretary"], 3, observer_visible=True)
    others = [create_user(f"hd-{state}-sys-{role.value}", role) for role in SystemRole]
    db.session.refresh(meeting)
    assert open_to_meeting(document)
    for user in [*people.values(), *others]:
        if has_perm(user, Perm.MEETING_VIEW, meeting):
            assert can_view_document(user, document), (state, user.login)
