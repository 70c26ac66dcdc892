"""Votes: opened by the chair only with the quorum, one ballot per member (idempotent by the
tablet's ballot id), named ballots say who chose what and secret ones never do, closing counts with
the rules copied onto the vote and stores the result with the ballots' hash for good."""

from __future__ import annotations

import hashlib
import json
import uuid

import pytest
import sqlalchemy as sa

from app.errors import PermissionDenied, ValidationError
from app.extensions import db
from app.models import SystemRole
from meetings.floor_rules import FloorRules, MajorityBasis, Threshold
from meetings.models import MeetingEvent, VoteBallot, VoteChoice, VoteParticipation, VoteState
from meetings.services import floor_attendance as floor
from meetings.services.floor_rules import set_rules
from meetings.services.votes import ballots_document, cast_ballot, close_vote, open_vote
from tests.support.factories import create_user
from tests.support.floor import committee, hold
from tests.support.minutes import approve_substitute

QUESTION = "Thông qua Kế hoạch phát triển kinh tế – xã hội năm 2027"


def _open(body, **kw):
    kw.setdefault("agenda_item_id", body.meeting.agenda_items[0].id)
    kw.setdefault("question", QUESTION)
    vote, _ = open_vote(body.chair, body.meeting, **kw)
    return vote


def _cast(user, body, vote, choice, ballot_id=None):
    return cast_ballot(user, body.meeting, vote.id, choice, ballot_id or str(uuid.uuid4()))


def _rules(body, **kw):
    set_rules(create_user(role=SystemRole.admin), FloorRules(**kw), body=body.meeting.host_body)


def test_a_vote_opens_only_in_session_with_the_quorum_and_by_the_chair(app):
    body = committee()
    with pytest.raises(ValidationError, match="Chỉ biểu quyết khi phiên họp đang diễn ra"):
        _open(body)
    hold(body, present=6)
    with pytest.raises(PermissionDenied):
        open_vote(body.members[0], body.meeting, agenda_item_id=body.meeting.agenda_items[0].id, question=QUESTION)
    floor.mark_left(body.secretary, body.meeting, body.voters[5].id)
    with pytest.raises(ValidationError) as refused:
        _open(body)
    assert str(refused.value) == "Cần ít nhất 6/9 thành viên; hiện có 5." and refused.value.status_code == 409
    floor.check_in(body.secretary, body.meeting, user_id=body.voters[5].id)
    vote = _open(body)
    assert vote.state == VoteState.open and vote.rules == FloorRules().to_dict()  # the rules as they were
    with pytest.raises(ValidationError, match="Đang có biểu quyết chưa kết thúc"):
        _open(body)
    for bad, message in (
        ({"question": "  "}, "Vui lòng nhập nội dung"),
        ({"kind": "choice", "options": ["A"]}, "Cần từ 2 đến 10 phương án"),
        ({"kind": "lottery"}, "approval hoặc choice"),
    ):
        with pytest.raises(ValidationError, match=message):
            _open(body, **bad)


def test_ballots_are_idempotent_by_the_tablets_ballot_id(app):
    body = committee()
    hold(body, present=7)
    vote = _open(body)
    ballot = str(uuid.uuid4())
    _, changed, broadcasts = _cast(body.members[0], body, vote, "for", ballot)
    assert changed and [b.event for b in broadcasts] == ["vote.progress", "vote.ballot"]
    assert broadcasts[0].data["progress"] == {"voted": 1, "total": 9, "advance": 0}
    assert broadcasts[1].user_id == body.members[0].id  # "Bạn đã biểu quyết" goes to the voter only
    _, changed, broadcasts = _cast(body.members[0], body, vote, "for", ballot)  # the tablet sends it again
    assert not changed and broadcasts == []
    with pytest.raises(ValidationError, match="đã được dùng cho một phiếu khác"):
        _cast(body.members[0], body, vote, "against", ballot)
    with pytest.raises(ValidationError, match="đã được dùng cho một phiếu khác"):
        _cast(body.members[1], body, vote, "for", ballot)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(VoteBallot)) == 1
    with pytest.raises(ValidationError, match="Bạn cần điểm danh"):
        _cast(body.members[-1], body, vote, "for")  # not checked in
    for outsider in (body.secretary, body.observer):
        with pytest.raises(PermissionDenied):
            _cast(outsider, body, vote, "for")
    with pytest.raises(ValidationError, match="UUID"):
        _cast(body.members[1], body, vote, "for", "phieu-1")
    with pytest.raises(ValidationError, match="Lựa chọn không hợp lệ"):
        _cast(body.members[1], body, vote, "yes")


def test_a_named_vote_keeps_who_chose_what(app):
    body = committee()
    hold(body)
    vote = _open(body)
    ballot = str(uuid.uuid4())
    _cast(body.members[2], body, vote, "against", ballot)
    row = db.session.execute(sa.text("SELECT vote_id, user_id, choice, ballot_id, cast_at FROM vote_ballots")).one()
    assert row[:4] == (vote.id, body.members[2].id, "against", ballot) and row[4] is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(VoteChoice)) == 0


def test_a_secret_vote_never_stores_who_chose_what(app):
    body = committee()
    hold(body)
    options = [f"Phương án {n}" for n in range(1, 10)]
    vote = _open(body, kind="choice", options=options, secret=True)
    for n, voter in enumerate(body.voters):  # the n-th voter picks the n-th option
        _cast(voter, body, vote, str(n))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(VoteBallot)) == 0
    columns = {c["name"] for c in sa.inspect(db.session.connection()).get_columns("vote_choices")}
    assert columns == {"id", "vote_id", "choice"}  # no voter, no time, no sequence
    assert {c["name"] for c in sa.inspect(db.session.connection()).get_columns("vote_participations")} == {
        "vote_id",
        "user_id",
        "seat_user_id",
        "ballot_id",
    }  # who voted, never how
    stored = [
        tuple(r)
        for r in db.session.execute(sa.text("SELECT id, choice FROM vote_choices WHERE vote_id = :v"), {"v": vote.id})
    ]
    assert sorted(c for _, c in stored) == [str(n) for n in range(9)]
    assert all(uuid.UUID(key).version == 4 for key, _ in stored)
    voted_order = [str(n) for n in range(9)]
    assert [c for _, c in stored] != voted_order  # storage order is not the voting order (p = 1/9!)
    assert [c for _, c in sorted(stored)] != voted_order  # nor is the order of the keys
    assert [p.user_id for p in db.session.scalars(sa.select(VoteParticipation))] != []
    # nothing in the event log says how anyone voted
    for event in db.session.scalars(
        sa.select(MeetingEvent).where(MeetingEvent.meeting_id == body.meeting.id, MeetingEvent.event.like("vote.%"))
    ):
        assert event.payload.get("choice") is None, event.payload
        assert "counts" not in json.dumps(event.payload)
    with pytest.raises(ValidationError, match="phiếu kín không thể thay đổi"):
        _cast(body.voters[0], body, vote, "1")


def test_closing_counts_with_the_rules_and_stores_the_result_with_the_ballots_hash(app):
    body = committee()
    hold(body)
    vote = _open(body)
    for voter, choice in zip(body.voters, ["for"] * 7 + ["against", "abstain"]):
        _cast(voter, body, vote, choice)
    _rules(body, majority=Threshold(2, 3, strict=False))  # changed after opening: the vote keeps its own
    vote, broadcasts = close_vote(body.chair, body.meeting, vote.id)
    assert vote.state == VoteState.closed and vote.closed_by_id == body.chair.id
    result = vote.result
    assert result["counts"] == {"for": 7, "against": 1, "abstain": 1}
    assert (result["passed"], result["total"], result["present"], result["required"]) == (True, 9, 9, 5)
    assert result["summary"] == "Tán thành 7/9 thành viên (77,8 %) — Thông qua"
    assert broadcasts[0].event == "vote.closed" and broadcasts[0].data["vote"]["result"]["summary"] == result["summary"]

    ballots = [
        {"user_id": b.user_id, "seat": b.seat_user_id, "choice": b.choice, "ballot_id": b.ballot_id, "advance": False}
        for b in db.session.scalars(sa.select(VoteBallot).order_by(VoteBallot.seat_user_id))
    ]
    document = {
        "vote_id": vote.id,
        "question": QUESTION,
        "kind": "approval",
        "options": [],
        "secret": False,
        "rules": FloorRules().to_dict(),
        "ballots": ballots,
    }
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert vote.ballots_sha256 == hashlib.sha256(canonical).hexdigest() and ballots_document(vote) == document

    with pytest.raises(ValidationError, match="Biểu quyết đã kết thúc"):
        _cast(body.members[0], body, vote, "against")
    with pytest.raises(ValidationError, match="Biểu quyết đã kết thúc"):
        close_vote(body.chair, body.meeting, vote.id)
    vote.result = {**vote.result, "passed": False}
    with pytest.raises(RuntimeError, match="closed"):  # the record is not rewritten
        db.session.flush()


def test_a_majority_of_all_members_not_of_those_present(app):
    body = committee()
    hold(body, present=7)
    vote = _open(body)
    for voter in body.voters[:4]:
        _cast(voter, body, vote, "for")
    closed, _ = close_vote(body.chair, body.meeting, vote.id)
    assert closed.result["summary"] == "Tán thành 4/9 thành viên (44,4 %) — Không thông qua"


def test_changing_a_named_ballot_until_the_close_when_the_rules_allow_it(app):
    body = committee()
    hold(body)
    vote = _open(body)
    _cast(body.members[0], body, vote, "against")
    _, changed, broadcasts = _cast(body.members[0], body, vote, "for")
    assert changed and [b.event for b in broadcasts] == ["vote.ballot"]  # the count did not move
    assert broadcasts[0].data["choice"] == "for"
    assert db.session.scalar(sa.select(VoteBallot.choice)) == "for"
    closed, _ = close_vote(body.chair, body.meeting, vote.id)
    assert closed.result["counts"]["for"] == 1 and closed.result["counts"]["against"] == 0

    _rules(body, ballots_changeable=False)
    final = _open(body, question="Thông qua dự toán")
    _cast(body.members[0], body, final, "against")
    with pytest.raises(ValidationError, match="phiếu không thể thay đổi"):
        _cast(body.members[0], body, final, "for")


@pytest.mark.parametrize("counts", [True, False])
def test_a_substitute_votes_in_the_members_place_only_if_the_rules_say_so(app, counts):
    body = committee()
    deputy = create_user()
    approve_substitute(body.meeting, body.members[-1], deputy)
    _rules(body, substitutes_count=counts)
    floor.check_in(deputy, body.meeting)
    hold(body, present=8)
    vote = _open(body)
    if counts:
        _cast(deputy, body, vote, "for")
        assert db.session.scalar(sa.select(VoteBallot.seat_user_id)) == body.members[-1].id
    else:
        with pytest.raises(ValidationError, match="người dự thay không biểu quyết"):
            _cast(deputy, body, vote, "for")


def test_a_choice_between_named_options(app):
    body = committee()
    hold(body)
    vote = _open(body, kind="choice", options=["Phương án A", "Phương án B", "Phương án C"])
    for voter, choice in zip(body.voters, "000001122"):
        _cast(voter, body, vote, choice)
    closed, _ = close_vote(body.chair, body.meeting, vote.id)
    assert closed.result["counts"] == {"0": 5, "1": 2, "2": 2} and closed.result["winner"] == "0"
    assert closed.result["summary"] == "Phương án «Phương án A»: 5/9 thành viên (55,6 %) — Thông qua"

    _rules(body, majority_basis=MajorityBasis.votes_cast)
    tie = _open(body, kind="choice", options=["A", "B"])
    for voter, choice in zip(body.voters[:4], "0011"):
        _cast(voter, body, tie, choice)
    closed, _ = close_vote(body.chair, body.meeting, tie.id)
    assert closed.result["winner"] is None and not closed.result["passed"]
    assert closed.result["summary"].endswith("— Không thông qua")


def test_no_closing_the_session_nor_deleting_the_item_under_a_vote(app):
    from meetings.models import MeetingState
    from meetings.services.agenda import delete_agenda_item
    from meetings.services.meetings import close_meeting

    body = committee()
    hold(body)
    vote = _open(body)
    with pytest.raises(ValidationError, match="Đang có biểu quyết chưa kết thúc") as refused:
        close_meeting(body.secretary, body.meeting)
    assert refused.value.status_code == 409 and body.meeting.state == MeetingState.in_session
    close_vote(body.chair, body.meeting, vote.id)
    with pytest.raises(ValidationError, match="đã được biểu quyết; không thể xóa"):
        delete_agenda_item(body.secretary, body.meeting, body.meeting.agenda_items[0])
    assert close_meeting(body.secretary, body.meeting).state == MeetingState.closed
