import sqlalchemy as sa

from app.extensions import db
from app.models import ApiToken, SystemRole
from tests.conftest import login
from tests.support.factories import PASSWORD, create_meeting, create_user


def test_password_is_hashed_and_checked(app):
    user = create_user("hashcheck")
    assert PASSWORD not in user.password_hash
    assert user.check_password(PASSWORD)
    assert not user.check_password("sai-mat-khau")


def test_login_page_is_vietnamese(client):
    html = client.get("/login").get_data(as_text=True)
    assert "Đăng nhập" in html and "Tên đăng nhập" in html and "Mật khẩu" in html


def test_wrong_password_is_refused_in_vietnamese(client):
    user = create_user("sai")
    response = client.post("/login", data={"login": user.login, "password": "khong-dung"})
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.get_data(as_text=True)
    assert client.get("/meetings/mine").status_code == 302  # still anonymous


def test_disabled_account_cannot_log_in(client):
    user = create_user("khoa")
    user.is_active_account = False
    db.session.flush()
    response = client.post("/login", data={"login": "khoa", "password": PASSWORD})
    assert response.status_code == 401


def test_each_role_lands_on_its_first_page(client):
    expected = {
        SystemRole.member: ("/meetings/mine", "Cuộc họp của tôi"),
        SystemRole.secretariat: ("/meetings/prepare", "Cuộc họp cần chuẩn bị"),
        SystemRole.archivist: ("/archive", "Lưu trữ cuộc họp"),
        SystemRole.admin: ("/admin/users", "Người dùng"),
    }
    for role, (path, heading) in expected.items():
        user = create_user(f"home-{role.value}", role)
        login(client, user)
        response = client.get("/")
        assert response.status_code == 302 and response.headers["Location"].endswith(path)
        page = client.get(path)
        assert page.status_code == 200 and heading in page.get_data(as_text=True)
        client.post("/logout")


def test_logout_requires_post_and_ends_session(client):
    user = create_user("thoat")
    login(client, user)
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    assert client.get("/meetings/mine").status_code == 302


def test_open_redirect_is_refused(client):
    user = create_user("chuyenhuong")
    response = client.post("/login?next=https://evil.example/", data={"login": user.login, "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_english_is_available(client):
    html = client.get("/login?lang=en").get_data(as_text=True)
    assert "Log in" in html and "Password" in html


def test_a_language_chosen_on_a_redirecting_url_sticks(client):
    login(client, create_user("ngonngu"))
    assert client.get("/?lang=en").status_code == 302  # "/" only redirects to the role's first page
    assert "My meetings" in client.get("/meetings/mine").get_data(as_text=True)
    client.get("/?lang=vi")
    assert "Cuộc họp của tôi" in client.get("/meetings/mine").get_data(as_text=True)


def test_member_home_lists_only_their_meetings(client):
    member, other = create_user("tv-a"), create_user("tv-b")
    mine = create_meeting({member: "member"}, title="Họp của tôi")
    create_meeting({other: "member"}, title="Họp của người khác")
    login(client, member)
    html = client.get("/meetings/mine").get_data(as_text=True)
    assert mine.title in html and "Họp của người khác" not in html


def test_token_hash_only_is_stored(app):
    from app.auth.services import issue_token

    user = create_user("tokenuser")
    token, raw = issue_token(user, "tablet")
    stored = db.session.scalar(sa.select(ApiToken).where(ApiToken.id == token.id))
    assert raw.startswith("php_") and raw not in (stored.token_hash, stored.prefix + "x")
    assert stored.token_hash != raw and len(stored.token_hash) == 64
