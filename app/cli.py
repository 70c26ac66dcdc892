"""Command line: ``flask --app wsgi users …`` and ``flask --app wsgi demo seed | ca``.

The ``demo`` commands import the top-level ``demo`` package inside the command: the product never
depends on it."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from app.errors import AppError
from app.extensions import db

users_cli = AppGroup("users", help="Người dùng: tạo, liệt kê, cấp mã truy cập API.")
audit_cli = AppGroup("audit", help="Nhật ký kiểm toán: kiểm tra chuỗi băm.")
demo_cli = AppGroup("demo", help="Dữ liệu mẫu UBND huyện Cao Lãnh.")


def _fail(exc: AppError):
    db.session.rollback()
    raise click.ClickException(str(exc.message))


@users_cli.command("create")
@click.argument("login")
@click.option("--name", "full_name", required=True, help="Họ và tên")
@click.option("--role", type=click.Choice(["admin", "secretariat", "archivist", "member"]), default="member")
@click.option("--position", default="", help="Chức vụ")
@click.option("--unit", default="", help="Đơn vị")
@click.option("--email", default=None)
@click.password_option(help="Mật khẩu (ít nhất 8 ký tự)")
def create_user_cmd(login, full_name, role, position, unit, email, password):
    """Tạo người dùng LOGIN."""
    from app.auth.services import create_user

    try:
        from app import audit

        user = create_user(login, full_name, password, role, position=position, unit=unit, email=email)
        audit.record("user.create", target=user.login, role=user.system_role.value, channel="cli")
        db.session.commit()
    except AppError as exc:
        _fail(exc)
    click.echo(f"Đã tạo {user.login} ({user.system_role.value}).")


@users_cli.command("list")
def list_users_cmd():
    """Liệt kê tên đăng nhập, vai trò hệ thống và vai trò trong các cuộc họp."""
    from app.models import User
    from meetings.models import MeetingMember

    users = db.session.scalars(sa.select(User).order_by(User.login)).all()
    roles: dict[int, list[str]] = {}
    for mm in db.session.scalars(sa.select(MeetingMember)):
        roles.setdefault(mm.user_id, []).append(f"{mm.role.value}@{mm.meeting_id}")
    click.echo(f"{'login':<12} {'system role':<12} {'meeting roles':<28} name")
    for u in users:
        active = "" if u.is_active else " (disabled)"
        click.echo(
            f"{u.login:<12} {u.system_role.value:<12} {','.join(roles.get(u.id, [])) or '-':<28} {u.full_name}{active}"
        )


@users_cli.command("token")
@click.argument("logins", metavar="LOGIN...", nargs=-1, required=True)
@click.option("--name", default="cli", help="Tên gợi nhớ của mã (thiết bị, ứng dụng)")
def token_cmd(logins, name):
    """In ra một mã truy cập API (Bearer) mới cho mỗi LOGIN, mỗi mã một dòng theo thứ tự. Mã chỉ
    hiện một lần. Một tên đăng nhập sai thì không mã nào được tạo."""
    from app.auth.services import get_user_by_login, issue_token_from_cli

    try:
        raws = [issue_token_from_cli(get_user_by_login(login), name=name)[1] for login in logins]
        db.session.commit()
    except AppError as exc:
        _fail(exc)
    click.echo("\n".join(raws))


@users_cli.command("revoke-tokens")
@click.argument("login")
@click.option("--prefix", default=None, help="Chỉ thu hồi mã bắt đầu bằng tiền tố này")
def revoke_cmd(login, prefix):
    """Thu hồi các mã truy cập API của LOGIN."""
    from app.auth.services import get_user_by_login, revoke_tokens

    try:
        count = revoke_tokens(get_user_by_login(login), prefix)
        db.session.commit()
    except AppError as exc:
        _fail(exc)
    click.echo(f"Đã thu hồi {count} mã.")


@audit_cli.command("verify")
def audit_verify_cmd():
    """Kiểm tra toàn bộ nhật ký kiểm toán; mã thoát khác 0 và số thứ tự hỏng đầu tiên nếu bị sửa, xóa, đảo."""
    from app.audit import verify_chain

    report = verify_chain()
    if not report.ok:
        click.echo(f"Nhật ký bị can thiệp tại số thứ tự {report.first_bad_seq}: {report.reason}", err=True)
        raise SystemExit(1)
    click.echo(f"Nhật ký nguyên vẹn: {report.entries} mục.")


@demo_cli.command("seed")
def seed_cmd():
    """Nạp dữ liệu mẫu (bỏ qua nếu đã có). Cần kho lưu trữ S3 đang chạy."""
    from flask import current_app

    from demo.seed import seed_demo

    password = current_app.config.get("DEMO_PASSWORD")
    if not password:
        raise click.ClickException("Dữ liệu mẫu chỉ dùng trong môi trường phát triển (PHONGHOP_ENV=development).")
    created = seed_demo(password)
    db.session.commit()
    click.echo("Đã nạp dữ liệu mẫu." if created else "Dữ liệu mẫu đã có sẵn; không thay đổi.")


@demo_cli.command("ca")
@click.argument("logins", nargs=-1)
def demo_ca_cmd(logins):
    """Tạo CA thử nghiệm và chứng thư số cho người dùng (mật khẩu PKCS#12 = mật khẩu dữ liệu mẫu)."""
    from flask import current_app

    from app.models import User
    from demo.ca import ensure_demo_ca, issue_demo_credential

    password = current_app.config.get("DEMO_PASSWORD")
    if not password:
        raise click.ClickException("CA thử nghiệm chỉ dùng trong môi trường phát triển (PHONGHOP_ENV=development).")
    ensure_demo_ca()
    query = sa.select(User).order_by(User.login)
    if logins:
        query = query.where(User.login.in_(logins))
    users = list(db.session.scalars(query))
    for user in users:
        issue_demo_credential(user, password)
    db.session.commit()
    click.echo(f"CA thử nghiệm sẵn sàng; {len(users)} người dùng có chứng thư số (mật khẩu: mật khẩu dữ liệu mẫu).")


def register_cli(app) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(demo_cli)
    from meetings.archive.cli import archive_cli

    app.cli.add_command(archive_cli)
