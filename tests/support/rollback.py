"""A database transaction rolled back at the end: every test runs in one (conftest's
``db_session``), and module-scoped fixtures that build costly data once use it too."""

from __future__ import annotations

from contextlib import contextmanager

import sqlalchemy as sa
from flask_sqlalchemy.session import _app_ctx_id


@contextmanager
def rolled_back(app):
    from app.extensions import db

    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        # A plain SQLAlchemy Session honours ``bind`` (Flask-SQLAlchemy's own get_bind ignores it).
        db.session = sa.orm.scoped_session(
            sa.orm.sessionmaker(bind=connection, join_transaction_mode="create_savepoint"), scopefunc=_app_ctx_id
        )
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()
