"""Signed minutes for the closed March-2020 demo meeting of UBND huyện Cao Lãnh: its secretary
(hcl.thuky) writes, locks and signs them, then its chair (hcl.chutich) signs, with demo-CA certificates whose PKCS#12
passphrase is the demo password. The district's demo seal credential (and xã Mỹ Thọ's, for its 2026 minutes) is stored too, by the văn thư
(luutru, who keeps the seal) with the same passphrase, but the demo minutes are left unsealed.
The speeches and the votes under each agenda item come from the meeting's floor (demo/floor.py),
recorded before the minutes are drafted. Idempotent: nothing happens once the minutes carry both
signatures. Flushes, never commits."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import User
from demo.ca import issue_demo_credential, issue_demo_seal
from demo.people import COMMUNE, PAST_LOGINS
from meetings.models import AttendanceStatus, Meeting, MeetingState, MinutesState
from meetings.services import minutes as svc

PAST_TITLE = "Phiên họp thường kỳ tháng 3 năm 2020 của UBND huyện Cao Lãnh"
NUMBER = "15/BB-UBND"
NARRATIVE = (
    "Đồng chí Chủ tịch UBND huyện khai mạc phiên họp, nêu mục đích, yêu cầu và thông qua chương trình.\n"
    "Phòng Tài chính – Kế hoạch trình bày báo cáo tình hình kinh tế – xã hội quý I năm 2020: sản xuất vụ "
    "Đông Xuân đạt kế hoạch, tiêu thụ xoài gặp khó khăn do dịch bệnh Covid-19; 100% hồ sơ thủ tục hành chính "
    "được giải quyết đúng hạn, không có hồ sơ trễ hạn.\n"
    "Phòng Nội vụ trình bày dự thảo Kế hoạch kiểm tra công tác cải cách hành chính năm 2020. Các thành viên "
    "thảo luận và biểu quyết thông qua các nội dung trình; ý kiến phát biểu và kết quả biểu quyết được ghi "
    "dưới từng nội dung."
)
CONCLUSIONS = (
    "Thống nhất báo cáo; các phòng, ban tập trung giải ngân vốn đầu tư công, hỗ trợ tiêu thụ xoài, thực hiện "
    "nghiêm các biện pháp phòng, chống dịch Covid-19.",
    "Thông qua Kế hoạch kiểm tra cải cách hành chính năm 2020; Phòng Nội vụ hoàn chỉnh, trình ban hành "
    "trước ngày 31/3/2020.",
    "Giao Văn phòng HĐND và UBND huyện dự thảo Thông báo kết luận phiên họp, theo dõi tiến độ thực hiện.",
)
ABSENT = {"phochutich2": "Đi công tác tại Tỉnh"}  # by role key (demo/floor.py)
_ABSENT_LOGINS = {PAST_LOGINS[role]: reason for role, reason in ABSENT.items()}


def _user(login: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.login == login))


def sign_demo_minutes(password: str) -> bool:
    """Write and sign the demo meeting's minutes; ``False`` if already signed or the meeting is absent."""
    meeting = db.session.scalar(
        sa.select(Meeting).where(Meeting.title == PAST_TITLE, Meeting.state == MeetingState.closed)
    )
    secretary, chair = _user(PAST_LOGINS["thuky"]), _user(PAST_LOGINS["chutich"])  # the district's, 2020
    if meeting is None or secretary is None or chair is None:
        return False
    clerk = _user("luutru")  # the văn thư keeps the seal and may seal the minutes (not done in the demo)
    if clerk is not None:
        issue_demo_seal(clerk, meeting.body, password)  # the district's seal, on its 2020 records
        issue_demo_seal(clerk, COMMUNE, password)  # xã Mỹ Thọ's, for its 2026 minutes
    draft = svc.get_draft(meeting)
    if draft is not None and draft.state == MinutesState.signed:
        return False
    issue_demo_credential(secretary, password)
    issue_demo_credential(chair, password)
    if draft is None or draft.state == MinutesState.editing:
        logins = {e.user_id: e.member.user.login for e in svc.attendance_of(meeting)}
        attendance = {
            uid: (
                {"status": AttendanceStatus.absent.value, "reason": _ABSENT_LOGINS[login]}
                if login in _ABSENT_LOGINS
                else {"status": AttendanceStatus.present.value}
            )
            for uid, login in logins.items()
        }
        items = [i for i in meeting.agenda_items if i.parent_id is None]
        svc.save_draft(
            secretary,
            meeting,
            number=NUMBER,
            narrative=NARRATIVE,
            closed_at=meeting.ended_at,
            recipients=svc.DEFAULT_RECIPIENTS,
            attendance=attendance,
            conclusions={item.id: text for item, text in zip(items, CONCLUSIONS)},
        )
        svc.lock_draft(secretary, meeting)
    if svc.signature_count(meeting) == 0:
        svc.sign_minutes(secretary, meeting, password)
    svc.sign_minutes(chair, meeting, password)
    return True
