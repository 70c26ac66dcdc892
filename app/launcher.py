"""``make run``: the product on its embedded defaults.

Starts the embedded S3 server (unless ``PHONGHOP_S3_ENDPOINT`` names one) and the embedded Redis
(unless ``PHONGHOP_REDIS_URL`` names one), upgrades the database, loads the demo data if absent,
starts the background worker and the periodic scheduler (app/worker.py, docs/jobs.md), then serves
HTTP + Socket.IO with gunicorn's gevent worker — the same server as production. Ctrl-C stops all.
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


def start_background(cwd) -> list[subprocess.Popen]:
    """The RQ worker (with its scheduler for jobs due later) and the periodic scheduler; they die
    with the launcher. Production runs them as services (docs/jobs.md)."""
    from documents.embedded_s3 import die_with_parent

    processes = []
    for extra, what in (([], "hàng đợi công việc (RQ worker)"), (["--cron"], "bộ lập lịch nhắc việc (rq cron)")):
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "app.worker", *extra],
                cwd=str(cwd),
                preexec_fn=die_with_parent,
                start_new_session=True,  # Ctrl-C reaches the launcher, which stops them in order
            )
        )
        print(f"• Đã khởi động {what}.")
    return processes


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

    redis_server = None
    if not os.environ.get("PHONGHOP_REDIS_URL"):
        from app.redis_server import EmbeddedRedisError, EmbeddedRedisServer
        from app.redis_server import load_or_create_settings as redis_settings

        try:
            redis_server = EmbeddedRedisServer(redis_settings(instance)).start()
        except EmbeddedRedisError as exc:
            print(f"✗ {exc}", file=sys.stderr)
            if s3_server is not None:
                s3_server.stop()
            return 1
        os.environ["PHONGHOP_REDIS_URL"] = redis_server.settings.url
        print(f"• Redis chạy tại 127.0.0.1:{redis_server.settings.port} — dữ liệu: {redis_server.settings.data_dir}")

    gunicorn = None
    background: list[subprocess.Popen] = []
    try:
        from app import create_app
        from documents.embedded_s3 import die_with_parent

        app = create_app()
        prepare(app)
        port = int(app.config.get("PORT") or 5000)
        os.environ.setdefault("PHONGHOP_WORKER_LOG_LEVEL", "WARNING")  # jobs that fail, not every "Job OK"
        background = start_background(PROJECT_ROOT)
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
        for process in [gunicorn, *background]:
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in [gunicorn, *background]:
            if process is not None:
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
        if redis_server is not None:
            redis_server.stop()
            print("• Đã dừng Redis.")
        if s3_server is not None:
            s3_server.stop()
            print("• Đã dừng máy chủ lưu trữ S3.")


if __name__ == "__main__":
    sys.exit(main())
