"""CSV import of users: the dry run tells what would happen line by line and changes nothing;
applying creates and updates in one transaction, with temporary passwords."""

from __future__ import annotations

import io

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, User
from tests.conftest import login
from tests.support.factories import create_user

CSV = (
    "Họ tên,Email/Tên đăng nhập,Đơn vị,Vai trò,Chức vụ\n"
    "Nguyễn Thị Mỹ Thọ,tho.nt@mytho.dongthap.gov.vn,UBND xã Mỹ Thọ,Thành viên,Phó Chủ tịch\n"  # 2 new
    "Lê Văn Sáu,tv.sau,UBND xã Mỹ Thọ,văn thư,Văn thư\n"  # 3 changed (unit, role, position)
    "Trần Văn Bảy,tv.bay,UBND xã Ba Sao,Thành viên,Ủy viên\n"  # 4 same
    ",khong.ten,,,\n"  # 5 refused: no name
    "Ai Đó,Có Dấu,,,\n"  # 6 refused: login
    "Người Lạ,la.nguoi,,Giám đốc,\n"  # 7 refused: role
    "Trùng Lặp,tho.nt@mytho.dongthap.gov.vn,,,\n"  # 8 refused: duplicate of line 2
)


def _post(client, data: bytes, apply=False):
    if apply:
        return client.post("/admin/users/import", data={"csv_text": data.decode("utf-8-sig"), "apply": "1"})
    return client.post(
        "/admin/users/import", data={"file": (io.BytesIO(data), "thanh-vien.csv")}, content_type="multipart/form-data"
    )


def _rows(html: str) -> list[tuple[str, str]]:
    import re

    return re.findall(r'<tr class="import-(\w+)"><td>(\d+)</td>', html)


def test_the_dry_run_shows_each_line_and_changes_nothing_then_apply_does_it(app, client):
    admin = create_user("qt.nhap", "admin")
    sau = create_user("tv.sau", full_name="Lê Văn Sáu", unit="UBND huyện Cao Lãnh", position="Chuyên viên")
    create_user("tv.bay", full_name="Trần Văn Bảy", unit="UBND xã Ba Sao", position="Ủy viên")
    login(client, admin)
    before = db.session.scalar(sa.select(sa.func.count(User.id)))
    dry = _post(client, ("\ufeff" + CSV).encode())  # Excel's BOM is tolerated
    html = dry.get_data(as_text=True)
    assert dry.status_code == 200
    assert _rows(html) == [
        ("create", "2"),
        ("update", "3"),
        ("same", "4"),
        ("refused", "5"),
        ("refused", "6"),
        ("refused", "7"),
        ("refused", "8"),
    ]
    for reason in ("Thiếu họ tên", "Tên đăng nhập không hợp lệ", "Vai trò không hợp lệ", "Trùng với dòng 2"):
        assert reason in html
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == before
    db.session.expire_all()
    assert sau.unit == "UBND huyện Cao Lãnh"

    applied = _post(client, CSV.encode(), apply=True)
    assert applied.status_code == 200 and 'data-testid="import-applied"' in applied.get_data(as_text=True)
    db.session.expire_all()
    new = db.session.scalar(sa.select(User).where(User.login == "tho.nt"))
    assert new.email == "tho.nt@mytho.dongthap.gov.vn" and new.position == "Phó Chủ tịch" and new.must_change_password
    assert (sau.unit, sau.system_role.value, sau.position) == ("UBND xã Mỹ Thọ", "archivist", "Văn thư")
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == before + 1
    audited = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.seq)).all()
    assert audited[-3:] == ["user.create", "user.update", "user.import"]


def test_a_file_that_cannot_be_read_is_refused_with_a_reason(app, client):
    login(client, create_user("qt.hong", "admin"))
    cases = {
        "Họ tên;Email\n".encode("cp1258", "replace") + "Đỗ Thị Ánh;x\n".encode("cp1258", "replace"): "UTF-8",
        b"Ho ten,Dien thoai\nA,1\n": "Cột không được hỗ trợ",
        b"Ho ten,Don vi\nA,B\n": "Thiếu cột bắt buộc",
        b"   ": "trống",
    }
    for data, message in cases.items():
        response = _post(client, data)
        assert response.status_code == 400 and message in response.get_data(as_text=True), message


def test_semicolons_and_headers_without_diacritics_are_read(app, client):
    login(client, create_user("qt.cham", "admin"))
    data = "ho ten;ten dang nhap;don vi\nVõ Văn Tám;vo.tam;UBND phường Cao Lãnh\n".encode()
    assert _rows(_post(client, data).get_data(as_text=True)) == [("create", "2")]
