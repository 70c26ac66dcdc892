"""The access matrix's written opinion ballots: one open (asking the chair, the member and the unnamed
member; the member has answered and signed), one closed (the chair and the member asked; the member's
signed answer), one asking only strangers. Each title carries a code found nowhere else."""

from __future__ import annotations

import io
from datetime import timedelta

from app.models.base import utcnow
from tests.support.pdfs import make_text_pdf

PASSPHRASE = "mat-khau-chung-thu"


def _ballot(secretariat, title: str, recipients):
    from app.models import Body
    from meetings.services.opinion_ballots import create_ballot

    return create_ballot(
        secretariat,
        title=title,
        question=f"Cho ý kiến về {title}.",
        body_id=Body.named("UBND huyện Cao Lãnh").id,  # the body of the world's meetings
        deadline=utcnow() + timedelta(days=3),
        recipient_ids=[u.id for u in recipients],
        draft=io.BytesIO(make_text_pdf(f"Dự thảo {title}")),
        draft_filename="du-thao.pdf",
    )


def build_ballots(world, p: dict, strangers: dict) -> None:
    from demo.ca import issue_demo_credential
    from meetings.services.opinion_ballot_answers import answer_ballot
    from meetings.services.opinion_ballots import close_ballot

    issue_demo_credential(p["member"], PASSPHRASE)
    opened = _ballot(p["secretariat"], "Phiếu BALLOTOPENQX", [p["chair"], p["member"], p["unnamed"]])
    answer_ballot(p["member"], opened, "agree", passphrase=PASSPHRASE)
    closed = _ballot(p["secretariat"], "Phiếu BALLOTCLOSEDQX", [p["chair"], p["member"]])
    answer_ballot(p["member"], closed, "other", "Bổ sung số liệu.", passphrase=PASSPHRASE)
    close_ballot(p["secretariat"], closed)
    other = _ballot(p["secretariat"], "Phiếu BALLOTOTHERQX", [strangers["other-member"]])
    for key, ballot, signer in (
        ("ballot_open", opened, p["member"]),
        ("ballot_closed", closed, p["member"]),
        ("ballot_other", other, strangers["other-member"]),
    ):
        world.ballots[key] = {"id": ballot.id, "title": ballot.title, "signer_id": signer.id}
