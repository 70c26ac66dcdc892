"""The floor part of a ``meeting.join`` acknowledgement, computed once per meeting and ``seq``.

Attendance, quorum, the current votes and the speaker queues are the same for every tablet that
joins at a given ``seq`` — apart from each vote's ``mine`` (the joiner's own ballot, added per
user) and ``server_time`` (the clock now, added per join). Recomputing them took ~40 queries per
join (docs/performance.md, "Reconnect storm"); this per-process cache keeps the last one per
meeting.

Exactness. Every change of what the floor shows *from the floor's own tables* is a logged change
and bumps the meeting's ``seq`` (check-ins, votes opened/cast/closed, speaker requests, the current
agenda item). What can change *without* a ``seq`` bump — people's names and positions, the
meeting's members and their roles, substitutions, agenda items' titles, order and speaking time,
the floor rules, votes sent ahead — is read on every join by a few plain column queries, the
``fingerprint``, and is part of the key: the cached floor is used only when ``seq`` and the
fingerprint are both equal to what was read when it was computed. The key also holds the meeting's
``created_at`` and the database URL, so a reused id (a deleted meeting, a rolled-back test) never
meets an older floor. Who may see the floor is checked per user by the caller
(``Perm.MEETING_VIEW``; every role that may view a meeting sees the same floor), and what is
per user (``mine``) is never cached.
"""

from __future__ import annotations

import copy
import functools
from collections import OrderedDict

import sqlalchemy as sa

from app.extensions import db
from app.models import User
from meetings.models import (
    AdvanceBallot,
    AgendaItem,
    FloorRuleSet,
    Meeting,
    MeetingMember,
    SpeakerRequest,
    Substitution,
)

MAX_MEETINGS = 256  # meetings whose floor a process keeps (one entry each: the latest seq)
_cache: OrderedDict[int, tuple[tuple, dict]] = OrderedDict()


def _rows(tag: str, *columns) -> sa.Select:
    """One part of the fingerprint, as (tag, five columns of text) so that all parts make one query."""
    texts = [sa.cast(c, sa.String) for c in columns] + [sa.null()] * (5 - len(columns))
    return sa.select(sa.literal_column(f"'{tag}'", sa.String), *texts)  # a constant, written inline


@functools.cache
def _fingerprint_query() -> sa.CompoundSelect:
    """The fingerprint's statement, built once with bound parameters: building it per join, and
    computing its SQL cache key (a union of six selects), was most of the fingerprint's cost."""
    m, body_id, kind = sa.bindparam("meeting_id"), sa.bindparam("body_id"), sa.bindparam("kind")
    people = sa.union(
        sa.select(MeetingMember.user_id).where(MeetingMember.meeting_id == m),
        sa.select(SpeakerRequest.user_id).where(SpeakerRequest.meeting_id == m),
    )
    return sa.union_all(
        _rows("m", MeetingMember.id, MeetingMember.user_id, MeetingMember.role).where(MeetingMember.meeting_id == m),
        _rows("u", User.id, User.full_name, User.position).where(User.id.in_(people)),
        _rows(
            "a", AgendaItem.id, AgendaItem.parent_id, AgendaItem.position, AgendaItem.title, AgendaItem.speaking_minutes
        ).where(AgendaItem.meeting_id == m),
        _rows(
            "s", Substitution.id, Substitution.absent_user_id, Substitution.substitute_user_id, Substitution.state
        ).where(Substitution.meeting_id == m),
        # `= NULL` matches nothing, so a meeting without a body or kind gets the rules without one
        _rows("r", FloorRuleSet.id, FloorRuleSet.rules).where(
            sa.or_(FloorRuleSet.body_id == body_id, FloorRuleSet.body_id.is_(None)),
            sa.or_(FloorRuleSet.kind == kind, FloorRuleSet.kind.is_(None)),
        ),
        _rows("v", AdvanceBallot.agenda_item_id, sa.func.count(), sa.func.max(AdvanceBallot.id))
        .where(AdvanceBallot.meeting_id == m)
        .group_by(AdvanceBallot.agenda_item_id),
    )


def fingerprint(meeting: Meeting) -> tuple:
    """Everything the floor shows that may change without a ``seq`` bump, as plain values (one
    query): members and roles, the names and positions of members and speakers, the agenda,
    substitutions, the floor rules that may apply, and the votes sent ahead."""
    kind = meeting.kind.value if meeting.kind is not None else None
    params = {"meeting_id": meeting.id, "body_id": meeting.body_id, "kind": kind}
    rows = frozenset(tuple(row) for row in db.session.execute(_fingerprint_query(), params))  # unique by tag and id
    return (str(db.engine.url), meeting.created_at, meeting.body_id, kind, rows)


def _compute(meeting: Meeting) -> dict:
    from meetings.services.floor_state import floor_state
    from meetings.services.speaker_queue import floor_snapshot as speakers_snapshot

    return {"floor": floor_state(meeting), "speakers": speakers_snapshot(meeting)}


def shared_floor(meeting: Meeting, seq: int) -> dict:
    """``{"floor", "speakers"}`` as every joiner at ``seq`` sees them (no ``mine``), a private copy.

    The key is read before the floor is computed: a change committed in between can only make the
    stored floor newer than its key, and it is served only to joiners that read the same (older)
    key, who receive that change live anyway — as without the cache."""
    key = (seq, fingerprint(meeting))
    found = _cache.get(meeting.id)
    if found is not None and found[0] == key:
        _cache.move_to_end(meeting.id)
        return copy.deepcopy(found[1])
    value = _compute(meeting)
    _cache[meeting.id] = (key, value)
    _cache.move_to_end(meeting.id)
    while len(_cache) > MAX_MEETINGS:
        _cache.popitem(last=False)
    return copy.deepcopy(value)


def clear() -> None:
    _cache.clear()


def joining_floor(actor, meeting: Meeting, seq: int, server_time: str) -> tuple[list[dict], dict]:
    """The speaker queues and ``state.floor`` for ``actor`` joining at ``seq``: the shared floor
    with the joiner's own ballot in each vote and the current ``server_time``. The caller has
    checked ``Perm.MEETING_VIEW``."""
    from meetings.services.vote_ballots import my_ballots

    shared = shared_floor(meeting, seq)
    speakers = shared["speakers"]
    for item in speakers:
        item["server_time"] = server_time
    floor = shared["floor"]
    mine = my_ballots({v["id"]: v["secret"] for v in floor["votes"]}, actor.id)
    for vote in floor["votes"]:
        vote["mine"] = mine[vote["id"]]
    return speakers, floor
