"""Votes sent ahead (bỏ phiếu trước): a member who will be absent sends their Tán thành / Không tán
thành / Không biểu quyết on an item marked for decision, before the session starts. They may send
it again to change it until then. It is a named, written ballot (like a signed phiếu gửi trước),
even when the vote on the item turns out to be secret. Whether it counts is decided when that vote
closes (meetings/services/votes.py): only for an approval vote, only when the member is not present
and did not vote in the room, and only if the rules count absent members' votes
(``FloorRules.absent_votes_count``)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app.errors import ValidationError
from app.extensions import db
from app.models.base import utcnow
from app.permissions import Perm, has_perm, require_perm
from meetings.models import AdvanceBallot, AgendaItem, Meeting, MeetingState
from meetings.services.agenda import flat_agenda, get_item
from meetings.services.annotation_data import annotation_id
from meetings.services.floor_attendance import seats
from meetings.services.vote_tally import APPROVAL


def ballot_uuid(value) -> str:
    try:
        return annotation_id(value)
    except ValidationError:
        raise ValidationError(_("Mã phiếu (ballot_id) phải là một UUID.")) from None


def send_advance_ballot(actor, meeting: Meeting, item_id, choice, ballot_id) -> tuple[AdvanceBallot, bool]:
    """Store (or change) ``actor``'s vote sent ahead on one item; ``(ballot, changed)`` — the same
    ballot id with the same choice again changes nothing."""
    require_perm(actor, Perm.VOTE, meeting)
    item = get_item(meeting, item_id)
    ballot_id = ballot_uuid(ballot_id)
    if meeting.state != MeetingState.published:
        raise ValidationError(_("Chỉ gửi phiếu biểu quyết trước khi phiên họp bắt đầu."), status_code=409)
    if not item.for_decision:
        raise ValidationError(_("Nội dung này không có biểu quyết."))
    if choice not in APPROVAL:
        raise ValidationError(
            _("Lựa chọn phải là for (tán thành), against (không tán thành) hoặc abstain (không biểu quyết).")
        )
    if actor.id not in seats(meeting):
        raise ValidationError(_("Chỉ thành viên của cuộc họp mới gửi phiếu biểu quyết trước."), status_code=403)
    same = db.session.scalar(sa.select(AdvanceBallot).where(AdvanceBallot.ballot_id == ballot_id))
    if same is not None:
        if (same.agenda_item_id, same.user_id, same.choice) == (item.id, actor.id, choice):
            return same, False
        raise ValidationError(_("Mã phiếu (ballot_id) này đã được dùng cho một phiếu khác."))
    row = db.session.scalar(
        sa.select(AdvanceBallot).where(AdvanceBallot.agenda_item_id == item.id, AdvanceBallot.user_id == actor.id)
    )
    if row is None:
        row = AdvanceBallot(meeting_id=meeting.id, agenda_item_id=item.id, user_id=actor.id)
        db.session.add(row)
    row.choice, row.ballot_id, row.cast_at = choice, ballot_id, utcnow()
    db.session.flush()
    return row, True


def advance_ballots(item: AgendaItem | None) -> list[AdvanceBallot]:
    if item is None:
        return []
    return list(
        db.session.scalars(
            sa.select(AdvanceBallot).where(AdvanceBallot.agenda_item_id == item.id).order_by(AdvanceBallot.user_id)
        )
    )


def my_advance_ballots(actor, meeting: Meeting) -> dict[int, str]:
    """The caller's votes sent ahead, by agenda item."""
    require_perm(actor, Perm.MEETING_VIEW, meeting)
    return {
        row.agenda_item_id: row.choice
        for row in db.session.scalars(
            sa.select(AdvanceBallot).where(AdvanceBallot.meeting_id == meeting.id, AdvanceBallot.user_id == actor.id)
        )
    }


def advance_ballot_items(actor, meeting: Meeting) -> list[tuple]:
    """What the meeting page offers a member before the session: each item for decision with the vote
    they sent ahead (or ``None``); nothing once the session started or for those who do not vote."""
    if (
        meeting.state != MeetingState.published
        or not has_perm(actor, Perm.VOTE, meeting)
        or actor.id not in seats(meeting)
    ):
        return []
    mine = my_advance_ballots(actor, meeting)
    return [(entry, mine.get(entry.item.id)) for entry in flat_agenda(meeting) if entry.item.for_decision]
