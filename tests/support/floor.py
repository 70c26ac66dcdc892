"""Helpers for floor tests: a People's Committee of nine members (the chair and eight members) with a
secretary, and checking people in through the real service."""

from __future__ import annotations

from types import SimpleNamespace

from meetings.services.floor_attendance import check_in
from tests.support.factories import create_meeting, create_user


def committee(state: str = "published", members: int = 8, items: int = 2, prefix: str = "uv") -> SimpleNamespace:
    """chair + ``members`` members (the voting members), a secretary and an observer."""
    chair = create_user(full_name="Chủ tịch Nguyễn Văn Chủ")
    secretary = create_user(full_name="Thư ký Lê Hoàng Nam")
    observer = create_user(full_name="Khách mời Phan Văn Khách")
    board = [create_user(full_name=f"Ủy viên {prefix}{n}") for n in range(1, members + 1)]
    roles = {chair: "chair", secretary: "secretary", observer: "observer", **{u: "member" for u in board}}
    meeting = create_meeting(roles, state=state, items=items)
    return SimpleNamespace(
        meeting=meeting, chair=chair, secretary=secretary, observer=observer, members=board, voters=[chair, *board]
    )


def check_in_all(meeting, users, mode: str = "in_room") -> None:
    for user in users:
        check_in(user, meeting, mode)


def hold(body: SimpleNamespace, present: int | None = None) -> None:
    """Check in ``present`` voting members (all by default) and start the session."""
    from meetings.services.meetings import start_meeting

    check_in_all(body.meeting, body.voters[:present])
    start_meeting(body.secretary, body.meeting)
