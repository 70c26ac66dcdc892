"""What the services announce for the live room, handed over only once the transaction committed.

A service (or the view that called it) ``announce()``s the changes the open tablets must see — the
``Broadcast`` list the live services return — inside its transaction. The commit makes them ready
(a rollback forgets them); the edge that committed calls ``publish_committed()``, which sends them
on the ``committed`` signal. ``realtime/`` subscribes and emits. So the domain never imports the
transport, and nothing is broadcast that the database does not hold.

(Publishing is a separate call rather than part of the ``after_commit`` event because emitting may
read the database — who may read a document — and a session cannot run SQL inside that event.)
"""

from __future__ import annotations

import sqlalchemy as sa
from blinker import Namespace

from app.extensions import db

_PENDING = "phonghop.announcements.pending"
_READY = "phonghop.announcements.ready"
committed = Namespace().signal("announcements-committed")


def announce(broadcasts) -> None:
    """Queue ``broadcasts`` on the current transaction; they become ready when it commits."""
    if broadcasts:
        db.session.info.setdefault(_PENDING, []).extend(broadcasts)


def publish_committed() -> None:
    """Hand what committed transactions announced to the subscribers (``realtime/``)."""
    ready = db.session.info.pop(_READY, None)
    if ready:
        committed.send(ready)


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _ready(session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending:
        session.info.setdefault(_READY, []).extend(pending)


@sa.event.listens_for(sa.orm.Session, "after_rollback")
def _forget(session) -> None:
    session.info.pop(_PENDING, None)
