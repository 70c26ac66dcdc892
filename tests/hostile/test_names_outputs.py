"""Issue 12 item 1, names and titles beyond the pages: what the e-mails, the iCalendar feed, the
minutes PDF and the watermarked copy make of hostile names and titles (tests/hostile/names_cases.py).

- E-mail: a CR/LF in a title can never start a header of its own (the services store one line,
  and the subject is made one line again when the mail is built, whatever a notice holds).
- iCalendar: the feed's SUMMARY/LOCATION hold the cleaned text; no injected property.
- Minutes PDF: pdftotext shows the cleaned title, no control or bidi character.
- Opinion-ballot report PDF: the clean title, question, member's name and comment.
- Watermark: a viewer whose name is hostile still gets a copy that opens, stamped with the name.
- Record export: ZIP entry names safe, metadata.xml well-formed with the titles as text.
- The pages' scripts never put data into HTML (textContent only)."""

from __future__ import annotations

import io
import re
import subprocess
from email.header import decode_header, make_header
from pathlib import Path

import icalendar
import pypdf

from app.auth.services import issue_token
from app.extensions import db
from meetings.localtime import LOCAL_TZ
from meetings.notices import notice
from meetings.services import minutes as minutes_svc
from meetings.services.calendar import issue_calendar_feed
from meetings.services.meetings import close_meeting
from meetings.services.notifications import _email
from tests.hostile.names_cases import FORBIDDEN, HOSTILE, SINGLE
from tests.support.factories import create_document, create_meeting, create_user
from tests.support.floor import committee, hold
from tests.support.jobs import smtp_sink

ROOT = Path(__file__).resolve().parents[2]

TITLE = HOSTILE["crlf"] + " " + HOSTILE["bidi-override"] + " " + HOSTILE["controls"]
CLEAN = SINGLE["crlf"] + " " + SINGLE["bidi-override"] + " " + SINGLE["controls"]
HEADERS = {"From", "To", "Subject", "Content-Type", "Content-Transfer-Encoding", "MIME-Version"}


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {issue_token(user)[1]}"}


def test_a_title_with_crlf_mails_one_subject_line_and_no_injected_header(app, client):
    secretary = create_user(full_name="Lê Hoàng Nam")
    member = create_user(full_name="Trần Thị Bích", email="bich@example.vn")
    meeting = create_meeting({secretary: "secretary", member: "member"})
    with smtp_sink() as sink:
        old = {k: app.config.get(k) for k in ("SMTP_HOST", "SMTP_PORT")}
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=sink.port)
        try:
            response = client.patch(f"/api/v1/meetings/{meeting.id}", json={"title": TITLE}, headers=bearer(secretary))
        finally:
            app.config.update(old)
    assert response.status_code == 200, response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(meeting), meeting.id).title == CLEAN
    [(rcpt, message)] = sink.messages
    assert rcpt == ["bich@example.vn"]
    assert set(message.keys()) <= HEADERS and "Bcc" not in message and "ATTENDEE" not in message
    subject = str(make_header(decode_header(message["Subject"])))  # folded lines start with a space: unfolded
    assert "\n" not in subject and "\r" not in subject and "Bcc: attacker@evil.example" in subject
    assert not FORBIDDEN.search(subject) and not FORBIDDEN.search(message.get_payload(decode=True).decode())


def test_a_notice_carrying_line_breaks_still_makes_a_one_line_subject(app):
    """Defence in depth: a parameter that was not cleaned (an older row, a multi-line text) cannot
    split the Subject header either (EmailMessage would raise on it and lose the mail)."""
    raw = notice("Cuộc họp «%(title)s» đã bị hủy.", title="Họp\r\nBcc: attacker@evil.example\n\nthân thư")
    with app.test_request_context():
        message = _email("bich@example.vn", None, None, raw)
    assert message.keys() == ["From", "To", "Subject", "Content-Type", "Content-Transfer-Encoding", "MIME-Version"]
    assert message["Subject"] == "[Phòng họp không giấy] Cuộc họp «Họp Bcc: attacker@evil.example thân thư» đã bị hủy."


def test_the_calendar_feed_holds_the_cleaned_title_and_no_injected_property(app, client):
    secretary = create_user(full_name="Lê Hoàng Nam")
    meeting = create_meeting({secretary: "secretary"})
    response = client.patch(
        f"/api/v1/meetings/{meeting.id}", json={"title": TITLE, "place": HOSTILE["crlf"]}, headers=bearer(secretary)
    )
    assert response.status_code == 200
    key = issue_calendar_feed(secretary)
    feed = client.get("/calendar/feed.ics", query_string={"key": key})
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    raw = feed.get_data(as_text=True)
    unfolded = raw.replace("\r\n ", "")
    assert not any(line.startswith(("ATTENDEE", "Bcc")) for line in unfolded.split("\r\n"))
    [event] = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert str(event["SUMMARY"]) == CLEAN and str(event["LOCATION"]) == SINGLE["crlf"]
    assert "ATTENDEE" not in event and not FORBIDDEN.search(raw.replace("\r\n", ""))


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "van-ban.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_minutes_pdf_shows_hostile_titles_cleaned(app, client, tmp_path):
    floor = committee(items=1)
    office = bearer(floor.secretary)
    item = floor.meeting.agenda_items[0]
    for url, body in (
        (f"/api/v1/meetings/{floor.meeting.id}", {"title": TITLE}),
        (f"/api/v1/meetings/{floor.meeting.id}/agenda/{item.id}", {"title": HOSTILE["html"] + HOSTILE["nfd"]}),
    ):
        response = client.patch(url, json=body, headers=office)
        assert response.status_code == 200, response.get_data(as_text=True)
    db.session.expire_all()  # the requests changed the rows under this session's objects
    hold(floor)
    close_meeting(floor.secretary, floor.meeting)
    text = pdf_text(minutes_svc.preview_pdf(floor.secretary, floor.meeting), tmp_path)
    flat = " ".join(text.split())
    assert "Bcc: attacker@evil.example ATTENDEE:mailto:x@evil.example Báo cáo gnp.exe Họp[31m thường kỳ" in flat
    assert "exe.png" not in flat
    assert "<script>alert('x')</script><img src=x onerror=alert(1)>" in flat  # text in the PDF, nothing that runs
    assert "Họp bàn" in flat and not FORBIDDEN.search(text.replace("\f", ""))  # pdftotext ends pages with \f


def test_the_opinion_ballot_report_shows_hostile_texts_cleaned(app, client, store, tmp_path):
    from app.models import Body, SystemRole
    from meetings.models import OpinionBallot
    from tests.hostile.names_fields import _create_ballot

    office = create_user(role=SystemRole.secretariat, full_name="Lê Hoàng Nam")
    asked = [
        create_user(full_name=HOSTILE["bidi-override"] + " " + HOSTILE["nfd"], position=HOSTILE["html"]),
        create_user(full_name="Trần Thị Bích"),
    ]
    w = type("W", (), {})()
    w.body, w.asked, w.last = Body.named("UBND xã Hòa An"), asked, {}
    w.auth = {"office": bearer(office)}
    db.session.flush()
    ballot_id = _create_ballot(client, w, TITLE, HOSTILE["crlf"] + "\n" + HOSTILE["template"])
    assert ballot_id, w.last["ballot"].get_data(as_text=True)
    answers = ((asked[0], {"choice": "other", "comment": HOSTILE["html"] + "\r\n" + HOSTILE["bidi-override"]}),
               (asked[1], {"choice": "agree"}))  # fmt: skip
    for user, answer in answers:
        response = client.put(f"/api/v1/opinion-ballots/{ballot_id}/answer", json=answer, headers=bearer(user))
        assert response.status_code == 200, response.get_data(as_text=True)
    db.session.expire_all()
    ballot = db.session.get(OpinionBallot, ballot_id)
    assert ballot.state.value == "closed" and ballot.report_key  # everyone answered: closed with its report
    text = pdf_text(store.read_bytes(ballot.report_key), tmp_path)
    flat = " ".join(text.split())
    assert CLEAN in flat and "{{7*7}} {% raw %}{{ config }}" in flat and "Báo cáo gnp.exe Họp bàn" in flat
    assert "exe.png" not in flat and not FORBIDDEN.search(text.replace("\f", ""))


def test_the_record_export_holds_hostile_titles_as_text(app, client):
    import xml.etree.ElementTree as ET
    import zipfile

    from app.models import SystemRole
    from tests.conftest import login
    from tests.documents.helpers import post_pdf
    from tests.support.pdfs import make_pdf

    office = create_user(role=SystemRole.secretariat, full_name="Lê Hoàng Nam")
    meeting = create_meeting({office: "secretary"}, items=1)
    response = client.patch(f"/api/v1/meetings/{meeting.id}", json={"title": TITLE}, headers=bearer(office))
    assert response.status_code == 200
    login(client, office)
    response = post_pdf(client, meeting, make_pdf(1), "../../etc/p\u202egnp.exe\x00.pdf", title=HOSTILE["html"])
    assert response.status_code == 201, response.get_data(as_text=True)
    meeting.state = "closed"
    db.session.flush()
    export = client.get(f"/archive/meetings/{meeting.id}/record.zip")
    assert export.status_code == 200, export.get_data(as_text=True)[:300]
    with zipfile.ZipFile(io.BytesIO(export.data)) as archive:
        names = archive.namelist()
        assert all(re.fullmatch(r"[a-z0-9][a-z0-9/._-]*", n) and ".." not in n for n in names), names
        xml = archive.read("metadata.xml").decode()
    root = ET.fromstring(xml)  # well-formed: the markup in the titles is escaped text
    texts = {t.strip() for t in root.itertext()}
    assert CLEAN in texts and SINGLE["html"] in texts and not FORBIDDEN.search(xml)


def test_no_script_puts_data_into_html():
    """What the pages' scripts show (vote questions, marks' notes, titles sent by Socket.IO) goes in
    with ``textContent``: no ``innerHTML``/``outerHTML``/``insertAdjacentHTML``/``document.write`` is
    given anything but an empty string literal."""
    risky = re.compile(r"(innerHTML|outerHTML)\s*\+?=\s*(?!\s*(\"\"|''|``)\s*;)|insertAdjacentHTML|document\.write")
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted((ROOT / "static" / "js").rglob("*.js"))
        if "vendor" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if risky.search(line)
    ]
    assert not found, "\n".join(found)
    assert risky.search("el.innerHTML = item.title;") and not risky.search('el.innerHTML = "";')


def test_a_viewer_with_a_hostile_name_gets_a_copy_that_opens(app, client):
    from tests.conftest import login

    secretary = create_user(full_name="Lê Hoàng Nam")
    viewer = create_user(
        full_name=HOSTILE["html"] + HOSTILE["bidi-override"] + HOSTILE["controls"], unit=HOSTILE["template"]
    )
    assert viewer.full_name == SINGLE["html"] + SINGLE["bidi-override"] + SINGLE["controls"]
    meeting = create_meeting({secretary: "secretary", viewer: "member"})
    document = create_document(meeting, secretary, pages=2)
    db.session.flush()
    login(client, viewer)
    response = client.get(f"/documents/{document.id}/download")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 2
    stamp = " ".join(reader.pages[0].extract_text().split())
    assert "Người xem" in stamp and "gnp.exe" in stamp and not FORBIDDEN.search(stamp)


LISTED = ("html", "bidi-override", "bidi-isolates", "controls", "template", "nfd")


def test_the_calendar_month_and_the_archive_list_show_a_hostile_title_escaped_and_cleaned(app, client):
    """The meeting lists beyond the meeting's own page (test_names.py): the month view of the member's
    calendar, and the archive's results once the meeting is closed."""
    from app.models import SystemRole
    from tests.conftest import login
    from tests.hostile.names_cases import assert_page_shows

    title = " ".join(HOSTILE[name] for name in LISTED)
    clean = " ".join(SINGLE[name] for name in LISTED)
    floor = committee(items=1)
    response = client.patch(
        f"/api/v1/meetings/{floor.meeting.id}", json={"title": title}, headers=bearer(floor.secretary)
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    db.session.expire_all()
    assert floor.meeting.title == clean
    month = f"{floor.meeting.starts_at.astimezone(LOCAL_TZ):%Y-%m}"

    member = app.test_client()
    login(member, floor.members[0])
    calendar = member.get(f"/calendar?d={month}", headers={"Accept": "text/html"})
    assert calendar.status_code == 200
    assert_page_shows(calendar.get_data(as_text=True), clean, "the calendar's month view")

    hold(floor)
    close_meeting(floor.secretary, floor.meeting)
    db.session.commit()
    archivist = app.test_client()
    login(archivist, create_user(role=SystemRole.archivist))
    archive = archivist.get("/archive", headers={"Accept": "text/html"})
    assert archive.status_code == 200
    page = archive.get_data(as_text=True)
    assert f'data-meeting-id="{floor.meeting.id}"' in page or f"/meetings/{floor.meeting.id}" in page
    assert_page_shows(page, clean, "the archive's results")
