"""A notification reads in the reader's language, whatever language the person who caused it works in:
it is stored as a message id and parameters (meetings/notices.py), the Vietnamese text kept beside it."""

import email.header
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import force_locale

from app.extensions import db
from meetings.models import Notification
from meetings.notices import Notice, notice
from meetings.services.agenda import add_agenda_item
from meetings.services.meetings import update_meeting
from meetings.services.notifications import deliver_queued_emails
from meetings.services.substitutions import request_substitution
from tests.conftest import login
from tests.support.factories import cast_meeting, create_user

AGENDA_CHANGE = "Chương trình cuộc họp «%(title)s» đã thay đổi: %(what)s"


def _notes_of(user) -> list[Notification]:
    return list(
        db.session.scalars(sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))
    )


def _subject(message) -> str:
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


def _listing(client, query="") -> str:
    return client.get("/notifications" + query).get_data(as_text=True)


def test_a_change_made_in_english_is_stored_without_a_language_and_read_in_each_readers(app, people):
    meeting = cast_meeting(people, title="Phiên họp tháng 12")
    secretariat = app.test_client()
    login(secretariat, people["secretariat"])
    assert "The agenda" not in _listing(secretariat, "?lang=en")  # the actor now works in English
    response = secretariat.post(f"/meetings/{meeting.id}/agenda", data={"title": "Tờ trình dự toán"})
    assert response.status_code == 302
    [note] = _notes_of(people["member"])
    assert note.msgid == AGENDA_CHANGE
    assert note.params == {
        "title": "Phiên họp tháng 12",
        "what": {"msgid": "thêm nội dung «%(item)s».", "params": {"item": "Tờ trình dự toán"}},
    }
    assert note.text == "Chương trình cuộc họp «Phiên họp tháng 12» đã thay đổi: thêm nội dung «Tờ trình dự toán»."

    vietnamese = app.test_client()
    login(vietnamese, people["member"])
    page = _listing(vietnamese)
    assert "Chương trình cuộc họp «Phiên họp tháng 12» đã thay đổi: thêm nội dung «Tờ trình dự toán»." in page
    assert "The agenda" not in page
    page = _listing(vietnamese, "?lang=en")  # the same reader switching to English
    assert "The agenda of meeting «Phiên họp tháng 12» has changed: added item «Tờ trình dự toán»." in page
    assert "Chương trình cuộc họp" not in page and "thêm nội dung" not in page

    people["observer"].locale = "en"  # English by the reader's own setting, no ?lang
    db.session.flush()
    english = app.test_client()
    login(english, people["observer"])
    assert "The agenda of meeting «Phiên họp tháng 12» has changed: added item «Tờ trình dự toán»." in _listing(english)


def test_the_changed_meeting_notice_embeds_the_invitation_translated(app, people):
    meeting = cast_meeting(people, title="Họp giao ban", starts_at=datetime(2026, 12, 1, 0, 30, tzinfo=UTC))
    with force_locale("en"):
        update_meeting(people["secretariat"], meeting, place="Hội trường B")
    [note] = _notes_of(people["member"])
    assert note.text == (
        "Thông tin cuộc họp đã thay đổi. Giấy mời: Họp giao ban, lúc 07:30 01/12/2026 tại Hội trường B."
    )
    assert note.params["invitation"]["msgid"] == "Giấy mời: %(title)s, lúc %(when)s tại %(place)s."
    client = app.test_client()
    login(client, people["member"])
    assert (
        "The meeting information has changed. Invitation: Họp giao ban, at 07:30 01/12/2026 in Hội trường B."
        in _listing(client, "?lang=en")
    )
    assert "Thông tin cuộc họp đã thay đổi. Giấy mời: Họp giao ban, lúc 07:30 01/12/2026" in _listing(
        client, "?lang=vi"
    )


def test_a_substitution_request_reads_in_the_secretarys_language(app, people):
    meeting = cast_meeting(people, title="Họp chuyên đề")
    substitute = create_user()
    people["secretary"].locale = "en"
    with force_locale("vi"):
        request_substitution(people["member"], meeting, substitute, reason="Đi công tác")
    [note] = _notes_of(people["secretary"])
    assert note.text.startswith(f"{people['member'].full_name} đề nghị {substitute.full_name} dự thay")
    client = app.test_client()
    login(client, people["secretary"])
    page = _listing(client)
    assert f"{people['member'].full_name} proposes {substitute.full_name} to attend in their place" in page
    assert "đề nghị" not in page


def test_a_notification_from_before_message_ids_shows_its_text_in_every_language(app, people):
    db.session.add(Notification(user_id=people["member"].id, text="Cuộc họp «Cũ» đã bị hủy."))
    db.session.flush()
    client = app.test_client()
    login(client, people["member"])
    assert "Cuộc họp «Cũ» đã bị hủy." in _listing(client)
    assert "Cuộc họp «Cũ» đã bị hủy." in _listing(client, "?lang=en")


def test_a_notice_whose_parameters_no_longer_fit_shows_the_text_it_was_sent_with(app, people):
    db.session.add(
        Notification(
            user_id=people["member"].id,
            text="Cuộc họp «Cũ» đã bị hủy.",
            msgid="Cuộc họp «%(title)s» đã bị hủy.",
            params={"name": "Cũ"},
        )
    )
    db.session.flush()
    client = app.test_client()
    login(client, people["member"])
    assert "Cuộc họp «Cũ» đã bị hủy." in _listing(client, "?lang=en")


def test_each_recipient_is_mailed_in_their_own_language(app, people, smtp_sink):
    people["member"].email, people["member"].locale = "member@caolanh.gov.vn", "en"
    people["observer"].email = "observer@caolanh.gov.vn"  # no locale: Vietnamese, the first language
    meeting = cast_meeting(people, title="Phiên họp tháng 12")
    with force_locale("en"):  # the secretariat works in English: it does not decide the members' language
        add_agenda_item(people["secretariat"], meeting, title="Tờ trình dự toán")
    db.session.commit()
    assert deliver_queued_emails() == 2
    mails = {rcpt[0]: message for rcpt, message in smtp_sink.messages}
    english = mails["member@caolanh.gov.vn"]
    body = english.get_payload(decode=True).decode("utf-8")
    assert "The agenda of meeting «Phiên họp tháng 12» has changed: added item «Tờ trình dự toán»." in body
    assert "Chương trình" not in body and f"/meetings/{meeting.id}" in body
    subject = _subject(english)
    assert "The agenda of meeting" in subject and "Paperless meeting room" in subject
    vietnamese = mails["observer@caolanh.gov.vn"]
    body = vietnamese.get_payload(decode=True).decode("utf-8")
    assert "Chương trình cuộc họp «Phiên họp tháng 12» đã thay đổi: thêm nội dung «Tờ trình dự toán»." in body
    assert _subject(vietnamese).startswith("[Phòng họp không giấy] Chương trình cuộc họp")


def test_a_notice_round_trips_through_json_and_renders_nested_parts(app):
    message = notice(AGENDA_CHANGE, title="A", what=notice("sắp xếp lại thứ tự nội dung."))
    again = Notice.from_json(message.msgid, message.to_json()["params"])
    assert again == message
    assert again.render_in("en") == "The agenda of meeting «A» has changed: reordered the items."
    assert (
        again.render_in("fr")
        == again.default_text()
        == ("Chương trình cuộc họp «A» đã thay đổi: sắp xếp lại thứ tự nội dung.")
    )
