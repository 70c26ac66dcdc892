"""User administration and self-service cut open sockets off (realtime/access.py): a deactivation,
a password reset and a password change each end every socket of the account, once, with their
reason; the other people in the room go on."""

import pytest

from app.auth.account import change_own_password
from app.auth.admin import deactivate_user, reset_password
from app.extensions import db, socketio
from tests.conftest import login
from tests.realtime.live_helpers import NS, Hall, named
from tests.support.factories import PASSWORD, create_user


@pytest.fixture
def hall(app):
    return Hall(app, "ua")


def _closed_soon(sio) -> bool:
    socketio.sleep(0)
    return not sio.is_connected(NS)


def _connected(hall, client):
    tablet = hall.socket("member1")
    login(client, hall.people["member1"])
    browser = socketio.test_client(hall.app, namespace=NS, flask_test_client=client)
    assert hall.emit(browser, "meeting.join", {"meeting_id": hall.meeting.id})["ok"] is True
    chair = hall.socket("chair")
    for sio in (tablet, browser, chair):
        sio.get_received(NS)
    return tablet, browser, chair


@pytest.mark.parametrize("how", ["account_disabled", "password_reset", "password_changed"])
def test_each_socket_of_the_account_is_cut_off_once_with_the_reason(hall, client, how):
    tablet, browser, chair = _connected(hall, client)
    member = hall.people["member1"]
    if how == "account_disabled":
        deactivate_user(create_user(role="admin"), member)
    elif how == "password_reset":
        reset_password(create_user(role="admin"), member)
    else:
        change_own_password(member, PASSWORD, "Moi-2026-hop-xa", "Moi-2026-hop-xa")
    db.session.commit()
    for sio in (tablet, browser):
        assert named(sio) == [("access.revoked", {"meeting_id": None, "reason": how})]
    assert not [n for n, _ in named(chair) if n == "access.revoked"]
    assert _closed_soon(tablet) and _closed_soon(browser)
    assert chair.is_connected(NS)
