"""The cap on marks one person keeps on one document (issue 12, item 3): ``MARKS_PER_DOCUMENT``
(5,000 by default; 0 = no cap). Deleted marks do not count, so deleting frees room. Enforced by the
live service that stores marks, whatever the path the mark came by."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import format_number
from flask_babel import gettext as _

from app.errors import ValidationError
from app.extensions import db
from meetings.models import Annotation


def marks_on_document(author_id: int, document_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Annotation)
        .where(
            Annotation.author_id == author_id, Annotation.document_id == document_id, Annotation.deleted_at.is_(None)
        )
    )


def check_room(annotation: Annotation) -> None:
    """Refuse ``annotation``, just flushed, when it takes its author past the cap. Called once the
    meeting's ``live_states`` row is locked (the mark's ``seq`` is taken), so marks added at the same
    moment from two tablets are counted one after the other; the caller's rollback undoes the mark."""
    cap = current_app.config.get("MARKS_PER_DOCUMENT") or 0
    if cap and marks_on_document(annotation.author_id, annotation.document_id) > cap:
        raise ValidationError(
            _(
                "Bạn đã có %(n)s nét vẽ trên tài liệu này, mức tối đa cho phép. Hãy xóa bớt nét cũ để vẽ thêm.",
                n=format_number(cap),
            )
        )
