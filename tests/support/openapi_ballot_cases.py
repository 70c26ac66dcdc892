"""The OpenAPI cases of /api/v1/opinion-ballots (merged into tests/documents/test_api_openapi.CASES): one
real request per documented response. The ballots are made on first use from the `api` fixture: one open
(asking the member and the secretary), one closed."""

from __future__ import annotations

import io
from datetime import timedelta

from app.models.base import utcnow
from tests.support.pdfs import make_text_pdf

OB = "/opinion-ballots"
OBI = OB + "/{ballot_id}"
OPEN = "/opinion-ballots/{a.ballot.id}"
CLOSED = "/opinion-ballots/{a.closed_ballot.id}"


def _body_id() -> int:
    """The body of the fixture's meetings (tests.support.factories.create_meeting)."""
    from app.models import Body

    return Body.named("UBND huyện Cao Lãnh").id


def _ensure(api) -> None:
    from meetings.services.opinion_ballot_answers import answer_ballot
    from meetings.services.opinion_ballots import close_ballot, create_ballot

    if getattr(api, "ballot", None) is not None:
        return

    def make(title):
        return create_ballot(
            api.office,
            title=title,
            question=f"Thông qua {title}.",
            body_id=_body_id(),
            deadline=utcnow() + timedelta(days=3),
            recipient_ids=[api.member.id, api.secretary.id],
            draft=io.BytesIO(make_text_pdf(f"Dự thảo {title}")),
            draft_filename="du-thao.pdf",
        )

    api.ballot = make("Kế hoạch chuyển đổi số năm 2027")
    api.closed_ballot = make("Đề án sắp xếp trụ sở")
    answer_ballot(api.member, api.closed_ballot, "agree")
    close_ballot(api.office, api.closed_ballot)


def _with(kwargs: dict):
    def build(api):
        _ensure(api)
        return dict(kwargs)

    return build


def _new_ballot(api):
    _ensure(api)
    return {
        "data": {
            "title": "Quy chế làm việc của UBND nhiệm kỳ 2026-2031",
            "question": "Thông qua Quy chế làm việc.",
            "body_id": str(_body_id()),
            "deadline": "2099-12-04T17:00",
            "recipient_ids": [str(api.member.id)],
            "draft": (io.BytesIO(make_text_pdf("Dự thảo Quy chế làm việc")), "quy-che.pdf"),
        },
        "content_type": "multipart/form-data",
    }


_NONE = _with({})
_AGREE = _with({"json": {"choice": "agree"}})
BALLOT_CASES = {
    (OB, "get", "200"): ("member", OB, _NONE),
    (OB, "get", "401"): (None, OB, {}),
    (OB, "post", "201"): ("office", OB, _new_ballot),
    (OB, "post", "400"): ("office", OB, _with({"data": {"title": "Thiếu mọi thứ"}})),
    (OB, "post", "401"): (None, OB, {}),
    (OB, "post", "403"): ("member", OB, _new_ballot),
    (OBI, "get", "200"): ("member", OPEN, _NONE),
    (OBI, "get", "401"): (None, OPEN, _NONE),
    (OBI, "get", "404"): ("outsider", OPEN, _NONE),
    (OBI + "/answer", "put", "200"): ("member", OPEN + "/answer", _AGREE),
    (OBI + "/answer", "put", "400"): ("member", OPEN + "/answer", _with({"json": {"choice": "co-le"}})),
    (OBI + "/answer", "put", "401"): (None, OPEN + "/answer", _AGREE),
    (OBI + "/answer", "put", "403"): ("office", OPEN + "/answer", _AGREE),
    (OBI + "/answer", "put", "404"): ("outsider", OPEN + "/answer", _AGREE),
    (OBI + "/answer", "put", "409"): ("member", CLOSED + "/answer", _AGREE),
    (OBI + "/close", "post", "200"): ("office", OPEN + "/close", _NONE),
    (OBI + "/close", "post", "401"): (None, OPEN + "/close", _NONE),
    (OBI + "/close", "post", "403"): ("member", OPEN + "/close", _NONE),
    (OBI + "/close", "post", "404"): ("outsider", OPEN + "/close", _NONE),
    (OBI + "/close", "post", "409"): ("office", CLOSED + "/close", _NONE),
    (OBI + "/cancel", "post", "200"): ("office", OPEN + "/cancel", _with({"json": {"reason": "Trình lại sau."}})),
    (OBI + "/cancel", "post", "400"): ("office", OPEN + "/cancel", _with({"json": {}})),
    (OBI + "/cancel", "post", "401"): (None, OPEN + "/cancel", _NONE),
    (OBI + "/cancel", "post", "403"): ("member", OPEN + "/cancel", _with({"json": {"reason": "x"}})),
    (OBI + "/cancel", "post", "404"): ("outsider", OPEN + "/cancel", _with({"json": {"reason": "x"}})),
    (OBI + "/draft", "get", "200"): ("member", OPEN + "/draft", _NONE),
    (OBI + "/draft", "get", "401"): (None, OPEN + "/draft", _NONE),
    (OBI + "/draft", "get", "404"): ("outsider", OPEN + "/draft", _NONE),
    (OBI + "/report", "get", "200"): ("member", CLOSED + "/report", _NONE),
    (OBI + "/report", "get", "401"): (None, CLOSED + "/report", _NONE),
    (OBI + "/report", "get", "404"): ("outsider", CLOSED + "/report", _NONE),
}
