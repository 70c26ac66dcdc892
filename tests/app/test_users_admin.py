"""User administration (app/auth/admin.py, admin_views.py, admin_api.py): what changes, what is
refused, what ends at once, and what the audit log keeps."""

from __future__ import annotations

import re

import sqlalchemy as sa

from app.audit import verify_chain
from app.auth.services import issue_token
from app.extensions import db
from app.models import AuditEntry, User
from tests.conftest import login
from tests.support.factories import PASSWORD, create_user


def bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def actions(target=None):
    query = sa.select(AuditEntry.action).order_by(AuditEntry.seq)
    if target:
        query = query.where(AuditEntry.target == target)
    return db.session.scalars(query).all()


def _temporary(html: str) -> str:
    return re.search(r'data-testid="temporary-password">([^<]+)<', html).group(1)


def test_the_admin_creates_a_user_who_must_change_the_temporary_password_first(app, client):
    admin = create_user("qt.tao", "admin")
    login(client, admin)
    created = client.post(
        "/admin/users/new",
        data={
            "login": "ng.van.a",
            "full_name": "Nguyễn Văn A",
            "email": "a@mytho.gov.vn",
            "unit": "UBND xã Mỹ Thọ",
            "position": "Ủy viên",
            "system_role": "member",
            "locale": "vi",
        },
    )
    assert created.status_code == 200
    password = _temporary(created.get_data(as_text=True))
    person = db.session.scalar(sa.select(User).where(User.login == "ng.van.a"))
    assert person.full_name == "Nguyễn Văn A" and person.unit == "UBND xã Mỹ Thọ" and person.must_change_password
    assert person.check_password(password)
    client.post("/logout")

    login(client, person, password)
    for path in ("/meetings/mine", "/", "/account"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith("/account/password")
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and api.get_json()["code"] == "password_change_required"
    assert "đổi mật khẩu tạm thời" in api.get_json()["error"]
    weak = client.post(
        "/account/password", data={"current_password": password, "new_password": "ngắn1", "confirm_password": "ngắn1"}
    )
    assert weak.status_code == 400 and "ít nhất 10 ký tự" in weak.get_data(as_text=True)
    db.session.expire_all()
    assert person.check_password(password) and person.must_change_password
    done = client.post(
        "/account/password",
        data={
            "current_password": password,
            "new_password": "Hop-xa-2026-MyTho",
            "confirm_password": "Hop-xa-2026-MyTho",
        },
    )
    assert done.status_code == 302
    assert client.get("/meetings/mine").status_code == 200  # this session goes on
    db.session.expire_all()
    assert not person.must_change_password and person.check_password("Hop-xa-2026-MyTho")
    assert actions("ng.van.a") == ["user.create", "login.success", "password.change"]
    assert actions("qt.tao") == ["login.success", "logout"]


def test_deactivation_ends_sessions_tokens_and_refuses_login_then_reactivation_restores_login(app, client):
    admin = create_user("qt.khoa", "admin")
    member = create_user("tv.khoa")
    _, raw = issue_token(member, "máy tính bảng")
    member_client = app.test_client()
    login(member_client, member)
    assert member_client.get("/meetings/mine").status_code == 200
    assert app.test_client().get("/api/v1/me", headers=bearer(raw)).status_code == 200

    login(client, admin)
    response = client.post(f"/admin/users/{member.id}/deactivate")
    assert response.status_code == 302
    assert member_client.get("/meetings/mine").status_code == 302  # the session cookie no longer works
    assert app.test_client().get("/api/v1/me", headers=bearer(raw)).status_code == 401
    again = app.test_client().post("/login", data={"login": "tv.khoa", "password": PASSWORD})
    assert again.status_code == 401

    assert client.post(f"/admin/users/{member.id}/reactivate").status_code == 302
    assert app.test_client().post("/login", data={"login": "tv.khoa", "password": PASSWORD}).status_code == 302
    assert member_client.get("/meetings/mine").status_code == 302  # the old session stays ended
    assert app.test_client().get("/api/v1/me", headers=bearer(raw)).status_code == 401  # and so does the old token
    assert actions("tv.khoa")[-4:] == ["user.deactivate", "login.failed", "user.reactivate", "login.success"]
    assert verify_chain().ok


def test_an_admin_cannot_deactivate_or_demote_themself_and_others_cannot_administer(app, client):
    admin = create_user("qt.tu", "admin")
    login(client, admin)
    refused = client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "không thể tự vô hiệu hóa" in refused.get_data(as_text=True)
    patch = client.patch(f"/api/v1/users/{admin.id}", json={"system_role": "member"})
    assert patch.status_code == 400 and "chính mình" in patch.get_json()["error"]
    db.session.expire_all()
    assert admin.is_active_account and admin.system_role.value == "admin"
    secretariat = create_user("vp.khong", "secretariat")
    _, raw = issue_token(secretariat)
    assert app.test_client().get("/api/v1/users", headers=bearer(raw)).status_code == 403
    assert app.test_client().post(f"/api/v1/users/{admin.id}/deactivate", headers=bearer(raw)).status_code == 403


def test_the_api_lists_filters_creates_edits_and_resets(app, client):
    admin = create_user("qt.api", "admin")
    create_user("tv.mot", full_name="Lê Thị Mỹ Hiệp", unit="UBND xã Mỹ Hiệp")
    archivist = create_user("vt.hai", "archivist")
    _, raw = issue_token(admin, "script")
    h = bearer(raw)
    listed = client.get("/api/v1/users?q=mỹ hiệp", headers=h).get_json()
    assert [u["login"] for u in listed["items"]] == ["tv.mot"]
    by_role = client.get("/api/v1/users?role=archivist", headers=h).get_json()
    assert [u["login"] for u in by_role["items"]] == ["vt.hai"]
    assert client.get("/api/v1/users?role=vua", headers=h).status_code == 400

    bad = client.post("/api/v1/users", headers=h, json={"login": "Có Dấu", "full_name": "X"})
    assert bad.status_code == 400 and "Tên đăng nhập" in bad.get_json()["error"]
    assert (
        client.post("/api/v1/users", headers=h, json={"login": "x.y", "full_name": "X", "email": "nope"}).status_code
        == 400
    )
    assert db.session.scalar(sa.select(User).where(User.login.in_(["x.y", "có dấu"]))) is None

    made = client.post(
        "/api/v1/users",
        headers=h,
        json={"login": "pct.xa", "full_name": "Phạm Văn Ba", "system_role": "member", "locale": "en"},
    )
    assert made.status_code == 201
    body = made.get_json()
    assert body["user"]["must_change_password"] and len(body["temporary_password"]) == 14

    edited = client.patch(
        f"/api/v1/users/{archivist.id}", headers=h, json={"unit": "Văn phòng UBND tỉnh", "full_name": "Võ Thị Hai"}
    )
    assert edited.get_json()["changed"] == ["unit", "full_name"] or sorted(edited.get_json()["changed"]) == [
        "full_name",
        "unit",
    ]
    assert client.patch(f"/api/v1/users/{archivist.id}", headers=h, json={"password_hash": "x"}).status_code == 400

    reset = client.post(f"/api/v1/users/{archivist.id}/reset-password", headers=h).get_json()
    db.session.expire_all()
    assert archivist.check_password(reset["temporary_password"]) and archivist.must_change_password
    assert client.get("/api/v1/users/999999", headers=h).status_code == 404
    assert actions("vt.hai") == ["user.update", "user.password_reset"]


def test_a_users_own_password_change_needs_the_current_one_and_ends_other_sessions(app, client):
    member = create_user("tv.doi", full_name="Trần Văn Đổi")
    other = app.test_client()
    login(other, member)
    login(client, member)
    wrong = client.post(
        "/account/password",
        data={"current_password": "khong-phai", "new_password": "Moi-2026-abc", "confirm_password": "Moi-2026-abc"},
    )
    assert wrong.status_code == 400 and "Mật khẩu hiện tại không đúng" in wrong.get_data(as_text=True)
    for new, message in (
        ("tv.doi-2026-x", "quá dễ đoán"),
        ("chicochuthoi", "cả chữ cái và chữ số"),
        ("Moi-2026-abc", None),
    ):
        response = client.post(
            "/account/password", data={"current_password": PASSWORD, "new_password": new, "confirm_password": new}
        )
        if message:
            assert response.status_code == 400 and message in response.get_data(as_text=True)
        else:
            assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert other.get("/meetings/mine").status_code == 302  # the other device is signed out
    assert client.post("/account/language", data={"locale": "en"}).status_code == 302
    db.session.expire_all()
    assert member.locale == "en"
    assert "<h1>My account</h1>" in client.get("/account").get_data(as_text=True)
    assert client.post("/account/language", data={"locale": "fr"}).status_code == 400


def test_tokens_are_issued_named_listed_and_revoked_from_the_ui(app, client):
    member = create_user("tv.ma")
    stranger = create_user("tv.la")
    login(client, member)
    assert client.post("/account/tokens", data={"name": " ", "days": "90"}).status_code == 400
    page = client.post("/account/tokens", data={"name": "Máy tính bảng phòng họp", "days": "90"}).get_data(as_text=True)
    raw = re.search(r'data-testid="token-value">([^<]+)<', page).group(1)
    assert app.test_client().get("/api/v1/me", headers=bearer(raw)).get_json()["login"] == "tv.ma"
    listing = client.get("/account").get_data(as_text=True)
    assert "Máy tính bảng phòng họp" in listing and raw not in listing  # shown once only
    token_id = int(re.search(r'name="token_id" value="(\d+)"', listing).group(1))
    stranger_client = app.test_client()
    login(stranger_client, stranger)
    assert stranger_client.post("/account/tokens/revoke", data={"token_id": token_id}).status_code == 404
    assert app.test_client().get("/api/v1/me", headers=bearer(raw)).status_code == 200
    assert client.post("/account/tokens/revoke", data={"token_id": token_id}).status_code == 302
    assert app.test_client().get("/api/v1/me", headers=bearer(raw)).status_code == 401
    assert actions("tv.ma")[-2:] == ["token.issue", "token.revoke"]


def test_logins_are_audited_success_failure_and_lockout(app, client):
    create_user("tv.dn")
    for _ in range(5):
        client.post("/login", data={"login": "tv.dn", "password": "sai-mat-khau"})
    client.post("/login", data={"login": "tv.dn", "password": PASSWORD})
    client.post("/login", data={"login": "khong.ai", "password": "x"})
    assert actions("tv.dn") == ["login.failed"] * 4 + ["login.lockout", "login.refused_locked"]
    assert actions("khong.ai") == ["login.failed"]
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.target == "khong.ai"))
    assert entry.address == "127.0.0.1" and entry.actor_id is None


def test_the_audit_page_filters_and_verifies(app, client):
    archivist = create_user("vt.xem", "archivist")
    member = create_user("tv.xem")
    client.post("/login", data={"login": "tv.xem", "password": "sai"})
    login(client, archivist)
    page = client.get("/admin/audit?action=login&target=tv.xem&verify=1").get_data(as_text=True)
    assert "login.failed" in page and "tv.xem" in page and 'data-testid="chain-ok"' in page
    assert "<code>user.create</code>" not in page
    assert "Đăng nhập sai <code>login.failed</code>" in page  # named in the reader's language, code beside
    assert '<option value="document.open" >Mở tài liệu (document.open)</option>' in page
    client.post("/account/language", data={"locale": "en"})
    english = client.get("/admin/audit?action=login&target=tv.xem").get_data(as_text=True)
    assert "Failed login <code>login.failed</code>" in english
    assert client.get("/admin/audit?date_from=hom-qua").status_code == 400
    member_client = app.test_client()
    login(member_client, member)
    assert member_client.get("/admin/audit").status_code == 403


def test_sockets_are_refused_to_a_temporary_password_and_to_an_old_session(app, client):
    from app.auth.admin import reset_password
    from app.extensions import socketio

    admin, member = create_user("qt.sock", "admin"), create_user("tv.sock")
    login(client, member)
    sio = socketio.test_client(app, namespace="/meeting", flask_test_client=client)
    assert sio.is_connected("/meeting")
    sio.disconnect("/meeting")
    temporary = reset_password(admin, member)
    db.session.flush()
    old_session = socketio.test_client(app, namespace="/meeting", flask_test_client=client)
    assert not old_session.is_connected("/meeting")  # the session from before the reset has ended
    fresh = app.test_client()
    login(fresh, member, temporary)
    assert not socketio.test_client(app, namespace="/meeting", flask_test_client=fresh).is_connected("/meeting")
    _, raw = issue_token(member, "cli")
    assert not socketio.test_client(app, namespace="/meeting", auth={"token": raw}).is_connected("/meeting")
