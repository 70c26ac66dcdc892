"""Minutes pages: the draft (edit, versions, lock), signing, the signed PDF, verification, and
each user's signing certificate. Thin: parse the form, call meetings/services/minutes.py, commit.

The blueprint also carries the ``flask --app wsgi minutes …`` commands (meetings/cli_minutes.py).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.errors import ValidationError
from app.extensions import db
from app.permissions import Perm, has_perm, permission_required
from meetings.models import AccessAction, AttendanceStatus, MeetingState
from meetings.routes.document_http import client_from_request
from meetings.services import minutes as svc
from meetings.services import minutes_records
from meetings.services import minutes_seal as seal_svc
from meetings.services.agenda import flat_agenda
from meetings.services.documents import record_meeting_access

minutes_bp = Blueprint("minutes", __name__, template_folder="templates", cli_group="minutes")
MAX_UPLOAD = svc.MAX_VERIFY_BYTES


def _parse_local(value: str, invalid: str) -> datetime | None:
    """A ``datetime-local`` form value, in the app's time zone; ``invalid`` is the message if it is not one."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        naive = datetime.strptime(value, "%Y-%m-%dT%H:%M")
    except ValueError as exc:
        raise ValidationError(invalid) from exc
    return naive.replace(tzinfo=ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))


def _local_input(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).strftime("%Y-%m-%dT%H:%M")


def _int_keys(prefix: str) -> dict[int, str]:
    out = {}
    for key, value in request.form.items():
        if key.startswith(prefix):
            try:
                out[int(key[len(prefix) :])] = value
            except ValueError as exc:
                raise ValidationError(_("Biểu mẫu không hợp lệ.")) from exc
    return out


def _pdf_response(data: bytes, filename: str, disposition: str = "inline") -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _read_upload(name: str = "file") -> bytes:
    upload = request.files.get(name)
    if upload is None or not upload.filename:
        raise ValidationError(_("Chưa chọn tệp PDF cần kiểm tra."))
    data = upload.stream.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise ValidationError(_("Tệp quá lớn để kiểm tra (tối đa 50 MB)."), status_code=413)
    return data


# -- the draft --------------------------------------------------------------------------------
@minutes_bp.route("/meetings/<int:meeting_id>/minutes")
@permission_required(Perm.MINUTES_VIEW, meeting_arg="meeting_id")
def draft(meeting):
    return _draft_page(meeting)


def _draft_page(meeting, status: int = 200):
    current = svc.get_draft(meeting)
    document = svc.minutes_document(meeting, current, reader=current_user)  # confidential titles: see svc
    return render_template(
        "meetings/minutes.html",
        meeting=meeting,
        draft=current,
        document=document,
        attendance=svc.attendance_of(meeting),
        conclusions=svc.conclusions_of(meeting),
        speeches=svc.speeches_of(meeting),
        items=flat_agenda(meeting),  # 1, 1.1, 1.2, 2 …: each item, sub-items too, has its own conclusion
        versions=svc.list_versions(current_user, meeting),
        signed=svc.latest_signed(meeting),
        next_signer=svc.next_signer_role(meeting),
        may_sign=svc.may_sign_now(current_user, meeting),
        credential=minutes_records.credential_of(current_user),
        statuses=list(AttendanceStatus),
        may_seal=seal_svc.may_seal_now(current_user, meeting),
        sealed=seal_svc.is_sealed(meeting),
        seal_credential=minutes_records.seal_of(meeting.body),
        started_at_input=_local_input(document.starts_at),
        closed_at_input=_local_input(document.closed_at),
        recipients=current.recipients if current else svc.default_recipients(meeting),
        editable=has_perm(current_user, Perm.MINUTES_EDIT, meeting)
        and (current is None or current.state.value == "editing")
        and svc.signature_count(meeting) == 0,
    ), status


def _refused_on_draft(meeting, exc: ValidationError):
    """A refused lock, unlock, signature or seal: the draft page again, the reason on top, the
    refusal's status (not a separate error page: the secretary fixes the draft, the signer retypes
    the passphrase, where the reason is shown)."""
    db.session.rollback()
    flash(str(exc.message), "danger")
    return _draft_page(meeting, exc.status_code)


@minutes_bp.route("/meetings/<int:meeting_id>/minutes", methods=["POST"])
@permission_required(Perm.MINUTES_EDIT, meeting_arg="meeting_id")
def save(meeting):
    statuses = _int_keys("status-")
    attendance = {
        uid: {
            "status": status,
            "reason": request.form.get(f"reason-{uid}", ""),
            "substitute_name": request.form.get(f"substitute-{uid}", ""),
        }
        for uid, status in statuses.items()
    }
    version = svc.save_draft(
        current_user,
        meeting,
        number=request.form.get("number", ""),
        narrative=request.form.get("narrative", ""),
        started_at=_parse_local(
            request.form.get("started_at", ""), _("Giờ bắt đầu không hợp lệ (định dạng ngày giờ).")
        ),
        closed_at=_parse_local(request.form.get("closed_at", ""), _("Giờ kết thúc không hợp lệ (định dạng ngày giờ).")),
        recipients=request.form.get("recipients", ""),
        conclusions=_int_keys("conclusion-"),
        attendance=attendance,
        speeches=_int_keys("speeches-"),
    )
    db.session.commit()
    flash(_("Đã lưu bản dự thảo (phiên bản %(n)s).", n=version.number), "success")
    return redirect(url_for("minutes.draft", meeting_id=meeting.id))


@minutes_bp.route("/meetings/<int:meeting_id>/minutes/lock", methods=["POST"])
@permission_required(Perm.MINUTES_EDIT, meeting_arg="meeting_id")
def lock(meeting):
    try:
        draft = svc.lock_draft(current_user, meeting)
    except ValidationError as exc:
        return _refused_on_draft(meeting, exc)
    db.session.commit()
    flash(_("Đã khóa biên bản để ký."), "success")
    document = svc.minutes_document(meeting, draft, reader=current_user)
    missing = [item.number or str(n) for n, item in enumerate(document.items, start=1) if not item.conclusion]
    if missing:  # the signed record would say "(chưa ghi)": said now, while unlocking is still possible
        flash(
            _(
                "Lưu ý: mục %(items)s chưa ghi kết luận; bản ký số sẽ ghi «Kết luận: (chưa ghi)». "
                "Hãy mở khóa để bổ sung trước khi ký nếu cần.",
                items=", ".join(missing),
            ),
            "warning",
        )
    return redirect(url_for("minutes.draft", meeting_id=meeting.id))


@minutes_bp.route("/meetings/<int:meeting_id>/minutes/unlock", methods=["POST"])
@permission_required(Perm.MINUTES_EDIT, meeting_arg="meeting_id")
def unlock(meeting):
    try:
        svc.unlock_draft(current_user, meeting)
    except ValidationError as exc:
        return _refused_on_draft(meeting, exc)
    db.session.commit()
    flash(_("Đã mở khóa biên bản để sửa."), "success")
    return redirect(url_for("minutes.draft", meeting_id=meeting.id))


@minutes_bp.route("/meetings/<int:meeting_id>/minutes/preview.pdf")
@permission_required(Perm.MINUTES_VIEW, meeting_arg="meeting_id")
def preview(meeting):
    return _pdf_response(svc.preview_pdf(current_user, meeting), f"bien-ban-du-thao-{meeting.id}.pdf")


# -- signing ----------------------------------------------------------------------------------
@minutes_bp.route("/meetings/<int:meeting_id>/minutes/sign", methods=["POST"])
@permission_required(Perm.MINUTES_SIGN, meeting_arg="meeting_id")
def sign(meeting):
    try:
        record = svc.sign_minutes(current_user, meeting, request.form.get("passphrase", ""))
    except ValidationError as exc:  # a wrong passphrase, not one's turn: retyped where it was typed
        return _refused_on_draft(meeting, exc)
    db.session.commit()
    flash(_("Đã ký số biên bản (chữ ký thứ %(n)s).", n=record.signatures), "success")
    return redirect(url_for("minutes.draft", meeting_id=meeting.id))


@minutes_bp.route("/meetings/<int:meeting_id>/minutes/signed.pdf")
@permission_required(Perm.MINUTES_VIEW, meeting_arg="meeting_id")
def signed_pdf(meeting):
    record, data = svc.signed_minutes_bytes(current_user, meeting)
    download = bool(request.args.get("download"))
    record_meeting_access(
        current_user,
        meeting,
        f"Biên bản đã ký số ({record.signatures} chữ ký)",
        AccessAction.download if download else AccessAction.open,
        client_from_request(),
    )
    db.session.commit()  # logged before a byte leaves
    return _pdf_response(
        data, f"bien-ban-{meeting.id}-{record.signatures}-chu-ky.pdf", "attachment" if download else "inline"
    )


@minutes_bp.route("/meetings/<int:meeting_id>/minutes/seal", methods=["POST"])
@permission_required(Perm.MINUTES_SEAL, meeting_arg="meeting_id")
def seal(meeting):
    try:
        seal_svc.seal_minutes(current_user, meeting, request.form.get("passphrase", ""))
    except ValidationError as exc:
        return _refused_on_draft(meeting, exc)
    db.session.commit()
    flash(_("Đã đóng dấu cơ quan vào biên bản."), "success")
    return redirect(url_for("minutes.draft", meeting_id=meeting.id))


# -- verification -----------------------------------------------------------------------------
@minutes_bp.route("/meetings/<int:meeting_id>/minutes/verify", methods=["GET", "POST"])
@permission_required(Perm.MINUTES_VIEW, meeting_arg="meeting_id")
def verify(meeting):
    data = _read_upload() if request.method == "POST" else None
    if data is None and meeting.state == MeetingState.closed and svc.latest_signed(meeting) is None:
        report, record = None, None
    else:
        report, record = svc.verify_minutes(current_user, meeting, data)
        db.session.commit()  # the verification's audit entry
    return render_template(
        "meetings/minutes_verify.html", meeting=meeting, report=report, record=record, uploaded=data is not None
    )


@minutes_bp.route("/archive/verify", methods=["GET", "POST"])
@permission_required(Perm.ARCHIVE_SEARCH)
def verify_any():
    report = svc.verify_upload(current_user, _read_upload()) if request.method == "POST" else None
    if report is not None:
        db.session.commit()  # the verification's audit entry
    return render_template(
        "meetings/minutes_verify.html", meeting=None, report=report, record=None, uploaded=report is not None
    )


# -- my signing certificate -------------------------------------------------------------------
@minutes_bp.route("/account/signing-credential", methods=["GET", "POST"])
@login_required
def credential():
    if request.method == "POST":
        upload = request.files.get("p12")
        data = upload.stream.read(64 * 1024 + 1) if upload is not None and upload.filename else b""
        minutes_records.save_credential(current_user, current_user, data, request.form.get("passphrase", ""))
        db.session.commit()
        flash(_("Đã lưu chứng thư số (được mã hóa; mật khẩu không được lưu)."), "success")
        return redirect(url_for("minutes.credential"))
    return render_template("meetings/signing_credential.html", credential=minutes_records.credential_of(current_user))


@minutes_bp.route("/agency-seals", methods=["GET", "POST"])
@permission_required(Perm.SEAL_MANAGE)
def agency_seals():
    body_id = request.form.get("body_id", "") if request.method == "POST" else request.args.get("body_id", "")
    if request.method == "POST":
        upload = request.files.get("p12")
        data = upload.stream.read(64 * 1024 + 1) if upload is not None and upload.filename else b""
        passphrase = request.form.get("passphrase", "")
        seal_record = minutes_records.save_seal_of_body(current_user, body_id, data, passphrase)
        db.session.commit()
        flash(
            _("Đã lưu chứng thư số của dấu «%(body)s» (được mã hóa; mật khẩu không được lưu).", body=seal_record.body),
            "success",
        )
        return redirect(url_for("minutes.agency_seals"))
    return render_template(
        "meetings/agency_seal.html",
        seals=minutes_records.all_seals(),
        body_id=body_id,
        bodies=minutes_records.seal_bodies(),
    )


from meetings import cli_minutes  # noqa: E402,F401  - registers the commands on minutes_bp.cli
