"""Who spoke on which agenda item, and for how long, as the minutes say it.

Each item's lines are built from the speeches the floor recorded (meetings/services/speakers.py),
in the order people first took the floor, one line per person:

    - Đồng chí Nguyễn Thị Mai (Trưởng phòng Tài chính – Kế hoạch) phát biểu 4 phút 20 giây;
    - Đồng chí Lê Văn Phúc (Phó Chủ tịch UBND huyện) phát biểu 2 lần, tổng cộng 6 phút 10 giây.

("Đồng chí" is how the minutes of a People's Committee name its members, whatever their gender.)
The secretary may rewrite the lines — typically adding what each one said — before locking; the
rewritten text is kept beside the item's conclusion and replaces the built lines.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from meetings.models import SpeakerRequest, SpeakerState


def _half_up(value: float) -> int:
    return int(value + 0.5)


def format_duration(seconds: int) -> str:
    """A speech's length as a secretary writes it: to 5 seconds under a minute, to 10 seconds under
    ten minutes, then to the minute ("35 giây", "4 phút 20 giây", "12 phút", "1 giờ 05 phút")."""
    seconds = max(0, seconds)
    if seconds < 60:
        rounded = max(5, 5 * _half_up(seconds / 5))
        return "1 phút" if rounded == 60 else f"{rounded} giây"
    if seconds < 600:
        minutes, rest = divmod(10 * _half_up(seconds / 10), 60)
        return f"{minutes} phút {rest} giây" if rest else f"{minutes} phút"
    minutes = _half_up(seconds / 60)
    if minutes < 60:
        return f"{minutes} phút"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} giờ {minutes:02d} phút" if minutes else f"{hours} giờ"


def _line(user, durations: list[int]) -> str:
    who = f"Đồng chí {user.full_name}" + (f" ({user.position.strip()})" if (user.position or "").strip() else "")
    if len(durations) == 1:
        return f"- {who} phát biểu {format_duration(durations[0])}"
    return f"- {who} phát biểu {len(durations)} lần, tổng cộng {format_duration(sum(durations))}"


def speech_lines(meeting) -> dict[int, str]:
    """Agenda item id → its lines (items nobody spoke on are absent)."""
    speeches = db.session.scalars(
        sa.select(SpeakerRequest)
        .where(
            SpeakerRequest.meeting_id == meeting.id,
            SpeakerRequest.state == SpeakerState.done,
            SpeakerRequest.started_at.is_not(None),
            SpeakerRequest.ended_at.is_not(None),
        )
        .order_by(SpeakerRequest.started_at, SpeakerRequest.id)
    )
    by_item: dict[int, dict[int, tuple]] = {}
    for speech in speeches:
        people = by_item.setdefault(speech.agenda_item_id, {})
        people.setdefault(speech.user_id, (speech.user, []))[1].append(speech.duration_seconds)
    out = {}
    for item_id, people in by_item.items():
        lines = [_line(user, durations) for user, durations in people.values()]
        out[item_id] = "\n".join(line + (";" if n < len(lines) - 1 else ".") for n, line in enumerate(lines))
    return out
