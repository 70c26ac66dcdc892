"""The access matrix's world: one of every principal and every object a request can name, built
once per module through the product's own services (tests/support/factories.py), then described
as plain ids and titles so that no ORM object is touched while the cases run."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from app.auth.services import issue_token, revoke_tokens
from app.extensions import db
from app.models import SystemRole
from meetings.models import MeetingState, Substitution
from tests.security.matrix_floor_world import build_floor
from tests.support.factories import create_agenda_item, create_meeting, create_user
from tests.support.pdfs import make_text_pdf

# Principals who sign in (the other two: "anonymous" has no credentials, "revoked" holds a
# revoked API token of the member).
SIGNED_IN = (
    "outsider",
    "admin",
    "archivist",
    "removed",
    "observer",
    "unnamed",
    "member",
    "chair",
    "secretary",
    "secretariat",
)
PRINCIPALS = ("anonymous", "revoked") + SIGNED_IN
SYSTEM_ROLES = {"admin": SystemRole.admin, "archivist": SystemRole.archivist, "secretariat": SystemRole.secretariat}
PASSPHRASE = "mat-khau-chung-thu"


@dataclass
class World:
    """Plain facts: principal → user id / login / bearer token; object name → its ids and title."""

    users: dict[str, int] = field(default_factory=dict)
    logins: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    meetings: dict[str, dict] = field(default_factory=dict)
    documents: dict[str, dict] = field(default_factory=dict)
    tasks: dict[str, dict] = field(default_factory=dict)
    notifications: dict[str, int] = field(default_factory=dict)  # principal → own; "other" → a stranger's
    marks: dict[str, dict] = field(default_factory=dict)
    screens: dict[str, dict] = field(default_factory=dict)  # projector links: token, meeting_id, title
    ballots: dict[str, dict] = field(default_factory=dict)  # written opinion ballots: id, title, signer_id


def _document(
    meeting, uploader, code: str, word: str, *, item=None, confidential=False, observer_visible=False, recipients=()
):
    """A real PDF in the store; its title carries ``code`` and its text ``word`` (both found nowhere else)."""
    from meetings.services.documents import store_document

    title = f"Tài liệu {code}"
    pdf = make_text_pdf(f"Nội dung riêng của tài liệu: {word}. Ủy ban nhân dân huyện Cao Lãnh.")
    doc = store_document(
        uploader,
        meeting,
        io.BytesIO(pdf),
        f"{code.lower()}.pdf",
        title=title,
        agenda_item=item,
        confidential=confidential,
        observer_visible=observer_visible,
        recipient_ids=[u.id for u in recipients],
    )
    return doc, {"id": doc.id, "meeting_id": meeting.id, "title": title, "word": word, "pages": doc.page_count}


def _mark(author, meeting, document, layer: str) -> dict:
    from meetings.services.live import add_annotation

    payload = {
        "id": str(uuid.uuid4()),
        "document_id": document.id,
        "page": 1,
        "layer": layer,
        "kind": "ink",
        "data": {"points": [[0.1, 0.2], [0.3, 0.4]], "color": "#d32f2f", "width": 0.004},
    }
    add_annotation(author, meeting, payload)
    return {**payload, "meeting_id": meeting.id, "author": author.id}


def _substitution(meeting, absent, substitute) -> int:
    sub = Substitution(
        meeting_id=meeting.id, absent_user_id=absent.id, substitute_user_id=substitute.id, reason="Đi công tác"
    )
    db.session.add(sub)
    db.session.flush()
    return sub.id


def _task(actor, meeting, title: str, assignee=None, unit: str = "") -> dict:
    from meetings.services.tasks import create_task

    deadline = (meeting.starts_at + timedelta(days=30)).date().isoformat()
    task = create_task(actor, meeting, title=title, assignee=assignee, assignee_unit=unit, deadline=deadline)
    return {"id": task.id, "meeting_id": meeting.id, "title": title}


def _sign_minutes(secretary, meeting) -> None:
    """Signed minutes on the closed meeting: the secretary's signature (the signed PDF, its
    verification and the record export then have something to deliver)."""
    from demo.ca import issue_demo_credential
    from meetings.services import minutes

    issue_demo_credential(secretary, PASSPHRASE)
    minutes.save_draft(secretary, meeting, number="9/BB-UBND", narrative="Chủ tọa khai mạc phiên họp.")
    minutes.lock_draft(secretary, meeting)
    minutes.sign_minutes(secretary, meeting, PASSPHRASE)


def build_world() -> World:
    """Everything inside the caller's transaction (flushed, not committed)."""
    from meetings.archive.search_index import index_meeting
    from meetings.notices import notice
    from meetings.services.documents import replace_document
    from meetings.services.members import remove_member
    from meetings.services.notifications import notify_users

    world = World()
    users = {
        name: create_user(f"mx-{name}", SYSTEM_ROLES.get(name, SystemRole.member), full_name=f"Người {name} ma trận")
        for name in SIGNED_IN
    }
    strangers = {name: create_user(f"mx-{name}") for name in ("other-chair", "other-secretary", "other-member")}
    p = users

    def cast(state: str, key: str):
        title = f"Phiên họp {key} MX{key.upper()}"
        meeting = create_meeting(
            {
                p["chair"]: "chair",
                p["secretary"]: "secretary",
                p["member"]: "member",
                p["unnamed"]: "member",
                p["observer"]: "observer",
                p["removed"]: "member",
            },
            state="draft" if state == "draft" else "published",
            title=title,
        )
        item = create_agenda_item(meeting, f"Nội dung {key}")
        remove_member(p["secretariat"], meeting, p["removed"].id)  # was a member, removed through the service
        world.meetings[key] = {
            "id": meeting.id,
            "title": title,
            "item_id": item.id,
            "member_id": p["unnamed"].id,
            "substitution_id": _substitution(meeting, p["unnamed"], p["outsider"]),
        }
        return meeting, item

    draft, _ = cast("draft", "draft")
    published, published_item = cast("published", "published")
    live, live_item = cast("in_session", "live")
    closed, closed_item = cast("closed", "closed")

    other = create_meeting(
        {
            strangers["other-chair"]: "chair",
            strangers["other-secretary"]: "secretary",
            strangers["other-member"]: "member",
        },
        state="published",
        title="Phiên họp khác MXOTHER",
    )
    other_item = create_agenda_item(other, "Nội dung khác")
    # its body, with the member principal as a standing member (the body routes: body_id, user_id)
    from app.models import BodyMember

    db.session.add(BodyMember(body_id=other.body_id, user_id=p["member"].id))
    db.session.flush()
    world.meetings["other"] = {
        "body_id": other.body_id,
        "id": other.id,
        "title": other.title,
        "item_id": other_item.id,
        "member_id": strangers["other-member"].id,
        "substitution_id": _substitution(other, strangers["other-member"], p["outsider"]),
    }
    # the live meeting naming another meeting's agenda item, member and substitution
    world.meetings["live/other"] = {
        **world.meetings["live"],
        "item_id": other_item.id,
        "member_id": strangers["other-member"].id,
        "substitution_id": world.meetings["other"]["substitution_id"],
    }

    secretary = p["secretary"]
    docs = {}
    docs["doc_open"], world.documents["doc_open"] = _document(
        live, secretary, "MXDOCOPEN", "openqx", item=live_item, observer_visible=True
    )
    docs["doc_internal"], world.documents["doc_internal"] = _document(
        live, secretary, "MXDOCINTERNAL", "internalqx", item=live_item
    )
    docs["doc_secret"], world.documents["doc_secret"] = _document(
        live, secretary, "MXDOCSECRET", "secretqx", item=live_item, confidential=True, recipients=[p["member"]]
    )
    docs["doc_closed"], world.documents["doc_closed"] = _document(
        closed, secretary, "MXDOCCLOSED", "closedqx", item=closed_item
    )
    docs["doc_closed_secret"], world.documents["doc_closed_secret"] = _document(
        closed, secretary, "MXDOCSEALED", "sealedqx", item=closed_item, confidential=True, recipients=[p["member"]]
    )
    docs["doc_other"], world.documents["doc_other"] = _document(
        other, strangers["other-secretary"], "MXDOCOTHER", "otherqx", item=other_item
    )
    # doc_open has a superseded version 1 (versions need document.view_all)
    replace_document(secretary, docs["doc_open"], io.BytesIO(make_text_pdf("Bản sửa: openqx.")), "mo-v2.pdf")
    for doc in world.documents.values():
        doc["version"] = 1

    world.tasks["task_live"] = _task(secretary, live, "Nhiệm vụ TASKLIVEQX", assignee=p["member"])
    world.tasks["task_closed"] = _task(secretary, closed, "Nhiệm vụ TASKCLOSEDQX", unit="Phòng Nội vụ")
    world.tasks["task_other"] = _task(
        strangers["other-secretary"], other, "Nhiệm vụ TASKOTHERQX", assignee=strangers["other-chair"]
    )

    world.marks["mark_private"] = _mark(p["member"], live, docs["doc_open"], "private")
    world.marks["mark_chair"] = _mark(p["chair"], live, docs["doc_open"], "shared")

    live.state = closed.state = other.state = MeetingState.in_session
    db.session.flush()
    build_floor(
        world,
        p,
        strangers,
        {"published": published, "live": live, "closed": closed, "other": other},
        {"published": published_item, "live": live_item, "closed": closed_item, "other": other_item},
    )
    closed.state = MeetingState.closed  # after its session: the floor above ran while it was in session
    db.session.flush()
    _sign_minutes(secretary, closed)
    world.marks["mark_other"] = _mark(strangers["other-chair"], other, docs["doc_other"], "shared")
    for meeting in (draft, published, live, closed, other):
        index_meeting(meeting)  # the archive's index, as `flask archive reindex` keeps it
    from tests.security.matrix_ballot_world import build_ballots

    build_ballots(world, p, strangers)

    for name, user in users.items():
        note = notify_users([user], published, notice("Thông báo riêng MXNOTE cho %(who)s.", who=name))[0]
        world.notifications[name] = note.id
    world.notifications["other"] = notify_users(
        [strangers["other-chair"]], other, notice("Thông báo của người khác MXNOTEOTHER.")
    )[0].id

    for name, user in users.items():
        world.users[name] = user.id
        world.logins[name] = user.login
        world.tokens[name] = issue_token(user, "ma trận")[1]
    token, raw = issue_token(p["member"], "thu hồi")
    revoke_tokens(p["member"], token.prefix)
    world.tokens["revoked"] = raw
    world.users["revoked"] = p["member"].id
    db.session.flush()
    return world
