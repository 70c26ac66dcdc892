"""Archive search on the current database (SQLite FTS5, or PostgreSQL tsvector when
PHONGHOP_TEST_DATABASE_URL is set): diacritics and đ, ranking, snippets, permissions, filters."""

import io
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.auth.services import issue_token
from app.errors import ValidationError
from app.extensions import db
from app.models import SystemRole
from documents.models import Document
from meetings.archive.search import ArchiveQuery, parse_archive_query, search_archive
from meetings.archive.search_index import index_meeting, index_source, reindex_all, remove_source
from meetings.models import AgendaItem, MeetingState, SearchEntry, SearchSource
from meetings.services.documents import store_document
from tests.conftest import login
from tests.support.factories import create_meeting, create_user
from tests.support.pdfs import make_text_pdf

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def world(app):
    people = {
        "chair": create_user("s-chair", full_name="Nguyễn Văn Chủ"),
        "member": create_user("s-member", full_name="Trần Thị Lụa"),
        "observer": create_user("s-observer"),
        "member2": create_user("s-member2", full_name="Đặng Văn Đức"),
        "outsider": create_user("s-outsider"),
        "archivist": create_user("s-archivist", SystemRole.archivist),
        "secretariat": create_user("s-office", SystemRole.secretariat),
    }
    march = create_meeting(
        {people["chair"]: "chair", people["member"]: "member", people["observer"]: "observer"},
        state=MeetingState.closed,
        title="Phiên họp thường kỳ tháng 3 năm 2020 của UBND huyện Cao Lãnh",
        starts_at=datetime(2020, 3, 26, 7, 30, tzinfo=VN),
    )
    db.session.add(
        AgendaItem(
            meeting_id=march.id,
            position=0,
            title="Báo cáo kinh tế – xã hội quý I",
            description="Thảo luận tiêu thụ xoài và giải ngân vốn; có nhắc đến đất một lần.",
        )
    )
    db.session.flush()
    db.session.refresh(march)
    may = create_meeting(
        {people["member2"]: "member"},
        state=MeetingState.closed,
        title="Phiên họp chuyên đề giao thông nông thôn",
        starts_at=datetime(2021, 5, 10, 14, 0, tzinfo=VN),
    )
    may.body = "UBND xã Nhị Mỹ"
    upcoming = create_meeting(
        {people["member"]: "member"},
        state=MeetingState.published,
        title="Phiên họp thường kỳ sắp tới của UBND huyện Cao Lãnh",
    )
    for meeting in (march, may, upcoming):
        index_meeting(meeting)
    indexed_document(
        march,
        "Kế hoạch sử dụng đất năm 2020",
        "KẾ HOẠCH  sử dụng  đất năm 2020. Đất nông nghiệp chuyển mục đích: 12 ha.",
    )
    indexed_document(
        may, "Tờ trình đường giao thông", "Đầu tư đường giao thông nông thôn <script>alert('x')</script> tại xã Nhị Mỹ."
    )
    index_source(
        "minutes",
        9003,
        march.id,
        "Biên bản phiên họp tháng 3 năm 2020",
        "Chủ tọa kết luận: tiếp tục chỉ đạo quyết liệt, không để hồ sơ trễ hạn.",
    )
    return people, march, may, upcoming


def indexed_document(meeting, title: str, text: str) -> Document:
    """A document row with exactly this text (no bytes: search reads only the database), indexed."""
    document = Document(
        meeting_id=meeting.id,
        title=title,
        filename="tai-lieu.pdf",
        size=1,
        sha256="0" * 64,
        object_key=f"search-test/{uuid.uuid4().hex}.pdf",
        text=text,
    )
    db.session.add(document)
    db.session.flush()
    index_source("document", document.id, meeting.id, title, text)
    return document


def document_id(title: str) -> int:
    return db.session.scalar(sa.select(Document.id).where(Document.title == title))


def hits(user, **kw):
    return search_archive(user, ArchiveQuery(**kw))


def keys(page):
    return {(h.source.value, h.meeting.id) for h in page.hits}


def test_without_diacritics_finds_the_vietnamese_words(world):
    people, march, may, upcoming = world
    page = hits(people["archivist"], words="cao lanh")
    assert ("meeting", march.id) in keys(page)
    assert all(h.meeting.id != upcoming.id for h in page.hits)  # not closed: not in the archive
    meeting_hit = next(h for h in page.hits if h.source == SearchSource.meeting)
    assert "<mark>Cao</mark> <mark>Lãnh</mark>" in str(meeting_hit.title)


@pytest.mark.parametrize("words", ["dat", "DAT", "đất", "Đất", "ĐẤT", "dat nam 2020", "đat"])
def test_d_stroke_and_diacritics_in_either_form(world, words):
    people, march, *_ = world
    page = hits(people["archivist"], words=words)
    documents = [h for h in page.hits if h.source == SearchSource.document]
    assert [h.source_id for h in documents] == [document_id("Kế hoạch sử dụng đất năm 2020")]
    assert "<mark>đất</mark>" in str(documents[0].snippet) or "<mark>Đất</mark>" in str(documents[0].snippet)
    assert "<mark>đất</mark>" in str(documents[0].title)


def test_query_with_diacritics_equals_query_without(world):
    people, *_ = world
    with_marks = hits(people["archivist"], words="Cao Lãnh")
    without = hits(people["archivist"], words="cao lanh")
    assert [(h.source, h.source_id) for h in with_marks.hits] == [(h.source, h.source_id) for h in without.hits]
    assert with_marks.total == without.total >= 1


def test_every_word_must_match(world):
    people, march, may, _ = world
    # the document says "xã Nhị Mỹ"; the meeting is of "UBND xã Nhị Mỹ"
    assert keys(hits(people["archivist"], words="giao thong nhi my")) == {("document", may.id), ("meeting", may.id)}
    assert keys(hits(people["archivist"], words="duong giao thong")) == {("document", may.id)}
    assert hits(people["archivist"], words="giao thong cao lanh xyzzy").total == 0


@pytest.mark.parametrize(
    "words",
    ["1234/TTr-UBND", "1234/ttr-ubnd", "1234 TTr UBND", "ttr-ubnd", "tháng 3/2021", "3/2021", "1.5 ha", "e-mail"],
)
def test_document_numbers_and_dates_are_found_on_both_databases(world, words):
    # PostgreSQL's `simple` parser read "1234/ttr-ubnd" and "3/2021" as one token each ("file"),
    # "1.5" as one float: a search for the number found nothing there (SQLite's FTS5 splits
    # at every punctuation mark). Migration e5a7c9b1d3f2 makes PostgreSQL split them the same way.
    people, march, *_ = world
    numbered = indexed_document(
        march,
        "Tờ trình số 1234/TTr-UBND về kế hoạch tháng 3/2021",
        "Diện tích chuyển đổi 1.5 ha; ý kiến gửi qua e-mail trước ngày 15/3/2021.",
    )
    indexed_document(march, "Tờ trình số 4321/QĐ-UBND", "Không liên quan: ngày 6/8/2022, 2.7 ha.")
    page = hits(people["archivist"], words=words)
    assert [(h.source, h.source_id) for h in page.hits] == [(SearchSource.document, numbered.id)]
    assert page.total == 1


def test_title_matches_rank_above_passing_mentions(world):
    people, *_ = world
    page = hits(people["archivist"], words="dat")
    assert [h.source.value for h in page.hits][:2] == ["document", "agenda"]
    assert page.hits[0].rank <= page.hits[1].rank


def test_snippets_keep_original_text_and_escape_markup(world):
    people, march, may, _ = world
    document = next(
        h
        for h in hits(people["archivist"], words="duong giao thong").hits
        if h.source_id == document_id("Tờ trình đường giao thông")
    )
    html = str(document.snippet)
    assert "Đầu tư <mark>đường</mark> <mark>giao</mark> <mark>thông</mark> nông thôn" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    minutes = next(h for h in hits(people["archivist"], words="tre han").hits if h.source == SearchSource.minutes)
    assert "<mark>trễ</mark> <mark>hạn</mark>" in str(minutes.snippet)
    assert "KẾ HOẠCH sử dụng <mark>đất</mark>" in str(hits(people["archivist"], words="dat").hits[0].snippet)


def test_who_finds_what(world):
    people, march, may, upcoming = world
    everything = {("meeting", march.id), ("agenda", march.id), ("document", march.id), ("minutes", march.id)}
    assert keys(hits(people["member"], words="2020")) | keys(hits(people["member"], words="xoai")) == everything
    assert hits(people["outsider"], words="cao lanh").total == 0
    assert hits(people["outsider"]).total == 0
    # an observer (khách mời) reads only the documents marked for guests, and not the minutes
    observer = keys(hits(people["observer"], words="2020"))
    assert ("meeting", march.id) in observer
    assert ("document", march.id) not in observer and ("minutes", march.id) not in observer
    db.session.get(Document, document_id("Kế hoạch sử dụng đất năm 2020")).observer_visible = True
    db.session.flush()
    assert ("document", march.id) in keys(hits(people["observer"], words="2020"))
    # members of one meeting never see another's; the archivist sees every closed meeting
    assert all(h.meeting.id == may.id for h in hits(people["member2"], words="giao thong").hits)
    assert hits(people["member"], words="giao thong").total == 0
    assert {h.meeting.id for h in hits(people["archivist"]).hits} >= {march.id, may.id}
    assert upcoming.id not in {h.meeting.id for h in hits(people["secretariat"]).hits}


def test_filters_by_date_body_and_member(world):
    people, march, may, _ = world
    archivist = people["archivist"]
    assert {h.meeting.id for h in hits(archivist, date_from=date(2020, 3, 26), date_to=date(2020, 3, 26)).hits} >= {
        march.id
    }
    assert may.id not in {h.meeting.id for h in hits(archivist, date_to=date(2020, 12, 31)).hits}
    assert march.id not in {h.meeting.id for h in hits(archivist, date_from=date(2020, 3, 27)).hits}
    assert {h.meeting.id for h in hits(archivist, body_id=may.body_id).hits} == {may.id}
    assert {h.meeting.id for h in hits(archivist, words="2020", member_id=people["member"].id).hits} == {march.id}
    assert hits(archivist, words="giao thong", member_id=people["member"].id).total == 0


def test_date_filter_uses_vietnam_days(world):
    people, *_ = world
    late = create_meeting(
        {}, state=MeetingState.closed, title="Họp tối muộn", starts_at=datetime(2020, 4, 1, 23, 30, tzinfo=VN)
    )  # 16:30 UTC the same day
    found = {h.meeting.id for h in hits(people["archivist"], date_from=date(2020, 4, 1), date_to=date(2020, 4, 1)).hits}
    assert late.id in found
    early = create_meeting(
        {}, state=MeetingState.closed, title="Họp sáng sớm", starts_at=datetime(2020, 4, 2, 6, 0, tzinfo=VN)
    )  # 23:00 UTC on 1 April
    found = {h.meeting.id for h in hits(people["archivist"], date_from=date(2020, 4, 1), date_to=date(2020, 4, 1)).hits}
    assert early.id not in found


def test_a_meeting_is_found_on_the_day_it_was_held_not_the_day_it_was_planned(client, world):
    people, *_ = world
    moved = create_meeting(
        {}, state=MeetingState.closed, title="Họp dời sớm", starts_at=datetime(2020, 5, 20, 7, 30, tzinfo=VN)
    )
    moved.started_at = datetime(2020, 5, 13, 8, 0, tzinfo=VN)
    moved.ended_at = datetime(2020, 5, 13, 10, 0, tzinfo=VN)
    db.session.flush()
    held = {
        h.meeting.id for h in hits(people["archivist"], date_from=date(2020, 5, 13), date_to=date(2020, 5, 13)).hits
    }
    planned = {
        h.meeting.id for h in hits(people["archivist"], date_from=date(2020, 5, 20), date_to=date(2020, 5, 20)).hits
    }
    assert moved.id in held and moved.id not in planned
    login(client, people["archivist"])
    page = client.get("/archive?from=2020-05-13&to=2020-05-13", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Họp dời sớm" in page and "08:00 13/05/2020" in page and "20/05/2020" not in page


@pytest.mark.parametrize(
    "args,message",
    [
        ({"from": "2021-01-01", "to": "2020-01-01"}, "phải trước hoặc trùng ngày kết thúc"),
        ({"from": "26/03/2020"}, "Ngày bắt đầu không hợp lệ"),
        ({"to": "2020-02-30"}, "Ngày kết thúc không hợp lệ"),
        ({"member": "abc"}, "Thành viên không hợp lệ"),
        ({"page": "0"}, "Trang không hợp lệ"),
        ({"q": "x" * 201}, "quá dài"),
    ],
)
def test_bad_input_is_refused_in_vietnamese(args, message, client, world):
    people, *_ = world
    with pytest.raises(ValidationError) as exc:
        parse_archive_query(args)
    assert message in str(exc.value.message)
    _, raw = issue_token(people["archivist"])
    response = client.get("/api/v1/archive/search", query_string=args, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 400 and message in response.get_json()["error"]
    login(client, people["archivist"])
    page = client.get("/archive", query_string=args)
    assert page.status_code == 400 and message in page.get_data(as_text=True)


def test_index_follows_changes(world):
    people, march, *_ = world
    march.title = "Phiên họp về Tràm Chim"
    index_meeting(march)
    assert ("meeting", march.id) in keys(hits(people["archivist"], words="tram chim"))
    assert ("meeting", march.id) not in keys(hits(people["archivist"], words="thuong ky"))
    item = march.agenda_items[0]
    db.session.delete(item)
    db.session.flush()
    db.session.refresh(march)
    index_meeting(march)
    assert ("agenda", march.id) not in keys(hits(people["archivist"], words="xoai"))
    remove_source("minutes", 9003)
    assert hits(people["archivist"], words="tre han").total == 0
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(SearchEntry).where(SearchEntry.source == SearchSource.minutes)
        )
        == 0
    )


def test_uploaded_pdf_text_is_searchable(world):
    people, march, *_ = world
    march.state = MeetingState.published  # documents go in before the meeting closes
    db.session.flush()
    secretary = create_user("s-sec")
    from meetings.models import MeetingMember, MeetingRole

    db.session.add(MeetingMember(meeting_id=march.id, user_id=secretary.id, role=MeetingRole.secretary))
    db.session.flush()
    db.session.refresh(march)
    store_document(
        secretary,
        march,
        io.BytesIO(make_text_pdf("Báo cáo tình hình Đồng Tháp: phát triển vùng sen Tháp Mười.")),
        "bao-cao.pdf",
        title="Báo cáo tỉnh",
    )
    march.state = MeetingState.closed
    assert reindex_all() >= 3
    page = hits(people["archivist"], words="dong thap sen")
    assert [h.source.value for h in page.hits] == ["document"]
    assert "<mark>Đồng</mark> <mark>Tháp</mark>" in str(page.hits[0].snippet)


def test_api_search_and_pagination(client, world):
    people, march, *_ = world
    for n in range(12):
        indexed_document(march, f"Phụ lục số {n}", "Số liệu đất đai theo xã.")
    _, raw = issue_token(people["member"])
    headers = {"Authorization": f"Bearer {raw}"}
    first = client.get("/api/v1/archive/search?q=dat+dai", headers=headers).get_json()
    assert first["total"] == 12 and first["pages"] == 2 and len(first["hits"]) == 10
    second = client.get("/api/v1/archive/search?q=dat+dai&page=2", headers=headers).get_json()
    assert len(second["hits"]) == 2
    ids = {h["source_id"] for h in first["hits"]} | {h["source_id"] for h in second["hits"]}
    assert ids == {document_id(f"Phụ lục số {n}") for n in range(12)}
    assert "<mark>đất</mark> <mark>đai</mark>" in first["hits"][0]["snippet_html"]
    assert first["hits"][0]["meeting"]["title"] == march.title
    assert client.get("/api/v1/archive/search?q=dat").status_code == 401
    _, outsider = issue_token(people["outsider"])
    empty = client.get("/api/v1/archive/search?q=dat", headers={"Authorization": f"Bearer {outsider}"}).get_json()
    assert empty["total"] == 0 and empty["hits"] == []


def test_archive_page_shows_highlighted_escaped_hits_and_empty_state(client, world):
    people, march, may, _ = world
    login(client, people["archivist"])
    html = client.get("/archive", query_string={"q": "duong giao thong"}).get_data(as_text=True)
    assert "<mark>đường</mark>" in html and "&lt;script&gt;" in html and "<script>alert" not in html
    assert f'href="/archive/meetings/{may.id}/record.zip"' in html
    none = client.get("/archive", query_string={"q": "khong co tu nay"}).get_data(as_text=True)
    assert "Không tìm thấy kết quả phù hợp" in none
    listing = client.get("/archive").get_data(as_text=True)
    assert march.title in listing and may.title in listing


def test_archive_page_is_for_archivists(client, world):
    people, *_ = world
    login(client, people["member"])
    assert client.get("/archive?q=cao").status_code == 403
