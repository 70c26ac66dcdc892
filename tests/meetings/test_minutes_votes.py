"""The minutes carry each closed vote under its agenda item — "Tán thành 7/9 thành viên (77,8 %) —
Thông qua" with the counts — and the check-in times of those present, on the page and in the PDF."""

from __future__ import annotations

import subprocess
import uuid

from app.extensions import db
from meetings.services import minutes as svc
from meetings.services.meetings import close_meeting
from meetings.services.votes import cast_ballot, close_vote, open_vote
from tests.conftest import login
from tests.support.floor import committee, hold

LINE = (
    "Biểu quyết «Thông qua Kế hoạch phát triển kinh tế – xã hội năm 2027» (bỏ phiếu kín): "
    "Tán thành 7/9 thành viên (77,8 %) — Thông qua (Tán thành 7, Không tán thành 1, Không biểu quyết 1)."
)


def _voted_meeting():
    body = committee()
    hold(body)
    item = body.meeting.agenda_items[1]
    vote, _ = open_vote(
        body.chair,
        body.meeting,
        agenda_item_id=item.id,
        secret=True,
        question="Thông qua Kế hoạch phát triển kinh tế – xã hội năm 2027",
    )
    for voter, choice in zip(body.voters, ["for"] * 7 + ["against", "abstain"]):
        cast_ballot(voter, body.meeting, vote.id, choice, str(uuid.uuid4()))
    close_vote(body.chair, body.meeting, vote.id)
    close_meeting(body.secretary, body.meeting)
    return body


def test_the_minutes_document_carries_the_tally_under_its_item(app):
    body = _voted_meeting()
    doc = svc.minutes_document(body.meeting, None)
    assert [item.votes for item in doc.items] == [(), (LINE,)]
    present = [a for a in doc.attendees if a.person.name == body.members[0].full_name]
    assert present[0].status == "present" and present[0].note.startswith("điểm danh lúc ")


def test_the_pdf_and_the_page_state_the_tally(app, client, tmp_path):
    body = _voted_meeting()
    path = tmp_path / "bien-ban.pdf"
    path.write_bytes(svc.preview_pdf(body.secretary, body.meeting))
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "6.2. Nội dung 2" in text and LINE in text
    assert text.index("6.2. Nội dung 2") < text.index("Tán thành 7/9 thành viên") < text.rindex("Kết luận")
    assert f"{body.members[0].full_name} – Chuyên viên (điểm danh lúc " in text

    db.session.commit()
    login(client, body.secretary)
    page = client.get(f"/meetings/{body.meeting.id}/minutes", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert f'<p class="minutes-vote" data-testid="minutes-vote">{LINE}</p>' in page
    assert 'data-testid="check-in-note">điểm danh lúc' in page
