"""The "Nơi nhận" a new minutes draft proposes follows the level of the body that meets: since
1 July 2025 a commune's minutes go to the commune's Party committee, People's Council and UBND
members (they used to propose "Thường trực Huyện ủy" for every body, a district that no longer
exists); a dissolved district's historical meetings keep the district's wording."""

from __future__ import annotations

import subprocess

import pytest

from app.extensions import db
from app.models import Body
from meetings.services import minutes as svc
from tests.conftest import login
from tests.support.minutes import closed_meeting_with_signers


def _held_by(meeting, name):
    meeting.host_body = Body.named(name)
    db.session.flush()
    return meeting


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("UBND xã Mỹ Thọ", ["Thường trực Đảng ủy xã", "Thường trực HĐND xã", "Các thành viên UBND xã", "Lưu: VT"]),
        (
            "UBND phường Cao Lãnh",
            ["Thường trực Đảng ủy phường", "Thường trực HĐND phường", "Các thành viên UBND phường"],
        ),
        ("UBND tỉnh Đồng Tháp", ["Thường trực Tỉnh ủy", "Thường trực HĐND tỉnh", "Các thành viên UBND tỉnh"]),
        ("UBND huyện Cao Lãnh", ["Thường trực Huyện ủy", "Thường trực HĐND huyện", "Các thành viên UBND huyện"]),
    ],
)
def test_a_new_draft_proposes_the_recipients_of_its_level(app, store, body, expected):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    _held_by(meeting, body)
    proposed = svc.default_recipients(meeting).splitlines()
    assert proposed[: len(expected)] == expected and proposed[-1] == "Lưu: VT"
    assert svc.minutes_document(meeting, None).recipients == tuple(proposed)


def test_the_commune_draft_page_and_preview_name_no_district(app, client, store, tmp_path):
    meeting, secretary, chair, member = _meeting_of_the_commune()
    login(client, secretary)
    page = client.get(f"/meetings/{meeting.id}/minutes").get_data(as_text=True)
    assert "Thường trực Đảng ủy xã\nThường trực HĐND xã\nCác thành viên UBND xã\nLưu: VT" in page
    assert "Huyện ủy" not in page and "HĐND huyện" not in page
    path = tmp_path / "bb.pdf"
    path.write_bytes(client.get(f"/meetings/{meeting.id}/minutes/preview.pdf").data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Thường trực Đảng ủy xã" in text and "Huyện ủy" not in text


def test_a_saved_draft_keeps_what_the_secretary_wrote(app, store):
    meeting, secretary, chair, member = _meeting_of_the_commune()
    svc.save_draft(secretary, meeting, number="15/BB-UBND", recipients="Thường trực Đảng ủy xã\nLưu: VT")
    assert svc.minutes_document(meeting, svc.get_draft(meeting)).recipients == ("Thường trực Đảng ủy xã", "Lưu: VT")


def _meeting_of_the_commune():
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    _held_by(meeting, "UBND xã Mỹ Thọ")
    return meeting, secretary, chair, member
