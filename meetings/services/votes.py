"""Votes (biểu quyết): the chair opens one on an agenda item, members vote from their tablets, the
chair closes it and the result is computed with the rules copied onto the vote when it opened.

Events (docs/realtime-protocol.md): ``vote.opened`` and ``vote.closed`` carry the vote (the
closed one with its result); ``vote.progress`` carries how many have voted, never how; the voter's
own connections get ``vote.ballot`` ("Bạn đã biểu quyết"; in a named vote with the choice).
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from flask_babel import gettext as _

from app.errors import NotFound, ValidationError
from app.extensions import db
from app.models.base import utcnow
from app.permissions import Perm, require_perm
from meetings.floor_rules import FloorRules
from meetings.models import Meeting, MeetingState, Vote, VoteBallot, VoteKind, VoteState
from meetings.services import vote_ballots as store
from meetings.services.agenda import get_item
from meetings.services.floor_attendance import SeatMap, present_seats, quorum_status, require_quorum, rows, seats
from meetings.services.floor_rules import rules_for
from meetings.services.live import Broadcast, record_event
from meetings.services.text import clean_text
from meetings.services.vote_tally import choice_keys, sha256_of, tally
from meetings.services.votes_ahead import advance_ballots, ballot_uuid

MAX_OPTIONS = 10
ADVANCE_NAMESPACE = uuid.UUID("6f1c2d7e-0b4a-4e8f-9a3d-5c2b1e0f7a61")


# -- reading ------------------------------------------------------------------------------------
def get_vote(meeting: Meeting, vote_id, *, lock: bool = False) -> Vote:
    if isinstance(vote_id, bool) or not isinstance(vote_id, int):
        raise ValidationError(_("Mã biểu quyết (vote_id) không hợp lệ."))
    query = sa.select(Vote).where(Vote.id == vote_id, Vote.meeting_id == meeting.id)
    if lock:  # serialises ballots and the close of one vote (PostgreSQL row lock; SQLite's single writer)
        query = query.with_for_update().execution_options(populate_existing=True)
    vote = db.session.scalar(query)
    if vote is None:
        raise NotFound(_("Không tìm thấy biểu quyết."))
    return vote


def require_no_open_vote(meeting: Meeting) -> None:
    """A session is not closed, nor an item deleted, under an open vote."""
    if db.session.scalar(sa.select(Vote.id).where(Vote.meeting_id == meeting.id, Vote.state == VoteState.open)):
        raise ValidationError(_("Đang có biểu quyết chưa kết thúc; hãy kết thúc biểu quyết trước."), status_code=409)


def meeting_votes(meeting: Meeting) -> list[Vote]:
    return list(db.session.scalars(sa.select(Vote).where(Vote.meeting_id == meeting.id).order_by(Vote.id)))


def progress(vote: Vote) -> dict:
    """How many have voted (in the room), of how many seats, and how many votes were sent ahead."""
    item = vote.agenda_item if vote.kind == VoteKind.approval else None
    return {
        "voted": store.voted_count(vote),
        "total": (vote.result or {}).get("total") or _seat_count(vote),
        "advance": len(advance_ballots(item)),
    }


def _seat_count(vote: Vote) -> int:
    return len(seats(db.session.get(Meeting, vote.meeting_id)))


def public_result(vote: Vote) -> dict | None:
    """The result as every screen sees it: counts and decision; who sent which vote ahead stays out."""
    if vote.result is None:
        return None
    return {key: value for key, value in vote.result.items() if key != "advance_ballots"}


def vote_view(vote: Vote, viewer_id: int | None = None) -> dict:
    """The vote as every screen sees it (and, with ``viewer_id``, that person's own ballot)."""
    view = {
        "id": vote.id,
        "agenda_item_id": vote.agenda_item_id,
        "agenda_item_title": vote.agenda_item.title if vote.agenda_item is not None else None,
        "question": vote.question,
        "kind": vote.kind.value,
        "options": list(vote.options or []),
        "secret": vote.secret,
        "state": vote.state.value,
        "opened_at": vote.opened_at.isoformat(),
        "closed_at": vote.closed_at.isoformat() if vote.closed_at else None,
        "rules": vote.rules,
        "progress": progress(vote),
        "result": public_result(vote),
        "ballots_sha256": vote.ballots_sha256,
    }
    if viewer_id is not None:
        view["mine"] = store.my_ballot(vote, viewer_id)
    return view


# -- opening ------------------------------------------------------------------------------------
def _options(kind: VoteKind, options) -> list[str]:
    if kind == VoteKind.approval:
        return []
    if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
        raise ValidationError(_("Các phương án phải là một danh sách chuỗi ký tự."))
    cleaned = [o.strip() for o in options if o.strip()]
    if not 2 <= len(cleaned) <= MAX_OPTIONS:
        raise ValidationError(_("Cần từ 2 đến %(n)s phương án.", n=MAX_OPTIONS))
    if any(len(o) > 200 for o in cleaned):
        raise ValidationError(_("Mỗi phương án tối đa 200 ký tự."))
    if len(set(cleaned)) != len(cleaned):
        raise ValidationError(_("Các phương án phải khác nhau."))
    return cleaned


def open_vote(
    actor, meeting: Meeting, *, agenda_item_id, question, kind="approval", options=None, secret=False
) -> tuple[Vote, list[Broadcast]]:
    """Open a vote (the chair, ``poll.manage``): only in session, only while the quorum holds, one
    at a time. The rules in force are copied onto it."""
    require_perm(actor, Perm.POLL_MANAGE, meeting)
    item = get_item(meeting, agenda_item_id)
    question = clean_text(
        question,
        max_len=2000,
        required=_("Vui lòng nhập nội dung cần biểu quyết."),
        too_long=_("Nội dung biểu quyết dài quá 2.000 ký tự."),
    )
    try:
        kind = VoteKind(kind)
    except ValueError:
        raise ValidationError(_("Hình thức biểu quyết phải là approval hoặc choice.")) from None
    if not isinstance(secret, bool):
        raise ValidationError(_("Giá trị «bỏ phiếu kín» phải là true hoặc false."))
    options = _options(kind, options)
    if meeting.state != MeetingState.in_session:
        raise ValidationError(_("Chỉ biểu quyết khi phiên họp đang diễn ra."), status_code=409)
    require_no_open_vote(meeting)
    require_quorum(meeting)
    vote = Vote(
        meeting_id=meeting.id,
        agenda_item_id=item.id,
        question=question,
        kind=kind,
        options=options,
        secret=secret,
        rules=rules_for(meeting).to_dict(),
        state=VoteState.open,
        opened_by_id=actor.id,
        opened_at=utcnow(),
    )
    db.session.add(vote)
    db.session.flush()
    return vote, [record_event(meeting, "vote.opened", {"vote": vote_view(vote), "by": actor.id})]


# -- ballots ------------------------------------------------------------------------------------
def _seat(actor, meeting: Meeting, rules: FloorRules) -> int:
    seat_map = SeatMap(meeting, rules)
    seat = seat_map.seat_of(actor.id)
    if seat is None:
        if actor.id in seat_map.standing:
            raise ValidationError(_("Theo quy chế của cuộc họp, người dự thay không biểu quyết."), status_code=403)
        raise ValidationError(_("Chỉ thành viên của cuộc họp mới biểu quyết."), status_code=403)
    row = rows(meeting).get(actor.id)
    if row is None or not row.present:
        raise ValidationError(_("Bạn cần điểm danh trước khi biểu quyết."), status_code=409)
    return seat


def cast_ballot(actor, meeting: Meeting, vote_id, choice, ballot_id) -> tuple[Vote, bool, list[Broadcast]]:
    """One ballot per seat. ``ballot_id`` is the tablet's UUID: the same ballot again is acknowledged
    without events. A named ballot may be changed until the close when the vote's rules allow it;
    a secret one is final. Returns ``(vote, changed, broadcasts)``."""
    require_perm(actor, Perm.VOTE, meeting)
    vote = get_vote(meeting, vote_id, lock=True)
    ballot_id = ballot_uuid(ballot_id)
    if not isinstance(choice, str) or choice not in choice_keys(vote):
        raise ValidationError(_("Lựa chọn không hợp lệ: dùng một trong %(keys)s.", keys=", ".join(choice_keys(vote))))
    if vote.state != VoteState.open:
        raise ValidationError(_("Biểu quyết đã kết thúc."), status_code=409)
    rules = FloorRules.from_dict(vote.rules)
    seat = _seat(actor, meeting, rules)
    if vote.secret:
        outcome = store.store_secret(vote, actor.id, seat, choice, ballot_id)
    else:
        outcome = store.store_named(vote, actor.id, seat, choice, ballot_id, rules.ballots_changeable)
    if outcome == store.UNCHANGED:
        return vote, False, []
    broadcasts = []
    if outcome == store.NEW:
        broadcasts.append(record_event(meeting, "vote.progress", {"vote_id": vote.id, "progress": progress(vote)}))
    mine = {"vote_id": vote.id, "voted": True, "ballot_id": ballot_id, "choice": None if vote.secret else choice}
    broadcasts.append(record_event(meeting, "vote.ballot", mine, audience_user_id=actor.id))
    return vote, True, broadcasts


# -- closing ------------------------------------------------------------------------------------
def _advance(vote: Vote, rules: FloorRules, voted_seats: set[int], present: set[int], seat_ids: set[int]):
    """Votes sent ahead on the item, split into counted and not counted."""
    if vote.kind != VoteKind.approval:
        return [], advance_ballots(vote.agenda_item)
    counted, not_counted = [], []
    for ballot in advance_ballots(vote.agenda_item):
        seat = ballot.user_id
        ok = rules.absent_votes_count and seat in seat_ids and seat not in voted_seats and seat not in present
        (counted if ok else not_counted).append(ballot)
    return counted, not_counted


def ballots_document(vote: Vote) -> dict:
    """What ``ballots_sha256`` is the SHA-256 of (canonical JSON): the named ballots, or for a secret
    vote who took part and the anonymous choices (sorted), plus the votes sent ahead that counted."""
    head = {
        "vote_id": vote.id,
        "question": vote.question,
        "kind": vote.kind.value,
        "options": vote.options or [],
        "secret": vote.secret,
        "rules": vote.rules,
    }
    if vote.secret:
        counted = (vote.result or {}).get("advance_ballots", [])
        return {
            **head,
            "participants": [{"user_id": p.user_id, "seat": p.seat_user_id} for p in store.participations(vote)],
            "choices": sorted(store.secret_choices(vote)),
            "advance": counted,
        }
    return {
        **head,
        "ballots": [
            {
                "user_id": b.user_id,
                "seat": b.seat_user_id,
                "choice": b.choice,
                "ballot_id": b.ballot_id,
                "advance": b.advance,
            }
            for b in store.named_ballots(vote)
        ],
    }


def close_vote(actor, meeting: Meeting, vote_id) -> tuple[Vote, list[Broadcast]]:
    """Close the vote, count it with its own rules, store the result and the ballots' hash for good."""
    require_perm(actor, Perm.POLL_MANAGE, meeting)
    vote = get_vote(meeting, vote_id, lock=True)
    if vote.state != VoteState.open:
        raise ValidationError(_("Biểu quyết đã kết thúc."), status_code=409)
    rules = FloorRules.from_dict(vote.rules)
    seat_ids = set(SeatMap(meeting, rules).seats)
    present = present_seats(meeting, rules)
    quorum = quorum_status(meeting, rules)
    if vote.secret:
        in_room = store.secret_choices(vote)
        voted_seats = {p.seat_user_id for p in store.participations(vote)}
    else:
        named = store.named_ballots(vote)
        in_room, voted_seats = [b.choice for b in named], {b.seat_user_id for b in named}
    counted, not_counted = _advance(vote, rules, voted_seats, present, seat_ids)
    result = tally(
        vote,
        in_room,
        [b.choice for b in counted],
        advance_not_counted=len(not_counted),
        total=quorum.total,
        present=quorum.present,
    )
    if vote.secret:  # named, written ballots: their ids say who sent them (docs/floor.md)
        result["advance_ballots"] = [
            {"user_id": b.user_id, "choice": b.choice, "ballot_id": b.ballot_id} for b in counted
        ]
    else:
        for ballot in counted:
            db.session.add(
                VoteBallot(
                    vote_id=vote.id,
                    user_id=ballot.user_id,
                    seat_user_id=ballot.user_id,
                    choice=ballot.choice,
                    advance=True,
                    cast_at=ballot.cast_at,
                    ballot_id=str(uuid.uuid5(ADVANCE_NAMESPACE, f"{vote.id}:{ballot.ballot_id}")),
                )
            )
        db.session.flush()
    vote.result = result
    vote.ballots_sha256 = sha256_of(ballots_document(vote))
    vote.state, vote.closed_at, vote.closed_by_id = VoteState.closed, utcnow(), actor.id
    db.session.flush()
    return vote, [record_event(meeting, "vote.closed", {"vote": vote_view(vote), "by": actor.id})]


@sa.event.listens_for(Vote, "before_update")
def _closed_votes_do_not_change(_mapper, _connection, target: Vote) -> None:
    """A closed vote is the record: its result, hash and ballots are never rewritten."""
    history = sa.inspect(target).attrs.state.history
    if VoteState.closed in (history.deleted or ()) or (target.state == VoteState.closed and not history.added):
        raise RuntimeError(f"vote {target.id} is closed and cannot change")
