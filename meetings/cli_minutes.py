"""``flask --app wsgi minutes verify FILE | export MEETING_ID OUT.pdf`` (the demo CA: ``flask demo ca``)."""

from __future__ import annotations

import sys

import click

from app.errors import AppError
from documents.signing import INVALID, UNTRUSTED, VALID
from meetings.views_minutes import minutes_bp

# ``minutes verify`` exit statuses (docs/minutes.md): 2 is also Click's own for a missing file.
EXIT_CODES = {VALID: 0, INVALID: 1, UNTRUSTED: 3}
EXIT_UNCHECKED = 2


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


def _later(sig) -> str:
    if sig.altered_after is not None:
        return (
            f"{sig.modifications}; KHÔNG được phép: lần cập nhật thứ {sig.altered_after} / "
            f"NOT allowed: revision {sig.altered_after}"
        )
    return sig.modifications


def print_report(report) -> None:
    """A bilingual summary, one block per signature, then what changed after signing, then the verdict."""
    if report.error:
        click.echo(f"LỖI / ERROR: {report.error}")
    for n, sig in enumerate(report.signatures, start=1):
        when = sig.signing_time.isoformat() if sig.signing_time else "?"
        click.echo(f"Chữ ký #{n} / Signature #{n} [{sig.field}]")
        click.echo(f"  Người ký / Signer: {sig.signer}  (CA: {sig.issuer})")
        click.echo(
            f"  Thời điểm ký / Signing time: {when}{' (dấu thời gian / timestamped)' if sig.timestamped else ''}"
        )
        click.echo(
            f"  Toàn vẹn / Intact: {'có / yes' if sig.intact else 'KHÔNG / NO'}; "
            f"hợp lệ / valid: {_validity(sig)}; tin cậy / trusted: {_trust(sig)}"
        )
        click.echo(f"  Phạm vi / Coverage: {sig.coverage}; thay đổi sau khi ký / later changes: {_later(sig)}")
        if sig.error:
            click.echo(f"  Lỗi / Error: {sig.error}")
    for finding in report.findings:
        click.echo(f"THAY ĐỔI SAU KHI KÝ / CHANGED AFTER SIGNING: {finding.message} / {finding.message_en}.")
    n = len(report.signatures)
    if report.verdict == VALID:
        click.echo(
            f"KẾT QUẢ: {n} chữ ký nguyên vẹn và hợp lệ, chứng thư được tin cậy. / "
            f"RESULT: all {n} signature(s) intact and valid, certificates trusted."
        )
    elif report.verdict == UNTRUSTED:
        click.echo(
            f"KẾT QUẢ: {n} chữ ký nguyên vẹn nhưng chứng thư không được tin cậy (không chuỗi về gốc tin cậy). / "
            f"RESULT: {n} signature(s) intact, but a certificate is NOT TRUSTED (no chain to a trust root)."
        )
    else:
        click.echo("KẾT QUẢ: KHÔNG HỢP LỆ. / RESULT: NOT VALID.")


@minutes_bp.cli.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def verify_cmd(file):
    """Kiểm tra chữ ký số của tệp biên bản PDF FILE.

    \b
    Mã thoát / exit status:
      0  mọi chữ ký nguyên vẹn, hợp lệ, đúng chuỗi ký, chứng thư được tin cậy / valid and trusted
      1  KHÔNG hợp lệ: nội dung bị thay đổi (kể cả cập nhật thêm sau chữ ký), chữ ký sai hoặc không có
         chữ ký / invalid or altered
      2  không kiểm tra được (không phải PDF, quá lớn) / could not check the file
      3  chữ ký nguyên vẹn, hợp lệ nhưng chứng thư không được tin cậy / intact but untrusted
    """
    from meetings.services.minutes import verify_bytes

    with open(file, "rb") as fh:
        data = fh.read()
    try:
        report = verify_bytes(data)
    except AppError as exc:
        click.echo(f"LỖI / ERROR: {exc.message}")
        sys.exit(EXIT_UNCHECKED)
    print_report(report)
    sys.exit(EXIT_CODES[report.verdict])


@minutes_bp.cli.command("export")
@click.argument("meeting_id", type=int)
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
def export_cmd(meeting_id, out):
    """Ghi biên bản đã ký (bản có nhiều chữ ký nhất) của cuộc họp MEETING_ID ra tệp OUT."""
    from meetings.services.minutes_records import latest_signed, read_signed_revision

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
