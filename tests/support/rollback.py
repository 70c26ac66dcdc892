"""A database transaction rolled back at the end, for module-scoped fixtures that build costly
data once (the per-test ``db_session`` fixture covers single tests)."""
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
        db.session = sa.orm.scoped_session(
            sa.orm.sessionmaker(bind=connection, join_transaction_mode="create_savepoint"), scopefunc=_app_ctx_id)
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()
