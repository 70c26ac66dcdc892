"""The archive's index follows the meeting as it is prepared, through the same web and API routes
people use: uploads and replacements, agenda items, meeting details and members, closing. Once
the meeting is closed, the archive finds what it holds now, and nothing it no longer holds."""

import io

import pytest
import sqlalchemy as sa

from app.auth.services import issue_token
from app.extensions import db
from app.models import SystemRole
from documents.models import Document
from meetings.archive.search import ArchiveQuery, search_archive
from meetings.models import MeetingState, SearchEntry, SearchSource
from meetings.services.floor_attendance import check_in
from tests.conftest import login
from tests.support.factories import create_meeting, create_user
from tests.support.pdfs import make_pdf, make_text_pdf

JSON = {"Accept": "application/json"}


@pytest.fixture
def prepared(app):
    people = {
        "secretary": create_user("ix-secretary"),
        "chair": create_user("ix-chair"),
        "member": create_user("ix-member"),
        "archivist": create_user("ix-archivist", SystemRole.archivist),
    }
    meeting = create_meeting(
        {people["secretary"]: "secretary", people["chair"]: "chair", people["member"]: "member"},
        state=MeetingState.published,
        title="Phiên họp thường kỳ tháng 9",
    )
    for voter in (people["chair"], people["member"]):  # the quorum, so that the session can start
        check_in(voter, meeting)
    return people, meeting


def bearer(user) -> dict:
    _, raw = issue_token(user)
    return {"Authorization": f"Bearer {raw}"}


def archivist_client(app, archivist):
    client = app.test_client()  # a browser of their own
    login(client, archivist)
    return client


def archive_page(client, words) -> str:
    response = client.get("/archive", query_string={"q": words})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def api_search(client, user, words) -> dict:
    response = client.get("/api/v1/archive/search", query_string={"q": words}, headers=bearer(user))
    assert response.status_code == 200
    return response.get_json()


def close_on_the_web(client, meeting) -> None:
    for action in ("start", "close"):
        assert client.post(f"/meetings/{meeting.id}/{action}").status_code == 302
    db.session.expire_all()
    assert meeting.state == MeetingState.closed


def entry(source: str, source_id: int) -> SearchEntry | None:
    return db.session.scalar(
        sa.select(SearchEntry).where(SearchEntry.source == SearchSource(source), SearchEntry.source_id == source_id)
    )


def found_keys(user, words) -> set:
    return {(h.source.value, h.source_id) for h in search_archive(user, ArchiveQuery(words=words)).hits}


def test_a_document_uploaded_on_the_web_is_found_once_the_meeting_closes(client, prepared):
    people, meeting = prepared
    login(client, people["secretary"])
    response = client.post(
        f"/meetings/{meeting.id}/documents",
        content_type="multipart/form-data",
        headers=JSON,
        data={
            "title": "Đề án bảo tồn sếu đầu đỏ",
            "file": (io.BytesIO(make_text_pdf("Vườn quốc gia Tràm Chim đón đàn sếu đầu đỏ.")), "de-an.pdf"),
        },
    )
    assert response.status_code == 201
    document_id = response.get_json()["document"]["id"]
    # indexed at once, in every state; the archive itself shows closed meetings only
    indexed = entry("document", document_id)
    assert indexed is not None and "Tràm Chim" in indexed.text and indexed.title == "Đề án bảo tồn sếu đầu đỏ"
    assert found_keys(people["archivist"], "tram chim") == set()
    close_on_the_web(client, meeting)

    client = archivist_client(client.application, people["archivist"])
    by_text = archive_page(client, "tram chim")
    assert "<mark>Tràm</mark> <mark>Chim</mark>" in by_text and "Đề án bảo tồn sếu đầu đỏ" in by_text
    by_title = archive_page(client, "bao ton seu")
    assert "<mark>bảo</mark> <mark>tồn</mark> <mark>sếu</mark>" in by_title
    assert ("document", document_id) in found_keys(people["member"], "tram chim")


def test_a_document_uploaded_over_the_api_is_found_once_the_meeting_closes(client, prepared):
    people, meeting = prepared
    headers = bearer(people["secretary"])
    response = client.post(
        f"/api/v1/meetings/{meeting.id}/documents",
        headers=headers,
        content_type="multipart/form-data",
        data={
            "title": "Báo cáo mùa nước nổi",
            "file": (io.BytesIO(make_text_pdf("Lũ đầu nguồn sông Cửu Long về sớm.")), "bc.pdf"),
        },
    )
    assert response.status_code == 201
    document_id = response.get_json()["id"]
    assert "Cửu Long" in entry("document", document_id).text  # before the meeting closes, too
    for action in ("start", "close"):
        assert client.post(f"/api/v1/meetings/{meeting.id}/{action}", headers=headers).status_code == 200

    data = api_search(client, people["member"], "cuu long")
    assert [(h["source"], h["source_id"]) for h in data["hits"]] == [("document", document_id)]
    assert "<mark>Cửu</mark> <mark>Long</mark>" in data["hits"][0]["snippet_html"]
    data = api_search(client, people["member"], "mua nuoc noi")
    assert data["total"] == 1 and "<mark>mùa</mark> <mark>nước</mark> <mark>nổi</mark>" in data["hits"][0]["title_html"]


def test_replacing_a_document_replaces_its_words(client, prepared):
    people, meeting = prepared
    login(client, people["secretary"])
    response = client.post(
        f"/meetings/{meeting.id}/documents",
        content_type="multipart/form-data",
        headers=JSON,
        data={
            "file": (io.BytesIO(make_text_pdf("Dự toán cũ: cầu Cái Tàu Hạ.")), "du-toan.pdf"),
            "title": "Dự toán công trình",
        },
    )
    document_id = response.get_json()["document"]["id"]
    response = client.post(
        f"/documents/{document_id}/replace",
        content_type="multipart/form-data",
        headers=JSON,
        data={
            "file": (io.BytesIO(make_text_pdf("Dự toán mới: cầu Mương Khai.")), "du-toan-2.pdf"),
            "title": "Dự toán công trình (điều chỉnh)",
        },
    )
    assert response.status_code == 200 and response.get_json()["document"]["version"] == 2
    indexed = entry("document", document_id)  # at once, not only when the meeting closes
    assert "Mương Khai" in indexed.text and "Cái Tàu Hạ" not in indexed.text
    assert indexed.title == "Dự toán công trình (điều chỉnh)"
    close_on_the_web(client, meeting)

    client = archivist_client(client.application, people["archivist"])
    assert "Không tìm thấy kết quả phù hợp" in archive_page(client, "cai tau ha")
    assert search_archive(people["secretary"], ArchiveQuery(words="cai tau ha")).total == 0
    new = archive_page(client, "muong khai")
    assert "<mark>Mương</mark> <mark>Khai</mark>" in new and "Dự toán công trình (điều chỉnh)" in new
    assert found_keys(people["archivist"], "dieu chinh") == {("document", document_id)}


def test_agenda_changes_reach_the_archive(client, prepared):
    people, meeting = prepared
    login(client, people["secretary"])
    for title in ("Kế hoạch nạo vét kênh", "Nội dung sẽ bị xóa về lục bình"):
        assert client.post(f"/meetings/{meeting.id}/agenda", data={"title": title}).status_code == 302
    db.session.expire_all()
    kept, dropped = sorted(meeting.agenda_items, key=lambda i: i.position)
    assert (
        client.post(
            f"/meetings/{meeting.id}/agenda/{kept.id}",
            data={
                "title": "Kế hoạch nạo vét kênh Nguyễn Văn Tiếp",
                "presenter_name": "Phòng Nông nghiệp",
                "description": "Khối lượng 120.000 m³.",
            },
        ).status_code
        == 302
    )
    assert client.post(f"/meetings/{meeting.id}/agenda/{dropped.id}/delete").status_code == 302
    child = client.post(
        f"/api/v1/meetings/{meeting.id}/agenda",
        headers=bearer(people["secretary"]),
        json={"title": "Tiến độ kênh Tháp Mười", "parent_id": kept.id},
    )
    assert child.status_code == 201
    # at once, not only when the meeting closes
    titles = set(
        db.session.scalars(
            sa.select(SearchEntry.title).where(
                SearchEntry.meeting_id == meeting.id, SearchEntry.source == SearchSource.agenda
            )
        )
    )
    assert titles == {"Kế hoạch nạo vét kênh Nguyễn Văn Tiếp", "Tiến độ kênh Tháp Mười"}
    assert "Phòng Nông nghiệp" in entry("agenda", kept.id).text
    close_on_the_web(client, meeting)

    client = archivist_client(client.application, people["archivist"])
    page = archive_page(client, "nguyen van tiep")
    assert "<mark>Nguyễn</mark> <mark>Văn</mark> <mark>Tiếp</mark>" in page
    assert "<mark>Khối</mark> <mark>lượng</mark> 120.000 m³" in archive_page(client, "khoi luong")
    assert "<mark>Phòng</mark> <mark>Nông</mark> <mark>nghiệp</mark>" in archive_page(client, "phong nong nghiep")
    assert "Tiến độ kênh <mark>Tháp</mark> <mark>Mười</mark>" in archive_page(client, "thap muoi")
    assert found_keys(people["archivist"], "luc binh") == set()


def test_meeting_details_and_members_reach_the_archive(client, prepared):
    people, meeting = prepared
    guest = create_user("ix-guest", full_name="Huỳnh Thị Sen Hồng")
    headers = bearer(people["secretary"])
    response = client.patch(
        f"/api/v1/meetings/{meeting.id}",
        headers=headers,
        json={"title": "Phiên họp chuyên đề chuyển đổi số", "place": "Hội trường xã Mỹ Hiệp"},
    )
    assert response.status_code == 200
    assert (
        client.post(
            f"/api/v1/meetings/{meeting.id}/members", headers=headers, json={"user_id": guest.id, "role": "observer"}
        ).status_code
        == 201
    )
    assert (
        client.delete(f"/api/v1/meetings/{meeting.id}/members/{people['member'].id}", headers=headers).status_code
        == 200
    )
    indexed = entry("meeting", meeting.id)  # at once, not only when the meeting closes
    assert indexed.title == "Phiên họp chuyên đề chuyển đổi số"
    assert "Hội trường xã Mỹ Hiệp" in indexed.text and "Huỳnh Thị Sen Hồng" in indexed.text
    assert people["member"].full_name not in indexed.text
    for action in ("start", "close"):
        assert client.post(f"/api/v1/meetings/{meeting.id}/{action}", headers=headers).status_code == 200

    meeting_hit = ("meeting", meeting.id)
    assert meeting_hit in found_keys(people["archivist"], "chuyen doi so")
    assert meeting_hit in found_keys(people["archivist"], "my hiep")
    assert meeting_hit in found_keys(people["archivist"], "sen hong")
    assert meeting_hit not in found_keys(people["archivist"], "thuong ky thang 9")
    assert meeting_hit not in found_keys(people["archivist"], people["member"].full_name)
    client = archivist_client(client.application, people["archivist"])
    assert "<mark>chuyển</mark> <mark>đổi</mark> <mark>số</mark>" in archive_page(client, "chuyen doi so")


def test_closing_indexes_what_was_made_before_the_index_kept_up(client, prepared):
    """Rows written without the services (older data, imports) enter the archive when it closes."""
    people, meeting = prepared
    document = Document(
        meeting_id=meeting.id,
        title="Tờ trình cũ",
        filename="cu.pdf",
        object_key="ix/cu.pdf",
        size=1,
        sha256="0" * 64,
        text="Nhà văn hóa ấp Mỹ Thạnh.",
    )
    db.session.add(document)
    db.session.flush()
    login(client, people["secretary"])
    close_on_the_web(client, meeting)
    assert found_keys(people["archivist"], "my thanh") == {("document", document.id)}
    assert ("meeting", meeting.id) in found_keys(people["archivist"], "thuong ky thang 9")


def test_a_refused_upload_leaves_no_entry(client, prepared):
    people, meeting = prepared
    before = db.session.scalar(sa.select(sa.func.count()).select_from(SearchEntry))
    login(client, people["secretary"])
    truncated = make_pdf(2)[:-200]
    response = client.post(
        f"/meetings/{meeting.id}/documents",
        content_type="multipart/form-data",
        headers=JSON,
        data={"file": (io.BytesIO(truncated), "hong.pdf")},
    )
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchEntry)) == before


def test_an_approved_substitute_and_a_deleted_sub_item_are_followed_at_once(prepared):
    from meetings.services.agenda import add_agenda_item, delete_agenda_item
    from meetings.services.substitutions import decide_substitution, request_substitution

    people, meeting = prepared
    stand_in = create_user("ix-standin", full_name="Lâm Văn Điền")
    sub = request_substitution(people["member"], meeting, stand_in.id, reason="Đi công tác")
    assert "Lâm Văn Điền" not in (entry("meeting", meeting.id).text if entry("meeting", meeting.id) else "")
    decide_substitution(people["secretary"], meeting, sub, approve=True)
    assert "Lâm Văn Điền" in entry("meeting", meeting.id).text

    parent = add_agenda_item(people["secretary"], meeting, title="Phòng chống sạt lở")
    child = add_agenda_item(people["secretary"], meeting, parent_id=parent.id, title="Bờ sông Sa Đéc")
    assert entry("agenda", child.id).title == "Bờ sông Sa Đéc"
    delete_agenda_item(people["secretary"], meeting, parent)
    assert entry("agenda", parent.id) is None and entry("agenda", child.id) is None
