"""Signed minutes for the closed March-2020 demo meeting of UBND huyện Cao Lãnh: its secretary
(hcl.thuky) writes, locks and signs them, then its chair (hcl.chutich) signs, with demo-CA certificates whose PKCS#12
passphrase is the demo password. The district's demo seal credential (and xã Mỹ Thọ's, for its 2026 minutes) is stored too, by the văn thư
(luutru, who keeps the seal) with the same passphrase, but the demo minutes are left unsealed.
The speeches and the votes under each agenda item come from the meeting's floor (demo/floor.py),
recorded before the minutes are drafted. Idempotent: nothing happens once the minutes carry both
signatures. Flushes, never commits.

**Dating.** The record reads as it happened in 2020, not when the demo was loaded. The secretary
drafts the minutes on the afternoon of the session (:data:`DRAFTED`, version 1: the proceedings and
the attendance) and adds the chair's conclusions the next morning (:data:`CONCLUDED`, version 2), locks
them (:data:`LOCKED`: the PDF's creation date) and signs at 09:00 on 27/03/2020; the chair signs at
10:30 (:data:`SIGNED`). Drafting and locking run through the services now and are then dated on the
rows they wrote (the versions' ``created_at``, the draft's ``updated_at`` and ``locked_at``), as
demo/floor.py does for the session. The signatures cannot be re-dated after the fact — their time
is signed into the PDF — so ``sign_minutes`` is given the time (``signed_at``, which only server-side
code replaying history passes): it is the signature's /M (pdfsig's "Signing Time"; a PAdES signature
has no CMS signing-time attribute), the revision's /ModDate, the stamp's "Thời gian", the
``signed_minutes`` row (the ``minutes.sign`` audit entry says when the demo was loaded: never backdated).
The two signers' certificates are issued on :data:`CERTIFICATES_ISSUED` for 10 years, under a demo CA
valid since 2019 (demo/ca.py): valid when they signed and still today, which is when pyHanko and
pdfsig check them (a signature without a trusted timestamp is validated at the present time).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.models import User
from demo.ca import issue_demo_credential, issue_demo_seal
from demo.people import COMMUNE, PAST_LOGINS
from meetings.localtime import LOCAL_TZ
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

CERTIFICATES_ISSUED = datetime(2019, 7, 1, 8, 0, tzinfo=LOCAL_TZ)  # the signers' certificates (10 years)
DRAFTED = datetime(2020, 3, 26, 16, 20, tzinfo=LOCAL_TZ)  # the session closed at 10:45
CONCLUDED = datetime(2020, 3, 27, 8, 15, tzinfo=LOCAL_TZ)  # the chair's conclusions added
LOCKED = datetime(2020, 3, 27, 8, 40, tzinfo=LOCAL_TZ)
SIGNED = {
    "thuky": datetime(2020, 3, 27, 9, 0, tzinfo=LOCAL_TZ),
    "chutich": datetime(2020, 3, 27, 10, 30, tzinfo=LOCAL_TZ),
}


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
    issue_demo_credential(secretary, password, issued_at=CERTIFICATES_ISSUED)
    issue_demo_credential(chair, password, issued_at=CERTIFICATES_ISSUED)
    if draft is None or draft.state == MinutesState.editing:
        _write_and_lock(secretary, meeting)
    if svc.signature_count(meeting) == 0:
        svc.sign_minutes(secretary, meeting, password, signed_at=SIGNED["thuky"])
    svc.sign_minutes(chair, meeting, password, signed_at=SIGNED["chutich"])
    return True


def _write_and_lock(secretary: User, meeting: Meeting) -> None:
    """Version 1 (the proceedings, the attendance) on the session's afternoon, version 2 (the
    conclusions) the next morning, then the lock: each dated on the rows the service wrote."""
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
    text = dict(number=NUMBER, narrative=NARRATIVE, closed_at=meeting.ended_at, recipients=svc.DEFAULT_RECIPIENTS)
    first = svc.save_draft(secretary, meeting, **text, attendance=attendance)
    first.created_at = first.draft.updated_at = DRAFTED
    conclusions = {item.id: line for item, line in zip(items, CONCLUSIONS)}
    second = svc.save_draft(secretary, meeting, **text, conclusions=conclusions)
    second.created_at = second.draft.updated_at = CONCLUDED
    draft = svc.lock_draft(secretary, meeting)
    draft.locked_at = LOCKED
    db.session.flush()
