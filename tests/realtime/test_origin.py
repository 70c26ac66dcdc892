"""Socket.IO answers a handshake only from the app's own origin (or those configured), and the
remember cookie is SameSite like the session cookie."""

import pytest

from tests.support.factories import PASSWORD, create_user

HANDSHAKE = "/socket.io/?EIO=4&transport=polling"


def test_a_page_of_another_site_gets_no_socket_session(client):
    refused = client.get(HANDSHAKE, headers={"Origin": "http://evil.example"})
    assert refused.status_code == 400 and b"sid" not in refused.data
    for headers in ({"Origin": "http://localhost"}, {}):  # the app's own page; a native client sends none
        answered = client.get(HANDSHAKE, headers=headers)
        assert answered.status_code == 200 and b'"sid"' in answered.data, headers


def test_configured_origins_are_read_as_a_list_and_wildcards_refused():
    from app.config import ConfigError, socketio_origins

    assert socketio_origins(None) is None and socketio_origins("") is None
    assert socketio_origins("https://phonghop.example.gov.vn/, https://hop.example.gov.vn:8443") == [
        "https://phonghop.example.gov.vn",
        "https://hop.example.gov.vn:8443",
    ]
    assert socketio_origins(["https://phonghop.example.gov.vn"]) == ["https://phonghop.example.gov.vn"]
    for bad in ("*", ["*"], "https://*.example.gov.vn", "phonghop.example.gov.vn", "https://a.example/path", [1]):
        with pytest.raises(ConfigError):
            socketio_origins(bad)


def test_the_remember_cookie_is_lax_and_http_only(client):
    user = create_user("or-remember")
    response = client.post("/login", data={"login": user.login, "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember_token="))
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie
