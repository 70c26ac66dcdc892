"""Calendars (issue 13 item 4): "Lịch họp của tôi" by month or week, and a per-user iCalendar feed.

Both list exactly the meetings the user may see (``app.permissions_sql.visible_meetings_filter``:
drafts only for those preparing them, a draft cancelled before publication for nobody else).

The feed is read by phones without a session: its URL carries a random token (``cal_`` + 256
bits) of which only the SHA-256 is stored. It is shown once; issuing a new one replaces it and
revoking deletes it, after which the old URL answers 404 like an unknown one. Each meeting is one
VEVENT with a stable UID; ``calendar_revisions`` remembers what the feeds last said about it, and
when its time, place, title, video link or status changed the SEQUENCE goes up and LAST-MODIFIED
moves, so calendar apps replace the event. A cancelled meeting stays in the feed with
STATUS:CANCELLED (a phone then strikes it out instead of keeping a stale event).
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from calendar import Calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.errors import PermissionDenied
from app.extensions import db
from app.models import User
from app.models.base import utcnow
from app.permissions_sql import visible_meetings_filter
from meetings.localtime import LOCAL_TZ
from meetings.models import CalendarFeed, CalendarRevision, Meeting, MeetingState

log = logging.getLogger("phonghop.calendar")

PREFIX = "cal_"
FEED_PAST = timedelta(days=400)  # the feed: meetings from about a year back, and all to come
FEED_LIMIT = 1000
PRODID = "-//Phong hop khong giay//Lich hop//VI"

STATUS = {
    MeetingState.draft: "TENTATIVE",  # only those preparing it see a draft
    MeetingState.cancelled: "CANCELLED",
}


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _signed_in(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied()


# -- the feed link ---------------------------------------------------------------------------------
def calendar_feed_of(actor) -> CalendarFeed | None:
    _signed_in(actor)
    return db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == actor.id))


def issue_calendar_feed(actor) -> str:
    """A new secret feed link for ``actor`` (the previous one, if any, stops working at once).
    Returned once: only its hash is kept."""
    _signed_in(actor)
    token = PREFIX + secrets.token_urlsafe(32)
    row = calendar_feed_of(actor)
    if row is None:
        row = CalendarFeed(user_id=actor.id)
        db.session.add(row)
    row.token_sha256, row.created_at, row.last_used_at = _digest(token), utcnow(), None
    db.session.flush()
    log.info("calendar feed issued for user %s", actor.id)
    return token


def revoke_calendar_feed(actor) -> bool:
    """Revoke the link; ``False`` when there was none."""
    row = calendar_feed_of(actor)
    if row is None:
        return False
    db.session.delete(row)
    db.session.flush()
    log.info("calendar feed revoked for user %s", actor.id)
    return True


def feed_owner(token: str | None) -> User | None:
    """Whose feed ``token`` opens (an active user's link in force), or ``None``."""
    if not token or not isinstance(token, str) or not token.startswith(PREFIX) or len(token) > 100:
        return None
    row = db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.token_sha256 == _digest(token)))
    if row is None:
        return None
    user = db.session.get(User, row.user_id)
    if user is None or not user.is_active:
        return None
    row.last_used_at = utcnow()
    return user


# -- which meetings --------------------------------------------------------------------------------
def visible_between(user, start: datetime, end: datetime | None, limit: int = FEED_LIMIT) -> list[Meeting]:
    """The meetings ``user`` may see starting in [start, end), in time order."""
    query = sa.select(Meeting).where(visible_meetings_filter(user), Meeting.starts_at >= start)
    if end is not None:
        query = query.where(Meeting.starts_at < end)
    return list(db.session.scalars(query.order_by(Meeting.starts_at, Meeting.id).limit(limit)))


# -- the month and week views ------------------------------------------------------------------------
WEEKDAYS = (_l("Thứ Hai"), _l("Thứ Ba"), _l("Thứ Tư"), _l("Thứ Năm"), _l("Thứ Sáu"), _l("Thứ Bảy"), _l("Chủ Nhật"))


@dataclass
class Day:
    day: date
    in_period: bool
    today: bool
    meetings: list[Meeting] = field(default_factory=list)


@dataclass
class CalendarView:
    mode: str  # "month" | "week"
    anchor: date  # the first day of the month, or the Monday of the week
    weeks: list[list[Day]]
    previous: date
    following: date
    count: int

    @property
    def weekday_names(self) -> list[str]:
        return [str(name) for name in WEEKDAYS]


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=LOCAL_TZ).astimezone(UTC)


def calendar_view(user, mode: str, around: date, today: date) -> CalendarView:
    """The month (weeks from Monday, with the neighbouring months' days to fill them) or the week
    (Monday to Sunday) containing ``around``, each day with the meetings ``user`` may see that start
    on it in Vietnam time."""
    _signed_in(user)
    if mode == "week":
        anchor = around - timedelta(days=around.weekday())
        days = [anchor + timedelta(days=n) for n in range(7)]
        previous, following = anchor - timedelta(days=7), anchor + timedelta(days=7)
        in_period = set(days)
    else:
        mode, anchor = "month", around.replace(day=1)
        days = list(Calendar(firstweekday=0).itermonthdates(anchor.year, anchor.month))
        previous = (anchor - timedelta(days=1)).replace(day=1)
        following = (anchor + timedelta(days=32)).replace(day=1)
        in_period = {d for d in days if d.month == anchor.month}
    meetings = visible_between(user, _utc_midnight(days[0]), _utc_midnight(days[-1] + timedelta(days=1)))
    by_day: dict[date, list[Meeting]] = {}
    for meeting in meetings:
        by_day.setdefault(meeting.starts_at.astimezone(LOCAL_TZ).date(), []).append(meeting)
    cells = [Day(d, d in in_period, d == today, by_day.get(d, [])) for d in days]
    count = sum(len(c.meetings) for c in cells if c.in_period)
    return CalendarView(mode, anchor, [cells[n : n + 7] for n in range(0, len(cells), 7)], previous, following, count)


# -- the feed --------------------------------------------------------------------------------------
def _status(meeting: Meeting) -> str:
    return STATUS.get(meeting.state, "CONFIRMED")


def _fingerprint(meeting: Meeting) -> str:
    facts = [
        meeting.title,
        meeting.body,
        meeting.starts_at.astimezone(UTC).isoformat(),
        meeting.ends_at.astimezone(UTC).isoformat() if meeting.ends_at else None,
        meeting.place,
        meeting.video_url,
        _status(meeting),
    ]
    return hashlib.sha256(json.dumps(facts, ensure_ascii=False).encode("utf-8")).hexdigest()


def revision_of(meeting: Meeting, row: CalendarRevision | None = None) -> CalendarRevision:
    """The meeting's SEQUENCE and LAST-MODIFIED as the feeds state them, one higher whenever what
    a calendar shows of it changed since the feeds last said it (``row``: its revision, if loaded)."""
    fingerprint = _fingerprint(meeting)
    row = row or db.session.get(CalendarRevision, meeting.id)
    if row is None:
        try:
            with db.session.begin_nested():  # another feed may write it at the same moment
                row = CalendarRevision(meeting_id=meeting.id, sequence=0, fingerprint=fingerprint, modified_at=utcnow())
                db.session.add(row)
        except sa.exc.IntegrityError:
            row = db.session.get(CalendarRevision, meeting.id)
    if row.fingerprint != fingerprint:
        row.sequence, row.fingerprint, row.modified_at = row.sequence + 1, fingerprint, utcnow()
    return row


def _event(
    meeting: Meeting, revision: CalendarRevision, domain: str, page_url: Callable[[Meeting], str]
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.id}@{domain}")
    event.add("sequence", revision.sequence)
    event.add("dtstamp", revision.modified_at.astimezone(UTC))
    event.add("last-modified", revision.modified_at.astimezone(UTC))
    event.add("summary", meeting.title)
    event.add("dtstart", meeting.starts_at.astimezone(LOCAL_TZ))
    if meeting.ends_at and meeting.ends_at > meeting.starts_at:
        event.add("dtend", meeting.ends_at.astimezone(LOCAL_TZ))
    event.add("status", _status(meeting))
    place = meeting.place or (_("Trực tuyến") if meeting.video_url else "")
    if place:
        event.add("location", place)
    lines = [meeting.body, meeting.kind.label] if meeting.body else [meeting.kind.label]
    if meeting.video_url:
        lines.append(_("Họp trực tuyến: %(url)s", url=meeting.video_url))
        conference = icalendar.vUri(meeting.video_url)
        event.add("conference", conference, parameters={"VALUE": "URI", "FEATURE": "VIDEO"})
    url = page_url(meeting)
    lines.append(_("Chi tiết: %(url)s", url=url))
    event.add("url", url)
    event.add("description", "\n".join(lines))
    return event


def calendar_feed(user, domain: str, page_url: Callable[[Meeting], str], now: datetime | None = None) -> bytes:
    """``user``'s feed: the meetings they may see from about a year back, in Vietnam time."""
    now = now or utcnow()
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("Lịch họp – %(name)s", name=user.full_name))
    cal.add("x-wr-timezone", str(LOCAL_TZ))
    meetings = visible_between(user, now - FEED_PAST, None)
    known = {  # every revision in one query, not one per meeting
        row.meeting_id: row
        for row in db.session.scalars(
            sa.select(CalendarRevision).where(CalendarRevision.meeting_id.in_([m.id for m in meetings]))
        )
    }
    for meeting in meetings:
        cal.add_component(_event(meeting, revision_of(meeting, known.get(meeting.id)), domain, page_url))
    cal.add_missing_timezones()
    db.session.flush()
    log.info("calendar feed read by user %s: %s meetings", user.id, len(meetings))
    return cal.to_ical()
