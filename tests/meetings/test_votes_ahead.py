"""Votes sent ahead (bỏ phiếu trước): a member who will be absent votes on an item marked for
decision before the session; the vote on that item counts it — shown as such — when the member is
absent and the rules count absent members' votes."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from app.errors import ValidationError
from app.extensions import db
from app.models import SystemRole
from meetings.floor_rules import FloorRules
from meetings.models import VoteBallot
from meetings.services.floor_rules import set_rules
from meetings.services.votes import cast_ballot, close_vote, open_vote, vote_view
from meetings.services.votes_ahead import my_advance_ballots, send_advance_ballot
from tests.support.factories import create_user
from tests.support.floor import committee, hold


def _decision_item(body):
    item = body.meeting.agenda_items[0]
    item.for_decision = True
    db.session.flush()
    return item


def _ahead(user, body, item, choice, ballot_id=None):
    return send_advance_ballot(user, body.meeting, item.id, choice, ballot_id or str(uuid.uuid4()))


def _vote(body, item, secret=False):
    vote, _ = open_vote(body.chair, body.meeting, agenda_item_id=item.id, question="Thông qua Đề án", secret=secret)
    return vote


def test_only_before_the_session_only_on_items_for_decision_only_members(app):
    body = committee()
    item, other = _decision_item(body), body.meeting.agenda_items[1]
    with pytest.raises(ValidationError, match="không có biểu quyết"):
        _ahead(body.members[7], body, other, "for")
    with pytest.raises(ValidationError, match="Lựa chọn phải là"):
        _ahead(body.members[7], body, item, "yes")
    ballot = str(uuid.uuid4())
    row, changed = _ahead(body.members[7], body, item, "against", ballot)
    assert changed and _ahead(body.members[7], body, item, "against", ballot) == (row, False)  # a repeat
    _ahead(body.members[7], body, item, "for")  # changed their mind before the session
    assert my_advance_ballots(body.members[7], body.meeting) == {item.id: "for"}
    hold(body, present=8)
    with pytest.raises(ValidationError, match="trước khi phiên họp bắt đầu"):
        _ahead(body.members[6], body, item, "for")


@pytest.mark.parametrize("secret", [False, True])
def test_an_absent_members_vote_sent_ahead_counts_and_is_shown_as_such(app, secret):
    body = committee()
    item = _decision_item(body)
    _ahead(body.members[7], body, item, "for")  # will be absent
    _ahead(body.members[6], body, item, "against")  # will come after all, and vote in the room
    hold(body, present=8)
    vote = _vote(body, item, secret=secret)
    assert vote_view(vote)["progress"] == {"voted": 0, "total": 9, "advance": 2}
    for voter in body.voters[:5]:
        cast_ballot(voter, body.meeting, vote.id, "for", str(uuid.uuid4()))
    closed, _ = close_vote(body.chair, body.meeting, vote.id)
    result = closed.result
    assert result["counts"] == {"for": 6, "against": 0, "abstain": 0} and result["advance"]["for"] == 1
    assert result["advance_not_counted"] == 1  # present but silent in the room: the room decides
    assert result["summary"] == "Tán thành 6/9 thành viên (66,7 %) — Thông qua"
    assert "advance_ballots" not in vote_view(closed)["result"]  # who sent which vote stays off the screens
    if not secret:
        ahead = db.session.scalar(sa.select(VoteBallot).where(VoteBallot.advance.is_(True)))
        assert (ahead.user_id, ahead.choice) == (body.members[7].id, "for")


def test_votes_sent_ahead_do_not_count_when_the_rules_say_so(app):
    body = committee()
    set_rules(create_user(role=SystemRole.admin), FloorRules(absent_votes_count=False), body=body.meeting.host_body)
    item = _decision_item(body)
    _ahead(body.members[7], body, item, "for")
    hold(body, present=8)
    vote = _vote(body, item)
    for voter in body.voters[:5]:
        cast_ballot(voter, body.meeting, vote.id, "for", str(uuid.uuid4()))
    closed, _ = close_vote(body.chair, body.meeting, vote.id)
    assert closed.result["counts"]["for"] == 5 and closed.result["advance_not_counted"] == 1
    assert closed.result["summary"] == "Tán thành 5/9 thành viên (55,6 %) — Thông qua"


def test_the_meeting_page_offers_the_vote_ahead_until_the_session_starts(app, client):
    import re

    from tests.conftest import login

    body = committee()
    item = _decision_item(body)
    db.session.commit()
    login(client, body.members[7])
    page = client.get(f"/meetings/{body.meeting.id}", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Gửi phiếu biểu quyết trước" in page and f'data-item-id="{item.id}" data-choice=""' in page
    (ballot_id,) = re.findall(r'name="ballot_id" value="([0-9a-f-]{36})"', page)
    form = {"choice": "against", "ballot_id": ballot_id}
    url = f"/meetings/{body.meeting.id}/agenda/{item.id}/advance-ballot"
    assert client.post(url, data=form).status_code == 302
    assert client.post(url, data=form).status_code == 302  # submitted twice: one vote
    page = client.get(f"/meetings/{body.meeting.id}", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert f'data-item-id="{item.id}" data-choice="against"' in page and "Đã gửi: Không tán thành" in page
    assert my_advance_ballots(body.members[7], body.meeting) == {item.id: "against"}
    hold(body, present=8)
    db.session.commit()
    page = client.get(f"/meetings/{body.meeting.id}", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Gửi phiếu biểu quyết trước" not in page
    refused = client.post(url, data={"choice": "for", "ballot_id": str(uuid.uuid4())}, headers={"Accept": "text/html"})
    assert refused.status_code == 409 and "trước khi phiên họp bắt đầu" in refused.get_data(as_text=True)
