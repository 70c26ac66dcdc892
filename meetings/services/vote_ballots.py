"""Storing ballots: named ones as who-chose-what rows, secret ones as who-has-voted rows plus
anonymous choices that nothing links back to a voter.

Secret choices (``vote_choices``) have random UUID keys, no voter, no time; on every ballot the
vote's choice rows are deleted and written again in a random order, so neither their keys nor the
order they are stored in follows the order of the ``vote_participations`` rows. A secret ballot is
final once cast (it cannot be changed: changing would need to know which choice row was the voter's).
"""

from __future__ import annotations

import random
import uuid

import sqlalchemy as sa
from flask_babel import gettext as _

from app.errors import ValidationError
from app.extensions import db
from app.models.base import utcnow
from meetings.models import Vote, VoteBallot, VoteChoice, VoteParticipation

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
_shuffle = random.SystemRandom().shuffle


def _already_voted(secret: bool) -> ValidationError:
    if secret:
        return ValidationError(_("Bạn đã biểu quyết; phiếu kín không thể thay đổi."), status_code=409)
    return ValidationError(_("Bạn đã biểu quyết; theo quy chế, phiếu không thể thay đổi."), status_code=409)


def _ballot_id_used() -> ValidationError:
    return ValidationError(_("Mã phiếu (ballot_id) này đã được dùng cho một phiếu khác."))


def _insert(row) -> None:
    """Add ``row``; a concurrent ballot of the same seat (another device) loses with a clear 409."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except sa.exc.IntegrityError:
        raise ValidationError(_("Bạn đã biểu quyết."), status_code=409) from None


def store_named(vote: Vote, voter_id: int, seat: int, choice: str, ballot_id: str, changeable: bool) -> str:
    same = db.session.scalar(sa.select(VoteBallot).where(VoteBallot.ballot_id == ballot_id))
    if same is not None:
        if same.vote_id == vote.id and same.user_id == voter_id and same.choice == choice:
            return UNCHANGED  # the tablet sent it again (lost acknowledgement)
        raise _ballot_id_used()
    mine = db.session.scalar(
        sa.select(VoteBallot).where(VoteBallot.vote_id == vote.id, VoteBallot.seat_user_id == seat)
    )
    if mine is not None:
        if mine.user_id != voter_id:
            raise ValidationError(_("Thành viên này đã được biểu quyết."), status_code=409)
        if not changeable:
            raise _already_voted(secret=False)
        was = mine.choice
        mine.choice, mine.ballot_id, mine.cast_at = choice, ballot_id, utcnow()
        db.session.flush()
        return UNCHANGED if was == choice else CHANGED
    _insert(
        VoteBallot(
            vote_id=vote.id, user_id=voter_id, seat_user_id=seat, choice=choice, ballot_id=ballot_id, cast_at=utcnow()
        )
    )
    return NEW


def store_secret(vote: Vote, voter_id: int, seat: int, choice: str, ballot_id: str) -> str:
    same = db.session.scalar(sa.select(VoteParticipation).where(VoteParticipation.ballot_id == ballot_id))
    if same is not None:
        if same.vote_id == vote.id and same.user_id == voter_id:
            return UNCHANGED
        raise _ballot_id_used()
    voted = db.session.scalar(
        sa.select(VoteParticipation).where(
            VoteParticipation.vote_id == vote.id,
            sa.or_(VoteParticipation.user_id == voter_id, VoteParticipation.seat_user_id == seat),
        )
    )
    if voted is not None:
        raise _already_voted(secret=True)
    _insert(VoteParticipation(vote_id=vote.id, user_id=voter_id, seat_user_id=seat, ballot_id=ballot_id))
    choices = secret_choices(vote) + [choice]
    db.session.execute(sa.delete(VoteChoice).where(VoteChoice.vote_id == vote.id))
    _shuffle(choices)
    db.session.add_all([VoteChoice(id=str(uuid.uuid4()), vote_id=vote.id, choice=c) for c in choices])
    db.session.flush()
    return NEW


def secret_choices(vote: Vote) -> list[str]:
    return list(db.session.scalars(sa.select(VoteChoice.choice).where(VoteChoice.vote_id == vote.id)))


def named_ballots(vote: Vote) -> list[VoteBallot]:
    return list(
        db.session.scalars(sa.select(VoteBallot).where(VoteBallot.vote_id == vote.id).order_by(VoteBallot.seat_user_id))
    )


def participations(vote: Vote) -> list[VoteParticipation]:
    return list(
        db.session.scalars(
            sa.select(VoteParticipation)
            .where(VoteParticipation.vote_id == vote.id)
            .order_by(VoteParticipation.seat_user_id)
        )
    )


def voted_count(vote: Vote) -> int:
    """How many voted in the room (never how)."""
    if vote.secret:
        query = sa.select(sa.func.count()).select_from(VoteParticipation).where(VoteParticipation.vote_id == vote.id)
    else:
        query = (
            sa.select(sa.func.count())
            .select_from(VoteBallot)
            .where(VoteBallot.vote_id == vote.id, VoteBallot.advance.is_(False))
        )
    return db.session.scalar(query) or 0


def my_ballot(vote: Vote, user_id: int) -> dict:
    """What the voter may be told about their own ballot: that they voted, and in a named vote what."""
    if vote.secret:
        voted = (
            db.session.scalar(
                sa.select(VoteParticipation.user_id).where(
                    VoteParticipation.vote_id == vote.id, VoteParticipation.user_id == user_id
                )
            )
            is not None
        )
        return {"voted": voted, "choice": None}
    row = db.session.scalar(
        sa.select(VoteBallot).where(
            VoteBallot.vote_id == vote.id, VoteBallot.user_id == user_id, VoteBallot.advance.is_(False)
        )
    )
    return {"voted": row is not None, "choice": row.choice if row is not None else None}


def my_ballots(secret_by_vote: dict[int, bool], user_id: int) -> dict[int, dict]:
    """``my_ballot`` for several votes at once (``{vote_id: secret}``): two queries at most."""
    secret = [v for v, is_secret in secret_by_vote.items() if is_secret]
    named = [v for v, is_secret in secret_by_vote.items() if not is_secret]
    out = {}
    if secret:
        voted = set(
            db.session.scalars(
                sa.select(VoteParticipation.vote_id).where(
                    VoteParticipation.vote_id.in_(secret), VoteParticipation.user_id == user_id
                )
            )
        )
        out.update({v: {"voted": v in voted, "choice": None} for v in secret})
    if named:
        choices = dict(
            db.session.execute(
                sa.select(VoteBallot.vote_id, VoteBallot.choice).where(
                    VoteBallot.vote_id.in_(named), VoteBallot.user_id == user_id, VoteBallot.advance.is_(False)
                )
            ).all()
        )
        out.update({v: {"voted": v in choices, "choice": choices.get(v)} for v in named})
    return out
