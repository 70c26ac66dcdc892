"""Helpers for the live-session logic tests: a meeting with every role, a document, sockets."""

from __future__ import annotations

import uuid

from app.auth.services import issue_token
from app.extensions import db, socketio
from documents.models import Document, DocumentRecipient
from tests.support.factories import create_meeting, create_user

NS = "/meeting"


def _document_facts(
    meeting,
    uploader,
    pages: int,
    title: str = "Báo cáo kinh tế – xã hội",
    confidential: bool = False,
    observer_visible: bool = True,
    readers=(),
) -> Document:
    """Only the facts the live session uses (meeting, page count, who may read it): these tests
    never read the bytes, so they need no object store (documents/ tests cover storing real PDFs)."""
    document = Document(
        meeting_id=meeting.id,
        title=title,
        filename="bao-cao.pdf",
        object_key=f"meetings/{meeting.id}/documents/{uuid.uuid4().hex}.pdf",
        size=1000,
        sha256="0" * 64,
        page_count=pages,
        uploaded_by_id=uploader.id,
        confidential=confidential,
        observer_visible=observer_visible,
    )
    document.recipients = [DocumentRecipient(user_id=user.id) for user in readers]
    db.session.add(document)
    db.session.flush()
    return document


class Hall:
    """chair, secretary, two members, an observer and an outsider around one meeting in session
    with a 5-page document that everyone in it may read (``add_document`` adds others)."""

    def __init__(self, app, prefix: str):
        self.app = app
        self.people = {
            name: create_user(f"{prefix}-{name}")
            for name in ("chair", "secretary", "member1", "member2", "observer", "outsider")
        }
        p = self.people
        self.meeting = create_meeting(
            {
                p["chair"]: "chair",
                p["secretary"]: "secretary",
                p["member1"]: "member",
                p["member2"]: "member",
                p["observer"]: "observer",
            },
            state="in_session",
        )
        self.document = _document_facts(self.meeting, p["secretary"], pages=5)

    def add_document(self, pages: int = 7, **access) -> Document:
        """Another document of the meeting: ``confidential=True, readers=[…]`` or ``observer_visible=False``."""
        readers = [self.people[who] for who in access.pop("readers", ())]
        return _document_facts(
            self.meeting, self.people["secretary"], pages, title="Tờ trình (mật)", readers=readers, **access
        )

    def socket(self, who: str, join: bool = True, since_seq=None):
        _, raw = issue_token(self.people[who])
        with self.app.app_context():  # each socket event gets its own app context (and ``g``), as in production
            sio = socketio.test_client(self.app, namespace=NS, auth={"token": raw})
        assert sio.is_connected(NS)
        sio.ack = None
        if join:
            payload = {"meeting_id": self.meeting.id}
            if since_seq is not None:
                payload["since_seq"] = since_seq
            sio.ack = self.emit(sio, "meeting.join", payload)
            assert sio.ack["ok"] is True, sio.ack
            sio.get_received(NS)  # drop what joining produced
        return sio

    def emit(self, sio, event: str, payload):
        with self.app.app_context():
            return sio.emit(event, payload, namespace=NS, callback=True)

    def call(self, sio, event: str, payload: dict):
        return self.emit(sio, event, {"meeting_id": self.meeting.id, **payload})

    def disconnect(self, sio):
        with self.app.app_context():
            sio.disconnect(NS)

    def mark(self, layer="shared", kind="ink", data=None, page=1, id=None):
        data = data or {"points": [[0.1, 0.2], [0.3, 0.4]], "color": "#d32f2f", "width": 0.004}
        return {
            "id": id or str(uuid.uuid4()),
            "document_id": self.document.id,
            "page": page,
            "layer": layer,
            "kind": kind,
            "data": data,
        }


def events(sio, name: str | None = None) -> list[dict]:
    return [r["args"][0] for r in sio.get_received(NS) if name is None or r["name"] == name]


def named(sio) -> list[tuple[str, dict]]:
    return [(r["name"], r["args"][0]) for r in sio.get_received(NS)]
