"""The demo's next regular meeting, dated a week from today, has an agenda and documents about the
period just before it (the last completed quarter, the plan year), not about the first quarter of
2020; its stored PDFs are exactly those the catalogue builds for that day."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

from demo.documents import UPCOMING, documents_for
from demo.documents.period import Period

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)  # Thursday 26 November 2026, 10:00 in Cao Lãnh


def test_upcoming_meeting_speaks_of_the_quarter_before_it(app, store):
    from demo.seed import create_demo_users, seed_upcoming_meeting, upcoming_meeting_day

    day = upcoming_meeting_day(NOW)
    assert day == date(2026, 12, 3)
    period = Period(day)
    meeting = seed_upcoming_meeting(create_demo_users(app.config["DEMO_PASSWORD"]), now=NOW)

    assert meeting.title == "Phiên họp thường kỳ tháng 12 năm 2026 của UBND xã Mỹ Thọ"
    items = list(meeting.agenda_items)
    assert items[0].title == (
        "Báo cáo kết quả thực hiện công tác cải cách hành chính quý III năm 2026; "
        "phương hướng, nhiệm vụ quý IV năm 2026"
    )
    assert "Kế hoạch sử dụng đất năm 2027" in items[2].title
    assert "năm 2027" in items[3].title and "bổ sung dự toán kinh phí năm 2026" in items[3].title
    assert not any("2020" in item.title for item in items)

    expected = documents_for(UPCOMING, day)
    stored = [
        (doc.agenda_item.position, doc.title, doc.filename, doc.sha256)
        for item in items
        for doc in sorted(item.documents, key=lambda d: d.id)
    ]
    assert stored == [
        (doc.agenda_index, doc.title, doc.filename, hashlib.sha256(doc.build()).hexdigest()) for doc in expected
    ]
    markers = (period.reported, f"năm {period.plan_year}", f"năm {period.budget_year}")
    dated = [doc for doc in expected if any(m in doc.title for m in markers)]
    assert len(dated) == 4  # all but the post-office plan, whose title names its phase, not a year
    for doc in dated:  # a document's period is the one its agenda item announces
        assert all(m in items[doc.agenda_index].title for m in markers if m in doc.title), doc.title
    report = items[0].documents[0]
    assert "quý III năm 2026" in report.text and "quý I năm 2020" not in report.text


def test_upcoming_meeting_has_its_submissions_marked_for_decision(app, store):
    """The land use plan and the budget submission are voted on: a member may send a vote ahead on
    them (and on nothing else) until the session starts; the guest, who does not vote, is offered none."""
    from demo.seed import create_demo_users, seed_upcoming_meeting
    from meetings.services.votes_ahead import advance_ballot_items

    users = create_demo_users(app.config["DEMO_PASSWORD"])
    meeting = seed_upcoming_meeting(users, now=NOW)
    items = list(meeting.agenda_items)
    assert [item.for_decision for item in items] == [False, False, True, True, False]
    assert items[2].title.startswith("Tờ trình thông qua Kế hoạch sử dụng đất năm 2027")
    assert "Tờ trình bổ sung dự toán kinh phí năm 2026" in items[3].title
    offered = [entry.item for entry, mine in advance_ballot_items(users["uyvien1"], meeting) if mine is None]
    assert offered == [items[2], items[3]]
    assert advance_ballot_items(users["khachmoi"], meeting) == []
