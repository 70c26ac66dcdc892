"""The archive leads to signature verification: a button to check any PDF, and for each meeting with
signed minutes a link that verifies the stored signed copy (the demo's: secretary then chair, valid)."""

from __future__ import annotations

import re

import sqlalchemy as sa

from app.extensions import db
from app.models import SystemRole, User
from meetings.models import Meeting
from tests.conftest import login
from tests.support.factories import create_user
from tests.support.minutes import closed_meeting_with_signers

HTML = {"Accept": "text/html"}
DEMO_TITLE = "Phiên họp thường kỳ tháng 3 năm 2020 của UBND huyện Cao Lãnh"


def _verify_links(page: str) -> dict[int, str]:
    """meeting id → href of its "verify the stored signed minutes" link."""
    out = {}
    for hit in re.findall(r'<li class="hit"[^>]*data-meeting-id="(\d+)">(.*?)</li>', page, re.S):
        link = re.search(r'data-testid="verify-signed" href="([^"]+)"', hit[1])
        if link:
            out[int(hit[0])] = link.group(1)
    return out


def test_archive_links_to_verification_of_the_demo_signed_minutes(app, client, store):
    from demo.seed import seed_demo

    assert seed_demo(app.config["DEMO_PASSWORD"])
    demo = db.session.scalar(sa.select(Meeting).where(Meeting.title == DEMO_TITLE))
    unsigned, *_people = closed_meeting_with_signers(documents=False)
    archivist = db.session.scalar(sa.select(User).where(User.login == "luutru"))
    db.session.commit()
    login(client, archivist, app.config["DEMO_PASSWORD"])

    page = client.get("/archive", headers=HTML).get_data(as_text=True)
    assert 'data-testid="verify-any" href="/archive/verify">Kiểm tra chữ ký số của tệp PDF</a>' in page
    links = _verify_links(page)
    assert links == {demo.id: f"/meetings/{demo.id}/minutes/verify"}  # the unsigned meeting has none
    assert f'data-meeting-id="{unsigned.id}"' in page
    assert "Kiểm tra chữ ký số biên bản đã lưu (2 chữ ký)" in page

    report = client.get(links[demo.id], headers=HTML).get_data(as_text=True)
    assert 'data-ok="true"' in report and "Mọi chữ ký nguyên vẹn và hợp lệ" in report
    assert "Bản lưu trữ của cuộc họp." in report and "Trùng khớp bản lưu trữ có 2 chữ ký" in report
    rows = re.findall(r'<tr class="(ok|bad)">\s*<td>(\d)</td>\s*<td>(.*?)<br>', report)
    assert [(cls, n) for cls, n, _signer in rows] == [("ok", "1"), ("ok", "2")]
    chair = db.session.scalar(sa.select(User).where(User.login == "hcl.chutich"))  # the district's, 2020
    assert "Lê Hoàng Nam" in rows[0][2] and chair.full_name in rows[1][2]  # secretary first, then the chair
    assert report.count("Nguyên vẹn, chữ ký hợp lệ") == 2

    upload = client.get("/archive/verify", headers=HTML).get_data(as_text=True)
    assert "Tải lên tệp PDF biên bản cần kiểm tra" in upload


def test_minutes_signed_once_are_verifiable_from_the_archive_too(app, client, store):
    from meetings.services import minutes as svc
    from tests.support.minutes import P12_PASSPHRASE

    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    svc.save_draft(secretary, meeting, number="15/BB-UBND", narrative="Khai mạc.")
    svc.lock_draft(secretary, meeting)
    svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    archivist = create_user(role=SystemRole.archivist)
    db.session.commit()
    login(client, member)  # a member of the meeting, but not an archivist: no archive page
    assert client.get("/archive", headers=HTML).status_code == 403
    client.post("/logout")
    login(client, archivist)
    page = client.get("/archive", headers=HTML).get_data(as_text=True)
    assert _verify_links(page) == {meeting.id: f"/meetings/{meeting.id}/minutes/verify"}
    assert "Kiểm tra chữ ký số biên bản đã lưu (1 chữ ký)" in page
    report = client.get(f"/meetings/{meeting.id}/minutes/verify", headers=HTML).get_data(as_text=True)
    assert 'data-ok="true"' in report and "Lê Hoàng Nam" in report
