"""A search matching more than MAX_RESULTS entries shows "Hơn 1.000 kết quả" and pages through the
best MAX_RESULTS; the ranked window is taken after the permission conditions, so what a member
may not read never pushes what they may read out of it (meetings.archive.search)."""

import pytest

import meetings.archive.search as archive_search
from app.auth.services import issue_token
from app.extensions import db
from app.models import SystemRole
from meetings.archive.search import MAX_RESULTS, PER_PAGE, ArchiveQuery, search_archive
from meetings.archive.search_index import index_source
from meetings.models import MeetingState
from tests.conftest import login
from tests.support.factories import create_meeting, create_user


def _agenda_entries(meeting, first_id: int, count: int, text: str) -> list[int]:
    """``count`` agenda entries of ``meeting`` through the indexer (no agenda rows: the entry is
    what search reads, and an agenda entry is readable with the meeting)."""
    ids = []
    for n in range(first_id, first_id + count):
        entry = index_source("agenda", n, meeting.id, f"Nội dung số {n}", f"{text} — mục {n}.")
        ids.append(entry.id)
    return ids


def _hits(user, words, page):
    return search_archive(user, ArchiveQuery(words=words, page=page))


def test_more_than_a_thousand_hits_are_capped_on_the_service_the_api_and_the_page(app, client):
    archivist = create_user("cap-archivist", SystemRole.archivist)
    meeting = create_meeting({create_user("cap-chair"): "chair"}, state=MeetingState.closed, title="Phiên họp mùa lũ")
    entries = set(_agenda_entries(meeting, 700_000, MAX_RESULTS + 5, "Phương án phòng chống lũ lụt đê bao"))
    db.session.commit()

    first = _hits(archivist, "lu lut", 1)
    assert first.capped and first.total == MAX_RESULTS and first.pages == MAX_RESULTS // PER_PAGE
    assert len(first.hits) == PER_PAGE and "<mark>lũ</mark> <mark>lụt</mark>" in str(first.hits[0].snippet)
    last = _hits(archivist, "lu lut", first.pages)
    assert last.capped and len(last.hits) == PER_PAGE
    beyond = _hits(archivist, "lu lut", first.pages + 1)
    assert beyond.hits == [] and beyond.capped and beyond.total == MAX_RESULTS
    # the pages hold distinct entries, all of them matches
    seen = [h.source_id for p in (1, 2, first.pages) for h in _hits(archivist, "lu lut", p).hits]
    assert len(set(seen)) == len(seen) == 3 * PER_PAGE
    assert {h.source.value for p in (1, first.pages) for h in _hits(archivist, "lu lut", p).hits} == {"agenda"}
    assert len(entries) == MAX_RESULTS + 5

    # one word fewer matching: an exact count
    exact = _hits(archivist, "mục 700004", 1)
    assert not exact.capped and exact.total == 1

    _, token = issue_token(archivist, "cap test")
    db.session.commit()
    data = client.get("/api/v1/archive/search?q=lu+lut", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert data["capped"] is True and data["total"] == MAX_RESULTS and data["pages"] == MAX_RESULTS // PER_PAGE
    assert len(data["hits"]) == PER_PAGE

    login(client, archivist)
    html = client.get("/archive?q=lũ+lụt").get_data(as_text=True)
    assert "Hơn 1.000 kết quả" in html and "1005" not in html and "1.005" not in html
    assert "Trang 1 / 100" in html
    small = client.get("/archive?q=muc+700004").get_data(as_text=True)
    assert "1 kết quả" in small and "Hơn" not in small
    english = client.get("/archive?q=lu+lut&lang=en").get_data(as_text=True)
    assert "More than 1,000 results" in english


@pytest.fixture
def small_cap(monkeypatch):
    """The same rules with a window of 30 and a cap of 20, so a test can fill them."""
    monkeypatch.setattr(archive_search, "MAX_RESULTS", 20)
    monkeypatch.setattr(archive_search, "RANK_WINDOW", 30)
    monkeypatch.setattr(archive_search, "_CHUNKS", (35, 100, None))


def test_the_cap_never_hides_what_a_member_may_read(app, small_cap):
    member = create_user("cap-member")
    archivist = create_user("cap-archivist2", SystemRole.archivist)
    theirs = create_meeting({member: "member"}, state=MeetingState.closed, title="Họp tổ dân phố")
    others = create_meeting({create_user("cap-other"): "chair"}, state=MeetingState.closed, title="Họp kín")
    # the member's entries first (oldest), then many more they may not read (newest): the window of
    # the newest matches, were it taken before the permission conditions, would hold none of theirs
    readable = set(_agenda_entries(theirs, 800_000, 15, "Kế hoạch nạo vét kênh Ông Kho"))
    hidden = set(_agenda_entries(others, 810_000, 150, "Kế hoạch nạo vét kênh Ông Kho"))
    # and newer still, a meeting of theirs not closed yet: not in the archive, though it matches and
    # they may read it (on PostgreSQL a search without filters takes every match as a candidate)
    upcoming = create_meeting({member: "member"}, state=MeetingState.published, title="Họp sắp tới")
    not_closed = set(_agenda_entries(upcoming, 820_000, 60, "Kế hoạch nạo vét kênh Ông Kho"))
    db.session.commit()

    seen = []
    first = _hits(member, "nao vet kenh", 1)
    assert not first.capped and first.total == 15 and first.pages == 2
    for page in (1, 2, 3):
        seen += [h.source_id for h in _hits(member, "nao vet kenh", page).hits]
    assert sorted(seen) == sorted(_source_ids(readable)), "every readable entry, once"
    assert not set(seen) & (_source_ids(hidden) | _source_ids(not_closed))

    # the archivist reads both meetings: capped at 20, from the newest 30
    everyone = _hits(archivist, "nao vet kenh", 1)
    assert everyone.capped and everyone.total == 20 and everyone.pages == 2
    pages = [h.source_id for p in (1, 2, 3) for h in _hits(archivist, "nao vet kenh", p).hits]
    assert len(pages) == len(set(pages)) == 20

    # with a filter that keeps only the member's meeting, the archivist sees all of it, exactly
    from meetings.archive.search import parse_archive_query

    with app.test_request_context("/archive"):
        query = parse_archive_query({"q": "nao vet kenh", "member": str(member.id)})
    filtered = search_archive(archivist, query)
    assert not filtered.capped and filtered.total == 15


def _source_ids(entry_ids: set[int]) -> set[int]:
    from meetings.models import SearchEntry

    return {e.source_id for e in db.session.query(SearchEntry).filter(SearchEntry.id.in_(entry_ids))}
