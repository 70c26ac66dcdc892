"""Helpers for the opinion ballot tests that change things while a ballot PDF or a report is being made:
a body's members (some holding demo-CA certificates), a ballot asking them, the ballot's objects in the
store, and a hook that runs an action once, in the middle of a render or a signature."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from app.extensions import db
from app.models import SystemRole
from demo.ca import issue_demo_credential
from tests.support.factories import create_meeting, create_user
from tests.support.minutes import P12_PASSPHRASE
from tests.support.pdfs import make_text_pdf

BODY = "UBND xã Mỹ Hiệp"
NAMES = [
    ("Nguyễn Văn Bình", "Chủ tịch UBND xã"),
    ("Trần Thị Lan", "Phó Chủ tịch UBND xã"),
    ("Lê Văn Tư", "Ủy viên UBND xã"),
]


def ballot_world(signers: int = 2) -> SimpleNamespace:
    """Three members of UBND xã Mỹ Hiệp (the first ``signers`` with certificates) and its secretariat."""
    members = [create_user(full_name=n, position=p, unit=BODY) for n, p in NAMES]
    office = create_user(role=SystemRole.secretariat, full_name="Phạm Minh Khoa", position="Văn phòng HĐND-UBND")
    meeting = create_meeting({members[0]: "chair", **{m: "member" for m in members[1:]}, office: "secretary"})
    meeting.body = BODY
    db.session.flush()
    for member in members[:signers]:
        issue_demo_credential(member, P12_PASSPHRASE)
    return SimpleNamespace(members=members, office=office)


def open_ballot(world, *, title: str = "Kế hoạch chuyển đổi số xã Mỹ Hiệp năm 2027", deadline: datetime | None = None):
    from meetings.services.opinion_ballots import create_ballot

    return create_ballot(
        world.office,
        title=title,
        question="Thông qua Kế hoạch chuyển đổi số năm 2027.",
        body=BODY,
        deadline=deadline or datetime.now(UTC) + timedelta(days=2),
        recipient_ids=[m.id for m in world.members],
        draft=io.BytesIO(make_text_pdf("Dự thảo Kế hoạch chuyển đổi số năm 2027.")),
        draft_filename="ke-hoach.pdf",
    )


def ballot_keys(store, ballot_id: int) -> set[str]:
    """The ballot's reports and signed answers in the store (its draft is stored under a random name)."""
    return set(store.list_keys(f"opinion-ballots/{ballot_id}/"))


def during(monkeypatch, module, name: str, action, times: int = 1) -> list:
    """Replace ``module.name`` so that its first ``times`` calls run ``action()`` before the real work
    (between the step that read the database and the one that records); returns the list of calls."""
    real, calls = getattr(module, name), []

    def hooked(*args, **kwargs):
        calls.append(name)
        if len(calls) <= times:
            action()
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, hooked)
    return calls
