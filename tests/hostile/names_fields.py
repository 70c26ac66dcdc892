"""The fields of the hostile-names matrix: for each, how a value is sent through its real entry point
(JSON API, web form, CSV import, Socket.IO), how the stored value is read back from the database,
and the page that shows it. The world they need is built by :func:`world`."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from types import SimpleNamespace

import sqlalchemy as sa

from app.auth.services import issue_token
from app.extensions import db, socketio
from app.models import Body, SystemRole, User
from documents.models import Document
from meetings.models import AgendaItem, Annotation, Meeting, OpinionBallot, OpinionBallotRecipient, Task, Vote
from meetings.services.votes import close_vote
from tests.support.factories import create_meeting, create_user
from tests.support.floor import committee, hold
from tests.support.pdfs import make_pdf

NS = "/meeting"


@dataclass
class Field:
    name: str
    send: object  # (w, client, value) -> (status, error message or "")
    read: object  # (w) -> the stored text of the last accepted value
    page: object  # (w) -> (user, url) of the page that shows it
    max_len: int
    too_long: str  # words of the message refusing a value over the limit (it names the limit)
    required: str = ""  # words of the message refusing an empty value; "" when the field is optional
    multiline: bool = False
    empty: str = ""  # what an optional field stores when nothing is left
    prepare: object = None  # (w) -> None, before the case's row counts are taken


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {issue_token(user)[1]}"}


def _answer(response) -> tuple[int, str]:
    body = response.get_json(silent=True)
    error = body.get("error", "") if isinstance(body, dict) else ""
    return response.status_code, error


def _newest(model):
    db.session.expire_all()
    return db.session.scalar(sa.select(model).order_by(model.id.desc()).limit(1))


def _fresh(model, ident):
    db.session.expire_all()
    return db.session.get(model, ident)


class World:
    """What the fields need, each part built the first time a field asks for it (the matrix builds
    one world per field: a meeting in session with nine voting members is only made for those that
    need one)."""

    def __init__(self, app, client):
        self.app, self.client, self.last = app, client, {}
        self.admin = create_user(role=SystemRole.admin, full_name="Quản trị viên")
        self.office = create_user(role=SystemRole.secretariat, full_name="Lê Hoàng Nam")
        self.body = Body.named("UBND xã Hòa An")
        db.session.flush()
        self.auth = _Tokens(self)

    @cached_property
    def floor(self) -> SimpleNamespace:
        floor = committee(members=3, items=2)
        hold(floor)  # in session: votes and marks
        return floor

    @cached_property
    def asked(self) -> list[User]:
        """Two members asked by the written opinion ballots."""
        return [create_user(full_name="Trần Thị Bích"), create_user(full_name="Đoàn Văn Đát")]

    @cached_property
    def person(self) -> User:
        return create_user(full_name="Phạm Văn Hòa")

    @cached_property
    def closed(self) -> Meeting:
        return create_meeting({self.office: "secretary", self.person: "chair"}, state="closed", items=1)

    @cached_property
    def meeting(self) -> Meeting:
        return create_meeting({self.office: "secretary"}, items=1)

    @cached_property
    def document(self) -> int:
        """A document to mark in the live meeting."""
        document = _upload(self.client, self, self.floor.meeting, "Tờ trình số 1")
        assert document, "the document could not be uploaded"
        return document

    @cached_property
    def ballot(self) -> int:
        """An open written opinion ballot asking two members."""
        ballot = _create_ballot(self.client, self, "Lấy ý kiến thử", "Nội dung thử")
        assert ballot, self.last["ballot"].get_data(as_text=True)
        return ballot


class _Tokens(dict):
    """``w.auth["office"]``: a bearer header, issued when first asked for."""

    def __init__(self, w):
        super().__init__()
        self.w = w

    def __missing__(self, who):
        user = {"chair": lambda: self.w.floor.chair, "member": lambda: self.w.asked[0]}.get(
            who, lambda: getattr(self.w, who)
        )()
        self[who] = bearer(user)
        return self[who]


def world(app, client) -> World:
    return World(app, client)


def _upload(client, w, meeting, title):
    response = client.post(
        f"/api/v1/meetings/{meeting.id}/documents",
        query_string={"filename": "to-trinh.pdf", "title": title},
        data=make_pdf(1),
        headers={**w.auth["office"], "Content-Type": "application/pdf"},
    )
    return response.get_json()["id"] if response.status_code == 201 else None


def _create_ballot(client, w, title, question):
    deadline = (datetime.now(UTC) + timedelta(days=5)).astimezone().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        "/api/v1/opinion-ballots",
        data={
            "title": title,
            "question": question,
            "body_id": str(w.body.id),
            "deadline": deadline,
            "recipient_ids": [str(u.id) for u in w.asked],
            "draft": (io.BytesIO(make_pdf(1)), "du-thao.pdf"),
        },
        headers=w.auth["office"],
        content_type="multipart/form-data",
    )
    w.last["ballot"] = response
    return response.get_json()["id"] if response.status_code == 201 else None


# -- senders ----------------------------------------------------------------------------------------
def meeting_title(w, client, value):
    return _answer(client.patch(f"/api/v1/meetings/{w.meeting.id}", json={"title": value}, headers=w.auth["office"]))


def meeting_place(w, client, value):
    return _answer(client.patch(f"/api/v1/meetings/{w.meeting.id}", json={"place": value}, headers=w.auth["office"]))


def agenda_title(w, client, value):
    url = f"/api/v1/meetings/{w.meeting.id}/agenda"
    return _answer(client.post(url, json={"title": value}, headers=w.auth["office"]))


def document_title(w, client, value):
    response = client.post(
        f"/api/v1/meetings/{w.meeting.id}/documents",
        query_string={"filename": "tai-lieu.pdf", "title": value, "agenda_item_id": w.meeting.agenda_items[0].id},
        data=make_pdf(1),
        headers={**w.auth["office"], "Content-Type": "application/pdf"},
    )
    return _answer(response)


def user_name(w, client, value):
    login = f"hostile.{uuid.uuid4().hex[:10]}"
    return _answer(client.post("/api/v1/users", json={"login": login, "full_name": value}, headers=w.auth["admin"]))


def user_unit(w, client, value):
    member = w.person
    return _answer(client.patch(f"/api/v1/users/{member.id}", json={"unit": value}, headers=w.auth["admin"]))


def _import(w, client, full_name, unit):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Họ và tên", "Email/Tên đăng nhập", "Đơn vị", "Vai trò"])
    writer.writerow([full_name, f"nhap.{uuid.uuid4().hex[:10]}", unit, "Thành viên"])
    data = out.getvalue().encode()
    response = client.post("/admin/users/import", data={"csv_text": data.decode(), "apply": "1"})
    page = response.get_data(as_text=True)
    w.last["import_page"] = page
    if response.status_code != 200:
        return response.status_code, page
    if "Đã nhập: 1 tạo mới" in page:
        return 201, ""
    return 400, page  # the row was refused in the plan: the reason is on the page


def import_name(w, client, value):
    return _import(w, client, value, "UBND xã Hòa An")


def import_unit(w, client, value):
    return _import(w, client, "Nguyễn Văn Nhập", value)


def body_name(w, client, value):
    return _answer(client.post("/api/v1/bodies", json={"name": value, "level": "commune"}, headers=w.auth["admin"]))


def task_title(w, client, value):
    return _task(w, client, title=value, assignee_unit="Phòng Nội vụ")


def task_unit(w, client, value):
    return _task(w, client, title="Rà soát hồ sơ", assignee_unit=value, assignee_id=str(w.person.id))


def _task(w, client, **form):
    form = {"deadline": "2099-01-31", **form}
    response = client.post(f"/meetings/{w.closed.id}/tasks", data=form)
    return (201, "") if response.status_code == 302 else (response.status_code, response.get_data(as_text=True))


def close_open_vote(w):
    """One vote at a time: close the one accepted before."""
    meeting = w.floor.meeting
    open_ = db.session.scalar(sa.select(Vote).where(Vote.meeting_id == meeting.id, Vote.state == "open"))
    if open_ is not None:
        close_vote(w.floor.chair, meeting, open_.id)
        db.session.flush()


def vote_question(w, client, value):
    meeting = w.floor.meeting
    item = meeting.agenda_items[0]
    url = f"/api/v1/meetings/{meeting.id}/votes"
    return _answer(client.post(url, json={"agenda_item_id": item.id, "question": value}, headers=w.auth["chair"]))


def ballot_title(w, client, value):
    _create_ballot(client, w, value, "Nội dung xin ý kiến")
    return _answer(w.last["ballot"])


def ballot_question(w, client, value):
    _create_ballot(client, w, "Lấy ý kiến", value)
    return _answer(w.last["ballot"])


def ballot_comment(w, client, value):
    url = f"/api/v1/opinion-ballots/{w.ballot}/answer"
    return _answer(client.put(url, json={"choice": "other", "comment": value}, headers=w.auth["member"]))


def annotation_note(w, client, value):
    sio = w.__dict__.get("sio")
    if sio is None:
        with w.app.app_context():
            sio = w.sio = socketio.test_client(w.app, namespace=NS, auth={"token": issue_token(w.floor.chair)[1]})
            ack = sio.emit("meeting.join", {"meeting_id": w.floor.meeting.id}, namespace=NS, callback=True)
        assert ack["ok"], ack
    mark = {
        "id": str(uuid.uuid4()),
        "document_id": w.document,
        "page": 1,
        "layer": "shared",
        "kind": "note",
        "data": {"x": 0.2, "y": 0.3, "text": value},
    }
    with w.app.app_context():
        ack = sio.emit(
            "annotation.add", {"meeting_id": w.floor.meeting.id, "annotation": mark}, namespace=NS, callback=True
        )
    return (201, "") if ack.get("ok") else (400, ack.get("error", ""))


def _live_note(w):
    return (w.floor.chair, f"/api/v1/meetings/{w.floor.meeting.id}/live")


def _last_note(w):
    db.session.expire_all()
    return db.session.scalar(sa.select(Annotation).order_by(Annotation.seq.desc()).limit(1)).data["text"]


FIELDS = [
    Field("meeting title", meeting_title, lambda w: _fresh(Meeting, w.meeting.id).title,
          lambda w: (w.office, f"/meetings/{w.meeting.id}"), 300, "dài quá 300", "Vui lòng nhập tên cuộc họp"),
    Field("meeting place (calendar)", meeting_place, lambda w: _fresh(Meeting, w.meeting.id).place,
          lambda w: (w.office, f"/meetings/{w.meeting.id}"), 300, "dài quá 300"),
    Field("agenda item title", agenda_title, lambda w: _newest(AgendaItem).title,
          lambda w: (w.office, f"/meetings/{w.meeting.id}"), 500, "dài quá 500", "Vui lòng nhập tên nội dung"),
    Field("document title", document_title, lambda w: _newest(Document).title,
          lambda w: (w.office, f"/meetings/{w.meeting.id}"), 500, "dài quá 500", empty="tai-lieu"),
    Field("user full name (API)", user_name, lambda w: _newest(User).full_name,
          lambda w: (w.admin, f"/admin/users/{_newest(User).id}"), 200, "tối đa 200", "Vui lòng nhập họ và tên"),
    Field("user unit (API)", user_unit, lambda w: _fresh(User, w.person.id).unit,
          lambda w: (w.admin, f"/admin/users/{w.person.id}"), 200, "tối đa 200"),
    Field("user full name (CSV import)", import_name, lambda w: _newest(User).full_name,
          lambda w: (w.admin, f"/admin/users/{_newest(User).id}"), 200, "tối đa 200", "Thiếu họ tên"),
    Field("user unit (CSV import)", import_unit, lambda w: _newest(User).unit,
          lambda w: (w.admin, f"/admin/users/{_newest(User).id}"), 200, "tối đa 200"),
    Field("body name", body_name, lambda w: _newest(Body).name,
          lambda w: (w.admin, f"/admin/bodies/{_newest(Body).id}"), 200, "dài quá 200", "Vui lòng nhập tên cơ quan"),
    Field("task title", task_title, lambda w: _newest(Task).title,
          lambda w: (w.office, f"/meetings/{w.closed.id}/tasks"), 500, "tối đa 500", "Nhập nội dung nhiệm vụ"),
    Field("task unit", task_unit, lambda w: _newest(Task).assignee_unit,
          lambda w: (w.office, f"/meetings/{w.closed.id}/tasks"), 200, "dài quá 200"),
    Field("vote question", vote_question, lambda w: _newest(Vote).question,
          lambda w: (w.floor.chair, f"/api/v1/meetings/{w.floor.meeting.id}/votes"), 2000, "dài quá 2.000",
          "Vui lòng nhập nội dung cần biểu quyết", prepare=close_open_vote),
    Field("opinion ballot title", ballot_title, lambda w: _newest(OpinionBallot).title,
          lambda w: (w.office, f"/opinion-ballots/{_newest(OpinionBallot).id}"), 500, "dài quá 500",
          "Cần nhập tiêu đề phiếu lấy ý kiến"),
    Field("opinion ballot question", ballot_question, lambda w: _newest(OpinionBallot).question,
          lambda w: (w.office, f"/opinion-ballots/{_newest(OpinionBallot).id}"), 10_000, "dài quá 10000",
          "Cần nêu nội dung xin ý kiến", multiline=True),
    Field("opinion ballot answer comment", ballot_comment,
          lambda w: db.session.expire_all() or db.session.scalar(sa.select(OpinionBallotRecipient.comment).where(
              OpinionBallotRecipient.ballot_id == w.ballot, OpinionBallotRecipient.user_id == w.asked[0].id)),
          lambda w: (w.asked[0], f"/opinion-ballots/{w.ballot}"), 4000, "dài quá 4000",
          "Ý kiến khác cần ghi rõ nội dung", multiline=True),
    Field("annotation note text", annotation_note, _last_note, _live_note, 2000, "tối đa 2000",
          "Ghi chú không được để trống", multiline=True),
]  # fmt: skip
