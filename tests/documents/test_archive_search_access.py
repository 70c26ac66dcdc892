"""Archive search shows a document's title, snippet and count only to those who may read the
document (``can_view_document``): a guest does not find documents not marked for guests, a member
does not find a confidential document that does not name them, the archivist does not find
confidential documents — on the service, the JSON API and the /archive page."""

import io
import json

import pytest

from app.auth.services import issue_token
from app.extensions import db
from app.models import SystemRole
from meetings.archive.search import PER_PAGE, ArchiveQuery, search_archive
from meetings.archive.search_index import index_meeting
from meetings.models import MeetingState
from meetings.services.documents import store_document
from tests.conftest import login
from tests.support.factories import create_meeting, create_user
from tests.support.pdfs import make_text_pdf

FOR_MEMBERS = (
    "Phương án tái định cư Hòa An",
    "Phương án bồi thường và tái định cư khu dân cư Hòa An: 48 hộ, năm 2024.",
)
SECRET = ("Kết luận thanh tra kè sông Tiền", "Kết luận thanh tra gói thầu kè sông Tiền: sai phạm 3,2 tỷ đồng năm 2024.")
FOR_GUESTS = ("Sơ đồ chỗ ngồi", "Sơ đồ chỗ ngồi và hướng dẫn khách mời dự họp.")
# words found only in one document, and what must never reach someone who may not read it
ONLY_FOR_MEMBERS = "tai dinh cu hoa an"
ONLY_SECRET = "thanh tra ke song tien"
ONLY_FOR_GUESTS = "so do cho ngoi"
LEAKS = {ONLY_FOR_MEMBERS: ("Hòa An", "tái định cư", "48 hộ"), ONLY_SECRET: ("sông Tiền", "Kết luận", "3,2 tỷ")}


@pytest.fixture
def room(app):
    people = {
        "secretary": create_user("aa-secretary"),
        "chair": create_user("aa-chair"),
        "named": create_user("aa-named"),
        "unnamed": create_user("aa-unnamed"),
        "observer": create_user("aa-khachmoi"),
        "archivist": create_user("aa-archivist", SystemRole.archivist),
        "secretariat": create_user("aa-office", SystemRole.secretariat),
        "outsider": create_user("aa-outsider"),
    }
    meeting = create_meeting(
        {
            people["secretary"]: "secretary",
            people["chair"]: "chair",
            people["named"]: "member",
            people["unnamed"]: "member",
            people["observer"]: "observer",
        },
        title="Phiên họp chuyên đề quý III",
    )

    def upload(title, text, **access):
        return store_document(
            people["secretary"], meeting, io.BytesIO(make_text_pdf(text)), "tai-lieu.pdf", title=title, **access
        )

    documents = {
        "members": upload(*FOR_MEMBERS),
        "secret": upload(*SECRET, confidential=True, recipient_ids=[people["named"].id]),
        "guests": upload(*FOR_GUESTS, observer_visible=True),
    }
    meeting.state = MeetingState.closed
    db.session.flush()
    index_meeting(meeting)  # whatever keeps the index current, the entries are there
    return people, meeting, documents


def found(user, words, page=1):
    return search_archive(user, ArchiveQuery(words=words, page=page))


def document_ids(result):
    return [h.source_id for h in result.hits if h.source.value == "document"]


WHO_FINDS = {
    ONLY_FOR_MEMBERS: {"secretary", "chair", "named", "unnamed", "archivist", "secretariat"},
    ONLY_SECRET: {"secretary", "named", "secretariat"},
    ONLY_FOR_GUESTS: {"secretary", "chair", "named", "unnamed", "observer", "archivist", "secretariat"},
}


@pytest.mark.parametrize("words", list(WHO_FINDS))
def test_each_document_is_found_only_by_those_who_may_read_it(room, words):
    people, meeting, documents = room
    document = {
        ONLY_FOR_MEMBERS: documents["members"],
        ONLY_SECRET: documents["secret"],
        ONLY_FOR_GUESTS: documents["guests"],
    }[words]
    for name, user in people.items():
        result = found(user, words)
        if name in WHO_FINDS[words]:
            assert document_ids(result) == [document.id] and result.total == 1, name
            assert "<mark>" in str(result.hits[0].snippet), name
        else:
            assert result.hits == [] and result.total == 0 and result.pages == 1, name


def test_guest_and_unnamed_member_get_nothing_of_hidden_documents_over_the_api(client, room):
    people, meeting, documents = room
    for name, words in (
        ("observer", ONLY_FOR_MEMBERS),
        ("observer", ONLY_SECRET),
        ("unnamed", ONLY_SECRET),
        ("chair", ONLY_SECRET),
    ):
        _, raw = issue_token(people[name])
        for query in ({"q": words}, {"q": words, "page": "2"}, {"q": words.split()[0]}):
            response = client.get(
                "/api/v1/archive/search", query_string=query, headers={"Authorization": f"Bearer {raw}"}
            )
            data = response.get_json()
            shown = json.dumps(data["hits"], ensure_ascii=False)
            assert response.status_code == 200
            assert all(
                h["source"] != "document" or h["source_id"] not in (documents["members"].id, documents["secret"].id)
                for h in data["hits"]
            ), (name, query)
            for leak in LEAKS[words]:
                assert leak not in shown, (name, query, leak)
            if query["q"] == words:
                assert data["total"] == 0 and data["hits"] == [] and data["pages"] == 1, (name, query)
    # the same words are found by those named on the document
    _, raw = issue_token(people["named"])
    data = client.get(
        "/api/v1/archive/search", query_string={"q": ONLY_SECRET}, headers={"Authorization": f"Bearer {raw}"}
    ).get_json()
    assert data["total"] == 1 and data["hits"][0]["source_id"] == documents["secret"].id
    assert "<mark>sông</mark> <mark>Tiền</mark>" in data["hits"][0]["title_html"]


def test_archivist_page_never_shows_a_confidential_document(client, room):
    people, meeting, documents = room
    login(client, people["archivist"])
    html = client.get("/archive", query_string={"q": ONLY_SECRET}).get_data(as_text=True)
    assert "Không tìm thấy kết quả phù hợp" in html
    assert all(leak not in html for leak in LEAKS[ONLY_SECRET])
    readable = client.get("/archive", query_string={"q": ONLY_FOR_MEMBERS}).get_data(as_text=True)
    assert "<mark>Hòa</mark> <mark>An</mark>" in readable and "48 hộ" in readable
    # words in both documents: only the readable one is shown
    both = client.get("/archive", query_string={"q": "nam 2024"}).get_data(as_text=True)
    assert "tái định cư" in both and "<mark>2024</mark>" in both
    assert all(leak not in both for leak in LEAKS[ONLY_SECRET])
    assert search_archive(people["archivist"], ArchiveQuery(words="nam 2024")).total == 1
    assert search_archive(people["secretary"], ArchiveQuery(words="nam 2024")).total == 2


def test_counts_and_pages_leave_hidden_documents_out(room):
    people, meeting, documents = room
    meeting.state = MeetingState.published  # documents go in before the meeting closes
    db.session.flush()
    for n in range(PER_PAGE + 1):
        store_document(
            people["secretary"],
            meeting,
            io.BytesIO(make_text_pdf(f"Phụ lục mật số {n}: số liệu rừng tràm.")),
            "phu-luc.pdf",
            title=f"Phụ lục mật {n}",
            confidential=True,
            recipient_ids=[people["named"].id],
        )
    store_document(
        people["secretary"],
        meeting,
        io.BytesIO(make_text_pdf("Rừng tràm Gáo Giồng: bản đồ.")),
        "ban-do.pdf",
        title="Bản đồ rừng tràm",
        observer_visible=True,
    )
    meeting.state = MeetingState.closed
    db.session.flush()
    index_meeting(meeting)
    named = [found(people["named"], "rung tram", page) for page in (1, 2)]
    assert named[0].total == PER_PAGE + 2 and named[0].pages == 2
    assert len(named[0].hits) == PER_PAGE and len(named[1].hits) == 2
    for name in ("observer", "unnamed", "archivist", "chair"):
        first, second = found(people[name], "rung tram"), found(people[name], "rung tram", 2)
        assert first.total == 1 and first.pages == 1 and second.hits == [], name
        assert [str(h.title) for h in first.hits] == ["Bản đồ <mark>rừng</mark> <mark>tràm</mark>"], name
        assert "mật" not in str(first.hits[0].snippet).lower(), name


def test_listing_without_words_and_filter_choices_show_meetings_only(client, room):
    people, meeting, documents = room
    from meetings.archive.search import archive_filter_choices

    page = search_archive(people["observer"], ArchiveQuery())
    assert [(h.source.value, h.source_id) for h in page.hits] == [("meeting", meeting.id)]
    assert "Hòa An" not in str(page.hits[0].snippet) and "sông Tiền" not in str(page.hits[0].snippet)
    bodies, members = archive_filter_choices(people["observer"])
    assert bodies == [meeting.host_body] and people["observer"] in members
    assert archive_filter_choices(people["outsider"]) == ([], [])
