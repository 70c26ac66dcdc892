"""Command line: ``flask --app wsgi archive reindex``."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.extensions import db

archive_cli = AppGroup("archive", help="Lưu trữ: chỉ mục tra cứu toàn văn.")


@archive_cli.command("reindex")
def reindex_cmd():
    """Lập lại chỉ mục tra cứu cho mọi cuộc họp, chương trình và tài liệu."""
    from meetings.archive.search_index import reindex_all

    count = reindex_all()
    db.session.commit()
    click.echo(f"Đã lập chỉ mục {count} cuộc họp.")
