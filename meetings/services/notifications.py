"""In-app notifications to a meeting's people, and e-mail copies when SMTP is configured.

Services call ``notify_users``: it adds the rows, flushes, and queues the e-mails on the session.
The view commits, then calls ``deliver_queued_emails()``: nothing is mailed for a change that was
rolled back, and a mail server outage never undoes a change.

A notification is a ``Notice`` (message id + parameters, meetings/notices.py), not a translated
string: the page shows it in the reader's language, the e-mail goes out in the recipient's
(``user.locale``, else Vietnamese), and ``text`` keeps the Vietnamese rendering.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from app.errors import NotFound
from app.extensions import db
from app.models.base import utcnow
from app.text import clean_line
from meetings.models import Meeting, Notification
from meetings.notices import Notice, notice

log = logging.getLogger(__name__)
_OUTBOX = "phonghop_email_outbox"


def notify_users(
    users: Iterable, meeting: Meeting | None, message: Notice, *, skip=None, ballot=None
) -> list[Notification]:
    """One unread notification per user (``skip``, usually the actor, gets none); ``ballot``: the written
    opinion ballot it is about (its page is the link, in the app and in the e-mail)."""
    if not isinstance(message, Notice):
        raise TypeError("notify_users takes a Notice (meetings.notices.notice), not translated text")
    created = []
    seen = set()
    text = message.default_text()[:1000]
    msgid, params = message.msgid, message.params_json()
    for user in users:
        if user is None or user.id in seen or (skip is not None and user.id == skip.id):
            continue
        seen.add(user.id)
        note = Notification(
            user_id=user.id,
            meeting_id=meeting.id if meeting else None,
            opinion_ballot_id=ballot.id if ballot is not None else None,
            text=text,
            msgid=msgid,
            params=params,
        )
        db.session.add(note)
        created.append(note)
        if user.email:
            db.session.info.setdefault(_OUTBOX, []).append(
                (user.email, user.locale, _link_target(meeting, ballot), message)
            )
    db.session.flush()
    return created


def notify_members(meeting: Meeting, message: Notice, *, skip=None) -> list[Notification]:
    return notify_users((m.user for m in meeting.members), meeting, message, skip=skip)


def invitation_notice(meeting: Meeting) -> Notice:
    """The invitation; its time is the Vietnam wall-clock time of the meeting when it was sent."""
    from meetings.localtime import LOCAL_TZ

    return notice(
        "Giấy mời: %(title)s, lúc %(when)s tại %(place)s.",
        title=meeting.title,
        when=meeting.starts_at.astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y"),
        place=meeting.place or "—",
    )


def unread_count(user) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def list_notifications(user, limit: int = 100) -> list[Notification]:
    return list(
        db.session.scalars(
            sa.select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def mark_read(actor, notification_id: int) -> Notification:
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != actor.id:  # someone else's notification does not exist for you
        raise NotFound()
    if note.read_at is None:
        note.read_at = utcnow()
        db.session.flush()
    return note


def mark_all_read(actor) -> int:
    notes = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == actor.id, Notification.read_at.is_(None))
    ).all()
    now = utcnow()
    for note in notes:
        note.read_at = now
    db.session.flush()
    return len(notes)


# -- e-mail -------------------------------------------------------------------------------------
def queued_email_count() -> int:
    """How many e-mails are queued now: a mark for ``discard_queued_emails(keep=…)``."""
    return len(db.session.info.get(_OUTBOX, ()))


def discard_queued_emails(keep: int = 0) -> None:
    """Forget the queued e-mails of a change that was rolled back: all of them, or all but the first
    ``keep`` (those of changes committed before it, still to be sent)."""
    queued = db.session.info.get(_OUTBOX)
    if queued is not None:
        del queued[keep:]
        if not queued:
            db.session.info.pop(_OUTBOX, None)


def deliver_queued_emails() -> int:
    """Send the e-mails queued by the committed change (only when PHONGHOP_SMTP_HOST is set)."""
    queued = db.session.info.pop(_OUTBOX, [])
    config = current_app.config
    if not queued or not config.get("SMTP_HOST"):
        return 0
    sent = 0
    try:
        with smtplib.SMTP(
            config["SMTP_HOST"],
            int(config.get("SMTP_PORT") or 25),
            timeout=float(config.get("SMTP_TIMEOUT_SECONDS") or 10),
        ) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("SMTP_USERNAME"):
                smtp.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD") or "")
            for address, locale, target, message in queued:
                smtp.send_message(_email(address, locale, target, message))
                sent += 1
    except (OSError, smtplib.SMTPException):
        log.exception("E-mail delivery failed after %s of %s messages", sent, len(queued))
    return sent


def _link_target(meeting, ballot) -> tuple[str, int] | None:
    """What the e-mail links to: the ballot's page, else the meeting's."""
    if ballot is not None:
        return ("opinion_ballots.detail", ballot.id)
    return ("meetings.detail", meeting.id) if meeting is not None else None


def notification_url(note: Notification, **kw) -> str | None:
    """Where opening a notification leads: its ballot's page, else its meeting's, else nowhere."""
    if note.opinion_ballot_id is not None:
        return url_for("opinion_ballots.detail", ballot_id=note.opinion_ballot_id, **kw)
    if note.meeting_id is not None:
        return url_for("meetings.detail", meeting_id=note.meeting_id, **kw)
    return None


def _email(address: str, locale: str | None, target: tuple[str, int] | None, notice_: Notice) -> EmailMessage:
    """The mail in the recipient's language (their ``locale`` if the site offers it, else the default)."""
    config = current_app.config
    with force_locale(locale if locale in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]):
        text = notice_.render()
        # one line whatever the notice holds: a CR/LF can never start a header of its own
        subject = clean_line(_("[Phòng họp không giấy] %(text)s", text=clean_line(text)[:120]))
    message = EmailMessage()
    message["From"] = config.get("SMTP_FROM") or "phonghop@localhost"
    message["To"] = address
    message["Subject"] = subject
    body = text
    if target is not None:
        endpoint, ident = target
        key = "ballot_id" if endpoint.startswith("opinion_ballots.") else "meeting_id"
        try:
            body += "\n\n" + url_for(endpoint, _external=True, **{key: ident})
        except RuntimeError:  # no request and no SERVER_NAME: the text alone
            pass
    message.set_content(body)
    return message
