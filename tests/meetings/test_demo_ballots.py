"""The demo's written opinion ballots: one open with its deadline a few days after the seed day and
some answers (one signed), one finished with its report PDF in the store and in the archive search."""

from __future__ import annotations

import io
from datetime import timedelta

import sqlalchemy as sa
from pypdf import PdfReader

from tests.support.rollback import rolled_back


def test_the_demo_has_an_open_and_a_finished_ballot(app):
    from app.models import User
    from app.models.base import utcnow
    from demo.seed import seed_demo
    from documents.storage import get_store
    from meetings.archive.search import ArchiveQuery, search_archive
    from meetings.localtime import LOCAL_TZ
    from meetings.models import OpinionBallot, OpinionBallotState
    from meetings.services.opinion_ballot_signing import verify_answer

    with rolled_back(app) as session:
        assert seed_demo(app.config["DEMO_PASSWORD"])
        by_state = {b.state: b for b in session.scalars(sa.select(OpinionBallot))}
        opened, done = by_state[OpinionBallotState.open], by_state[OpinionBallotState.closed]
        today = utcnow().astimezone(LOCAL_TZ).date()
        assert opened.deadline.astimezone(LOCAL_TZ).date() == today + timedelta(days=4)
        assert opened.deadline.astimezone(LOCAL_TZ).strftime("%H:%M") == "17:00"
        assert sum(r.answered for r in opened.recipients) == 4 and len(opened.recipients) == 8  # xã Mỹ Thọ's members
        chair = session.scalar(sa.select(User).where(User.login == "chutich"))
        assert opened.recipient_of(chair).signed_key
        assert verify_answer(chair, opened, chair.id).verdict == "valid"

        assert done.result["summary"] == "Đồng ý 6/8 thành viên (75,0 %) — Thông qua"
        assert done.result["closed_because"] == "deadline" and done.result["not_answered"] == 1
        report = PdfReader(io.BytesIO(get_store().read_bytes(done.report_key)))
        text = " ".join(" ".join(p.extract_text().split()) for p in report.pages)
        assert "Đồng ý 6/8 thành viên (75,0 %) — Thông qua" in text and "Trường Tiểu học Mỹ Thọ 1" in text
        assert opened.body == done.body == "UBND xã Mỹ Thọ" and "huyện" not in text
        archivist = session.scalar(sa.select(User).where(User.login == "luutru"))
        hits = search_archive(archivist, ArchiveQuery(words="dau tu cong trung han")).hits
        assert ("opinion_ballot", done.id) in [(h.source.value, h.source_id) for h in hits]
        outsider = session.scalar(sa.select(User).where(User.login == "ngoai"))
        assert search_archive(outsider, ArchiveQuery(words="dau tu cong trung han")).total == 0
