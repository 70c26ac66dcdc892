"""Behind nginx (PHONGHOP_PROXY_COUNT, docs/configuration.md): with one proxy the access log keeps
the client's address from X-Forwarded-For (the entry the proxy appended, not one the client sent);
with none the header is ignored."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.config import BaseConfig, ConfigError
from meetings.models import AccessAction, AccessLog
from tests.support.apps import second_app
from tests.support.factories import PASSWORD, create_document, create_meeting, create_user


@pytest.fixture
def readable(app):
    secretary, member = create_user(), create_user()
    meeting = create_meeting({secretary: "secretary", member: "member"})
    return create_document(meeting, secretary, pages=1), member


def _logged_address(client, document, member, **headers) -> str:
    # every request through the proxy carries the header (Flask-Login's session protection reads it too)
    client.post("/logout", headers=headers)
    assert client.post("/login", data={"login": member.login, "password": PASSWORD}, headers=headers).status_code == 302
    response = client.get(f"/documents/{document.id}/view", headers=headers)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    from app.extensions import db

    return db.session.scalar(
        sa.select(AccessLog.ip_address)
        .where(
            AccessLog.document_id == document.id, AccessLog.user_id == member.id, AccessLog.action == AccessAction.open
        )
        .order_by(AccessLog.id.desc())
        .limit(1)
    )


def test_with_one_proxy_the_client_address_is_logged(app, readable):
    document, member = readable
    proxied = second_app(app, PROXY_COUNT=1).test_client()
    # nginx appended the address it saw (203.0.113.7) to what the client sent (a forged 10.0.0.99)
    assert _logged_address(proxied, document, member, **{"X-Forwarded-For": "10.0.0.99, 203.0.113.7"}) == "203.0.113.7"
    assert _logged_address(proxied, document, member, **{"X-Forwarded-For": "198.51.100.4"}) == "198.51.100.4"


def test_without_proxies_the_header_is_ignored(client, readable):
    document, member = readable
    assert _logged_address(client, document, member, **{"X-Forwarded-For": "203.0.113.7"}) == "127.0.0.1"


@pytest.mark.parametrize("value, expected", [(0, 0), (2, 2), ("1", 1)])
def test_the_proxy_count_is_a_whole_number(value, expected):
    settings = {"MAX_UPLOAD_MB": 1, "INSTANCE_DIR": "/tmp", "PROXY_COUNT": value}
    BaseConfig.finalize(settings)
    assert settings["PROXY_COUNT"] == expected


@pytest.mark.parametrize("value", [-1, "deux", True, 1.5])
def test_a_wrong_proxy_count_stops_the_start(value):
    with pytest.raises(ConfigError, match="PHONGHOP_PROXY_COUNT"):
        BaseConfig.finalize({"MAX_UPLOAD_MB": 1, "INSTANCE_DIR": "/tmp", "PROXY_COUNT": value})
