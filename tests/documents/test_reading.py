"""Read/unread state per document, derived from the access log: the service (one query per
meeting, whatever the number of documents), the meeting page, the member's list of meetings, the
tablet viewer and the JSON API — and a document hidden from someone is never shown nor counted."""

import io
import re

import pytest
import sqlalchemy as sa

from app.auth.services import issue_token
from app.extensions import db
from meetings.models import AccessAction
from meetings.services.documents import record_access, replace_document, set_document_access
from meetings.services.documents.reading import ReadingSummary, ReadState, read_states, reading_summary
from tests.conftest import login
from tests.support.factories import create_document, create_meeting, create_user
from tests.support.pdfs import make_pdf

UNREAD, READ, OUTDATED = ReadState.unread, ReadState.read, ReadState.outdated


@pytest.fixture
def room(app):
    """A published meeting: two public documents, one confidential for ``named`` only, one for observers."""
    secretary = create_user(full_name="Lê Hoàng Nam")
    member = create_user(full_name="Nguyễn Văn Bình")
    named = create_user(full_name="Trần Thị Mai")
    observer = create_user(full_name="Phạm Quốc Khách")
    meeting = create_meeting(
        {secretary: "secretary", member: "member", named: "member", observer: "observer"},
        items=2,
        title="Phiên họp thường kỳ tháng 12",
    )
    first, second = meeting.agenda_items
    docs = {
        "plan": create_document(meeting, secretary, pages=2, agenda_item=first, title="Kế hoạch chuyển đổi số"),
        "report": create_document(meeting, secretary, pages=1, agenda_item=second, title="Báo cáo kinh tế - xã hội"),
        "secret": create_document(meeting, secretary, pages=1, agenda_item=second, title="Phương án nhân sự mật"),
        "guests": create_document(meeting, secretary, pages=1, agenda_item=first, title="Giấy mời khách"),
    }
    set_document_access(secretary, docs["secret"], confidential=True, observer_visible=False, recipient_ids=[named.id])
    set_document_access(secretary, docs["guests"], confidential=False, observer_visible=True)
    db.session.flush()
    people = {"secretary": secretary, "member": member, "named": named, "observer": observer}
    return meeting, docs, people


def _states(user, meeting, docs) -> dict[str, ReadState]:
    by_id = {d.id: name for name, d in docs.items()}
    return {by_id[i]: state for i, state in read_states(user, meeting).items()}


def _replace(docs, name, secretary):
    replace_document(secretary, docs[name], io.BytesIO(make_pdf(2)), "moi.pdf")
    db.session.flush()


# -- the service ---------------------------------------------------------------------------------------
def test_opening_reads_replacing_outdates_and_only_ones_own_reading_counts(room):
    meeting, docs, p = room
    member, secretary = p["member"], p["secretary"]
    assert _states(member, meeting, docs) == {"plan": UNREAD, "report": UNREAD, "guests": UNREAD}
    # the uploader has read what they put there; someone else's reading is not mine
    assert _states(secretary, meeting, docs)["plan"] is READ
    record_access(p["named"], docs["plan"], AccessAction.open)
    assert _states(member, meeting, docs)["plan"] is UNREAD

    record_access(member, docs["plan"], AccessAction.open)
    record_access(member, docs["report"], AccessAction.download)
    assert _states(member, meeting, docs) == {"plan": READ, "report": READ, "guests": UNREAD}
    assert reading_summary(member, meeting) == ReadingSummary(total=3, read=2, outdated=0)

    _replace(docs, "plan", secretary)
    assert docs["plan"].version == 2
    assert _states(member, meeting, docs)["plan"] is OUTDATED
    summary = reading_summary(member, meeting)
    assert (summary.total, summary.read, summary.outdated, summary.unread) == (3, 1, 1, 1)
    record_access(member, docs["plan"], AccessAction.open)  # reads version 2
    assert _states(member, meeting, docs)["plan"] is READ


def test_reading_an_old_version_does_not_read_the_new_one(room):
    meeting, docs, p = room
    _replace(docs, "report", p["secretary"])
    record_access(p["member"], docs["report"], AccessAction.open, version=1)
    assert _states(p["member"], meeting, docs)["report"] is OUTDATED
    assert _states(p["secretary"], meeting, docs)["report"] is READ  # who replaced it has its new version


def test_hidden_documents_are_neither_listed_nor_counted(room):
    meeting, docs, p = room
    for who in ("member", "named", "observer"):
        record_access(p[who], docs["secret"], AccessAction.open)  # even a stray log row reveals nothing
    assert set(_states(p["member"], meeting, docs)) == {"plan", "report", "guests"}
    assert set(_states(p["named"], meeting, docs)) == {"plan", "report", "guests", "secret"}
    assert _states(p["named"], meeting, docs)["secret"] is READ
    assert set(_states(p["observer"], meeting, docs)) == {"guests"}
    assert reading_summary(p["member"], meeting).total == 3 and reading_summary(p["member"], meeting).read == 0
    assert reading_summary(p["observer"], meeting).total == 1
    outsider = create_user()
    assert read_states(outsider, meeting) == {} and reading_summary(outsider, meeting).total == 0


def test_other_meetings_do_not_leak_in(room):
    meeting, docs, p = room
    other = create_meeting({p["member"]: "member", p["secretary"]: "secretary"}, items=1)
    elsewhere = create_document(other, p["secretary"], pages=1, agenda_item=other.agenda_items[0])
    record_access(p["member"], elsewhere, AccessAction.open)
    assert set(read_states(p["member"], meeting)) == {docs["plan"].id, docs["report"].id, docs["guests"].id}
    assert read_states(p["member"], other) == {elsewhere.id: READ}


def test_one_query_for_the_reading_of_a_whole_meeting(app, room):
    meeting, docs, p = room

    def queries() -> list[str]:
        db.session.expire_all()
        statements = []
        engine = db.engine

        def count(_conn, _cursor, statement, *_args):
            statements.append(statement)

        sa.event.listen(engine, "before_cursor_execute", count)
        try:
            read_states(p["member"], meeting)
        finally:
            sa.event.remove(engine, "before_cursor_execute", count)
        return statements

    few = queries()
    for n in range(6):
        doc = create_document(
            meeting, p["secretary"], pages=1, agenda_item=meeting.agenda_items[0], title=f"Phụ lục {n}"
        )
        record_access(p["member"], doc, AccessAction.open)
    db.session.flush()
    many = queries()
    assert len(many) == len(few) <= 6, many  # the same handful of statements for 3 or 9 documents
    assert [q for q in many if "access_logs" in q] == [q for q in few if "access_logs" in q]
    assert len([q for q in many if "access_logs" in q]) == 1


# -- pages ---------------------------------------------------------------------------------------------
def _page_states(html: str) -> dict[int, str]:
    """Document id → the read-state badge's text, from the meeting page."""
    found = {}
    for match in re.finditer(
        r'<li class="document" data-document-id="(\d+)" data-read-state="(\w+)">(.*?)</li>', html, re.S
    ):
        badge = re.search(r'data-testid="read-state">([^<]+)<', match.group(3))
        found[int(match.group(1))] = (match.group(2), badge.group(1))
    return found


def test_meeting_page_shows_each_documents_read_state(app, room):
    meeting, docs, p = room
    client = app.test_client()
    login(client, p["member"])
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert _page_states(html) == {docs[n].id: ("unread", "Chưa đọc") for n in ("plan", "report", "guests")}
    assert "Phương án nhân sự mật" not in html

    viewed = client.get(f"/documents/{docs['plan'].id}/view")
    assert viewed.status_code == 200 and viewed.mimetype == "application/pdf"
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert _page_states(html)[docs["plan"].id] == ("read", "Đã đọc")
    assert _page_states(html)[docs["report"].id] == ("unread", "Chưa đọc")

    _replace(docs, "plan", p["secretary"])
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert _page_states(html)[docs["plan"].id] == ("outdated", "Có phiên bản mới")


def _summary(html: str, meeting) -> str:
    block = re.search(
        rf'<li class="meeting" data-meeting-id="{meeting.id}">(.*?)</li>\s*(?:<li class="meeting"|</ul>)', html, re.S
    ).group(1)
    return " ".join(re.search(r'data-testid="reading-summary">(.*?)</p>', block, re.S).group(1).split())


def test_my_meetings_counts_only_what_i_may_read(app, room):
    meeting, docs, p = room
    record_access(p["member"], docs["report"], AccessAction.open)
    record_access(p["member"], docs["secret"], AccessAction.open)  # not theirs: never counted
    record_access(p["named"], docs["secret"], AccessAction.download)
    empty = create_meeting({p["member"]: "member"}, title="Phiên họp chưa có tài liệu")
    db.session.flush()
    client = app.test_client()
    login(client, p["member"])
    html = client.get("/meetings/mine").get_data(as_text=True)
    assert _summary(html, meeting) == "Đã đọc 1/3 tài liệu"
    assert _summary(html, empty) == "Chưa có tài liệu."

    _replace(docs, "report", p["secretary"])
    html = client.get("/meetings/mine").get_data(as_text=True)
    assert _summary(html, meeting) == "Đã đọc 0/3 tài liệu · 1 tài liệu có phiên bản mới"

    for who, expected in (("named", "Đã đọc 1/4 tài liệu"), ("observer", "Đã đọc 0/1 tài liệu")):
        client.post("/logout")
        login(client, p[who])
        assert _summary(client.get("/meetings/mine").get_data(as_text=True), meeting) == expected


def test_reading_on_the_tablet_counts(app, room):
    """The tablet viewer loads each document from the same watermarked ``view`` URL, so it is logged."""
    import json
    from html import unescape

    meeting, docs, p = room
    client = app.test_client()
    login(client, p["member"])
    page = client.get(f"/meetings/{meeting.id}/live").get_data(as_text=True)
    config = json.loads(unescape(re.search(r'data-config="([^"]*)"', page).group(1)))
    assert str(docs["secret"].id) not in config["documents"]
    url = config["documents"][str(docs["report"].id)]["url"]
    assert client.get(url).status_code == 200
    assert _states(p["member"], meeting, docs) == {"plan": UNREAD, "report": READ, "guests": UNREAD}


# -- the JSON API --------------------------------------------------------------------------------------
def test_api_lists_the_callers_read_state(app, room):
    meeting, docs, p = room
    headers = {"Authorization": f"Bearer {issue_token(p['member'])[1]}"}
    client = app.test_client()

    def listed():
        documents = client.get(f"/api/v1/meetings/{meeting.id}/documents", headers=headers).get_json()["documents"]
        agenda = client.get(f"/api/v1/meetings/{meeting.id}/agenda", headers=headers).get_json()["agenda"]
        in_agenda = {d["id"]: d["read_state"] for item in agenda for d in item["documents"]}
        assert in_agenda == {d["id"]: d["read_state"] for d in documents}
        return {d["id"]: d["read_state"] for d in documents}

    assert listed() == {docs[n].id: "unread" for n in ("plan", "report", "guests")}
    download = client.get(f"/api/v1/documents/{docs['guests'].id}/download", headers=headers)
    assert download.status_code == 200
    _replace(docs, "plan", p["secretary"])
    record_access(p["member"], docs["plan"], AccessAction.open, version=1)
    assert listed() == {docs["plan"].id: "outdated", docs["report"].id: "unread", docs["guests"].id: "read"}
    detail = client.get(f"/api/v1/documents/{docs['guests'].id}", headers=headers).get_json()
    assert detail["read_state"] == "read"


def test_meeting_page_asks_the_access_log_once_whatever_the_number_of_documents(app, room):
    meeting, docs, p = room
    for n in range(5):
        create_document(meeting, p["secretary"], pages=1, agenda_item=meeting.agenda_items[n % 2], title=f"Phụ lục {n}")
    db.session.flush()
    client = app.test_client()
    login(client, p["member"])
    statements = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", seen)
    try:
        html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", seen)
    assert html.count('data-testid="read-state">Chưa đọc<') == 8
    assert len([s for s in statements if "access_logs" in s]) == 1
