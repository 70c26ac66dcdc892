"""The permission matrix: system roles × meeting roles × meeting states, and the SQL filter
that lists meetings agreeing exactly with has_perm."""

import pytest
import sqlalchemy as sa

from app.errors import NotFound, PermissionDenied
from app.extensions import db
from app.models import SystemRole
from app.permissions import Perm, has_perm, has_task_perm, meeting_perms, require_perm
from app.permissions_sql import meetings_with_perm_filter, visible_meetings_filter
from meetings.models import Meeting, MeetingState
from tests.support.factories import create_meeting, create_user

STATES = list(MeetingState)


@pytest.fixture
def people(app):
    return {
        "chair": create_user("p-chair"),
        "secretary": create_user("p-secretary", SystemRole.secretariat),
        "member": create_user("p-member"),
        "observer": create_user("p-observer"),
        "outsider": create_user("p-outsider"),
        "secretariat": create_user("p-office", SystemRole.secretariat),
        "archivist": create_user("p-archivist", SystemRole.archivist),
        "admin": create_user("p-admin", SystemRole.admin),
    }


def _meeting(people, state):
    return create_meeting(
        {
            people["chair"]: "chair",
            people["secretary"]: "secretary",
            people["member"]: "member",
            people["observer"]: "observer",
        },
        state=state,
    )


@pytest.mark.parametrize("state", STATES, ids=[s.value for s in STATES])
def test_who_sees_a_meeting_in_each_state(people, state):
    meeting = _meeting(people, state)
    sees = {name for name, user in people.items() if has_perm(user, Perm.MEETING_VIEW, meeting)}
    prepares = {"chair", "secretary", "secretariat"}
    attendees = prepares | {"member", "observer"}
    expected = {
        MeetingState.draft: prepares,
        MeetingState.published: attendees,
        MeetingState.in_session: attendees,
        MeetingState.closed: attendees | {"archivist"},
        MeetingState.cancelled: attendees,
    }[state]
    assert sees == expected
    # nobody outside the meeting, and no admin, ever sees it
    assert "outsider" not in sees and "admin" not in sees


def test_live_actions_by_role_in_session(people):
    meeting = _meeting(people, MeetingState.in_session)
    assert has_perm(people["chair"], Perm.SLIDE_CONTROL, meeting)
    assert has_perm(people["secretary"], Perm.SLIDE_CONTROL, meeting)
    assert not has_perm(people["member"], Perm.SLIDE_CONTROL, meeting)
    assert has_perm(people["member"], Perm.VOTE, meeting)
    assert not has_perm(people["observer"], Perm.VOTE, meeting)
    assert not has_perm(people["observer"], Perm.SPEAKER_REQUEST, meeting)
    assert has_perm(people["member"], Perm.ANNOTATE, meeting)
    # members mark the shared layer and may present when the chair chooses them; observers do neither
    assert has_perm(people["member"], Perm.ANNOTATE_SHARED, meeting)
    assert has_perm(people["member"], Perm.SLIDE_PRESENT, meeting)
    assert not has_perm(people["member"], Perm.PRESENTER_ASSIGN, meeting)
    assert has_perm(people["observer"], Perm.ANNOTATE, meeting)
    assert not has_perm(people["observer"], Perm.ANNOTATE_SHARED, meeting)
    assert not has_perm(people["observer"], Perm.SLIDE_PRESENT, meeting)
    assert not has_perm(people["secretariat"], Perm.VOTE, meeting)


def test_closed_meeting_cannot_be_changed_live(people):
    meeting = _meeting(people, MeetingState.closed)
    for user in people.values():
        for perm in (
            Perm.SLIDE_CONTROL,
            Perm.SLIDE_PRESENT,
            Perm.ANNOTATE_SHARED,
            Perm.VOTE,
            Perm.AGENDA_EDIT,
            Perm.DOCUMENT_UPLOAD,
        ):
            assert not has_perm(user, perm, meeting)
    assert has_perm(people["chair"], Perm.MINUTES_SIGN, meeting)
    assert has_perm(people["archivist"], Perm.DOCUMENT_VIEW, meeting)


def test_system_permissions(people):
    assert has_perm(people["admin"], Perm.USER_MANAGE)
    assert has_perm(people["secretariat"], Perm.MEETING_CREATE)
    assert has_perm(people["archivist"], Perm.ARCHIVE_SEARCH)
    assert not has_perm(people["member"], Perm.MEETING_CREATE)
    assert not has_perm(people["secretariat"], Perm.USER_MANAGE)
    assert not has_perm(None, Perm.MEETING_VIEW)


@pytest.mark.parametrize("state", STATES, ids=[s.value for s in STATES])
def test_the_agency_seal_belongs_to_the_van_thu(people, state):
    """Decree 30/2020: the văn thư (the archivist role) keeps the seal credentials and applies the seal,
    only once the meeting is closed; the secretariat preparing the meeting does neither."""
    meeting = _meeting(people, state)
    seals = {name for name, user in people.items() if has_perm(user, Perm.MINUTES_SEAL, meeting)}
    assert seals == ({"archivist"} if state == MeetingState.closed else set())
    assert {name for name, user in people.items() if has_perm(user, Perm.SEAL_MANAGE)} == {"archivist"}


def test_require_perm_hides_invisible_meetings_as_not_found(people):
    meeting = _meeting(people, MeetingState.published)
    with pytest.raises(NotFound):
        require_perm(people["outsider"], Perm.DOCUMENT_VIEW, meeting)
    with pytest.raises(PermissionDenied):
        require_perm(people["member"], Perm.AGENDA_EDIT, meeting)


def test_sql_filter_agrees_with_has_perm_everywhere(people):
    meetings = [_meeting(people, state) for state in STATES]
    meetings.append(create_meeting({people["member"]: "member"}, state=MeetingState.draft))
    ids = [m.id for m in meetings]
    for user in people.values():
        listed = set(
            db.session.scalars(sa.select(Meeting.id).where(visible_meetings_filter(user), Meeting.id.in_(ids)))
        )
        allowed = {m.id for m in meetings if has_perm(user, Perm.MEETING_VIEW, m)}
        assert listed == allowed, user.login


def test_per_permission_sql_filter_agrees_with_has_perm(people):
    meetings = [_meeting(people, state) for state in STATES]
    meetings.append(create_meeting({people["member"]: "member"}, state=MeetingState.draft))
    ids = [m.id for m in meetings]
    for perm in (
        Perm.MEETING_VIEW,
        Perm.DOCUMENT_VIEW,
        Perm.MINUTES_VIEW,
        Perm.MINUTES_EDIT,
        Perm.TASK_COMPLETE,
        Perm.VOTE,
        Perm.AGENDA_EDIT,
        Perm.MINUTES_SEAL,
    ):
        for user in people.values():
            listed = set(
                db.session.scalars(
                    sa.select(Meeting.id).where(meetings_with_perm_filter(user, perm), Meeting.id.in_(ids))
                )
            )
            allowed = {m.id for m in meetings if has_perm(user, perm, m)}
            assert listed == allowed, (perm, user.login)


def test_task_permissions(people):
    from meetings.models import Task

    meeting = _meeting(people, MeetingState.closed)
    task = Task(
        meeting=meeting,
        meeting_id=meeting.id,
        title="t",
        deadline=meeting.starts_at.date(),
        assignee_id=people["outsider"].id,
    )
    assert has_task_perm(people["outsider"], Perm.TASK_COMPLETE, task)  # the assignee
    assert not has_task_perm(people["outsider"], Perm.MINUTES_EDIT, task)
    assert has_task_perm(people["secretary"], Perm.TASK_COMPLETE, task)
    assert has_task_perm(people["secretariat"], Perm.TASK_COMPLETE, task)
    for name in ("chair", "member", "observer", "archivist", "admin"):
        assert not has_task_perm(people[name], Perm.TASK_COMPLETE, task), name
    assert {name for name, user in people.items() if has_perm(user, Perm.TASK_TRACK)} == set(people) - {"admin"}


def test_disabled_user_has_no_permissions(people):
    meeting = _meeting(people, MeetingState.published)
    people["chair"].is_active_account = False
    assert meeting_perms(people["chair"], meeting) == frozenset()


def test_every_view_is_guarded(app):
    """Each endpoint either requires login/permission or is on the short public list."""
    public = {
        "static",
        "core.favicon",
        "auth.login",
        "core.healthz",
        "api.openapi",
        "meetings.projector",
        "meetings.calendar_ics",
    }  # the secret screen link and calendar feed key are their own permission (404 without a valid one)
    client = app.test_client()
    for rule in app.url_map.iter_rules():
        if rule.endpoint in public or "GET" not in rule.methods:
            continue
        args = {name: 1 for name in rule.arguments}
        url = rule.build(args, append_unknown=False)[1] if args else rule.rule
        response = client.get(url, headers={"Accept": "text/html"})
        assert response.status_code in (302, 401), (rule.endpoint, response.status_code)


def test_only_members_name_a_substitute_and_only_before_the_meeting_ends(people):
    published = _meeting(people, MeetingState.published)
    allowed = {name for name, user in people.items() if has_perm(user, Perm.SUBSTITUTE_REQUEST, published)}
    assert allowed == {"member"}
    for state in (MeetingState.closed, MeetingState.cancelled, MeetingState.draft):
        assert not has_perm(people["member"], Perm.SUBSTITUTE_REQUEST, _meeting(people, state))


@pytest.mark.parametrize("state", STATES, ids=[s.value for s in STATES])
def test_who_sees_every_document_and_old_version(people, state):
    """DOCUMENT_VIEW_ALL (confidential documents, superseded versions): those preparing the
    meeting, in every state in which they see it."""
    meeting = _meeting(people, state)
    allowed = {name for name, user in people.items() if has_perm(user, Perm.DOCUMENT_VIEW_ALL, meeting)}
    assert allowed == {"secretary", "secretariat"}


def test_document_rule_lives_in_the_permission_module(people):
    from types import SimpleNamespace

    from app.permissions import can_view_document, require_document

    meeting = _meeting(people, MeetingState.published)
    plain = SimpleNamespace(id=1, meeting=meeting, confidential=False, observer_visible=False, recipient_ids=set())
    secret = SimpleNamespace(
        id=2, meeting=meeting, confidential=True, observer_visible=True, recipient_ids={people["member"].id}
    )
    guests = SimpleNamespace(id=3, meeting=meeting, confidential=False, observer_visible=True, recipient_ids=set())
    sees = {
        name: {d.id for d in (plain, secret, guests) if can_view_document(user, d)} for name, user in people.items()
    }
    assert sees == {
        "chair": {1, 3},
        "secretary": {1, 2, 3},
        "member": {1, 2, 3},
        "observer": {3},
        "outsider": set(),
        "secretariat": {1, 2, 3},
        "archivist": set(),
        "admin": set(),
    }
    with pytest.raises(NotFound):
        require_document(people["chair"], secret)
