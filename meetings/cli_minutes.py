"""``flask --app wsgi minutes verify FILE | export MEETING_ID OUT.pdf`` (the demo CA: ``flask demo ca``)."""
from __future__ import annotations

import sys

import click

from app.errors import AppError
from meetings.views_minutes import minutes_bp


def _validity(sig) -> str:
    """Validity means nothing once the signed bytes changed: say it was not assessed (as the web page does)."""
    if not sig.intact:
        return "không đánh giá: nội dung đã bị thay đổi / not assessed: content altered"
    return "có / yes" if sig.valid else "KHÔNG / NO"


def _trust(sig) -> str:
    if not sig.intact:
        return "không đánh giá / not assessed"
    if not sig.valid or sig.error:
        return "không đánh giá: chữ ký không hợp lệ / not assessed: invalid signature"
    return "có / yes" if sig.trusted else "không / no"


def print_report(report) -> None:
    """A bilingual summary, one block per signature."""
    if report.error:
        click.echo(f"LỖI / ERROR: {report.error}")
    for n, sig in enumerate(report.signatures, start=1):
        when = sig.signing_time.isoformat() if sig.signing_time else "?"
        click.echo(f"Chữ ký #{n} / Signature #{n} [{sig.field}]")
        click.echo(f"  Người ký / Signer: {sig.signer}  (CA: {sig.issuer})")
        click.echo(f"  Thời điểm ký / Signing time: {when}{' (dấu thời gian / timestamped)' if sig.timestamped else ''}")
        click.echo(f"  Toàn vẹn / Intact: {'có / yes' if sig.intact else 'KHÔNG / NO'}; "
                   f"hợp lệ / valid: {_validity(sig)}; tin cậy / trusted: {_trust(sig)}")
        click.echo(f"  Phạm vi / Coverage: {sig.coverage}; thay đổi sau khi ký / later changes: {sig.modifications}")
        if sig.error:
            click.echo(f"  Lỗi / Error: {sig.error}")
    if report.ok:
        click.echo(f"KẾT QUẢ: {len(report.signatures)} chữ ký nguyên vẹn và hợp lệ. / "
                   f"RESULT: all {len(report.signatures)} signature(s) intact and valid.")
    else:
        click.echo("KẾT QUẢ: KHÔNG HỢP LỆ. / RESULT: NOT VALID.")


@minutes_bp.cli.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def verify_cmd(file):
    """Kiểm tra chữ ký số của tệp biên bản PDF FILE (mã thoát 0 khi mọi chữ ký nguyên vẹn, hợp lệ)."""
    from meetings.services.minutes import verify_bytes

    with open(file, "rb") as fh:
        data = fh.read()
    try:
        report = verify_bytes(data)
    except AppError as exc:
        click.echo(f"LỖI / ERROR: {exc.message}")
        sys.exit(2)
    print_report(report)
    sys.exit(0 if report.ok else 1)


@minutes_bp.cli.command("export")
@click.argument("meeting_id", type=int)
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
def export_cmd(meeting_id, out):
    """Ghi biên bản đã ký (bản có nhiều chữ ký nhất) của cuộc họp MEETING_ID ra tệp OUT."""
    from documents.minutes_records import latest_signed, read_signed_revision

    record = latest_signed(meeting_id)
    if record is None:
        raise click.ClickException(f"Cuộc họp {meeting_id} chưa có biên bản đã ký. / No signed minutes.")
    try:
        data = read_signed_revision(record)
    except AppError as exc:
        raise click.ClickException(str(exc.message)) from exc
    with open(out, "wb") as fh:
        fh.write(data)
    click.echo(f"Đã ghi {out}: {record.size} byte, {record.signatures} chữ ký, sha256 {record.sha256}")
