"""Keeping the archive's search index (``SearchEntry``) in step with meetings, agenda items,
documents and minutes.

The services that change these things call them after their own permission checks, inside their
transaction (they flush, never commit), in every meeting state (search itself shows closed meetings
only):
  * ``index_meeting_entry(meeting)`` — the meeting's own entry (title, body, place, members):
    creating or editing a meeting, adding or removing a member, an approved substitute;
  * ``index_agenda_item(item)`` — an agenda item added or edited;
  * ``index_document(document)`` — a document uploaded or replaced (the old version's text goes);
  * ``index_meeting(meeting)`` — all of the above for one meeting, dropping stale entries (closing);
  * ``index_source(source, source_id, meeting_id, title, text)`` — one thing, e.g. the minutes
    when they are signed: ``index_source("minutes", meeting.id, meeting.id, title, pdf_text)``;
  * ``remove_source(source, source_id)`` — a deleted agenda item;
  * ``reindex_all()`` — everything (``flask --app wsgi archive reindex``).
"""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from documents.models import Document
from documents.textfold import display_text, fold
from meetings.models import SearchEntry, SearchSource

MAX_INDEXED_CHARS = 300_000  # beyond this a text is not searchable (PostgreSQL tsvector stays < 1 MB)

# Objects the migration makes by hand (FTS5 table and its shadow tables, the GIN expression index);
# autogenerate and the schema comparison leave them alone.
FTS_PREFIX = "search_entries_fts"


def include_in_autogenerate(name, type_, parent_names) -> bool:
    return not (name or "").startswith(FTS_PREFIX)


def index_source(source: SearchSource | str, source_id: int, meeting_id: int, title: str, text: str) -> SearchEntry:
    """Create or replace the entry for ``(source, source_id)``."""
    source = SearchSource(source)
    title = display_text(title)[:500]
    text = display_text(text)[:MAX_INDEXED_CHARS]
    entry = db.session.scalar(
        sa.select(SearchEntry).where(SearchEntry.source == source, SearchEntry.source_id == source_id)
    )
    if entry is None:
        entry = SearchEntry(source=source, source_id=source_id)
        db.session.add(entry)
    entry.meeting_id = meeting_id
    entry.title = title
    entry.text = text
    entry.folded_title = fold(title)[:500]
    entry.folded_text = fold(text)
    db.session.flush()
    return entry


def remove_source(source: SearchSource | str, source_id: int) -> None:
    db.session.execute(
        sa.delete(SearchEntry).where(SearchEntry.source == SearchSource(source), SearchEntry.source_id == source_id)
    )
    db.session.flush()


def _meeting_text(meeting) -> str:
    people = [
        f"{m.user.full_name} ({m.user.position})" if m.user.position else m.user.full_name for m in meeting.members
    ]
    return " · ".join(p for p in (meeting.body, meeting.place, "; ".join(people)) if p)


def index_meeting_entry(meeting) -> SearchEntry:
    """The meeting's own entry: its title, and its body, place and members as text."""
    return index_source(SearchSource.meeting, meeting.id, meeting.id, meeting.title, _meeting_text(meeting))


def index_agenda_item(item) -> SearchEntry:
    db.session.flush()
    db.session.expire(item, ["presenter"])  # follows presenter_id, even when it was just changed
    return index_source(
        SearchSource.agenda,
        item.id,
        item.meeting_id,
        item.title,
        " · ".join(p for p in (item.presenter_label, item.description) if p),
    )


def index_document(document: Document) -> SearchEntry:
    """The current version of a document: its title and extracted text replace the previous ones."""
    return index_source(SearchSource.document, document.id, document.meeting_id, document.title, document.text)


def index_meeting(meeting) -> None:
    """(Re)index a meeting with its agenda items and documents; entries of removed ones go."""
    index_meeting_entry(meeting)
    kept: dict[SearchSource, set[int]] = {SearchSource.agenda: set(), SearchSource.document: set()}
    for item in meeting.agenda_items:
        index_agenda_item(item)
        kept[SearchSource.agenda].add(item.id)
    for document in db.session.scalars(sa.select(Document).where(Document.meeting_id == meeting.id)):
        index_document(document)
        kept[SearchSource.document].add(document.id)
    for source, ids in kept.items():
        db.session.execute(
            sa.delete(SearchEntry).where(
                SearchEntry.meeting_id == meeting.id, SearchEntry.source == source, SearchEntry.source_id.notin_(ids)
            )
        )
    db.session.flush()


def reindex_all() -> int:
    """Index every meeting again; returns how many meetings. Minutes entries are kept as they are."""
    from meetings.models import Meeting

    meetings = db.session.scalars(sa.select(Meeting).order_by(Meeting.id)).all()
    for meeting in meetings:
        index_meeting(meeting)
    return len(meetings)
