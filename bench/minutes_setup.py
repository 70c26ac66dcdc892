"""Closed meetings whose minutes are ready to sign, for the signing bench: run against the product's
database and store (``Product.env``), it makes ``COUNT`` closed meetings of UBND xã Mỹ Thọ (the chair
``chutich``, the secretary ``thuky``), writes each one's minutes through the product's service —
a narrative and ten agenda items' conclusions long enough for about 30 pages — locks them, and
gives both signers a demo certificate (passphrase: the demo password). Prints the meeting ids.

    python -m bench.minutes_setup COUNT [PARAGRAPHS]
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

PARAGRAPH = (
    "Phòng Tài chính – Kế hoạch trình bày báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế – xã hội, "
    "quốc phòng – an ninh; các thành viên thảo luận về tiến độ giải ngân vốn đầu tư công, công tác giải phóng "
    "mặt bằng các công trình trọng điểm, tiêu thụ nông sản, phòng, chống thiên tai và sạt lở bờ sông Tiền, "
    "cải cách thủ tục hành chính và chuyển đổi số; đồng chí Chủ tịch kết luận, giao nhiệm vụ cụ thể cho "
    "từng phòng, ban, đơn vị và yêu cầu báo cáo kết quả trước ngày 25 hằng tháng."
)


def make_meetings(count: int, paragraphs: int) -> list[int]:
    from flask import current_app

    from app.extensions import db
    from app.models import User
    from demo.ca import issue_demo_credential
    from meetings.models import AgendaItem, Meeting, MeetingMember, MeetingRole, MeetingState
    from meetings.services import minutes as svc

    password = current_app.config["DEMO_PASSWORD"]
    users = {u.login: u for u in db.session.scalars(sa.select(User).where(User.login.in_(["chutich", "thuky"])))}
    chair, secretary = users["chutich"], users["thuky"]
    issue_demo_credential(chair, password)
    issue_demo_credential(secretary, password)
    ids = []
    held = datetime.now(UTC).replace(microsecond=0) - timedelta(days=2)
    for n in range(count):
        meeting = Meeting(
            title=f"Phiên họp thử ký biên bản số {n + 1}",
            state=MeetingState.closed,
            starts_at=held,
            started_at=held,
            ends_at=held + timedelta(hours=3),
            ended_at=held + timedelta(hours=3),
            published_at=held - timedelta(days=7),
            place="Phòng họp số 1, Trụ sở UBND xã Mỹ Thọ",
        )
        meeting.body = "UBND xã Mỹ Thọ"
        meeting.members = [
            MeetingMember(user_id=chair.id, role=MeetingRole.chair),
            MeetingMember(user_id=secretary.id, role=MeetingRole.secretary),
        ]
        meeting.agenda_items = [
            AgendaItem(position=i, title=f"Nội dung {i + 1}: báo cáo chuyên đề", description=PARAGRAPH)
            for i in range(10)
        ]
        db.session.add(meeting)
        db.session.flush()
        svc.save_draft(
            secretary,
            meeting,
            number=f"{90 + n}/BB-UBND",
            narrative="\n".join(PARAGRAPH for _ in range(paragraphs)),
            closed_at=meeting.ended_at,
            recipients=svc.DEFAULT_RECIPIENTS,
            attendance={chair.id: {"status": "present"}, secretary.id: {"status": "present"}},
            conclusions={item.id: "\n".join([PARAGRAPH] * 3) for item in meeting.agenda_items},
        )
        svc.lock_draft(secretary, meeting)
        ids.append(meeting.id)
    db.session.commit()
    return ids


def pages(meeting_id: int) -> int:
    """How many pages the minutes render to (the product's renderer)."""
    import io

    from app.extensions import db
    from documents.pdf import inspect_pdf
    from meetings.models import Meeting
    from meetings.services import minutes as svc

    meeting = db.session.get(Meeting, meeting_id)
    secretary = next(m.user for m in meeting.members if m.role.value == "secretary")
    return inspect_pdf(io.BytesIO(svc.preview_pdf(secretary, meeting))).page_count


def main() -> None:
    from app import create_app

    count = int(sys.argv[1])
    paragraphs = int(sys.argv[2]) if len(sys.argv) > 2 else 150
    with create_app().app_context():
        ids = make_meetings(count, paragraphs)
        print(" ".join(map(str, ids)), pages(ids[0]))


if __name__ == "__main__":
    main()
