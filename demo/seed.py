"""Demo data for a 2026 deployment in Đồng Tháp: UBND xã Mỹ Thọ's people and meetings, and the archive
of the former UBND huyện Cao Lãnh (dissolved on 30/06/2025): people, three meetings, real documents.

``seed_demo(password)`` creates, through the same services and models the product uses:
  * the accounts of ``DEMO_USERS`` (the chair, vice chairs and members of UBND xã Mỹ Thọ, the
    secretary, the archivist, an administrator, a guest and an outsider who belongs to no meeting),
    all with ``password``, and the historical accounts of the district's 2020 members
    (``HISTORICAL_USERS``), deactivated once their 2020 minutes are signed;
  * the next regular meeting of UBND xã Mỹ Thọ, published, a week ahead at 07:30 (Asia/Ho_Chi_Minh), with an agenda
    of five items (two for decision) whose documents (demo/documents/, their content in
    demo/content/) are uploaded to the object store; its members find two unread notifications:
    the invitation and a later change of the agenda;
  * the closed regular meeting of March 2020 of the former UBND huyện Cao Lãnh, with its agenda and documents, held on the floor
    (check-ins, speeches, votes: demo/floor.py) before its minutes are signed (demo/minutes.py);
  * a thematic meeting of UBND xã Mỹ Thọ still in draft, being prepared by the secretary.
It is idempotent (nothing happens if ``chutich`` exists), flushes and never commits: the caller
(``flask demo seed``, the launcher) commits.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.auth.services import create_user
from app.extensions import db
from app.models import User
from app.models.base import utcnow
from demo.ballots import seed_demo_ballots
from demo.bodies import seed_bodies
from demo.ca import issue_demo_credential
from demo.documents import PAST, UPCOMING, documents_for
from demo.documents.period import Period
from demo.floor import PUBLISHED, record_demo_floor
from demo.minutes import sign_demo_minutes
from demo.people import DEMO_LOGINS, DEMO_USERS, HISTORICAL_USERS, OFFICE, PAST_LOGINS, DemoUser  # noqa: F401
from demo.tasks import seed_demo_followups
from documents.models import Document
from meetings.models import (
    AccessLog,
    AgendaItem,
    Meeting,
    MeetingKind,
    MeetingMember,
    MeetingRole,
    MeetingState,
    Notification,
)
from meetings.services.agenda import update_agenda_item
from meetings.services.documents import store_document
from meetings.services.meetings import publish_meeting

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BODY = "UBND xã Mỹ Thọ"  # the upcoming and the draft meetings (2026)
PAST_BODY = "UBND huyện Cao Lãnh"  # the March 2020 meeting: a record of the dissolved district
MAIN_ROOM = "Phòng họp số 1, Trụ sở UBND xã Mỹ Thọ"
SMALL_ROOM = "Phòng họp số 2, Trụ sở UBND xã Mỹ Thọ"
PAST_ROOM = "Phòng họp số 1, Trụ sở UBND huyện Cao Lãnh"
SENTINEL_LOGIN = "chutich"


# -- meetings as data ---------------------------------------------------------------------------
@dataclass(frozen=True)
class AgendaSpec:
    title: str
    minutes: int
    description: str
    presenter: str | None = None  # a login
    presenter_name: str = ""  # for a presenter without an account
    for_decision: bool = False  # the members vote on it (and may send their vote ahead)


def upcoming_agenda(period: Period) -> tuple[AgendaSpec, ...]:
    """The next regular meeting's agenda, speaking of the same period as its documents."""
    return (
        AgendaSpec(
            f"Báo cáo kết quả thực hiện công tác cải cách hành chính {period.reported}; phương hướng, nhiệm vụ "
            f"{period.ahead}",
            30,
            "Văn phòng HĐND và UBND xã trình bày báo cáo. Thành viên thảo luận kết quả giải quyết thủ tục hành "
            "chính tại Trung tâm Phục vụ hành chính công xã sau sắp xếp đơn vị hành chính, dịch vụ công trực "
            "tuyến toàn trình, số hóa hồ sơ và biện pháp khắc phục hồ sơ giải quyết chậm.",
            presenter="uyvien1",
        ),
        AgendaSpec(
            "Dự thảo Kế hoạch tiếp nhận hồ sơ, trả kết quả thủ tục hành chính qua các điểm Bưu điện văn hóa xã "
            "(mở rộng)",
            25,
            "Bưu điện khu vực phối hợp Văn phòng HĐND và UBND xã trình bày dự thảo Kế hoạch đưa việc tiếp nhận hồ "
            "sơ, trả kết quả về gần dân tại các điểm Bưu điện văn hóa xã trên địa bàn. Thành viên góp ý danh mục "
            "thủ tục và thời điểm thực hiện.",
            presenter_name="Trưởng Bưu điện văn hóa xã Mỹ Thọ",
        ),
        AgendaSpec(
            f"Tờ trình thông qua Kế hoạch sử dụng đất năm {period.plan_year} và giải pháp tăng cường quản lý nhà "
            "nước về đất đai",
            30,
            "Phòng Kinh tế trình. Đề nghị thành viên cho ý kiến về chỉ tiêu chuyển mục đích sử dụng đất, danh mục "
            "công trình đầu tư công cần thu hồi đất và giải pháp xử lý vi phạm pháp luật về đất đai trên địa bàn xã.",
            presenter="uyvien2",
            for_decision=True,
        ),
        AgendaSpec(
            f"Kế hoạch ứng dụng e-Cabinet tổ chức phiên họp không giấy, đẩy mạnh dịch vụ công trực tuyến năm "
            f"{period.plan_year}; Tờ trình bổ sung dự toán kinh phí năm {period.budget_year}",
            30,
            "Phòng Kinh tế trình dự toán bổ sung 374 triệu đồng; Văn phòng HĐND và UBND xã báo cáo lộ trình họp "
            "không giấy và kết nối họp trực tuyến với UBND tỉnh. Biểu quyết thông qua dự toán.",
            presenter="uyvien2",
            for_decision=True,
        ),
        AgendaSpec(
            "Thảo luận chung và kết luận của Chủ tịch UBND xã",
            20,
            "Chủ tịch UBND xã kết luận các nội dung; Văn phòng HĐND và UBND xã dự thảo Thông báo kết luận phiên họp.",
            presenter="chutich",
        ),
    )


PAST_AGENDA: tuple[AgendaSpec, ...] = (
    AgendaSpec(
        "Báo cáo tình hình kinh tế – xã hội, quốc phòng – an ninh quý I năm 2020 và nhiệm vụ trọng tâm tháng 4 "
        "năm 2020",
        40,
        "Phòng Tài chính – Kế hoạch trình bày báo cáo; thảo luận sản xuất vụ Đông Xuân, tiêu thụ xoài, thu ngân "
        "sách, giải ngân vốn đầu tư công và phòng, chống dịch bệnh Covid-19.",
        presenter="uyvien3",
        for_decision=True,
    ),
    AgendaSpec(
        "Dự thảo Kế hoạch kiểm tra công tác cải cách hành chính năm 2020",
        20,
        "Phòng Nội vụ trình dự thảo Kế hoạch; thống nhất lịch kiểm tra 02 phòng chuyên môn, 05 xã và thị trấn Mỹ Thọ.",
        presenter="uyvien1",
        for_decision=True,
    ),
    AgendaSpec(
        "Kết luận phiên họp",
        15,
        "Chủ tịch UBND huyện kết luận, giao nhiệm vụ tháng 4 năm 2020 cho các phòng, ban và Ủy ban nhân dân "
        "các xã, thị trấn.",
        presenter="chutich",
    ),
)

BOARD = ("phochutich1", "phochutich2", "uyvien1", "uyvien2", "uyvien3", "uyvien4", "uyvien5")  # xã Mỹ Thọ, 2026
PAST_BOARD = ("phochutich1", "phochutich2", "uyvien1", "uyvien2", "uyvien3")  # huyện Cao Lãnh, 2020 (role keys)


def _budget_agenda(year: int) -> tuple[AgendaSpec, ...]:
    return (
        AgendaSpec(
            f"Báo cáo ước thực hiện thu, chi ngân sách năm {year}",
            30,
            "Phòng Kinh tế báo cáo; tài liệu đang hoàn chỉnh.",
            presenter="uyvien2",
        ),
        AgendaSpec(
            f"Dự thảo dự toán thu, chi ngân sách xã năm {year + 1}",
            45,
            "Phòng Kinh tế trình; các phòng, đơn vị thuộc UBND xã gửi ý kiến trước phiên họp.",
            presenter="uyvien2",
        ),
    )


# -- time ---------------------------------------------------------------------------------------
def local(day: date, hour: int, minute: int = 0) -> datetime:
    """A timezone-aware datetime at the given wall-clock time in Đồng Tháp (Asia/Ho_Chi_Minh)."""
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ)


def next_working_day(day: date) -> date:
    while day.weekday() >= 5:  # Saturday, Sunday
        day += timedelta(days=1)
    return day


def upcoming_meeting_day(now: datetime | None = None) -> date:
    today = (now or utcnow()).astimezone(LOCAL_TZ).date()
    return next_working_day(today + timedelta(days=7))


# -- building blocks ----------------------------------------------------------------------------
def create_demo_users(password: str) -> dict[str, User]:
    """The 2026 accounts and the district's historical ones (``hcl.*``), by login."""
    return {
        spec.login: create_user(
            spec.login, spec.full_name, password, spec.system_role, position=spec.position, unit=spec.unit
        )
        for spec in DEMO_USERS + HISTORICAL_USERS
    }


def past_cast(users: dict[str, User]) -> dict[str, User]:
    """``users`` with the role logins of the 2020 meeting ("chutich", "uyvien1" …) pointing at the
    district's historical accounts: demo/floor.py and demo/tasks.py name roles, and in 2020 those
    roles were held by the people of UBND huyện Cao Lãnh, not by today's xã Mỹ Thọ."""
    return {**users, **{role: users[login] for role, login in PAST_LOGINS.items()}}


def retire_historical_users(users: dict[str, User]) -> None:
    """The district's people no longer hold office: their accounts stay (their names sign the 2020
    records) but cannot log in."""
    for spec in HISTORICAL_USERS:
        users[spec.login].is_active_account = False
    db.session.flush()


def create_meeting(
    users: dict[str, User],
    *,
    title: str,
    kind: MeetingKind,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    members: dict[str, MeetingRole],
    agenda: tuple[AgendaSpec, ...],
    body: str = BODY,
) -> Meeting:
    """A draft meeting with its members and agenda, prepared by the secretary."""
    meeting = Meeting(
        title=title,
        body=body,
        kind=kind,
        state=MeetingState.draft,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        created_by_id=users["thuky"].id,
    )
    for login, role in members.items():
        meeting.members.append(MeetingMember(user=users[login], role=role))
    for position, item in enumerate(agenda):
        meeting.agenda_items.append(
            AgendaItem(
                position=position,
                title=item.title,
                duration_minutes=item.minutes,
                description=item.description,
                presenter=users[item.presenter] if item.presenter else None,
                presenter_name=item.presenter_name,
                for_decision=item.for_decision,
            )
        )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def upload_demo_documents(secretary: User, meeting: Meeting, which: str, day: date | None = None) -> None:
    """Put the meeting's demo PDFs in the object store through the document service (the upcoming
    meeting's are written for its ``day``)."""
    items = list(meeting.agenda_items)
    for doc in documents_for(which, day):
        store_document(
            secretary,
            meeting,
            io.BytesIO(doc.build()),
            doc.filename,
            title=doc.title,
            agenda_item=items[doc.agenda_index],
            observer_visible=doc.observer_visible,
        )


def board_members(
    chair: str = "chutich", secretary: str = "thuky", board: tuple[str, ...] = BOARD
) -> dict[str, MeetingRole]:
    members = {chair: MeetingRole.chair, secretary: MeetingRole.secretary}
    members.update({login: MeetingRole.member for login in board})
    return members


# -- the three meetings -------------------------------------------------------------------------
def seed_upcoming_meeting(users: dict[str, User], now: datetime | None = None) -> Meeting:
    day = upcoming_meeting_day(now)
    meeting = create_meeting(
        users,
        title=f"Phiên họp thường kỳ tháng {day.month} năm {day.year} của UBND xã Mỹ Thọ",
        kind=MeetingKind.regular,
        starts_at=local(day, 7, 30),
        ends_at=local(day, 11, 30),
        place=MAIN_ROOM,
        members={**board_members(), "khachmoi": MeetingRole.observer},
        agenda=upcoming_agenda(Period(day)),
    )
    upload_demo_documents(users["thuky"], meeting, UPCOMING, day)
    publish_with_a_late_change(users["thuky"], meeting, Period(day), now)
    return meeting


# The budget submission joined item 4 after the invitations went out: members were told.
AMENDED_ITEM = 3
FIRST_DRAFT = {
    "title": "Kế hoạch ứng dụng e-Cabinet tổ chức phiên họp không giấy, đẩy mạnh dịch vụ công trực tuyến",
    "duration_minutes": 20,
}


def publish_with_a_late_change(secretary: User, meeting: Meeting, period: Period, now: datetime | None = None) -> None:
    """Publish through the service (every member gets the invitation), then amend one agenda item
    (every member is told of the change): the unread notifications a member finds on logging in,
    dated as if sent three days and one day ago."""
    now = now or utcnow()
    item = meeting.agenda_items[AMENDED_ITEM]
    final = upcoming_agenda(period)[AMENDED_ITEM]
    item.title, item.duration_minutes = FIRST_DRAFT["title"], FIRST_DRAFT["duration_minutes"]
    db.session.flush()
    publish_meeting(secretary, meeting)
    invitations = _notes_of(meeting)
    for note in invitations:
        note.created_at = now - timedelta(days=3)
    update_agenda_item(secretary, meeting, item, title=final.title, duration_minutes=final.minutes)
    for note in _notes_of(meeting):
        if note not in invitations:
            note.created_at = now - timedelta(days=1, hours=2)
    db.session.flush()


def _notes_of(meeting: Meeting) -> list[Notification]:
    return list(db.session.scalars(sa.select(Notification).where(Notification.meeting_id == meeting.id)))


def seed_past_meeting(users: dict[str, User]) -> Meeting:
    """The March 2020 meeting of UBND huyện Cao Lãnh, held by the district's people (``past_cast``)."""
    day = date(2020, 3, 26)
    users = past_cast(users)
    meeting = create_meeting(
        users,
        title="Phiên họp thường kỳ tháng 3 năm 2020 của UBND huyện Cao Lãnh",
        kind=MeetingKind.regular,
        starts_at=local(day, 7, 30),
        ends_at=local(day, 10, 45),
        place=PAST_ROOM,
        members=board_members(board=PAST_BOARD),
        agenda=PAST_AGENDA,
        body=PAST_BODY,
    )
    upload_demo_documents(users["thuky"], meeting, PAST)  # documents go in while it is being prepared
    date_past_uploads(meeting, PUBLISHED - timedelta(hours=5))
    # Published without replaying its 2020 invitations: through the service they would reach every
    # member today, unread, for a meeting six years gone.
    meeting.state, meeting.published_at = MeetingState.published, PUBLISHED
    db.session.flush()
    record_demo_floor(users, meeting)  # held on 26/03/2020 from 07:30 to 10:45 as scheduled, then closed
    return meeting


def date_past_uploads(meeting: Meeting, when: datetime) -> None:
    """Upload times and the access log's "Tải lên" rows of the 2020 documents say ``when``, not the
    day the demo is loaded (by a district secretary whose account closed in 2025)."""
    for document in db.session.scalars(sa.select(Document).where(Document.meeting_id == meeting.id)):
        document.created_at, document.updated_at = when, None
    for row in db.session.scalars(sa.select(AccessLog).where(AccessLog.meeting_id == meeting.id)):
        row.created_at = when
    db.session.flush()


def seed_draft_meeting(users: dict[str, User], now: datetime | None = None) -> Meeting:
    day = next_working_day(upcoming_meeting_day(now) + timedelta(days=14))
    return create_meeting(
        users,
        title=f"Phiên họp chuyên đề về dự toán ngân sách năm {day.year + 1} của UBND xã Mỹ Thọ",
        kind=MeetingKind.thematic,
        starts_at=local(day, 14, 0),
        ends_at=local(day, 16, 30),
        place=SMALL_ROOM,
        members={"chutich": MeetingRole.chair, "thuky": MeetingRole.secretary},
        agenda=_budget_agenda(day.year),
    )


def demo_present() -> bool:
    return db.session.scalar(sa.select(User.id).where(User.login == SENTINEL_LOGIN)) is not None


def seed_demo(password: str) -> bool:
    """Load the demo data; ``False`` (and no change) if it is already there. Flushes, never commits."""
    if demo_present():
        return False
    users = create_demo_users(password)
    seed_bodies(users)
    seed_past_meeting(users)
    seed_upcoming_meeting(users)
    seed_draft_meeting(users)
    sign_demo_minutes(password)
    seed_demo_followups(past_cast(users))  # tasks of the past meeting, archive search index
    seed_demo_ballots(users, password)  # xã Mỹ Thọ's written opinion ballots: one finished, one open
    # the tour's secretary signs the minutes of a meeting she holds, as the chair does (he has his
    # from the ballots): without it "Ký số biên bản" told `thuky` she had no certificate
    issue_demo_credential(users["thuky"], password)
    retire_historical_users(users)
    return True
