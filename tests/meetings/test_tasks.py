"""Conclusions → tasks: who may assign and complete, overdue in Vietnam days, the dashboard."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.errors import NotFound, PermissionDenied, ValidationError
from app.extensions import db
from app.models import SystemRole
from meetings.models import MeetingState, Task, TaskStatus
from meetings.services.tasks import complete_task, create_task, is_overdue, task_board, today_local, update_task
from tests.conftest import login
from tests.support.factories import create_meeting, create_user

PAST = datetime(2020, 3, 26, 0, 30, tzinfo=UTC)


@pytest.fixture
def setup(app):
    people = {
        "secretary": create_user("t-sec", SystemRole.secretariat),
        "chair": create_user("t-chair"),
        "member": create_user("t-member"),
        "assignee": create_user("t-assignee", unit="Phòng Nội vụ"),
        "outsider": create_user("t-outsider"),
        "office": create_user("t-office", SystemRole.secretariat),
        "archivist": create_user("t-arch", SystemRole.archivist),
        "admin": create_user("t-admin", SystemRole.admin),
    }
    meeting = create_meeting(
        {people["secretary"]: "secretary", people["chair"]: "chair", people["member"]: "member"},
        state=MeetingState.closed,
        starts_at=PAST,
        items=2,
    )
    return people, meeting


def _task(people, meeting, **kw):
    data = dict(
        title="Báo cáo kết quả kiểm tra cải cách hành chính", assignee_unit="Phòng Nội vụ", deadline=date(2020, 6, 30)
    )
    data.update(kw)
    return create_task(people["secretary"], meeting, **data)


def test_secretary_assigns_a_task_from_a_conclusion(setup):
    people, meeting = setup
    item = meeting.agenda_items[0]
    task = _task(
        people,
        meeting,
        assignee=people["assignee"],
        agenda_item=item,
        conclusion="Kết luận số 1",
        deadline="2020-06-30",
    )
    assert task.status == TaskStatus.open and task.deadline == date(2020, 6, 30)
    assert task.agenda_item_id == item.id and task.created_by_id == people["secretary"].id
    assert task.assignee_label == f"Phòng Nội vụ – {people['assignee'].full_name}"


@pytest.mark.parametrize(
    "who,error",
    [
        ("chair", PermissionDenied),
        ("member", PermissionDenied),
        ("archivist", PermissionDenied),
        ("outsider", NotFound),
    ],
)
def test_only_those_editing_the_minutes_assign(setup, who, error):
    people, meeting = setup
    with pytest.raises(error):
        create_task(people[who], meeting, title="x", assignee_unit="y", deadline=date(2020, 6, 30))
    assert _task(people, meeting).id  # the secretary may
    assert create_task(
        people["office"], meeting, title="Từ văn phòng", assignee_unit="Phòng Y tế", deadline=date(2020, 5, 1)
    ).id  # and the secretariat


@pytest.mark.parametrize(
    "data,message",
    [
        ({"title": "   "}, "Nhập nội dung nhiệm vụ"),
        ({"assignee_unit": ""}, "Chọn đơn vị hoặc người"),
        ({"deadline": "30/06/2020"}, "Hạn hoàn thành không hợp lệ"),
        ({"deadline": date(2020, 3, 1)}, "không thể trước ngày họp"),
        ({"title": "x" * 501}, "quá dài"),
    ],
)
def test_bad_task_input(setup, data, message):
    people, meeting = setup
    with pytest.raises(ValidationError) as exc:
        _task(people, meeting, **data)
    assert message in str(exc.value.message)
    assert db.session.scalar(sa.select(sa.func.count(Task.id))) == 0


def test_agenda_item_of_another_meeting_is_refused(setup):
    people, meeting = setup
    other = create_meeting({people["secretary"]: "secretary"}, items=1)
    with pytest.raises(ValidationError):
        _task(people, meeting, agenda_item=other.agenda_items[0])


def test_assignee_or_secretariat_complete(setup):
    people, meeting = setup
    task = _task(people, meeting, assignee=people["assignee"])
    with pytest.raises(PermissionDenied):
        complete_task(people["member"], task)
    with pytest.raises(NotFound):
        complete_task(people["outsider"], task)
    complete_task(people["assignee"], task, note="Đã gửi báo cáo")
    assert task.status == TaskStatus.done and task.done_at is not None and task.done_note == "Đã gửi báo cáo"
    with pytest.raises(ValidationError) as exc:
        complete_task(people["secretary"], task)
    assert exc.value.status_code == 409
    second = _task(people, meeting)
    complete_task(people["office"], second)
    assert second.status == TaskStatus.done


def test_update_task(setup):
    people, meeting = setup
    task = _task(people, meeting)
    update_task(people["secretary"], task, deadline="2020-07-15", title="Báo cáo bổ sung")
    assert task.deadline == date(2020, 7, 15) and task.title == "Báo cáo bổ sung"
    assert task.assignee_unit == "Phòng Nội vụ"
    with pytest.raises(PermissionDenied):
        update_task(people["chair"], task, title="khác")


def test_overdue_counts_in_vietnam_days(setup):
    people, meeting = setup
    task = _task(people, meeting, deadline=date(2020, 6, 30))
    # 30 June 17:30 UTC is already 1 July 00:30 in Vietnam: the deadline day has passed
    assert today_local(datetime(2020, 6, 30, 17, 30, tzinfo=UTC)) == date(2020, 7, 1)
    assert today_local(datetime(2020, 6, 30, 16, 59, tzinfo=UTC)) == date(2020, 6, 30)
    assert not is_overdue(task, date(2020, 6, 30))
    assert is_overdue(task, date(2020, 7, 1))
    task.status, task.done_at = TaskStatus.done, datetime(2020, 6, 30, 16, 0, tzinfo=UTC)  # 23:00 VN
    assert not is_overdue(task, date(2021, 1, 1))
    task.done_at = datetime(2020, 6, 30, 17, 30, tzinfo=UTC)  # 00:30 on 1 July in Vietnam
    assert is_overdue(task, date(2021, 1, 1))


def test_dashboard_counts_and_unit_filter(setup):
    people, meeting = setup
    today = date(2020, 7, 1)
    _task(people, meeting, deadline=date(2020, 6, 30))  # overdue
    _task(people, meeting, deadline=date(2020, 7, 1), assignee_unit="Phòng Y tế")  # due today: open
    done = _task(people, meeting, deadline=date(2020, 5, 1), assignee_unit="Phòng Y tế")
    complete_task(people["secretary"], done)  # done (late)
    board = task_board(people["chair"], today=today)
    assert (len(board.open), len(board.overdue), len(board.done), board.done_late) == (1, 1, 1, 1)
    assert board.units == ["Phòng Nội vụ", "Phòng Y tế"]
    health = task_board(people["chair"], unit="Phòng Y tế", today=today)
    assert (len(health.open), len(health.overdue), len(health.done)) == (1, 0, 1)
    assert task_board(people["outsider"], today=today).overdue == []
    with pytest.raises(PermissionDenied):
        task_board(people["admin"])


def test_assignee_outside_the_meeting_sees_their_task(setup):
    people, meeting = setup
    task = _task(people, meeting, assignee=people["assignee"], deadline=date(2020, 6, 30))
    board = task_board(people["assignee"], today=date(2020, 6, 1))
    assert board.open == [task]


def test_dashboard_page(client, setup):
    people, meeting = setup
    far = today_local() + timedelta(days=10)
    _task(people, meeting, deadline=far, title="Nhiệm vụ còn hạn")
    login(client, people["chair"])
    html = client.get("/tasks").get_data(as_text=True)
    assert "Theo dõi nhiệm vụ" in html and "Nhiệm vụ còn hạn" in html
    assert "Không có nhiệm vụ trễ hạn" in html and 'data-testid="count-open">1<' in html
    late = _task(people, meeting, deadline=date(2020, 6, 30), title="Nhiệm vụ quá hạn <b>")
    html = client.get("/tasks").get_data(as_text=True)
    assert 'data-testid="no-overdue"' not in html and 'data-testid="count-overdue">1<' in html
    assert "Trễ hạn" in html and "Nhiệm vụ quá hạn &lt;b&gt;" in html
    filtered = client.get("/tasks", query_string={"unit": "Phòng Y tế"}).get_data(as_text=True)
    assert "Nhiệm vụ còn hạn" not in filtered
    assert late.id
    assert "Giao nhiệm vụ theo kết luận" not in html  # the chair does not edit the minutes
    client.post("/logout")
    login(client, people["secretary"])
    html = client.get("/tasks").get_data(as_text=True)
    assert "Giao nhiệm vụ theo kết luận" in html and f'href="/meetings/{meeting.id}/tasks"' in html


def test_assign_and_complete_through_the_pages(client, setup):
    people, meeting = setup
    login(client, people["secretary"])
    page = client.get(f"/meetings/{meeting.id}/tasks").get_data(as_text=True)
    assert "Giao nhiệm vụ" in page
    bad = client.post(
        f"/meetings/{meeting.id}/tasks",
        data={"title": "Rà soát", "assignee_unit": "Phòng Nội vụ", "deadline": "không phải ngày"},
    )
    assert bad.status_code == 400 and "Hạn hoàn thành không hợp lệ" in bad.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Task.id))) == 0
    response = client.post(
        f"/meetings/{meeting.id}/tasks",
        data={
            "title": "Rà soát hồ sơ đất đai",
            "assignee_unit": "Phòng Tài nguyên và Môi trường",
            "assignee_id": str(people["assignee"].id),
            "agenda_item_id": str(meeting.agenda_items[1].id),
            "deadline": "2020-06-30",
            "conclusion": "Chủ tịch kết luận",
        },
    )
    assert response.status_code == 302
    task = db.session.scalar(sa.select(Task).where(Task.meeting_id == meeting.id))
    assert task.title == "Rà soát hồ sơ đất đai" and task.assignee_id == people["assignee"].id
    client.post("/logout")
    login(client, people["member"])
    assert client.post(f"/meetings/{meeting.id}/tasks", data={"title": "x"}).status_code == 403
    assert client.post(f"/tasks/{task.id}/complete").status_code == 403
    assert "Giao nhiệm vụ</h2>" not in client.get(f"/meetings/{meeting.id}/tasks").get_data(as_text=True)
    client.post("/logout")
    login(client, people["outsider"])
    assert client.get(f"/meetings/{meeting.id}/tasks").status_code == 404
    assert client.post(f"/tasks/{task.id}/complete").status_code == 404
    assert client.post("/tasks/999999/complete").status_code == 404
    client.post("/logout")
    login(client, people["assignee"])
    assert client.post(f"/tasks/{task.id}/complete", data={"note": "Xong"}).status_code == 302
    db.session.refresh(task)
    assert task.status == TaskStatus.done


def test_nav_link_for_those_who_track_tasks(client, setup):
    people, _ = setup
    login(client, people["member"])
    assert 'href="/tasks"' in client.get("/meetings/mine").get_data(as_text=True)
    client.post("/logout")
    login(client, people["admin"])
    assert client.get("/tasks").status_code == 403
