"""``visible_documents_filter`` (SQL) and ``can_view_document`` (Python) are the same rule: for
every principal × kind of document × meeting state, the database selects exactly the documents
the Python rule lets the principal read."""

import itertools

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import SystemRole
from app.permissions import can_view_document, readable_documents
from app.permissions_sql import visible_documents_filter
from documents.models import Document, DocumentRecipient
from meetings.models import MeetingState
from tests.support.factories import create_meeting, create_user

STATES = list(MeetingState)
_keys = itertools.count(1)


@pytest.fixture
def people(app):
    return {
        "secretariat": create_user("df-office", SystemRole.secretariat),
        "chair": create_user("df-chair"),
        "secretary": create_user("df-secretary"),
        "member": create_user("df-member"),
        "member-not-named": create_user("df-member2"),
        "observer": create_user("df-observer"),
        "outsider": create_user("df-outsider"),
        "archivist": create_user("df-archivist", SystemRole.archivist),
        "admin": create_user("df-admin", SystemRole.admin),
    }


def _document(meeting, kind: str, *, confidential=False, observer_visible=False, named=()) -> Document:
    document = Document(
        meeting_id=meeting.id,
        title=kind,
        filename="x.pdf",
        object_key=f"df/{next(_keys)}.pdf",
        size=1,
        sha256="0" * 64,
        text="",
        confidential=confidential,
        observer_visible=observer_visible,
    )
    db.session.add(document)
    db.session.flush()
    for user in named:  # written directly: the filter must agree even with rows the services would refuse
        db.session.add(DocumentRecipient(document_id=document.id, user_id=user.id))
    db.session.flush()
    db.session.refresh(document)
    return document


def _documents(meeting, people) -> list[Document]:
    member = people["member"]
    documents = [
        _document(meeting, "plain"),
        _document(meeting, "observer_visible", observer_visible=True),
        _document(meeting, "confidential naming the member", confidential=True, named=[member]),
        _document(
            meeting,
            "confidential for guests naming the member",
            confidential=True,
            observer_visible=True,
            named=[member],
        ),
        # a stale recipient row on a document that is no longer confidential changes nothing
        _document(meeting, "plain with a leftover recipient", named=[people["observer"]]),
    ]
    for name, user in people.items():
        documents.append(_document(meeting, f"confidential naming {name}", confidential=True, named=[user]))
    return documents


def _meetings(people) -> list:
    cast = {
        people["chair"]: "chair",
        people["secretary"]: "secretary",
        people["member"]: "member",
        people["member-not-named"]: "member",
        people["observer"]: "observer",
    }
    meetings = [create_meeting(cast, state=state) for state in STATES]
    # system roles that are also guests of a meeting: the observer rule still applies to the archivist
    for state in (MeetingState.closed, MeetingState.published):
        meetings.append(
            create_meeting(
                {
                    people["chair"]: "chair",
                    people["archivist"]: "observer",
                    people["secretariat"]: "observer",
                    people["admin"]: "member",
                },
                state=state,
            )
        )
    return meetings


def test_sql_filter_agrees_with_can_view_document(people):
    documents = [d for meeting in _meetings(people) for d in _documents(meeting, people)]
    ids = [d.id for d in documents]
    for name, user in people.items():
        selected = set(
            db.session.scalars(sa.select(Document.id).where(visible_documents_filter(user), Document.id.in_(ids)))
        )
        allowed = {d.id for d in documents if can_view_document(user, d)}
        assert selected == allowed, name


def test_the_batched_check_agrees_with_can_view_document(people):
    """``readable_documents`` (a join's check, the meeting's permissions decided once) is
    ``can_view_document`` document by document, for every principal, state and kind."""
    for meeting in _meetings(people):
        documents = _documents(meeting, people)
        for name, user in people.items():
            batched = [d.id for d in readable_documents(user, meeting, documents)]
            assert batched == [d.id for d in documents if can_view_document(user, d)], (name, meeting.state)


def test_the_filter_matches_the_documented_rule_on_a_published_meeting(people):
    """Not only agreement: the rule itself, spelled out once for a published meeting."""
    meeting = _meetings(people)[STATES.index(MeetingState.published)]
    documents = _documents(meeting, people)
    by_id = {d.id: d.title for d in documents}

    def sees(name):
        return set(
            by_id[i]
            for i in db.session.scalars(
                sa.select(Document.id).where(visible_documents_filter(people[name]), Document.meeting_id == meeting.id)
            )
        )

    everything = set(by_id.values())
    assert sees("secretariat") == sees("secretary") == everything
    assert sees("member") == {
        "plain",
        "observer_visible",
        "confidential naming the member",
        "confidential for guests naming the member",
        "plain with a leftover recipient",
        "confidential naming member",
    }
    assert sees("member-not-named") == {
        "plain",
        "observer_visible",
        "plain with a leftover recipient",
        "confidential naming member-not-named",
    }
    assert sees("chair") == {
        "plain",
        "observer_visible",
        "plain with a leftover recipient",
        "confidential naming chair",
    }
    assert sees("observer") == {"observer_visible", "confidential naming observer"}
    assert sees("outsider") == sees("archivist") == sees("admin") == set()


def test_nobody_signed_out_or_disabled_sees_a_document(people):
    from flask_login import AnonymousUserMixin

    meeting = create_meeting({people["member"]: "member"}, state=MeetingState.published)
    document = _document(meeting, "plain")
    query = sa.select(Document.id).where(Document.id == document.id)
    assert db.session.scalars(query.where(visible_documents_filter(people["member"]))).all() == [document.id]
    assert db.session.scalars(query.where(visible_documents_filter(AnonymousUserMixin()))).all() == []
    people["member"].is_active_account = False
    assert db.session.scalars(query.where(visible_documents_filter(people["member"]))).all() == []
    assert not can_view_document(people["member"], document)
