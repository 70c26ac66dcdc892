"""Meeting pages: my meetings (members), meetings to prepare (secretariat), archive (archivists),
one meeting's detail. The secretariat's editing routes live in meetings/routes/ on the same blueprint."""

import uuid

from flask import Blueprint, render_template, request
from flask_babel import format_decimal
from flask_login import current_user, login_required

from app.errors import ValidationError
from app.models import SystemRole
from app.permissions import Perm, has_perm, permission_required
from meetings.archive.search import ArchiveQuery, archive_filter_choices, parse_archive_query, search_archive
from meetings.models import MeetingRole, MeetingState
from meetings.services.agenda import agenda_tree
from meetings.services.documents.reading import reading_summary
from meetings.services.minutes_records import signature_counts
from meetings.services.queries import list_visible_meetings

meetings_bp = Blueprint("meetings", __name__, template_folder="templates")


@meetings_bp.route("/meetings/mine")
@login_required
def mine():
    upcoming = list_visible_meetings(current_user, upcoming=True)
    past = [m for m in list_visible_meetings(current_user) if m.state in (MeetingState.closed,)][:20]
    reading = {m.id: reading_summary(current_user, m) for m in upcoming + past}
    return render_template("meetings/mine.html", upcoming=upcoming, past=past, agenda_tree=agenda_tree, reading=reading)


@meetings_bp.route("/meetings/prepare")
@permission_required(Perm.MEETING_CREATE)
def prepare():
    upcoming = list_visible_meetings(current_user, upcoming=True)
    return render_template("meetings/prepare.html", meetings=upcoming)


@meetings_bp.route("/archive")
@permission_required(Perm.ARCHIVE_SEARCH)
def archive():
    """Search the closed meetings; with no criteria, every closed meeting, newest first."""
    error, status = None, 200
    try:
        query = parse_archive_query(request.args)
    except ValidationError as exc:
        error, status, query = str(exc.message), exc.status_code, ArchiveQuery()
    results = search_archive(current_user, query)
    bodies, members = archive_filter_choices(current_user)
    args = {k: v for k, v in request.args.items() if k in ("q", "from", "to", "body", "member") and v}
    signed = signature_counts(hit.meeting.id for hit in results.hits if hit.meeting is not None)
    return render_template(
        "meetings/archive.html",
        results=results,
        query=query,
        bodies=bodies,
        members=members,
        error=error,
        args=args,
        searched=bool(args),
        signed=signed,
        total_text=format_decimal(results.total),  # "1.000" in Vietnamese, "1,000" in English
    ), status


@meetings_bp.route("/meetings/<int:meeting_id>")
@permission_required(Perm.MEETING_VIEW, meeting_arg="meeting_id")
def detail(meeting):
    from meetings.routes.common import active_users
    from meetings.services.attendance import standing_in_for
    from meetings.services.substitutions import substitution_of
    from meetings.services.vote_tally import approval_labels
    from meetings.services.votes_ahead import advance_ballot_items

    can_substitute = has_perm(current_user, Perm.SUBSTITUTE_REQUEST, meeting)
    return render_template(
        "meetings/detail.html",
        meeting=meeting,
        agenda=agenda_tree(meeting),
        MeetingRole=MeetingRole,
        my_role=meeting.role_of(current_user),
        my_substitution=substitution_of(meeting, current_user),
        stand_ins=standing_in_for(meeting),
        approval_labels=approval_labels(),
        advance_items=[
            (entry, choice, str(uuid.uuid4()))  # each form its own ballot id: a resubmission counts once
            for entry, choice in advance_ballot_items(current_user, meeting)
        ],
        substitute_candidates=[
            u for u in active_users() if meeting.role_of(u) is None and u.system_role == SystemRole.member
        ]
        if can_substitute
        else [],  # not admin accounts
    )


from meetings.routes import agenda, calendar, floor, manage, notifications, speakers, substitutions  # noqa: E402,F401  (register routes)
from meetings.routes import bodies as body_routes  # noqa: E402,F401  (register routes)
