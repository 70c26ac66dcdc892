"""The access log page: administrators and archivists only; filters by user, meeting, action and
Vietnam calendar day; pagination."""

from datetime import UTC, datetime, timedelta

import pytest

from app.errors import PermissionDenied
from app.extensions import db
from app.models import SystemRole
from meetings.models import AccessAction, AccessLog
from meetings.services.documents import list_access_logs
from tests.conftest import login
from tests.support.factories import create_document, create_meeting, create_user


@pytest.fixture
def logged(app):
    secretary, member = create_user(full_name="Lê Hoàng Nam"), create_user(full_name="Võ Thị Hoa")
    meeting = create_meeting({secretary: "secretary", member: "member"}, title="Phiên họp tháng Mười Một")
    other = create_meeting({secretary: "secretary"}, title="Phiên họp chuyên đề")
    document = create_document(meeting, secretary, pages=1, title="Báo cáo quý")
    create_document(other, secretary, pages=1, title="Dự toán")
    return secretary, member, meeting, other, document


@pytest.mark.parametrize(
    "role,status",
    [(SystemRole.admin, 200), (SystemRole.archivist, 200), (SystemRole.secretariat, 403), (SystemRole.member, 403)],
)
def test_who_reads_the_audit_page(app, logged, role, status):
    client = app.test_client()
    login(client, create_user(role=role))
    response = client.get("/audit", headers={"Accept": "text/html"})
    assert response.status_code == status
    if status == 200:
        html = response.get_data(as_text=True)
        assert "Nhật ký truy cập tài liệu" in html and "Báo cáo quý" in html and "Tải lên" in html
        assert "Nhật ký truy cập" in html.split("<main>")[0]  # in the navigation bar
    else:
        assert "Báo cáo quý" not in response.get_data(as_text=True)


def test_anonymous_is_sent_to_login(app):
    response = app.test_client().get("/audit")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_downloads_show_up_with_who_and_where(app, logged):
    _secretary, member, meeting, _other, document = logged
    reader = app.test_client()
    login(reader, member)
    assert reader.get(f"/documents/{document.id}/download").status_code == 200
    admin = app.test_client()
    login(admin, create_user(role=SystemRole.admin))
    html = admin.get(f"/audit?user_id={member.id}").get_data(as_text=True)
    assert html.count('class="audit-row"') == 1
    assert "Võ Thị Hoa" in html and "Tải xuống" in html and "127.0.0.1" in html and "Báo cáo quý" in html
    assert "1 lượt truy cập" in html


def test_filters_and_pages(app, logged):
    secretary, member, meeting, other, document = logged
    archivist = create_user(role=SystemRole.archivist)
    base = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam
    for n in range(120):
        db.session.add(
            AccessLog(
                user_id=member.id,
                meeting_id=meeting.id,
                document_id=document.id,
                document_title=document.title,
                document_version=1,
                action=AccessAction.open,
                created_at=base + timedelta(hours=n),
                ip_address="10.0.0.5",
                user_agent="iPad",
            )
        )
    db.session.flush()
    page = list_access_logs(archivist, meeting_id=meeting.id, action=AccessAction.open, per_page=50)
    assert page.total == 120 and page.pages == 3 and len(page.items) == 50
    assert page.items[0].created_at > page.items[-1].created_at  # newest first
    day = list_access_logs(archivist, user_id=member.id, date_from=base.date(), date_to=base.date())
    assert day.total == 14  # 10:00–23:00 on 10/03 Vietnam time
    assert list_access_logs(archivist, meeting_id=other.id).total == 1  # the upload
    with pytest.raises(PermissionDenied):
        list_access_logs(secretary)

    client = app.test_client()
    login(client, archivist)
    html = client.get(f"/audit?meeting_id={meeting.id}&action=open&page=3").get_data(as_text=True)
    assert html.count('class="audit-row"') == 20 and "Trang 3 / 3" in html and "Trang trước" in html
    assert f"meeting_id={meeting.id}" in html  # links keep the filters
    html = client.get("/audit?date_from=2026-03-11&date_to=2026-03-11&action=open").get_data(as_text=True)
    assert html.count('class="audit-row"') == 24
    bad = client.get("/audit?date_from=11/03/2026", headers={"Accept": "text/html"})
    assert bad.status_code == 400 and "Ngày không hợp lệ" in bad.get_data(as_text=True)
    assert client.get("/audit?user_id=abc").status_code == 400
