"""Issue 12 item 1, the JSON API: schemathesis generates requests for every operation of
``/api/v1/openapi.json`` and sends them through the Flask app (WSGI, no network) with the tokens
of several roles — secretariat, a meeting's secretary, a member, an admin, and none. Checks: no
5xx, the status code, content type and body documented for the operation, and every error a JSON
object whose ``error`` is a message in Vietnamese. Path parameters are either generated or the ids
of real objects (so requests get past "not found" into the services). Deterministic (derandomized)."""

from __future__ import annotations

import re

import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.auth.services import issue_token
from app.extensions import db
from app.models import User
from meetings.services.floor_attendance import check_in
from meetings.services.votes import open_vote
from tests.support.counts import report
from tests.support.factories import create_body, create_document, create_meeting, create_user

EXAMPLES = 8
METHODS = ("get", "post", "put", "patch", "delete")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
VIETNAMESE = re.compile("[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđĐ]")


def _world():
    secretary = create_user(full_name="Lê Hoàng Nam")
    member = create_user(full_name="Huỳnh Văn Tâm")
    office, admin = create_user(role="secretariat"), create_user(role="admin")
    meeting = create_meeting({secretary: "secretary", member: "member"}, state="in_session", items=2)
    document = create_document(meeting, secretary, pages=2, agenda_item=meeting.agenda_items[0], title="Kế hoạch")
    check_in(member, meeting)
    vote, _ = open_vote(secretary, meeting, agenda_item_id=meeting.agenda_items[0].id, question="Thông qua")
    body = create_body("UBND xã Mỹ Thọ (thử)")
    ids = {
        "meeting_id": meeting.id,
        "document_id": document.id,
        "item_id": meeting.agenda_items[0].id,
        "vote_id": vote.id,
        "body_id": body.id,
        "user_id": member.id,
        "account_id": member.id,
    }
    people = {"secretariat": office, "secretary": secretary, "member": member, "admin": admin}
    tokens = {"none": None, **{role: issue_token(user)[1] for role, user in people.items()}}
    return ids, tokens, people


def _language(user) -> str:
    """The account's language as stored now (a generated PATCH /users/… may have set it to English)."""
    if user is None:
        return "vi"
    return db.session.scalar(sa.select(User.locale).where(User.id == user.id)) or "vi"


def test_every_api_operation_with_every_role(app, store):
    ids, tokens, people = _world()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    counted = {"requests": 0, "operations": len(operations), "5xx": 0}
    failures: list[str] = []
    statuses: dict[int, int] = {}
    client = app.test_client()  # each request in its own app context, as in production

    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), data=st.data())
        def run(case, data):
            for name in list(case.path_parameters or {}):
                if name in ids and data.draw(st.booleans(), label=f"real {name}"):
                    case.path_parameters[name] = ids[name]
            for role, token in tokens.items():
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                response = case.call(headers=headers, session=client)
                counted["requests"] += 1
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if response.status_code >= 500:
                    counted["5xx"] += 1
                case.validate_response(response, checks=CHECKS)
                if response.status_code >= 400:
                    body = response.json()
                    assert isinstance(body, dict) and isinstance(body.get("error"), str), (role, body)
                    if _language(people.get(role)) == "vi":  # English for those who chose it
                        assert VIETNAMESE.search(body["error"]), (role, body)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - gathered, reported together below
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:1500]}")
    report(
        f"\nhostile api (schemathesis): {counted['requests']} requests over {counted['operations']} operations "
        f"× {len(tokens)} roles, {counted['5xx']} 5xx; statuses {dict(sorted(statuses.items()))}"
    )
    assert not failures, "\n\n".join(failures)
    assert app.test_client().get("/healthz").status_code == 200
    assert sum(n for status, n in statuses.items() if status < 300) > 100  # it got past the refusals too
    described = {(m, p) for p, ops in schema.raw_schema["paths"].items() for m in ops if m in METHODS}
    # every operation but the description itself (schemathesis leaves out the schema's own URL)
    assert {(op.method.lower(), op.path) for op in operations} == described - {("get", "/openapi.json")}


def test_the_checks_can_fail(app):
    """The same checks against a description that lies (the meeting list declared a string)."""
    from app.openapi import openapi_document

    lying = openapi_document()
    lying["paths"]["/meetings"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {"type": "string"}
    schema = schemathesis.openapi.from_dict(lying)
    schema.app = app
    _ids, tokens, _people = _world()
    case = schema["/meetings"]["GET"].Case()
    response = case.call(headers={"Authorization": f"Bearer {tokens['member']}"}, session=app.test_client())
    assert response.status_code == 200
    with pytest.raises(BaseExceptionGroup) as refused:
        case.validate_response(response, checks=CHECKS)
    assert any("violates schema" in str(failure) for failure in getattr(refused.value, "exceptions", [refused.value]))
