"""``make run``: the product on its embedded defaults.

Starts the embedded S3 server (unless ``PHONGHOP_S3_ENDPOINT`` names one), upgrades the database,
loads the demo data if absent, then serves HTTP + Socket.IO with gunicorn's gevent worker — the
same server as production. Ctrl-C stops both.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys


def prepare(app) -> None:
    """Upgrade the schema, make sure the bucket exists, load demo data if absent."""
    from flask_migrate import upgrade

    from app.extensions import db
    from documents.storage import get_store

    with app.app_context():
        upgrade()
        get_store().ensure_bucket()
        from meetings.services.live import clear_presence

        clear_presence()  # the one server process starts: no tablet is connected yet
        db.session.commit()
        if app.config.get("DEMO_PASSWORD"):
            from demo.seed import seed_demo

            created = seed_demo(app.config["DEMO_PASSWORD"])
            db.session.commit()
            print("• Đã nạp dữ liệu mẫu." if created else "• Dữ liệu mẫu đã có (giữ nguyên).")


def print_banner(app, port: int) -> None:
    from demo.seed import DEMO_LOGINS

    print()
    print(f"  Phòng họp không giấy đang chạy:  http://127.0.0.1:{port}/")
    if app.config.get("DEMO_PASSWORD"):
        print(f"  Tài khoản mẫu (mật khẩu: {app.config['DEMO_PASSWORD']}):")
        for login, description in DEMO_LOGINS:
            print(f"    {login:<12} {description}")
    print("  Nhấn Ctrl-C để dừng (máy chủ lưu trữ S3 cũng dừng theo).")
    print(flush=True)


def _terminate_as_interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)  # stop S3 and gunicorn on TERM, like Ctrl-C
    os.environ.setdefault("PHONGHOP_ENV", "development")
    from app.config import PROJECT_ROOT

    instance = os.environ.get("PHONGHOP_INSTANCE_DIR", str(PROJECT_ROOT / "instance"))
    s3_server = None
    if not os.environ.get("PHONGHOP_S3_ENDPOINT"):
        from documents.embedded_s3 import EmbeddedS3Server, load_or_create_settings

        settings = load_or_create_settings(instance)
        s3_server = EmbeddedS3Server(settings).start()
        os.environ.update(settings.as_env())
        print(f"• Máy chủ lưu trữ S3 (weed mini) chạy tại http://{settings.endpoint} — dữ liệu: {settings.data_dir}")

    gunicorn = None
    try:
        from app import create_app
        from documents.embedded_s3 import die_with_parent

        app = create_app()
        prepare(app)
        port = int(app.config.get("PORT") or 5000)
        print_banner(app, port)
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-k",
                "gevent",
                "-w",
                "1",
                "--worker-connections",
                os.environ.get("PHONGHOP_WORKER_CONNECTIONS", "3000"),
                "-b",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "--access-logfile",
                "-",
                "--access-logformat",  # the path without its query: a calendar feed's key is never logged
                '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss "%(a)s"',
                "--no-control-socket",  # a shared ~/.gunicorn socket would tie instances together
                "wsgi:app",
            ],
            cwd=str(PROJECT_ROOT),
            preexec_fn=die_with_parent,
        )
        return gunicorn.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(10)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        if s3_server is not None:
            s3_server.stop()
            print("• Đã dừng máy chủ lưu trữ S3.")


if __name__ == "__main__":
    sys.exit(main())
