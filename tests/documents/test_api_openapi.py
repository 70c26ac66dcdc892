"""The JSON API for documents and the OpenAPI 3.1 description of the whole /api/v1: the document
validates, every Flask /api/v1 rule is in it and every path in it is a Flask rule, and every
documented response (success, 400, 401, 403, 404, 409, 413, 415) of every operation is produced by a
real request here, its body checked against the documented schema."""

import io
import re
from datetime import date
from types import SimpleNamespace

import jsonschema
import pytest
from openapi_spec_validator import validate
from pypdf import PdfReader

from app.auth.services import issue_token
from app.openapi import openapi_document
from meetings.services.bodies import add_body_member
from meetings.services.documents import set_document_access
from meetings.services.floor_attendance import check_in
from meetings.services.votes import close_vote, open_vote
from tests.support.factories import create_body, create_document, create_meeting, create_user
from tests.support.openapi_ballot_cases import BALLOT_CASES
from tests.support.pdfs import make_docx, make_heavy_pdf, make_pdf

SPEC = openapi_document()
METHODS = ("get", "post", "put", "patch", "delete")


def _documented() -> set[tuple[str, str, str]]:
    return {
        (path, method, status)
        for path, ops in SPEC["paths"].items()
        for method, op in ops.items()
        if method in METHODS
        for status in op["responses"]
    }


def test_openapi_document_validates_and_is_served(client):
    validate(SPEC)
    served = client.get("/api/v1/openapi.json")  # public: no token needed
    assert served.status_code == 200 and served.get_json()["openapi"] == "3.1.0"
    validate(served.get_json())


def test_every_api_rule_is_described_and_nothing_else(app):
    rules = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>", r"{\1}", rule.rule[len("/api/v1") :])
            rules |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    described = {(path, method) for path, ops in SPEC["paths"].items() for method in ops if method in METHODS}
    assert rules == described


@pytest.fixture
def api(app):
    secretary = create_user(full_name="Lê Hoàng Nam")
    member = create_user(full_name="Huỳnh Văn Tâm", unit="Phòng Tài nguyên và Môi trường")
    outsider = create_user()
    office = create_user(role="secretariat")
    admin = create_user(role="admin")
    meeting = create_meeting({secretary: "secretary", member: "member"}, items=2)
    document = create_document(meeting, secretary, pages=2, agenda_item=meeting.agenda_items[0], title="Kế hoạch")
    secret = create_document(meeting, secretary, pages=1, title="Mật")
    set_document_access(secretary, secret, confidential=True, observer_visible=False, recipient_ids=[secretary.id])
    check_in(member, meeting)  # the quorum (the only voting member), so that the meeting can start
    meeting.agenda_items[0].for_decision = True  # members may send their vote ahead
    # two meetings in session: one with a vote open, one with a closed vote (and room for a new one)
    voting, held = (
        create_meeting({secretary: "secretary", member: "member"}, state="in_session", items=1) for _ in range(2)
    )
    for m in (voting, held):
        check_in(member, m)
    vote, _ = open_vote(secretary, voting, agenda_item_id=voting.agenda_items[0].id, question="Thông qua Kế hoạch")
    closed, _ = open_vote(secretary, held, agenda_item_id=held.agenda_items[0].id, question="Thông qua Đề án")
    close_vote(secretary, held, closed.id)
    province, commune, district = (
        create_body(name) for name in ("UBND tỉnh Đồng Tháp", "UBND xã Mỹ Thọ", "UBND huyện Tháp Mười")
    )
    commune.parent_id, district.dissolved_on = province.id, date(2025, 6, 30)
    add_body_member(admin, commune, member.id, "member")
    people = (
        ("secretary", secretary),
        ("member", member),
        ("outsider", outsider),
        ("office", office),
        ("admin", admin),
    )
    tokens = {name: issue_token(user)[1] for name, user in people}
    return SimpleNamespace(
        secretary=secretary,
        member=member,
        outsider=outsider,
        office=office,
        meeting=meeting,
        document=document,
        secret=secret,
        tokens=tokens,
        voting=voting,
        vote=vote,
        held=held,
        closed=closed,
        **_floor(secretary, member),
        province=province,
        commune=commune,
        district=district,
    )


def _floor(secretary, member) -> dict:
    """A meeting in session on its first item: the member waits there and has spoken on the second."""
    from meetings.services import speakers

    meeting = create_meeting({secretary: "secretary", member: "member"}, state="in_session", items=2)
    spoken, _ = speakers.request_floor(member, meeting, meeting.agenda_items[1].id)
    speakers.grant(secretary, meeting, spoken.id)
    speakers.end_speech(secretary, meeting)
    speakers.set_current_item(secretary, meeting, meeting.agenda_items[0].id)
    waiting, _ = speakers.request_floor(member, meeting)
    return {"floor": meeting, "spoken": spoken, "waiting": waiting}


def _as(api, who):
    return {"Authorization": f"Bearer {api.tokens[who]}"} if who else {}


def _multipart(data: bytes, filename: str, **fields):
    return {"data": {"file": (io.BytesIO(data), filename), **fields}, "content_type": "multipart/form-data"}


def _raw(data: bytes):
    return {"data": data, "content_type": "application/pdf"}


def _json(payload):
    """A JSON body; strings in it are formatted with the fixture (``{a.member.id}``), then digits become ints."""

    def build(api):
        def fill(value):
            if isinstance(value, str):
                value = value.format(a=api)
                return int(value) if value.isdigit() else value
            if isinstance(value, list):
                return [fill(v) for v in value]
            return value

        return {"json": {key: fill(value) for key, value in payload.items()}}

    return build


NEW_MEETING = {
    "title": "Phiên họp chuyên đề chuyển đổi số",
    "body": "UBND huyện Cao Lãnh",
    "kind": "thematic",
    "starts_at": "2026-12-10T14:00",
    "ends_at": "2026-12-10T16:30",
    "place": "Phòng họp số 2",
}
NOT_JSON = {"data": "không phải JSON", "content_type": "text/plain"}
M = "/meetings/{meeting_id}"
MU = "/meetings/{a.meeting.id}"
A, AI = M + "/agenda", M + "/agenda/{item_id}"
AU, AIU = MU + "/agenda", MU + "/agenda/{a.meeting.agenda_items[1].id}"
MEM, MEMU = M + "/members/{user_id}", MU + "/members/{a.member.id}"
D = "/documents/{document_id}"
F, FU = M + "/speakers", "/meetings/{a.floor.id}/speakers"
AC, ACU = A + "/current", "/meetings/{a.floor.id}/agenda/current"
ATT, ATTU = M + "/attendance/{user_id}", MU + "/attendance/{a.member.id}"
V = M + "/votes"
B, BU = V + "/{vote_id}/ballots", "/meetings/{a.voting.id}/votes/{a.vote.id}/ballots"
C = V + "/{vote_id}/close"
AB, ABU = A + "/{item_id}/advance-ballot", AU + "/{a.meeting.agenda_items[0].id}/advance-ballot"
NEW_VOTE = {"agenda_item_id": "{a.held.agenda_items[0].id}", "question": "Thông qua Kế hoạch năm 2027"}
BALLOT = {"choice": "for", "ballot_id": "0b8f9a56-3c0e-4a53-9d1e-5f7c2b1e4d10"}
BD, BDU = "/bodies/{body_id}", "/bodies/{a.commune.id}"
BM, BMU = BD + "/members/{user_id}", BDU + "/members/{a.member.id}"
NEW_BODY = {"name": "UBND xã Ba Sao", "level": "commune", "parent_id": "{a.province.id}"}
DISSOLVE = {"dissolved_on": "2025-06-30", "successor_id": "{a.province.id}"}
RULES = {"quorum": "2/3", "majority_basis": "present", "threshold": "gt_1_2", "kind": "special"}
# user administration (app/openapi_users.py)
U, UU = "/users/{account_id}", "/users/{a.member.id}"
UA = U + "/{action}"
NEW_USER = {"login": "pct.mytho", "full_name": "Phạm Thị Mỹ Thọ", "unit": "UBND xã Mỹ Thọ", "system_role": "member"}
USER_CASES = {
    ("/users", "get", "200"): ("admin", "/users?role=member&status=active", {}),
    ("/users", "get", "400"): ("admin", "/users?role=vua", {}),
    ("/users", "get", "401"): (None, "/users", {}),
    ("/users", "get", "403"): ("member", "/users", {}),
    ("/users", "post", "201"): ("admin", "/users", _json(NEW_USER)),
    ("/users", "post", "400"): ("admin", "/users", _json({**NEW_USER, "login": "Có Dấu"})),
    ("/users", "post", "401"): (None, "/users", _json(NEW_USER)),
    ("/users", "post", "403"): ("office", "/users", _json(NEW_USER)),
    (U, "get", "200"): ("admin", UU, {}),
    (U, "get", "401"): (None, UU, {}),
    (U, "get", "403"): ("member", UU, {}),
    (U, "get", "404"): ("admin", "/users/999999", {}),
    (U, "patch", "200"): ("admin", UU, _json({"unit": "UBND xã Ba Sao", "locale": "en"})),
    (U, "patch", "400"): ("admin", UU, _json({"system_role": "vua"})),
    (U, "patch", "401"): (None, UU, _json({"unit": "UBND xã Ba Sao"})),
    (U, "patch", "403"): ("member", UU, _json({"unit": "UBND xã Ba Sao"})),
    (U, "patch", "404"): ("admin", "/users/999999", _json({"unit": "UBND xã Ba Sao"})),
    (UA, "post", "200"): ("admin", UU + "/reset-password", {}),
    (UA, "post", "400"): ("admin", UU + "/reactivate", {}),  # already active
    (UA, "post", "401"): (None, UU + "/deactivate", {}),
    (UA, "post", "403"): ("member", UU + "/deactivate", {}),
    (UA, "post", "404"): ("admin", "/users/999999/deactivate", {}),
}
# (path, method, status) -> (who, concrete URL (formatted with api), request kwargs)
CASES = {
    **USER_CASES,
    ("/me", "get", "200"): ("member", "/me", {}),
    ("/me", "get", "401"): (None, "/me", {}),
    ("/meetings", "get", "200"): ("member", "/meetings", {}),
    ("/meetings", "get", "400"): ("member", "/meetings?state=sap-hop", {}),
    ("/meetings", "get", "401"): (None, "/meetings", {}),
    (M, "get", "200"): ("member", "/meetings/{a.meeting.id}", {}),
    (M, "get", "401"): (None, "/meetings/{a.meeting.id}", {}),
    (M, "get", "404"): ("outsider", "/meetings/{a.meeting.id}", {}),
    (M + "/documents", "get", "200"): ("member", "/meetings/{a.meeting.id}/documents", {}),
    (M + "/documents", "get", "401"): (None, "/meetings/{a.meeting.id}/documents", {}),
    (M + "/documents", "get", "404"): ("outsider", "/meetings/{a.meeting.id}/documents", {}),
    (M + "/documents", "post", "201"): (
        "secretary",
        "/meetings/{a.meeting.id}/documents?filename=ke-hoach.pdf"
        "&title=Kế hoạch bổ sung&agenda_item_id={a.meeting.agenda_items[0].id}",
        _raw(make_pdf(3)),
    ),
    (M + "/documents", "post", "400"): ("secretary", "/meetings/{a.meeting.id}/documents", _multipart(b"", "x.pdf")),
    (M + "/documents", "post", "401"): (None, "/meetings/{a.meeting.id}/documents", _raw(make_pdf(1))),
    (M + "/documents", "post", "403"): ("member", "/meetings/{a.meeting.id}/documents", _raw(make_pdf(1))),
    (M + "/documents", "post", "404"): ("outsider", "/meetings/{a.meeting.id}/documents", _raw(make_pdf(1))),
    (M + "/documents", "post", "413"): (
        "secretary",
        "/meetings/{a.meeting.id}/documents?filename=lon.pdf",
        _raw(make_heavy_pdf(1.3)),
    ),
    (M + "/documents", "post", "415"): (
        "secretary",
        "/meetings/{a.meeting.id}/documents",
        _multipart(make_docx(), "to-trinh.docx"),
    ),
    (D, "get", "200"): ("member", "/documents/{a.document.id}", {}),
    (D, "get", "401"): (None, "/documents/{a.document.id}", {}),
    (D, "get", "404"): ("member", "/documents/{a.secret.id}", {}),
    (D + "/download", "get", "200"): ("member", "/documents/{a.document.id}/download", {}),
    (D + "/download", "get", "401"): (None, "/documents/{a.document.id}/download", {}),
    (D + "/download", "get", "404"): ("outsider", "/documents/{a.document.id}/download", {}),
    # ranges (issue 11): the whole copy as one range, and a range past its end
    (D + "/download", "get", "206"): (
        "member",
        "/documents/{a.document.id}/download?copy=openapicopy01",
        {"environ_overrides": {"HTTP_RANGE": "bytes=0-"}},
    ),
    (D + "/download", "get", "416"): (
        "member",
        "/documents/{a.document.id}/download",
        {"environ_overrides": {"HTTP_RANGE": "bytes=99999999-"}},
    ),
    (D + "/versions", "post", "201"): (
        "secretary",
        "/documents/{a.document.id}/versions",
        _multipart(make_pdf(4), "ke-hoach-v2.pdf"),
    ),
    (D + "/versions", "post", "400"): ("secretary", "/documents/{a.document.id}/versions", {"data": {}}),
    (D + "/versions", "post", "401"): (None, "/documents/{a.document.id}/versions", _raw(make_pdf(1))),
    (D + "/versions", "post", "403"): ("member", "/documents/{a.document.id}/versions", _raw(make_pdf(1))),
    (D + "/versions", "post", "404"): ("secretary", "/documents/999999/versions", _raw(make_pdf(1))),
    ("/openapi.json", "get", "200"): (None, "/openapi.json", {}),
    # the meetings write API
    ("/meetings", "post", "201"): ("office", "/meetings", _json(NEW_MEETING)),
    ("/meetings", "post", "400"): ("office", "/meetings", _json({**NEW_MEETING, "starts_at": "mai"})),
    ("/meetings", "post", "401"): (None, "/meetings", _json(NEW_MEETING)),
    ("/meetings", "post", "403"): ("member", "/meetings", _json(NEW_MEETING)),
    (M, "patch", "200"): ("secretary", MU, _json({"place": "Hội trường", "starts_at": "2026-12-10T13:30:00+07:00"})),
    (M, "patch", "400"): ("secretary", MU, _json({"title": 42})),
    (M, "patch", "401"): (None, MU, _json({"place": "Hội trường"})),
    (M, "patch", "403"): ("member", MU, _json({"place": "Hội trường"})),
    (M, "patch", "404"): ("outsider", MU, _json({"place": "Hội trường"})),
    (M + "/{action}", "post", "200"): ("secretary", MU + "/start", {}),
    (M + "/{action}", "post", "401"): (None, MU + "/start", {}),
    (M + "/{action}", "post", "403"): ("member", MU + "/cancel", {}),
    (M + "/{action}", "post", "404"): ("outsider", MU + "/start", {}),
    (M + "/{action}", "post", "409"): ("secretary", MU + "/publish", {}),
    (M + "/members", "post", "201"): (
        "secretary",
        MU + "/members",
        _json({"user_id": "{a.outsider.id}", "role": "observer"}),
    ),
    (M + "/members", "post", "400"): ("secretary", MU + "/members", _json({"role": "member"})),
    (M + "/members", "post", "401"): (None, MU + "/members", _json({"user_id": "{a.outsider.id}"})),
    (M + "/members", "post", "403"): ("member", MU + "/members", _json({"user_id": "{a.outsider.id}"})),
    (M + "/members", "post", "404"): ("outsider", MU + "/members", _json({"user_id": "{a.outsider.id}"})),
    (MEM, "patch", "200"): ("secretary", MEMU, _json({"role": "observer"})),
    (MEM, "patch", "400"): ("secretary", MEMU, NOT_JSON),
    (MEM, "patch", "401"): (None, MEMU, _json({"role": "observer"})),
    (MEM, "patch", "403"): ("member", MEMU, _json({"role": "observer"})),
    (MEM, "patch", "404"): ("outsider", MEMU, _json({"role": "observer"})),
    (MEM, "delete", "200"): ("secretary", MEMU, {}),
    (MEM, "delete", "400"): ("secretary", MU + "/members/{a.outsider.id}", {}),  # not a member (schemathesis)
    (MEM, "delete", "401"): (None, MEMU, {}),
    (MEM, "delete", "403"): ("member", MEMU, {}),
    (MEM, "delete", "404"): ("outsider", MEMU, {}),
    (A, "get", "200"): ("member", AU, {}),
    (A, "get", "401"): (None, AU, {}),
    (A, "get", "404"): ("outsider", AU, {}),
    (A, "post", "201"): (
        "secretary",
        AU,
        _json(
            {
                "title": "Ý kiến xã Nhị Mỹ",
                "duration_minutes": 15,
                "parent_id": "{a.meeting.agenda_items[0].id}",
                "presenter_id": "{a.member.id}",
                "description": "Tham luận",
            }
        ),
    ),
    (A, "post", "400"): ("secretary", AU, _json({"title": "Báo cáo", "duration_minutes": "nửa giờ"})),
    (A, "post", "401"): (None, AU, _json({"title": "Chen ngang"})),
    (A, "post", "403"): ("member", AU, _json({"title": "Chen ngang"})),
    (A, "post", "404"): ("outsider", AU, _json({"title": "Chen ngang"})),
    (AI, "patch", "200"): ("secretary", AIU, _json({"title": "Kết luận của Chủ tịch"})),
    (AI, "patch", "400"): ("secretary", AIU, _json({"title": ["Kết luận"]})),
    (AI, "patch", "401"): (None, AIU, _json({"title": "Kết luận"})),
    (AI, "patch", "403"): ("member", AIU, _json({"title": "Kết luận"})),
    (AI, "patch", "404"): ("secretary", AU + "/999999", _json({"title": "Kết luận"})),
    (AI, "delete", "200"): ("secretary", AIU, {}),
    (AI, "delete", "400"): ("secretary", AU + "/{a.meeting.agenda_items[0].id}", {}),  # holds a document
    (AI, "delete", "401"): (None, AIU, {}),
    (AI, "delete", "403"): ("member", AIU, {}),
    (AI, "delete", "404"): ("secretary", AU + "/999999", {}),
    (A + "/order", "put", "200"): (
        "secretary",
        AU + "/order",
        _json({"order": ["{a.meeting.agenda_items[1].id}", "{a.meeting.agenda_items[0].id}"]}),
    ),
    (A + "/order", "put", "400"): ("secretary", AU + "/order", _json({"order": "{a.meeting.agenda_items[1].id}"})),
    (A + "/order", "put", "401"): (None, AU + "/order", _json({"order": []})),
    (A + "/order", "put", "403"): ("member", AU + "/order", _json({"order": []})),
    (A + "/order", "put", "404"): ("outsider", AU + "/order", _json({"order": []})),
    # live state and the archive
    (M + "/live", "get", "200"): ("member", MU + "/live", {}),
    (M + "/live", "get", "401"): (None, MU + "/live", {}),
    (M + "/live", "get", "404"): ("outsider", MU + "/live", {}),
    # the floor
    (F, "get", "200"): ("member", FU, {}),
    (F, "get", "401"): (None, FU, {}),
    (F, "get", "404"): ("outsider", FU, {}),
    (F, "post", "201"): ("member", FU, _json({"agenda_item_id": "{a.floor.agenda_items[1].id}"})),
    (F, "post", "200"): ("member", FU, {}),  # already waiting on the item under discussion
    (F, "post", "400"): ("member", FU, _json({"agenda_item_id": "một"})),
    (F, "post", "401"): (None, FU, {}),
    (F, "post", "403"): ("secretary", FU, {}),
    (F, "post", "404"): ("outsider", FU, {}),
    (F + "/{request_id}/{action}", "post", "200"): ("secretary", FU + "/{a.waiting.id}/grant", {}),
    (F + "/{request_id}/{action}", "post", "401"): (None, FU + "/{a.waiting.id}/withdraw", {}),
    (F + "/{request_id}/{action}", "post", "403"): ("member", FU + "/{a.waiting.id}/grant", {}),
    (F + "/{request_id}/{action}", "post", "404"): ("secretary", FU + "/999999/remove", {}),
    (F + "/{request_id}/{action}", "post", "409"): ("secretary", FU + "/{a.spoken.id}/remove", {}),
    (F + "/{action}", "post", "200"): ("secretary", FU + "/next", {}),
    (F + "/{action}", "post", "400"): ("secretary", FU + "/next", _json({"agenda_item_id": "hai"})),
    (F + "/{action}", "post", "401"): (None, FU + "/end", {}),
    (F + "/{action}", "post", "403"): ("member", FU + "/next", {}),
    (F + "/{action}", "post", "404"): ("outsider", FU + "/end", {}),
    (F + "/{action}", "post", "409"): (
        "secretary",
        FU + "/next",
        _json({"agenda_item_id": "{a.floor.agenda_items[1].id}"}),
    ),
    (AC, "put", "200"): ("secretary", ACU, _json({"agenda_item_id": "{a.floor.agenda_items[1].id}"})),
    (AC, "put", "400"): ("secretary", ACU, _json({})),
    (AC, "put", "401"): (None, ACU, _json({"agenda_item_id": None})),
    (AC, "put", "403"): ("member", ACU, _json({"agenda_item_id": None})),
    (AC, "put", "404"): ("outsider", ACU, _json({"agenda_item_id": None})),
    # the floor: attendance, votes, votes sent ahead
    (M + "/attendance", "get", "200"): ("member", MU + "/attendance", {}),
    (M + "/attendance", "get", "401"): (None, MU + "/attendance", {}),
    (M + "/attendance", "get", "404"): ("outsider", MU + "/attendance", {}),
    (ATT, "put", "200"): ("secretary", ATTU, _json({"action": "late"})),
    (ATT, "put", "400"): ("secretary", ATTU, _json({"action": "vanish"})),
    (ATT, "put", "401"): (None, ATTU, _json({"action": "check_in"})),
    (ATT, "put", "403"): ("member", MU + "/attendance/{a.secretary.id}", _json({"action": "absent"})),
    (ATT, "put", "404"): ("outsider", ATTU, _json({"action": "check_in"})),
    (V, "get", "200"): ("member", "/meetings/{a.held.id}/votes", {}),
    (V, "get", "401"): (None, "/meetings/{a.held.id}/votes", {}),
    (V, "get", "404"): ("outsider", "/meetings/{a.held.id}/votes", {}),
    (V, "post", "201"): ("secretary", "/meetings/{a.held.id}/votes", _json(NEW_VOTE)),
    (V, "post", "400"): ("secretary", "/meetings/{a.held.id}/votes", _json({**NEW_VOTE, "question": " "})),
    (V, "post", "401"): (None, "/meetings/{a.held.id}/votes", _json(NEW_VOTE)),
    (V, "post", "403"): ("member", "/meetings/{a.held.id}/votes", _json(NEW_VOTE)),
    (V, "post", "404"): ("outsider", "/meetings/{a.held.id}/votes", _json(NEW_VOTE)),
    (V, "post", "409"): (
        "secretary",
        MU + "/votes",
        _json(
            {
                **NEW_VOTE,  # the meeting has not started
                "agenda_item_id": "{a.meeting.agenda_items[0].id}",
            }
        ),
    ),
    (B, "post", "200"): ("member", BU, _json(BALLOT)),
    (B, "post", "400"): ("member", BU, _json({**BALLOT, "choice": "yes"})),
    (B, "post", "401"): (None, BU, _json(BALLOT)),
    (B, "post", "403"): ("secretary", BU, _json(BALLOT)),  # the secretary does not vote
    (B, "post", "404"): ("outsider", BU, _json(BALLOT)),
    (B, "post", "409"): ("member", "/meetings/{a.held.id}/votes/{a.closed.id}/ballots", _json(BALLOT)),
    (C, "post", "200"): ("secretary", "/meetings/{a.voting.id}/votes/{a.vote.id}/close", {}),
    (C, "post", "401"): (None, "/meetings/{a.voting.id}/votes/{a.vote.id}/close", {}),
    (C, "post", "403"): ("member", "/meetings/{a.voting.id}/votes/{a.vote.id}/close", {}),
    (C, "post", "404"): ("outsider", "/meetings/{a.voting.id}/votes/{a.vote.id}/close", {}),
    (C, "post", "409"): ("secretary", "/meetings/{a.held.id}/votes/{a.closed.id}/close", {}),
    (AB, "put", "200"): ("member", ABU, _json(BALLOT)),
    (AB, "put", "400"): ("member", ABU, _json({**BALLOT, "choice": "yes"})),
    (AB, "put", "401"): (None, ABU, _json(BALLOT)),
    (AB, "put", "403"): ("secretary", ABU, _json(BALLOT)),
    (AB, "put", "404"): ("outsider", ABU, _json(BALLOT)),
    (AB, "put", "409"): (
        "member",
        "/meetings/{a.held.id}/agenda/{a.held.agenda_items[0].id}/advance-ballot",
        _json(BALLOT),
    ),  # the session has started
    ("/archive/search", "get", "200"): ("member", "/archive/search?q=ke hoach&from=2026-01-01", {}),
    ("/archive/search", "get", "400"): ("member", "/archive/search?from=2026-13-45", {}),
    ("/archive/search", "get", "401"): (None, "/archive/search?q=ke hoach", {}),
    # bodies
    ("/bodies", "get", "200"): ("member", "/bodies", {}),
    ("/bodies", "get", "401"): (None, "/bodies", {}),
    ("/bodies", "post", "201"): ("admin", "/bodies", _json(NEW_BODY)),
    ("/bodies", "post", "400"): ("admin", "/bodies", _json({**NEW_BODY, "name": " "})),
    ("/bodies", "post", "401"): (None, "/bodies", _json(NEW_BODY)),
    ("/bodies", "post", "403"): ("office", "/bodies", _json(NEW_BODY)),
    ("/bodies", "post", "409"): ("admin", "/bodies", _json({"name": "UBND tỉnh Đồng Tháp", "level": "province"})),
    (BD, "get", "200"): ("admin", BDU, {}),
    (BD, "get", "401"): (None, BDU, {}),
    (BD, "get", "403"): ("office", BDU, {}),
    (BD, "get", "404"): ("admin", "/bodies/999999", {}),
    (BD, "patch", "200"): ("admin", BDU, _json({"short_code": "MT"})),
    (BD, "patch", "400"): ("admin", BDU, _json({"level": "ward"})),
    (BD, "patch", "401"): (None, BDU, _json({"short_code": "MT"})),
    (BD, "patch", "403"): ("office", BDU, _json({"short_code": "MT"})),
    (BD, "patch", "404"): ("admin", "/bodies/999999", _json({"short_code": "MT"})),
    (BD + "/dissolve", "post", "200"): ("admin", BDU + "/dissolve", _json(DISSOLVE)),
    (BD + "/dissolve", "post", "400"): ("admin", BDU + "/dissolve", _json({"dissolved_on": "30/06/2025"})),
    (BD + "/dissolve", "post", "401"): (None, BDU + "/dissolve", _json(DISSOLVE)),
    (BD + "/dissolve", "post", "403"): ("office", BDU + "/dissolve", _json(DISSOLVE)),
    (BD + "/dissolve", "post", "404"): ("admin", "/bodies/999999/dissolve", _json(DISSOLVE)),
    (BD + "/dissolve", "post", "409"): ("admin", "/bodies/{a.district.id}/dissolve", _json(DISSOLVE)),
    (BM, "put", "200"): ("admin", BMU, _json({"office": "vice_chairman"})),
    (BM, "put", "201"): ("admin", BDU + "/members/{a.secretary.id}", _json({"office": "member"})),
    (BM, "put", "400"): ("admin", BDU + "/members/{a.secretary.id}", _json({"office": "boss"})),
    (BM, "put", "401"): (None, BMU, _json({"office": "member"})),
    (BM, "put", "403"): ("office", BMU, _json({"office": "member"})),
    (BM, "put", "404"): ("admin", "/bodies/999999/members/{a.member.id}", _json({"office": "member"})),
    (BM, "delete", "200"): ("admin", BMU, {}),
    (BM, "delete", "401"): (None, BMU, {}),
    (BM, "delete", "403"): ("office", BMU, {}),
    (BM, "delete", "404"): ("admin", BDU + "/members/{a.outsider.id}", {}),
    (BD + "/rules", "put", "200"): ("admin", BDU + "/rules", _json(RULES)),
    (BD + "/rules", "put", "400"): ("admin", BDU + "/rules", _json({**RULES, "quorum": "5/3"})),
    (BD + "/rules", "put", "401"): (None, BDU + "/rules", _json(RULES)),
    (BD + "/rules", "put", "403"): ("office", BDU + "/rules", _json(RULES)),
    (BD + "/rules", "put", "404"): ("admin", "/bodies/999999/rules", _json(RULES)),
}

CASES.update(BALLOT_CASES)  # /opinion-ballots (tests/support/openapi_ballot_cases.py)


def test_every_documented_response_has_a_case():
    assert set(CASES) == _documented()


def _response_spec(path: str, method: str, status: str) -> dict:
    response = SPEC["paths"][path][method]["responses"][status]
    if "$ref" in response:
        response = SPEC["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return response


@pytest.mark.parametrize("key", sorted(CASES), ids=[f"{m.upper()} {p} {s}" for p, m, s in sorted(CASES)])
def test_documented_response(app, api, monkeypatch, key):
    path, method, status = key
    who, url, kwargs = CASES[key]
    if callable(kwargs):
        kwargs = kwargs(api)
    if status == "413":
        monkeypatch.setitem(app.config, "MAX_UPLOAD_MB", 1)
    client = app.test_client()
    response = getattr(client, method)("/api/v1" + url.format(a=api), headers=_as(api, who), **kwargs)
    assert response.status_code == int(status), response.get_data(as_text=True)[:300]
    content = _response_spec(path, method, status)["content"]
    if "application/pdf" in content:
        assert response.mimetype == "application/pdf"
        assert all("Huỳnh Văn Tâm" in p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
        return
    body = response.get_json()
    schema = content["application/json"]["schema"]
    jsonschema.Draft202012Validator({"components": SPEC["components"], "allOf": [schema]}).validate(body)
    if int(status) >= 400:
        assert body["error"] and body["status"] == int(status)  # a message a person can act on


def test_api_upload_and_replacement_are_recorded(app, api):
    from meetings.models import AccessAction
    from tests.documents.helpers import audit_rows

    client = app.test_client()
    response = client.post(
        f"/api/v1/meetings/{api.meeting.id}/documents?filename=bien-ban.pdf&title=Biên bản",
        data=make_pdf(2),
        content_type="application/pdf",
        headers=_as(api, "secretary"),
    )
    body = response.get_json()
    assert response.status_code == 201 and body["title"] == "Biên bản" and body["page_count"] == 2
    replaced = client.post(
        f"/api/v1/documents/{body['id']}/versions",
        data=make_pdf(3),
        content_type="application/pdf",
        headers=_as(api, "secretary"),
    ).get_json()
    assert replaced["version"] == 2 and replaced["page_count"] == 3
    detail = client.get(f"/api/v1/documents/{body['id']}", headers=_as(api, "secretary")).get_json()
    assert [v["version"] for v in detail["previous_versions"]] == [1]
    assert (
        "previous_versions" not in client.get(f"/api/v1/documents/{body['id']}", headers=_as(api, "member")).get_json()
    )
    from app.extensions import db
    from documents.models import Document

    document = db.session.get(Document, body["id"])
    assert [(e.action, e.channel) for e in audit_rows(document)] == [
        (AccessAction.upload, "api"),
        (AccessAction.replace, "api"),
    ]
