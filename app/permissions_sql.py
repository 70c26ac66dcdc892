"""The rules of app/permissions.py as SQL conditions, for the queries that list and search: each
function matches exactly the rows its Python twin allows (tests/app/test_permissions.py and
tests/app/test_document_filter.py check the two agree for every role, state and document kind).
Nothing is decided here that is not decided there: the role and state tables are read from it."""

from __future__ import annotations

from app.permissions import (
    DRAFT_ROLES,
    MEETING_ROLE_PERMS,
    STATE_ALLOWS,
    SYSTEM_ROLE_MEETING_PERMS,
    Perm,
    _is_authenticated,
)


def _only_preparers_sql():
    import sqlalchemy as sa

    from meetings.models import Meeting

    return sa.or_(Meeting.state == "draft", sa.and_(Meeting.state == "cancelled", Meeting.published_at.is_(None)))


def visible_documents_filter(user, states=None, meeting_joined: bool = False):
    """An SQL condition on ``Document`` matching exactly the documents where
    ``can_view_document(user, document)`` is true (same order of rules, decided in the database).
    ``states``: see ``meetings_with_perm_filter`` (the documents of meetings in those states only).
    ``meeting_joined``: the enclosing query has the document's own meeting as ``Meeting``
    (``Document.meeting_id == Meeting.id``): the meeting's rules are read on that row instead of a
    subquery over every meeting (PostgreSQL hashed it over all documents: the archive search)."""
    import sqlalchemy as sa

    from documents.models import Document, DocumentRecipient
    from meetings.models import Meeting, MeetingMember

    if not _is_authenticated(user):
        return sa.false()

    def meeting_allows(perm: Perm):
        if meeting_joined:
            return meetings_with_perm_filter(user, perm, states)
        # never correlated to a Meeting of the enclosing query
        return Document.meeting_id.in_(
            sa.select(Meeting.id).where(meetings_with_perm_filter(user, perm, states)).correlate(None)
        )

    named = sa.exists().where(DocumentRecipient.document_id == Document.id, DocumentRecipient.user_id == user.id)
    observing = (
        sa.select(MeetingMember.meeting_id)
        .where(MeetingMember.user_id == user.id, MeetingMember.role == "observer")
        .correlate(None)
    )
    return sa.or_(
        meeting_allows(Perm.DOCUMENT_VIEW_ALL),
        sa.and_(
            meeting_allows(Perm.DOCUMENT_VIEW),
            sa.or_(
                sa.and_(Document.confidential.is_(True), named),
                sa.and_(
                    Document.confidential.is_(False),
                    sa.or_(Document.observer_visible.is_(True), Document.meeting_id.notin_(observing)),
                ),
            ),
        ),
    )


def visible_meetings_filter(user):
    """An SQL condition on ``Meeting`` matching exactly the meetings where ``has_perm(user, MEETING_VIEW)``."""
    import sqlalchemy as sa

    from meetings.models import Meeting, MeetingMember

    if not _is_authenticated(user):
        return sa.false()
    conditions = []
    for state_key, perms in SYSTEM_ROLE_MEETING_PERMS.get(user.system_role, {}).items():
        if Perm.MEETING_VIEW in perms:
            conditions.append(sa.true() if state_key is None else Meeting.state == state_key)
    member_roles = [r for r, perms in MEETING_ROLE_PERMS.items() if Perm.MEETING_VIEW in perms]
    membership = sa.select(MeetingMember.meeting_id).where(MeetingMember.user_id == user.id)
    conditions.append(
        sa.and_(
            Meeting.id.in_(membership.where(MeetingMember.role.in_(member_roles))),
            sa.or_(
                sa.not_(_only_preparers_sql()),
                Meeting.id.in_(membership.where(MeetingMember.role.in_(sorted(DRAFT_ROLES)))),
            ),
        )
    )
    return sa.or_(*conditions)


def meetings_with_perm_filter(user, perm: Perm | str, states=None):
    """An SQL condition on ``Meeting`` matching exactly the meetings where ``has_perm(user, perm, meeting)``.

    ``states`` (e.g. ``("closed",)``): only meetings in those states, for a query that keeps only
    them anyway (the archive). The rules of the other states are left out of the SQL, so a user
    whose system role grants ``perm`` in every one of them (an archivist: ``MEETING_VIEW`` on closed
    meetings) gets the single condition ``meetings.state IN (...)``, no per-row membership test."""
    import sqlalchemy as sa

    from meetings.models import Meeting, MeetingMember

    perm = Perm(perm)
    if not _is_authenticated(user):
        return sa.false()
    by_role = SYSTEM_ROLE_MEETING_PERMS.get(user.system_role, {})
    membership = sa.select(MeetingMember.meeting_id).where(MeetingMember.user_id == user.id)
    conditions = []
    for state, allowed in STATE_ALLOWS.items():
        if perm not in allowed or (states is not None and state not in states):
            continue
        if perm in by_role.get(None, frozenset()) | by_role.get(state, frozenset()):
            conditions.append(Meeting.state == state)
            continue
        roles = sorted(r for r, perms in MEETING_ROLE_PERMS.items() if perm in perms)
        if roles:  # any of them once the meeting was published; before that only those preparing it
            with_role = Meeting.id.in_(membership.where(MeetingMember.role.in_(roles)))
            preparing = Meeting.id.in_(membership.where(MeetingMember.role.in_([r for r in roles if r in DRAFT_ROLES])))
            conditions.append(
                sa.and_(Meeting.state == state, sa.or_(sa.and_(sa.not_(_only_preparers_sql()), with_role), preparing))
            )
    return sa.or_(*conditions) if conditions else sa.false()


def visible_opinion_ballots_filter(user):
    """An SQL condition on ``OpinionBallot`` matching exactly ``can_view_opinion_ballot(user, ballot)``."""
    import sqlalchemy as sa

    from app.permissions import has_perm
    from meetings.models import OpinionBallot, OpinionBallotRecipient

    if not _is_authenticated(user):
        return sa.false()
    if has_perm(user, Perm.OPINION_BALLOT_MANAGE):
        return sa.true()
    asked = OpinionBallot.id.in_(
        sa.select(OpinionBallotRecipient.ballot_id).where(OpinionBallotRecipient.user_id == user.id).correlate(None)
    )
    if has_perm(user, Perm.ARCHIVE_SEARCH):
        return sa.or_(asked, OpinionBallot.state == "closed")
    return asked
