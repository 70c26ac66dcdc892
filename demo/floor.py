"""The floor of the March 2020 demo meeting as it was held on 26/03/2020: who checked in and when,
who was absent and why, the agenda item under discussion, who spoke for how long, and the votes
with their ballots — so that its minutes (demo/minutes.py) state the speeches and the tallies.

Everything is written through the product's services (floor_attendance, speakers, votes,
votes_ahead, meetings), by the people who would have done it: the members check themselves in,
ask for the floor and vote from their tablets; the secretary marks the absent member and runs the
session; the chair moves through the agenda, gives the floor and opens and closes the votes.

**Dating.** The services stamp what they write with ``utcnow()`` and take no clock, so every step
is run now and then dated to its 2020 time on the rows it wrote (``_Replay``): check-ins,
speeches (requested, started, ended), ballots, the vote's opening and close, the meeting's start,
close and publication, the live state and the seq-log events' ``created_at``. What is counted and
hashed holds no time (a vote's ``result`` and ``ballots_sha256``), so dating changes neither. The
copies of times inside the seq log's event payloads (what the tablets were sent) keep the seeding
run's times: no tablet reads a closed meeting's log. Flushes, never commits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import User
from demo.minutes import ABSENT  # the member on mission, with the reason the minutes state
from meetings.localtime import LOCAL_TZ
from meetings.models import (
    AttendanceMode,
    FloorAttendance,
    LiveState,
    Meeting,
    MeetingEvent,
    MeetingState,
    SpeakerRequest,
    Vote,
    VoteBallot,
)
from meetings.services import floor_attendance, speakers, votes
from meetings.services.live import state_changed
from meetings.services.meetings import close_meeting, start_meeting
from meetings.services.votes_ahead import send_advance_ballot

DAY = date(2020, 3, 26)
BALLOT_NAMESPACE = uuid.UUID("0b6f4c1e-2d3a-4f5b-8c7d-9e0a1b2c3d4e")  # the tablets' ballot ids, made repeatable
PUBLISHED = datetime(2020, 3, 19, 15, 0, tzinfo=LOCAL_TZ)  # the invitation went out a week before


def at(moment: time, day: date = DAY) -> datetime:
    return datetime.combine(day, moment, tzinfo=LOCAL_TZ)


# -- the session as data ------------------------------------------------------------------------
CHECK_INS: tuple[tuple[str, time], ...] = (  # at the door, on the tablet, before the 07:30 start
    ("thuky", time(7, 12, 30)),
    ("chutich", time(7, 21, 40)),
    ("uyvien3", time(7, 23, 5)),
    ("phochutich1", time(7, 24, 30)),
    ("uyvien1", time(7, 26, 15)),
)
ABSENT_MARKED = time(7, 28, 0)  # the secretary marks the member on mission absent (demo.minutes.ABSENT)
STARTED, CLOSED = time(7, 30), time(10, 45)  # as scheduled (the meeting's starts_at / ends_at)
LATE: tuple[str, time] = ("uyvien2", time(7, 41, 20))  # back from a site inspection: checked in after the start
ADVANCE: tuple[str, int, str, datetime] = (  # the member on mission sent her vote on the report ahead
    "phochutich2",
    0,
    "for",
    datetime(2020, 3, 25, 16, 40, tzinfo=LOCAL_TZ),
)


@dataclass(frozen=True)
class Speech:
    login: str
    requested: time
    started: time
    seconds: int  # within the 5 minutes a speech is given (the items set no speaking time)


@dataclass(frozen=True)
class VoteSpec:
    question: str
    secret: bool
    opened: time
    closed: time
    ballots: tuple[tuple[str, str, time], ...]  # login, choice, when


@dataclass(frozen=True)
class ItemFloor:
    index: int  # in the agenda (demo.seed.PAST_AGENDA)
    taken_up: time  # the chair moves the meeting to it
    speeches: tuple[Speech, ...] = ()
    vote: VoteSpec | None = None


FLOOR: tuple[ItemFloor, ...] = (
    ItemFloor(
        0,
        time(7, 31),
        (  # Phòng Tài chính – Kế hoạch presents until 08:02, then the discussion
            Speech("phochutich1", time(8, 2, 40), time(8, 4, 0), 262),  # 4 phút 20 giây
            Speech("uyvien2", time(8, 3, 30), time(8, 8, 35), 228),  # 3 phút 50 giây
            Speech("uyvien1", time(8, 6, 10), time(8, 12, 40), 161),  # 2 phút 40 giây
            Speech("phochutich1", time(8, 14, 0), time(8, 15, 50), 92),  # again: 2 lần, 5 phút 50 giây
        ),
        VoteSpec(
            "Thông qua Báo cáo tình hình kinh tế – xã hội, quốc phòng – an ninh quý I năm 2020 và nhiệm vụ "
            "trọng tâm tháng 4 năm 2020",
            secret=False,
            opened=time(8, 31),
            closed=time(8, 32, 30),
            ballots=(
                ("chutich", "for", time(8, 31, 20)),
                ("uyvien3", "for", time(8, 31, 24)),
                ("phochutich1", "for", time(8, 31, 31)),
                ("uyvien1", "for", time(8, 31, 38)),
                ("uyvien2", "for", time(8, 31, 52)),
            ),
        ),
    ),
    ItemFloor(
        1,
        time(9, 0),
        (  # after the break; Phòng Nội vụ presents until 09:14
            Speech("uyvien3", time(9, 14, 20), time(9, 15, 10), 148),  # 2 phút 30 giây
            Speech("phochutich1", time(9, 15, 5), time(9, 17, 55), 193),  # 3 phút 10 giây
            Speech("uyvien2", time(9, 19, 30), time(9, 21, 30), 121),  # 2 phút
        ),
        VoteSpec(
            "Thông qua Kế hoạch kiểm tra công tác cải cách hành chính năm 2020",
            secret=True,
            opened=time(9, 40),
            closed=time(9, 41, 30),
            ballots=(
                ("chutich", "for", time(9, 40, 15)),
                ("uyvien1", "for", time(9, 40, 21)),
                ("uyvien3", "for", time(9, 40, 30)),
                ("phochutich1", "for", time(9, 40, 44)),
                ("uyvien2", "abstain", time(9, 41, 2)),
            ),
        ),
    ),
    ItemFloor(2, time(9, 55)),  # the chair's conclusions, until the close
)


# -- dating what the services wrote -------------------------------------------------------------
class _Replay:
    """Runs the session's steps through the services and dates the seq-log events each one wrote."""

    def __init__(self, meeting: Meeting):
        self.meeting = meeting
        self.seq = self._last_seq()

    def _last_seq(self) -> int:
        return (
            db.session.scalar(
                sa.select(sa.func.max(MeetingEvent.seq)).where(MeetingEvent.meeting_id == self.meeting.id)
            )
            or 0
        )

    def dated(self, when: datetime) -> None:
        """The events recorded since the last step happened at ``when``."""
        db.session.flush()
        db.session.execute(
            sa.update(MeetingEvent)
            .where(MeetingEvent.meeting_id == self.meeting.id, MeetingEvent.seq > self.seq)
            .values(created_at=when)
        )
        self.seq = self._last_seq()

    def attendance(self, user: User, when: datetime) -> None:
        row = db.session.scalar(
            sa.select(FloorAttendance).where(
                FloorAttendance.meeting_id == self.meeting.id, FloorAttendance.user_id == user.id
            )
        )
        if row.checked_in_at is not None:
            row.checked_in_at = when
        row.updated_at = when
        self.dated(when)


def _ballot_id(item_index: int, login: str) -> str:
    return str(uuid.uuid5(BALLOT_NAMESPACE, f"{DAY.isoformat()}/{item_index}/{login}"))


def _speak(replay: _Replay, users: dict[str, User], meeting: Meeting, speech: Speech) -> SpeakerRequest:
    """The member asks for the floor on the item under discussion and the chair gives it, which ends
    the speech before; the item's speeches get their 2020 ends once the last one is over."""
    request, _ = speakers.request_floor(users[speech.login], meeting)
    request.requested_at = at(speech.requested)
    replay.dated(at(speech.requested))
    speakers.grant(users["chutich"], meeting, request.id)
    request.started_at = at(speech.started)
    replay.dated(at(speech.started))
    return request


def _vote(replay: _Replay, users: dict[str, User], meeting: Meeting, item, spec: VoteSpec, index: int) -> Vote:
    chair = users["chutich"]
    vote, _ = votes.open_vote(chair, meeting, agenda_item_id=item.id, question=spec.question, secret=spec.secret)
    replay.dated(at(spec.opened))
    for login, choice, when in spec.ballots:
        votes.cast_ballot(users[login], meeting, vote.id, choice, _ballot_id(index, login))
        if not spec.secret:  # a secret ballot keeps no time (docs/floor.md)
            ballot = db.session.scalar(sa.select(VoteBallot).where(VoteBallot.ballot_id == _ballot_id(index, login)))
            ballot.cast_at = at(when)
        replay.dated(at(when))
    votes.close_vote(chair, meeting, vote.id)
    # A closed vote refuses ORM updates (votes._closed_votes_do_not_change guards the record); its
    # times are dated with one statement, which leaves the result and the hash as the service wrote them.
    db.session.execute(
        sa.update(Vote).where(Vote.id == vote.id).values(opened_at=at(spec.opened), closed_at=at(spec.closed))
    )
    replay.dated(at(spec.closed))
    return vote


def record_demo_floor(users: dict[str, User], meeting: Meeting) -> bool:
    """Hold the published 2020 meeting through the services and close it; ``False`` (nothing done)
    unless it is still published."""
    if meeting.state != MeetingState.published:
        return False
    secretary, chair = users["thuky"], users["chutich"]
    replay = _Replay(meeting)
    items = [i for i in meeting.agenda_items if i.parent_id is None]
    login, index, choice, when = ADVANCE
    ballot, _ = send_advance_ballot(users[login], meeting, items[index].id, choice, _ballot_id(index, login))
    ballot.cast_at = when
    for login, moment in CHECK_INS:
        floor_attendance.check_in(users[login], meeting, AttendanceMode.in_room.value)
        replay.attendance(users[login], at(moment))
    for login, reason in ABSENT.items():
        floor_attendance.mark_absent(secretary, meeting, users[login].id, reason)
        replay.attendance(users[login], at(ABSENT_MARKED))

    start_meeting(secretary, meeting)  # the quorum holds: 4 of 6 members checked in
    state_changed(secretary, meeting)
    meeting.started_at = at(STARTED)
    replay.dated(at(STARTED))

    for step in FLOOR:
        speakers.set_current_item(chair, meeting, items[step.index].id)
        db.session.get(LiveState, meeting.id).updated_at = at(step.taken_up)
        replay.dated(at(step.taken_up))
        if step.index == 0:  # the late member checks in during the presentation (the service marks it late)
            late_login, moment = LATE
            floor_attendance.check_in(users[late_login], meeting, AttendanceMode.in_room.value)
            replay.attendance(users[late_login], at(moment))
        spoken = [_speak(replay, users, meeting, speech) for speech in step.speeches]
        if spoken:
            speakers.end_speech(chair, meeting)
            for request, speech in zip(spoken, step.speeches):
                request.ended_at = at(speech.started) + timedelta(seconds=speech.seconds)
            replay.dated(spoken[-1].ended_at)
        if step.vote is not None:
            _vote(replay, users, meeting, items[step.index], step.vote, step.index)

    close_meeting(secretary, meeting)
    state_changed(secretary, meeting)
    meeting.ended_at = at(CLOSED)
    replay.dated(at(CLOSED))
    return True
