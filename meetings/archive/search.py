"""Archive search: closed meetings by words (with or without diacritics), date range, body and
member; ranked hits with highlighted snippets of the original text.

Matching runs in the database over folded text: FTS5 ``MATCH`` with ``bm25()`` on SQLite, a
``tsvector @@ tsquery`` with ``ts_rank()`` on PostgreSQL; every word of the query must start a
word of the entry ("cao lanh" finds "Cao Lãnh", "dat" finds "đất", "Đất" and "đặt").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import selectinload

from app.errors import ValidationError
from app.extensions import db
from app.permissions import Perm
from app.permissions_sql import meetings_with_perm_filter
from documents.textfold import display_text, highlight, match_spans, query_tokens, snippet
from meetings.archive.search_conditions import (
    _ballot_conditions,
    _match_and_rank,
    _meeting_conditions,
    _readable_ballots,
    _readable_sources,
    pg_rank,
)
from meetings.models import SearchEntry, SearchSource

PER_PAGE = 10
MAX_QUERY_CHARS = 200
MAX_PAGE = 1000
# A search shows at most MAX_RESULTS hits ("hơn 1.000 kết quả" beyond: a narrower query or a filter
# finds the others), ranked among the RANK_WINDOW newest entries matching it that the user may read.
# Ranking every match of a word found in most entries costs seconds (docs/performance.md, "Archive
# search"); the window is taken after the permission and filter conditions, so what a user may
# read is never pushed out of it by what they may not.
MAX_RESULTS = 1000
RANK_WINDOW = 2000  # more than MAX_RESULTS: a full window means more than MAX_RESULTS hits


@dataclass(frozen=True)
class ArchiveQuery:
    words: str = ""
    date_from: date | None = None
    date_to: date | None = None
    body_id: int | None = None  # app.models.Body (dissolved ones included: their records stay)
    member_id: int | None = None
    page: int = 1

    @property
    def tokens(self) -> list[str]:
        return query_tokens(self.words)

    @property
    def is_empty(self) -> bool:
        return not (self.tokens or self.date_from or self.date_to or self.body_id or self.member_id)


@dataclass
class ArchiveHit:
    source: SearchSource
    source_id: int
    meeting: object  # None for a written opinion ballot (asked outside a meeting)
    title: Markup
    snippet: Markup
    rank: float = 0.0
    ballot: object = None  # the OpinionBallot of an ``opinion_ballot`` hit


@dataclass
class ArchivePage:
    query: ArchiveQuery
    hits: list[ArchiveHit] = field(default_factory=list)
    total: int = 0
    per_page: int = PER_PAGE
    capped: bool = False  # more than ``total`` (= MAX_RESULTS) hits: "hơn 1.000 kết quả"

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _parse_date(value: str | None, label: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            _(
                "%(label)s không hợp lệ: “%(value)s”. Dùng định dạng năm-tháng-ngày, ví dụ 2020-03-26.",
                label=label,
                value=value[:40],
            )
        ) from None


def _parse_int(value: str | None, label: str, minimum: int = 1, maximum: int | None = None) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < minimum or (maximum is not None and int(value) > maximum):
        raise ValidationError(_("%(label)s không hợp lệ: “%(value)s”.", label=label, value=value[:40]))
    return int(value)


def _parse_body(value) -> int | None:
    """``body``: a body's id, or (older clients) its exact name."""
    from app.models import Body

    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return int(value)
    found = db.session.scalar(sa.select(Body.id).where(Body.name == value))
    if found is None:
        raise ValidationError(_("Không có cơ quan «%(name)s».", name=value[:200]))
    return found


def parse_archive_query(args) -> ArchiveQuery:
    """Read ``q``, ``from``, ``to``, ``body``, ``member``, ``page`` from a mapping (request args)."""
    words = (args.get("q") or "").strip()
    if len(words) > MAX_QUERY_CHARS:
        raise ValidationError(_("Từ khóa tìm kiếm quá dài (tối đa %(n)s ký tự).", n=MAX_QUERY_CHARS))
    date_from = _parse_date(args.get("from"), _("Ngày bắt đầu"))
    date_to = _parse_date(args.get("to"), _("Ngày kết thúc"))
    if date_from and date_to and date_from > date_to:
        raise ValidationError(
            _(
                "Ngày bắt đầu (%(start)s) phải trước hoặc trùng ngày kết thúc (%(end)s).",
                start=date_from.strftime("%d/%m/%Y"),
                end=date_to.strftime("%d/%m/%Y"),
            )
        )
    return ArchiveQuery(
        words=words,
        date_from=date_from,
        date_to=date_to,
        body_id=_parse_body(args.get("body")),
        member_id=_parse_int(args.get("member"), _("Thành viên")),
        page=_parse_int(args.get("page"), _("Trang"), maximum=MAX_PAGE) or 1,
    )


def _ranked_page(actor, query: ArchiveQuery, tokens: list[str], offset: int) -> tuple[list, int]:
    """One page of rows ``(id, rank)``, best first, and how many hits there are, at most RANK_WINDOW.

    The hits are taken from a window: the RANK_WINDOW newest entries (by id, i.e. by when they were
    indexed) that match ``tokens``, pass the query's filters and that ``actor`` may read. The index
    yields matches newest first and the LIMIT stops it, so the score is computed for the window's
    rows only, never for every match of a common word. When fewer than RANK_WINDOW match, the
    window is all of them and the order is exactly by score; otherwise the total is capped
    (MAX_RESULTS < RANK_WINDOW) and the ranking is the window's.

    SQLite: FTS5 gives its matches by ``rowid DESC`` and one statement does it all. PostgreSQL: the
    planner, facing the permission conditions, sorts every match (hundreds of ms for a common
    word); so the newest matches are first taken by the match alone (a backward scan of the primary
    key for a common word, the GIN index for a rare one: the planner sees them right), in
    ``_CHUNKS``, and the conditions applied to those; only if a chunk held too few readable ones is
    the next, larger one tried — the last is every match, so nothing readable is ever left out."""
    chunks = (None,) if db.session.get_bind().dialect.name == "sqlite" else _CHUNKS
    for chunk in chunks:
        rows, hits, complete = _ranked_window_page(actor, query, tokens, offset, chunk)
        if complete:
            break
    return rows, hits


# a little more than the window (what a reader may not read, or the filters leave out), then many more
_CHUNKS = (RANK_WINDOW + RANK_WINDOW // 4, 16 * RANK_WINDOW, None)


def _newest_matches(query: ArchiveQuery, condition, chunk: int) -> list[int]:
    """PostgreSQL: the ids of the ``chunk`` newest entries matching ``condition`` and the query's
    meeting filters (a written ballot's entry has no meeting: decided by the window), newest first.

    A statement of its own, planned without sequential scans: the planner does not count the cost
    of reading each row's tsvector (detoasted, decompressed) when it tests ``@@`` row by row, so
    for a common word in a body's meetings it chose to test all 60,000 entries (~240 ms under load)
    where the GIN index gives the same matches without reading a vector (~70 ms); what is left to
    it is the GIN index, the primary key newest first (a common word: the first rows match), or
    the filtered meetings' entries by ix_search_entries_meeting_id (a half-year: ~35 ms instead of
    ~190 ms). The two parts (the filtered meetings' entries, entries without a meeting) are taken
    apart and merged: with ``meeting_id IS NULL OR meeting_id IN (…)`` the planner could not drive
    from the meetings. The same rows: the ``chunk`` newest of a union are among the ``chunk``
    newest of each part."""
    from meetings.models import Meeting

    if not (query.date_from or query.date_to or query.body_id or query.member_id):
        # no filter on the meetings: every match is a candidate (entries of meetings not closed too:
        # the window leaves them out, and a window taken from a superset of the readable matches is
        # still exact — full, or made from all of them); no join to the meetings, which the planner,
        # underestimating several words' matches, made a nested loop over every match
        both = sa.select(SearchEntry.id).where(condition).subquery("matching")
    else:
        in_filtered_meeting = SearchEntry.meeting_id.in_(sa.select(Meeting.id).where(*_meeting_conditions(query)))
        parts = [
            sa.select(SearchEntry.id).where(condition, part).order_by(SearchEntry.id.desc()).limit(chunk)
            for part in (in_filtered_meeting, SearchEntry.meeting_id.is_(None))
        ]
        both = sa.union_all(*parts).subquery("matching")
    db.session.execute(sa.text("SET LOCAL enable_seqscan = off"))
    try:
        return list(db.session.scalars(sa.select(both.c.id).order_by(both.c.id.desc()).limit(chunk)))
    finally:
        db.session.execute(sa.text("SET LOCAL enable_seqscan TO DEFAULT"))


def _ranked_window_page(actor, query: ArchiveQuery, tokens: list[str], offset: int, chunk: int | None):
    """(page rows, hits in the window, whether the window is final); with ``chunk``, the window
    is made from the ``chunk`` newest matches only (final when it was filled or they were all)."""
    from meetings.models import Meeting

    condition, rank, fts_table = _match_and_rank(tokens)
    newest = SearchEntry.id.desc() if fts_table is None else fts_table.c.rowid.desc()
    if chunk is not None:  # PostgreSQL: scored after the LIMIT, the window's rows only (not every candidate)
        rank = sa.literal_column("search_entries.search_entries_fts_vector")
    window = sa.select(SearchEntry.id.label("id"), rank.label("rank"), Meeting.held_from.label("held_from"))
    found = None
    if chunk is not None:
        ids = _newest_matches(query, condition, chunk)
        found = len(ids)
        if not ids:
            return [], 0, True
        candidates = (
            sa.func.unnest(sa.bindparam("candidate_ids", ids, type_=postgresql.ARRAY(sa.Integer)))
            .table_valued("id")
            .render_derived(name="candidates")
        )
        window = window.select_from(candidates).join(SearchEntry, SearchEntry.id == candidates.c.id)
    window = window.outerjoin(Meeting, Meeting.id == SearchEntry.meeting_id)
    if fts_table is not None:
        window = window.join(fts_table, fts_table.c.rowid == SearchEntry.id)
    window = (
        window.where(
            condition if chunk is None else sa.true(),  # the candidates all match
            sa.or_(
                sa.and_(SearchEntry.meeting_id.is_not(None), _readable_sources(actor), *_meeting_conditions(query)),
                _readable_ballots(actor, query),
            ),
        )
        .order_by(newest)
        .limit(RANK_WINDOW)
        .subquery()
    )
    # best score first; equal scores: the meeting held last first (ballots after), then the oldest entry
    score = window.c.rank if chunk is None else pg_rank(window.c.rank, tokens).label("rank")
    rows = db.session.execute(
        sa.select(window.c.id, score, sa.func.count().over().label("hits"))
        .order_by(score, window.c.held_from.desc().nulls_last(), window.c.id)
        .offset(offset)
        .limit(PER_PAGE)
    ).all()
    if rows:
        hits = rows[0].hits
    else:
        hits = db.session.scalar(sa.select(sa.func.count()).select_from(window))
    return rows, hits, chunk is None or hits >= RANK_WINDOW or found < chunk


def _browse(actor, query: ArchiveQuery, result: ArchivePage, offset: int) -> ArchivePage:
    """No words: closed meetings (by when they were held) and closed written opinion ballots (by when
    they closed) matching the filters, newest first, one page."""
    from meetings.models import Meeting, OpinionBallot

    both = sa.union_all(
        sa.select(sa.literal("m").label("kind"), Meeting.id.label("id"), Meeting.held_from.label("at")).where(
            meetings_with_perm_filter(actor, Perm.MEETING_VIEW), *_meeting_conditions(query)
        ),
        sa.select(
            sa.literal("b").label("kind"), OpinionBallot.id.label("id"), OpinionBallot.closed_at.label("at")
        ).where(*_ballot_conditions(actor, query)),
    ).subquery()
    result.total = db.session.scalar(sa.select(sa.func.count()).select_from(both))
    page = db.session.execute(
        sa.select(both.c.kind, both.c.id)
        .order_by(both.c.at.desc(), both.c.kind, both.c.id.desc())
        .offset(offset)
        .limit(PER_PAGE)
    ).all()
    for kind, ident in page:
        if kind == "m":
            meeting = db.session.get(Meeting, ident)
            summary = Markup(escape(f"{meeting.place} · {meeting.body}"))
            result.hits.append(ArchiveHit(SearchSource.meeting, ident, meeting, Markup(escape(meeting.title)), summary))
        else:
            ballot = db.session.get(OpinionBallot, ident)
            summary = Markup(escape(f"{ballot.body} · {ballot.question}"))
            hit = ArchiveHit(SearchSource.opinion_ballot, ident, None, Markup(escape(ballot.title)), summary)
            hit.ballot = ballot
            result.hits.append(hit)
    return result


def search_archive(actor, query: ArchiveQuery) -> ArchivePage:
    """Closed meetings ``actor`` may see, matching ``query``; a page of ranked hits. What each
    actor may read is decided per entry by app.permissions (meeting, documents, minutes)."""

    result = ArchivePage(query=query)
    offset = (query.page - 1) * PER_PAGE
    tokens = query.tokens
    if not tokens:  # no words: the meetings and written ballots matching the filters, newest first
        return _browse(actor, query, result, offset)

    if db.session.get_bind().dialect.name == "postgresql":
        # The permission conditions make the planner's cost estimate huge (millions), so PostgreSQL
        # JIT-compiles the query's expressions: ~20 s of compiling for a query that runs in 1-2 s
        # (bench/search_bench.py, EXPLAIN ANALYZE). For this transaction only.
        db.session.execute(sa.text("SET LOCAL jit = off"))
    rows, hits = _ranked_page(actor, query, tokens, offset) if offset < MAX_RESULTS else ([], None)
    if hits is None:  # a page past the cap: how many there are, for the pager
        hits = _ranked_page(actor, query, tokens, 0)[1]
    result.total = min(hits, MAX_RESULTS)
    result.capped = hits > MAX_RESULTS
    # the page's entries with their meetings in two statements, not one per hit (N+1)
    entries = {
        e.id: e
        for e in db.session.scalars(
            sa.select(SearchEntry)
            .options(selectinload(SearchEntry.meeting))
            .where(SearchEntry.id.in_([row.id for row in rows]))
        )
    }
    for row in rows:
        entry = entries[row.id]
        title = display_text(entry.title)
        ballot = None
        if entry.source == SearchSource.opinion_ballot:
            from meetings.models import OpinionBallot

            ballot = db.session.get(OpinionBallot, entry.source_id)
        result.hits.append(
            ArchiveHit(
                entry.source,
                entry.source_id,
                entry.meeting,
                highlight(title, match_spans(title, tokens)),
                snippet(entry.text, tokens).html,
                float(row.rank or 0),
                ballot,
            )
        )
    return result


def archive_filter_choices(actor) -> tuple[list, list]:
    """The bodies (dissolved ones included) and the members of the closed meetings ``actor`` can see,
    and the bodies of the closed written opinion ballots they can see (for the search form)."""
    from app.models import Body, User
    from app.permissions_sql import visible_opinion_ballots_filter
    from meetings.models import Meeting, MeetingMember, MeetingState, OpinionBallot, OpinionBallotState

    visible = sa.select(Meeting.id).where(
        meetings_with_perm_filter(actor, Perm.MEETING_VIEW), Meeting.state == MeetingState.closed
    )
    bodies = list(
        db.session.scalars(
            sa.select(Body)
            .where(
                sa.or_(
                    Body.id.in_(sa.select(Meeting.body_id).where(Meeting.id.in_(visible))),
                    Body.id.in_(
                        sa.select(OpinionBallot.body_id).where(
                            OpinionBallot.state == OpinionBallotState.closed, visible_opinion_ballots_filter(actor)
                        )
                    ),
                )
            )
            .order_by(Body.dissolved_on.is_not(None), Body.name)
        )
    )
    members = list(
        db.session.scalars(
            sa.select(User)
            .where(User.id.in_(sa.select(MeetingMember.user_id).where(MeetingMember.meeting_id.in_(visible))))
            .order_by(User.full_name)
        )
    )
    return bodies, members
