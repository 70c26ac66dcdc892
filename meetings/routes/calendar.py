"""The calendar pages: "Lịch họp của tôi" by month or week, the user's feed link (made, shown once,
replaced, revoked), and the iCalendar feed itself — public, opened by its secret key. The key is in
the query string (``/calendar/feed.ics?key=cal_…``), which the server's access log leaves out."""

from __future__ import annotations

from datetime import date

from flask import Response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.errors import NotFound
from app.models.base import utcnow
from meetings.localtime import LOCAL_TZ
from meetings.routes.common import commit
from meetings.services.calendar import (
    calendar_feed,
    calendar_feed_of,
    calendar_view,
    feed_owner,
    issue_calendar_feed,
    revoke_calendar_feed,
)
from meetings.views import meetings_bp


def _today() -> date:
    return utcnow().astimezone(LOCAL_TZ).date()


def _around(text: str | None, today: date) -> date:
    """``?d=2026-12`` or ``?d=2026-12-03``; anything else (or nothing) is today."""
    text = (text or "").strip()
    try:
        return date.fromisoformat(text + "-01" if len(text) == 7 else text)
    except ValueError:
        return today


def _page(feed_url: str | None = None):
    today = _today()
    mode = "week" if request.args.get("view") == "week" else "month"
    view = calendar_view(current_user, mode, _around(request.args.get("d"), today), today)
    response = Response(
        render_template(
            "meetings/calendar.html", view=view, today=today, feed=calendar_feed_of(current_user), feed_url=feed_url
        )
    )
    if feed_url:
        response.headers["Cache-Control"] = "no-store"  # the link is shown once
    return response


@meetings_bp.route("/calendar")
@login_required
def calendar():
    return _page()


@meetings_bp.route("/calendar/feed", methods=["POST"])
@login_required
def calendar_feed_issue():
    """A new feed link, shown once on the page that answers (the old one stops working)."""
    token = issue_calendar_feed(current_user)
    commit()
    return _page(feed_url=url_for("meetings.calendar_ics", key=token, _external=True))


@meetings_bp.route("/calendar/feed/revoke", methods=["POST"])
@login_required
def calendar_feed_revoke():
    from flask import flash

    if revoke_calendar_feed(current_user):
        commit()
        flash(_("Đã thu hồi đường dẫn lịch. Lịch trên điện thoại sẽ không cập nhật nữa."), "success")
    return redirect(url_for("meetings.calendar") + "#feed")


@meetings_bp.route("/calendar/feed.ics")
def calendar_ics():
    """The feed: whoever holds the key reads its owner's meetings; an unknown or revoked key → 404."""
    user = feed_owner(request.args.get("key"))
    if user is None:
        raise NotFound(_("Đường dẫn lịch không tồn tại hoặc đã bị thu hồi."))
    body = calendar_feed(user, request.host, lambda m: url_for("meetings.detail", meeting_id=m.id, _external=True))
    commit()  # the revisions (SEQUENCE) and the feed's last use
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": 'inline; filename="lich-hop.ics"', "Cache-Control": "private, no-cache"},
    )
