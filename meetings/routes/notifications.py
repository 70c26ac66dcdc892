"""The "Thông báo" page and the unread count shown in the top bar."""

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from meetings.routes.common import actor, commit
from meetings.services.notifications import list_notifications, mark_all_read, mark_read, notification_url, unread_count
from meetings.views import meetings_bp


@meetings_bp.app_context_processor
def _unread_notifications():
    if getattr(current_user, "is_authenticated", False):
        return {"unread_notifications": unread_count(current_user)}
    return {}


@meetings_bp.route("/notifications")
@login_required
def notifications():
    return render_template("meetings/notifications.html", notifications=list_notifications(current_user))


@meetings_bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
def notification_read(notification_id):
    note = mark_read(actor(), notification_id)
    commit()
    return redirect(notification_url(note) or url_for("meetings.notifications"))


@meetings_bp.route("/notifications/read-all", methods=["POST"])
@login_required
def notifications_read_all():
    mark_all_read(actor())
    commit()
    return redirect(url_for("meetings.notifications"))
