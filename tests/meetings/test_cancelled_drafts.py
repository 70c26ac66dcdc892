"""A meeting cancelled while still a draft was never announced: its plain members and observers
must not start seeing it (title, agenda, documents) because it was cancelled. Only a meeting that
was published — whose members were invited — stays visible to them once cancelled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.auth.services import issue_token
from app.extensions import db
from app.permissions import Perm, has_perm
from app.permissions_sql import meetings_with_perm_filter, visible_meetings_filter
from meetings.models import Meeting, MeetingRole
from meetings.services.meetings import cancel_meeting, create_meeting, publish_meeting
from meetings.services.members import add_member
from tests.conftest import login
from tests.support.factories import create_body

CAST = ("chair", "secretary", "member", "observer")


def _prepared(people, title):
    office = people["secretariat"]
    create_body("UBND xã Mỹ Hiệp")
    meeting = create_meeting(
        office, title=title, body="UBND xã Mỹ Hiệp", starts_at=datetime.now(UTC) + timedelta(days=5)
    )
    for name in CAST:
        add_member(office, meeting, people[name], MeetingRole(name))
    return meeting


@pytest.fixture
def cancelled(people):
    """One meeting cancelled as a draft, one cancelled after it was published."""
    draft = _prepared(people, "Họp bàn phương án sáp nhập ấp (dự thảo, chưa công bố)")
    cancel_meeting(people["secretariat"], draft)
    announced = _prepared(people, "Họp giao ban tháng 12")
    publish_meeting(people["secretariat"], announced)
    cancel_meeting(people["secretariat"], announced)
    db.session.flush()
    return draft, announced


def test_a_cancelled_draft_stays_with_those_who_prepared_it(people, cancelled):
    draft, announced = cancelled
    assert draft.published_at is None and announced.published_at is not None
    sees_draft = {name for name, user in people.items() if has_perm(user, Perm.MEETING_VIEW, draft)}
    sees_announced = {name for name, user in people.items() if has_perm(user, Perm.MEETING_VIEW, announced)}
    assert sees_draft == {"secretariat", "chair", "secretary"}
    assert sees_announced == {"secretariat", "chair", "secretary", "member", "observer"}
    for name in ("member", "observer"):
        assert not has_perm(people[name], Perm.DOCUMENT_VIEW, draft)


def test_the_sql_filters_agree_with_has_perm_on_cancelled_meetings(people, cancelled):
    ids = [m.id for m in cancelled]
    for user in people.values():
        listed = set(
            db.session.scalars(sa.select(Meeting.id).where(visible_meetings_filter(user), Meeting.id.in_(ids)))
        )
        assert listed == {m.id for m in cancelled if has_perm(user, Perm.MEETING_VIEW, m)}, user.login
        for perm in (Perm.MEETING_VIEW, Perm.DOCUMENT_VIEW, Perm.DOCUMENT_VIEW_ALL, Perm.MEETING_EDIT):
            listed = set(
                db.session.scalars(
                    sa.select(Meeting.id).where(meetings_with_perm_filter(user, perm), Meeting.id.in_(ids))
                )
            )
            assert listed == {m.id for m in cancelled if has_perm(user, perm, m)}, (perm, user.login)


def test_a_member_finds_no_trace_of_the_cancelled_draft(client, people, cancelled):
    draft, announced = cancelled
    login(client, people["member"])
    assert draft.title not in client.get("/meetings/mine").get_data(as_text=True)
    assert client.get(f"/meetings/{draft.id}").status_code == 404
    assert client.get(f"/meetings/{announced.id}").status_code == 200
    token = {"Authorization": f"Bearer {issue_token(people['observer'])[1]}"}
    assert client.get(f"/api/v1/meetings/{draft.id}", headers=token).status_code == 404
    listed = client.get("/api/v1/meetings", headers=token).get_json()
    ids = {m["id"] for m in (listed["meetings"] if isinstance(listed, dict) else listed)}
    assert announced.id in ids and draft.id not in ids


def test_the_chair_still_finds_it(client, people, cancelled):
    draft, _ = cancelled
    login(client, people["chair"])
    assert client.get(f"/meetings/{draft.id}").status_code == 200


def test_existing_meetings_learn_whether_they_were_published(app, tmp_path):
    """The migration: published, in session or closed → published (at the first notification, else
    at creation); cancelled → published only if it ever notified anyone; drafts → never."""
    from flask_migrate import upgrade

    from tests.support.apps import second_app
    from tests.support.databases import fresh_database

    with fresh_database(tmp_path, "published_at") as url:
        other = second_app(app, DATABASE_URL=url)
        with other.app_context():
            engine = db.engine
            upgrade(revision="7c2e4a91b0d3")
            created = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
            told = datetime(2026, 1, 6, 2, 0, tzinfo=UTC)
            users = sa.table(
                "users",
                *(
                    sa.column(c)
                    for c in (
                        "id",
                        "login",
                        "full_name",
                        "position",
                        "unit",
                        "password_hash",
                        "system_role",
                        "is_active_account",
                        "failed_logins",
                        "created_at",
                    )
                ),
            )
            meetings = sa.table(
                "meetings",
                *(sa.column(c) for c in ("id", "title", "body", "kind", "state", "starts_at", "place", "created_at")),
            )
            notifications = sa.table(
                "notifications", *(sa.column(c) for c in ("id", "user_id", "meeting_id", "text", "created_at"))
            )
            states = {1: "draft", 2: "published", 3: "closed", 4: "cancelled", 5: "cancelled"}
            with engine.begin() as conn:
                conn.execute(
                    users.insert().values(
                        id=1,
                        login="u",
                        full_name="U",
                        position="",
                        unit="",
                        password_hash="x",
                        system_role="member",
                        is_active_account=True,
                        failed_logins=0,
                        created_at=created,
                    )
                )
                for meeting_id, state in states.items():
                    conn.execute(
                        meetings.insert().values(
                            id=meeting_id,
                            title=f"M{meeting_id}",
                            body="UBND",
                            kind="regular",
                            state=state,
                            starts_at=created,
                            place="",
                            created_at=created,
                        )
                    )
                for n, meeting_id in enumerate((3, 4, 4), 1):  # the closed one and one cancelled one told people
                    conn.execute(
                        notifications.insert().values(
                            id=n, user_id=1, meeting_id=meeting_id, text="…", created_at=told + timedelta(hours=n)
                        )
                    )
            upgrade()
            with engine.connect() as conn:
                rows = dict(conn.execute(sa.text("SELECT id, published_at FROM meetings")).all())
            engine.dispose()
    stamp = {
        k: v
        if v is None or isinstance(v, str)  # SQLite gives the stored text
        else v.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        for k, v in rows.items()
    }
    assert stamp[1] is None and stamp[5] is None  # the draft, and the draft that was cancelled
    assert stamp[2] is not None and stamp[2].startswith("2026-01-05 01:00")  # published, nobody told: created
    assert stamp[3].startswith("2026-01-06 03:00") and stamp[4].startswith("2026-01-06 04:00")  # first notification
