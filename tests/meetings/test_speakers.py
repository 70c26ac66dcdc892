"""The floor's services: the queue of the item under discussion, one open request per member and
item, who may do what, and speeches that end with their durations recorded."""

from datetime import UTC, datetime, timedelta

import pytest

from app.errors import NotFound, PermissionDenied, ValidationError
from app.extensions import db
from meetings.models import MeetingEvent, SpeakerRequest, SpeakerState
from meetings.services import speakers
from meetings.services.members import remove_member
from tests.support.factories import cast_meeting, create_user

T0 = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self):
        return self.now

    def tick(self, seconds):
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(speakers, "utcnow", clock)
    return clock


@pytest.fixture
def floor(people):
    """A meeting in session, two more members, three agenda items, the first under discussion."""
    people["member2"], people["member3"] = create_user(full_name="Trần Thị Hoa"), create_user()
    meeting = cast_meeting(people, state="in_session", items=3)
    from meetings.models import MeetingMember, MeetingRole

    for who in ("member2", "member3"):
        db.session.add(MeetingMember(meeting_id=meeting.id, user_id=people[who].id, role=MeetingRole.member))
    db.session.flush()
    db.session.refresh(meeting)
    speakers.set_current_item(people["chair"], meeting, meeting.agenda_items[0].id)
    return meeting


def events(meeting, name="speaker.changed"):
    return [
        e.payload
        for e in db.session.query(MeetingEvent).filter_by(meeting_id=meeting.id, event=name).order_by(MeetingEvent.seq)
    ]


def test_requests_queue_in_order_on_the_item_under_discussion(people, floor, clock):
    item = floor.agenda_items[0]
    for who in ("member", "member2", "chair"):
        request, (changed,) = speakers.request_floor(people[who], floor)
        assert request.agenda_item_id == item.id and request.state == SpeakerState.requested
        clock.tick(3)
    queue = changed.data["queue"]
    assert [(e["user_id"], e["place"], e["state"]) for e in queue] == [
        (people["member"].id, 1, "requested"),
        (people["member2"].id, 2, "requested"),
        (people["chair"].id, 3, "requested"),
    ]
    assert queue[1]["name"] == "Trần Thị Hoa" and changed.data["agenda_item_id"] == item.id
    assert changed.data["current"] is None and changed.data["done"] == [] and changed.data["allotted_seconds"] == 300
    assert changed.data["by"] == people["chair"].id and changed.data["server_time"] == "2026-12-01T01:30:06.000Z"

    # an item given explicitly has its own queue
    other = floor.agenda_items[2]
    request, (changed,) = speakers.request_floor(people["member2"], floor, other.id)
    assert request.agenda_item_id == other.id and [e["place"] for e in changed.data["queue"]] == [1]

    # withdrawing closes the gap: the places follow
    first = db.session.query(SpeakerRequest).filter_by(agenda_item_id=item.id, user_id=people["member"].id).one()
    _, (changed,) = speakers.withdraw_request(people["member"], floor, first.id)
    assert [(e["user_id"], e["place"]) for e in changed.data["queue"]] == [
        (people["member2"].id, 1),
        (people["chair"].id, 2),
    ]
    assert first.state == SpeakerState.withdrawn


def test_one_open_request_per_member_and_item(people, floor):
    first, broadcasts = speakers.request_floor(people["member"], floor)
    again, repeated = speakers.request_floor(people["member"], floor)
    assert again.id == first.id and repeated == [] and len(broadcasts) == 1
    assert db.session.query(SpeakerRequest).filter_by(user_id=people["member"].id).count() == 1
    # once withdrawn (or after speaking) the member may ask again, at the end of the queue
    speakers.request_floor(people["member2"], floor)
    speakers.withdraw_request(people["member"], floor, first.id)
    assert speakers.withdraw_request(people["member"], floor, first.id)[1] == []  # again: nothing changes
    second, (changed,) = speakers.request_floor(people["member"], floor)
    assert second.id != first.id and [e["user_id"] for e in changed.data["queue"]] == [
        people["member2"].id,
        people["member"].id,
    ]
    # the database refuses a second open request even if a service forgot to check
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(
            SpeakerRequest(
                meeting_id=floor.id,
                agenda_item_id=second.agenda_item_id,
                user_id=people["member"].id,
                state=SpeakerState.requested,
                position=9,
                requested_at=T0,
            )
        )
        db.session.flush()


def test_who_may_do_what(people, floor):
    request, _ = speakers.request_floor(people["member"], floor)
    with pytest.raises(PermissionDenied):
        speakers.grant(people["member"], floor, request.id)  # a member cannot give the floor
    with pytest.raises(PermissionDenied):
        speakers.next_speaker(people["member2"], floor)
    with pytest.raises(PermissionDenied):
        speakers.remove_request(people["member2"], floor, request.id)
    with pytest.raises(PermissionDenied):
        speakers.request_floor(people["observer"], floor)  # khách mời do not ask for the floor
    with pytest.raises(PermissionDenied):
        speakers.request_floor(people["secretary"], floor)  # the secretary runs it, does not speak
    with pytest.raises(PermissionDenied):
        speakers.withdraw_request(people["member2"], floor, request.id)  # only one's own request
    with pytest.raises(PermissionDenied):
        speakers.set_current_item(people["member"], floor, floor.agenda_items[1].id)
    with pytest.raises(NotFound):
        speakers.request_floor(people["outsider"], floor)  # the meeting does not exist for them
    remove_member(people["secretariat"], floor, people["member3"])
    with pytest.raises(NotFound):
        speakers.request_floor(people["member3"], floor)  # removed from the meeting: no longer
    # the secretary manages the floor as the chair does
    granted, _ = speakers.grant(people["secretary"], floor, request.id)
    assert granted.state == SpeakerState.speaking
    assert len(events(floor)) == 2  # the refusals wrote nothing


def test_bad_input_is_refused_and_changes_nothing(people, floor):
    before = len(events(floor))
    for bad in ("1", -3, True, 999999):
        with pytest.raises(ValidationError):
            speakers.request_floor(people["member"], floor, bad)
    with pytest.raises(NotFound):
        speakers.grant(people["chair"], floor, 999999)
    speakers.set_current_item(people["chair"], floor, None)
    with pytest.raises(ValidationError, match="Chưa có nội dung"):
        speakers.request_floor(people["member"], floor)
    with pytest.raises(ValidationError, match="Không còn ai"):
        speakers.next_speaker(people["chair"], floor, floor.agenda_items[0].id)
    assert len(events(floor)) == before and db.session.query(SpeakerRequest).count() == 0


def test_next_ends_the_speech_and_records_durations(people, floor, clock):
    item = floor.agenda_items[0]
    item.speaking_minutes = 3
    a, _ = speakers.request_floor(people["member"], floor)
    b, _ = speakers.request_floor(people["member2"], floor)
    first, (changed,) = speakers.next_speaker(people["chair"], floor)
    assert first.id == a.id and changed.data["current"]["user_id"] == people["member"].id
    assert changed.data["current"]["started_at"] == "2026-12-01T01:30:00.000Z"
    assert changed.data["current"]["allotted_seconds"] == 180 and [e["id"] for e in changed.data["queue"]] == [b.id]
    clock.tick(260)
    second, (changed,) = speakers.next_speaker(people["chair"], floor)
    assert second.id == b.id and a.state == SpeakerState.done and a.duration_seconds == 260
    assert changed.data["done"] == [
        {
            "id": a.id,
            "user_id": people["member"].id,
            "name": people["member"].full_name,
            "job_title": "Chuyên viên",
            "state": "done",
            "position": 1,
            "started_at": "2026-12-01T01:30:00.000Z",
            "ended_at": "2026-12-01T01:34:20.000Z",
            "duration_seconds": 260,
        }
    ]
    assert changed.data["current"]["id"] == b.id and changed.data["queue"] == []
    clock.tick(95)
    ended, (changed,) = speakers.next_speaker(people["chair"], floor)  # nobody waits: it only ends the speech
    assert ended is None and b.duration_seconds == 95 and changed.data["current"] is None
    assert speakers.end_speech(people["chair"], floor) == (None, [])


def test_granting_out_of_turn_and_on_another_item_ends_the_speech_in_progress(people, floor, clock):
    a, _ = speakers.request_floor(people["member"], floor)
    b, _ = speakers.request_floor(people["member2"], floor)
    c, _ = speakers.request_floor(people["member3"], floor, floor.agenda_items[1].id)
    speakers.grant(people["chair"], floor, b.id)  # the second one first
    assert speakers.grant(people["chair"], floor, b.id)[1] == []  # again: nothing changes
    clock.tick(40)
    _, (ended, started) = speakers.grant(people["chair"], floor, c.id)  # one event per item touched
    assert (ended.data["agenda_item_id"], started.data["agenda_item_id"]) == (
        floor.agenda_items[0].id,
        floor.agenda_items[1].id,
    )
    assert ended.data["current"] is None and [e["id"] for e in ended.data["done"]] == [b.id]
    assert [e["id"] for e in ended.data["queue"]] == [a.id] and started.data["current"]["id"] == c.id
    assert db.session.query(SpeakerRequest).filter_by(meeting_id=floor.id, state=SpeakerState.speaking).count() == 1


def test_remove_and_end(people, floor, clock):
    a, _ = speakers.request_floor(people["member"], floor)
    b, _ = speakers.request_floor(people["member2"], floor)
    _, (changed,) = speakers.remove_request(people["chair"], floor, a.id)
    assert a.state == SpeakerState.removed and [e["id"] for e in changed.data["queue"]] == [b.id]
    assert speakers.remove_request(people["chair"], floor, a.id)[1] == []
    with pytest.raises(ValidationError):
        speakers.grant(people["chair"], floor, a.id)  # struck off: not given the floor
    speakers.grant(people["chair"], floor, b.id)
    with pytest.raises(ValidationError, match="Kết thúc"):
        speakers.remove_request(people["chair"], floor, b.id)
    with pytest.raises(ValidationError):
        speakers.withdraw_request(people["member2"], floor, b.id)  # speaking: the chair ends it
    clock.tick(61)
    ended, (changed,) = speakers.end_speech(people["secretary"], floor)
    assert ended.id == b.id and b.ended_at == T0 + timedelta(seconds=61) and changed.data["current"] is None


def test_the_current_item_is_recorded_and_moving_on_ends_the_speech(people, floor, clock):
    first, second = floor.agenda_items[0], floor.agenda_items[1]
    assert [e["agenda_item_id"] for e in events(floor, "agenda.current")] == [first.id]
    assert speakers.set_current_item(people["chair"], floor, first.id) == []  # the same item: nothing
    request, _ = speakers.request_floor(people["member"], floor)
    speakers.grant(people["chair"], floor, request.id)
    clock.tick(30)
    ended, moved = speakers.set_current_item(people["secretary"], floor, second.id)
    assert (ended.event, moved.event) == ("speaker.changed", "agenda.current")
    assert moved.data["agenda_item_id"] == second.id and moved.data["by"] == people["secretary"].id
    assert request.state == SpeakerState.done and request.duration_seconds == 30
    new, (changed,) = speakers.request_floor(people["member"], floor)
    assert new.agenda_item_id == second.id
    with pytest.raises(ValidationError):
        speakers.set_current_item(people["chair"], floor, 999999)


def test_granting_needs_the_meeting_in_session_and_closing_ends_the_speech(people, floor, clock):
    from meetings.services.live import state_changed
    from meetings.services.meetings import close_meeting

    request, _ = speakers.request_floor(people["member"], floor)
    speakers.grant(people["chair"], floor, request.id)
    clock.tick(75)
    close_meeting(people["secretariat"], floor)
    ended, state = state_changed(people["secretariat"], floor)
    assert (ended.event, state.event) == ("speaker.changed", "meeting.state")
    assert request.state == SpeakerState.done and request.duration_seconds == 75
    cast = {k: create_user() for k in ("chair", "secretary", "member", "observer")}
    published = cast_meeting(cast, state="published", items=1)
    chair, member = cast["chair"], cast["member"]
    speakers.set_current_item(chair, published, published.agenda_items[0].id)
    early, _ = speakers.request_floor(member, published)  # one may ask ahead of the session
    with pytest.raises(ValidationError, match="đang diễn ra"):
        speakers.grant(chair, published, early.id)


def test_the_speaking_time_is_set_per_item_in_the_agenda_builder(people, floor, client):
    from meetings.services.agenda import update_agenda_item
    from meetings.services.speaker_queue import allotted_seconds
    from tests.conftest import login

    item = floor.agenda_items[1]
    assert allotted_seconds(item) == 300  # the meeting-wide default
    for bad in (0, 61, "5", True):
        with pytest.raises(ValidationError, match="mỗi lượt phát biểu"):
            update_agenda_item(people["secretary"], floor, item, speaking_minutes=bad)
    login(client, people["secretary"])
    response = client.post(
        f"/meetings/{floor.id}/agenda/{item.id}", data={"title": item.title, "speaking_minutes": "3"}
    )
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.speaking_minutes == 3 and allotted_seconds(item) == 180
    page = client.get(f"/meetings/{floor.id}/manage").get_data(as_text=True)
    assert (
        f'id="f{item.id}-speaking" name="speaking_minutes" type="number" min="1" max="60" placeholder="5" value="3"'
        in page
        and "phát biểu 3 phút/lượt" in page
    )
    request, _ = speakers.request_floor(people["member"], floor, item.id)
    _, (changed,) = speakers.grant(people["chair"], floor, request.id)
    assert changed.data["current"]["allotted_seconds"] == 180
    listed = client.get(f"/api/v1/meetings/{floor.id}/agenda").get_json()["agenda"]
    assert [i["speaking_minutes"] for i in listed] == [None, 3, None]
