"""Demo follow-up of the closed March 2020 meeting: the tasks its conclusions assigned (all done on
time but one still running, so the district keeps "no overdue dossiers"), then the archive's
search index over all demo meetings. Called once at the end of ``demo.seed.seed_demo``;
flushes, never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from app.extensions import db
from meetings.models import Meeting, MeetingState, Task
from meetings.services.tasks import LOCAL_TZ, complete_task, create_task, today_local

PAST_TITLE = "Phiên họp thường kỳ tháng 3 năm 2020 của UBND huyện Cao Lãnh"


@dataclass(frozen=True)
class TaskSpec:
    agenda_index: int
    conclusion: str
    title: str
    unit: str
    assignee: str | None
    deadline: date | None  # None: a standing duty, due with the next quarterly report (still running)
    done_on: date | None = None


TASKS: tuple[TaskSpec, ...] = (
    TaskSpec(
        0,
        "Tập trung tiêu thụ xoài vụ Đông Xuân, hỗ trợ nông dân kết nối doanh nghiệp.",
        "Phối hợp các xã vùng xoài kết nối tiêu thụ, báo cáo sản lượng xoài vụ Đông Xuân 2019 – 2020",
        "Phòng Nông nghiệp và Phát triển nông thôn",
        None,
        date(2020, 4, 30),
        date(2020, 4, 27),
    ),
    TaskSpec(
        0,
        "Đẩy nhanh tiến độ giải ngân vốn đầu tư công năm 2020.",
        "Rà soát, đẩy nhanh giải ngân vốn đầu tư công; báo cáo tiến độ từng công trình",
        "Phòng Tài chính – Kế hoạch",
        "uyvien3",
        date(2020, 6, 30),
        date(2020, 6, 26),
    ),
    TaskSpec(
        1,
        "Thống nhất Kế hoạch kiểm tra công tác cải cách hành chính năm 2020.",
        "Kiểm tra công tác cải cách hành chính tại 02 phòng chuyên môn, 05 xã và thị trấn Mỹ Thọ",
        "Phòng Nội vụ",
        "uyvien1",
        date(2020, 9, 30),
        date(2020, 9, 18),
    ),
    TaskSpec(
        2,
        "Thực hiện nghiêm các biện pháp phòng, chống dịch bệnh Covid-19.",
        "Triển khai các biện pháp phòng, chống dịch bệnh Covid-19 tại trụ sở và bộ phận một cửa",
        "Văn phòng HĐND và UBND huyện Cao Lãnh",
        "thuky",
        date(2020, 4, 10),
        date(2020, 4, 8),
    ),
    TaskSpec(
        2,
        "Duy trì kết quả không có hồ sơ thủ tục hành chính trễ hạn ở cả hai cấp.",
        "Theo dõi, đôn đốc giải quyết hồ sơ thủ tục hành chính đúng hạn; báo cáo định kỳ hằng quý",
        "Văn phòng HĐND và UBND huyện Cao Lãnh",
        "thuky",
        None,
    ),
)


def next_quarterly_report(today: date) -> date:
    """The last day of the running quarter, or of the next one when fewer than 14 days are left:
    when a duty "reported every quarter" is next due, whatever year the demo is run in."""
    for months_ahead in (0, 3):
        month = (today.month - 1) // 3 * 3 + 3 + months_ahead  # the quarter's last month, maybe past 12
        year, month = today.year + (month - 1) // 12, (month - 1) % 12 + 1
        end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        if end - today >= timedelta(days=14):
            return end
    raise AssertionError("unreachable: a quarter is longer than 14 days")


def seed_demo_tasks(users: dict) -> list[Task]:
    meeting = db.session.scalar(
        sa.select(Meeting).where(Meeting.title == PAST_TITLE, Meeting.state == MeetingState.closed)
    )
    if meeting is None or db.session.scalar(sa.select(Task.id).where(Task.meeting_id == meeting.id)):
        return []
    secretary = users["thuky"]
    items = list(meeting.agenda_items)
    tasks = []
    for spec in TASKS:
        task = create_task(
            secretary,
            meeting,
            title=spec.title,
            conclusion=spec.conclusion,
            assignee_unit=spec.unit,
            assignee=users[spec.assignee] if spec.assignee else None,
            agenda_item=items[spec.agenda_index],
            deadline=spec.deadline or next_quarterly_report(today_local()),
        )
        if spec.done_on:
            complete_task(secretary, task, note="Đã hoàn thành, có báo cáo kết quả.")
            task.done_at = datetime.combine(spec.done_on, time(16, 0), tzinfo=LOCAL_TZ)
        tasks.append(task)
    db.session.flush()
    return tasks


def seed_demo_followups(users: dict) -> None:
    """Tasks of the past meeting, then the search index of every demo meeting."""
    from meetings.archive.search_index import reindex_all

    seed_demo_tasks(users)
    reindex_all()
