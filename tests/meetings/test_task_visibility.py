"""Tasks carry a meeting's conclusions, which are part of its minutes: the task pages show a
meeting's tasks to those who may read its minutes (MINUTES_VIEW — observers may not), and to
anyone only the tasks assigned to them."""

from __future__ import annotations

from datetime import date

import pytest

from app.models import SystemRole
from meetings.models import MeetingMember, MeetingRole, MeetingState
from meetings.services.tasks import create_task, meeting_tasks, task_board
from tests.conftest import login
from tests.support.factories import create_meeting, create_user

SECRET = "Kết luận: tạm dừng thu hồi đất khu dân cư Mỹ Thọ"


@pytest.fixture
def closed(app):
    from app.extensions import db

    secretary, member, guest = create_user(role=SystemRole.secretariat), create_user(), create_user()
    outsider = create_user()
    meeting = create_meeting({secretary: "secretary", member: "member", guest: "observer"}, state=MeetingState.closed)
    confidential = create_task(
        secretary,
        meeting,
        title="Rà soát phương án bồi thường",
        conclusion=SECRET,
        assignee_unit="Phòng Tài nguyên và Môi trường",
        deadline=date(2099, 1, 31),
    )
    for_guest = create_task(
        secretary,
        meeting,
        title="Gửi số liệu khảo sát",
        conclusion="Khách mời gửi số liệu",
        assignee=guest,
        deadline=date(2099, 2, 28),
    )
    for_outsider = create_task(secretary, meeting, title="Lập dự toán", assignee=outsider, deadline=date(2099, 3, 31))
    db.session.flush()
    return (
        meeting,
        {"secretary": secretary, "member": member, "guest": guest, "outsider": outsider},
        (confidential, for_guest, for_outsider),
    )


def test_observers_see_only_their_own_tasks(closed):
    meeting, people, (confidential, for_guest, for_outsider) = closed
    assert meeting_tasks(people["guest"], meeting) == [for_guest]
    assert set(meeting_tasks(people["member"], meeting)) == {confidential, for_guest, for_outsider}
    board = task_board(people["guest"], today=date(2098, 1, 1))
    assert board.open == [for_guest]
    assert set(task_board(people["member"], today=date(2098, 1, 1)).open) == {confidential, for_guest, for_outsider}
    assert task_board(people["outsider"], today=date(2098, 1, 1)).open == [for_outsider]


def test_the_task_pages_do_not_show_an_observer_the_conclusions(client, closed):
    meeting, people, _tasks = closed
    login(client, people["guest"])
    for page in (f"/meetings/{meeting.id}/tasks", "/tasks"):
        html = client.get(page).get_data(as_text=True)
        assert "Gửi số liệu khảo sát" in html, page
        assert SECRET not in html and "Rà soát phương án bồi thường" not in html and "Lập dự toán" not in html, page
    client.post("/logout")
    login(client, people["member"])
    html = client.get(f"/meetings/{meeting.id}/tasks").get_data(as_text=True)
    assert SECRET in html and "Lập dự toán" in html


def test_an_observer_who_becomes_a_member_sees_them(closed):
    from app.extensions import db

    meeting, people, tasks = closed
    row = db.session.query(MeetingMember).filter_by(meeting_id=meeting.id, user_id=people["guest"].id).one()
    row.role = MeetingRole.member
    db.session.flush()
    assert set(meeting_tasks(people["guest"], meeting)) == set(tasks)
