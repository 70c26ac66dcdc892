"""The SQL conditions of the archive search (meetings.archive.search): the query's filters on
meetings and written ballots, which entries a user may read (app.permissions_sql), and the
full-text match with its score for the current database."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.extensions import db
from app.permissions import Perm
from app.permissions_sql import meetings_with_perm_filter, visible_documents_filter
from documents.models import Document
from meetings.models import MeetingState, SearchEntry, SearchSource

if TYPE_CHECKING:
    from meetings.archive.search import ArchiveQuery

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _local_midnight(day: date):
    return datetime.combine(day, time(0, 0), tzinfo=LOCAL_TZ)


def _meeting_conditions(query: ArchiveQuery) -> list:
    from meetings.models import Meeting, MeetingMember, MeetingState

    members = sa.select(MeetingMember.meeting_id).where(MeetingMember.user_id == query.member_id)
    return [
        Meeting.state == MeetingState.closed,
        *_filters(query, Meeting.held_from, Meeting.body_id, Meeting.id, members),
    ]


def _filters(query: ArchiveQuery, at, body_id, own_id, with_member) -> list:
    """The query's date range (Vietnamese days) on ``at``, its body on ``body_id``, and its member:
    ``own_id`` among the ids that ``with_member`` selects."""
    conditions = []
    if query.date_from:
        conditions.append(at >= _local_midnight(query.date_from))
    if query.date_to:
        conditions.append(at < _local_midnight(query.date_to + timedelta(days=1)))
    if query.body_id:
        conditions.append(body_id == query.body_id)
    if query.member_id:
        conditions.append(own_id.in_(with_member))
    return conditions


def _readable_sources(actor):
    """Which entries ``actor`` may read: each source needs its own permission on the meeting; a
    document entry, that ``actor`` may read that very document (the rule of the document routes,
    confidential and guest documents included), so its title, snippet and count stay hidden.
    Closed meetings only (``_meeting_conditions``), so only the rules of closed meetings are asked:
    for an archivist, whose role grants the meeting and its minutes in every closed meeting, the
    meeting, agenda and minutes entries need no per-entry test (app.permissions_sql)."""
    closed = (MeetingState.closed.value,)
    # the entry's meeting is the query's ``Meeting`` (joined on SearchEntry.meeting_id)
    readable_document = sa.exists().where(
        Document.id == SearchEntry.source_id,
        Document.meeting_id == SearchEntry.meeting_id,
        visible_documents_filter(actor, states=closed, meeting_joined=True),
    )
    return sa.or_(
        sa.and_(
            SearchEntry.source.in_([SearchSource.meeting, SearchSource.agenda]),
            meetings_with_perm_filter(actor, Perm.MEETING_VIEW, states=closed),
        ),
        sa.and_(SearchEntry.source == SearchSource.document, readable_document),
        sa.and_(
            SearchEntry.source == SearchSource.minutes,
            meetings_with_perm_filter(actor, Perm.MINUTES_VIEW, states=closed),
        ),
    )


def _ballot_conditions(actor, query: ArchiveQuery) -> list:
    """Closed written opinion ballots ``actor`` may see (app.permissions_sql), with the query's
    filters read on the ballot: its body, its closing day, the member asked."""
    from app.permissions_sql import visible_opinion_ballots_filter
    from meetings.models import OpinionBallot, OpinionBallotRecipient, OpinionBallotState

    asked = sa.select(OpinionBallotRecipient.ballot_id).where(OpinionBallotRecipient.user_id == query.member_id)
    return [
        OpinionBallot.state == OpinionBallotState.closed,
        visible_opinion_ballots_filter(actor),
        *_filters(query, OpinionBallot.closed_at, OpinionBallot.body_id, OpinionBallot.id, asked),
    ]


def _readable_ballots(actor, query: ArchiveQuery):
    from meetings.models import OpinionBallot

    return sa.and_(
        SearchEntry.source == SearchSource.opinion_ballot,
        SearchEntry.source_id.in_(sa.select(OpinionBallot.id).where(*_ballot_conditions(actor, query)).correlate(None)),
    )


def _match_and_rank(tokens: list[str]):
    """(a WHERE condition, a rank to sort ascending, extra FROM joins) for the current database."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "sqlite":
        fts = sa.literal_column("search_entries_fts")
        expression = " ".join(f'"{t}"*' for t in tokens)
        return (
            fts.op("MATCH")(expression),
            sa.func.bm25(fts, 4.0, 1.0),
            sa.table("search_entries_fts", sa.column("rowid")),
        )
    # the weighted tsvector (title 'A', text) is a stored, GIN-indexed generated column
    # (migration b7e1c3d5f9a2): matching and ranking read it, never re-parse the text
    vector = sa.literal_column("search_entries.search_entries_fts_vector")
    return vector.op("@@")(_tsquery(tokens)), pg_rank(vector, tokens), None


def _tsquery(tokens: list[str]):
    return sa.func.to_tsquery(sa.literal_column("'simple'::regconfig"), " & ".join(f"{t}:*" for t in tokens))


def pg_rank(vector, tokens: list[str]):
    """PostgreSQL: the score of a stored tsvector (``search_entries_fts_vector``), to sort ascending."""
    return -sa.func.ts_rank(vector, _tsquery(tokens))
