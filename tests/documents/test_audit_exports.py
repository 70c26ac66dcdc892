"""What leaves without the document routes is logged too: the signed minutes (opened or downloaded)
and every file of an exported record, and the archivist sees those rows on /audit."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

import sqlalchemy as sa

from app.extensions import db
from app.models import SystemRole
from meetings.models import AccessAction, AccessLog
from meetings.services import minutes as svc
from tests.conftest import login
from tests.support.factories import create_user
from tests.support.minutes import P12_PASSPHRASE, closed_meeting_with_signers

HTML = {"Accept": "text/html"}


def _rows(meeting, user):
    return list(
        db.session.scalars(
            sa.select(AccessLog)
            .where(AccessLog.meeting_id == meeting.id, AccessLog.user_id == user.id)
            .order_by(AccessLog.id)
        )
    )


def _signed_meeting():
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=True)
    svc.save_draft(secretary, meeting, number="15/BB-UBND", narrative="Chủ tịch khai mạc phiên họp.")
    svc.lock_draft(secretary, meeting)
    svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    svc.sign_minutes(chair, meeting, P12_PASSPHRASE)
    db.session.commit()
    return meeting, member


def test_signed_minutes_views_and_downloads_are_logged(app, client, store):
    meeting, member = _signed_meeting()
    login(client, member)
    assert client.get(f"/meetings/{meeting.id}/minutes/signed.pdf").data.startswith(b"%PDF")
    assert client.get(f"/meetings/{meeting.id}/minutes/signed.pdf?download=1").data.startswith(b"%PDF")
    rows = _rows(meeting, member)
    assert [(r.action, r.document_id, r.document_title) for r in rows] == [
        (AccessAction.open, None, "Biên bản đã ký số (2 chữ ký)"),
        (AccessAction.download, None, "Biên bản đã ký số (2 chữ ký)"),
    ]


def test_every_file_of_an_exported_record_is_logged_and_shown_to_the_archivist(app, client, store):
    meeting, member = _signed_meeting()
    archivist = create_user(role=SystemRole.archivist, full_name="Châu Thị Lưu")
    db.session.commit()
    login(client, archivist)
    response = client.get(f"/archive/meetings/{meeting.id}/record.zip")
    assert response.mimetype == "application/zip"
    rows = _rows(meeting, archivist)
    assert {r.action for r in rows} == {AccessAction.export}
    # titled like the other signed-minutes rows, by its signature count: no internal revision id
    assert sorted((r.document_id is None, r.document_title) for r in rows) == [
        (False, "Báo cáo quý I"),
        (True, "Biên bản đã ký số (2 chữ ký)"),
    ]
    page = client.get("/audit?action=export", headers=HTML).get_data(as_text=True)
    assert page.count('data-action="export"') == 2 and "Xuất hồ sơ" in page and "Châu Thị Lưu" in page
    assert "Biên bản đã ký số (2 chữ ký)" in page and "bản lưu #" not in page
    # the metadata names the signed minutes apart from the documents, whose ids they may share
    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(response.data)).read("metadata.xml"))
    minutes = root.findall("signedMinutes")
    assert [(m.get("id"), m.get("signatures")) for m in minutes] == [(str(svc.latest_signed(meeting).id), "2")]
    assert [d.get("kind") for d in root.iter("document")] == ["document"]
    logged = next(r.document_id for r in rows if r.document_id is not None)
    assert [d.get("id") for d in root.iter("document")] == [str(logged)]


def test_a_refused_export_logs_nothing(app, client, store):
    meeting, _member = _signed_meeting()
    outsider = create_user()
    db.session.commit()
    login(client, outsider)
    assert client.get(f"/archive/meetings/{meeting.id}/record.zip").status_code == 404
    assert client.get(f"/meetings/{meeting.id}/minutes/signed.pdf").status_code == 404
    assert _rows(meeting, outsider) == []
