"""Pages of written opinion ballots (phiếu lấy ý kiến thành viên): the list, the secretariat's form,
a ballot (answering, who answered, the result), closing early and cancelling, the draft, the report and
signed answers. Thin: parse, call meetings/services/opinion_ballots*.py, commit once."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug import Response

from app.errors import AppError, NotFound
from app.permissions import Perm, has_perm, permission_required
from meetings.localtime import parse_local
from meetings.models import AccessAction, AccessLog
from meetings.routes.common import commit
from meetings.routes.document_http import client_from_request
from meetings.services import opinion_ballot_answers as answers
from meetings.services import opinion_ballot_signing as signing
from meetings.services import opinion_ballots as ballots
from meetings.services.bodies import usual_body
from meetings.services.opinion_ballot_report import deliver_ballot_file, result_summary

opinion_ballots_bp = Blueprint("opinion_ballots", __name__, template_folder="templates", cli_group="ballots")


def _vi(msgid: str, **params) -> str:
    """``msgid`` in Vietnamese whatever the reader's language: for what is recorded (the access log)."""
    with force_locale("vi"):
        return _(msgid, **params)


@opinion_ballots_bp.app_template_filter("ballot_summary")
def ballot_summary(result: dict) -> str:
    """``{{ ballot.result|ballot_summary }}``: the result's line in the reader's language."""
    return result_summary(result).render()


@opinion_ballots_bp.cli.command("sweep")
def sweep_cmd():
    """Close ballots past their deadline and send the 24-hour reminders (idempotent). The job scheduler
    runs it every minute (app/schedule.py); by hand: ``flask --app wsgi ballots sweep``."""
    import click

    from app.clock import now
    from meetings.services.opinion_ballot_sweep import sweep

    report_ = sweep(now())
    commit()
    click.echo(
        f"Đã kết thúc {len(report_.closed)} phiếu; đã nhắc {sum(len(v) for v in report_.reminded.values())} người."
    )


@opinion_ballots_bp.app_context_processor
def _waiting():
    def opinion_ballots_waiting() -> int:
        return ballots.waiting_count(current_user)

    return {"opinion_ballots_waiting": opinion_ballots_waiting}


@opinion_ballots_bp.route("/opinion-ballots")
@login_required
def index():
    return render_template(
        "meetings/ballots/index.html",
        ballots=ballots.list_ballots(current_user),
        can_manage=has_perm(current_user, Perm.OPINION_BALLOT_MANAGE),
    )


def _render_form(error: str | None = None, status: int = 200):
    bodies = ballots.body_choices()
    body = ballots.find_body(request.values.get("body_id"))
    if body is None and not request.values.get("body_id") and bodies:
        body = usual_body(current_user, bodies) or bodies[0]  # the office's own body, not the province
    chosen = request.form.getlist("recipient_ids") if request.method == "POST" else None
    defaults = [u.id for u in ballots.default_recipients(body)]
    return (
        render_template(
            "meetings/ballots/new.html",
            error=error,
            body=body,
            bodies=bodies,
            people=ballots.eligible_people(),
            chosen={int(c) for c in chosen if c.isdigit()} if chosen is not None else set(defaults),
            form=request.form,
        ),
        status,
    )


@opinion_ballots_bp.route("/opinion-ballots/new")
@permission_required(Perm.OPINION_BALLOT_MANAGE)
def new():
    return _render_form()


@opinion_ballots_bp.route("/opinion-ballots", methods=["POST"])
@permission_required(Perm.OPINION_BALLOT_MANAGE)
def create():
    wants_json = request.accept_mimetypes.best == "application/json"
    upload = request.files.get("draft")
    try:
        ballot = ballots.create_ballot(
            current_user,
            title=request.form.get("title", ""),
            question=request.form.get("question", ""),
            body_id=request.form.get("body_id"),
            deadline=parse_local(request.form.get("deadline"), _("Hạn trả lời")),
            recipient_ids=request.form.getlist("recipient_ids"),
            draft=upload.stream if upload and upload.filename else None,
            draft_filename=upload.filename if upload else "",
        )
    except AppError as exc:
        from app.extensions import db

        db.session.rollback()
        if wants_json:
            return jsonify({"error": str(exc.message), "status": exc.status_code}), exc.status_code
        return _render_form(str(exc.message), exc.status_code)
    commit()
    url = url_for("opinion_ballots.detail", ballot_id=ballot.id)
    if wants_json:
        return jsonify({"id": ballot.id, "url": url}), 201
    flash(_("Đã gửi phiếu lấy ý kiến đến %(n)s thành viên.", n=len(ballot.recipients)), "success")
    return redirect(url)


@opinion_ballots_bp.route("/opinion-ballots/<int:ballot_id>")
@login_required
def detail(ballot_id: int):
    ballot = ballots.get_ballot(current_user, ballot_id)
    return render_template(
        "meetings/ballots/detail.html",
        ballot=ballot,
        mine=ballot.recipient_of(current_user),
        can_manage=has_perm(current_user, Perm.OPINION_BALLOT_MANAGE),
        see_answers=ballots.may_see_answers(current_user, ballot),
        deadline_text=ballots.local_text(ballot.deadline),
    )


@opinion_ballots_bp.route("/opinion-ballots/<int:ballot_id>/answer", methods=["POST"])
@login_required
def answer(ballot_id: int):
    ballot = ballots.get_ballot(current_user, ballot_id)
    answers.answer_ballot(
        current_user,
        ballot,
        request.form.get("choice", ""),
        request.form.get("comment", ""),
        passphrase=request.form.get("passphrase", ""),
    )
    commit()
    flash(_("Bạn đã gửi ý kiến."), "success")
    return redirect(url_for("opinion_ballots.detail", ballot_id=ballot.id))


@opinion_ballots_bp.route("/opinion-ballots/<int:ballot_id>/sign", methods=["POST"])
@login_required
def sign(ballot_id: int):
    ballot = ballots.get_ballot(current_user, ballot_id)
    signing.sign_answer(current_user, ballot, request.form.get("passphrase", ""))
    commit()
    flash(_("Đã ký số phiếu trả lời của bạn."), "success")
    return redirect(url_for("opinion_ballots.detail", ballot_id=ballot.id))


@opinion_ballots_bp.route("/opinion-ballots/<int:ballot_id>/close", methods=["POST"])
@login_required
def close(ballot_id: int):
    ballot = ballots.get_ballot(current_user, ballot_id)
    ballots.close_ballot(current_user, ballot)
    commit()
    flash(_("Đã kết thúc lấy ý kiến: %(summary)s", summary=result_summary(ballot.result).render()), "success")
    return redirect(url_for("opinion_ballots.detail", ballot_id=ballot.id))


@opinion_ballots_bp.route("/opinion-ballots/<int:ballot_id>/cancel", methods=["POST"])
@login_required
def cancel(ballot_id: int):
    ballot = ballots.get_ballot(current_user, ballot_id)
    ballots.cancel_ballot(current_user, ballot, request.form.get("reason", ""))
    commit()
    flash(_("Đã hủy phiếu lấy ý kiến."), "success")
    return redirect(url_for("opinion_ballots.detail", ballot_id=ballot.id))


def _pdf(file, disposition: str) -> Response:
    response = Response(file.chunks(), mimetype="application/pdf", direct_passthrough=True)
    response.headers["Content-Length"] = str(file.size)
    response.headers["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(file.filename)}"
    response.headers["Cache-Control"] = "private, no-store"
    response.call_on_close(file.file.close)
    return response


@opinion_ballots_bp.route("/opinion-ballots/<int:ballot_id>/draft")
@login_required
def draft(ballot_id: int):
    ballot = ballots.get_ballot(current_user, ballot_id)
    file = deliver_ballot_file(current_user, ballot, "draft", AccessAction.open, client_from_request())
    commit()  # the access is recorded before a byte leaves
    return _pdf(file, "inline")


@opinion_ballots_bp.route("/opinion-ballots/<int:ballot_id>/report")
@login_required
def report(ballot_id: int):
    ballot = ballots.get_ballot(current_user, ballot_id)
    file = deliver_ballot_file(current_user, ballot, "report", AccessAction.download, client_from_request())
    commit()
    return _pdf(file, "attachment")


@opinion_ballots_bp.route("/opinion-ballots/<int:ballot_id>/answers/<int:user_id>/signed")
@login_required
def signed_answer(ballot_id: int, user_id: int):
    """The member's signed ballot byte for byte (a watermark would break the signature)."""
    from app.extensions import db

    ballot = ballots.get_ballot(current_user, ballot_id)
    row, data = signing.signed_answer(current_user, ballot, user_id)
    client = client_from_request()
    db.session.add(
        AccessLog(
            user_id=current_user.id,
            document_title=_vi("Phiếu trả lời đã ký số của %(name)s: %(t)s", name=row.full_name, t=ballot.title)[:500],
            action=AccessAction.download,
            channel=client.channel,
            ip_address=client.ip[:45],
            user_agent=client.user_agent[:400],
        )
    )
    commit()
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="phieu-y-kien-{ballot.id}-{user_id}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@opinion_ballots_bp.route("/opinion-ballots/<int:ballot_id>/answers/<int:user_id>/verify")
@login_required
def verify_answer(ballot_id: int, user_id: int):
    ballot = ballots.get_ballot(current_user, ballot_id)
    row = next((r for r in ballot.recipients if r.user_id == user_id), None)
    if row is None:
        raise NotFound()
    report_ = signing.verify_answer(current_user, ballot, user_id)
    return render_template("meetings/ballots/verify.html", ballot=ballot, row=row, report=report_)
