"""The user import's "Cơ quan" and "Chức danh" columns: a line naming an active body (exactly, or without
case and diacritics when that names one body) and an office makes or changes the user's standing
membership; an unknown, ambiguous or dissolved body, or an unknown office, refuses the line with its
number and the reason; the dry run shows the membership change and writes nothing."""

from __future__ import annotations

import io
import re
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Body, BodyLevel, BodyMember, BodyOffice, User
from tests.conftest import login
from tests.support.factories import create_user

CSV = (
    "Họ tên,Email/Tên đăng nhập,Cơ quan,Chức danh\n"
    "Nguyễn Thị Mỹ Thọ,tho.nt@mytho.dongthap.gov.vn,UBND xã Mỹ Thọ,Phó Chủ tịch\n"  # 2 new, vice chairman
    "Lê Văn Sáu,tv.sau,ubnd xa my tho,chu tich\n"  # 3 existing member → chairman (no diacritics)
    "Trần Văn Bảy,tv.bay,UBND xã Ba Sao,Ủy viên\n"  # 4 existing: joins Ba Sao
    "Phạm Văn Chín,tv.chin,UBND xã Mỹ Thọ,Ủy viên\n"  # 5 same: already a serving member
    "Đỗ Văn Mười,tv.muoi,UBND xã Không Có,Ủy viên\n"  # 6 refused: unknown body
    "Võ Thị Một,vo.mot,UBND xã Mỹ Thọ,Giám đốc\n"  # 7 refused: unknown office
    "Hồ Văn Hai,ho.hai,UBND huyện Tháp Mười,Ủy viên\n"  # 8 refused: dissolved
    "Lý Văn Ba,ly.ba,ubnd xa tan phu,Ủy viên\n"  # 9 refused: two bodies fold to this name (neither exact)
    "Mai Văn Bốn,mai.bon,,Ủy viên\n"  # 10 refused: office without a body
    "Tạ Văn Năm,ta.nam,UBND xã Mỹ Thọ,\n"  # 11 refused: body without an office
)


def _post(client, data: bytes, apply=False):
    if apply:
        return client.post("/admin/users/import", data={"csv_text": data.decode("utf-8-sig"), "apply": "1"})
    return client.post(
        "/admin/users/import", data={"file": (io.BytesIO(data), "thanh-vien.csv")}, content_type="multipart/form-data"
    )


def _rows(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<tr class="import-(\w+)"><td>(\d+)</td>', html)


def _memberships() -> set[tuple[str, str, str]]:
    rows = db.session.execute(
        sa.select(User.login, Body.name, BodyMember.office)
        .join(BodyMember, BodyMember.user_id == User.id)
        .join(Body, Body.id == BodyMember.body_id)
    ).all()
    return {(login_, body, office.value) for login_, body, office in rows}


def test_the_body_and_office_columns_make_memberships(app, client):
    my_tho = Body(name="UBND xã Mỹ Thọ", level=BodyLevel.commune)
    ba_sao = Body(name="UBND xã Ba Sao", level=BodyLevel.commune)
    gone = Body(name="UBND huyện Tháp Mười", level=BodyLevel.district, dissolved_on=date(2025, 6, 30))
    twins = [
        Body(name="UBND xã Tân Phú", level=BodyLevel.commune),
        Body(name="UBND xã Tân Phủ", level=BodyLevel.commune),
    ]
    db.session.add_all([my_tho, ba_sao, gone, *twins])
    sau = create_user("tv.sau", full_name="Lê Văn Sáu")
    create_user("tv.bay", full_name="Trần Văn Bảy")
    chin = create_user("tv.chin", full_name="Phạm Văn Chín")
    db.session.add_all(
        [
            BodyMember(body=my_tho, user=sau, office=BodyOffice.member),
            BodyMember(body=my_tho, user=chin, office=BodyOffice.member),
        ]
    )
    db.session.flush()
    before = _memberships()
    login(client, create_user("qt.coquan", "admin"))

    dry = _post(client, CSV.encode())
    html = dry.get_data(as_text=True)
    assert dry.status_code == 200
    assert _rows(html) == [
        ("create", "2"),
        ("update", "3"),
        ("update", "4"),
        ("same", "5"),
        ("refused", "6"),
        ("refused", "7"),
        ("refused", "8"),
        ("refused", "9"),
        ("refused", "10"),
        ("refused", "11"),
    ]
    for shown in (
        "Thêm vào UBND xã Mỹ Thọ với chức danh Phó Chủ tịch.",
        "Chức danh tại UBND xã Mỹ Thọ: Ủy viên → Chủ tịch.",
        "Thêm vào UBND xã Ba Sao với chức danh Ủy viên.",
        "Không có cơ quan «UBND xã Không Có».",
        "Chức danh trong cơ quan không hợp lệ: «Giám đốc»",
        "UBND huyện Tháp Mười đã giải thể; không thể thêm thành viên.",
        "Tên cơ quan «ubnd xa tan phu» không rõ là cơ quan nào",
        "Có chức danh nhưng thiếu cơ quan.",
        "Thiếu chức danh trong cơ quan",
    ):
        assert shown in html, shown
    db.session.expire_all()
    assert _memberships() == before  # the dry run wrote nothing
    assert db.session.scalar(sa.select(User).where(User.login == "tho.nt")) is None

    applied = _post(client, CSV.encode(), apply=True)
    assert applied.status_code == 200 and 'data-testid="import-applied"' in applied.get_data(as_text=True)
    db.session.expire_all()
    assert _memberships() == {
        ("tho.nt", "UBND xã Mỹ Thọ", "vice_chairman"),
        ("tv.sau", "UBND xã Mỹ Thọ", "chairman"),
        ("tv.bay", "UBND xã Ba Sao", "member"),
        ("tv.chin", "UBND xã Mỹ Thọ", "member"),
    }
    for refused in ("tv.muoi", "vo.mot", "ho.hai", "ly.ba", "mai.bon", "ta.nam"):
        assert db.session.scalar(sa.select(User).where(User.login == refused)) is None
    entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert entry.action == "user.import" and '"memberships":3' in entry.details.replace(" ", "")


def test_the_account_page_lists_the_users_body_memberships_with_links(app, client):
    my_tho = Body(name="UBND xã Mỹ Thọ", level=BodyLevel.commune)
    gone = Body(name="UBND huyện Tháp Mười", level=BodyLevel.district, dissolved_on=date(2025, 6, 30))
    db.session.add_all([my_tho, gone])
    sau = create_user("tv.sau", full_name="Lê Văn Sáu")
    loner = create_user("tv.mot", full_name="Võ Văn Một")
    db.session.add_all(
        [
            BodyMember(
                body=gone, user=sau, office=BodyOffice.member, starts_on=date(2021, 7, 1), ends_on=date(2025, 6, 30)
            ),
            BodyMember(body=my_tho, user=sau, office=BodyOffice.vice_chairman, starts_on=date(2025, 7, 1)),
        ]
    )
    db.session.flush()
    ids = (my_tho.id, gone.id, sau.id, loner.id)
    login(client, create_user("qt.xem", "admin"))
    page = client.get(f"/admin/users/{ids[2]}").get_data(as_text=True)
    section = page[page.index('data-testid="body-memberships"') : page.index(">Thao tác<")]
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", section, re.S)
    assert [(a.strip(), b, c) for a, b, c in rows] == [
        (f'<a href="/admin/bodies/{ids[0]}">UBND xã Mỹ Thọ</a>', "Phó Chủ tịch", "01/07/2025 – nay"),
        (
            f'<a href="/admin/bodies/{ids[1]}">UBND huyện Tháp Mười (Đã giải thể ngày 30/06/2025)</a>',
            "Ủy viên",
            "01/07/2021 – 30/06/2025",
        ),
    ]
    assert "<input" not in section and "<select" not in section  # read-only: edited on the body's page
    empty = client.get(f"/admin/users/{ids[3]}").get_data(as_text=True)
    assert "Người này chưa là thành viên thường trực của cơ quan nào." in empty
    english = client.get(f"/admin/users/{ids[2]}?lang=en").get_data(as_text=True)
    assert "Body memberships" in english and "Phó Chủ tịch" not in english
